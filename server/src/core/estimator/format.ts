/** A number with three significant digits, for messages and explanations. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(digits, 6)).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
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
