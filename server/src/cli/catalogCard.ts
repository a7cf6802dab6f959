import type { Catalog } from '../core/catalog/catalog';
import { PRECISIONS, type Chip, type Instance, type Model, type ServerlessOffer, type Source } from '../core/catalog/types';
import { derivedSources, figureQualifier, statedAs } from '../core/catalog/figureNotes';
import type { Entry } from './catalogOutput';

/**
 * `inference-lens catalog <name>`: one entry as a plain-text card. Each figure
 * is labelled with its unit and points at the source that backs it ([1], [2]…),
 * and a figure the vendor does not publish says so instead of vanishing.
 */

const NOT_PUBLISHED = 'not published';

/** A figure in full precision with thousands grouped: the card is read, the JSON is parsed. */
function figure(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** "(stated as 192 GiB; derived: …)" after a figure: how it was published or computed. */
function notes(...parts: (string | undefined)[]): string {
  const shown = parts.filter((p) => p !== undefined);
  return shown.length > 0 ? ` (${shown.join('; ')})` : '';
}

/** A labelled figure and the entry fields it shows, which name the sources that back it. */
interface Row {
  readonly label: string;
  readonly value: string | undefined;
  readonly fields: readonly string[];
  /** Rows for figures a user expects on every entry of the kind say "not published" when absent. */
  readonly expected?: boolean;
}

export function entryCard(entry: Entry, catalog: Catalog): string {
  const refs = new SourceRefs();
  const title = `${entry.kind} ${entry.entry.id}`;
  if (entry.kind === 'serverless') {
    const offer = entry.entry;
    const ref = refs.of(offer.source, offer.asOf);
    return [title, ...rowLines(offerRows(offer, catalog), (row) => (row.fields.includes('offer') ? ref : '')), ...refs.lines()].join('\n');
  }
  const sources = entry.entry.sources;
  const rows = entry.kind === 'chip' ? chipRows(entry.entry) : entry.kind === 'instance' ? instanceRows(entry.entry, catalog) : modelRows(entry.entry);
  // A derived figure also points at the sources of its inputs.
  const derivedRefs = (row: Row): string[] => (entry.kind === 'chip' ? derivedSources(entry.entry, row.fields).map((d) => refs.of(d.url, d.asOf)) : []);
  const refsOf = (row: Row): string => {
    const own = refs.forFields(sources, row.fields);
    return own + [...new Set(derivedRefs(row))].filter((ref) => !own.includes(ref)).join('');
  };
  const lines = [title, ...rowLines(rows, refsOf)];
  if (entry.kind === 'instance') lines.push(...priceLines(entry.entry, refs));
  return [...lines, ...refs.lines()].join('\n');
}

function rowLines(rows: readonly Row[], refOf: (row: Row) => string): string[] {
  const shown = rows.filter((r) => r.value !== undefined || r.expected);
  const width = Math.max(...shown.map((r) => r.label.length));
  return shown.map((r) => `  ${r.label.padEnd(width)}  ${r.value ?? NOT_PUBLISHED}${r.value !== undefined ? `  ${refOf(r)}` : ''}`.trimEnd());
}

function chipRows(chip: Chip): Row[] {
  const peaks = PRECISIONS.filter((p) => chip.denseTflops?.[p] !== undefined).map((p) => `${p} ${figure(chip.denseTflops?.[p] ?? 0)}`);
  const link = chip.interconnect;
  return [
    { label: 'Name', value: chip.name, fields: ['name'] },
    { label: 'Vendor', value: `${chip.vendor} · ${chip.type} · ${chip.family}`, fields: ['vendor'] },
    { label: 'Memory', value: chip.memoryGB !== undefined ? `${figure(chip.memoryGB)} GB${chip.memoryType ? ` ${chip.memoryType}` : ''}${notes(statedAs(chip.memory, 'GB'), figureQualifier(chip, 'memoryGB'))}` : undefined, fields: ['memoryGB', 'memoryType'], expected: chip.sramMB === undefined && chip.type !== 'cpu' },
    { label: 'Bandwidth', value: chip.memoryBandwidthGBps !== undefined ? `${figure(chip.memoryBandwidthGBps)} GB/s${notes(statedAs(chip.memoryBandwidth, 'GB/s'), figureQualifier(chip, 'memoryBandwidthGBps'))}` : undefined, fields: ['memoryBandwidthGBps'], expected: chip.sramMB === undefined },
    { label: 'On-chip SRAM', value: chip.sramMB !== undefined ? `${figure(chip.sramMB)} MB` : undefined, fields: ['sramMB'] },
    { label: 'SRAM bandwidth', value: chip.sramBandwidthGBps !== undefined ? `${figure(chip.sramBandwidthGBps)} GB/s` : undefined, fields: ['sramBandwidthGBps'] },
    { label: 'Dense TFLOPS', value: peaks.length > 0 ? `${peaks.join(' · ')}${notes(figureQualifier(chip, 'denseTflops'))}` : undefined, fields: ['denseTflops'], expected: true },
    { label: 'Interconnect', value: link ? `${link.name} ${figure(link.bandwidthGBps)} GB/s ${link.direction}` : undefined, fields: ['interconnect'], expected: chip.type !== 'cpu' },
    { label: 'Cores', value: chip.cores !== undefined ? figure(chip.cores) : undefined, fields: ['cores'] },
    { label: 'Power', value: chip.powerW !== undefined ? `${figure(chip.powerW)} W` : undefined, fields: ['powerW'], expected: true },
    { label: 'Launched', value: chip.launchYear?.toString(), fields: ['launchYear'], expected: true },
    { label: 'Also named', value: chip.aliases?.join(', '), fields: ['aliases'] },
  ];
}

function instanceRows(instance: Instance, catalog: Catalog): Row[] {
  const chip = catalog.chip(instance.accelerator);
  return [
    { label: 'Provider', value: instance.provider, fields: ['provider'] },
    { label: 'Accelerators', value: `${instance.acceleratorCount}× ${instance.accelerator}${chip ? ` (${chip.name})` : ''}`, fields: ['accelerator', 'acceleratorCount'] },
    { label: 'Accelerator memory', value: acceleratorMemory(instance, chip), fields: ['acceleratorMemoryGB'], expected: chip?.type !== 'cpu' },
    { label: 'vCPUs', value: instance.vcpus !== undefined ? figure(instance.vcpus) : undefined, fields: ['vcpus'], expected: true },
    { label: 'Memory', value: instance.memoryGiB !== undefined ? `${figure(instance.memoryGiB)} GiB` : undefined, fields: ['memoryGiB'], expected: true },
    { label: 'Network', value: instance.networkGbps !== undefined ? `${figure(instance.networkGbps)} Gbps` : undefined, fields: ['networkGbps'], expected: true },
    { label: 'Regions', value: instance.regions?.join(', '), fields: ['regions'], expected: true },
    { label: 'Also named', value: instance.aliases?.join(', '), fields: ['aliases'] },
  ];
}

/** The instance's own figure, else the chip's memory times the count (the consistency tests hold the two equal). */
function acceleratorMemory(instance: Instance, chip: Chip | undefined): string | undefined {
  if (instance.acceleratorMemoryGB !== undefined) return `${figure(instance.acceleratorMemoryGB)} GB`;
  if (chip?.memoryGB === undefined) return undefined;
  return `${figure(instance.acceleratorCount * chip.memoryGB)} GB (${instance.acceleratorCount} × ${figure(chip.memoryGB)} GB per chip)`;
}

function modelRows(model: Model): Row[] {
  const moe = model.moe;
  return [
    { label: 'Name', value: model.name, fields: ['name'] },
    { label: 'Parameters', value: `${model.parametersB}B${model.activeParametersB !== undefined ? ` (${model.activeParametersB}B active)` : ''}`, fields: ['parametersB', 'activeParametersB'] },
    { label: 'Layers', value: model.layers.toString(), fields: ['layers'] },
    { label: 'Hidden size', value: figure(model.hiddenSize), fields: ['hiddenSize'] },
    { label: 'FFN size', value: model.intermediateSize !== undefined ? figure(model.intermediateSize) : undefined, fields: ['intermediateSize'] },
    { label: 'Attention', value: `${model.attentionHeads} heads, ${model.kvHeads} KV heads × ${model.headDim}`, fields: ['attentionHeads', 'kvHeads', 'headDim'] },
    { label: 'MLA', value: model.mla ? `latent ${model.mla.kvLoraRank} + rotary ${model.mla.qkRopeHeadDim}` : undefined, fields: ['mla'] },
    { label: 'Experts', value: moe ? `${moe.activeExperts} of ${moe.experts} routed${moe.sharedExperts ? ` + ${moe.sharedExperts} shared` : ''}${moe.moeLayers !== undefined ? ` in ${moe.moeLayers} layers` : ''}` : undefined, fields: ['moe'] },
    { label: 'Sliding window', value: model.slidingWindow ? `${figure(model.slidingWindow.windowTokens)} tokens in ${model.slidingWindow.layers} layers` : undefined, fields: ['slidingWindow'] },
    { label: 'Vocabulary', value: model.vocabSize !== undefined ? figure(model.vocabSize) : undefined, fields: ['vocabSize'] },
    { label: 'Context', value: `${figure(model.maxContextTokens)} tokens`, fields: ['maxContextTokens'] },
    { label: 'Weights ship as', value: model.nativePrecision, fields: ['nativePrecision'] },
    { label: 'Also named', value: model.aliases?.join(', '), fields: ['aliases'] },
  ];
}

function offerRows(offer: ServerlessOffer, catalog: Catalog): Row[] {
  const model = catalog.model(offer.model);
  return [
    { label: 'Provider', value: offer.provider, fields: [] },
    { label: 'Model', value: `${offer.model}${model ? ` (${model.name})` : ''}`, fields: [] },
    { label: 'Provider model id', value: offer.providerModelId, fields: ['offer'] },
    { label: 'Input', value: `$${offer.usdPerMillionInputTokens} per 1M tokens`, fields: ['offer'] },
    { label: 'Output', value: `$${offer.usdPerMillionOutputTokens} per 1M tokens`, fields: ['offer'] },
    { label: 'Precision', value: offer.precision, fields: ['offer'] },
    { label: 'Regions', value: offer.regions?.join(', '), fields: ['offer'], expected: offer.provider === 'bedrock' || offer.provider === 'vertex' },
  ];
}

/** Prices grouped by pricing model, one line per region, each with its own source. */
function priceLines(instance: Instance, refs: SourceRefs): string[] {
  const prices = instance.prices ?? [];
  if (prices.length === 0) return ['  Prices  none in the catalog'];
  const width = Math.max(...prices.map((p) => p.region.length));
  const lines = ['  Prices (USD per hour, whole instance)'];
  for (const p of [...prices].sort((a, b) => a.pricing.localeCompare(b.pricing) || a.region.localeCompare(b.region))) {
    lines.push(`    ${p.pricing.padEnd(11)} ${p.region.padEnd(width)}  ${`$${p.usdPerHour.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`.padStart(12)}  as of ${p.asOf}  ${refs.of(p.source, p.asOf)}`);
  }
  return lines;
}

/** Numbers each distinct source once, in the order figures cite them. */
class SourceRefs {
  private readonly order: { url: string; asOf: string }[] = [];

  of(url: string, asOf: string): string {
    let index = this.order.findIndex((s) => s.url === url && s.asOf === asOf);
    if (index < 0) index = this.order.push({ url, asOf }) - 1;
    return `[${index + 1}]`;
  }

  /** The sources that cover any of the fields; a source that lists no fields covers the entry as a whole. */
  forFields(sources: readonly Source[], fields: readonly string[]): string {
    const covering = sources.filter((s) => s.covers?.some((c) => fields.includes(c.split('.')[0] ?? c)));
    const backing = covering.length > 0 ? covering : sources.filter((s) => s.covers === undefined);
    return backing.map((s) => this.of(s.url, s.asOf)).join('');
  }

  lines(): string[] {
    return ['Sources', ...this.order.map((s, i) => `  [${i + 1}] ${s.url} (as of ${s.asOf})`)];
  }
}
