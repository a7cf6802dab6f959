/**
 * How numbers are written for people, in one place: findings, hovers, lenses, the
 * CLI and the views all use these, so the same figure reads the same everywhere.
 */

/** A number with three significant digits, for messages and explanations. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const digits = Math.min(Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value)))), 6);
  const fixed = value.toFixed(digits);
  return digits === 0 ? fixed : withoutTrailingZeros(fixed);
}

/** `12.50` → `12.5`, `3.00` → `3` (a string with a decimal point; every estimate explanation goes through here). */
function withoutTrailingZeros(fixed: string): string {
  let end = fixed.length;
  while (fixed.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (fixed.charCodeAt(end - 1) === 46 /* . */) end--;
  return fixed.slice(0, end);
}

export function ms(seconds: number): string {
  return `${fmt(seconds * 1000)} ms`;
}

/** One formatter per number of decimals: building an Intl.NumberFormat per call is slow. */
const FORMATTERS = new Map<number, Intl.NumberFormat>();

/** A number as people read it: thousands separated, at most `digits` decimals. */
export function num(value: number, digits = 0): string {
  let formatter = FORMATTERS.get(digits);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    FORMATTERS.set(digits, formatter);
  }
  return formatter.format(value);
}

/** Dollars: cents for sums of at least $1, four decimals below (per-token prices), no cents from $100. */
export function usd(value: number): string {
  return value >= 100 ? `$${num(value, 0)}` : value >= 1 ? `$${num(value, 2)}` : `$${num(value, 4)}`;
}

/** An estimate's figure: whole numbers from 100, one decimal from 10, two below. */
export function readable(value: number): string {
  if (value >= 100) return num(value, 0);
  if (value >= 10) return num(value, 1);
  return num(value, 2);
}
