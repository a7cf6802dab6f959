// The real-world corpus: public manifests kept byte for byte in test/fixtures/real-world/,
// each read by the same entry point the CLI uses and compared, field by field, with what a
// careful engineer reads in it (expectations.yaml, written before running the tool).
//
// The readers are still being fixed, so the comparison is a ratchet: known-misreads.json
// lists, per file, the fields the product gets wrong today. A misread not in the list fails,
// and so does a listed misread that is now read right (the list only shrinks). Regenerate
// the list with `node scripts/corpus-misreads.mjs` after a reader improves.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { analyze, type Analysis, type AnalyzedDeployment } from '../../server/src/core/engine/analyze';
import type { Finding } from '../../server/src/core/findings';
import { REPO_ROOT } from '../helpers/fixtures';

const catalog = loadCatalog(BUNDLED_CATALOG).catalog;
const CORPUS = join(REPO_ROOT, 'test', 'fixtures', 'real-world');
const EXPECTATIONS = join(CORPUS, 'expectations.yaml');
const KNOWN_MISREADS = join(CORPUS, 'known-misreads.json');
/** Set by scripts/corpus-misreads.mjs: write today's misreads instead of checking them. */
const WRITE = process.env['CORPUS_WRITE_MISREADS'] === '1';

/** `unknown`: the file leaves the value open, so it is not compared. */
type Open<T> = T | 'unknown';

interface ExpectedDeployment {
  readonly name: string;
  readonly format: string;
  readonly role?: string;
  readonly model?: Open<string>;
  readonly accelerator?: Open<string>;
  readonly count?: Open<number>;
  readonly tensor?: Open<number>;
  readonly pipeline?: Open<number>;
  /** Data-parallel engines per replica; not compared when absent. */
  readonly dataParallel?: Open<number>;
  readonly replicas?: Open<number>;
  readonly instance?: Open<string>;
  readonly precision?: string;
  readonly errors: readonly string[];
  readonly note?: string;
}

interface ExpectedFile {
  readonly deployments: readonly ExpectedDeployment[];
  /** Error codes outside any deployment (a manifest that does not parse); none when absent. */
  readonly errors?: readonly string[];
  /** Info and warning codes outside any deployment (a Helm template's note), when the file must get some. */
  readonly notes?: readonly string[];
  readonly note?: string;
}

