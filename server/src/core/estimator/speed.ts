import type { Chip, Precision } from '../catalog/types';
import { CALIBRATED_ON, efficiencySource, type FamilyEfficiency } from './assumptions';
import { memoryPool, socketShare } from './capacity';
import { moeLayerCount } from './memory';
import { fmt, ms } from '../numbers';
import { describeLinks, topologyOf } from './interconnect';
import { decodeStep, expertEngines, expertSliceShare, expertSliceWidth, gemmShare, moeOverheadSeconds, prefillAlone, prefillShareParts, requestOverheadSeconds, type Bound, type Machine, type Workload } from './performance';
import { busiestRankArrivals } from './rankImbalance';
import type { EstimateInput, Explanation, Unavailable } from './types';

/** Busy share above which the queueing estimate is no longer meaningful. */
const MAX_PREFILL_LOAD = 0.95;

export interface Speed {
  /** Null when the chip publishes no dense peak: prefill is compute-bound. */
  readonly ttftSeconds: number | null;
  readonly tpotSeconds: number;
  /** Output tokens per second of one replica. */
  readonly tokensPerSecond: number;
  readonly decodeBound: Bound;
  readonly prefillBound: Bound;
}

/**
 * The precision matrix multiplies run in: the weights' own when the chip runs it
 * natively, else bf16 (weight-only quantization dequantizes on the fly).
 */
export function computePrecision(chip: Chip, precision: Precision): Precision | undefined {
  const peaks = chip.denseTflops ?? {};
  if (peaks[precision] !== undefined) return precision;
  for (const fallback of ['bf16', 'fp16', 'fp32'] as const) if (peaks[fallback] !== undefined) return fallback;
  return undefined;
}

/** Precisions CPUs compute natively without a published rate (see `noMatrixUnitFor`). */
const CPU_UNRATED: ReadonlySet<Precision> = new Set(['bf16', 'fp16', 'int8']);

/** Width of the float formats matrix units run, to tell a wider format from a narrower one. */
const FLOAT_BITS: Readonly<Partial<Record<Precision, number>>> = { fp4: 4, fp8: 8, fp16: 16, bf16: 16, fp32: 32 };

/**
 * Whether the chip's matrix units lack the weights' precision, so the engine multiplies them at
 * another (fp4 weights on Hopper, bf16 on Groq's fp16 units). Not for int4, always weight-only;
 * not for a CPU's 16-bit and int8 formats, which its instructions run though their vendors
 * publish only the fp32 rate; not where the chip publishes a narrower float's peak (GB300: fp4
 * only), whose wider formats run natively with an unpublished rate.
 */
export function noMatrixUnitFor(chip: Chip, precision: Precision): boolean {
  const peaks = chip.denseTflops;
  if (!peaks || precision === 'int4' || peaks[precision] !== undefined || chip.unratedPrecisions?.includes(precision)) return false;
  if (chip.type === 'cpu' && CPU_UNRATED.has(precision)) return false;
  const bits = FLOAT_BITS[precision];
  return !(bits !== undefined && Object.keys(peaks).some((p) => (FLOAT_BITS[p as Precision] ?? Infinity) < bits));
}

/**
 * Whether the engine widens the weights to a larger float format on the fly to multiply them
 * (fp4 or fp8 weights on a chip whose narrowest float unit is bf16): a cost the estimate does
 * not time, unlike a conversion between formats of one width.
 */
export function dequantizedOnTheFly(chip: Chip, precision: Precision): boolean {
  const runs = computePrecision(chip, precision);
  const bits = FLOAT_BITS[precision];
  return noMatrixUnitFor(chip, precision) && runs !== undefined && bits !== undefined && (FLOAT_BITS[runs] ?? 0) > bits;
}

/**
 * The replica's hardware as the time model sees it, or undefined (with the reason)
 * when the memory bandwidth is not published. Without a dense peak the machine still
 * times one sequence's decode (see Machine.peakFlops), and the reason is recorded.
 */
