import type { Catalog } from '../catalog/catalog';
import { derivedSources, figureQualifier, statedAs } from '../catalog/figureNotes';
import { PRECISIONS, type Chip, type Instance, type Model, type Precision, type PricingModel } from '../catalog/types';
import { BYTES_PER_WEIGHT, kvBytesPerToken, weightBytes } from '../estimator/memory';
import { computePrecision } from '../estimator/speed';
import { num, usd } from '../numbers';
import { md, NOT_PUBLISHED, sourcesLine } from './markdown';
import { offeredIn } from '../catalog/prices';

/** Compact hover cards for catalog entries: the figures that matter, each entry's sources and dates. */

export function chipLabel(chip: Chip): string {
  return chip.shortName ?? chip.name;
}

export function chipCard(chip: Chip): string {
  const memory =
    chip.memoryGB !== undefined
      ? `${num(chip.memoryGB, 1)} GB ${md(chip.memoryType ?? '')}`.trim()
      : chip.sramMB !== undefined
        ? `${num(chip.sramMB / 1000, 1)} GB on-chip SRAM`
        : NOT_PUBLISHED;
  const bandwidth = chip.memoryBandwidthGBps ?? chip.sramBandwidthGBps;
  const peaks = PRECISIONS.filter((p) => chip.denseTflops?.[p] !== undefined).map((p) => `${p} ${num(chip.denseTflops?.[p] ?? 0)}`);
  // "· stated as 192 GiB", "· derived: 8 DDR channels × …", "· disputed: …" after the figure.
  const note = (...notes: (string | undefined)[]): string => notes.filter((n) => n !== undefined).map((n) => ` · _${md(n)}_`).join('');
  const link = chip.interconnect
    ? `${md(chip.interconnect.name)} ${num(chip.interconnect.bandwidthGBps)} GB/s ${chip.interconnect.direction}`
    : NOT_PUBLISHED;
  return [
    `**${md(chip.name)}** · ${md(chip.vendor)}${chip.launchYear ? ` · ${chip.launchYear}` : ''}`,
    '',
    `| | |`,
    `|---|---|`,
    `| Memory | ${memory}${chip.memoryGB !== undefined ? note(statedAs(chip.memory, 'GB'), figureQualifier(chip, 'memoryGB')) : ''} |`,
    `| Bandwidth | ${bandwidth !== undefined ? `${num(bandwidth)} GB/s${note(statedAs(chip.memoryBandwidth, 'GB/s'), figureQualifier(chip, 'memoryBandwidthGBps'))}` : NOT_PUBLISHED} |`,
    `| Dense TFLOPS | ${peaks.length > 0 ? `${peaks.join(' · ')}${note(figureQualifier(chip, 'denseTflops'))}` : NOT_PUBLISHED} |`,
    `| Interconnect | ${link} |`,
    `| Power | ${chip.powerW !== undefined ? `${num(chip.powerW)} W` : NOT_PUBLISHED} |`,
    '',
    sourcesLine([...chip.sources, ...derivedSources(chip).filter((d) => !chip.sources.some((s) => s.url === d.url))]),
  ].join('\n');
}

export function instanceCard(instance: Instance, chip: Chip | undefined, region: string | undefined, pricing: PricingModel): string {
  const accelerators = `${instance.acceleratorCount}× ${md(chip?.name ?? instance.accelerator)}`;
  const memory = instance.acceleratorMemoryGB !== undefined ? ` · ${num(instance.acceleratorMemoryGB, 1)} GB accelerator memory` : '';
  const host = [
    instance.vcpus !== undefined ? `${num(instance.vcpus)} vCPUs` : undefined,
    instance.memoryGiB !== undefined ? `${num(instance.memoryGiB)} GiB RAM` : undefined,
    instance.networkGbps !== undefined ? `${num(instance.networkGbps)} Gbps network` : undefined,
  ].filter((x) => x !== undefined);
  const prices = (instance.prices ?? []).filter((p) => p.pricing === pricing);
  const here = region ? prices.find((p) => p.region.toLowerCase() === region.toLowerCase()) : undefined;
  const priceLine = here
    ? `**${usd(here.usdPerHour)}/h** ${pricing} in ${md(here.region)} (as of ${here.asOf}, [source](${here.source}))`
    : region
      ? `No ${pricing} price in ${md(region)} in the catalog${prices.length > 0 ? `; priced in ${prices.map((p) => `${md(p.region)} ${usd(p.usdPerHour)}/h`).join(', ')}` : ''}`
      : prices.length > 0
        ? `${pricing}: ${prices.map((p) => `${md(p.region)} ${usd(p.usdPerHour)}/h`).join(', ')}`
        : `No ${pricing} price in the catalog`;
  const regions = instance.regions ?? [];
  return [
    `**${md(instance.name ?? instance.id)}** · ${instance.provider.toUpperCase()}`,
    '',
    `${accelerators}${memory}`,
    host.length > 0 ? `\n${host.join(' · ')}` : '',
    '',
    priceLine,
    '',
    regions.length > 0 ? `Offered in ${regions.length} ${regions.length === 1 ? 'region' : 'regions'}: ${regions.slice(0, 10).map(md).join(', ')}${regions.length > 10 ? ', …' : ''}` : 'Regions: _not listed_',
    '',
    sourcesLine(instance.sources),
  ].join('\n');
}

