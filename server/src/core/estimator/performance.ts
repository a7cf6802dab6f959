import type { Chip, Model, Precision } from '../catalog/types';
import type { FamilyEfficiency } from './assumptions';
import { allReduceSeconds, pipelineHopSeconds, type Topology } from './interconnect';
import type { Bound } from './types';
import { activeParametersB, BYTES_PER_WEIGHT, expertsTouched, expertWidth, kvBytesForSequence, kvReplication, moeLayerCount, parameterSplit, weightBytesRead } from './memory';

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
  /**
   * Dense peak at the precision attention runs in, FLOP/s per chip: the slower of the
   * weights' and the KV cache's (attention reads the cache at its own precision, and no
   * faster than the matrix multiplies run: fp4 weights with an fp8 cache attend at fp8).
   */
  readonly attentionPeakFlops: number | undefined;
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

/** A decode step, with its two kernels' parts, each kernel its own roofline (see decodeStep), seconds. */
export interface DecodeStepTime extends PhaseTime {
  readonly kernels: Readonly<Record<'gemmCompute' | 'weights' | 'attentionCompute' | 'kv', number>>;
}

/** FLOPs of one token's weight matrix multiplies: 2 per active weight. */
export function weightFlopsPerToken(model: Model): number {
  return 2 * activeParametersB(model) * 1e9;
}

/**
 * FLOPs of one token's attention at position `context` over all layers: scores and
 * weighted values for every query head, 2 × 2 × head width per context token. Decode
 * under multi-head latent attention (DeepSeek, Kimi, GLM) runs absorbed, as FlashMLA and
 * TensorRT-LLM do: each query head scores the compressed latent and its rotary key
 * (kv_lora_rank + rope) and sums the latent (kv_lora_rank), about four times the FLOPs of
 * attending over a 128-wide head, since the engine trades them for a cache a tenth the size.
 */
