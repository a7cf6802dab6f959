import type { Chip, Instance, Model, Precision, Price } from '../catalog/types';
import type { Assumptions } from './assumptions';

/** Everything an estimate depends on, resolved from a manifest and the catalog. */
export interface EstimateInput {
  readonly model: Model;
  readonly chip: Chip;
  readonly instance: Instance | undefined;
  /** Instances one replica spans (1 for bare accelerators). */
  readonly instancesPerReplica: number;
  readonly tensor: number;
  readonly pipeline: number;
  /** Data-parallel engines per replica, each of tensor × pipeline chips serving its own requests; absent: one. */
  readonly dataParallel?: number;
  readonly replicas: number;
  readonly precision: Precision;
  readonly kvPrecision: Precision;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly concurrency: number | 'max';
  /** Whether the manifest declared the concurrency; without it, figures are shown for one user and at capacity (or at the SLO's goodput). */
  readonly concurrencyDeclared: boolean;
  readonly requestsPerSecond: number | undefined;
  /** Chips a MoE model's experts are split over (expert parallelism); absent when they are not split. */
  readonly expertParallel?: number;
  /** Latency targets the manifest declares. */
  readonly slo: Slo;
  /** The price of one instance in the declared region and pricing model, if the catalog has it. */
  readonly price: Price | undefined;
  readonly assumptions: Assumptions;
  /** What sets `assumptions.maxBatchSequences`, in words: the manifest or its engine's default; absent, the assumption. */
  readonly batchLimitOrigin?: string;
  /** The attention kernels the serving command names, as its engine names them (SGLang `--attention-backend triton`); absent: the engine chooses. */
  readonly attentionBackend?: AttentionBackend;
}

/** An engine's attention backend by its own name for it (SGLang `--attention-backend triton`). */
export interface AttentionBackend {
  readonly engine: 'vllm' | 'sglang' | 'tgi' | 'trtllm';
  readonly name: string;
}

/** Which resource limits a phase. */
export type Bound = 'compute' | 'memory-bandwidth' | 'interconnect' | 'overhead';

/** Latency targets, milliseconds. */
export interface Slo {
  readonly ttftMs?: number;
  readonly tpotMs?: number;
}

export interface MemoryEstimate {
  readonly fits: boolean;
  /** Sequences whose KV cache is counted: the batch in flight at the operating point (at least one). */
  readonly sequences: number;
  /** Weights plus the KV cache of the batch in flight, decimal GB. */
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

/** Where the true value likely lies: the estimate widened by the chip family's calibration spread. */
export interface Range {
  readonly low: number;
  readonly high: number;
}

/** What limits the sequences in flight: the declaration, free memory for KV cache, the engine's batch limit, or the SLO (goodput). */
export type ConcurrencyBound = 'declared' | 'memory-capacity' | 'batch-limit' | 'slo';

export interface Unavailable {
  readonly figure: 'memory' | 'speed' | 'cost';
  readonly reason: string;
}

/**
 * How the sequences in flight were chosen: as declared (a number), the most that fit
 * ("max" declared), the most that fit because nothing was declared (capacity), or the
 * most that still meet the declared SLO (goodput).
 */
export type OperatingPoint = 'declared' | 'max' | 'capacity' | 'goodput';

/** One user alone on a replica: the latency nobody else's requests slow down. */
export interface SingleUser {
  /** Null when the chip publishes no dense peak (prefill is compute-bound). */
  readonly ttftMs: number | null;
  readonly tpotMs: number;
  readonly perUserTokensPerSecond: number;
}

/** A replica (times replicas) at a given number of sequences in flight. */
export interface LoadPoint {
  /** Sequences in flight per replica. */
  readonly concurrency: number;
  readonly ttftMs: number;
  readonly tpotMs: number;
  /** Output tokens per second over all replicas. */
  readonly outputTokensPerSecond: number;
  readonly costPerMillionOutputTokens: number | null;
}

/** The largest concurrency that meets the SLO; `met` is false when not even one sequence does. */
export interface Goodput extends LoadPoint {
  readonly slo: Slo;
  readonly met: boolean;
}

export interface Estimate {
  readonly operatingPoint: OperatingPoint;
  /** Latency of one sequence alone (always computed when the speed can be). */
  readonly singleUser: SingleUser | null;
  /** Full load: the most sequences memory and the engine's batch limit allow. */
  readonly capacity: LoadPoint | null;
  /** With a declared SLO: the most sequences that meet it. */
  readonly goodput: Goodput | null;
  readonly memory: MemoryEstimate | null;
  readonly ttftMs: number | null;
  readonly tpotMs: number | null;
  readonly perUserTokensPerSecond: number | null;
  /** Aggregate over all replicas. */
  readonly outputTokensPerSecond: number | null;
  readonly maxConcurrency: number | null;
  /** Sequences in flight per replica the speed figures assume. */
  readonly concurrency: number | null;
  readonly concurrencyBound: ConcurrencyBound | null;
  /** When the engine's batch limit, not memory, sets the sequences in flight: the limit and what sets it, in words. */
  readonly batchLimit: string | null;
  readonly requestsPerSecondCapacity: number | null;
  readonly replicasNeeded: number | null;
  readonly costPerHour: number | null;
  readonly costPerMillionOutputTokens: number | null;
  readonly energyKWhPerMillionOutputTokens: number | null;
  readonly decodeBound: Bound | null;
  readonly prefillBound: Bound | null;
  /** Ranges of the speed and cost-per-token figures. */
  readonly ranges: Readonly<Partial<Record<'ttftMs' | 'tpotMs' | 'perUserTokensPerSecond' | 'outputTokensPerSecond' | 'costPerMillionOutputTokens', Range>>>;
  readonly explain: Readonly<Record<string, Explanation>>;
  /** Why a null figure could not be computed. */
  readonly unavailable: readonly Unavailable[];
}
