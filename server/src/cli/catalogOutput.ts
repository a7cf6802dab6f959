import { isSageMakerName, type Catalog } from '../core/catalog/catalog';
import type { Chip, EntryKind, Instance, Model, ServerlessOffer } from '../core/catalog/types';

export type Entry =
  | { readonly kind: 'chip'; readonly entry: Chip }
  | { readonly kind: 'instance'; readonly entry: Instance }
  | { readonly kind: 'model'; readonly entry: Model }
  | { readonly kind: 'serverless'; readonly entry: ServerlessOffer };

/** The entry an id or alias names exactly, chips first. */
export function findEntry(catalog: Catalog, name: string): Entry | undefined {
  const chip = catalog.chip(name);
  if (chip) return { kind: 'chip', entry: chip };
  const instance = catalog.instance(name);
  if (instance) return { kind: 'instance', entry: instance };
  const model = catalog.model(name);
  if (model) return { kind: 'model', entry: model };
  const offer = catalog.serverless.find((o) => o.id === name.trim().toLowerCase());
  return offer ? { kind: 'serverless', entry: offer } : undefined;
}

/** Entries whose id, alias or name contains the query, or (no query) everything. */
export function searchEntries(catalog: Catalog, query: string | undefined): Entry[] {
  const q = query?.trim().toLowerCase() ?? '';
  const matches = (e: { id: string; name?: string; aliases?: readonly string[] }): boolean =>
    q === '' || [e.id, e.name ?? '', ...(e.aliases ?? [])].some((n) => n.toLowerCase().includes(q));
  return [
    ...catalog.chips.all().filter(matches).map((entry) => ({ kind: 'chip' as const, entry })),
    ...catalog.instancesAndSlices().filter(matches).map((entry) => ({ kind: 'instance' as const, entry })),
    ...catalog.models.all().filter(matches).map((entry) => ({ kind: 'model' as const, entry })),
    ...catalog.serverless.filter((o) => q === '' || o.id.includes(q) || o.model.includes(q)).map((entry) => ({ kind: 'serverless' as const, entry })),
  ];
}

export function suggestions(catalog: Catalog, name: string): string[] {
  return [...catalog.chips.suggest(name, 2), ...catalog.suggestInstances(name, 2), ...catalog.models.suggest(name, 2)];
}

/** One entry as JSON with its kind first; absent figures stay absent. */
export function entryJson({ kind, entry }: Entry): object {
  return { kind, ...entry };
}

const KIND_ORDER: readonly EntryKind[] = ['chip', 'instance', 'model', 'serverless'];

/** A line per entry: kind, id, and the figures that identify it. */
export function entryLines(entries: readonly Entry[]): string {
  const sorted = [...entries].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.entry.id.localeCompare(b.entry.id));
  return sorted.map((e) => `${e.kind.padEnd(10)} ${e.entry.id.padEnd(28)} ${summary(e)}`).join('\n');
}

function summary(e: Entry): string {
  switch (e.kind) {
    case 'chip': {
      const c = e.entry;
      const memory = c.memoryGB !== undefined ? `${c.memoryGB} GB ${c.memoryType ?? ''}`.trim() : c.sramMB !== undefined ? `${c.sramMB / 1000} GB SRAM` : 'memory not published';
      const bw = c.memoryBandwidthGBps ?? c.sramBandwidthGBps;
      return `${c.name} · ${memory}${bw !== undefined ? ` · ${bw} GB/s` : ''}`;
    }
    case 'instance': {
      const i = e.entry;
      return `${i.acceleratorCount}× ${i.accelerator}${i.acceleratorMemoryGB !== undefined ? ` · ${i.acceleratorMemoryGB} GB` : ''} · ${i.provider}`;
    }
    case 'model': {
      const m = e.entry;
      return `${m.name} · ${m.parametersB}B${m.activeParametersB !== undefined ? ` (${m.activeParametersB}B active)` : ''} · ${m.layers} layers · ${m.maxContextTokens} ctx`;
    }
    case 'serverless': {
      const o = e.entry;
      return `${o.model} on ${o.provider} · $${o.usdPerMillionInputTokens} in / $${o.usdPerMillionOutputTokens} out per 1M tokens`;
    }
  }
}

