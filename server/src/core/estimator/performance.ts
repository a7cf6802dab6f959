import type { Chip, Model, Precision } from '../catalog/types';
import type { FamilyEfficiency } from './assumptions';
import { allReduceSeconds, pipelineHopSeconds, type Topology } from './interconnect';
import type { Bound } from './types';
import { activeParametersB, kvBytesForSequence, kvReplication, parameterSplit, weightBytesRead } from './memory';

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
  /**
   * Dense peak at the precision matrix multiplies run in, FLOP/s per chip; undefined
   * when not published, in which case only one sequence's decode is timed (at one
   * sequence decode reads every weight for ~1 FLOP per byte, far below any chip's
   * compute-to-bandwidth ratio, so it is bandwidth-bound whatever the peak).
   */
  readonly peakFlops: number | undefined;
  readonly topology: Topology;
  readonly efficiency: FamilyEfficiency;
}

export interface Workload {
  readonly model: Model;
  readonly precision: Precision;
  readonly kvPrecision: Precision;
}

export type { Bound } from './types';

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

/** All-reduce time of `tokens` tokens through the replica's tensor group. */
function allReduce(machine: Machine, model: Model, tokens: number): number {
  return allReduceSeconds(machine.topology, machine.tensor, model, tokens);
}

/** Compute seconds for `flops` spread over `chips` chips at `fraction` of peak; zero when no peak is published (see Machine.peakFlops). */
function computeSeconds(machine: Machine, flops: number, chips: number, fraction: number): number {
  return machine.peakFlops === undefined ? 0 : flops / (chips * machine.peakFlops * fraction);
}

/**
 * The share of the family's compute efficiency a layer's weight matrix multiplies reach
 * with `tokens` tokens in them. A GEMM too small to fill the chip (few tokens, narrow
 * dimensions, a dimension split by tensor parallelism) pays fixed costs — tile and wave
 * quantization, launch, the pipeline's fill and drain — that a large one amortizes:
 * share = w ÷ (w + w½), with w the GEMM's FLOPs per chip and w½ the family's
 * `gemmHalfGflop`. Routed experts are separate GEMMs with `tokens × k ÷ E` tokens
 * each on average, so an MoE layer's experts stay small long after its dense part is
 * large; the share returned is the FLOP-weighted harmonic mean of the two.
 */
export function gemmShare(machine: Machine, model: Model, tokens: number): number {
  const half = machine.efficiency.gemmHalfGflop * 1e9;
  if (!(half > 0)) return 1;
  const { denseB, expertsB } = parameterSplit(model);
  const share = (flops: number): number => flops / (flops + half);
  const perLayer = (paramsB: number): number => (2 * tokens * paramsB * 1e9) / (model.layers * machine.tensor);
  const moe = model.moe;
  const denseFlops = perLayer(denseB);
  if (!moe || expertsB <= 0) return share(denseFlops);
  const routedTokens = (tokens * moe.activeExperts) / moe.experts;
  // Active expert FLOPs of one layer, and one expert's GEMM at its average load.
  const expertFlops = perLayer((expertsB * moe.activeExperts) / moe.experts);
  const oneExpert = (2 * routedTokens * expertsB * 1e9) / (moe.experts * (moe.moeLayers ?? model.layers) * machine.tensor);
  return (denseFlops + expertFlops) / (denseFlops / share(denseFlops) + expertFlops / share(oneExpert));
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
  const compute = computeSeconds(machine, batch * flopsPerToken(work.model, context), stages * tensor, efficiency.decodeCompute * gemmShare(machine, work.model, microBatch));
  // A micro-batch's activations cross every stage boundary once per step.
  const links = allReduce(machine, work.model, microBatch) + pipelineHopSeconds(machine.topology, work.model, microBatch);
  return phase(compute, weights + kv, links, overheadSeconds(machine, work.model));
}

/**
 * Prefill of one request of `tokens` prompt tokens, alone on the replica: compute-
 * bound for real prompts, memory-bound only for tiny ones. Pipeline stages run one
 * after another for a single request, so only tensor parallelism shortens it.
 */
export function prefillAlone(machine: Machine, work: Workload, tokens: number): PhaseTime {
  const { tensor, efficiency } = machine;
  const flops = prefillFlops(work.model, tokens);
  const compute = computeSeconds(machine, flops, tensor, efficiency.prefillCompute * gemmShare(machine, work.model, tokens));
  const memory = weightBytesRead(work.model, work.precision, tokens) / (tensor * machine.bandwidth * efficiency.decodeBandwidth);
  const links = allReduce(machine, work.model, tokens) + pipelineHopSeconds(machine.topology, work.model, tokens);
  return phase(compute, memory, links, overheadSeconds(machine, work.model));
}

/** Compute time prefill of one request adds to a busy replica, where pipeline stages work in parallel. */
export function prefillShare(machine: Machine, work: Workload, tokens: number): number {
  const { tensor, pipeline, efficiency } = machine;
  const compute = computeSeconds(machine, prefillFlops(work.model, tokens), tensor * pipeline, efficiency.prefillCompute * gemmShare(machine, work.model, tokens));
  return compute + (allReduce(machine, work.model, tokens) + pipelineHopSeconds(machine.topology, work.model, tokens)) / pipeline;
}

/** Prompt FLOPs: the weights for every token, plus causal attention (each token sees half the prompt on average). */
export function prefillFlops(model: Model, tokens: number): number {
  return tokens * flopsPerToken(model, tokens / 2);
}
