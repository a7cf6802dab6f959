/**
 * How old the catalog is, for the language status: its date is the newest date any
 * figure is as of, and past STALE_AFTER_DAYS it says so. The client passes today's
 * date; nothing here reads a clock or the network.
 */
export const STALE_AFTER_DAYS = 120;

export interface CatalogFreshness {
  readonly asOf: string | null;
  readonly ageDays: number | null;
  readonly stale: boolean;
  /** "catalog as of 2026-11-25", or "catalog as of 2026-07-20 · 138 days old, prices may have moved". */
  readonly text: string;
}

export function catalogFreshness(asOf: string | null, today: string): CatalogFreshness {
  const days = asOf ? Math.floor((Date.parse(today) - Date.parse(asOf)) / 86_400_000) : NaN;
  if (!asOf || Number.isNaN(days)) return { asOf, ageDays: null, stale: false, text: 'catalog date unknown' };
  const stale = days > STALE_AFTER_DAYS;
  return { asOf, ageDays: days, stale, text: stale ? `catalog as of ${asOf} · ${days} days old, prices may have moved` : `catalog as of ${asOf}` };
}
