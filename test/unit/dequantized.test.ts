import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { DEFAULT_ASSUMPTIONS, efficiencyFor } from '../../server/src/core/estimator/assumptions';
import { dequantizedOnTheFly, noMatrixUnitFor } from '../../server/src/core/estimator/speed';
import type { Estimate } from '../../server/src/core/estimator/types';
import { close } from '../helpers/close';
import { onAccelerators } from '../helpers/fixtures';
import { readOne } from '../helpers/readOne';

const { catalog } = loadCatalog(BUNDLED_CATALOG);

function estimateOf(model: string, precision: string, accelerator: string, count: number, parallelism = `{ tensor: ${count} }`): Estimate {
  const e = readOne(onAccelerators(model, precision, accelerator, count, parallelism, { outputTokens: 1000, concurrency: 64 }), catalog).estimate;
  assert.ok(e?.tpotMs != null && e.outputTokensPerSecond !== null, 'timed');
  return e;
}

const GPT_OSS_ON_HOPPER =
  "up to 2.1× slower than this figure (dequantizedWeightsSlowdown): NVIDIA H100 SXM5 80GB has no fp4 matrix unit, so the engine dequantizes the weights on the fly, which the estimate does not time; TensorRT-LLM's gpt-oss runs with fp4 weights on H100 and H200 came out 1.2–1.9× slower than estimated";

describe('weights dequantized on the fly', () => {
  it('are fp4 or fp8 weights on a chip whose narrowest float unit is wider; not a conversion between formats of one width, not int4', () => {
    const chip = (id: string) => catalog.chip(id)!;
    assert.equal(dequantizedOnTheFly(chip('h100-sxm'), 'fp4'), true);
    assert.equal(dequantizedOnTheFly(chip('a100-80gb'), 'fp8'), true);
    assert.equal(dequantizedOnTheFly(chip('b200'), 'fp4'), false);
    assert.equal(dequantizedOnTheFly(chip('h100-sxm'), 'fp8'), false);
    assert.equal(dequantizedOnTheFly(chip('h100-sxm'), 'int4'), false);
    // Groq's units are fp16: bf16 weights have no unit of their own (the precision warning says so), but converting them is no dequantization.
    assert.equal(noMatrixUnitFor(chip('groq-lpu'), 'bf16'), true);
    assert.equal(dequantizedOnTheFly(chip('groq-lpu'), 'bf16'), false);
  });

  it('reach dequantizedWeightsSlowdown (2.1×) on the slow side of the ranges, with the reason, where the fast side keeps the family spread', () => {
    const e = estimateOf('gpt-oss-20b', 'fp4', 'h100-sxm', 1);
    const spread = 1 + efficiencyFor(DEFAULT_ASSUMPTIONS, 'nvidia-hopper').uncertainty;
    close(e.ranges.tpotMs!.high, e.tpotMs! * 2.1, 'TPOT high');
    close(e.ranges.tpotMs!.low, e.tpotMs! / spread, 'TPOT low');
    close(e.ranges.outputTokensPerSecond!.low, e.outputTokensPerSecond! / 2.1, 'throughput low');
    assert.equal(e.explain['tpotMs']?.inputs['likely range, slow side'], GPT_OSS_ON_HOPPER);
    // The first token's range reaches as far, and its details say why.
    close(e.ranges.ttftMs!.high, e.ttftMs! * 2.1, 'TTFT high');
    assert.equal(e.explain['ttftMs']?.inputs['likely range, slow side'], GPT_OSS_ON_HOPPER);
    // fp8 weights on an A100, which multiplies at bf16, the same.
    const a100 = estimateOf('llama-3.1-8b', 'fp8', 'a100-80gb', 1);
    close(a100.ranges.tpotMs!.high, a100.tpotMs! * 2.1, 'A100 TPOT high');
  });

  it('leave the range at the family spread where the chip runs the format: fp4 on B200, fp8 on H100', () => {
    for (const [model, precision, chip] of [['gpt-oss-20b', 'fp4', 'b200'], ['llama-3.1-8b', 'fp8', 'h100-sxm']] as const) {
      const e = estimateOf(model, precision, chip, 1);
      const spread = 1 + efficiencyFor(DEFAULT_ASSUMPTIONS, catalog.chip(chip)!.family).uncertainty;
      close(e.ranges.tpotMs!.high, e.tpotMs! * spread, 'TPOT high at the spread');
      assert.equal(e.explain['tpotMs']?.inputs['likely range, slow side'], undefined, `${model} ${precision} on ${chip}`);
    }
  });

  it('with split experts too: the slower of the two reaches, and both reasons are named', () => {
    const e = estimateOf('gpt-oss-120b', 'fp4', 'h100-sxm', 8, '{ tensor: 1, data: 8, expert: true }');
    close(e.ranges.tpotMs!.high, e.tpotMs! * 2.1, 'TPOT high with split experts');
    const why = e.explain['tpotMs']?.inputs['likely range, slow side'] ?? '';
    assert.match(why, /^up to 2\.1× slower than this figure \(splitExpertsSlowdown, dequantizedWeightsSlowdown\): the estimate assumes every chip gets an even share of the routed tokens, .*; NVIDIA H100 SXM5 80GB has no fp4 matrix unit, /);
  });
});
