/**
 * What each LLM serving engine's command line accepts, as far as reading a
 * deployment needs: the options whose values we read, the other valued options
 * (so their values are never taken for the model), common flags, and the options
 * only one engine has (to name the engine of a bare argument list).
 */

import type { Token } from './shell';

/** What a serving command line says about the deployment. Absent fields were not given. */
export interface ServingOptions {
  readonly engine: 'vllm' | 'sglang' | 'tgi' | 'trtllm' | 'unknown';
  readonly model?: string;
  readonly tensorParallel?: number;
  readonly pipelineParallel?: number;
  /** Engines of tensor × pipeline accelerators serving side by side (vLLM `--data-parallel-size`, SGLang `--dp-size`). */
  readonly dataParallel?: number;
  /** Of those, the ones on this node (vLLM `--data-parallel-size-local`); the rest run on other nodes. */
  readonly dataParallelLocal?: number;
  readonly maxModelLen?: number;
  readonly quantization?: string;
  readonly dtype?: string;
  readonly kvCacheDtype?: string;
  readonly maxNumSeqs?: number;
  /** vLLM's platform-specific settings, a JSON object (vLLM TPU reads its Qwix quantization rules from it). */
  readonly additionalConfig?: string;
  /** vLLM's RoPE scaling (`--rope-scaling`, a JSON object): the model's context stretched beyond what it was trained for. */
  readonly ropeScaling?: string;
  /** vLLM's overrides of the model's config (`--hf-overrides`, JSON), which may stretch its context the same way. */
  readonly hfOverrides?: string;
  /** Chips the MoE experts are split over, as written (SGLang `--ep-size`). */
  readonly expertParallelSize?: number;
  /** A flag that splits the MoE experts over the parallel group (vLLM `--enable-expert-parallel`). */
  readonly expertParallel?: boolean;
  /**
   * SGLang's data-parallel attention (`--enable-dp-attention`): its `--dp` ranks split
   * the attention inside the tensor group, on the same GPUs, rather than run engines of their own.
   */
  readonly dataParallelAttention?: boolean;
  /** The attention kernels the engine is told to run (SGLang `--attention-backend`), as written. */
  readonly attentionBackend?: string;
}


/** Where each option's VALUE was written (offsets into the same source as the tokens), for diagnostics. */
export type ServingSpans = Partial<Record<keyof Omit<ServingOptions, 'engine'>, { start: number; end: number }>>;

/** Option values written as shell expansions (`$TP`, `${MODEL}`), as written and where. */
export type ServingUnresolved = Partial<Record<keyof Omit<ServingOptions, 'engine'>, Token>>;

export type Engine = ServingOptions['engine'];
export type KnownEngine = Exclude<Engine, 'unknown'>;
export type Field = keyof Omit<ServingOptions, 'engine' | Switch>;
/** Options read by their presence alone (flags), not by a value. */
export type Switch = 'expertParallel' | 'dataParallelAttention';

const NUMBER_FIELDS = ['tensorParallel', 'pipelineParallel', 'dataParallel', 'dataParallelLocal', 'maxModelLen', 'maxNumSeqs', 'expertParallelSize'] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];
export type StringField = Exclude<Field, NumberField>;

export function isNumberField(field: Field): field is NumberField {
  return (NUMBER_FIELDS as readonly Field[]).includes(field);
}
/** What one engine's command line accepts, as far as reading it needs. */
export interface OptionTable {
  /** Options whose value we read, by name. */
  readonly fields: ReadonlyMap<string, Field>;
  /** Flags whose presence we read, by name. */
  readonly switches: ReadonlyMap<string, Switch>;
  /**
   * Other options known to take a value. They are listed so that their value is
   * skipped and never taken for the positional model (`--port 8000 MODEL`).
   */
  readonly valued: ReadonlySet<string>;
  /**
   * Common flags. An option in no list is also taken to be a flag, but a word
   * right after it might be its value, so it is not taken for the model.
   */
  readonly flags: ReadonlySet<string>;
  /** Value-taking options only this engine has: enough to name the engine of a bare argument list. */
  readonly signature: ReadonlySet<string>;
  /** Count options that also accept suffixes, as vLLM's `--max-model-len 32k`. */
  readonly suffixedCounts: ReadonlySet<string>;
}

interface TableSource {
  readonly fields: Partial<Record<Field, readonly string[]>>;
  readonly switches?: Partial<Record<Switch, readonly string[]>>;
  readonly valued: readonly string[];
  readonly flags: readonly string[];
  readonly signature: readonly string[];
  readonly suffixedCounts?: readonly string[];
}

