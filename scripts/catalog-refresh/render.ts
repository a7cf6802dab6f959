/**
 * The refresh's two outputs: a proposal in the catalog's own override format (so it
 * loads, validates and can be reviewed and copied into server/data), and a dated change
 * report for the person who reviews it.
 */
import type { Changes, NewType, PriceChange } from './diff';
import { percent } from './diff';

const usd = (x: number | undefined): string => (x === undefined ? '' : `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`);

export function renderReport(all: readonly Changes[], date: string): string {
  const lines = [`# Catalog refresh ${date}`, '', 'Proposed by `npm run catalog:refresh`. Nothing is applied: review the proposal files and copy what holds into `server/data/`.', ''];
  lines.push('## Sources', '');
  for (const c of all) lines.push(`- ${c.snapshot.provider}: ${c.snapshot.source} (as of ${c.snapshot.asOf}; ${c.snapshot.offers.length} offers in ${c.snapshot.regions.length} regions)`);
  const section = (title: string, rows: readonly PriceChange[], columns: (c: PriceChange) => string[]) => {
    lines.push('', `## ${title} (${rows.length})`, '');
    if (rows.length === 0) return void lines.push('None.');
    lines.push('| instance | region | pricing | catalog | source | change |', '|---|---|---|---|---|---|');
    for (const row of rows) lines.push(`| ${[row.instance, row.region, row.pricing, ...columns(row)].join(' | ')} |`);
  };
  const moved = all.flatMap((c) => c.moved);
  const added = all.flatMap((c) => c.added);
  const removed = all.flatMap((c) => c.removed);
  section('Prices moved by more than 1%', moved, (c) => [usd(c.before), usd(c.after), percent(c)]);
  section('Prices added', added, (c) => ['', usd(c.after), 'new']);
  section('Prices removed (the source covers the region but no longer lists the type)', removed, (c) => [usd(c.before), '', 'gone']);
  const types = all.flatMap((c) => c.newTypes);
  lines.push('', `## Instance types added to tracked families (${types.length})`, '');
  if (types.length === 0) lines.push('None.');
  for (const t of types) lines.push(`- ${t.offer.instance} (${t.offer.provider}, ${t.offer.region} ${usd(t.offer.usdPerHour)}/h): ${t.chip && t.spec ? `proposed with ${t.spec.acceleratorCount ?? 0}× ${t.chip}` : 'needs its chip and figures by hand'}`);
  lines.push('', `Unchanged prices: ${all.reduce((n, c) => n + c.unchanged, 0)}.`, '');
  return lines.join('\n');
}

/** The proposal for one provider as a catalog override file: changed and added prices, and complete new entries. */
export function renderProposal(changes: Changes, date: string): string {
  const byInstance = new Map<string, PriceChange[]>();
  for (const change of [...changes.moved, ...changes.added]) byInstance.set(change.instance, [...(byInstance.get(change.instance) ?? []), change]);
  const lines = [
    `# Proposed by npm run catalog:refresh on ${date} from ${changes.snapshot.source} (as of ${changes.snapshot.asOf}).`,
    '# A catalog override file: it merges over the bundled catalog as it stands. Review each figure, then copy it into',
    `# server/data/instances/${changes.snapshot.provider}.yaml (prices replace the same region and pricing model).`,
    'instances:',
  ];
  for (const [instance, prices] of byInstance) {
    lines.push(`  - id: ${instance}`);
    const regions = [...new Set(prices.filter((p) => !p.before).map((p) => p.region))];
    if (regions.length > 0) lines.push(`    regions: [${regions.join(', ')}]`);
    lines.push('    prices:', ...prices.map((p) => `      - ${priceLine(p.region, p.pricing, p.after ?? 0, p.offer?.asOf ?? date, p.offer?.source ?? '')}`));
  }
  for (const t of changes.newTypes) lines.push(...newEntry(t));
  if (lines.length === 4) lines[3] = 'instances: []';
  return `${lines.join('\n')}\n`;
}

function priceLine(region: string, pricing: string, usdPerHour: number, asOf: string, source: string): string {
  return `{ region: ${region}, pricing: ${pricing}, usdPerHour: ${usdPerHour}, asOf: "${asOf}", source: "${source}" }`;
}

function newEntry({ offer, spec, chip }: NewType): string[] {
  if (!spec || !chip || spec.acceleratorCount === undefined) return [];
  return [
    `  - id: ${offer.instance}`,
    `    name: ${offer.instance}`,
    `    provider: ${offer.provider}`,
    `    accelerator: ${chip}`,
    `    acceleratorCount: ${spec.acceleratorCount}`,
    ...(spec.vcpus !== undefined ? [`    vcpus: ${spec.vcpus}`] : []),
    ...(spec.memoryGiB !== undefined ? [`    memoryGiB: ${spec.memoryGiB}`] : []),
    ...(spec.acceleratorMemoryMiB !== undefined ? [`    acceleratorMemory: { value: ${spec.acceleratorMemoryMiB * spec.acceleratorCount}, unit: MiB }  # ${spec.acceleratorCount} x ${spec.acceleratorMemoryMiB} MiB (EC2 API)`] : []),
    ...(spec.networkGbps !== undefined ? [`    networkGbps: ${spec.networkGbps}`] : []),
    `    regions: [${offer.region}]`,
    '    prices:',
    `      - ${priceLine(offer.region, offer.pricing, offer.usdPerHour, offer.asOf, offer.source)}`,
    '    sources:',
    `      - { url: "${spec.source}", asOf: "${spec.asOf}", covers: [acceleratorCount, vcpus, memoryGiB, acceleratorMemoryGB, networkGbps] }`,
    `      - { url: "${offer.source}", asOf: "${offer.asOf}", covers: [regions, prices] }`,
  ];
}
