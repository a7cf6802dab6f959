import type { Catalog } from '../server/src/core/catalog/catalog';
import type { Assumptions } from '../server/src/core/estimator/assumptions';
import { analyze } from '../server/src/core/engine/analyze';
import type { Estimate } from '../server/src/core/estimator/types';

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
  /** Which calibration file the row came from. */
  readonly file: string;
  readonly family: string;
  readonly estimate: number | null;
  /** Whether the measurement lies inside the estimate's range. */
  readonly inRange: boolean | null;
  readonly ratio: number | null;
  readonly reason: string;
}

const METRICS = {
  output_tokens_per_second: 'outputTokensPerSecond',
  per_user_tokens_per_second: 'perUserTokensPerSecond',
  ttft_ms: 'ttftMs',
  tpot_ms: 'tpotMs',
} as const satisfies Record<string, keyof Estimate['ranges'] & keyof Estimate>;

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

export function runCalibration(rows: readonly (CalibrationRow & { readonly file?: string })[], catalog: Catalog, assumptions?: Assumptions): RowResult[] {
  return rows.map((row) => {
    const analysis = analyze(rowManifest(row), catalog, assumptions ? { assumptions } : {});
    const deployment = analysis.deployments[0];
    const family = catalog.chip(row.accelerator)?.family ?? 'unknown';
    const file = row.file ?? '';
    const figure = METRICS[row.metric as keyof typeof METRICS] as (typeof METRICS)[keyof typeof METRICS] | undefined;
    const measured = Number(row.measured);
    if (!deployment?.estimate || !figure) {
      const why = analysis.findings.find((f) => f.severity === 'error')?.message ?? (figure ? 'no estimate' : `unknown metric ${row.metric}`);
      return { row, file, family, estimate: null, inRange: null, ratio: null, reason: why };
    }
    const value = deployment.estimate[figure];
    const range = deployment.estimate.ranges[figure];
    const reason = value === null ? deployment.estimate.unavailable.map((u) => u.reason).join('; ') || 'no estimate' : '';
    const inRange = range ? measured >= range.low && measured <= range.high : null;
    return { row, file, family, estimate: value, inRange, ratio: value === null ? null : value / measured, reason };
  });
}

export interface Summary {
  readonly group: string;
  readonly rows: number;
  readonly estimated: number;
  /** Share of estimated rows whose measurement lies inside the estimate's range. */
  readonly inRange: number | null;
  /** Median absolute percentage error over estimated rows. */
  readonly mdape: number | null;
  /** The ratio furthest from 1 (as max(r, 1/r)), reported as the ratio itself. */
  readonly worst: number | null;
}

const THROUGHPUT = new Set(['output_tokens_per_second', 'per_user_tokens_per_second']);

export function summarize(results: readonly RowResult[]): Summary[] {
  const groups = new Map<string, RowResult[]>();
  const add = (key: string, r: RowResult): void => void groups.set(key, [...(groups.get(key) ?? []), r]);
  const files = new Set(results.map((r) => r.file));
  for (const r of results) {
    add(`${r.file}: all`, r);
    add(`${r.file}: ${THROUGHPUT.has(r.row.metric) ? 'throughput' : 'latency'} rows`, r);
    add(`${r.file}: metric ${r.row.metric}`, r);
    add(`${r.file}: family ${r.family}`, r);
    if (files.size > 1) {
      add('all files: all', r);
      add(`all files: family ${r.family}`, r);
    }
  }
  const fileRank = [...files, 'all files'];
  const order = (group: string): string => {
    const [file = '', kind = ''] = group.split(': ');
    const rank = kind === 'all' ? 0 : kind.endsWith('rows') ? 1 : kind.startsWith('metric') ? 2 : 3;
    return `${String(fileRank.indexOf(file)).padStart(3, '0')}|${rank}|${kind}`;
  };
  return [...groups.entries()].sort((a, b) => order(a[0]).localeCompare(order(b[0]))).map(([group, rs]) => {
    const ratios = rs.map((r) => r.ratio).filter((x): x is number => x !== null);
    const errors = ratios.map((x) => Math.abs(x - 1)).sort((a, b) => a - b);
    const worst = ratios.reduce<number | null>((w, x) => (w === null || Math.max(x, 1 / x) > Math.max(w, 1 / w) ? x : w), null);
    const ranged = rs.filter((r) => r.inRange !== null);
    const inRange = ranged.length === 0 ? null : ranged.filter((r) => r.inRange).length / ranged.length;
    return { group, rows: rs.length, estimated: ratios.length, inRange, mdape: median(errors), worst };
  });
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