export function attentionFlopsPerToken(model: Model, context: number, phase: 'prefill' | 'decode'): number {
  const perHead = phase === 'decode' && model.mla ? 2 * (2 * model.mla.kvLoraRank + model.mla.qkRopeHeadDim) : 4 * model.headDim;
  return model.layers * model.attentionHeads * perHead * effectiveContext(model, context);
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

/** The tokens one pass computes, the context they attend over on average, and which phase it is. */
interface Pass {
  readonly tokens: number;
  readonly context: number;
  readonly phase: 'prefill' | 'decode';
}

/**
 * Compute seconds of a pass spread over `chips` chips: the weight GEMMs at the weights'
 * peak × `fraction` × their GEMM share at this shape, attention at the peak of the
 * precision it runs in (Machine.attentionPeakFlops) × `fraction` — attention is no weight
 * GEMM, so the GEMM shape term does not apply to it. Zero when no peak is published (see
 * Machine.peakFlops).
 */
function computeSeconds(machine: Machine, work: Workload, pass: Pass, chips: number, fraction: number, share: number): number {
  const { gemms, attention } = computeParts(machine, work, pass, chips, fraction, share);
  return gemms + attention;
}

/**
 * computeSeconds' two kernels apart: the weight GEMMs and attention; `routed` is the part
 * of `gemms` the routed experts take, which run at their slice's share (expertSliceShare).
 */
function computeParts(machine: Machine, work: Workload, pass: Pass, chips: number, fraction: number, share: number): { readonly gemms: number; readonly attention: number; readonly routed: number } {
  if (machine.peakFlops === undefined) return { gemms: 0, attention: 0, routed: 0 };
  const flops = weightFlopsPerToken(work.model);
  const gemms = (pass.tokens * flops) / (chips * machine.peakFlops * fraction * share);
  // The routed experts' part of that time: their FLOPs, slowed by their slice's share, of all.
  const routedFlops = routedFlopsPerToken(work.model);
  const routedWork = routedFlops / expertSliceShare(machine, work.model);
  const routed = gemms * (routedWork / (flops - routedFlops + routedWork));
  const attention = (pass.tokens * attentionFlopsPerToken(work.model, pass.context, pass.phase)) / (chips * (machine.attentionPeakFlops ?? machine.peakFlops) * fraction);
  return { gemms, attention, routed };
}

/** FLOPs of one token's routed experts: 2 per weight of the k experts it is sent to. */
function routedFlopsPerToken(model: Model): number {
  const moe = model.moe;
  if (!moe) return 0;
  return 2 * parameterSplit(model).expertsB * 1e9 * (moe.activeExperts / moe.experts);
}

/**
 * The share of the phase's compute efficiency the routed experts' grouped GEMMs reach,
 * from the width of the slice of each expert one chip holds: the expert's intermediate
 * width, divided by the tensor degree unless the experts are split whole over chips.
 * share = n ÷ (n + n½), n½ the family's `expertSliceHalfWidth`; 1 (no effect) where that is 0.
 *
 * A grouped GEMM runs each expert's tokens through weights as wide as its slice, and the
 * down projection's reduction is as short: a slice a few hundred wide leaves the tiles of
 * the matrix unit mostly fixed cost, however many tokens arrive. TensorRT-LLM's and SGLang's
 * profiled MoE layers on H200 and B200 (AIConfigurator's moe_perf tables) fall with the
 * slice's width at every token count: DeepSeek-R1's 2,048-wide experts cut eight ways
 * (256 wide) run at about a third of the efficiency they reach whole.
 */
export function expertSliceShare(machine: Machine, model: Model): number {
  const half = machine.efficiency.expertSliceHalfWidth;
  const width = expertSliceWidth(machine, model);
  return half > 0 && width !== undefined ? width / (width + half) : 1;
}

/** Width of the slice of each routed expert one chip holds: whole when the experts are split over chips, else cut by the tensor degree. */
export function expertSliceWidth(machine: Machine, model: Model): number | undefined {
  const width = expertWidth(model);
  if (width === undefined) return undefined;
  return machine.topology.experts ? width : width / machine.tensor;
}

/**
 * The share of the phase's compute efficiency a layer's weight matrix multiplies reach
 * with `tokens` tokens in them. A GEMM too small to fill the chip (few tokens, narrow
 * dimensions, a dimension split by tensor parallelism) pays fixed costs — tile and wave
 * quantization, launch, the pipeline's fill and drain — that a large one amortizes:
 * share = w ÷ (w + w½), with w the GEMM's FLOPs per chip and w½ the family's
 * `gemmHalfGflop`; that is, each GEMM costs w½ FLOPs more than its work.
 *
 * That fixed cost is bounded by physics: a GEMM too small to fill the chip is limited by
 * loading its weights, and its fixed costs hide under that load, so they never cost more
 * than streaming the GEMM's weights at the family's decode bandwidth (expressed as FLOPs
 * at `fraction` of the peak). Without the bound a fitted w½ had no ceiling, and an MoE's
 * 128 experts × 94 layers multiplied whatever value a fit on dense rows chose.
 *
 * Routed experts are separate GEMMs: a step of `tokens` tokens touches
 * E × (1 − (1 − k/E)^tokens) experts (the weights memory.ts counts as read), each with
 * tokens × k ÷ touched tokens, and each touched expert pays its own fixed cost. Split
 * by tensor parallelism, every chip runs a slice of each touched expert; split by expert
 * parallelism over D chips, each chip runs 1/D of them whole, fed by every data-parallel
 * engine's tokens. The share returned is the FLOP-weighted harmonic mean over the dense
 * and expert GEMMs.
 */
export function gemmShare(machine: Machine, work: Workload, tokens: number, fraction: number): number {
  const half = machine.efficiency.gemmHalfGflop * 1e9;
  const slice = expertSliceShare(machine, work.model);
  if (!(half > 0) && slice === 1) return 1;
  const { model } = work;
  const { denseB, expertsB } = parameterSplit(model);
  const perChip = (paramsB: number, layers: number): number => (paramsB * 1e9) / (layers * machine.tensor);
  const flops = (params: number): number => 2 * tokens * params;
  const fixed = (params: number): number => (half > 0 ? Math.min(half, loadFlops(machine, work, params, fraction)) : 0);
  // The dense part of one layer, one GEMM's worth of fixed cost.
  const dense = perChip(denseB, model.layers);
  const moe = model.moe;
  if (!moe || expertsB <= 0) return half > 0 ? flops(dense) / (flops(dense) + fixed(dense)) : 1;
  const moeLayers = moeLayerCount(model);
  // Active expert work of one layer, averaged over all layers as the dense part is.
  const experts = perChip((expertsB * moe.activeExperts) / moe.experts, model.layers);
  const split = machine.topology.experts;
  const touched = moe.experts * expertsTouched(moe.activeExperts / moe.experts, tokens * expertEngines(machine));
  const expertGemms = ((split ? touched / split.degree : touched) * moeLayers) / model.layers;
  const oneExpert = split ? (expertsB * 1e9) / (moe.experts * moeLayers) : perChip(expertsB / moe.experts, moeLayers);
  const total = flops(dense) + flops(experts);
  // Narrow expert slices run their FLOPs slower (expertSliceShare): as if they were 1 ÷ share as many.
  const sliced = flops(experts) * (1 / slice - 1);
  return total / (total + sliced + fixed(dense) + expertGemms * fixed(oneExpert));
}

/** Data-parallel engines whose tokens meet at the experts: more than one only when the experts are split over them (see weightBytesRead). */
export function expertEngines(machine: Machine): number {
  return machine.topology.experts?.engines ?? 1;
}

/**
 * Streaming `params` weights on one chip at the family's decode bandwidth, expressed as
 * the FLOPs the chip does meanwhile at `fraction` of its peak; unbounded when either
 * figure is missing.
 */
function loadFlops(machine: Machine, work: Workload, params: number, fraction: number): number {
  if (machine.peakFlops === undefined || !(machine.bandwidth > 0)) return Infinity;
  const seconds = (params * BYTES_PER_WEIGHT[work.precision]) / (machine.bandwidth * machine.efficiency.decodeBandwidth);
  return seconds * machine.peakFlops * fraction;
}

function overheadSeconds(machine: Machine, model: Model): number {
  const { stepOverheadMs, layerOverheadUs } = machine.efficiency;
  return stepOverheadMs * 1e-3 + layerOverheadUs * 1e-6 * model.layers + moeOverheadSeconds(machine.efficiency, model);
}

/** The MoE layers' part of a step's fixed cost (FamilyEfficiency.moeLayerOverheadUs); 0 for a dense model. */
export function moeOverheadSeconds(efficiency: FamilyEfficiency, model: Model): number {
  return efficiency.moeLayerOverheadUs * 1e-6 * moeLayerCount(model);
}

/** What a request pays once before its first token, beyond its prefill (FamilyEfficiency.requestOverheadMs). */
export function requestOverheadSeconds(machine: Machine): number {
  return machine.efficiency.requestOverheadMs * 1e-3;
}

/**
 * A phase's time from its parts. Compute and memory traffic overlap (roofline) unless the
 * phase times its kernels apart (decodeStep): then `held` is how long compute-bound and
 * memory-bound kernels take, and the bound named is the side that holds the phase longer.
 */
function phase(compute: number, memory: number, interconnect: number, overhead: number, held = compute >= memory ? { compute, memory: 0 } : { compute: 0, memory }): PhaseTime {
  const seconds = held.compute + held.memory + interconnect + overhead;
  const largest = Math.max(held.compute, held.memory, interconnect, overhead);
  const bound: Bound =
    largest === overhead ? 'overhead' : largest === interconnect ? 'interconnect' : held.compute >= held.memory ? 'compute' : 'memory-bandwidth';
  return { seconds, bound, parts: { compute, memory, interconnect, overhead } };
}

/**
 * One decode step of `batch` sequences at average context `context`: every
 * sequence advances one token. Within each kernel compute and memory traffic
 * overlap (roofline), but the kernels run one after another: the weight GEMMs
 * (weights streamed, or their FLOPs) and then attention (the KV cache streamed at
 * the family's `kvBandwidthShare` of the weights' rate, or its FLOPs). All-reduce
 * and fixed overheads add. With pipeline stages the batch flows as
 * one micro-batch per stage, so each stage streams its weights once per
 * micro-batch (a token still passes every stage) while KV cache and compute
 * split across the stages that have work.
 */
export function decodeStep(machine: Machine, work: Workload, batch: number, context: number): DecodeStepTime {
  const { tensor, efficiency } = machine;
  // Fewer sequences than stages leave stages idle: only `stages` micro-batches flow.
  const stages = Math.max(1, Math.min(machine.pipeline, batch));
  const microBatch = Math.max(1, batch / stages);
  const bandwidth = tensor * machine.bandwidth * efficiency.decodeBandwidth;
  const weights = weightBytesRead(work.model, work.precision, microBatch, expertEngines(machine)) / bandwidth;
  const kv = (batch * kvBytesForSequence(work.model, work.kvPrecision, context) * kvReplication(work.model, tensor)) / (stages * bandwidth * efficiency.kvBandwidthShare);
  const compute = computeParts(machine, work, { tokens: batch, context, phase: 'decode' }, stages * tensor, efficiency.decodeCompute, gemmShare(machine, work, microBatch, efficiency.decodeCompute));
  // A micro-batch's activations cross every stage boundary once per step.
  const links = allReduce(machine, work.model, microBatch) + pipelineHopSeconds(machine.topology, work.model, microBatch);
  // Each kernel is its own roofline: the weight GEMMs stream the weights or compute, then
  // attention streams the KV cache or computes; one does not hide under the other.
  const held = { compute: 0, memory: 0 };
  for (const [computing, streaming] of [[compute.gemms, weights], [compute.attention, kv]] as const) {
    if (computing >= streaming) held.compute += computing;
    else held.memory += streaming;
  }
  const step = phase(compute.gemms + compute.attention, weights + kv, links, overheadSeconds(machine, work.model), held);
  return { ...step, kernels: { gemmCompute: compute.gemms, weights, attentionCompute: compute.attention, kv } };
}

/**
 * Prefill of one request of `tokens` prompt tokens, alone on the replica: compute-
 * bound for real prompts, memory-bound only for tiny ones. Pipeline stages run one
 * after another for a single request, so only tensor parallelism shortens it.
 */
export function prefillAlone(machine: Machine, work: Workload, tokens: number): PhaseTime {
  const { tensor, efficiency } = machine;
  const compute = computeSeconds(machine, work, promptPass(tokens), tensor, efficiency.prefillCompute, gemmShare(machine, work, tokens, efficiency.prefillCompute));
  const memory = weightBytesRead(work.model, work.precision, tokens, expertEngines(machine)) / (tensor * machine.bandwidth * efficiency.decodeBandwidth);
  const links = allReduce(machine, work.model, tokens) + pipelineHopSeconds(machine.topology, work.model, tokens);
  return phase(compute, memory, links, overheadSeconds(machine, work.model));
}

/** Compute time prefill of one request adds to a busy replica, where pipeline stages work in parallel. */
export function prefillShare(machine: Machine, work: Workload, tokens: number): number {
  const { own, spread } = prefillShareParts(machine, work, tokens);
  return own + spread;
}

/**
 * prefillShare in two parts, for engines whose experts are split over them (see
 * rankImbalance.ts): `spread`, the routed experts' FLOPs, which the dispatch hands to every
 * engine's chips alike, and `own`, the rest — attention, the dense and shared layers, the
 * links its tokens cross — which the engine that took the prompt runs alone. With one engine
 * (no data parallelism, or experts not split over the engines) everything is `own`.
 */
export function prefillShareParts(machine: Machine, work: Workload, tokens: number, batched = 1): { readonly own: number; readonly spread: number } {
  const { tensor, pipeline, efficiency } = machine;
  const pass = promptPass(tokens);
  // Prompts that arrive on one step run in one pass: their GEMMs are as wide as all their
  // tokens, and each all-reduce's latency is paid once for all of them.
  const prompts = Math.max(1, batched);
  const passTokens = tokens * prompts;
  const { gemms, attention, routed } = computeParts(machine, work, pass, tensor * pipeline, efficiency.prefillCompute, gemmShare(machine, work, passTokens, efficiency.prefillCompute));
  const links = (allReduce(machine, work.model, passTokens) + pipelineHopSeconds(machine.topology, work.model, passTokens)) / (pipeline * prompts);
  const spread = expertEngines(machine) > 1 ? routed : 0;
  return { own: gemms + attention - spread + links, spread };
}

/** A prompt of `tokens` tokens: causal attention, so each token sees half the prompt on average. */
function promptPass(tokens: number): Pass {
  return { tokens, context: tokens / 2, phase: 'prefill' };
}
