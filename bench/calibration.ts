import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Catalog } from '../server/src/core/catalog/catalog';
import type { Chip } from '../server/src/core/catalog/types';
import { DEFAULT_ASSUMPTIONS, efficiencyFor, efficiencyKey, type Assumptions } from '../server/src/core/estimator/assumptions';
import { analyze } from '../server/src/core/engine/analyze';
import { estimate as runEstimate } from '../server/src/core/estimator/estimate';
import { dequantizedOnTheFly } from '../server/src/core/estimator/speed';
import type { Estimate, EstimateInput } from '../server/src/core/estimator/types';
import { parseCsv } from './csv';

/**
 * The project's measured results the factors are fitted on, in bench/: the first set, the
 * rows gathered later, the 2026 set, rows from publications other than TensorRT-LLM's
 * perf-overview (so a held-out Blackwell fold keeps training rows), MLPerf Inference's
 * results, runs printed in vendors' tutorials, and SemiAnalysis's InferenceX runs (the same
 * DeepSeek-R1 workloads on NVIDIA and AMD GPUs, one harness for every vendor).
 */
export const CALIBRATION_FILES = [
  'calibration.csv',
  'calibration-extra.csv',
  'calibration-2026.csv',
  'calibration-independent.csv',
  'calibration-mlperf.csv',
  'calibration-vendor-tutorials.csv',
  'calibration-inferencex.csv',
] as const;

/**
 * Files scored but never fitted. Rows measured on software stacks the efficiency factors do
 * not describe: a third party's integration or an experimental engine on a chip whose
 * factors come from its vendor's reference stack (optimum-neuron's vLLM and TGI on Neuron,
 * where AWS's tables use NxD Inference; JetStream's experimental JAX engine). They run
 * 2–50× off the reference stack on the same chip, so fitting them would make the factors
 * serve neither.
 *
 * And InferenceX's TTFTs of DeepSeek-R1 (the client's median at each curve's lowest
 * concurrency, 4–64 requests, on 4–8 H200, B200, MI325X and MI355X): 1.1–6.6× the estimate,
 * 1.8× at the median. Fitted, they set each family's request overhead, every model's, from
 * one MoE model's first token as a client sees it (Blackwell's ran to the fit's 200 ms
 * bound, Hopper's from 9.3 to 65 ms, where NIM's Llama 3.3 70B on two H100 measures 48 ms
 * in all at 500 prompt tokens).
 *
 * The bench scores both files in every column and never fits on them: how far a stack or a
 * harness falls from the estimate is shown, not averaged away.
 */
export const SCORED_ONLY_FILES = ['calibration-other-stacks.csv', 'calibration-inferencex-ttft.csv'] as const;

/** Whether a fit may learn from a calibration file's rows: it is not a scored-only file. */
export function fittedOn(file: string | undefined): boolean {
  return !(SCORED_ONLY_FILES as readonly string[]).includes(file ?? '');
}

/**
 * Whether a row ran with its MoE experts split over chips (expert parallelism). Such a run
 * pays what the estimator does not model: expert load imbalance (the hottest chip sets every
 * step) and dispatch overlapped with compute. The 20 so far (DeepSeek-R1 on 8 B200, GB200 and
 * H200; TensorRT-LLM perf-overview's Qwen3-235B and Llama 4 on 4–8 H100, H200 and B200;
 * Qwen3-Coder-480B on 4 TPU7x and, at SGLang's expert parallelism 2, on 8 MI300X) come out
 * 0.56–1.8× in sample, 1.01× fast at the median, since data-parallel engines' uneven prefills
 * are timed, Blackwell's link comes from its profiled all-reduce times and the experts' narrow
 * slices are timed (1.0–2.8× before the seventeenth round); fitted, they had dragged a family's decode efficiencies down for
 * every dense model on its chips (held out by publication, Blackwell's other rows came out
 * 0.38–0.68×). So they are scored everywhere, counted in the headline, and never fitted: the
 * miss stays visible instead of being spread over the family.
 */
export function splitsExperts(row: CalibrationRow): boolean {
  return row.expert_parallel === 'true';
}

