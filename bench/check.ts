// bench/check: `inference-lens check` over 1,000 manifest files against merely parsing
// them with the `yaml` library. The files are the real-world corpus and the examples,
// cycled with small variations (a comment, a name, a replica count) so no two are the
// same text, written to a temporary folder under the OS temp directory and removed at
// the end. `check` runs through the CLI's own `main` (catalog loading, file reading,
// analysis and text output included; Node's start-up excluded); the baseline reads the
// same files and calls `parseAllDocuments` on each (and, for reference, the same with
// `toJS`, the plain data `YAML.parse` returns). Each measure runs in processes of its
// own, in turn, several rounds: cold (one fresh process per command, as CI runs `check`)
// and warm (after warm-up runs). Times are CPU times (wall-clock time on a loaded machine
// measures the load); medians, minimums and their ratios are printed.
//
//   npm run bench:check [-- --files 1000 --rounds 7 --warm-rounds 3 --runs 3 --warmups 5]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { main } from '../server/src/cli/main';
import { benchOptions } from './options';

// Bundled to dist/bench/check.js: the repository is two folders up.
const ROOT = join(__dirname, '..', '..');
const SOURCES = [join(ROOT, 'test', 'fixtures', 'real-world'), join(ROOT, 'examples')];
/** The target: checking costs at most this many times parsing. */
const TARGET_RATIO = 1.5;

function yamlFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) && name !== 'expectations.yaml' ? [path] : [];
    });
}

