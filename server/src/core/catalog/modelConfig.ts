import type { Precision } from './types';

/**
 * Reads a Hugging Face config.json into the catalog's architecture figures. Every
 * figure comes from a named config key; a figure the config does not give is
 * undefined, and `notes` says how each derived figure was obtained.
 */

/*
 * Shared by the catalog generator (scripts/models) and the local model files a trusted
 * workspace may add (node/models.ts), so both read a config the same way. Pure.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Config = { readonly [key: string]: Json };

export interface Architecture {
  readonly modelType: string;
  readonly layers: number;
  readonly hiddenSize: number;
  readonly intermediateSize: number | undefined;
  readonly attentionHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly vocabSize: number | undefined;
  readonly maxPositions: number | undefined;
  readonly torchDtype: string | undefined;
  readonly quantMethod: string | undefined;
  readonly moe:
    | { readonly experts: number; readonly activeExperts: number; readonly sharedExperts: number; readonly moeLayers: number; readonly expertWidth: number | undefined }
    | undefined;
  readonly mla: { readonly kvLoraRank: number; readonly qkRopeHeadDim: number } | undefined;
  readonly slidingWindow: { readonly windowTokens: number; readonly layers: number } | undefined;
  /** Why a figure is what it is, by field, when it is not a config key read verbatim. */
  readonly notes: Readonly<Record<string, string>>;
}

/** The decoder's keys: a multimodal config keeps them in text_config (Llama 4, Gemma 3, Qwen3-VL, Mistral 3). */
export function textConfig(config: Config): Config {
  const text = config['text_config'];
  return isObject(text) ? { ...config, ...text } : config;
}

export function readArchitecture(raw: Config): Architecture {
  const c = textConfig(raw);
  const notes: Record<string, string> = {};
  const modelType = str(c['model_type']) ?? 'unknown';
  const layers = need(c, ['num_hidden_layers', 'n_layer', 'num_layers']);
  const hiddenSize = need(c, ['hidden_size', 'n_embd', 'd_model']);
  const attentionHeads = need(c, ['num_attention_heads', 'n_head']);

  let kvHeads = num(c['num_key_value_heads']) ?? num(c['num_kv_heads']);
  if (kvHeads === undefined) {
    if (c['multi_query'] === true) {
      kvHeads = 1;
      notes['kvHeads'] = 'config multi_query: true (one KV head)';
    } else {
      kvHeads = attentionHeads;
      notes['kvHeads'] = 'config has no num_key_value_heads: multi-head attention, one KV head per head';
    }
  }

  const kvLoraRank = num(c['kv_lora_rank']);
  const qkRopeHeadDim = num(c['qk_rope_head_dim']);
  const mla = kvLoraRank !== undefined && qkRopeHeadDim !== undefined ? { kvLoraRank, qkRopeHeadDim } : undefined;

  let headDim = num(c['head_dim']);
  if (mla) {
    headDim = num(c['v_head_dim']) ?? headDim ?? hiddenSize / attentionHeads;
    notes['headDim'] = `MLA has no single head_dim: v_head_dim ${headDim} (q/k heads are qk_nope_head_dim ${num(c['qk_nope_head_dim'])} + qk_rope_head_dim ${qkRopeHeadDim}); the KV cache is the latent, see mla`;
  } else if (headDim === undefined) {
    headDim = hiddenSize / attentionHeads;
    notes['headDim'] = `config.json has no head_dim: hidden_size / num_attention_heads = ${hiddenSize} / ${attentionHeads}`;
  } else if (headDim * attentionHeads !== hiddenSize) {
    notes['headDim'] = `config.json head_dim. TRAP: ${attentionHeads} x ${headDim} = ${attentionHeads * headDim} != hidden_size ${hiddenSize}`;
  } else {
    notes['headDim'] = 'config.json head_dim';
  }
  if (!Number.isInteger(headDim)) throw new Error(`head dimension ${headDim} is not an integer`);

  const moe = readMoe(c, layers, notes);
  const intermediateSize = num(c['intermediate_size']) ?? num(c['n_inner']) ?? num(c['ffn_hidden_size']);
  if (moe && intermediateSize !== undefined && moe.expertWidth !== undefined && moe.expertWidth !== intermediateSize) {
    notes['intermediateSize'] =
      moe.moeLayers < layers
        ? `config intermediate_size: the dense layers' FFN width; each expert is ${moe.expertWidth} wide`
        : `config intermediate_size, unused by the MoE layers (every layer is MoE); each expert is ${moe.expertWidth} wide`;
  } else if (moe) {
    notes['intermediateSize'] = 'config intermediate_size: the width of each expert';
  }

  const maxPositions = num(c['max_position_embeddings']) ?? num(c['n_positions']) ?? num(c['seq_length']) ?? num(c['max_sequence_length']);

  return {
    modelType,
    layers,
    hiddenSize,
    intermediateSize,
    attentionHeads,
    kvHeads,
    headDim,
    vocabSize: num(c['vocab_size']) ?? num(c['padded_vocab_size']),
    maxPositions,
    torchDtype: str(c['torch_dtype']) ?? str(c['dtype']) ?? str(raw['torch_dtype']) ?? str(raw['dtype']),
    quantMethod: quantMethodOf(raw['quantization_config']) ?? quantMethodOf(c['quantization_config']),
    moe,
    mla,
    slidingWindow: readSlidingWindow(c, modelType, layers, maxPositions, notes),
    notes,
  };
}

