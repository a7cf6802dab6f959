import type { Chip, Instance, Model, Precision, Price } from '../catalog/types';
import { efficiencyFor, type Assumptions, type FamilyEfficiency } from './assumptions';
import {
  chipMemory,
  kvBytesForSequence,
  kvBytesPerToken,
  kvReplication,
  toGB,
  weightBytes,
} from './memory';
import { decodeStep, prefillAlone, prefillShare, type Bound, type Machine } from './performance';

/** Everything an estimate depends on, resolved from a manifest and the catalog. */
export interface EstimateInput {
  readonly model: Model;
  readonly chip: Chip;
  readonly instance: Instance | undefined;
  /** Instances one replica spans (1 for bare accelerators). */
  readonly instancesPerReplica: number;
  readonly tensor: number;
  readonly pipeline: number;
  readonly replicas: number;
  readonly precision: Precision;
  readonly kvPrecision: Precision;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly concurrency: number | 'max';
  readonly requestsPerSecond: number | undefined;
  /** The price of one instance in the declared region and pricing model, if the catalog has it. */
  readonly price: Price | undefined;
  readonly assumptions: Assumptions;
}

export interface MemoryEstimate {
  readonly fits: boolean;
  /** Weights plus KV cache for the declared concurrency (one sequence at "max"), decimal GB. */
  readonly requiredGB: number;
  /** Memory the engine may use: capacity × memoryUtilization, decimal GB. */
  readonly availableGB: number;
  /** Raw capacity of the replica's chips, decimal GB. */
  readonly capacityGB: number;
  readonly weightsGB: number;
  readonly kvCacheGB: number;
  readonly kvBytesPerToken: number;
  readonly where: 'device' | 'sram' | 'host';
}

/** How a figure was computed: a formula in words and the inputs with units. */
export interface Explanation {
  readonly formula: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly bound?: Bound;
}

export interface Estimate {
  readonly memory: MemoryEstimate | null;
  readonly ttftMs: number | null;
  readonly tpotMs: number | null;
  readonly perUserTokensPerSecond: number | null;
  /** Aggregate over all replicas. */
  readonly outputTokensPerSecond: number | null;
  readonly maxConcurrency: number | null;
  /** Sequences in flight per replica the speed figures assume. */
  readonly concurrency: number | null;
  readonly requestsPerSecondCapacity: number | null;
  readonly replicasNeeded: number | null;
  readonly costPerHour: number | null;
  readonly costPerMillionOutputTokens: number | null;
  readonly energyKWhPerMillionOutputTokens: number | null;
  readonly decodeBound: Bound | null;
  readonly prefillBound: Bound | null;
  readonly explain: Readonly<Record<string, Explanation>>;
  /** Why a null figure could not be computed. */
  readonly unavailable: readonly { readonly figure: string; readonly reason: string }[];
}

const GIB_IN_GB = 1.073741824;

