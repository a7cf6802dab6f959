import type { Chip, Instance, Model, Precision, Price } from '../catalog/types';
import type { Assumptions } from './assumptions';
import type { Bound } from './performance';

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

/** Where the true value likely lies: the estimate widened by the chip family's calibration spread. */
export interface Range {
  readonly low: number;
  readonly high: number;
}

/** What limits the sequences in flight: the declaration, free memory for KV cache, or the engine's batch limit. */
export type ConcurrencyBound = 'declared' | 'memory-capacity' | 'batch-limit';

export interface Unavailable {
  readonly figure: 'memory' | 'speed' | 'cost';
  readonly reason: string;
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
  readonly concurrencyBound: ConcurrencyBound | null;
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