function readMoe(c: Config, layers: number, notes: Record<string, string>): Architecture['moe'] {
  const experts = num(c['num_local_experts']) ?? num(c['n_routed_experts']) ?? num(c['num_experts']) ?? num(c['moe_num_experts']);
  const activeExperts = num(c['num_experts_per_tok']) ?? num(c['experts_per_token']) ?? num(c['moe_top_k']) ?? num(c['num_experts_per_token']);
  if (experts === undefined || activeExperts === undefined || experts <= 1) return undefined;
  const shared =
    num(c['n_shared_experts']) ??
    num(c['num_shared_experts']) ??
    ((num(c['shared_expert_intermediate_size']) ?? 0) > 0 ? 1 : undefined) ??
    (str(c['model_type'])?.startsWith('llama4') ? 1 : 0);
  let moeLayers = layers;
  const firstDense = num(c['first_k_dense_replace']);
  const sparseStep = num(c['decoder_sparse_step']);
  const interleave = num(c['interleave_moe_layer_step']);
  const mlpOnly = Array.isArray(c['mlp_only_layers']) ? c['mlp_only_layers'].filter((v): v is number => typeof v === 'number') : [];
  const moeLayerFreq = num(c['moe_layer_freq']);
  if (firstDense !== undefined) {
    const freq = moeLayerFreq ?? 1;
    moeLayers = range(layers).filter((i) => i >= firstDense && i % freq === 0).length;
    notes['moeLayers'] = `first_k_dense_replace ${firstDense}: the first ${firstDense} of ${layers} layers are dense`;
  } else if (sparseStep !== undefined || mlpOnly.length > 0) {
    const step = sparseStep ?? 1;
    moeLayers = range(layers).filter((i) => !mlpOnly.includes(i) && (i + 1) % step === 0).length;
    notes['moeLayers'] = `decoder_sparse_step ${step}, mlp_only_layers [${mlpOnly.join(', ')}]`;
  } else if (interleave !== undefined) {
    moeLayers = Math.floor(layers / interleave);
    notes['moeLayers'] = `interleave_moe_layer_step ${interleave}`;
  } else {
    notes['moeLayers'] = 'every layer is MoE';
  }
  const expertWidth = num(c['moe_intermediate_size']) ?? num(c['expert_intermediate_size']) ?? num(c['intermediate_size']);
  return { experts, activeExperts, sharedExperts: shared, moeLayers, expertWidth };
}

/**
 * Which layers attend within a window. Newer configs list layer_types; older
 * families follow a fixed pattern that their modelling code (not the config) states.
 */
function readSlidingWindow(
  c: Config,
  modelType: string,
  layers: number,
  maxPositions: number | undefined,
  notes: Record<string, string>,
): Architecture['slidingWindow'] {
  const window = num(c['sliding_window']);
  if (window === undefined || c['use_sliding_window'] === false) return undefined;
  if (maxPositions !== undefined && window >= maxPositions) return undefined;
  const types = c['layer_types'];
  if (Array.isArray(types)) {
    const sliding = types.filter((t) => t === 'sliding_attention').length;
    notes['slidingWindow'] = `config layer_types: ${sliding} sliding_attention of ${types.length}`;
    return sliding > 0 ? { windowTokens: window, layers: sliding } : undefined;
  }
  const pattern = num(c['sliding_window_pattern']);
  if (modelType === 'gemma2') {
    notes['slidingWindow'] = 'Gemma 2 alternates local (even layers) and global attention';
    return { windowTokens: window, layers: Math.ceil(layers / 2) };
  }
  if (pattern !== undefined) {
    notes['slidingWindow'] = `sliding_window_pattern ${pattern}: every ${pattern}th layer is global, the others local`;
    return { windowTokens: window, layers: layers - Math.floor(layers / pattern) };
  }
  if (modelType.startsWith('gemma3')) {
    notes['slidingWindow'] = 'Gemma 3: 5 local layers per global one (Transformers default sliding_window_pattern 6)';
    return { windowTokens: window, layers: layers - Math.floor(layers / 6) };
  }
  notes['slidingWindow'] = 'config sliding_window, on every layer';
  return { windowTokens: window, layers };
}

/** The precision of the published weights: a quantization_config's method (fp8, mxfp4), else torch_dtype. */
export function nativePrecisionOf(arch: Architecture): Precision | undefined {
  if (arch.quantMethod === 'fp8') return 'fp8';
  if (arch.quantMethod === 'mxfp4') return 'fp4';
  if (arch.quantMethod !== undefined) return undefined;
  const dtypes: Readonly<Record<string, Precision>> = { bfloat16: 'bf16', float16: 'fp16', float32: 'fp32' };
  return dtypes[arch.torchDtype ?? ''];
}

function quantMethodOf(value: Json | undefined): string | undefined {
  if (!isObject(value)) return undefined;
  return str(value['quant_method']) ?? str(value['quant_algo']);
}

function need(c: Config, keys: readonly string[]): number {
  for (const key of keys) {
    const value = num(c[key]);
    if (value !== undefined) return value;
  }
  throw new Error(`config.json has none of ${keys.join(', ')}`);
}

export function num(value: Json | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function str(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