export function machineFor(input: EstimateInput, efficiency: FamilyEfficiency, unavailable: Unavailable[]): Machine | undefined {
  const pool = memoryPool(input, 1);
  const name = input.chip.name;
  if (!pool || pool.bandwidthGBps === undefined) {
    unavailable.push({ figure: 'speed', reason: `${name} has no published memory bandwidth` });
    return undefined;
  }
  const precision = computePrecision(input.chip, input.precision);
  const peak = precision === undefined ? undefined : input.chip.denseTflops?.[precision];
  if (peak === undefined) {
    unavailable.push({
      figure: 'speed',
      reason: `${name} has no published dense peak TFLOPS: time to first token and throughput under load are unknown; one user's time per output token is estimated from bandwidth alone`,
    });
  }
  // Attention runs no faster than the GEMMs, nor than the KV cache's precision allows (see Machine.attentionPeakFlops).
  const kvRuns = computePrecision(input.chip, input.kvPrecision);
  const attentionPeak = peak === undefined ? undefined : Math.min(peak, (kvRuns && input.chip.denseTflops?.[kvRuns]) ?? peak);
  return {
    chip: input.chip,
    tensor: input.tensor,
    pipeline: input.pipeline,
    bandwidth: pool.bandwidthGBps * 1e9,
    peakFlops: peak === undefined ? undefined : peak * 1e12 * socketShare(input),
    attentionPeakFlops: attentionPeak === undefined ? undefined : attentionPeak * 1e12 * socketShare(input),
    topology: topologyOf(input, efficiency),
    efficiency,
  };
}

/**
 * Latency and throughput of one replica with `concurrency` sequences in flight,
 * under continuous batching: while they decode, each new request's prefill
 * interleaves with their steps, so over one generation of requests the replica
 * spends `outputTokens` decode steps plus one prefill per sequence.
 */
