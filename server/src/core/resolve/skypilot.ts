import { isSageMakerName, type Catalog } from '../catalog/catalog';
import { cheapestPrice, mayRunIn, priceIn } from '../catalog/prices';
import type { Chip, Instance, PricingModel } from '../catalog/types';
import type { DeploymentSpec, FieldKey } from '../manifest/deployment';
import { inferred, type Field } from '../manifest/provenance';

/**
 * SkyPilot as its optimizer works: a task names accelerators (and maybe a cloud,
 * a region, spot), and SkyPilot launches the cheapest machine type that has
 * exactly that many of them there; among candidate resources it takes the
 * cheapest (a set, `any_of`) or the first that can be launched (a list, `ordered`).
 */

/** The machine SkyPilot launches for a chip and a count: the cheapest catalog instance with exactly that many, on the cloud and in the region asked. */
export function skyPilotInstance(catalog: Catalog, chip: Chip, count: number | undefined, spec: DeploymentSpec): Instance | undefined {
  const pricing = spec.pricing?.value ?? 'on-demand';
  const region = spec.region?.value;
  const offered = catalog
    .instancesWith(chip.id)
    .filter((i) => !isSageMakerName(i.id) && (count === undefined || i.acceleratorCount === count))
    .filter((i) => (!spec.provider || i.provider === spec.provider) && mayRunIn(i, region) && (i.prices ?? []).length > 0)
    .filter((i) => meets(i.vcpus, spec.hostNeeds?.cpus) && meets(i.memoryGiB, spec.hostNeeds?.memoryGiB));
  return [...offered].sort((a, b) => rank(a, pricing, region) - rank(b, pricing, region) || a.id.localeCompare(b.id))[0];
}

/** Whether a machine's vCPUs or memory meet a task's `cpus` / `memory`; a figure the catalog lacks does not rule it out. */
function meets(has: number | undefined, need: { readonly value: number; readonly atLeast: boolean } | undefined): boolean {
  if (!need || has === undefined) return true;
  return need.atLeast ? has >= need.value : has === need.value;
}

/** An instance's $/h for the pricing asked (in the region, else its cheapest), unpriced ones after every priced one. */
function rank(instance: Instance, pricing: PricingModel, region: string | undefined): number {
  return hourly(instance, pricing, region) ?? 1e9 + (hourly(instance, 'on-demand', undefined) ?? 0);
}

function hourly(instance: Instance, pricing: PricingModel, region: string | undefined): number | undefined {
  return (region === undefined ? cheapestPrice(instance, pricing) : priceIn(instance, pricing, region))?.usdPerHour;
}

/** The largest count of a chip one catalog machine holds, and the machines that hold it. */
export function largestNode(catalog: Catalog, chip: Chip): { readonly count: number; readonly instances: readonly string[] } | undefined {
  const machines = catalog.instancesAndSlices().filter((i) => i.accelerator === chip.id && !isSageMakerName(i.id));
  const count = Math.max(...machines.map((i) => i.acceleratorCount));
  if (!Number.isFinite(count)) return undefined;
  return { count, instances: machines.filter((i) => i.acceleratorCount === count).map((i) => i.id) };
}

/** One candidate looked up in the catalog: where it would run and at what price, or why it cannot be placed. */
interface Offer {
  readonly spec: DeploymentSpec;
  readonly label: string;
  readonly instance: Instance | undefined;
  readonly usdPerHour: number | undefined;
  /** The candidate as the estimate's explanation lists it. */
  readonly said: string;
}

