// bench/check: `inference-lens check` over 1,000 manifest files against merely parsing
// them with the `yaml` library. The files are the real-world corpus and the examples,
// cycled with small variations (a comment, a name, a replica count) so no two are the
// same text, written to a temporary folder under the OS temp directory and removed at
// the end. `check` runs in this process through the CLI's own `main` (catalog loading,
// file reading, analysis and text output included; Node's start-up excluded); the
// baseline reads the same files and calls `parseAllDocuments` on each (and, for
// reference, the same with `toJS`, the plain data `YAML.parse` returns). Each is run
// once to warm up, then timed several times, interleaved, in CPU time of this process
// (wall-clock time on a loaded machine measures the load); the medians and minimums and
// their ratios are printed.
//
//   npm run bench:check [-- --files 1000 --runs 7]
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LineCounter, parseAllDocuments } from 'yaml';
import { main } from '../server/src/cli/main';

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
  collectGarbage();
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

/**
 * A full collection before each timed run, so that each pays for its own garbage and
 * not for what the run before it left (the runs are interleaved). Needs `--expose-gc`.
 */
const collectGarbage: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

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

const { values } = parseArgs({ options: { files: { type: 'string' }, runs: { type: 'string' } } });
const count = Number(values.files ?? 1000);
const runs = Number(values.runs ?? 7);

const originals = SOURCES.flatMap(yamlFiles).map((path) => readFileSync(path, 'utf8'));
const folder = mkdtempSync(join(tmpdir(), 'inference-lens-bench-check-'));
try {
  const paths: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const text = variation(originals[i % originals.length] ?? '', i);
    const path = join(folder, `manifest-${String(i).padStart(4, '0')}.yaml`);
    writeFileSync(path, text);
    paths.push(path);
    bytes += text.length;
  }
  // Warm-up: the first run compiles the code paths and fills the OS file cache.
  const first = checkAll(folder);
  parseOnly(paths);
  const checkMs: number[] = [];
  const parseMs: number[] = [];
  const dataMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    parseMs.push(timed(() => parseOnly(paths)));
    checkMs.push(timed(() => checkAll(folder)));
    dataMs.push(timed(() => parseToData(paths)));
  }
  const row = (name: string, times: readonly number[]): string => `${name.padEnd(38)} median ${median(times).toFixed(0).padStart(5)} ms, min ${Math.min(...times).toFixed(0).padStart(5)} ms CPU (${runs} runs)`;
  const ratio = median(checkMs) / median(parseMs);
  const ratioMin = Math.min(...checkMs) / Math.min(...parseMs);
  console.log(`${count} files (${(bytes / 1024).toFixed(0)} KiB) cycled from ${originals.length} corpus and example manifests; check exit code ${first.code}, ${first.output} characters of output`);
  console.log(row('parse only (yaml parseAllDocuments)', parseMs));
  console.log(row('parse to data (parseAllDocuments+toJS)', dataMs));
  console.log(row('check (CLI main, in-process)', checkMs));
  console.log(`check / parse: ${ratio.toFixed(2)}× of medians, ${ratioMin.toFixed(2)}× of minimums (target ≤ ${TARGET_RATIO}×: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}); check / parse to data: ${(median(checkMs) / median(dataMs)).toFixed(2)}×`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
