/**
 * What a source snapshot would change in the catalog: prices that moved by more than
 * the threshold, prices the catalog lacks, prices the source no longer lists, and
 * instance types of tracked families the catalog does not have. Pure: data in, data out.
 */
import type { Catalog } from '../../server/src/core/catalog/catalog';
import { isSageMakerName } from '../../server/src/core/catalog/catalog';
import type { Instance, PricingModel } from '../../server/src/core/catalog/types';
import type { InstanceSpec, Offer, Snapshot } from './sources';

export interface PriceChange {
  readonly instance: string;
  readonly region: string;
  readonly pricing: PricingModel;
  readonly before?: number;
  readonly after?: number;
  readonly offer?: Offer;
}

export interface NewType {
  readonly offer: Offer;
  /** A full catalog entry can be proposed only with the type's figures and a chip the catalog knows. */
  readonly spec?: InstanceSpec;
  readonly chip?: string;
}

export interface Changes {
  readonly snapshot: Snapshot;
  readonly moved: readonly PriceChange[];
  readonly added: readonly PriceChange[];
  readonly removed: readonly PriceChange[];
  readonly newTypes: readonly NewType[];
  readonly unchanged: number;
}

/** A price moved when it differs by more than this share of the catalog's figure. */
export const MOVE_THRESHOLD = 0.01;

const key = (instance: string, region: string, pricing: string): string => `${instance}|${region}|${pricing}`;

export function diffSnapshot(catalog: Catalog, snapshot: Snapshot, specs: ReadonlyMap<string, InstanceSpec> = new Map()): Changes {
  // SageMaker (ml.*) types bill at SageMaker's own prices, which these EC2 sources do not carry.
  const instances = catalog.instances.all().filter((i) => i.provider === snapshot.provider && !isSageMakerName(i.id));
  const byId = new Map(instances.map((i) => [i.id, i]));
  const offered = new Map(snapshot.offers.map((o) => [key(o.instance, o.region, o.pricing), o]));
  const coveredPricing = new Set(snapshot.offers.map((o) => o.pricing));
  const coveredRegions = new Set(snapshot.regions);
  const families = new Set(instances.map((i) => familyOf(snapshot.provider, i.id)));
  const familiesOffered = new Set(snapshot.offers.map((o) => familyOf(snapshot.provider, o.instance)));

  const moved: PriceChange[] = [];
  const added: PriceChange[] = [];
  const newTypes: NewType[] = [];
  let unchanged = 0;
  for (const offer of snapshot.offers) {
    const instance = byId.get(offer.instance);
    if (!instance) {
      if (families.has(familyOf(snapshot.provider, offer.instance)) && offer.pricing === 'on-demand') newTypes.push(newType(catalog, offer, specs));
      continue;
    }
    const current = (instance.prices ?? []).find((p) => p.region === offer.region && p.pricing === offer.pricing);
    if (!current) added.push({ instance: instance.id, region: offer.region, pricing: offer.pricing, after: offer.usdPerHour, offer });
    else if (Math.abs(offer.usdPerHour - current.usdPerHour) / current.usdPerHour > MOVE_THRESHOLD)
      moved.push({ instance: instance.id, region: offer.region, pricing: offer.pricing, before: current.usdPerHour, after: offer.usdPerHour, offer });
    else unchanged += 1;
  }
  // A catalog price in a region and pricing model the source covers, for a family the source
  // prices, which the source no longer lists (a family it does not price at all says nothing).
  const removed = instances
    .filter((instance) => familiesOffered.has(familyOf(snapshot.provider, instance.id)))
    .flatMap((instance: Instance) =>
    (instance.prices ?? [])
      .filter((p) => coveredRegions.has(p.region) && coveredPricing.has(p.pricing) && !offered.has(key(instance.id, p.region, p.pricing)))
      .map((p) => ({ instance: instance.id, region: p.region, pricing: p.pricing, before: p.usdPerHour })),
  );
  const order = (a: { instance: string; region?: string }, b: { instance: string; region?: string }) => a.instance.localeCompare(b.instance) || (a.region ?? '').localeCompare(b.region ?? '');
  return {
    snapshot,
    moved: moved.sort(order),
    added: added.sort(order),
    removed: removed.sort(order),
    newTypes: newTypes.sort((a, b) => order(a.offer, b.offer)),
    unchanged,
  };
}

/** The family a type belongs to: p5 of p5.48xlarge, a3-highgpu of a3-highgpu-8g, standard_ndNisr_h100_v5 of standard_nd96isr_h100_v5. */
export function familyOf(provider: Offer['provider'], id: string): string {
  if (provider === 'aws') return id.split('.')[0] ?? id;
  if (provider === 'gcp') return id.replace(/-\d+g$|-\d+$/, '');
  return id.replace(/\d+/, 'N');
}

function newType(catalog: Catalog, offer: Offer, specs: ReadonlyMap<string, InstanceSpec>): NewType {
  const spec = specs.get(offer.instance);
  const chip = spec?.acceleratorName ? catalog.chip(spec.acceleratorName)?.id : undefined;
  return { offer, ...(spec ? { spec } : {}), ...(chip ? { chip } : {}) };
}

export function percent(change: PriceChange): string {
  if (change.before === undefined || change.after === undefined) return '';
  const pct = ((change.after - change.before) / change.before) * 100;
  return `${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`;
}
