import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { withOverrides } from '../../server/src/core/estimator/assumptions';
import { estimate } from '../../server/src/core/estimator/estimate';
import { estimateDetails } from '../../server/src/core/present/estimates';
import type { Estimate } from '../../server/src/core/estimator/types';
import { onAccelerators } from '../helpers/fixtures';
import { readOne } from '../helpers/readOne';

const { catalog } = loadCatalog(BUNDLED_CATALOG);

/** `model` on eight `accelerator`s, a 7,373-token prompt and 922 tokens out at 4 sequences (InferenceX's prefill-heavy shape). */
function analyzed(model: string, precision: string, accelerator: string, parallelism = '{ tensor: 8 }') {
  const deployment = readOne(onAccelerators(model, precision, accelerator, 8, parallelism, { inputTokens: 7373, outputTokens: 922, concurrency: 4 }), catalog);
  assert.ok(deployment.estimate?.ttftMs != null, 'timed');
  return deployment;
}

const sliceOf = (e: Estimate): string | undefined => e.explain['ttftMs']?.inputs['routed expert GEMMs'];

describe('routed experts cut into narrow slices (expertSliceHalfWidth, from profiled MoE kernels)', () => {
  it("says how wide DeepSeek-R1's expert slices are on 8 H200 and what share of the efficiency they reach, in TTFT and TPOT", () => {
    const e = analyzed('deepseek-r1', 'fp8', 'h200').estimate!;
    // 2,048-wide experts (derived: 654B of routed weights over 256 experts × 58 layers × 3 × 7,168) cut 8 ways.
    const expected = '256 wide per chip (each expert cut 8 ways by tensor parallelism): they run at 0.339 of the efficiency (half at 500 wide, expertSliceHalfWidth)';
    assert.equal(sliceOf(e), expected);
    assert.equal(e.explain['tpotMs']?.inputs['routed expert GEMMs'], expected);
  });

  it('shows the slice in the estimate details a user opens', () => {
    const details = estimateDetails(analyzed('deepseek-r1', 'fp8', 'h200'), catalog);
    // Markdown escapes the parentheses.
    assert.ok(details.includes('- routed expert GEMMs: 256 wide per chip \\(each expert cut 8 ways by tensor parallelism\\): they run at 0.339 of the efficiency \\(half at 500 wide, expertSliceHalfWidth\\)'), details);
  });

  it('keeps each expert whole when the experts are split over chips, so the slice is wide', () => {
    const e = analyzed('deepseek-r1', 'fp8', 'h200', '{ tensor: 1, data: 8, expert: true }').estimate!;
    assert.equal(sliceOf(e), '2050 wide per chip (the experts split whole over chips): they run at 0.804 of the efficiency (half at 500 wide, expertSliceHalfWidth)');
  });

  it("makes the long prompt's first token later, and nothing else for a dense model or a family whose kernels were not profiled", () => {
    const input = analyzed('deepseek-r1', 'fp8', 'h200').resolution.estimateInput;
    assert.ok(input);
    const sliced = estimate(input);
    const whole = estimate({ ...input, assumptions: withOverrides({ efficiency: { 'nvidia-hopper': { expertSliceHalfWidth: 0 } } }) });
    assert.equal(sliceOf(whole), undefined);
    // The routed experts are over half of DeepSeek-R1's prefill FLOPs; at a third of the rate the first token comes about 1.3× later.
    const later = sliced.ttftMs! / whole.ttftMs!;
    assert.ok(later > 1.25 && later < 1.45, `TTFT ${whole.ttftMs} → ${sliced.ttftMs} ms`);
    assert.equal(sliceOf(analyzed('llama-3.3-70b', 'fp8', 'h200').estimate!), undefined, 'dense');
    assert.equal(sliceOf(analyzed('deepseek-r1', 'fp8', 'mi300x').estimate!), undefined, 'CDNA3: not measured');
  });
});