function offerOf(spec: DeploymentSpec, label: string, catalog: Catalog): Offer {
  const none = (why: string): Offer => ({ spec, label, instance: undefined, usdPerHour: undefined, said: `${label}: ${why}` });
  if (spec.uncoveredCloud) return none(`${spec.uncoveredCloud} is not in the catalog`);
  const pricing = spec.pricing?.value ?? 'on-demand';
  const region = spec.region?.value;
  let instance: Instance | undefined;
  if (spec.instance) {
    instance = catalog.instance(spec.instance.value);
    if (!instance) return none(`${spec.instance.value} is not in the catalog`);
  } else if (spec.accelerator) {
    const chip = catalog.chip(spec.accelerator.value);
    if (!chip) return none(`${spec.accelerator.value} is not in the catalog`);
    const count = spec.acceleratorsPerPod?.value;
    instance = skyPilotInstance(catalog, chip, count, spec);
    if (!instance) {
      const largest = largestNode(catalog, chip);
      const where = spec.provider ? ` on ${spec.provider.toUpperCase()}` : '';
      const most = largest && count !== undefined && count > largest.count ? ` (at most ${largest.count} on one machine)` : '';
      const needs = spec.hostNeeds;
      const host = needs ? ` with ${[needs.cpus && `${needs.cpus.value}${needs.cpus.atLeast ? '+' : ''} vCPUs`, needs.memoryGiB && `${needs.memoryGiB.value}${needs.memoryGiB.atLeast ? '+' : ''} GiB`].filter(Boolean).join(' and ')}` : '';
      return none(`no catalog machine has exactly ${count ?? 1} ${chip.name}${host}${where}${region ? ` in ${region}` : ''}${most}`);
    }
  }
  if (!instance) return none('names no hardware');
  const usdPerHour = hourly(instance, pricing, region);
  const said = usdPerHour === undefined ? `${label}: ${instance.id}, no ${pricing} price in the catalog` : `${label}: ${instance.id} at $${usdPerHour.toFixed(2)}/h`;
  return { spec, label, instance, usdPerHour, said };
}

/** The fields a candidate may set differently from the others. */
const CANDIDATE_FIELDS = ['accelerator', 'acceleratorsPerPod', 'instance', 'region', 'pricing'] as const satisfies readonly FieldKey[];

/**
 * The spec of the candidate SkyPilot's optimizer takes: the cheapest priced one
 * of a set or `any_of`, the first one a catalog machine offers of a list or
 * `ordered`. What tells the candidates apart becomes inferred, its reason naming
 * every candidate and why this one; each stays editable where it is written.
 * A spec without candidates is returned as it is.
 */
export function chooseCandidate(spec: DeploymentSpec, catalog: Catalog): DeploymentSpec {
  const candidates = spec.candidates;
  if (!candidates) return spec;
  const offers = candidates.specs.map((s, i) => offerOf(s, candidates.labels[i] ?? '', catalog));
  const placed = offers.filter((o) => o.instance !== undefined);
  const byPrice = [...offers].filter((o) => o.usdPerHour !== undefined).sort((a, b) => (a.usdPerHour ?? 0) - (b.usdPerHour ?? 0));
  const chosen = (candidates.order === 'ordered' ? placed[0] : (byPrice[0] ?? placed[0])) ?? offers[0];
  if (!chosen) return withoutCandidates(spec);
  const n = offers.length;
  const listed = (candidates.order === 'ordered' ? offers : [...byPrice, ...offers.filter((o) => !byPrice.includes(o))]).map((o) => o.said).join('; ');
  const why =
    chosen.instance === undefined
      ? `the first of the ${n} candidates: none runs on a catalog machine (${listed})`
      : candidates.order === 'ordered'
        ? `the first of the ${n} candidates, tried in the order written, that a catalog machine offers (${listed})`
        : chosen.usdPerHour !== undefined
          ? `the cheapest of the ${n} candidates SkyPilot's optimizer chooses from (${listed})`
          : `the first of the ${n} candidates a catalog machine offers; none has a price (${listed})`;
  const out: Record<string, unknown> = { ...withoutCandidates(chosen.spec), choice: { order: candidates.order, span: candidates.span, of: n, acceleratorsOnly: candidates.acceleratorsOnly } };
  let first = true;
  for (const key of CANDIDATE_FIELDS) {
    const field = chosen.spec[key] as Field<unknown> | undefined;
    if (!field || field.origin !== 'declared') continue;
    const shared = candidates.specs.every((s) => {
      const other = s[key] as Field<unknown> | undefined;
      return other?.span.start === field.span.start && other.span.end === field.span.end;
    });
    if (shared) continue;
    const reason = first ? why : `that of the candidate chosen (${chosen.label}), see the accelerator`;
    first = false;
    out[key] = inferred(field.value, field.span, reason, [candidates.span], field.span);
  }
  // Candidates that differ only where nothing is located (the cloud of `infra: aws`): the hardware carries the reason.
  const hardware = chosen.spec.accelerator ? 'accelerator' : 'instance';
  const named = chosen.spec[hardware];
  if (first && named?.origin === 'declared') out[hardware] = inferred(named.value, named.span, why, [candidates.span], named.span);
  return out as unknown as DeploymentSpec;
}

function withoutCandidates(spec: DeploymentSpec): DeploymentSpec {
  const { candidates: _candidates, ...rest } = spec;
  return rest;
}
