// How long one estimate takes on every seed system (test/fixtures/seed: one manifest per
// system class of issue 14), for the ≤ 2 ms target: the estimator alone (`estimate()` on
// the resolved input, goodput search and explanations included) and the whole analysis a
// keystroke triggers (parse, resolve, estimate, rules) with no cache.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Catalog } from '../server/src/core/catalog/catalog';
import { analyze } from '../server/src/core/engine/analyze';
import { estimate } from '../server/src/core/estimator/estimate';

const WARM_UP = 20;
const RUNS = 200;

export interface Timing {
  readonly manifests: number;
  readonly calls: number;
  readonly estimate: { readonly medianMs: number; readonly p95Ms: number };
  readonly analysis: { readonly medianMs: number; readonly p95Ms: number };
}

export function timeSeeds(directory: string, catalog: Catalog): Timing {
  const texts = readdirSync(directory).filter((f) => f.endsWith('.yaml')).sort().map((f) => readFileSync(join(directory, f), 'utf8'));
  const inputs = texts.flatMap((text) => {
    const input = analyze(text, catalog).deployments[0]?.resolution.estimateInput;
    return input ? [input] : [];
  });
  const estimateMs: number[] = [];
  const analysisMs: number[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    for (const input of inputs) {
      const started = performance.now();
      estimate(input);
      if (run >= WARM_UP) estimateMs.push(performance.now() - started);
    }
    for (const text of texts) {
      const started = performance.now();
      analyze(text, catalog);
      if (run >= WARM_UP) analysisMs.push(performance.now() - started);
    }
  }
  return { manifests: texts.length, calls: RUNS, estimate: percentiles(estimateMs), analysis: percentiles(analysisMs) };
}

function percentiles(values: number[]): { medianMs: number; p95Ms: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { medianMs: at(0.5), p95Ms: at(0.95) };
}

/** The bench line: median and p95 per call, against the target. */
export function timingLine(t: Timing): string {
  const ms = (x: number): string => `${x.toFixed(3)} ms`;
  return (
    `Estimate time per call over the ${t.manifests} seed manifests (${t.calls} calls each): estimate() median ${ms(t.estimate.medianMs)}, p95 ${ms(t.estimate.p95Ms)}; ` +
    `whole analysis (parse, resolve, estimate, rules) median ${ms(t.analysis.medianMs)}, p95 ${ms(t.analysis.p95Ms)} — target ≤ 2 ms`
  );
}