/** Estimates memory fit, latency, throughput and cost of one deployment. Pure and total: never throws. */
export function estimate(input: EstimateInput): Estimate {
  const unavailable: { figure: string; reason: string }[] = [];
  const explain: Record<string, Explanation> = {};
  const efficiency = efficiencyFor(input.assumptions, input.chip.family);
  const chips = input.tensor * input.pipeline;

  const memory = memoryEstimate(input, chips, explain) ?? null;
  if (!memory) unavailable.push({ figure: 'memory', reason: `${input.chip.name} has no published memory capacity and bandwidth` });

  const machine = memory ? machineFor(input, efficiency, unavailable) : undefined;
  const maxConcurrency = memory ? maxSequences(input, memory) : null;
  const concurrency = input.concurrency === 'max' ? maxConcurrency : Math.min(input.concurrency, input.assumptions.maxBatchSequences);

  let ttftMs: number | null = null;
  let tpotMs: number | null = null;
  let perReplicaTokensPerSecond: number | null = null;
  let decodeBound: Bound | null = null;
  let prefillBound: Bound | null = null;
  if (machine && memory && concurrency !== null && concurrency >= 1 && memory.fits) {
    const work = { model: input.model, precision: input.precision, kvPrecision: input.kvPrecision };
    const context = input.inputTokens + input.outputTokens / 2;
    const step = decodeStep(machine, work, concurrency, context);
    const prefill = prefillAlone(machine, work, input.inputTokens);
    const share = prefillShare(machine, work, input.inputTokens);
    // Continuous batching: while `concurrency` sequences decode, each new request's
    // prefill interleaves with their steps, so over one generation of requests the
    // replica spends outputTokens decode steps plus one prefill per sequence.
    const cycle = input.outputTokens * step.seconds + concurrency * share;
    tpotMs = (cycle / input.outputTokens) * 1000;
    ttftMs = (prefill.seconds + (concurrency > 1 ? step.seconds : 0)) * 1000;
    perReplicaTokensPerSecond = (concurrency * input.outputTokens) / cycle;
    decodeBound = step.bound;
    prefillBound = prefill.bound;
    explain['ttftMs'] = {
      formula: 'prefill time of the prompt alone (max of compute and weight streaming, plus all-reduce and step overhead), plus one decode step of the running batch when others are in flight',
      inputs: {
        'prompt tokens': `${input.inputTokens}`,
        'prefill compute': ms(prefill.parts.compute),
        'prefill weight streaming': ms(prefill.parts.memory),
        'all-reduce': ms(prefill.parts.interconnect),
        overhead: ms(prefill.parts.overhead),
        'peak per chip': `${fmt(machine.peakFlops / 1e12)} TFLOPS dense`,
        'prefill efficiency': `${efficiency.prefillCompute}`,
      },
      bound: prefill.bound,
    };
    explain['tpotMs'] = {
      formula: '(output tokens × decode step + sequences × prefill share) ÷ output tokens; a decode step is max(compute, weights + KV streaming) + all-reduce + overhead',
      inputs: {
        'sequences in flight': `${concurrency}`,
        'average context': `${context} tokens`,
        'step compute': ms(step.parts.compute),
        'step memory traffic': ms(step.parts.memory),
        'step all-reduce': ms(step.parts.interconnect),
        'step overhead': ms(step.parts.overhead),
        'prefill share per sequence': ms(share),
        'memory bandwidth per chip': `${fmt(machine.bandwidth / 1e9)} GB/s`,
        'decode bandwidth efficiency': `${efficiency.decodeBandwidth}`,
      },
      bound: step.bound,
    };
    explain['outputTokensPerSecond'] = {
      formula: 'sequences in flight × 1000 ÷ TPOT, per replica, × replicas',
      inputs: { 'sequences in flight': `${concurrency}`, 'TPOT': `${fmt(tpotMs)} ms`, replicas: `${input.replicas}` },
    };
  } else if (memory && !memory.fits) {
    unavailable.push({ figure: 'speed', reason: 'the model does not fit in memory at the declared precision and concurrency' });
  } else if (memory && maxConcurrency !== null && maxConcurrency < 1) {
    unavailable.push({ figure: 'speed', reason: 'no memory is left for the KV cache of a single sequence' });
  }

  const outputTokensPerSecond = perReplicaTokensPerSecond === null ? null : perReplicaTokensPerSecond * input.replicas;
  const requestsPerSecondCapacity = outputTokensPerSecond === null ? null : outputTokensPerSecond / input.outputTokens;
  const replicasNeeded =
    input.requestsPerSecond === undefined || perReplicaTokensPerSecond === null
      ? null
      : Math.max(1, Math.ceil(input.requestsPerSecond / (perReplicaTokensPerSecond / input.outputTokens)));

  const cost = costs(input, chips, outputTokensPerSecond, unavailable, explain);
  return {
    memory,
    ttftMs,
    tpotMs,
    perUserTokensPerSecond: tpotMs === null ? null : 1000 / tpotMs,
    outputTokensPerSecond,
    maxConcurrency,
    concurrency: machine && memory?.fits ? concurrency : null,
    requestsPerSecondCapacity,
    replicasNeeded,
    ...cost,
    decodeBound,
    prefillBound,
    explain,
    unavailable,
  };
}

/** Capacity of the memory the weights live in: device memory, on-chip SRAM, or a CPU instance's host memory. */
function memoryPool(input: EstimateInput, chips: number): { gb: number; bandwidthGBps: number; where: MemoryEstimate['where'] } | undefined {
  const device = chipMemory(input.chip);
  if (device) return { gb: device.gb * chips, bandwidthGBps: device.bandwidthGBps, where: device.kind };
  if (input.chip.type === 'cpu' && input.instance?.memoryGiB !== undefined && input.chip.memoryBandwidthGBps !== undefined) {
    return { gb: input.instance.memoryGiB * GIB_IN_GB * input.instancesPerReplica, bandwidthGBps: input.chip.memoryBandwidthGBps, where: 'host' };
  }
  return undefined;
}

function memoryEstimate(input: EstimateInput, chips: number, explain: Record<string, Explanation>): MemoryEstimate | undefined {
  const pool = memoryPool(input, chips);
  if (!pool) return undefined;
  const weights = weightBytes(input.model, input.precision);
  const sequences = input.concurrency === 'max' ? 1 : input.concurrency;
  const perSequence = kvBytesForSequence(input.model, input.kvPrecision, input.inputTokens + input.outputTokens);
  const kv = sequences * perSequence * kvReplication(input.model, input.tensor);
  const availableGB = pool.gb * input.assumptions.memoryUtilization;
  const requiredGB = toGB(weights + kv);
  explain['memory'] = {
    formula: 'weights (parameters × bytes per weight) + sequences × KV bytes per sequence × KV copies, against capacity × memory utilization',
    inputs: {
      parameters: `${input.model.parametersB}B`,
      precision: input.precision,
      weights: `${fmt(toGB(weights))} GB`,
      'KV per token': `${fmt(kvBytesPerToken(input.model, input.kvPrecision) / 1024)} KiB @ ${input.kvPrecision}`,
      sequences: `${sequences}${input.concurrency === 'max' ? ' (at least one, for "max")' : ''}`,
      'tokens per sequence': `${input.inputTokens + input.outputTokens}`,
      'KV copies (tensor parallelism)': `${fmt(kvReplication(input.model, input.tensor))}`,
      capacity: `${fmt(pool.gb)} GB (${pool.where})`,
      'memory utilization': `${input.assumptions.memoryUtilization}`,
    },
  };
  return {
    fits: requiredGB <= availableGB,
    requiredGB,
    availableGB,
    capacityGB: pool.gb,
    weightsGB: toGB(weights),
    kvCacheGB: toGB(kv),
    kvBytesPerToken: kvBytesPerToken(input.model, input.kvPrecision),
    where: pool.where,
  };
}

