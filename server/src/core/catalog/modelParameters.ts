import { num, textConfig, type Architecture, type Config } from './modelConfig';

/**
 * The exact weight count of a decoder from its config.json: embeddings, attention
 * (with biases and q/k norms where the family has them), gated MLPs or experts,
 * norms and an untied output head. The multi-token-prediction layers DeepSeek ships
 * for speculative decoding are not counted (serving engines load them only for MTP).
 * Returns undefined for a family whose layer layout is not written out here: its
 * entry needs the count its model card states.
 */
export function countParameters(raw: Config, arch: Architecture): { total: number; active: number | undefined } | undefined {
  const family = FAMILIES[arch.modelType];
  const c = textConfig(raw);
  if (!family || arch.vocabSize === undefined) return undefined;
  const tied = typeof c['tie_word_embeddings'] === 'boolean' ? c['tie_word_embeddings'] : family.tiedByDefault;
  const h = arch.hiddenSize;
  // A LayerNorm carries a bias as well as a weight.
  const normWidth = family.layerNorm ? 2 * h : h;
  const embeddings = arch.vocabSize * h * (tied ? 1 : 2) + normWidth;

  const biased = family.biases === true || (family.biasesWhen !== undefined && c[family.biasesWhen] === true);
  const attention = arch.mla ? mlaAttention(c, arch) : standardAttention(arch, family, c['use_qk_norm'] === true, biased, family.qkvBiasWhen !== undefined && c[family.qkvBiasWhen] === true);
  const norms = normWidth * family.normsPerLayer;
  const width = arch.intermediateSize ?? 0;
  const mlpBiases = biased && family.biasScope !== 'attention';
  const dense = (family.plainMlp ? 2 : 3) * h * width + (mlpBiases ? width + h : 0);
  const moe = arch.moe;
  if (!moe) return { total: embeddings + arch.layers * (attention + norms + dense), active: undefined };

  const expertWidth = moe.expertWidth ?? 0;
  const expert = 3 * h * expertWidth;
  const router = h * moe.experts + (c['topk_method'] === 'noaux_tc' ? moe.experts : 0);
  const shared = sharedExperts(c, arch, h);
  const moeLayer = moe.experts * expert + router + shared;
  const total = embeddings + arch.layers * (attention + norms) + moe.moeLayers * moeLayer + (arch.layers - moe.moeLayers) * dense;
  const active = total - moe.moeLayers * (moe.experts - moe.activeExperts) * expert;
  return { total, active };
}

interface Family {
  readonly tiedByDefault: boolean;
  /** Norm vectors per layer, each hidden_size wide. */
  readonly normsPerLayer: number;
  /** Biases on q, k and v (Qwen2). */
  readonly qkvBias: boolean;
  /** RMS norms on each query and key head (Qwen3, Gemma 3). */
  readonly qkNorm: boolean;
  /** Norms over all query and all key heads when the config says use_qk_norm (Command R+). */
  readonly qkNormWhenAsked?: boolean;
  /** RMS norms on each query and key head when the config says use_qk_norm (GLM-4.5). */
  readonly qkNormPerHeadWhenAsked?: boolean;
  /** Norms over all query and all key heads, always (OLMo 2). */
  readonly qkNormFull?: boolean;
  /** LayerNorms (weight and bias) instead of RMS norms (StarCoder2, StableLM). */
  readonly layerNorm?: boolean;
  /** An MLP of two matrices (up, down) instead of a gated one of three (StarCoder2). */
  readonly plainMlp?: boolean;
  /** The config key that, when true, puts biases on q, k, v, o and both MLP matrices (StarCoder2 use_bias). */
  readonly biasesWhen?: string;
  /** Biases on q, k, v, o and the MLP matrices, always (GPT-NeoX). */
  readonly biases?: boolean;
  /** Where those biases are: every projection (default) or the attention's only (InternLM). */
  readonly biasScope?: 'attention' | 'all';
  /** The config key that, when true, puts biases on q, k and v (StableLM use_qkv_bias). */
  readonly qkvBiasWhen?: string;
}

