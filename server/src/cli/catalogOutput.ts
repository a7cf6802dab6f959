import type { Catalog } from '../core/catalog/catalog';
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

/** Counts by kind and the oldest date any figure is as of: how fresh the catalog is. */
export function catalogStats(catalog: Catalog): { counts: Record<EntryKind | 'prices', number>; oldestAsOf: string | null } {
  // Listed entries only: a TPU slice size derived from its family is not another entry, nor its prices.
  const counts = {
    chip: catalog.chips.all().length,
    instance: catalog.instances.all().length,
    model: catalog.models.all().length,
    serverless: catalog.serverless.length,
    prices: catalog.instances.all().reduce((n, i) => n + (i.prices?.length ?? 0), 0) + catalog.tpuSlices.reduce((n, f) => n + (f.prices?.length ?? 0), 0),
  };
  return { counts, oldestAsOf: catalog.asOfRange().oldest };
}
