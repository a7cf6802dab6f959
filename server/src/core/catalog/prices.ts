import { normalizeName } from './lookup';
import type { Instance, Price, PricingModel } from './types';

/**
 * The one place that knows whether an instance is offered and priced in a
 * region. Region names compare as the catalog compares every name (case and
 * separators ignored), so a hover, a completion, a finding and Compare Hardware
 * never disagree about the same instance and region.
 */

export function sameRegion(a: string, b: string): boolean {
  return normalizeName(a) === normalizeName(b);
}

/** Whether the catalog lists an instance in a region; undefined when it lists no regions for it (not confirmed either way). */
export function offeredIn(instance: Instance, region: string): boolean | undefined {
  if (!instance.regions || instance.regions.length === 0) return undefined;
  return instance.regions.some((r) => sameRegion(r, region));
}

/** Whether an instance may run in a region: listed there, or listed nowhere (so not ruled out). */
export function mayRunIn(instance: Instance, region: string | undefined): boolean {
  return region === undefined || offeredIn(instance, region) !== false;
}

/** The instance's price for a pricing model in a region; in any region when none is given (the first listed). */
export function priceIn(instance: Instance, pricing: PricingModel, region?: string): Price | undefined {
  return (instance.prices ?? []).find((p) => p.pricing === pricing && (region === undefined || sameRegion(p.region, region)));
}

/** The instance's cheapest price for a pricing model over every region it is priced in (the first listed among equal ones). */
export function cheapestPrice(instance: Instance, pricing: PricingModel): Price | undefined {
  let cheapest: Price | undefined;
  for (const price of instance.prices ?? []) {
    if (price.pricing === pricing && (!cheapest || price.usdPerHour < cheapest.usdPerHour)) cheapest = price;
  }
  return cheapest;
}

/** The regions an instance is listed or priced in. */
export function regionsOf(instance: Instance): readonly string[] {
  return instance.regions ?? [...new Set((instance.prices ?? []).map((p) => p.region))];
}