export function modelCard(model: Model, precision: Precision | undefined): string {
  const weightsAt = precision ?? model.nativePrecision ?? 'bf16';
  const active = model.activeParametersB !== undefined ? ` (${num(model.activeParametersB, 1)}B active)` : '';
  const moe = model.moe ? ` · MoE ${model.moe.activeExperts} of ${model.moe.experts} experts${model.moe.sharedExperts ? ` + ${model.moe.sharedExperts} shared` : ''}` : '';
  const attention = model.mla
    ? `MLA (latent ${model.mla.kvLoraRank} + rotary ${model.mla.qkRopeHeadDim})`
    : `${model.attentionHeads} heads, ${model.kvHeads} KV heads × ${model.headDim}`;
  const window = model.slidingWindow ? ` · ${model.slidingWindow.layers} sliding-window layers (${num(model.slidingWindow.windowTokens)} tokens)` : '';
  return [
    `**${md(model.name)}** · ${num(model.parametersB, 1)}B parameters${active}${moe}`,
    '',
    `| | |`,
    `|---|---|`,
    `| Layers | ${model.layers} · hidden ${num(model.hiddenSize)} |`,
    `| Attention | ${attention}${window} |`,
    `| KV cache | ${num(kvBytesPerToken(model, 'bf16') / 1024, 1)} KiB per token at bf16 |`,
    `| Weights | ${num(weightBytes(model, weightsAt) / 1e9, 1)} GB at ${weightsAt} |`,
    `| Context | ${num(model.maxContextTokens)} tokens |`,
    '',
    sourcesLine(model.sources),
  ].join('\n');
}

const PRECISION_NAMES: Readonly<Record<Precision, string>> = {
  fp32: '32-bit floating point',
  bf16: 'bfloat16',
  fp16: '16-bit floating point',
  fp8: '8-bit floating point (E4M3/E5M2)',
  int8: '8-bit integer',
  int4: '4-bit integer, weight-only (AWQ/GPTQ, group scales)',
  fp4: '4-bit floating point (NVFP4/MXFP4, block scales)',
};

export function precisionCard(precision: Precision, chip: Chip | undefined, model: Model | undefined): string {
  const lines = [`**${precision}** · ${PRECISION_NAMES[precision]} · ${num(BYTES_PER_WEIGHT[precision], 3)} bytes per weight`];
  if (model) lines.push('', `${md(model.name)}: ${num(weightBytes(model, precision) / 1e9, 1)} GB of weights at ${precision}.`);
  if (chip?.denseTflops) {
    const runs = computePrecision(chip, precision);
    const peak = runs ? chip.denseTflops[runs] : undefined;
    lines.push(
      '',
      runs === precision
        ? `${md(chip.name)} runs ${precision} natively: ${num(peak ?? 0)} TFLOPS dense.`
        : chip.unratedPrecisions?.includes(precision)
          ? `${md(chip.name)} runs ${precision} natively, at a peak not published: estimates time it at ${runs ?? '?'}${peak !== undefined ? ` (${num(peak)} TFLOPS dense)` : ''}.`
          : `${md(chip.name)} has no native ${precision}: matrix multiplies run at ${runs ?? '?'}${peak !== undefined ? ` (${num(peak)} TFLOPS dense)` : ''}.`,
    );
  }
  return lines.join('\n');
}

export function regionCard(region: string, catalog: Catalog, instance: Instance | undefined): string {
  const offered = catalog.instances.all().filter((i) => offeredIn(i, region) === true);
  const lines = [`**${md(region)}** · ${offered.length} catalog instance types offered here`];
  if (instance) {
    const known = offeredIn(instance, region) === true;
    lines.push('', known ? `${md(instance.name ?? instance.id)} is offered here.` : `${md(instance.name ?? instance.id)} is **not** listed in this region.`);
  }
  return lines.join('\n');
}
