import type { Chip, Instance } from './types';
import type { Published } from './units';

/**
 * How a figure came to be, for cards: derived from published inputs, or disputed
 * between sources. One function, so the hover card and the CLI card say the same.
 */
export function figureQualifier(entry: Pick<Chip, 'derived' | 'disputed'> | Pick<Instance, 'derived'>, field: string): string | undefined {
  const derived = entry.derived?.[field];
  if (derived) return `derived: ${derived.formula}`;
  const disputed = 'disputed' in entry ? entry.disputed?.[field] : undefined;
  return disputed ? `disputed: ${disputed}` : undefined;
}

/** A figure as its source states it ("192 GiB"), when that differs from the decimal unit shown. */
export function statedAs(published: Published<string> | undefined, shownUnit: string): string | undefined {
  if (!published || published.unit === shownUnit) return undefined;
  return `stated as ${published.value.toLocaleString('en-US', { maximumFractionDigits: 3 })} ${published.unit}`;
}

/** The sources of a derived figure's inputs, once each, for the cards' source lists (by field, or all fields). */
export function derivedSources(entry: Pick<Chip, 'derived'>, fields?: readonly string[]): { readonly url: string; readonly asOf: string }[] {
  const unique = new Map<string, { url: string; asOf: string }>();
  for (const [field, figure] of Object.entries(entry.derived ?? {})) {
    if (fields && !fields.includes(field)) continue;
    for (const input of figure.inputs) unique.set(`${input.source} ${input.asOf}`, { url: input.source, asOf: input.asOf });
  }
  return [...unique.values()];
}
