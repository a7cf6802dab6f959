import { normalizeName } from './lookup';
import type { Instance, Price, TpuSliceFamily } from './types';

/**
 * Cloud TPU slice names. Google names a slice `<generation>-<N>` where N counts
 * chips for v5e and v6e but TensorCores for v4, v5p and TPU7x (two per chip), and
 * prices every slice per chip-hour. So any offered size is an instance: its chips
 * from the naming rule, its price the chip-hour price times its chips.
 */

export interface SliceName {
  readonly family: TpuSliceFamily;
  /** The N in the name. */
  readonly size: number;
  readonly chips: number;
}

/** Chips in a slice of size N: N itself, or N TensorCores over the chip's TensorCores. */
function chipsOf(family: TpuSliceFamily, size: number): number {
  return family.nameCounts === 'tensorcores' ? size / (family.tensorCoresPerChip ?? 1) : size;
}

/** The family and size a name spells, whether or not the size is offered; undefined for other names. */
export function parseSliceName(families: readonly TpuSliceFamily[], name: string): SliceName | undefined {
  const wanted = normalizeName(name);
  for (const family of families) {
    for (const prefix of family.prefixes) {
      if (!wanted.startsWith(prefix)) continue;
      const digits = wanted.slice(prefix.length);
      if (!/^[1-9]\d{0,5}$/.test(digits)) continue;
      const size = Number(digits);
      return { family, size, chips: chipsOf(family, size) };
    }
  }
  return undefined;
}

/** The instance a slice name stands for, or undefined when the name is not an offered size. */
export function sliceInstance(families: readonly TpuSliceFamily[], name: string): Instance | undefined {
  const slice = parseSliceName(families, name);
  return slice ? sliceOfSize(slice.family, slice.size) : undefined;
}

/** The family's slice of size N, or undefined when Google does not offer N (or N is not whole chips). */
export function sliceOfSize(family: TpuSliceFamily, size: number): Instance | undefined {
  const chips = chipsOf(family, size);
  if (!family.sizes.includes(size) || !Number.isInteger(chips)) return undefined;
  return {
    id: `${family.prefixes[0]}${size}`,
    name: `${family.prefixes[0]}${size}`,
    provider: 'gcp',
    accelerator: family.accelerator,
    acceleratorCount: chips,
    ...(family.regions ? { regions: family.regions } : {}),
    prices: slicePrices(family, chips),
    sources: family.sources,
  };
}

/** A slice's prices: each chip-hour price times its chips, with that price's date and source. */
export function slicePrices(family: TpuSliceFamily, chips: number): Price[] {
  return (family.prices ?? []).map((p) => ({
    region: p.region,
    pricing: p.pricing,
    // Rounded to a millionth of a dollar so 2.7 × 16 reads 43.2, not 43.200000000000003.
    usdPerHour: Math.round(p.usdPerChipHour * chips * 1e6) / 1e6,
    asOf: p.asOf,
    source: p.source,
  }));
}

/** Offered slice names nearest in size to a name of the family with a size Google does not offer. */
export function nearestSizes(families: readonly TpuSliceFamily[], name: string, limit = 3): string[] {
  const slice = parseSliceName(families, name);
  if (!slice) return [];
  return [...slice.family.sizes]
    .sort((a, b) => Math.abs(a - slice.size) - Math.abs(b - slice.size) || a - b)
    .slice(0, limit)
    .map((n) => `${slice.family.prefixes[0]}${n}`);
}