/**
 * Whether a row's server ran attention on kernels other than its engine's default: so far SGLang's
 * Triton kernels (`--attention-backend triton`), in SGLang's cookbook runs of GLM-4.7-Flash on one
 * B200, 1.25–2.16× slower than estimated at 14–91 requests. The estimate times attention as the
 * default kernels run it, which is what the family factors describe. Fitted, the five rows slowed
 * Blackwell's decode for every model: with InferenceX held out, its fit took 0.50 of the peak
 * bandwidth and a 5.1 ms step where it takes 0.59 and 3.1 ms without them, and InferenceX's
 * DeepSeek-R1 TPOTs on 8 B200 came out 1.07–1.34× slow (0.91–1.12× without them). Scored
 * everywhere, counted in the headline, never fitted; a deployment whose SGLang command selects
 * those kernels gets `tritonAttentionSlowdown` on the slow side.
 */
export function offDefaultAttention(row: CalibrationRow): boolean {
  return (row.attention_backend ?? '') !== '';
}

/** Whether a fit may learn from a row: not from a scored-only file, not run with split experts, not on off-default attention kernels. */
export function fitsOn(row: CalibrationRow & { readonly file?: string }): boolean {
  return fittedOn(row.file) && !splitsExperts(row) && !offDefaultAttention(row);
}

/**
 * One measured result, as the calibration files spell their columns. `accelerator` is a
 * catalog chip id, or an instance id where the host matters (CPU rows: a Graviton
 * instance's share of the socket). A cell the source does not state is left empty and
 * the manifest leaves the field out, so the estimator's own default applies.
 */
export interface CalibrationRow {
  readonly model: string;
  readonly precision: string;
  readonly kv_precision: string;
  readonly accelerator: string;
  readonly accelerators: string;
  readonly tensor: string;
  readonly pipeline: string;
  /**
   * Data-parallel engines of tensor × pipeline chips per replica, and whether the MoE
   * experts are split over all their chips ("true"): TensorRT-LLM's attention data
   * parallelism with expert parallelism is tensor 1 × data N with experts split. Only
   * some files have these columns.
   */
  readonly data_parallel?: string;
  readonly expert_parallel?: string;
  /**
   * How the harness sent requests, when not as a deployment receives them: "waves" is a closed
   * loop whose requests all have one output length (`--ignore-eos`) on an engine that prefills
   * waiting prompts before it decodes again (vLLM V0 without chunked prefill), so the whole
   * concurrency finishes on one step and the next requests arrive together, wave after wave.
   * Its mean TTFT is the wait behind a wave's prefills (see `waveTtftMs`), not a steady
   * state's. Empty or absent: a steady state. Only some files have this column.
   */
  readonly arrival?: string;
  /**
   * The attention kernels the server was told to run over its engine's default, as the engine
   * names them (SGLang `--attention-backend triton`). Empty or absent: the default's. Only some
   * files have this column.
   */
  readonly attention_backend?: string;
  readonly replicas: string;
  readonly input_tokens: string;
  readonly output_tokens: string;
  readonly concurrency: string;
  readonly metric: string;
  readonly measured: string;
  readonly source: string;
}

/** A calibration row with the base name of the file it was read from: the summary's groups and the scored-only rule go by it. */
export type FiledRow = CalibrationRow & { readonly file: string };

/**
 * The rows of one calibration file, each tagged with the file's base name, so every reader
 * (the bench, the fits, the tests) groups them alike and never fits on a scored-only file.
 */
