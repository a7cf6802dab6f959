import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { DEFAULT_ASSUMPTIONS, efficiencyFor, withOverrides } from '../../server/src/core/estimator/assumptions';
import { estimate } from '../../server/src/core/estimator/estimate';
import { estimateDetails } from '../../server/src/core/present/estimates';
import type { Estimate } from '../../server/src/core/estimator/types';
import { close } from '../helpers/close';
import { onAccelerators } from '../helpers/fixtures';
import { readOne } from '../helpers/readOne';

const { catalog } = loadCatalog(BUNDLED_CATALOG);

function analyzed(model: string, precision: string, parallelism = '{ tensor: 8 }') {
  const deployment = readOne(onAccelerators(model, precision, 'b200', 8, parallelism, { outputTokens: 1000, concurrency: 4 }), catalog);
  assert.ok(deployment.estimate?.ttftMs != null && deployment.estimate.tpotMs !== null, 'timed');
  return deployment;
}

const estimateOf = (model: string, precision: string, parallelism?: string): Estimate => analyzed(model, precision, parallelism).estimate!;

const spread = 1 + efficiencyFor(DEFAULT_ASSUMPTIONS, 'nvidia-blackwell').uncertainty;

const WHY =
  "up to 6.7× slower than this figure (latentMoeTtftSlowdown): InferenceX's DeepSeek-R1 runs on 4–8 H200, B200, MI325X and MI355X (SGLang, TensorRT-LLM, ATOM) measured the first token at the client 1.1–6.6× later than estimated, 1.8× at the median: the estimate times the engine's prefill and a request overhead fitted on dense models";

describe("the first token of a MoE model with latent attention (DeepSeek-R1's architecture)", () => {
  it('has a TTFT range reaching latentMoeTtftSlowdown (6.7×) later, with the reason; its other ranges keep the family spread', () => {
    const e = estimateOf('deepseek-r1', 'fp8');
    close(e.ranges.ttftMs!.high, e.ttftMs! * 6.7, 'TTFT high');
    close(e.ranges.ttftMs!.low, e.ttftMs! / spread, 'TTFT low');
    close(e.ranges.tpotMs!.high, e.tpotMs! * spread, 'TPOT high');
    close(e.ranges.outputTokensPerSecond!.low, e.outputTokensPerSecond! / spread, 'throughput low');
    assert.equal(e.explain['ttftMs']?.inputs['likely range, slow side'], WHY);
    assert.equal(e.explain['tpotMs']?.inputs['likely range, slow side'], undefined);
  });

  it('shows the range and its reason in the estimate details a user opens', () => {
    const deployment = analyzed('deepseek-r1', 'fp8');
    const e = deployment.estimate!;
    const details = estimateDetails(deployment, catalog);
    const ms = (value: number): string => value.toFixed(1).replace(/\.0$/, '');
    assert.ok(details.includes(`- **Time to first token**: ≈ ${ms(e.ttftMs!)} ms (likely ${ms(e.ranges.ttftMs!.low)}–${Math.round(e.ranges.ttftMs!.high)} ms)`), details);
    // Markdown escapes the reason's parentheses.
    assert.ok(details.includes(`- likely range, slow side: ${WHY.replace(/[()]/g, (c) => `\\${c}`)}`), details);
  });

  it('leaves a MoE model without latent attention, and a dense one, at the family spread: no TTFT of theirs was measured', () => {
    for (const [model, precision] of [['qwen3-235b-a22b', 'fp8'], ['llama-3.3-70b', 'fp8']] as const) {
      const e = estimateOf(model, precision);
      close(e.ranges.ttftMs!.high, e.ttftMs! * spread, `${model} TTFT high`);
      assert.equal(e.explain['ttftMs']?.inputs['likely range, slow side'], undefined, model);
    }
  });

  it('with split experts too: the TTFT range takes the later of the two and names both, TPOT keeps the split experts alone', () => {
    const e = estimateOf('deepseek-r1', 'fp8', '{ tensor: 1, data: 8, expert: true }');
    close(e.ranges.ttftMs!.high, e.ttftMs! * 6.7, 'TTFT high');
    close(e.ranges.tpotMs!.high, e.tpotMs! * 1.9, 'TPOT high');
    assert.match(e.explain['ttftMs']?.inputs['likely range, slow side'] ?? '', /^up to 6\.7× slower than this figure \(splitExpertsSlowdown, latentMoeTtftSlowdown\): the estimate assumes every chip gets an even share of the routed tokens, .*; InferenceX's DeepSeek-R1 runs /);
  });

  it('follows the assumption when a user overrides it, and never narrows below the family spread', () => {
    const input = analyzed('deepseek-r1', 'fp8').resolution.estimateInput;
    assert.ok(input);
    const looser = estimate({ ...input, assumptions: withOverrides({ latentMoeTtftSlowdown: 3 }) });
    close(looser.ranges.ttftMs!.high, looser.ttftMs! * 3, 'TTFT high at 3');
    const tight = estimate({ ...input, assumptions: withOverrides({ latentMoeTtftSlowdown: 1 }) });
    close(tight.ranges.ttftMs!.high, tight.ttftMs! * spread, 'TTFT high at the spread');
    assert.equal(tight.explain['ttftMs']?.inputs['likely range, slow side'], undefined);
  });
});