const llamaLike: Family = { tiedByDefault: false, normsPerLayer: 2, qkvBias: false, qkNorm: false };
const FAMILIES: Readonly<Record<string, Family>> = {
  llama: llamaLike,
  mistral: llamaLike,
  mixtral: llamaLike,
  phi3: llamaLike,
  qwen2: { ...llamaLike, qkvBias: true },
  qwen2_moe: { ...llamaLike, qkvBias: true },
  qwen2_5_vl: { ...llamaLike, qkvBias: true },
  // MiMo: the Qwen2 layout; its multi-token-prediction layer is not counted (as DeepSeek's).
  mimo: { ...llamaLike, qkvBias: true },
  qwen3: { ...llamaLike, qkNorm: true },
  qwen3_moe: { ...llamaLike, qkNorm: true },
  qwen3_vl_text: { ...llamaLike, qkNorm: true },
  qwen3_vl_moe_text: { ...llamaLike, qkNorm: true },
  ministral3: llamaLike,
  internlm2: llamaLike,
  internlm3: llamaLike,
  // OLMo 2: norms after attention and after the MLP (none before), and a norm over all query and key heads.
  olmo2: { ...llamaLike, qkNormFull: true },
  olmo3: { ...llamaLike, qkNormFull: true },
  baichuan: llamaLike,
  // GLM-4.5/4.6/4.7 MoE and GLM-4.7-Flash (MLA); their MTP layers are not counted.
  glm4_moe: { ...llamaLike, qkvBiasWhen: 'attention_bias', qkNormPerHeadWhenAsked: true },
  glm4_moe_lite: llamaLike,
  // DeepSeek Sparse Attention (DeepSeek-V3.2, GLM-5): the lightning indexer's weights are not counted.
  deepseek_v32: llamaLike,
  glm_moe_dsa: llamaLike,
  step3p7: llamaLike,
  minicpm: llamaLike,
  deepseek: llamaLike,
  phi3_v: llamaLike,
  // StarCoder2: LayerNorms, a plain GELU MLP, biases everywhere when use_bias, tied embeddings by default.
  starcoder2: { ...llamaLike, tiedByDefault: true, layerNorm: true, plainMlp: true, biasesWhen: 'use_bias' },
  // Orion: the Llama layout with LayerNorms.
  orion: { ...llamaLike, layerNorm: true },
  // GPT-NeoX (RedPajama-INCITE): LayerNorms, a plain GELU MLP, biases on every projection.
  gpt_neox: { ...llamaLike, layerNorm: true, plainMlp: true, biases: true },
  // InternLM (v1): the Llama layout with q/k/v/o biases when bias.
  internlm: { ...llamaLike, biasesWhen: 'bias', biasScope: 'attention' },
  // StableLM 2: LayerNorms, q/k/v biases when use_qkv_bias.
  stablelm: { ...llamaLike, layerNorm: true, qkvBiasWhen: 'use_qkv_bias' },
  // EXAONE 4: norms after attention and after the MLP, and per-head q/k norms (as Qwen3).
  exaone4: { ...llamaLike, qkNorm: true },
  // MiniMax-M2: a norm over all query and all key heads when use_qk_norm (qk_norm_type per_layer); MTP modules not counted.
  minimax_m2: { ...llamaLike, qkNormWhenAsked: true },
  granite: { ...llamaLike, tiedByDefault: true },
  // Cohere (Command R): one LayerNorm per layer (attention and MLP run in parallel on it), tied embeddings.
  cohere: { ...llamaLike, tiedByDefault: true, normsPerLayer: 1, qkNormWhenAsked: true },
  gemma: { ...llamaLike, tiedByDefault: true },
  gemma2: { ...llamaLike, tiedByDefault: true, normsPerLayer: 4 },
  gemma3_text: { ...llamaLike, tiedByDefault: true, normsPerLayer: 4, qkNorm: true },
  deepseek_v2: llamaLike,
  deepseek_v3: llamaLike,
  kimi_k2: llamaLike,
};

function standardAttention(arch: Architecture, family: Family, useQkNorm: boolean, biased: boolean, qkvBiasAsked = false): number {
  const { hiddenSize: h, attentionHeads: heads, kvHeads: kv, headDim: d } = arch;
  const projections = h * heads * d * 2 + h * kv * d * 2;
  const bias = family.qkvBias || biased || qkvBiasAsked ? heads * d + 2 * kv * d + (biased ? h : 0) : 0;
  const qkNorm = family.qkNorm || (family.qkNormPerHeadWhenAsked && useQkNorm) ? 2 * d : family.qkNormFull || (family.qkNormWhenAsked && useQkNorm) ? (heads + kv) * d : 0;
  return projections + bias + qkNorm;
}

/** DeepSeek's multi-head latent attention: low-rank query and key/value projections with their norms. */
function mlaAttention(c: Config, arch: Architecture): number {
  const h = arch.hiddenSize;
  const heads = arch.attentionHeads;
  const nope = num(c['qk_nope_head_dim']) ?? 0;
  const rope = arch.mla?.qkRopeHeadDim ?? 0;
  const v = num(c['v_head_dim']) ?? 0;
  const kvRank = arch.mla?.kvLoraRank ?? 0;
  const qRank = num(c['q_lora_rank']);
  const query = qRank !== undefined ? h * qRank + qRank + qRank * heads * (nope + rope) : h * heads * (nope + rope);
  const keyValue = h * (kvRank + rope) + kvRank + kvRank * heads * (nope + v);
  return query + keyValue + heads * v * h;
}

/** Always-on experts: DeepSeek's n_shared_experts of the expert width; Qwen2-MoE's one shared expert with its own width and gate. */
function sharedExperts(c: Config, arch: Architecture, h: number): number {
  const qwenShared = num(c['shared_expert_intermediate_size']);
  if (qwenShared !== undefined && qwenShared > 0) return 3 * h * qwenShared + h;
  return (arch.moe?.sharedExperts ?? 0) * 3 * h * (arch.moe?.expertWidth ?? 0);
}