/** The i-th variation of a manifest: a comment naming it, and its first name and replica count changed. */
function variation(text: string, i: number): string {
  return `# bench copy ${i}\n${text
    .replace(/^(\s*name:\s*)([A-Za-z0-9][\w.-]*)\s*$/m, (_, key: string, name: string) => `${key}${name}-${i}`)
    .replace(/^(\s*replicas:\s*)(\d+)\s*$/m, (_, key: string) => `${key}${1 + (i % 3)}`)}`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/**
 * The process's CPU time (user + system, all its threads) spent in `run`, in ms: on a
 * machine shared with other work, wall-clock time mostly measures the others.
 */
function timed(run: () => void): number {
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

function parseOnly(paths: readonly string[]): void {
  for (const path of paths) {
    const lineCounter = new LineCounter();
    parseAllDocuments(readFileSync(path, 'utf8'), { lineCounter });
  }
}

function parseToData(paths: readonly string[]): void {
  for (const path of paths) {
    const parsed = parseAllDocuments(readFileSync(path, 'utf8'), { lineCounter: new LineCounter(), logLevel: 'error' });
    for (const document of Array.isArray(parsed) ? parsed : []) document.toJS();
  }
}

function checkAll(folder: string): { output: number; code: number } {
  let output = 0;
  const code = main(['check', folder], (text) => (output += text.length), (text) => (output += text.length));
  return { output, code };
}

/** What a measuring process times: the baseline, the baseline with plain data, or `check`. */
const MEASURES = {
  parse: { label: 'parse only (yaml parseAllDocuments)', run: (folder: string, paths: readonly string[]) => parseOnly(paths) },
  data: { label: 'parse to data (parseAllDocuments+toJS)', run: (folder: string, paths: readonly string[]) => parseToData(paths) },
  check: { label: 'check (CLI main, in-process)', run: (folder: string) => void checkAll(folder) },
} as const;
type Measure = keyof typeof MEASURES;

const values = benchOptions('check [--files 1000] [--rounds 7] [--warm-rounds 3] [--runs 3] [--warmups 5]', {
  files: { type: 'string' },
  rounds: { type: 'string' },
  'warm-rounds': { type: 'string' },
  runs: { type: 'string' },
  warmups: { type: 'string' },
  measure: { type: 'string' },
  folder: { type: 'string' },
  cold: { type: 'boolean' },
});
const runs = Number(values.runs ?? 3);
const warmups = Number(values.warmups ?? 5);

if (values.measure !== undefined && values.folder !== undefined) {
  // A measuring process: one measure, printed as JSON.
  const measure = MEASURES[values.measure as Measure];
  const folder = values.folder;
  const paths = readdirSync(folder).sort().map((name) => join(folder, name));
  if (values.cold === true) {
    // Once, in a fresh process: its whole CPU time and wall time since it started.
    measure.run(folder, paths);
    const used = process.cpuUsage();
    console.log(JSON.stringify([{ cpu: (used.user + used.system) / 1000, wall: performance.now() }]));
  } else {
    for (let i = 0; i < warmups; i++) measure.run(folder, paths);
    console.log(JSON.stringify(Array.from({ length: runs }, () => ({ cpu: timed(() => measure.run(folder, paths)) }))));
  }
} else {
  orchestrate(Number(values.files ?? 1000), Number(values.rounds ?? 7), Number(values['warm-rounds'] ?? 3));
}

/** A measured run: CPU time, and for a cold process its wall time too. */
interface Timing {
  readonly cpu: number;
  readonly wall?: number;
}

/**
 * Writes the files, then measures two ways, each measure in processes of its own, in
 * turn, several rounds (in one process the measures would share the `yaml` library's JIT
 * feedback, and each would pay for the other's way of calling it):
 * - cold: one fresh process per command, as a CI job runs `check` once: Node's start-up,
 *   loading this bundle (the same for every measure) and the JIT's work included. The
 *   target is judged on this.
 * - warm: after warm-up runs, in the same process; V8 is still optimizing check's larger
 *   code after ten runs, so this is as settled as it gets, not fully settled.
 */
function orchestrate(count: number, rounds: number, warmRounds: number): void {
  const originals = SOURCES.flatMap(yamlFiles).map((path) => readFileSync(path, 'utf8'));
  const folder = mkdtempSync(join(tmpdir(), 'inference-lens-bench-check-'));
  try {
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      const text = variation(originals[i % originals.length] ?? '', i);
      writeFileSync(join(folder, `manifest-${String(i).padStart(4, '0')}.yaml`), text);
      bytes += text.length;
    }
    const first = checkAll(folder);
    console.log(`${count} files (${(bytes / 1024).toFixed(0)} KiB) cycled from ${originals.length} corpus and example manifests; check exit code ${first.code}, ${first.output} characters of output`);
    const measureAll = (n: number, args: readonly string[]): Record<Measure, Timing[]> => {
      const times: Record<Measure, Timing[]> = { parse: [], data: [], check: [] };
      for (let round = 0; round < n; round++) {
        for (const measure of Object.keys(MEASURES) as Measure[]) {
          const child = spawnSync(process.execPath, [__filename, '--measure', measure, '--folder', folder, ...args], { encoding: 'utf8' });
          if (child.status !== 0) throw new Error(`measuring ${measure} failed: ${child.stderr}`);
          times[measure].push(...(JSON.parse(child.stdout) as Timing[]));
        }
      }
      return times;
    };
    const cold = measureAll(rounds, ['--cold']);
    report(`cold: ${rounds} rounds of one fresh process per command (start-up, bundle loading and JIT included)`, cold, true);
    const warm = measureAll(warmRounds, ['--runs', String(runs), '--warmups', String(warmups)]);
    report(`warm: ${warmRounds} rounds of one process per measure, each ${warmups} warm-up and ${runs} timed runs`, warm, false);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function report(title: string, times: Record<Measure, Timing[]>, judged: boolean): void {
  const cpu = (measure: Measure): number[] => times[measure].map((t) => t.cpu);
  const wall = (measure: Measure): number[] => times[measure].flatMap((t) => (t.wall === undefined ? [] : [t.wall]));
  console.log(title);
  for (const measure of Object.keys(MEASURES) as Measure[]) {
    const walls = wall(measure);
    const wallText = walls.length > 0 ? `, ${median(walls).toFixed(0)} ms wall` : '';
    console.log(`  ${MEASURES[measure].label.padEnd(38)} median ${median(cpu(measure)).toFixed(0).padStart(5)} ms CPU${wallText}, min ${Math.min(...cpu(measure)).toFixed(0).padStart(5)} ms CPU (${cpu(measure).length} runs)`);
  }
  const ratio = median(cpu('check')) / median(cpu('parse'));
  const target = judged ? ` (target ≤ ${TARGET_RATIO}×: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'})` : '';
  const walls = judged ? `, ${(median(wall('check')) / median(wall('parse'))).toFixed(2)}× of wall medians` : '';
  console.log(`  check / parse: ${ratio.toFixed(2)}× of CPU medians${target}, ${(Math.min(...cpu('check')) / Math.min(...cpu('parse'))).toFixed(2)}× of minimums${walls}; check / parse to data: ${(median(cpu('check')) / median(cpu('data'))).toFixed(2)}×`);
}