/** What the catalog covers beyond the counts: where instances, chips and API offers come from, and how its figures are known. */
export interface CatalogCoverage {
  readonly newestAsOf: string | null;
  readonly instancesByProvider: Readonly<Record<string, number>>;
  readonly sageMakerInstances: number;
  readonly tpuSliceFamilies: number;
  readonly chipsByVendor: Readonly<Record<string, number>>;
  readonly serverlessByProvider: Readonly<Record<string, number>>;
  readonly regionsPriced: number;
  readonly derivedFigures: number;
  readonly disputedFigures: number;
  /** Prices and API offers dated more than 12 months before the newest figure, each with a note saying why. */
  readonly pricesOlderThan12Months: number;
}

/** Counts by kind and the oldest date any figure is as of: how fresh the catalog is; and what it covers. */
export function catalogStats(catalog: Catalog): { counts: Record<EntryKind | 'prices', number>; oldestAsOf: string | null; coverage: CatalogCoverage } {
  // Listed entries only: a TPU slice size derived from its family is not another entry, nor its prices.
  const instances = catalog.instances.all();
  const chips = catalog.chips.all();
  const counts = {
    chip: chips.length,
    instance: instances.length,
    model: catalog.models.all().length,
    serverless: catalog.serverless.length,
    prices: instances.reduce((n, i) => n + (i.prices?.length ?? 0), 0) + catalog.tpuSlices.reduce((n, f) => n + (f.prices?.length ?? 0), 0),
  };
  const { oldest, newest } = catalog.asOfRange();
  const yearBefore = newest ? `${Number(newest.slice(0, 4)) - 1}${newest.slice(4)}` : '';
  const priceDates = [...instances.flatMap((i) => i.prices ?? []), ...catalog.tpuSlices.flatMap((f) => f.prices ?? []), ...catalog.serverless];
  const coverage: CatalogCoverage = {
    newestAsOf: newest,
    instancesByProvider: tally(instances.map((i) => i.provider)),
    sageMakerInstances: instances.filter((i) => isSageMakerName(i.id)).length,
    tpuSliceFamilies: catalog.tpuSlices.length,
    chipsByVendor: tally(chips.map((c) => c.vendor)),
    serverlessByProvider: tally(catalog.serverless.map((o) => o.provider)),
    regionsPriced: new Set(priceDates.flatMap((p) => ('region' in p && typeof p.region === 'string' ? [p.region] : []))).size,
    derivedFigures: [...chips, ...instances].reduce((n, e) => n + Object.keys(e.derived ?? {}).length, 0),
    disputedFigures: chips.reduce((n, c) => n + Object.keys(c.disputed ?? {}).length, 0),
    pricesOlderThan12Months: priceDates.filter((p) => p.asOf < yearBefore).length,
  };
  return { counts, oldestAsOf: oldest, coverage };
}

/** The coverage as lines under the counts of `catalog --stats`. */
export function coverageLines(coverage: CatalogCoverage): string {
  const list = (counts: Readonly<Record<string, number>>): string =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  return [
    `newest asOf: ${coverage.newestAsOf ?? 'none'}`,
    `instances by provider: ${list(coverage.instancesByProvider)} (SageMaker ml.* ${coverage.sageMakerInstances}); TPU slice families: ${coverage.tpuSliceFamilies}`,
    `chips by vendor: ${list(coverage.chipsByVendor)}`,
    `API offers by provider: ${list(coverage.serverlessByProvider)}`,
    `regions priced: ${coverage.regionsPriced}`,
    `derived figures: ${coverage.derivedFigures}; disputed figures: ${coverage.disputedFigures}`,
    `prices older than 12 months (each with a note): ${coverage.pricesOlderThan12Months}`,
  ].join('\n');
}

function tally(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}
