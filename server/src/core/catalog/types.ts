/**
 * The catalog's entry types, mirroring schemas/catalog.schema.json. Units are in
 * the field names: GB and GB/s are decimal (10^9), GiB is binary, TFLOPS are dense.
 * A figure a vendor does not publish is absent, never zero.
 */

import type { Published, RateUnit, SizeUnit } from './units';

export const PRECISIONS = ['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4', 'fp4'] as const;
export type Precision = (typeof PRECISIONS)[number];

export const PRICING_MODELS = ['on-demand', 'spot', 'reserved-1y', 'reserved-3y'] as const;
export type PricingModel = (typeof PRICING_MODELS)[number];

export interface Source {
  readonly url: string;
  readonly asOf: string;
  readonly covers?: readonly string[];
}

/** A figure computed from published inputs (DDR channels × MT/s × 8 bytes), each input with its source. */
export interface DerivedFigure {
  readonly formula: string;
  /** Unit of the formula's result (MB/s, TB/s, TB) before it becomes the field's decimal unit. */
  readonly unit?: string;
  readonly inputs: readonly {
    readonly name: string;
    readonly value: number;
    readonly unit?: string;
    /** The input divides (GPUs per system) rather than multiplies. */
    readonly divides?: boolean;
    readonly source: string;
    readonly asOf: string;
  }[];
}

export type ChipType = 'gpu' | 'accelerator' | 'cpu' | 'wafer' | 'lpu';

export interface Interconnect {
  readonly name: string;
  readonly bandwidthGBps: number;
  readonly direction: 'bidirectional' | 'unidirectional';
}

export interface Chip {
  readonly id: string;
  readonly name: string;
  /** How hints and tables name the chip, e.g. "H100 SXM". */
  readonly shortName?: string;
  readonly vendor: string;
  readonly type: ChipType;
  readonly family: string;
  readonly aliases?: readonly string[];
  /** Memory as the source states it; the loader fills memoryGB from it (units.ts). */
  readonly memory?: Published<SizeUnit>;
  readonly memoryGB?: number;
  readonly memoryType?: string;
  /** Bandwidth as the source states it; the loader fills memoryBandwidthGBps from it. */
  readonly memoryBandwidth?: Published<RateUnit>;
  readonly memoryBandwidthGBps?: number;
  readonly sramMB?: number;
  readonly sramBandwidthGBps?: number;
  readonly denseTflops?: Partial<Record<Precision, number>>;
  /** Precisions run natively whose peak is not published (Gaudi 2's fp8): not unsupported, only unrated. */
  readonly unratedPrecisions?: readonly Precision[];
  readonly interconnect?: Interconnect;
  readonly cores?: number;
  readonly powerW?: number;
  readonly launchYear?: number;
  /** Figures computed from published inputs, by field name. */
  readonly derived?: Readonly<Record<string, DerivedFigure>>;
  /** Figures sources disagree on, by field name, with why. */
  readonly disputed?: Readonly<Record<string, string>>;
  readonly sources: readonly Source[];
}

export interface Price {
  readonly region: string;
  readonly pricing: PricingModel;
  readonly usdPerHour: number;
  readonly asOf: string;
  readonly source: string;
  /** Why a price older than 12 months is still recorded. */
  readonly asOfNote?: string;
}

export interface Instance {
  readonly id: string;
  readonly name?: string;
  readonly provider: 'aws' | 'gcp' | 'azure';
  readonly aliases?: readonly string[];
  readonly accelerator: string;
  readonly acceleratorCount: number;
  readonly vcpus?: number;
  readonly memoryGiB?: number;
  /** Total accelerator memory as the source states it; the loader fills acceleratorMemoryGB. */
  readonly acceleratorMemory?: Published<SizeUnit>;
  readonly acceleratorMemoryGB?: number;
  readonly networkGbps?: number;
  readonly regions?: readonly string[];
  readonly prices?: readonly Price[];
  readonly derived?: Readonly<Record<string, DerivedFigure>>;
  readonly sources: readonly Source[];
}

export interface Model {
  readonly id: string;
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly parametersB: number;
  readonly activeParametersB?: number;
  readonly layers: number;
  readonly hiddenSize: number;
  readonly intermediateSize?: number;
  readonly attentionHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly vocabSize?: number;
  readonly maxContextTokens: number;
  readonly nativePrecision?: Precision;
  readonly moe?: {
    readonly experts: number;
    readonly activeExperts: number;
    readonly sharedExperts?: number;
    readonly moeLayers?: number;
  };
  readonly mla?: { readonly kvLoraRank: number; readonly qkRopeHeadDim: number };
  readonly slidingWindow?: { readonly windowTokens: number; readonly layers: number };
  readonly sources: readonly Source[];
}

export interface ChipHourPrice {
  readonly region: string;
  readonly pricing: PricingModel;
  readonly usdPerChipHour: number;
  readonly asOf: string;
  readonly source: string;
  readonly asOfNote?: string;
}

/**
 * A Cloud TPU generation's slices, named `<prefix><N>`. N counts chips (v5e, v6e)
 * or TensorCores (v4, v5p, TPU7x); Google prices slices per chip-hour.
 */
export interface TpuSliceFamily {
  readonly id: string;
  readonly name: string;
  readonly accelerator: string;
  readonly prefixes: readonly string[];
  readonly nameCounts: 'chips' | 'tensorcores';
  readonly tensorCoresPerChip?: number;
  readonly sizes: readonly number[];
  readonly regions?: readonly string[];
  readonly prices?: readonly ChipHourPrice[];
  readonly sources: readonly Source[];
}

export type ServerlessProvider = 'fireworks' | 'together' | 'groq' | 'cerebras' | 'bedrock' | 'vertex';

/** A model served by an API provider and billed per token. */
export interface ServerlessOffer {
  readonly id: string;
  readonly provider: ServerlessProvider;
  readonly model: string;
  readonly providerModelId?: string;
  readonly precision?: Precision;
  readonly usdPerMillionInputTokens: number;
  readonly usdPerMillionOutputTokens: number;
  readonly regions?: readonly string[];
  readonly asOf: string;
  readonly source: string;
  readonly asOfNote?: string;
}

/** What one catalog file holds; bundled files and user overrides share the shape. */
export interface CatalogData {
  readonly chips?: readonly Chip[];
  readonly instances?: readonly Instance[];
  readonly models?: readonly Model[];
  readonly serverless?: readonly ServerlessOffer[];
  readonly tpuSlices?: readonly TpuSliceFamily[];
}

export type EntryKind = 'chip' | 'instance' | 'model' | 'serverless';
