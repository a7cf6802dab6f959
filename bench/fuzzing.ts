// Property-based fuzzing of the engine: generated and mutated manifests through
// parsing, recognizers, rules, estimator and the editor views, checking invariants
// that must hold for any input. Shared by test/unit/fuzz.test.ts (a short run) and
// bench/fuzz.ts (the long run).
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../server/src/core/catalog/catalog';
import { analyze, AnalysisCache, type Analysis } from '../server/src/core/engine/analyze';
import type { Estimate } from '../server/src/core/estimator/types';
import { fixOptions } from '../server/src/core/findings';
import { completionsAt } from '../server/src/core/present/completion';
import { deploymentHints, deploymentLenses, estimateDetails } from '../server/src/core/present/estimates';
import { hoverAt } from '../server/src/core/present/hover';
import type { Span } from '../server/src/core/span';

const NUMBERS = ['0', '-1', '1e309', '-1e309', '.nan', '.inf', '1.5', '99999999999999999999', '0x10', '1_000', '8', '"8"', '~', 'null', 'true'];
const VALUES = ['p5.48xlarge', 'H100', 'tpu-v6e-slice', 'llama-3.1-70b', 'meta-llama/Llama-3.1-8B-Instruct', 'fp8', 'max', 'us-east-1', '!Ref X', '&a [1]', '*a', '{}', '[]', "''", '|\n  text', '"\\u0000"'];

/** An InferenceDeployment with every field drawn from plausible and absurd values. */
const manifest = fc
  .record({
    model: fc.constantFrom('llama-3.1-70b', 'qwen3-235b-a22b', 'deepseek-r1', 'gemma-3-27b', 'gpt-oss-120b', 'no-such-model', ''),
    precision: fc.constantFrom('bf16', 'fp8', 'fp4', 'int4', 'fp9', '8'),
    hardware: fc.constantFrom('instance: p5.48xlarge', 'instance: v6e-8', 'instance: inf2.48xlarge', 'accelerator: wse-3', 'accelerator: mi300x\n    count: 8', 'instance: nope'),
    region: fc.constantFrom('us-east-1', 'europe-west4', 'mars-1', ''),
    tensor: fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: -4, max: 64 }).map(String)),
    pipeline: fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: 0, max: 8 }).map(String)),
    replicas: fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: 0, max: 1000 }).map(String)),
    input: fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: 1, max: 2_000_000 }).map(String)),
    output: fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: 1, max: 100_000 }).map(String)),
    concurrency: fc.oneof(fc.constantFrom('max', ...NUMBERS), fc.integer({ min: 1, max: 100_000 }).map(String)),
    rps: fc.oneof(fc.constantFrom(...NUMBERS), fc.double({ min: 0, max: 1e6, noNaN: true }).map(String)),
  })
  .map(
    (f) => `apiVersion: inference-lens/v1
kind: InferenceDeployment
metadata: { name: fuzz }
spec:
  model: { id: ${f.model}, precision: ${f.precision} }
  hardware:
    ${f.hardware}
    region: ${f.region}
  parallelism: { tensor: ${f.tensor}, pipeline: ${f.pipeline} }
  replicas: ${f.replicas}
  workload: { inputTokens: ${f.input}, outputTokens: ${f.output}, concurrency: ${f.concurrency}, requestsPerSecond: ${f.rps} }
  slo: { ttftMs: 100, tpotMs: 10 }
`,
  );

/** Structural torture: deep nesting, alias chains, custom tags, many documents, junk. */
const torture = fc.oneof(
  fc.integer({ min: 1, max: 3000 }).map((n) => `kind: InferenceDeployment\nspec: ${'['.repeat(n)}${']'.repeat(n)}\n`),
  fc.integer({ min: 1, max: 300 }).map((n) => `kind: InferenceDeployment\nspec:\n${Array.from({ length: n }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} x\n`),
  fc.integer({ min: 2, max: 12 }).map((n) => {
    const lines = ['apiVersion: inference-lens/v1', 'kind: InferenceDeployment', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < n; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    return `${lines.join('\n')}\n`;
  }),
  fc.integer({ min: 1, max: 400 }).map((n) => Array.from({ length: n }, (_, i) => `apiVersion: inference-lens/v1\nkind: InferenceDeployment\nmetadata: { name: d${i} }\nspec: { model: { id: llama-3.1-8b }, hardware: { instance: g6e.xlarge } }\n`).join('---\n')),
  fc.constantFrom('!Ref', '!!binary', '!custom', '!!map', '!!python/object') .map((tag) => `kind: InferenceDeployment\napiVersion: inference-lens/v1\nspec: ${tag} { model: { id: x } }\n`),
  fc.string({ unit: 'binary', maxLength: 400 }).map((junk) => `kind: InferenceDeployment\n${junk}`),
  fc.string({ unit: 'grapheme', maxLength: 400 }),
);

type Mutation = (text: string) => string;

/** Edits a person (or a bad merge) makes: deletions, insertions, absurd numbers, line endings, BOM, tabs. */
function mutations(): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.tuple(fc.nat(), fc.nat({ max: 80 })).map(([at, length]) => (t: string) => t.slice(0, at % (t.length + 1)) + t.slice((at % (t.length + 1)) + length)),
    fc.tuple(fc.nat(), fc.string({ unit: 'grapheme', maxLength: 20 })).map(([at, s]) => (t: string) => t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1))),
    fc.tuple(fc.nat(), fc.constantFrom(...VALUES, ...NUMBERS)).map(([n, value]) => (t: string) => {
      const matches = [...t.matchAll(/: ([^\n{}[\],]+)/g)];
      const m = matches[n % Math.max(1, matches.length)];
      return m?.index === undefined ? t : t.slice(0, m.index + 2) + value + t.slice(m.index + m[0].length);
    }),
    fc.constant((t: string) => t.replace(/\n/g, '\r\n')),
    fc.constant((t: string) => `\uFEFF${t}`),
    fc.constant((t: string) => t.replace(/^ {2}/gm, '\t')),
    fc.constant((t: string) => `${t}---\n${t}`),
    fc.nat().map((n) => (t: string) => t.slice(0, n % (t.length + 1))),
  );
}

