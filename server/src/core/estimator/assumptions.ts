/**
 * The estimator's assumptions: every factor that is not a catalog figure lives
 * here, named, with a default and the reason for it. Users override them through
 * settings (`inferenceLens.*`); estimates echo the values they used.
 */

/**
 * How close a chip family's software stack gets to the hardware's peaks, per phase.
 * All fractions are of the catalog's dense peak and never above 1.
 */
export interface FamilyEfficiency {
  /** Fraction of dense peak FLOPS that prefill (large matrix multiplies) sustains. */
  readonly prefillCompute: number;
  /** Fraction of peak memory bandwidth that decode sustains while streaming weights and KV cache. */
  readonly decodeBandwidth: number;
  /** Fraction of dense peak FLOPS that decode sustains once large batches make it compute-bound. */
  readonly decodeCompute: number;
  /** Fixed cost of one engine step (scheduling, sampling, launch), milliseconds. */
  readonly stepOverheadMs: number;
  /** Fixed cost per layer per step (kernel launches, synchronisation), microseconds. */
  readonly layerOverheadUs: number;
  /** Fraction of the per-direction link bandwidth a tensor-parallel all-reduce achieves. */
  readonly interconnect: number;
  /** Latency of one all-reduce, microseconds. */
  readonly allReduceLatencyUs: number;
}

export interface Assumptions {
  /** Fraction of accelerator memory the serving engine may use (vLLM's gpu_memory_utilization). */
  readonly memoryUtilization: number;
  /** Fraction of its capacity a deployment is busy, for cost per token when no target load is declared. */
  readonly utilization: number;
  /** The most sequences an engine batches at once, however much memory is free. */
  readonly maxBatchSequences: number;
  /** Efficiency per chip family; `default` serves families without their own entry. */
  readonly efficiency: Readonly<Record<string, FamilyEfficiency>>;
}

/**
 * Calibrated on NVIDIA Hopper rows of shared/reference/calibration.csv (TensorRT-LLM,
 * max-throughput, 1000/1000 tokens): the family with the most measurements. Families
 * without measurements of their own use these values until they have some.
 */
const HOPPER: FamilyEfficiency = {
  prefillCompute: 0.5,
  decodeBandwidth: 0.65,
  decodeCompute: 0.5,
  stepOverheadMs: 1,
  layerOverheadUs: 0,
  interconnect: 0.7,
  allReduceLatencyUs: 8,
};

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  memoryUtilization: 0.9,
  utilization: 1,
  maxBatchSequences: 1024,
  efficiency: {
    default: HOPPER,
    'nvidia-hopper': HOPPER,
    // All Blackwell measurements so far are NVFP4: prefill reaches a quarter of the
    // 9 PFLOPS fp4 peak (fp4 GEMMs at prefill shapes, attention in higher precision).
    'nvidia-blackwell': { ...HOPPER, prefillCompute: 0.25, decodeBandwidth: 0.75, decodeCompute: 0.6 },
    // Neuron at batch 1 (NxD Inference, trn2, TP64): collectives cost ~50 µs each and
    // decode streams weights at under a third of HBM peak.
    'aws-neuron': { ...HOPPER, prefillCompute: 0.25, decodeBandwidth: 0.3, decodeCompute: 0.3, allReduceLatencyUs: 50 },
    // CPU inference streams weights from DDR; no measurements yet.
    'aws-graviton': { ...HOPPER, prefillCompute: 0.4, decodeBandwidth: 0.6 },
    // Weights in on-chip SRAM: bandwidth is never the limit; each layer costs a fixed
    // pipeline latency instead (no measurements with published peaks yet).
    'cerebras-wse': { ...HOPPER, stepOverheadMs: 0, layerOverheadUs: 17 },
    'groq-lpu': { ...HOPPER, stepOverheadMs: 0, layerOverheadUs: 17 },
  },
};

export function efficiencyFor(assumptions: Assumptions, family: string): FamilyEfficiency {
  return assumptions.efficiency[family] ?? assumptions.efficiency['default'] ?? HOPPER;
}

/** Overrides a user may give; anything missing, malformed or out of range keeps its default. */
export interface AssumptionOverrides {
  readonly memoryUtilization?: unknown;
  readonly utilization?: unknown;
  readonly maxBatchSequences?: unknown;
  readonly efficiency?: unknown;
}

export function withOverrides(overrides: AssumptionOverrides | undefined, base = DEFAULT_ASSUMPTIONS): Assumptions {
  if (!overrides) return base;
  const efficiency: Record<string, FamilyEfficiency> = { ...base.efficiency };
  if (isRecord(overrides.efficiency)) {
    for (const [family, raw] of Object.entries(overrides.efficiency)) {
      if (!isRecord(raw) || family === '__proto__' || family === 'constructor') continue;
      const current = efficiencyFor(base, family);
      efficiency[family] = {
        prefillCompute: fraction(raw['prefillCompute'], current.prefillCompute),
        decodeBandwidth: fraction(raw['decodeBandwidth'], current.decodeBandwidth),
        decodeCompute: fraction(raw['decodeCompute'], current.decodeCompute),
        stepOverheadMs: nonNegative(raw['stepOverheadMs'], current.stepOverheadMs),
        layerOverheadUs: nonNegative(raw['layerOverheadUs'], current.layerOverheadUs),
        interconnect: fraction(raw['interconnect'], current.interconnect),
        allReduceLatencyUs: nonNegative(raw['allReduceLatencyUs'], current.allReduceLatencyUs),
      };
    }
  }
  return {
    memoryUtilization: fraction(overrides.memoryUtilization, base.memoryUtilization),
    utilization: fraction(overrides.utilization, base.utilization),
    maxBatchSequences: Math.floor(positive(overrides.maxBatchSequences, base.maxBatchSequences)),
    efficiency,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fraction(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 1 ? value : fallback;
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? value : fallback;
}

function nonNegative(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 1e6 ? value : fallback;
}