export function speed(input: EstimateInput, machine: Machine, concurrency: number, explain?: Record<string, Explanation>): Speed {
  const work = { model: input.model, precision: input.precision, kvPrecision: input.kvPrecision };
  const context = input.inputTokens + input.outputTokens / 2;
  const step = decodeStep(machine, work, concurrency, context);
  const prefill = prefillAlone(machine, work, input.inputTokens);
  // Each engine takes concurrency ÷ output tokens new prompts a step, prefilled together;
  // engines that meet at the experts each step wait for the one that took the most, for the
  // part of its prefills it runs alone (see rankImbalance.ts).
  const ranks = expertEngines(machine);
  const perStep = concurrency / input.outputTokens;
  const parts = prefillShareParts(machine, work, input.inputTokens, perStep);
  const share = parts.own + parts.spread;
  const busiest = ranks > 1 ? busiestRankArrivals(perStep, ranks) : perStep;
  const cycle = input.outputTokens * (step.seconds + busiest * parts.own + perStep * parts.spread);
  // A new request finds the replica mid-step and, with others arriving too, other
  // prefills ahead of it: the mean wait of a queue with deterministic service (M/D/1).
  const prefillLoad = Math.min(MAX_PREFILL_LOAD, (concurrency * share) / cycle);
  const queueing = concurrency > 1 ? (prefillLoad * share) / (2 * (1 - prefillLoad)) : 0;
  const request = requestOverheadSeconds(machine);
  const ttftSeconds = machine.peakFlops === undefined ? null : request + prefill.seconds + (concurrency > 1 ? step.seconds : 0) + queueing;
  const tpotSeconds = cycle / input.outputTokens;
  const result = { ttftSeconds, tpotSeconds, tokensPerSecond: concurrency / tpotSeconds, decodeBound: step.bound, prefillBound: prefill.bound };
  if (!explain) return result;
  const { efficiency } = machine;
  const links = describeLinks(machine.topology, machine.tensor);
  const peak = machine.peakFlops === undefined ? 'not published' : `${fmt(machine.peakFlops / 1e12)} TFLOPS dense${peakPrecision(input)}`;
  const factors = factorsOf(input, efficiency);
  const attentionPeak = attentionPeakInput(input, machine);

  if (ttftSeconds !== null) explain['ttftMs'] = {
    formula:
      'the request overhead, plus prefill of the prompt alone (max of compute — at the family efficiency × the GEMM share of the prompt — and weight streaming, plus all-reduce and overhead); with others in flight, plus one decode step and the mean wait behind their prefills',
    inputs: {
      'prompt tokens': `${input.inputTokens}`,
      'request overhead': ms(request),
      'prefill compute': ms(prefill.parts.compute),
      'prefill weight streaming': ms(prefill.parts.memory),
      'all-reduce and pipeline hops': ms(prefill.parts.interconnect),
      overhead: ms(prefill.parts.overhead),
      'wait behind other prefills': ms(queueing),
      'peak per chip': peak,
      ...attentionPeak,
      'prefill efficiency': `${efficiency.prefillCompute}`,
      'efficiency factors': factors,
      ...gemmInputs(machine, work, input.inputTokens, efficiency.prefillCompute, 'prompt'),
      ...expertSliceInput(machine, work),
    },
    bound: prefill.bound,
  };
  explain['tpotMs'] = {
    formula:
      '(output tokens × decode step + sequences × prefill share) ÷ output tokens — the prompts that arrive on one step prefill in one pass, sharing its GEMMs and each all-reduce\'s latency; with data-parallel engines that meet at the experts, each step pays the part of a prefill an engine runs alone for the engine that took the most new prompts that step, not for sequences ÷ output tokens of them; a decode step is max(GEMM compute, weight streaming) + max(attention compute, KV streaming at the family’s KV share of the decode bandwidth) + all-reduce + overhead, the weight GEMMs and attention running one after the other; GEMM compute runs at the family efficiency × the GEMM share of its shape',
    inputs: {
      'sequences in flight': `${concurrency}`,
      'average context': `${context} tokens`,
      'step GEMM compute': ms(step.kernels.gemmCompute),
      'step weight streaming': ms(step.kernels.weights),
      'step attention compute': ms(step.kernels.attentionCompute),
      'step KV streaming': ms(step.kernels.kv),
      'step all-reduce and pipeline hops': ms(step.parts.interconnect),
      'step overhead': ms(step.parts.overhead),
      ...moeOverheadInput(work, efficiency),
      'prefill share per sequence': perStep > 1 ? `${ms(share)} (${fmt(perStep)} new prompts a step, prefilled in one pass)` : ms(share),
      ...(ranks > 1 ? { 'prefills per step, busiest engine': busiestInput(busiest, perStep, ranks, parts) } : {}),
      'memory bandwidth per chip': `${fmt(machine.bandwidth / 1e9)} GB/s`,
      'decode bandwidth efficiency': `${efficiency.decodeBandwidth}`,
      ...kvShareInput(efficiency),
      'decode compute efficiency': `${efficiency.decodeCompute}`,
      ...attentionPeak,
      'efficiency factors': factors,
      ...gemmInputs(machine, work, Math.max(1, concurrency / Math.max(1, Math.min(machine.pipeline, concurrency))), efficiency.decodeCompute, 'decode micro-batch'),
      ...expertSliceInput(machine, work),
      ...(machine.peakFlops === undefined ? { 'step compute not counted': `no published dense peak; one sequence's decode is bandwidth-bound` } : {}),
      ...links,
    },
    bound: step.bound,
  };
  explain['outputTokensPerSecond'] = {
    formula: 'sequences in flight × 1000 ÷ TPOT, per replica, × replicas',
    inputs: { 'sequences in flight': `${concurrency}`, TPOT: ms(tpotSeconds), replicas: `${input.replicas}` },
  };
  return result;
}

/**
 * Whose efficiency factors the figures use, and how far off that set has been: the chip's
 * own (a generation that runs apart from its family) or its family's.
 */
function factorsOf(input: EstimateInput, efficiency: FamilyEfficiency): string {
  const { key, source } = efficiencySource(input.assumptions, input.chip);
  const spread = `±${Math.round(efficiency.uncertainty * 100)}%`;
  if (source === 'default') return `the defaults: no measurements of the ${key} family; ${spread}`;
  const chipName = input.chip.shortName ?? input.chip.name;
  const shared = (who: string): string => `the ${key} factors, whose software stack ${who} runs (too few rows of its own to fit)`;
  const whose =
    source === 'chip'
      ? `${chipName}'s own, apart from the ${input.chip.family} family`
      : source === 'chip-stack'
        ? shared(chipName)
        : source === 'family-stack'
          ? shared(`the ${input.chip.family} family`)
          : `the ${key} family's`;
  const stacks = CALIBRATED_ON[key];
  return `${whose}; ${spread} (its calibration spread)${stacks ? `; measured on ${stacks}` : ''}`;
}