export function arbitraries(seeds: readonly string[]): fc.Arbitrary<string> {
  const mutated = fc.tuple(fc.constantFrom(...seeds), fc.array(mutations(), { minLength: 1, maxLength: 4 })).map(([seed, ms]) => ms.reduce((t, m) => m(t), seed));
  return fc.oneof({ arbitrary: mutated, weight: 5 }, { arbitrary: manifest, weight: 3 }, { arbitrary: torture, weight: 1 });
}

function checkSpan(span: Span, length: number, what: string): void {
  if (!(Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= length)) {
    throw new Error(`${what} span ${JSON.stringify(span)} is outside the document (length ${length})`);
  }
}

const FIGURES = ['ttftMs', 'tpotMs', 'perUserTokensPerSecond', 'outputTokensPerSecond', 'costPerHour', 'costPerMillionOutputTokens', 'energyKWhPerMillionOutputTokens'] as const;

function checkEstimate(estimate: Estimate): void {
  for (const figure of FIGURES) {
    const value = estimate[figure];
    if (value !== null && !Number.isFinite(value)) throw new Error(`${figure} is ${value}`);
  }
  if ((estimate.ttftMs === null || estimate.costPerHour === null) && estimate.unavailable.length === 0 && estimate.memory?.fits !== false) {
    throw new Error('a figure is null with no reason given');
  }
  if (estimate.memory && !(Number.isFinite(estimate.memory.requiredGB) && Number.isFinite(estimate.memory.availableGB))) throw new Error('memory figures are not finite');
}

/**
 * The invariants: no throw; every span inside the document; every estimate finite
 * or null with a reason; the same result twice, and with or without the cache;
 * the editor views answer at any offset.
 */
export function checkInvariants(text: string, catalog: Catalog, cache: AnalysisCache): void {
  const analysis: Analysis = analyze(text, catalog);
  const length = text.length;
  for (const f of analysis.findings) {
    checkSpan(f.span, length, `finding ${f.code}`);
    for (const r of f.related ?? []) checkSpan(r.span, length, `related of ${f.code}`);
    for (const option of f.fix ? fixOptions(f.fix) : []) for (const edit of option.edits) checkSpan(edit, length, `fix of ${f.code}`);
    if (!f.message) throw new Error(`finding ${f.code} has no message`);
  }
  for (const d of analysis.deployments) {
    checkSpan(d.spec.span, length, 'deployment');
    checkSpan(d.spec.anchor, length, 'anchor');
    for (const value of Object.values(d.spec)) {
      if (typeof value === 'object' && value !== null && 'span' in value) checkSpan((value as { span: Span }).span, length, 'field');
    }
    if (d.estimate) checkEstimate(d.estimate);
    deploymentLenses(d);
    for (const hint of deploymentHints(d)) if (hint.offset < 0 || hint.offset > length) throw new Error('hint outside the document');
    estimateDetails(d, catalog);
  }
  if (JSON.stringify(analyze(text, catalog)) !== JSON.stringify(analysis)) throw new Error('not deterministic');
  if (JSON.stringify(analyze(text, catalog, {}, cache)) !== JSON.stringify(analysis)) throw new Error('the cached analysis differs from a fresh one');
  for (const offset of [0, Math.floor(length / 3), Math.floor(length / 2), length]) {
    hoverAt(analysis, catalog, offset);
    completionsAt(analysis, catalog, offset);
  }
}

export interface FuzzReport {
  readonly cases: number;
  readonly failures: number;
  readonly counterexample?: string;
  readonly error?: string;
}

export function fuzz(seeds: readonly string[], catalog: Catalog, options: { seed: number; count: number }): FuzzReport {
  const cache = new AnalysisCache();
  let cases = 0;
  const result = fc.check(
    fc.property(arbitraries(seeds), (text) => {
      cases++;
      checkInvariants(text, catalog, cache);
    }),
    { seed: options.seed, numRuns: options.count },
  );
  if (!result.failed) return { cases, failures: 0 };
  return { cases, failures: 1, counterexample: JSON.stringify(result.counterexample?.[0]).slice(0, 2000), error: String(result.errorInstance).slice(0, 2000) };
}

/** Every YAML file under a folder, as seeds to mutate. */
export function exampleTexts(root: string): string[] {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry)) texts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return texts;
}