/** One field the product reads differently from the expectation, with both values for the report. */
interface Misread {
  readonly key: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

const expectations = (parse(readFileSync(EXPECTATIONS, 'utf8')) as { files: Record<string, ExpectedFile> }).files;
const known = JSON.parse(readFileSync(KNOWN_MISREADS, 'utf8')) as Record<string, string[]>;
const files = readdirSync(CORPUS)
  .filter((name) => /\.ya?ml$/.test(name) && name !== 'expectations.yaml')
  .sort();

const isOpen = (value: unknown): boolean => value === undefined || value === 'unknown';

/** A model as written matches when it is the catalog id, or the same repository id (case and `hf://` aside). */
function sameModel(expected: string, deployment: AnalyzedDeployment): boolean {
  if (deployment.resolution.model?.id === expected) return true;
  const written = deployment.spec.model?.value;
  if (written === undefined) return false;
  const normal = (name: string): string => name.trim().toLowerCase().replace(/^hf:\/\//, '').replace(/\/+$/, '');
  const [want, have] = [normal(expected), normal(written)];
  return have === want || have.endsWith(`/${want}`);
}

/** Instances compare by catalog entry, so an alias or a TPU slice spelling names the same one. */
function sameInstance(expected: string, deployment: AnalyzedDeployment): boolean {
  const want = catalog.instance(expected)?.id ?? expected;
  return deployment.resolution.instance?.id === want;
}

const errorCodes = (deployment: AnalyzedDeployment): string[] =>
  [...new Set(deployment.findings.filter((f) => f.severity === 'error').map((f) => f.code))].sort();

/** Every field of one deployment the product reads differently from the expectation. */
function compareDeployment(expected: ExpectedDeployment, actual: AnalyzedDeployment, key: string): Misread[] {
  const misreads: Misread[] = [];
  const check = (field: string, want: unknown, matches: boolean, have: unknown): void => {
    if (!isOpen(want) && !matches) misreads.push({ key: `${key}.${field}`, expected: want, actual: have });
  };
  const r = actual.resolution;
  const model = expected.model;
  check('model', model, typeof model === 'string' && sameModel(model, actual), r.model?.id ?? actual.spec.model?.value);
  check('accelerator', expected.accelerator, r.chip?.id === expected.accelerator, r.chip?.id);
  check('count', expected.count, (r.acceleratorsPerReplica ?? 0) === expected.count, r.acceleratorsPerReplica);
  check('tensor', expected.tensor, r.tensor === expected.tensor, r.tensor);
  check('pipeline', expected.pipeline, r.pipeline === expected.pipeline, r.pipeline);
  check('dataParallel', expected.dataParallel, r.dataParallel === expected.dataParallel, r.dataParallel);
  check('replicas', expected.replicas, r.replicas === expected.replicas, r.replicas);
  const instance = expected.instance;
  check('instance', instance, typeof instance === 'string' && sameInstance(instance, actual), r.instance?.id);
  check('precision', expected.precision, r.precision === expected.precision, r.precision);
  const errors = errorCodes(actual);
  const wanted = [...expected.errors].sort();
  check('errors', wanted, JSON.stringify(errors) === JSON.stringify(wanted), errors);
  return misreads;
}

/**
 * Pairs each expected deployment with the product's: by name first, then the first one
 * left in document order (formats name pools differently), and compares them.
 */
function misreadsOf(expected: ExpectedFile, analysis: Analysis): Misread[] {
  const left = [...analysis.deployments];
  const misreads: Misread[] = [];
  expected.deployments.forEach((want, index) => {
    const key = want.name === 'unknown' ? `#${index}` : want.name;
    const byName = left.findIndex((d) => d.spec.name === want.name);
    const at = byName >= 0 ? byName : left.length > 0 ? 0 : -1;
    const actual = at >= 0 ? left.splice(at, 1)[0] : undefined;
    if (!actual) misreads.push({ key: `${key}.recognized`, expected: true, actual: false });
    else misreads.push(...compareDeployment(want, actual, key));
  });
  if (left.length > 0) misreads.push({ key: 'deployments.extra', expected: 0, actual: left.map((d) => d.spec.name) });
  // Errors outside any deployment: a broken manifest must get one, any other file none.
  // (Findings are compared by code and span: a document's results are copied when placed in the file.)
  const where = (f: Finding): string => `${f.code}@${f.span.start}-${f.span.end}`;
  const inDeployments = new Set(analysis.deployments.flatMap((d) => d.findings.map(where)));
  const stray = [...new Set(analysis.findings.filter((f) => f.severity === 'error' && !inDeployments.has(where(f))).map((f) => f.code))].sort();
  const wanted = [...(expected.errors ?? [])].sort();
  if (JSON.stringify(stray) !== JSON.stringify(wanted)) misreads.push({ key: 'file.errors', expected: wanted, actual: stray });
  if (expected.notes) {
    const notes = [...new Set(analysis.findings.filter((f) => f.severity !== 'error' && !inDeployments.has(where(f))).map((f) => f.code))].sort();
    const wantedNotes = [...expected.notes].sort();
    if (JSON.stringify(notes) !== JSON.stringify(wantedNotes)) misreads.push({ key: 'file.notes', expected: wantedNotes, actual: notes });
  }
  return misreads;
}

const results = files.map((file) => {
  const expected = expectations[file];
  const analysis = analyze(readFileSync(join(CORPUS, file), 'utf8'), catalog);
  return { file, expected, analysis, misreads: expected ? misreadsOf(expected, analysis) : [] };
});

describe('real-world corpus', () => {
  it('has an expectation for every file, and a file for every expectation', () => {
    assert.deepEqual(
      files.filter((file) => !expectations[file]),
      [],
      'files without an expectation',
    );
    assert.deepEqual(
      Object.keys(expectations).filter((file) => !files.includes(file)),
      [],
      'expectations without a file',
    );
    assert.ok(files.length >= 80, `${files.length} files`);
  });

  it('crashes on no file: no internal-error finding', () => {
    const crashed = results.filter((r) => r.analysis.findings.some((f) => f.code === 'internal-error')).map((r) => r.file);
    assert.deepEqual(crashed, []);
  });

  it('stays silent on unrelated files: no deployment and no finding', () => {
    const unrelated = results.filter((r) => r.expected?.deployments.length === 0 && (r.expected.errors ?? []).length === 0 && !r.expected.notes);
    assert.ok(unrelated.length >= 8, `${unrelated.length} unrelated files`);
    for (const { file, analysis } of unrelated) {
      assert.deepEqual([analysis.deployments.map((d) => d.spec.name), analysis.findings.map((f) => f.code)], [[], []], file);
    }
  });

  it('reads every file as expected, except the misreads known today (which may only shrink)', () => {
    const today = Object.fromEntries(results.filter((r) => r.misreads.length > 0).map((r) => [r.file, r.misreads.map((m) => m.key)]));
    const asExpected = results.filter((r) => r.misreads.length === 0).length;
    console.log(`corpus: ${asExpected} of ${results.length} files read as expected`);
    if (WRITE) {
      writeFileSync(KNOWN_MISREADS, `${JSON.stringify(today, null, 2)}\n`);
      for (const { file, misreads } of results) {
        for (const m of misreads) console.log(`${file}\t${m.key}\texpected ${JSON.stringify(m.expected)}\tread ${JSON.stringify(m.actual)}`);
      }
      return;
    }
    for (const { file, misreads } of results) {
      const listed = known[file] ?? [];
      const keys = misreads.map((m) => m.key);
      const fresh = misreads.filter((m) => !listed.includes(m.key));
      const fixed = listed.filter((key) => !keys.includes(key));
      assert.deepEqual(
        fresh.map((m) => `${m.key}: expected ${JSON.stringify(m.expected)}, read ${JSON.stringify(m.actual)}`),
        [],
        `${file}: misread, and not in known-misreads.json`,
      );
      assert.deepEqual(fixed, [], `${file}: now read right; remove these from known-misreads.json (node scripts/corpus-misreads.mjs)`);
    }
    assert.deepEqual(
      Object.keys(known).filter((file) => !files.includes(file)),
      [],
      'known-misreads.json names files that are not in the corpus',
    );
  });
});
