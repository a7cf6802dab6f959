import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logTickLabel } from '../../extension/webview/ticks';

describe('Compare chart axes', () => {
  it('labels 1, 2 and 5 of each decade and leaves the ticks between blank, so labels never run together', () => {
    // The ticks Chart.js makes on a log axis from 8 to 300 ms: 8, 9, 10, 20, …, 90, 100, 200, 300.
    const ticks = [8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 200, 300];
    assert.deepEqual(ticks.map(logTickLabel), ['', '', '10', '20', '', '', '50', '', '', '', '', '100', '200', '']);
  });

  it('labels small prices and large values without float noise', () => {
    assert.deepEqual([0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5].map(logTickLabel), ['0.05', '0.1', '0.2', '', '0.5', '1', '2', '5']);
    assert.deepEqual([1000, 2000, 5000, 10000].map(logTickLabel), ['1k', '2k', '5k', '10k']);
    assert.equal(logTickLabel(0), '');
    assert.equal(logTickLabel(Number.NaN), '');
  });
});
