/**
 * Memory and bandwidth as their sources state them, and the one place they become
 * the catalog's decimal GB and GB/s. Vendors mix decimal and binary units, often on
 * the same page (AWS Neuron: "32 GiB ... 820 GiB/s"; Google TPU tables: GiB, GB/s);
 * a figure copied without its unit is how 192 GiB became "192 GB". So a catalog
 * file records `memory: { value: 192, unit: GiB }` and the loader converts it here.
 */

export const SIZE_UNITS = ['GB', 'GiB', 'MB', 'MiB', 'TB'] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];
export const RATE_UNITS = ['GB/s', 'GiB/s', 'TB/s', 'MB/s'] as const;
export type RateUnit = (typeof RATE_UNITS)[number];

/** A figure as its source states it. */
export interface Published<U extends string> {
  readonly value: number;
  readonly unit: U;
}

const BYTES: Readonly<Record<SizeUnit, number>> = { GB: 1e9, GiB: 2 ** 30, MB: 1e6, MiB: 2 ** 20, TB: 1e12 };
const BYTES_PER_SECOND: Readonly<Record<RateUnit, number>> = { 'GB/s': 1e9, 'GiB/s': 2 ** 30, 'TB/s': 1e12, 'MB/s': 1e6 };

/** Decimal GB (10^9 bytes), rounded to 0.01 GB so a converted figure reads as it did when hand-converted. */
export function toGB({ value, unit }: Published<SizeUnit>): number {
  return round2((value * BYTES[unit]) / 1e9);
}

/** Decimal GB/s (10^9 bytes per second), rounded to 0.01. */
export function toGBps({ value, unit }: Published<RateUnit>): number {
  return round2((value * BYTES_PER_SECOND[unit]) / 1e9);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Each published field and the canonical decimal field the loader fills from it. */
export const PUBLISHED_FIELDS = {
  chips: [
    { published: 'memory', canonical: 'memoryGB', convert: toGB },
    { published: 'memoryBandwidth', canonical: 'memoryBandwidthGBps', convert: toGBps },
  ],
  instances: [{ published: 'acceleratorMemory', canonical: 'acceleratorMemoryGB', convert: toGB }],
} as const;

type Fields = readonly { readonly published: string; readonly canonical: string; readonly convert: (q: Published<never>) => number }[];

/**
 * An entry with its canonical figures filled from the published ones. An entry that
 * states only the canonical figure (a user's override: `memoryGB: 80`) keeps it.
 */
export function withCanonicalUnits<T extends Record<string, unknown>>(entry: T, fields: Fields): T {
  let result: Record<string, unknown> = entry;
  for (const { published, canonical, convert } of fields) {
    const quantity = entry[published] as Published<never> | undefined;
    if (quantity && typeof quantity.value === 'number') result = { ...result, [canonical]: convert(quantity) };
  }
  return result as T;
}

/**
 * After an override is merged over an earlier entry: a canonical figure the override
 * states by itself replaces the earlier published one, which would no longer match.
 */
export function dropReplacedPublished(merged: Record<string, unknown>, later: Record<string, unknown>, fields: Fields): Record<string, unknown> {
  const result = { ...merged };
  for (const { published, canonical } of fields) {
    if (later[canonical] !== undefined && later[published] === undefined) delete result[published];
  }
  return result;
}