export function readCalibrationFile(path: string): FiledRow[] {
  const file = basename(path);
  return (parseCsv(readFileSync(path, 'utf8')) as unknown as CalibrationRow[]).map((row) => ({ ...row, file }));
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
export function rowManifest(row: CalibrationRow, catalog?: Catalog): string {
  const fields = (pairs: readonly (readonly [string, string])[]): string =>
    pairs.filter(([, value]) => value !== '').map(([key, value]) => `${key}: ${value}`).join(', ');
  const asInstance = catalog !== undefined && !catalog.chip(row.accelerator) && catalog.instance(row.accelerator) !== undefined;
  const hardware = asInstance ? [['instance', row.accelerator] as const, ['count', row.accelerators] as const] : [['accelerator', row.accelerator] as const, ['count', row.accelerators] as const];
  const lines = [
    'apiVersion: inference-lens/v1',
    'kind: InferenceDeployment',
    'metadata: { name: calibration }',
    'spec:',
    `  model: { ${fields([['id', row.model], ['precision', row.precision], ['kvCachePrecision', row.kv_precision]])} }`,
    `  hardware: { ${fields(hardware)} }`,
  ];
  const parallelism = fields([
    ['tensor', row.tensor],
    ['pipeline', row.pipeline],
    ['data', row.data_parallel ?? ''],
    ['expert', row.expert_parallel ?? ''],
  ]);
  if (parallelism) lines.push(`  parallelism: { ${parallelism} }`);
  lines.push(`  replicas: ${row.replicas || 1}`);
  const workload = fields([['inputTokens', row.input_tokens], ['outputTokens', row.output_tokens], ['concurrency', row.concurrency]]);
  if (workload) lines.push(`  workload: { ${workload} }`);
  return [...lines, ''].join('\n');
}

/** The chip a row measures: its own, or its instance's. */
function rowChip(row: CalibrationRow, catalog: Catalog): Chip | undefined {
  return catalog.chip(row.accelerator) ?? catalog.chip(catalog.instance(row.accelerator)?.accelerator ?? '');
}

/** Whose efficiency factors a row's chip runs at: its family's, or its own when it has an entry (see `efficiencyKey`). */
export function rowFamily(row: CalibrationRow, catalog: Catalog): string {
  const chip = rowChip(row, catalog);
  return chip ? efficiencyKey(DEFAULT_ASSUMPTIONS, chip) : 'unknown';
}

/**
 * The publication a row was read from: its repository or site and the file or page
 * name, without directory, commit or version. Rows of one publication share a method and
 * a software stack (every version of TensorRT-LLM's perf-overview.md, Neuron's inf2 and
 * trn1 tables of one name), so a held-out split removes them together.
 */
export function sourceOf(row: CalibrationRow): string {
  const cut = row.source.indexOf(' (');
  const document = (cut === -1 ? row.source : row.source.slice(0, cut)).trim().replace(/\s+@[0-9a-f]{7,40}$/, '');
  const [where = '', path] = document.split(/\s+/, 2);
  const name = (text: string): string => text.replace(/\/+$/, '').split('/').pop() ?? text;
  return path === undefined ? `${where.split('/')[0]} ${name(where)}` : `${where} ${name(path)}`;
}

export function runCalibration(rows: readonly (CalibrationRow & { readonly file?: string })[], catalog: Catalog, assumptions?: Assumptions): RowResult[] {
  return rows.map((row) => {
    const analysis = analyze(rowManifest(row, catalog), catalog, assumptions ? { assumptions } : {});
    const deployment = analysis.deployments[0];
    const why = analysis.findings.find((f) => f.severity === 'error')?.message;
    return resultFor(row, catalog, assumptions ?? DEFAULT_ASSUMPTIONS, deployment?.estimate, why);
  });
}

/**
 * Mean TTFT of a wave of `sequences` requests that arrive together (`arrival` "waves"): the
 * engine prefills them one after another, so the i-th waits for i prefills, and the mean is
 * (n + 1) / 2 prefills after the request's own overhead. A prefill is one request alone's TTFT
 * less that overhead. Prefilling k prompts per step instead would give (n + k) / 2, later
 * still: this is the earliest mean a wave allows.
 */
export function waveTtftMs(singleTtftMs: number, requestOverheadMs: number, sequences: number): number {
  return requestOverheadMs + ((sequences + 1) / 2) * (singleTtftMs - requestOverheadMs);
}

/**
 * Whether a fit may learn from a resolved row: `fitsOn`, and its weights are not dequantized on
 * the fly (fp4 weights on Hopper: `dequantizedOnTheFly`), a cost the estimator does not time.
 * So far TensorRT-LLM's gpt-oss runs on H100 and H200, 1.2–1.9× slower than estimated; fitted,
 * they drove Hopper's MoE layer overhead up for every MoE model (with InferenceX held out, its
 * DeepSeek-R1 TPOTs on H200 came out 2.4–3.4× slow). They are scored, never fitted, and the
 * estimates of such deployments reach `dequantizedWeightsSlowdown` on the slow side instead.
 */
export function fittable(prepared: PreparedRow): boolean {
  return fitsOn(prepared.row) && !dequantizes(prepared);
}

/** Whether the row's weights are dequantized on the fly (see `fittable`). */
export function dequantizes(prepared: PreparedRow): boolean {
  return prepared.input !== undefined && dequantizedOnTheFly(prepared.input.chip, prepared.input.precision);
}

/** A row resolved once: what it takes to estimate it again under other assumptions, without parsing its manifest again. */
export interface PreparedRow {
  readonly row: CalibrationRow & { readonly file?: string };
  /** Whose efficiency factors the row's chip runs at (`rowFamily`). */
  readonly family: string;
  /** The catalog family of the row's chip: one chip family may run at several sets of factors (Gaudi 2 and Gaudi 3). */
  readonly chipFamily: string;
  readonly input: EstimateInput | undefined;
  /** Why the row cannot be estimated, when it cannot be resolved. */
  readonly reason: string | undefined;
}

/** Resolves every row through the CLI's path once, so a fit can re-estimate it many times cheaply. */
export function prepareRows(rows: readonly (CalibrationRow & { readonly file?: string })[], catalog: Catalog): PreparedRow[] {
  return rows.map((row) => {
    const analysis = analyze(rowManifest(row, catalog), catalog, { assumptions: DEFAULT_ASSUMPTIONS });
    const input = analysis.deployments[0]?.resolution.estimateInput;
    const reason = analysis.findings.find((f) => f.severity === 'error')?.message;
    return { row, family: rowFamily(row, catalog), chipFamily: rowChip(row, catalog)?.family ?? 'unknown', input, reason };
  });
}

/** The prepared rows estimated under `assumptions`: the same figures `runCalibration` gives with them. */
export function evaluate(prepared: readonly PreparedRow[], catalog: Catalog, assumptions: Assumptions): RowResult[] {
  return prepared.map(({ row, input, reason }) => resultFor(row, catalog, assumptions, input ? runEstimate({ ...input, assumptions }) : undefined, reason));
}

function resultFor(row: CalibrationRow & { readonly file?: string }, catalog: Catalog, assumptions: Assumptions, estimate: Estimate | undefined, error: string | undefined): RowResult {
  const family = rowFamily(row, catalog);
  const file = row.file ?? '';
  const figure = METRICS[row.metric as keyof typeof METRICS] as (typeof METRICS)[keyof typeof METRICS] | undefined;
  const measured = Number(row.measured);
  if (!estimate || !figure) {
    const why = error ?? (figure ? 'no estimate' : `unknown metric ${row.metric}`);
    return { row, file, family, estimate: null, inRange: null, ratio: null, reason: why };
  }
  const { value, range } = figureOf(row, estimate, figure, () => efficiencyFor(assumptions, family).requestOverheadMs);
  const reason = value === null ? estimate.unavailable.map((u) => u.reason).join('; ') || 'no estimate' : '';
  const inRange = range ? measured >= range.low && measured <= range.high : null;
  return { row, file, family, estimate: value, inRange, ratio: value === null ? null : value / measured, reason };
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

/**
 * The estimate's figure for what the row measured, and its range: a wave's TTFT where the
 * harness sent waves. The family's request overhead is looked up only for such a row: the
 * fits score every row thousands of times.
 */
function figureOf(row: CalibrationRow, estimate: Estimate, figure: (typeof METRICS)[keyof typeof METRICS], requestOverheadMs: () => number): { value: number | null; range: Estimate['ranges'][typeof figure] } {
  const value = estimate[figure];
  const range = estimate.ranges[figure];
  const single = estimate.singleUser?.ttftMs;
  const sequences = estimate.concurrency;
  if (row.arrival !== 'waves' || figure !== 'ttftMs' || value === null || !single || !sequences) return { value, range };
  const wave = waveTtftMs(single, requestOverheadMs(), sequences);
  const scale = wave / value;
  return { value: wave, range: range && { ...range, low: range.low * scale, high: range.high * scale } };
}

/** The metrics that are speeds (higher is faster); the others are times. */
export const THROUGHPUT: ReadonlySet<string> = new Set(['output_tokens_per_second', 'per_user_tokens_per_second']);

/** Error of a set of results: how many rows, how many without an estimate, the median absolute error and the worst ratio. */
export interface ErrorSummary {
  readonly rows: number;
  readonly estimated: number;
  readonly mdape: number | null;
  /** The ratio furthest from 1 (as max(r, 1/r)), reported as the ratio itself. */
  readonly worst: number | null;
}

export function errorOf(results: readonly RowResult[]): ErrorSummary {
  const ratios = results.map((r) => r.ratio).filter((x): x is number => x !== null);
  const errors = ratios.map((x) => Math.abs(x - 1)).sort((a, b) => a - b);
  const worst = ratios.reduce<number | null>((w, x) => (w === null || Math.max(x, 1 / x) > Math.max(w, 1 / w) ? x : w), null);
  return { rows: results.length, estimated: ratios.length, mdape: median(errors), worst };
}

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
    const ranged = rs.filter((r) => r.inRange !== null);
    const inRange = ranged.length === 0 ? null : ranged.filter((r) => r.inRange).length / ranged.length;
    return { group, ...errorOf(rs), inRange };
  });
}

/** The median of values already sorted ascending; null for none. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