function optionTable(source: TableSource): OptionTable {
  const fields = new Map<string, Field>();
  for (const [field, names] of Object.entries(source.fields) as [Field, readonly string[]][]) {
    for (const name of names) fields.set(name, field);
  }
  const switches = new Map<string, Switch>();
  for (const [field, names] of Object.entries(source.switches ?? {}) as [Switch, readonly string[]][]) {
    for (const name of names) switches.set(name, field);
  }
  return {
    fields,
    switches,
    valued: new Set(source.valued),
    flags: new Set(source.flags),
    signature: new Set(source.signature),
    suffixedCounts: new Set(source.suffixedCounts ?? []),
  };
}

// vLLM `vllm serve` / `python -m vllm.entrypoints.openai.api_server` (engine args and server args).
const VLLM = optionTable({
  fields: {
    model: ['--model'],
    tensorParallel: ['--tensor-parallel-size', '-tp'],
    pipelineParallel: ['--pipeline-parallel-size', '-pp'],
    dataParallel: ['--data-parallel-size', '-dp'],
    dataParallelLocal: ['--data-parallel-size-local', '-dpl'],
    maxModelLen: ['--max-model-len'],
    quantization: ['--quantization', '-q'],
    dtype: ['--dtype'],
    kvCacheDtype: ['--kv-cache-dtype'],
    maxNumSeqs: ['--max-num-seqs'],
    additionalConfig: ['--additional-config'],
    ropeScaling: ['--rope-scaling'],
    hfOverrides: ['--hf-overrides'],
  },
  // Experts split over the tensor × data parallel ranks (vLLM's expert-parallel deployment docs).
  switches: { expertParallel: ['--enable-expert-parallel'] },
  valued: [
    '--host', '--port', '--served-model-name', '--tokenizer', '--tokenizer-mode', '--revision', '--download-dir',
    '--load-format', '--gpu-memory-utilization', '--max-num-batched-tokens', '--swap-space', '--block-size', '--seed',
    '--data-parallel-start-rank', '-dpr', '--data-parallel-address', '-dpa', '--data-parallel-rpc-port', '-dpp',
    '--data-parallel-backend', '-dpb', '--distributed-executor-backend', '--api-key', '--chat-template', '--tool-call-parser',
    '--reasoning-parser', '--limit-mm-per-prompt', '--cpu-offload-gb', '--speculative-config', '--config',
    '--generation-config', '--compilation-config', '--kv-transfer-config', '--lora-modules', '--max-lora-rank', '--max-loras',
    '--max-logprobs', '--uvicorn-log-level', '--root-path', '--ssl-keyfile', '--ssl-certfile',
  ],
  flags: [
    '--trust-remote-code', '--enforce-eager', '--enable-prefix-caching', '--no-enable-prefix-caching',
    '--enable-chunked-prefill', '--no-enable-chunked-prefill', '--disable-log-requests', '--disable-log-stats',
    '--enable-auto-tool-choice', '--enable-expert-parallel', '--enable-lora', '--disable-custom-all-reduce', '--headless',
    '--data-parallel-hybrid-lb', '--data-parallel-external-lb',
  ],
  signature: [
    '--max-model-len', '--max-num-seqs', '-tp', '-pp', '-q', '--gpu-memory-utilization', '--max-num-batched-tokens',
    '--swap-space', '--distributed-executor-backend', '--cpu-offload-gb', '--speculative-config',
  ],
  // vLLM reads `--max-model-len` with `human_readable_int`: 1k = 1000, 1K = 1024.
  suffixedCounts: ['--max-model-len'],
});

// SGLang `python -m sglang.launch_server` (`--tp`, `--pp` and `--dp` are argparse abbreviations it documents).
const SGLANG = optionTable({
  fields: {
    model: ['--model-path', '--model'],
    tensorParallel: ['--tp', '--tp-size', '--tensor-parallel-size'],
    pipelineParallel: ['--pp', '--pp-size', '--pipeline-parallel-size'],
    dataParallel: ['--dp', '--dp-size', '--data-parallel-size'],
    maxModelLen: ['--context-length'],
    quantization: ['--quantization'],
    dtype: ['--dtype'],
    kvCacheDtype: ['--kv-cache-dtype'],
    maxNumSeqs: ['--max-running-requests'],
    expertParallelSize: ['--ep', '--ep-size', '--expert-parallel-size'],
    attentionBackend: ['--attention-backend'],
  },
  // SGLang's older switch for its expert-parallel MoE kernels (experts over the tensor group).
  switches: { expertParallel: ['--enable-ep-moe'], dataParallelAttention: ['--enable-dp-attention'] },
  valued: [
    '--host', '--port', '--served-model-name', '--tokenizer-path', '--revision', '--download-dir', '--load-format',
    '--mem-fraction-static', '--max-total-tokens', '--max-prefill-tokens', '--chunked-prefill-size', '--schedule-policy',
    '--random-seed',
    '--chat-template', '--tool-call-parser', '--reasoning-parser', '--nnodes', '--node-rank',
    '--dist-init-addr', '--cuda-graph-max-bs', '--speculative-algorithm', '--log-level', '--api-key', '--stream-interval',
  ],
  flags: ['--trust-remote-code', '--enable-torch-compile', '--disable-radix-cache', '--enable-metrics'],
  signature: [
    '--model-path', '--tp', '--tp-size', '--pp', '--pp-size', '--context-length', '--max-running-requests',
    '--mem-fraction-static', '--tokenizer-path', '--dp-size', '--chunked-prefill-size', '--max-prefill-tokens',
  ],
});

