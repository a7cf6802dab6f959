import type { Catalog } from '../server/src/core/catalog/catalog';
import { analyze } from '../server/src/core/engine/analyze';
import type { Estimate } from '../server/src/core/estimator/estimate';

/** One measured result, as the shared calibration file spells its columns. */
export interface CalibrationRow {
  readonly model: string;
  readonly precision: string;
  readonly kv_precision: string;
  readonly accelerator: string;
  readonly accelerators: string;
  readonly tensor: string;
  readonly pipeline: string;
  readonly replicas: string;
  readonly input_tokens: string;
  readonly output_tokens: string;
  readonly concurrency: string;
  readonly metric: string;
  readonly measured: string;
  readonly source: string;
}

export interface RowResult {
  readonly row: CalibrationRow;
  readonly family: string;
  readonly estimate: number | null;
  readonly ratio: number | null;
  readonly reason: string;
}

const METRICS: Readonly<Record<string, (e: Estimate) => number | null>> = {
  output_tokens_per_second: (e) => e.outputTokensPerSecond,
  per_user_tokens_per_second: (e) => e.perUserTokensPerSecond,
  ttft_ms: (e) => e.ttftMs,
  tpot_ms: (e) => e.tpotMs,
};

/** The manifest a row describes: the same text a user would write, so the bench takes the CLI's path. */
export function rowManifest(row: CalibrationRow): string {
  return [
    'apiVersion: inference-lens/v1',
    'kind: InferenceDeployment',
    'metadata: { name: calibration }',
    'spec:',
    `  model: { id: ${row.model}, precision: ${row.precision}, kvCachePrecision: ${row.kv_precision} }`,
    `  hardware: { accelerator: ${row.accelerator}, count: ${row.accelerators} }`,
    `  parallelism: { tensor: ${row.tensor}, pipeline: ${row.pipeline} }`,
    `  replicas: ${row.replicas || 1}`,
    `  workload: { inputTokens: ${row.input_tokens}, outputTokens: ${row.output_tokens}, concurrency: ${row.concurrency} }`,
    '',
  ].join('\n');
}

export function runCalibration(rows: readonly CalibrationRow[], catalog: Catalog): RowResult[] {
  return rows.map((row) => {
    const analysis = analyze(rowManifest(row), catalog);
    const deployment = analysis.deployments[0];
    const family = catalog.chip(row.accelerator)?.family ?? 'unknown';
    const pick = METRICS[row.metric];
    const measured = Number(row.measured);
    if (!deployment?.estimate || !pick) {
      const why = analysis.findings.find((f) => f.severity === 'error')?.message ?? (pick ? 'no estimate' : `unknown metric ${row.metric}`);
      return { row, family, estimate: null, ratio: null, reason: why };
    }
    const value = pick(deployment.estimate);
    const reason = value === null ? deployment.estimate.unavailable.map((u) => u.reason).join('; ') || 'no estimate' : '';
    return { row, family, estimate: value, ratio: value === null ? null : value / measured, reason };
  });
}

export interface Summary {
  readonly group: string;
  readonly rows: number;
  readonly estimated: number;
  /** Median absolute percentage error over estimated rows. */
  readonly mdape: number | null;
  /** The ratio furthest from 1 (as max(r, 1/r)), reported as the ratio itself. */
  readonly worst: number | null;
}

const THROUGHPUT = new Set(['output_tokens_per_second', 'per_user_tokens_per_second']);

export function summarize(results: readonly RowResult[]): Summary[] {
  const groups = new Map<string, RowResult[]>();
  const add = (key: string, r: RowResult): void => void groups.set(key, [...(groups.get(key) ?? []), r]);
  for (const r of results) {
    add('all', r);
    add(THROUGHPUT.has(r.row.metric) ? 'throughput rows' : 'latency rows', r);
    add(`metric ${r.row.metric}`, r);
    add(`family ${r.family}`, r);
  }
  return [...groups.entries()].map(([group, rs]) => {
    const ratios = rs.map((r) => r.ratio).filter((x): x is number => x !== null);
    const errors = ratios.map((x) => Math.abs(x - 1)).sort((a, b) => a - b);
    const worst = ratios.reduce<number | null>((w, x) => (w === null || Math.max(x, 1 / x) > Math.max(w, 1 / w) ? x : w), null);
    return { group, rows: rs.length, estimated: ratios.length, mdape: median(errors), worst };
  });
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
