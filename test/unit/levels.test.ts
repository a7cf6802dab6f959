import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RowResult } from '../../bench/calibration';
import { withoutLevels } from '../../bench/levels';
import { close } from '../helpers/close';
import { calibrationRow } from '../helpers/fixtures';

/** A scored row of `source` whose estimate is `ratio` × its measurement of 100. */
function result(source: string, metric: string, ratio: number | null): RowResult {
  return {
    row: calibrationRow({ metric, source }),
    file: 'calibration.csv',
    family: 'nvidia-hopper',
    estimate: ratio === null ? null : 100 * ratio,
    inRange: null,
    ratio,
    reason: ratio === null ? 'no estimate' : '',
  };
}

const bySource = (r: RowResult): string => r.row.source;
const speed = 'output_tokens_per_second';

describe("bench accuracy: a publication's level apart from its shape", () => {
  it("divides each publication's median out and keeps its rows' spread around it", () => {
    const out = withoutLevels([result('a', speed, 1.1), result('a', speed, 1.2), result('a', speed, 1.32), result('b', speed, 0.8)], bySource);
    close(out[0]?.ratio, 1.1 / 1.2, 'a, first row');
    close(out[1]?.ratio, 1, "a's middle row");
    close(out[2]?.ratio, 1.1, 'a, last row');
    close(out[2]?.estimate, 110, "a's last estimate");
    close(out[3]?.ratio, 1, "b's only row");
  });

  it('counts a time too short and a speed too high as one level', () => {
    // Estimated 20% fast: throughput 1.2× its measurement, TPOT 1/1.2 of its.
    const out = withoutLevels([result('a', speed, 1.2), result('a', 'tpot_ms', 1 / 1.2), result('a', 'ttft_ms', 1)], bySource);
    close(out[0]?.ratio, 1, 'throughput');
    close(out[1]?.ratio, 1, 'TPOT');
    close(out[2]?.ratio, 1.2, 'a TTFT that was right: now as slow as the level was fast');
  });

  it('takes the middle of an even count as the mean of the middle two, in logs', () => {
    const out = withoutLevels([result('a', speed, 1), result('a', speed, 1.44)], bySource);
    close(out[0]?.ratio, 1 / 1.2, 'lower row');
    close(out[1]?.ratio, 1.2, 'upper row');
  });

  it('leaves rows without an estimate as they are and out of the level', () => {
    const none = result('a', 'ttft_ms', null);
    const out = withoutLevels([none, result('a', 'ttft_ms', 2)], bySource);
    assert.equal(out[0], none);
    close(out[1]?.ratio, 1, 'the estimated row');
  });
});