// Hugging Face TGI `text-generation-launcher`.
const TGI = optionTable({
  fields: {
    model: ['--model-id'],
    tensorParallel: ['--num-shard'],
    maxModelLen: ['--max-total-tokens'],
    quantization: ['--quantize'],
    dtype: ['--dtype'],
    kvCacheDtype: ['--kv-cache-dtype'],
    maxNumSeqs: ['--max-concurrent-requests'],
  },
  valued: [
    '--hostname', '--port', '--revision', '--sharded', '--max-input-length', '--max-input-tokens', '--max-best-of',
    '--max-stop-sequences', '--max-batch-prefill-tokens', '--max-batch-total-tokens', '--max-batch-size',
    '--max-waiting-tokens', '--waiting-served-ratio', '--cuda-memory-fraction', '--rope-scaling', '--rope-factor',
    '--speculate', '--huggingface-hub-cache', '--weights-cache-override', '--lora-adapters', '--max-client-batch-size',
    '--payload-limit', '--master-addr', '--master-port', '--shard-uds-path', '--validation-workers', '--otlp-endpoint',
  ],
  flags: ['--trust-remote-code', '--disable-custom-kernels', '--json-output'],
  signature: [
    '--model-id', '--num-shard', '--quantize', '--max-concurrent-requests', '--max-input-length', '--max-input-tokens',
    '--max-batch-prefill-tokens', '--max-batch-total-tokens', '--hostname', '--sharded',
  ],
});

// NVIDIA TensorRT-LLM `trtllm-serve [serve] MODEL` (its options are written with underscores).
const TRTLLM = optionTable({
  fields: {
    tensorParallel: ['--tp_size'],
    pipelineParallel: ['--pp_size'],
    expertParallelSize: ['--ep_size'],
    maxModelLen: ['--max_seq_len'],
    maxNumSeqs: ['--max_batch_size'],
  },
  valued: [
    '--host', '--port', '--backend', '--tokenizer', '--max_beam_width', '--max_num_tokens', '--kv_cache_free_gpu_memory_fraction',
    '--free_gpu_memory_fraction', '--extra_llm_api_options', '--config', '--served_model_name', '--log_level', '--reasoning_parser',
    '--num_postprocess_workers', '--cluster_size', '--gpus_per_node', '--custom_tokenizer', '--metadata_server_config_file',
    '--server_role', '--tool_parser',
  ],
  flags: ['--trust_remote_code', '--grpc'],
  signature: ['--tp_size', '--pp_size', '--ep_size', '--max_seq_len', '--max_batch_size', '--kv_cache_free_gpu_memory_fraction', '--extra_llm_api_options'],
});

export const TABLES: Readonly<Record<KnownEngine, OptionTable>> = { vllm: VLLM, sglang: SGLANG, tgi: TGI, trtllm: TRTLLM };

/**
 * The table for arguments whose engine is unknown: every engine's options, except
 * that a name meaning different things to different engines (SGLang's
 * `--max-total-tokens` is its KV pool, TGI's the per-request limit) is skipped
 * rather than guessed.
 */
function unionTable(tables: readonly OptionTable[]): OptionTable {
  const fields = new Map<string, Field>();
  const valued = new Set<string>();
  const flags = new Set(tables.flatMap((t) => [...t.flags]));
  const conflicting = new Set<string>();
  for (const table of tables) {
    for (const name of table.valued) valued.add(name);
    for (const [name, field] of table.fields) {
      const seen = fields.get(name);
      if (seen !== undefined && seen !== field) conflicting.add(name);
      fields.set(name, field);
    }
  }
  for (const name of fields.keys()) if (valued.has(name)) conflicting.add(name);
  for (const name of conflicting) {
    fields.delete(name);
    valued.add(name);
  }
  const suffixed = tables.flatMap((t) => [...t.suffixedCounts]);
  const switches = new Map(tables.flatMap((t) => [...t.switches]));
  return { fields, switches, valued, flags, signature: new Set(), suffixedCounts: new Set(suffixed) };
}

export const ANY_ENGINE = unionTable(Object.values(TABLES));