/**
 * The precision the peak is quoted at, and, when the chip publishes none for the weights'
 * precision, that running at the fallback's peak is an assumption: Gaudi 2 runs fp8 matrix
 * multiplies, but no first-party fp8 peak is in the catalog, so its fp8 rows are timed at
 * its bf16 peak and the explanation says so.
 */
function peakPrecision(input: EstimateInput): string {
  const runs = computePrecision(input.chip, input.precision);
  if (runs === undefined) return '';
  return runs === input.precision ? ` at ${runs}` : ` at ${runs} (no ${input.precision} peak published: assumed to run at the ${runs} peak)`;
}

/** Attention's own peak, when it runs slower than the weight GEMMs (see Machine.attentionPeakFlops). */
function attentionPeakInput(input: EstimateInput, machine: Machine): Record<string, string> {
  const attention = machine.attentionPeakFlops;
  if (attention === undefined || machine.peakFlops === undefined || attention >= machine.peakFlops) return {};
  return { 'attention peak per chip': `${fmt(attention / 1e12)} TFLOPS dense: attention runs at the ${input.kvPrecision} KV cache's precision, not the weights' ${input.precision}` };
}

/** Why a step with data-parallel engines pays more prefills than one engine's share (see rankImbalance.ts). */
function busiestInput(busiest: number, perStep: number, ranks: number, parts: { readonly own: number; readonly spread: number }): string {
  return `${fmt(busiest)} new prompts on the busiest of ${ranks} engines, against ${fmt(perStep)} per engine (requests taken as random arrivals): the engines exchange tokens at every MoE layer, so each step waits for the one prefilling most, for the ${ms(parts.own)} of each prefill it runs alone (attention, dense layers, links); the routed experts' ${ms(parts.spread)} are spread over all engines`;
}

/** The MoE layers' share of the step overhead, when the family has one and the model has experts (FamilyEfficiency.moeLayerOverheadUs). */
function moeOverheadInput(work: Workload, efficiency: FamilyEfficiency): Record<string, string> {
  const seconds = moeOverheadSeconds(efficiency, work.model);
  if (!(seconds > 0)) return {};
  return { 'MoE layer overhead': `${moeLayerCount(work.model)} MoE layers × ${fmt(efficiency.moeLayerOverheadUs)} µs = ${ms(seconds)} of the step overhead (routing, sorting tokens by expert, grouped expert GEMMs)` };
}

/** How fast the KV cache streams, when the family reads it slower than its weights (FamilyEfficiency.kvBandwidthShare). */
function kvShareInput(efficiency: FamilyEfficiency): Record<string, string> {
  const share = efficiency.kvBandwidthShare;
  if (!(share < 1)) return {};
  return { 'KV cache read efficiency': `${fmt(share)} of the decode bandwidth efficiency (${fmt(share * efficiency.decodeBandwidth)} of peak): the family's attention reads its cache slower than its weights` };
}

/** How narrow the slice of each routed expert one chip holds is, and the share of the efficiency its GEMMs reach (see performance.ts expertSliceShare). */
function expertSliceInput(machine: Machine, work: Workload): Record<string, string> {
  const share = expertSliceShare(machine, work.model);
  const width = expertSliceWidth(machine, work.model);
  if (!(share < 1) || width === undefined) return {};
  const held = machine.topology.experts ? 'the experts split whole over chips' : machine.tensor > 1 ? `each expert cut ${machine.tensor} ways by tensor parallelism` : 'each expert whole on one chip';
  return {
    'routed expert GEMMs': `${fmt(width)} wide per chip (${held}): they run at ${fmt(share)} of the efficiency (half at ${fmt(machine.efficiency.expertSliceHalfWidth)} wide, expertSliceHalfWidth)`,
  };
}

/** The GEMM share an explanation shows: the family's half-work and the share at this shape (see performance.ts gemmShare). */
function gemmInputs(machine: Machine, work: Workload, tokens: number, fraction: number, what: string): Record<string, string> {
  const half = machine.efficiency.gemmHalfGflop;
  if (!(half > 0)) return {};
  return {
    [`GEMM share at ${fmt(tokens)} tokens (${what})`]: `${fmt(gemmShare(machine, work, tokens, fraction))} of the efficiency (half at ${fmt(half)} GFLOP per layer per chip)`,
  };
}
