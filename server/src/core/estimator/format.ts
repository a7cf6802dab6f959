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
