// How much of an error is a publication's level and how much its shape. Each publication
// runs one harness and one software stack, so its rows may all sit a little above or below
// what the factors give: that is its level. What is left once the level is divided out is
// how the estimate follows the publication from one configuration to the next: its shape.
// A held-out fit cannot know a publication's level; it can get the shape right.
import { THROUGHPUT, median, type RowResult } from './calibration';

/**
 * `results` with each group's level divided out: the rows of one `key` (a publication on one
 * chip family, say) have their speed ratios divided by the group's median speed ratio, so
 * the group's middle row comes out at 1.00× and the others keep their spread around it. A
 * time's ratio is the inverse of a speed's, so a TPOT 10% low and a throughput 10% high are
 * one level and both come out at 1.00×. Rows without an estimate are left as they are. A
 * group of one row comes out exact, so where groups are small the figure that results
 * understates the shape's error.
 */
export function withoutLevels(results: readonly RowResult[], key: (result: RowResult) => string): RowResult[] {
  const logs = new Map<string, number[]>();
  for (const result of results) {
    const speed = logSpeedRatio(result);
    if (speed !== null) logs.set(key(result), [...(logs.get(key(result)) ?? []), speed]);
  }
  const level = new Map([...logs].map(([group, values]) => [group, median([...values].sort((a, b) => a - b))!] as const));
  return results.map((result) => {
    const speed = logSpeedRatio(result);
    if (speed === null || result.estimate === null || result.ratio === null) return result;
    const shift = Math.exp(THROUGHPUT.has(result.row.metric) ? -level.get(key(result))! : level.get(key(result))!);
    return { ...result, estimate: result.estimate * shift, ratio: result.ratio * shift };
  });
}

/** log(estimated speed ÷ measured speed), or null for a row with no estimate. */
function logSpeedRatio(result: RowResult): number | null {
  if (result.ratio === null || !(result.ratio > 0)) return null;
  return THROUGHPUT.has(result.row.metric) ? Math.log(result.ratio) : -Math.log(result.ratio);
}
