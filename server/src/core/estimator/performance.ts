import type { Chip, Model, Precision } from '../catalog/types';
import type { FamilyEfficiency } from './assumptions';
import { activeParametersB, kvBytesForSequence, kvReplication, weightBytesRead } from './memory';

/**
 * The hardware one replica runs on, reduced to what the time model needs. All
 * figures are per chip; `tensor × pipeline` chips serve the replica.
 */
export interface Machine {
  readonly chip: Chip;
  readonly tensor: number;
  readonly pipeline: number;
  /** Peak memory bandwidth of the memory holding the weights, bytes/s per chip. */
  readonly bandwidth: number;
  /** Dense peak at the precision matrix multiplies run in, FLOP/s per chip. */
  readonly peakFlops: number;
  /** Per-direction link bandwidth for all-reduce, bytes/s per chip; undefined when not published. */
  readonly linkBandwidth: number | undefined;
  readonly efficiency: FamilyEfficiency;
}

export interface Workload {
  readonly model: Model;
  readonly precision: Precision;
  readonly kvPrecision: Precision;
}

/** Which resource limits a phase. */
export type Bound = 'compute' | 'memory-bandwidth' | 'interconnect' | 'overhead';

export interface PhaseTime {
  readonly seconds: number;
  readonly bound: Bound;
  /** The parts the time is made of, seconds, for explanations. */
  readonly parts: Readonly<Record<'compute' | 'memory' | 'interconnect' | 'overhead', number>>;
}

/** FLOPs to process one token at position `context`: 2 per active weight, plus attention over the context. */
export function flopsPerToken(model: Model, context: number): number {
  const attention = 4 * model.layers * model.attentionHeads * model.headDim * effectiveContext(model, context);
  return 2 * activeParametersB(model) * 1e9 + attention;
}

/** Average context attention reads per layer, with sliding-window layers capped at their window. */
function effectiveContext(model: Model, context: number): number {
  const sliding = model.slidingWindow;
  if (!sliding) return context;
  const slidingLayers = Math.min(sliding.layers, model.layers);
  return ((model.layers - slidingLayers) * context + slidingLayers * Math.min(context, sliding.windowTokens)) / model.layers;
}

/**
 * Time of the tensor-parallel all-reduces for `tokens` tokens through all layers:
 * two per layer (after attention and after the MLP), ring algorithm moving
 * 2(t−1)/t of the bf16 activations over each chip's link, plus a fixed latency.
 */
export function allReduceSeconds(machine: Machine, model: Model, tokens: number): number {
  const t = machine.tensor;
  if (t <= 1) return 0;
  const count = 2 * model.layers;
  const bytes = tokens * model.hiddenSize * 2;
  const link = machine.linkBandwidth === undefined ? Infinity : machine.linkBandwidth * machine.efficiency.interconnect;
  return count * (machine.efficiency.allReduceLatencyUs * 1e-6 + ((2 * (t - 1)) / t) * (bytes / link));
}

function overheadSeconds(machine: Machine, model: Model): number {
  return machine.efficiency.stepOverheadMs * 1e-3 + machine.efficiency.layerOverheadUs * 1e-6 * model.layers;
}

function phase(compute: number, memory: number, interconnect: number, overhead: number): PhaseTime {
  const main = Math.max(compute, memory);
  const seconds = main + interconnect + overhead;
  const largest = Math.max(compute, memory, interconnect, overhead);
  const bound: Bound =
    largest === overhead ? 'overhead' : largest === interconnect ? 'interconnect' : compute >= memory ? 'compute' : 'memory-bandwidth';
  return { seconds, bound, parts: { compute, memory, interconnect, overhead } };
}

/**
 * One decode step of `batch` sequences at average context `context`: every
 * sequence advances one token. Compute and memory traffic overlap (roofline);
 * all-reduce and fixed overheads add. With pipeline stages the batch flows as
 * one micro-batch per stage, so each stage streams its weights once per
 * micro-batch (a token still passes every stage) while KV cache and compute
 * split across the stages that have work.
 */
export function decodeStep(machine: Machine, work: Workload, batch: number, context: number): PhaseTime {
  const { tensor, efficiency } = machine;
  // Fewer sequences than stages leave stages idle: only `stages` micro-batches flow.
  const stages = Math.max(1, Math.min(machine.pipeline, batch));
  const microBatch = Math.max(1, batch / stages);
  const bandwidth = tensor * machine.bandwidth * efficiency.decodeBandwidth;
  const weights = weightBytesRead(work.model, work.precision, microBatch) / bandwidth;
  const kv = (batch * kvBytesForSequence(work.model, work.kvPrecision, context) * kvReplication(work.model, tensor)) / (stages * bandwidth);
  const compute = (batch * flopsPerToken(work.model, context)) / (stages * tensor * machine.peakFlops * efficiency.decodeCompute);
  return phase(compute, weights + kv, allReduceSeconds(machine, work.model, microBatch), overheadSeconds(machine, work.model));
}

/**
 * Prefill of one request of `tokens` prompt tokens, alone on the replica: compute-
 * bound for real prompts, memory-bound only for tiny ones. Pipeline stages run one
 * after another for a single request, so only tensor parallelism shortens it.
 */
export function prefillAlone(machine: Machine, work: Workload, tokens: number): PhaseTime {
  const { tensor, efficiency } = machine;
  const flops = prefillFlops(work.model, tokens);
  const compute = flops / (tensor * machine.peakFlops * efficiency.prefillCompute);
  const memory = weightBytesRead(work.model, work.precision, tokens) / (tensor * machine.bandwidth * efficiency.decodeBandwidth);
  return phase(compute, memory, allReduceSeconds(machine, work.model, tokens), overheadSeconds(machine, work.model));
}

/** Compute time prefill of one request adds to a busy replica, where pipeline stages work in parallel. */
export function prefillShare(machine: Machine, work: Workload, tokens: number): number {
  const { tensor, pipeline, efficiency } = machine;
  const compute = prefillFlops(work.model, tokens) / (tensor * pipeline * machine.peakFlops * efficiency.prefillCompute);
  return compute + allReduceSeconds(machine, work.model, tokens) / pipeline;
}

/** Prompt FLOPs: the weights for every token, plus causal attention (each token sees half the prompt on average). */
export function prefillFlops(model: Model, tokens: number): number {
  return tokens * flopsPerToken(model, tokens / 2);
}