/** The most sequences whose full KV cache fits beside the weights, capped by the engine's batch limit. */
function maxSequences(input: EstimateInput, memory: MemoryEstimate): number {
  const free = (memory.availableGB - memory.weightsGB) * 1e9;
  const perSequence =
    kvBytesForSequence(input.model, input.kvPrecision, input.inputTokens + input.outputTokens) * kvReplication(input.model, input.tensor);
  if (free <= 0 || perSequence <= 0) return 0;
  return Math.min(input.assumptions.maxBatchSequences, Math.floor(free / perSequence));
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

function machineFor(input: EstimateInput, efficiency: FamilyEfficiency, unavailable: { figure: string; reason: string }[]): Machine | undefined {
  const pool = memoryPool(input, 1);
  const precision = computePrecision(input.chip, input.precision);
  const peak = precision === undefined ? undefined : input.chip.denseTflops?.[precision];
  if (!pool || peak === undefined) {
    unavailable.push({ figure: 'speed', reason: `${input.chip.name} has no published dense peak TFLOPS` });
    return undefined;
  }
  const link = input.chip.interconnect;
  const perDirection = link ? (link.direction === 'bidirectional' ? link.bandwidthGBps / 2 : link.bandwidthGBps) * 1e9 : undefined;
  return {
    chip: input.chip,
    tensor: input.tensor,
    pipeline: input.pipeline,
    bandwidth: pool.bandwidthGBps * 1e9,
    peakFlops: peak * 1e12,
    linkBandwidth: perDirection,
    efficiency,
  };
}

function costs(
  input: EstimateInput,
  chips: number,
  outputTokensPerSecond: number | null,
  unavailable: { figure: string; reason: string }[],
  explain: Record<string, Explanation>,
): Pick<Estimate, 'costPerHour' | 'costPerMillionOutputTokens' | 'energyKWhPerMillionOutputTokens'> {
  const costPerHour = input.price ? input.price.usdPerHour * input.instancesPerReplica * input.replicas : null;
  if (!input.price) {
    unavailable.push({
      figure: 'cost',
      reason: input.instance ? `no ${input.instance.id} price in the catalog for this region and pricing model` : 'a bare accelerator has no price: declare an instance',
    });
  }
  // The share of capacity in use: the declared target load, else the utilization assumption.
  const load =
    outputTokensPerSecond === null
      ? null
      : input.requestsPerSecond !== undefined
        ? Math.min(1, (input.requestsPerSecond * input.outputTokens) / outputTokensPerSecond)
        : input.assumptions.utilization;
  const servedPerSecond = outputTokensPerSecond === null || load === null ? null : outputTokensPerSecond * load;
  const costPerMillionOutputTokens =
    costPerHour === null || servedPerSecond === null || servedPerSecond <= 0 ? null : (costPerHour / (servedPerSecond * 3600)) * 1e6;
  if (costPerHour !== null && input.price) {
    explain['costPerHour'] = {
      formula: 'instance price per hour × instances per replica × replicas',
      inputs: {
        price: `$${fmt(input.price.usdPerHour)}/h (${input.price.pricing}, ${input.price.region}, as of ${input.price.asOf})`,
        'instances per replica': `${input.instancesPerReplica}`,
        replicas: `${input.replicas}`,
      },
    };
  }
  if (costPerMillionOutputTokens !== null && servedPerSecond !== null) {
    explain['costPerMillionOutputTokens'] = {
      formula: 'cost per hour ÷ (output tokens per second served × 3600) × 1,000,000',
      inputs: {
        'cost per hour': `$${fmt(costPerHour ?? 0)}`,
        'tokens per second served': `${fmt(servedPerSecond)}`,
        load: input.requestsPerSecond !== undefined ? `${fmt(load ?? 0)} (from requestsPerSecond)` : `${input.assumptions.utilization} (utilization assumption)`,
      },
    };
  }
  const power = input.chip.powerW;
  const energyKWhPerMillionOutputTokens =
    power === undefined || servedPerSecond === null || servedPerSecond <= 0
      ? null
      : ((chips * input.replicas * power) / 1000) * (1e6 / servedPerSecond / 3600);
  return { costPerHour, costPerMillionOutputTokens, energyKWhPerMillionOutputTokens };
}

function ms(seconds: number): string {
  return `${fmt(seconds * 1000)} ms`;
}

/** A number with three significant digits, for explanations. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(digits, 6)).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
