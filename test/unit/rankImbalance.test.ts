import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { busiestRankArrivals } from '../../server/src/core/estimator/rankImbalance';
import { close } from '../helpers/close';

// Engines that meet at the experts wait each step for the one that took the most new prompts:
// E[max of n Poisson(λ)]. Expected values summed independently (Python, log-gamma pmf, 3,000 terms).

describe('the busiest engine’s new prompts per step', () => {
  it('one engine takes the mean: λ itself', () => {
    assert.equal(busiestRankArrivals(0.4375, 1), 0.4375);
  });

  it('eight engines at 0.4375 prompts a step (896 sequences of 2,048 output tokens each): 1.50653 on the busiest', () => {
    close(busiestRankArrivals(0.4375, 8), 1.5065276588676455, 'E[max of 8]', 1e-9);
    close(busiestRankArrivals(0.4375, 2), 0.7441652906127784, 'E[max of 2]', 1e-9);
  });

  it('a rate far past e^−λ’s underflow stays finite: λ + about 1.42 standard deviations for 8 engines', () => {
    close(busiestRankArrivals(1000, 8), 1045.2482312810341, 'E[max of 8] at λ = 1,000', 1e-9);
  });

  it('no new prompts, no wait', () => {
    assert.equal(busiestRankArrivals(0, 8), 0);
  });
});
