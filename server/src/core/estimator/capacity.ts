import { fmt } from '../numbers';
import { engineWeightBytes, kvBytesForSequence, kvBytesPerToken, kvReplication, chipMemory, toGB } from './memory';
import type { ConcurrencyBound, EstimateInput, Explanation, MemoryEstimate } from './types';

const GIB_IN_GB = 1.073741824;

/**
 * The memory the weights live in, for `chips` chips: device memory, on-chip SRAM,
 * or a CPU instance's host memory. Capacity is enough to check fit; bandwidth, when
 * published, times decode.
 */
export function memoryPool(input: EstimateInput, chips: number): { gb: number; bandwidthGBps: number | undefined; where: MemoryEstimate['where'] } | undefined {
  const device = chipMemory(input.chip);
  if (device) return { gb: device.gb * chips, bandwidthGBps: device.bandwidthGBps, where: device.kind };
  if (input.chip.type === 'cpu' && input.instance?.memoryGiB !== undefined) {
    const bandwidth = input.chip.memoryBandwidthGBps === undefined ? undefined : input.chip.memoryBandwidthGBps * socketShare(input);
    return { gb: input.instance.memoryGiB * GIB_IN_GB * input.instancesPerReplica, bandwidthGBps: bandwidth, where: 'host' };
  }
  return undefined;
}

/**
 * The share of a CPU socket an instance gets: its vCPUs over the socket's cores
 * (Graviton has one thread per core), at most 1. A CPU chip's bandwidth and peak are
 * per socket, and a c7g.xlarge is 4 of Graviton3's 64 cores: it gets 1/16 of them,
 * not all. 1 for accelerators, or when either count is not published.
 */
export function socketShare(input: EstimateInput): number {
  const vcpus = input.instance?.vcpus;
  const cores = input.chip.cores;
  if (input.chip.type !== 'cpu' || vcpus === undefined || cores === undefined || cores <= 0) return 1;
  return Math.min(1, vcpus / cores);
}

/**
 * KV bytes for `sequences` sequences in steady state. Continuous batching keeps
 * sequences at every stage of their output, so on average each holds its prompt
 * plus half its output; one is counted at full length, so a single sequence is
 * never under-counted.
 */
export function kvBytesInFlight(input: EstimateInput, sequences: number): number {
  const copies = kvReplication(input.model, input.tensor);
  const full = kvBytesForSequence(input.model, input.kvPrecision, input.inputTokens + input.outputTokens);
  const average = kvBytesForSequence(input.model, input.kvPrecision, input.inputTokens + input.outputTokens / 2);
  return sequences <= 0 ? 0 : (full + (sequences - 1) * average) * copies;
}

/**
 * Memory for `sequences` sequences in flight. `fits` asks whether they fit; with
 * `atLeastOne`, whether one does (the batch was sized to what fits, so only a
 * single sequence can fail to).
 */
export function memoryEstimate(
  input: EstimateInput,
  chips: number,
  sequences: number,
  explain: Record<string, Explanation>,
  why: string,
): MemoryEstimate | undefined {
  const pool = memoryPool(input, chips);
  if (!pool) return undefined;
  const weights = engineWeightBytes(input);
  const kv = kvBytesInFlight(input, sequences);
  const availableGB = pool.gb * input.assumptions.memoryUtilization;
  const requiredGB = toGB(weights + kv);
  explain['memory'] = {
    formula:
      'weights (parameters × bytes per weight) + KV cache of the sequences in flight (one at full length, the rest at prompt + half the output) × KV copies, against capacity × memory utilization',
    inputs: {
      parameters: `${input.model.parametersB}B`,
      precision: input.precision,
      weights: `${fmt(toGB(weights))} GB`,
      'KV per token': `${fmt(kvBytesPerToken(input.model, input.kvPrecision) / 1024)} KiB @ ${input.kvPrecision}`,
      sequences: `${sequences} (${why})`,
      'tokens per sequence': `${input.inputTokens + input.outputTokens}`,
      'KV copies (tensor parallelism)': `${fmt(kvReplication(input.model, input.tensor))}`,
      capacity: `${fmt(pool.gb)} GB (${pool.where})`,
      'memory utilization': `${input.assumptions.memoryUtilization}`,
    },
  };
  return {
    fits: requiredGB <= availableGB,
    sequences,
    requiredGB,
    availableGB,
    capacityGB: pool.gb,
    weightsGB: toGB(weights),
    kvCacheGB: toGB(kv),
    kvBytesPerToken: kvBytesPerToken(input.model, input.kvPrecision),
    where: pool.where,
  };
}

/** The most sequences whose KV cache fits beside the weights, and whether memory or the engine's batch limit stops it. */
export function maxSequences(input: EstimateInput, availableGB: number, weightsGB: number): { count: number; bound: ConcurrencyBound } {
  const free = (availableGB - weightsGB) * 1e9;
  const first = kvBytesInFlight(input, 1);
  // Each admitted sequence is counted at its full length: an engine that admits on the
  // average would have to evict or preempt as outputs grow (TensorRT-LLM's default
  // scheduler, GUARANTEED_NO_EVICT, reserves the full length the same way).
  const each = first;
  if (free < first || each <= 0) return { count: 0, bound: 'memory-capacity' };
  const byMemory = 1 + Math.floor((free - first) / each);
  return byMemory > input.assumptions.maxBatchSequences
    ? { count: input.assumptions.maxBatchSequences, bound: 'batch-limit' }
    : { count: byMemory, bound: 'memory-capacity' };
}
