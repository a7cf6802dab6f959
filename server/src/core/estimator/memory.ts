import type { Chip, Model, Precision } from '../catalog/types';
import type { EstimateInput } from './types';

/**
 * Bytes stored per weight. Four-bit formats carry block scales: NVFP4 keeps one
 * fp8 scale per 16 values (4.5 bits); int4 (AWQ/GPTQ, group 128) keeps an fp16
 * scale and zero point per 128 values (~4.25 bits).
 */
export const BYTES_PER_WEIGHT: Readonly<Record<Precision, number>> = {
  fp32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5 + 4 / 128,
  fp4: 0.5 + 1 / 16,
};

/** Bytes per KV-cache element; caches keep no block scales worth counting. */
export const BYTES_PER_KV_ELEMENT: Readonly<Record<Precision, number>> = {
  fp32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
  fp4: 0.5,
};

const GB = 1e9;

/**
 * An MoE model's parameters split into the part every token uses (attention,
 * dense layers, shared experts, embeddings) and the routed experts, derived from
 * the published total and active counts: active = dense + experts × k/E.
 */
export function parameterSplit(model: Model): { readonly denseB: number; readonly expertsB: number } {
  const moe = model.moe;
  const active = model.activeParametersB;
  if (!moe || active === undefined || moe.experts <= moe.activeExperts) {
    return { denseB: model.parametersB, expertsB: 0 };
  }
  const routedShare = moe.activeExperts / moe.experts;
  const expertsB = Math.max(0, (model.parametersB - active) / (1 - routedShare));
  return { denseB: model.parametersB - expertsB, expertsB };
}

/**
 * Intermediate width of one routed expert, derived from the parameter counts: a gated
 * expert (gate, up and down projections, as every MoE model in the catalog has) holds
 * 3 × hidden × width weights. Undefined for a dense model.
 */
export function expertWidth(model: Model): number | undefined {
  const moe = model.moe;
  const { expertsB } = parameterSplit(model);
  if (!moe || !(expertsB > 0)) return undefined;
  return (expertsB * 1e9) / (moe.experts * moeLayerCount(model) * 3 * model.hiddenSize);
}

/** Layers with experts: the model's `moeLayers`, else all of them; none for a dense model. */
export function moeLayerCount(model: Model): number {
  return model.moe ? Math.min(model.layers, model.moe.moeLayers ?? model.layers) : 0;
}

export function activeParametersB(model: Model): number {
  return model.activeParametersB ?? model.parametersB;
}

export function weightBytes(model: Model, precision: Precision): number {
  return model.parametersB * 1e9 * BYTES_PER_WEIGHT[precision];
}

/**
 * Weight bytes one engine's chips hold. All of them, except when the routed experts
 * are split over the data-parallel engines too (expert parallelism over tensor ×
 * data ranks): each engine then holds the shared part and 1/engines of the experts.
 */
export function engineWeightBytes(input: Pick<EstimateInput, 'model' | 'precision' | 'expertParallel' | 'dataParallel'>): number {
  const all = weightBytes(input.model, input.precision);
  const engines = input.dataParallel ?? 1;
  if (input.expertParallel === undefined || engines <= 1) return all;
  const experts = parameterSplit(input.model).expertsB * 1e9 * BYTES_PER_WEIGHT[input.precision];
  return all - experts * (1 - 1 / engines);
}

/**
 * Weight bytes one engine streams in a step of `tokens` tokens: every dense parameter,
 * plus the routed experts the step touches. With k of E experts chosen per token, a
 * given expert is untouched with probability (1 − k/E)^tokens.
 *
 * When the experts are split over `engines` data-parallel engines (expert parallelism
 * over tensor × data ranks), every engine's tokens meet at the experts: a step touches
 * the experts chosen by `tokens × engines` tokens, and each engine holds, so streams,
 * 1/engines of them. Each engine still streams its own copy of the dense part.
 */
export function weightBytesRead(model: Model, precision: Precision, tokens: number, engines = 1): number {
  const { denseB, expertsB } = parameterSplit(model);
  const moe = model.moe;
  const touched = moe && expertsB > 0 ? expertsTouched(moe.activeExperts / moe.experts, tokens * engines) : 1;
  return (denseB + (expertsB * touched) / engines) * 1e9 * BYTES_PER_WEIGHT[precision];
}

/** The share of the routed experts `tokens` tokens touch when each picks `share` of them. */
export function expertsTouched(share: number, tokens: number): number {
  return 1 - Math.pow(1 - share, Math.max(1, tokens));
}

/**
 * KV-cache bytes one token adds in one full-attention layer: keys and values for
 * each KV head (GQA), or MLA's compressed latent plus its rotary key.
 */
export function kvBytesPerTokenPerLayer(model: Model, kvPrecision: Precision): number {
  const bytes = BYTES_PER_KV_ELEMENT[kvPrecision];
  if (model.mla) return (model.mla.kvLoraRank + model.mla.qkRopeHeadDim) * bytes;
  return 2 * model.kvHeads * model.headDim * bytes;
}

/** KV bytes per token across all layers, before any sliding window caps it. */
export function kvBytesPerToken(model: Model, kvPrecision: Precision): number {
  return kvBytesPerTokenPerLayer(model, kvPrecision) * model.layers;
}

/** KV bytes one sequence of `tokens` tokens holds: sliding-window layers keep only their window. */
export function kvBytesForSequence(model: Model, kvPrecision: Precision, tokens: number): number {
  const perLayer = kvBytesPerTokenPerLayer(model, kvPrecision);
  const sliding = model.slidingWindow;
  if (!sliding) return perLayer * model.layers * tokens;
  const slidingLayers = Math.min(sliding.layers, model.layers);
  return perLayer * ((model.layers - slidingLayers) * tokens + slidingLayers * Math.min(tokens, sliding.windowTokens));
}

/**
 * How many copies of the KV cache tensor parallelism keeps. GQA splits KV heads
 * across ranks and replicates them when ranks outnumber heads; MLA's latent cache
 * is not split by head, so every rank holds all of it.
 */
export function kvReplication(model: Model, tensor: number): number {
  if (model.mla) return tensor;
  return Math.max(1, tensor / model.kvHeads);
}

/**
 * Where a chip keeps weights, and how much of it: device memory, or on-chip SRAM
 * for wafer-scale and LPU parts. Capacity alone decides fit; bandwidth is
 * undefined when not published (then only speed is unknown).
 */
export function chipMemory(chip: Chip): { readonly gb: number; readonly bandwidthGBps: number | undefined; readonly kind: 'device' | 'sram' } | undefined {
  if ((chip.type === 'wafer' || chip.type === 'lpu') && chip.sramMB !== undefined) {
    return { gb: chip.sramMB / 1000, bandwidthGBps: chip.sramBandwidthGBps, kind: 'sram' };
  }
  if (chip.memoryGB !== undefined) {
    return { gb: chip.memoryGB, bandwidthGBps: chip.memoryBandwidthGBps, kind: 'device' };
  }
  return undefined;
}

export function toGB(bytes: number): number {
  return bytes / GB;
}
