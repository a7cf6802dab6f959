import { distance } from 'fastest-levenshtein';

/** How names are compared: case-insensitive, surrounding space ignored. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}

/** A looser key that also ignores separators, so `H100 SXM` finds `h100-sxm`. */
function looseKey(name: string): string {
  return normalizeName(name).replace(/[^a-z0-9]/g, '');
}

interface Named {
  readonly id: string;
  readonly aliases?: readonly string[];
}

/**
 * Finds entries by id or alias. Exact (case-insensitive) names win; a separator-
 * insensitive match is used only when it names a single entry.
 */
export class NameIndex<T extends Named> {
  private readonly exact = new Map<string, T>();
  private readonly loose = new Map<string, T | 'ambiguous'>();
  private readonly names: { readonly key: string; readonly entry: T }[] = [];

  constructor(entries: Iterable<T>) {
    // Ids first, so an entry's own id always wins over another entry's alias.
    const list = [...entries];
    for (const entry of list) this.exact.set(normalizeName(entry.id), entry);
    for (const entry of list) {
      for (const name of [entry.id, ...(entry.aliases ?? [])]) {
        const key = normalizeName(name);
        if (!this.exact.has(key)) this.exact.set(key, entry);
        this.names.push({ key, entry });
        const loose = looseKey(name);
        const seen = this.loose.get(loose);
        this.loose.set(loose, seen === undefined || seen === entry ? entry : 'ambiguous');
      }
    }
  }

  get(name: string): T | undefined {
    const exact = this.exact.get(normalizeName(name));
    if (exact) return exact;
    const loose = this.loose.get(looseKey(name));
    return loose === 'ambiguous' ? undefined : loose;
  }

  /**
   * Up to `limit` canonical ids that look like `name`: names containing it or
   * contained in it, then names within a small edit distance. `accept` drops entries
   * that cannot be what the name means (a model of another size, for instance).
   */
  suggest(name: string, limit = 3, accept: (entry: T) => boolean = () => true): string[] {
    const wanted = normalizeName(name);
    if (wanted.length === 0) return [];
    const budget = Math.max(2, Math.floor(wanted.length / 3));
    // Ties go to the name sharing the longer prefix: "p5.48xlarg" is nearer p5e than g5.
    const scored = new Map<string, number>();
    for (const { key, entry } of this.names) {
      const contained = key.includes(wanted) || wanted.includes(key);
      // The edit distance is at least the difference in length: a name that far off cannot score within budget.
      if (!contained && Math.abs(key.length - wanted.length) > budget) continue;
      const score = contained ? -1 / key.length : distance(key, wanted) - sharedPrefix(key, wanted) / 1000;
      if (score > budget || !accept(entry)) continue;
      const best = scored.get(entry.id);
      if (best === undefined || score < best) scored.set(entry.id, score);
    }
    return [...scored.entries()]
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([id]) => id);
  }

  /** Every entry once, in catalog order (computed once: the index does not change). */
  all(): T[] {
    this.entries ??= [...new Set(this.names.map((n) => n.entry))];
    return [...this.entries];
  }

  private entries: readonly T[] | undefined;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return Math.min(i, 999);
}
