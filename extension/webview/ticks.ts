/**
 * The label of a tick on a logarithmic axis: 1, 2 and 5 times a power of ten are labelled
 * ("0.5", "1", "2", "5", "10", "20", "50", "100", "1k"), every other tick is left blank so
 * neighbouring labels never overlap; the grid line stays.
 */
export function logTickLabel(value: number): string {
  if (!Number.isFinite(value) || value <= 0) return '';
  const decade = 10 ** Math.floor(Math.log10(value) + 1e-9);
  const mantissa = Math.round((value / decade) * 1000) / 1000;
  if (mantissa !== 1 && mantissa !== 2 && mantissa !== 5) return '';
  if (value >= 1000) return `${value / 1000}k`;
  // Up to three decimals, without float noise (0.30000000000000004 → 0.3).
  return String(Number(value.toPrecision(1)));
}
