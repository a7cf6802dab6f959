import type { Chip } from '../catalog/types';
import type { ServingEngine } from '../manifest/deployment';

/** The cap on sequences in flight an estimate runs under, and what sets it, in words. */
export interface BatchLimit {
  readonly sequences: number;
  readonly origin: string;
}

/** vLLM V1 gives GPUs with at least this much memory, A100s excepted, its larger batch defaults (decimal GB: 70 GiB). */
const VLLM_LARGE_GPU_GB = (70 * 2 ** 30) / 1e9;

/**
 * The cap the manifest sets (vLLM `--max-num-seqs`, TensorRT-LLM `--max_batch_size`), else
 * its engine's default on this chip where the engine's source says one; undefined when
 * neither is known, and the `maxBatchSequences` assumption applies (the estimate says so).
 * The cap is per engine, as the estimate times engines, except SGLang's with data-parallel
 * attention: `--max-running-requests` is the server's, and each of its `attentionRanks`
 * schedules an equal share (SGLang's model runner divides it by the attention DP size;
 * sgl-project/sglang `python/sglang/srt/model_executor/model_runner.py`).
 */
export function batchLimitOf(declared: number | undefined, engine: ServingEngine | undefined, chip: Chip, ranks: number, attentionRanks = 1): BatchLimit | undefined {
  if (declared !== undefined && attentionRanks > 1) {
    const share = Math.max(1, Math.floor(declared / attentionRanks));
    return { sequences: share, origin: `as the manifest sets it: ${declared} shared by ${attentionRanks} data-parallel attention ranks, ${share} each` };
  }
  if (declared !== undefined) return { sequences: declared, origin: 'as the manifest sets it' };
  return engine === 'vllm' ? vllmDefault(chip, ranks) : undefined;
}

/**
 * vLLM's default `--max-num-seqs` for `vllm serve` (vllm/engine/arg_utils.py, `_set_default_args`,
 * vllm-project/vllm@99d7eb5): 1024 on a GPU with 70 GiB or more that is not an A100, 256 on
 * any other GPU, 128 per tensor × pipeline rank on a CPU. On a TPU it further depends on the
 * memory the TPU reports and its batched-token default, and Neuron and Gaudi set theirs in
 * their own plugins: not known here.
 */
function vllmDefault(chip: Chip, ranks: number): BatchLimit | undefined {
  const source = "vLLM's default --max-num-seqs";
  if (chip.type === 'cpu') return { sequences: 128 * ranks, origin: `${source} on a CPU (128 per tensor × pipeline rank)` };
  if (chip.type !== 'gpu' || (chip.vendor !== 'nvidia' && chip.vendor !== 'amd') || chip.memoryGB === undefined) return undefined;
  const a100 = /a100/i.test(`${chip.id} ${chip.name}`);
  return chip.memoryGB >= VLLM_LARGE_GPU_GB && !a100
    ? { sequences: 1024, origin: `${source} on a GPU with 70 GiB or more` }
    : { sequences: 256, origin: `${source} on ${a100 ? 'an A100' : 'a GPU under 70 GiB'}` };
}
