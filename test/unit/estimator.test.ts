import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { analyze } from '../../server/src/core/engine/analyze';
import { DEFAULT_ASSUMPTIONS, efficiencyFor, efficiencyKey, efficiencyOfChip, withOverrides } from '../../server/src/core/estimator/assumptions';
import { attentionFlopsPerToken, decodeStep, expertSliceShare, expertSliceWidth, gemmShare, prefillShareParts, type Machine, type Workload } from '../../server/src/core/estimator/performance';
import { machineFor } from '../../server/src/core/estimator/speed';
import { estimate } from '../../server/src/core/estimator/estimate';
import type { Estimate, EstimateInput } from '../../server/src/core/estimator/types';
import {
  kvBytesForSequence,
  kvBytesPerToken,
  kvReplication,
  parameterSplit,
  weightBytes,
  weightBytesRead,
} from '../../server/src/core/estimator/memory';
import { testCatalog } from '../helpers/fixtures';
import { close } from '../helpers/close';

/** Round efficiency factors so every expected figure below can be worked by hand. */
const HAND = withOverrides({
  efficiency: {
    'test-family': {
      prefillCompute: 0.5,
      decodeBandwidth: 0.5,
      decodeCompute: 0.5,
      stepOverheadMs: 0,
      layerOverheadUs: 0,
      requestOverheadMs: 0,
      // No GEMM shape term: every matrix multiply at the family's flat efficiency.
      gemmHalfGflop: 0,
      interconnect: 1,
      allReduceLatencyUs: 0,
    },
  },
});

/** An InferenceDeployment of `model` on the test GPU(s), 1000 tokens in, 200 out, 16 in flight unless `workload` says otherwise. */
function estimateText(
  model: string,
  hardware = '{ accelerator: test-gpu, count: 1 }',
  parallelism = '{ tensor: 1 }',
  workload: { readonly inputTokens?: number; readonly outputTokens?: number; readonly concurrency?: number } = {},
): string {
  const { inputTokens = 1000, outputTokens = 200, concurrency = 16 } = workload;
  return [
    'apiVersion: inference-lens/v1',
    'kind: InferenceDeployment',
    'spec:',
    `  model: ${model}`,
    `  hardware: ${hardware}`,
    `  parallelism: ${parallelism}`,
    `  workload: { inputTokens: ${inputTokens}, outputTokens: ${outputTokens}, concurrency: ${concurrency} }`,
    '',
  ].join('\n');
}

function estimateOf(hardware: string, parallelism: string): Estimate {
  const text = estimateText('{ id: test-dense-10b, precision: bf16 }', hardware, parallelism);
  const estimate = analyze(text, testCatalog(), { assumptions: HAND }).deployments[0]?.estimate;
  assert.ok(estimate);
  return estimate;
}

describe('memory formulas', () => {
  const catalog = testCatalog();
  const dense = catalog.model('test-dense-10b');
  const moe = catalog.model('test-moe');
  assert.ok(dense && moe);

  it('weights: parameters × bytes per weight, with block scales for 4-bit formats', () => {
    assert.equal(weightBytes(dense, 'bf16'), 20e9);
    assert.equal(weightBytes(dense, 'fp8'), 10e9);
    assert.equal(weightBytes(dense, 'fp4'), 5.625e9);
  });

  it('GQA KV cache: 2 × KV heads × head dim × bytes × layers per token', () => {
    assert.equal(kvBytesPerToken(dense, 'bf16'), 2 * 8 * 128 * 2 * 40);
    assert.equal(kvBytesForSequence(dense, 'fp8', 1200), 2 * 8 * 128 * 1 * 40 * 1200);
    assert.equal(kvReplication(dense, 4), 1);
    assert.equal(kvReplication(dense, 16), 2, '16 ranks share 8 KV heads: each head is held twice');
  });

  it('MLA caches the compressed latent plus the rotary key, on every rank', () => {
    const deepseek = loadCatalog(BUNDLED_CATALOG).catalog.model('deepseek-v3');
    assert.ok(deepseek);
    assert.equal(kvBytesPerToken(deepseek, 'bf16'), 61 * (512 + 64) * 2);
    assert.equal(kvReplication(deepseek, 8), 8);
  });

  it('sliding-window layers keep only their window', () => {
    const gemma = loadCatalog(BUNDLED_CATALOG).catalog.model('gemma-2-27b');
    assert.ok(gemma);
    const perLayer = 2 * 16 * 128 * 2;
    assert.equal(kvBytesForSequence(gemma, 'bf16', 8192), perLayer * (23 * 8192 + 23 * 4096));
    assert.equal(kvBytesForSequence(gemma, 'bf16', 1000), perLayer * 46 * 1000);
  });

  it('MoE: dense and routed parameters from total and active counts; decode streams only touched experts', () => {
    const split = parameterSplit(moe);
    close(split.expertsB, 80 / 0.875, 'routed experts');
    close(split.denseB, 100 - 80 / 0.875, 'dense part');
    close(weightBytesRead(moe, 'bf16', 1), 40e9, 'one token reads the active parameters');
    close(weightBytesRead(moe, 'bf16', 4), 92.8125e9, 'four tokens touch 1 − (7/8)^4 of the experts');
    close(weightBytesRead(moe, 'bf16', 10000), 200e9, 'a large batch touches every expert', 1e-9);
  });
});

describe('GEMM share: efficiency by the shape of the matrix multiplies', () => {
  const catalog = testCatalog();
  const dense = catalog.model('test-dense-10b');
  const moe = catalog.model('test-moe');
  assert.ok(dense && moe);
  const work = (model: NonNullable<typeof dense>): Workload => ({ model, precision: 'bf16', kvPrecision: 'bf16' });
  /** The tensor degree and the family's half-work; no bandwidth or peak, so no bound on the fixed cost. */
  const machine = (tensor: number, gemmHalfGflop: number): Machine =>
    ({ tensor, topology: {}, efficiency: { ...efficiencyFor(HAND, 'test-family'), gemmHalfGflop } }) as unknown as Machine;

  it('a layer reaches w ÷ (w + w½) of the efficiency, w = 2 × tokens × its weights ÷ tensor', () => {
    // 10B over 40 layers: 0.25B weights a layer; 10 tokens → 5 GFLOP per chip.
    close(gemmShare(machine(1, 5), work(dense), 10, 0.5), 0.5, 'at the half-work');
    close(gemmShare(machine(2, 5), work(dense), 10, 0.5), 2.5 / 7.5, 'tensor 2 halves each chip’s GEMM');
    close(gemmShare(machine(1, 5), work(dense), 10000, 0.5), 5000 / 5005, 'a long prompt fills the chip');
    assert.equal(gemmShare(machine(1, 0), work(dense), 1, 0.5), 1, 'no half-work: no shape effect');
  });

  it('routed experts are GEMMs of tokens × k ÷ E tokens each, far smaller than the dense part', () => {
    // 80 tokens, half-work 1 GFLOP. Dense part 8.571B over 10 layers: 137.14 GFLOP + 1 of fixed cost.
    // Experts 91.43B: active 182.86 GFLOP a layer, in 8 × (1 − (7/8)^80) ≈ 8 touched experts, each
    // paying 1 GFLOP of fixed cost.
    const touched = 8 * (1 - (7 / 8) ** 80);
    close(gemmShare(machine(1, 1), work(moe), 80, 0.5), 320 / (321 + touched), 'FLOP-weighted over dense and expert GEMMs');
  });

  it('split by expert parallelism, each chip runs 1/D of the touched experts whole: one fixed cost each, not one per slice', () => {
    // Tensor 8, 80 tokens, half-work 1 GFLOP: dense 8.571B ÷ 10 layers ÷ 8 = 17.14 GFLOP and experts
    // 22.86 GFLOP of work per chip (40 in all). Sliced by tensor parallelism every chip runs a slice of each
    // of the ≈8 touched experts (8 fixed costs); split over 8 chips each runs ≈1 whole (1 fixed cost).
    const touched = 8 * (1 - (7 / 8) ** 80);
    const split = { ...machine(8, 1), topology: { experts: { degree: 8, engines: 1 } } } as unknown as Machine;
    close(gemmShare(machine(8, 1), work(moe), 80, 0.5), 40 / (41 + touched), 'tensor slices of every touched expert');
    close(gemmShare(split, work(moe), 80, 0.5), 40 / (41 + touched / 8), 'whole experts, 1/8 of them per chip');
    // With 4 data-parallel engines sharing the 8 chips' experts, a step's experts are those 4 × 80 tokens touch.
    const shared = { ...machine(2, 1), topology: { experts: { degree: 8, engines: 4 } } } as unknown as Machine;
    const touchedByAll = 8 * (1 - (7 / 8) ** 320);
    close(gemmShare(shared, work(moe), 80, 0.5), 160 / (161 + touchedByAll / 8), 'tensor 2: 160 GFLOP of work per chip');
  });

  it('only the experts a step touches pay their fixed cost', () => {
    // One token with k = 1 touches one expert: dense 1.714 + expert 2.286 = 4 GFLOP of work,
    // plus 1 GFLOP for the dense GEMM and 1 for the one expert (not 8).
    close(gemmShare(machine(1, 1), work(moe), 1, 0.5), 4 / 6, 'one token, one expert');
  });

  it('narrow expert slices run their FLOPs at n ÷ (n + n½) of the efficiency, n the width of the slice one chip holds', () => {
    // Test MoE: 91.43B of experts over 8 experts × 10 layers, each 3 × 4096 × width: 93,006 wide.
    const width = 91.428571e9 / (8 * 10 * 3 * 4096);
    const sliced = (tensor: number, split: boolean): Machine =>
      ({ ...machine(tensor, 1), efficiency: { ...machine(tensor, 1).efficiency, expertSliceHalfWidth: width }, topology: split ? { experts: { degree: tensor, engines: 1 } } : {} }) as unknown as Machine;
    close(expertSliceWidth(sliced(1, false), moe)!, width, 'whole on one chip');
    close(expertSliceShare(sliced(1, false), moe), 0.5, 'at the half width');
    close(expertSliceShare(sliced(2, false), moe), 1 / 3, 'tensor 2 halves the slice');
    close(expertSliceShare(sliced(2, true), moe), 0.5, 'split whole over chips: no slicing');
    assert.equal(expertSliceWidth(sliced(1, false), dense), undefined, 'a dense model has no experts');
    assert.equal(expertSliceShare(machine(2, 1), moe), 1, 'no half width: no slice effect');
    // In the GEMM share: 80 tokens on one chip, the experts' 182.86 GFLOP count twice (share 0.5)
    // beside the dense 137.14, with the fixed costs as before.
    const touched = 8 * (1 - (7 / 8) ** 80);
    close(gemmShare(sliced(1, false), work(moe), 80, 0.5), 320 / (320 + 182.857 + 1 + touched), 'routed FLOPs at half the rate');
  });

  it('a GEMM’s fixed cost never exceeds streaming its weights', () => {
    // 1 TB/s at the family's 0.5 and 1 PFLOPS at 0.5: streaming a bf16 weight takes as long as
    // 2,000 FLOPs. One token reads 2B weights (dense 0.857B + one expert 1.143B a layer), so a
    // half-work of 10,000 GFLOP is cut to 4,000 GFLOP: compute = 4 GFLOP of work + the weights' 8 ms.
    const bounded = { ...machine(1, 10000), bandwidth: 1e12, peakFlops: 1e15 } as Machine;
    close(gemmShare(bounded, work(moe), 1, 0.5), 4 / 4004, 'bounded by the weights’ load');
  });
});

/** The estimate input of the one deployment in `text`, on the test catalog with the hand factors. */
function analyzedInput(text: string): EstimateInput {
  const input = analyze(text, testCatalog(), { assumptions: HAND }).deployments[0]?.resolution.estimateInput;
  assert.ok(input);
  return input;
}

describe('attention compute', () => {
  const bundled = loadCatalog(BUNDLED_CATALOG).catalog;

  it('decode under MLA attends over the latent: 2 × (2 × 512 + 64) FLOPs per head per context token, four times a 128-wide head', () => {
    const r1 = bundled.model('deepseek-r1');
    assert.ok(r1?.mla);
    // 61 layers × 128 heads at 2,000 tokens of context.
    assert.equal(attentionFlopsPerToken(r1, 2000, 'decode'), 61 * 128 * 2 * (2 * 512 + 64) * 2000);
    // Prefill attends head by head: 4 × 128 (v_head_dim) per context token.
    assert.equal(attentionFlopsPerToken(r1, 2000, 'prefill'), 61 * 128 * 4 * 128 * 2000);
    const dense = testCatalog().model('test-dense-10b');
    assert.ok(dense);
    assert.equal(attentionFlopsPerToken(dense, 1000, 'decode'), attentionFlopsPerToken(dense, 1000, 'prefill'));
  });

  it('runs at the slower of the weights\' and the KV cache\'s peaks: fp8 weights with a bf16 cache attend at bf16', () => {
    const text = (kv: string) => estimateText(`{ id: test-dense-10b, precision: fp8, kvCachePrecision: ${kv} }`);
    const machineOf = (kv: string): Machine => {
      const input = analyzedInput(text(kv));
      const machine = machineFor(input, efficiencyOfChip(HAND, input.chip), []);
      assert.ok(machine);
      return machine;
    };
    // Test GPU: 2,000 TFLOPS at fp8, 1,000 at bf16.
    assert.equal(machineOf('fp8').attentionPeakFlops, 2000e12);
    assert.equal(machineOf('bf16').attentionPeakFlops, 1000e12);
    assert.equal(machineOf('bf16').peakFlops, 2000e12);
    // B200 with NVFP4 weights and an fp8 cache: the matrix multiplies at the fp4 peak, attention at fp8's.
    const b200 = analyze(estimateText('{ id: deepseek-r1, precision: fp4, kvCachePrecision: fp8 }', '{ accelerator: b200, count: 8 }', '{ tensor: 8 }'), bundled).deployments[0]?.resolution.estimateInput;
    assert.ok(b200);
    const machine = machineFor(b200, efficiencyOfChip(b200.assumptions, b200.chip), []);
    assert.equal(machine?.peakFlops, (b200.chip.denseTflops?.fp4 ?? NaN) * 1e12);
    assert.equal(machine?.attentionPeakFlops, (b200.chip.denseTflops?.fp8 ?? NaN) * 1e12);
    // The explanation says so, with the peak.
    const explained = estimate(b200).explain['tpotMs']?.inputs['attention peak per chip'];
    assert.equal(explained, `${b200.chip.denseTflops?.fp8} TFLOPS dense: attention runs at the fp8 KV cache's precision, not the weights' fp4`);
    assert.equal(estimate(analyzedInput(estimateText('{ id: test-dense-10b, precision: fp8, kvCachePrecision: fp8 }'))).explain['tpotMs']?.inputs['attention peak per chip'], undefined, 'not said when attention runs at the GEMMs\' peak');
  });

  it('a decode step times the GEMMs at the weights\' peak and attention at its own', () => {
    // Hand factors (0.5, no GEMM shape term). 16 sequences at 1,100 tokens of context on one test GPU, fp8 weights,
    // bf16 cache: GEMMs 16 × 2 × 10e9 ÷ (2,000e12 × 0.5) = 0.32 ms; attention 16 × 4 × 40 × 40 × 128 × 1,100
    // ÷ (1,000e12 × 0.5) = 28.8358 µs.
    const input = analyzedInput(estimateText('{ id: test-dense-10b, precision: fp8, kvCachePrecision: bf16 }'));
    const machine = machineFor(input, efficiencyOfChip(HAND, input.chip), []);
    assert.ok(machine);
    const step = decodeStep(machine, { model: input.model, precision: 'fp8', kvPrecision: 'bf16' }, 16, 1100);
    close(step.parts.compute, (16 * 2 * 10e9) / (2000e12 * 0.5) + (16 * 4 * 40 * 40 * 128 * 1100) / (1000e12 * 0.5), 'step compute');
  });

  it('the weight GEMMs and attention run one after the other, each its own roofline', () => {
    // 2,048 sequences at 1,100 tokens on one test GPU (hand factors 0.5, no overheads), fp8 weights, bf16 cache.
    // GEMMs: 2,048 × 2 × 10e9 ÷ (2,000e12 × 0.5) = 40.96 ms of compute against 10 GB ÷ (1,000 GB/s × 0.5) = 20 ms of
    // weights: compute-bound. Attention: 2,048 × 1,100 × 163,840 B ÷ 500 GB/s = 738.2 ms of KV streaming against
    // 2,048 × 4 × 40 × 40 × 128 × 1,100 ÷ (1,000e12 × 0.5) = 3.69 ms of FLOPs: memory-bound. The step is the two
    // added, 20.96 ms longer than one roofline over the whole step (max(44.65, 758.2) ms), which would hide the
    // GEMMs' compute under the cache's streaming.
    const input = analyzedInput(estimateText('{ id: test-dense-10b, precision: fp8, kvCachePrecision: bf16 }'));
    const machine = machineFor(input, efficiencyOfChip(HAND, input.chip), []);
    assert.ok(machine);
    const step = decodeStep(machine, { model: input.model, precision: 'fp8', kvPrecision: 'bf16' }, 2048, 1100);
    const gemms = (2048 * 2 * 10e9) / (2000e12 * 0.5);
    const kv = (2048 * 1100 * 163840) / 500e9;
    close(step.kernels.gemmCompute, gemms, 'GEMM compute');
    close(step.kernels.weights, 10e9 / 500e9, 'weight streaming');
    close(step.kernels.kv, kv, 'KV streaming');
    close(step.seconds, gemms + kv, 'step');
    assert.equal(step.bound, 'memory-bandwidth', 'the cache holds the step longer than the GEMMs');
    // The TPOT explanation shows the four parts the step is made of.
    const inputs = estimate({ ...input, assumptions: HAND, concurrency: 2048 }).explain['tpotMs']?.inputs ?? {};
    assert.deepEqual(
      ['step GEMM compute', 'step weight streaming', 'step attention compute', 'step KV streaming'].map((k) => k in inputs),
      [true, true, true, true],
    );
  });

  it('the KV cache streams at the family\'s kvBandwidthShare of the weights\' rate, and the TPOT details say so', () => {
    // 64 sequences at 1,100 tokens on one test GPU (hand factors 0.5), fp8 weights, bf16 cache. At a share of 1 the
    // cache streams 64 × 1,100 × 163,840 B ÷ 500 GB/s = 23.07 ms; at 0.25, ÷ 125 GB/s = 92.27 ms. The weights still
    // stream 10 GB ÷ 500 GB/s = 20 ms.
    const input = analyzedInput(estimateText('{ id: test-dense-10b, precision: fp8, kvCachePrecision: bf16 }'));
    const quarter = withOverrides({ efficiency: { 'test-family': { kvBandwidthShare: 0.25 } } }, HAND);
    const stepAt = (assumptions: typeof HAND) => {
      const machine = machineFor(input, efficiencyOfChip(assumptions, input.chip), []);
      assert.ok(machine);
      return decodeStep(machine, { model: input.model, precision: 'fp8', kvPrecision: 'bf16' }, 64, 1100);
    };
    close(stepAt(HAND).kernels.kv, (64 * 1100 * 163840) / 500e9, 'KV streaming at a share of 1');
    close(stepAt(quarter).kernels.kv, (64 * 1100 * 163840) / 125e9, 'KV streaming at a share of 0.25');
    close(stepAt(quarter).kernels.weights, 10e9 / 500e9, 'weight streaming unchanged');
    const inputs = (assumptions: typeof HAND) => estimate({ ...input, assumptions, concurrency: 64 }).explain['tpotMs']?.inputs ?? {};
    assert.equal(inputs(quarter)['KV cache read efficiency'], "0.25 of the decode bandwidth efficiency (0.125 of peak): the family's attention reads its cache slower than its weights");
    assert.equal(inputs(HAND)['KV cache read efficiency'], undefined, 'not said when the cache streams as fast as the weights');
    // A setting outside (0, 1] is ignored, as for every fraction of peak.
    assert.equal(efficiencyFor(withOverrides({ efficiency: { 'test-family': { kvBandwidthShare: 1.5 } } }, HAND), 'test-family').kvBandwidthShare, 1);
  });
});

describe('estimates against hand-worked numbers', () => {
  it('one chip, batch of 16: memory-bound decode, compute-bound prefill', () => {
    const e = estimateOf('{ accelerator: test-gpu, count: 1 }', '{ tensor: 1 }');
    // Weights 20 GB; KV: one sequence at 1200 tokens × 163,840 B = 196.608 MB, fifteen at
    // their steady-state average of 1100 tokens = 15 × 180.224 MB.
    close(e.memory?.requiredGB, 20 + 0.196608 + 15 * 0.180224, 'required GB');
    close(e.memory?.availableGB, 90, 'available GB');
    assert.equal(e.maxConcurrency, 356, '(90 − 20) GB ÷ 196.608 MB: each sequence admitted at its full 1200 tokens');
    // Decode step: (20 GB + 16 × 1100 × 163,840 B) ÷ (1000 GB/s × 0.5) = 45.767168 ms.
    // Prefill alone: 1000 × (2 × 10e9 + 4 × 40 × 40 × 128 × 500) FLOPs ÷ (1000 TFLOPS × 0.5) = 40.8192 ms.
    // TTFT adds one step and the mean wait behind other prefills: load ρ = 16 × 40.8192 ms ÷ 9.8065408 s.
    const rho = (16 * 0.0408192) / 9.8065408;
    close(e.ttftMs, 40.8192 + 45.767168 + (1000 * rho * 0.0408192) / (2 * (1 - rho)), 'TTFT');
    // Cycle: 200 steps + 16 prefills = 9.1534336 s + 0.6531072 s.
    close(e.tpotMs, 9806.5408 / 200, 'TPOT');
    close(e.outputTokensPerSecond, 3200 / 9.8065408, 'tokens per second');
    close(e.perUserTokensPerSecond, 1000 / (9806.5408 / 200), 'per-user tokens per second');
    assert.equal(e.decodeBound, 'memory-bandwidth');
    assert.equal(e.prefillBound, 'compute');
    assert.equal(e.costPerHour, null, 'a bare accelerator has no price');
  });

  it('a request’s fixed overhead adds to its TTFT once, and to nothing else', () => {
    const text = estimateText('{ id: test-dense-10b, precision: bf16 }');
    const without = analyze(text, testCatalog(), { assumptions: HAND }).deployments[0]?.estimate;
    const withOverhead = withOverrides({ efficiency: { 'test-family': { requestOverheadMs: 7 } } }, HAND);
    const e = analyze(text, testCatalog(), { assumptions: withOverhead }).deployments[0]?.estimate;
    close(e?.ttftMs, (without?.ttftMs ?? NaN) + 7, 'TTFT');
    assert.equal(e?.tpotMs, without?.tpotMs);
    assert.equal(e?.outputTokensPerSecond, without?.outputTokensPerSecond);
    assert.equal(e?.explain['ttftMs']?.inputs['request overhead'], '7 ms');
  });

  it('an 8-chip instance: tensor parallelism divides the work and adds all-reduce time, cost follows the region’s price', () => {
    const e = estimateOf('{ instance: test.8x, region: us-east-1 }', '{ tensor: 8 }');
    // Step: 20 GB ÷ 4000 GB/s + 2.883584 GB ÷ 4000 GB/s = 5.720896 ms, plus 80 all-reduces of
    // 163,840 B moving 7/4 of it over 200 GB/s per direction = 0.114688 ms.
    // Prefill share: 5.1024 ms compute + 80 × 1.75 × 10.24 MB ÷ 200 GB/s = 7.168 ms.
    close(e.tpotMs, (200 * 5.835584 + 16 * 12.2704) / 200, 'TPOT');
    close(e.outputTokensPerSecond, 3200 / 1.3634432, 'tokens per second');
    assert.equal(e.costPerHour, 36);
    close(e.costPerMillionOutputTokens, 36 / ((3200 / 1.3634432) * 3600) * 1e6, '$ per million output tokens');
    // 8 chips × 500 W for 1e6 tokens at 2347 tokens/s.
    close(e.energyKWhPerMillionOutputTokens, (8 * 500) / 1000 * (1e6 / (3200 / 1.3634432) / 3600), 'kWh per million tokens');
  });

  it('replicas multiply throughput and cost, and a target load sets the replicas needed', () => {
    const text = [
      'apiVersion: inference-lens/v1',
      'kind: InferenceDeployment',
      'spec:',
      '  model: { id: test-dense-10b, precision: bf16 }',
      '  hardware: { instance: test.8x, region: us-west-2 }',
      '  parallelism: { tensor: 8 }',
      '  replicas: 3',
      '  workload: { inputTokens: 1000, outputTokens: 200, concurrency: 16, requestsPerSecond: 30 }',
      '',
    ].join('\n');
    const e = analyze(text, testCatalog(), { assumptions: HAND }).deployments[0]?.estimate;
    const perReplica = 3200 / 1.3634432;
    close(e?.outputTokensPerSecond, 3 * perReplica, 'aggregate tokens per second');
    assert.equal(e?.costPerHour, 90);
    assert.equal(e?.replicasNeeded, 3, '30 requests/s ÷ 11.7 requests/s per replica');
    // 30 requests/s × 200 tokens is less than capacity: cost per token at that load.
    close(e?.costPerMillionOutputTokens, 90 / (30 * 200 * 3600) * 1e6, '$ per million output tokens at the target load');
  });

  it('"max" concurrency batches as many sequences as memory holds', () => {
    const e = estimateOf('{ accelerator: test-gpu, count: 1 }', '{ tensor: 1 }');
    const max = estimateOf('{ accelerator: test-gpu, count: 1 }', '{ tensor: 1 }');
    assert.equal(e.maxConcurrency, max.maxConcurrency);
    const text = 'apiVersion: inference-lens/v1\nkind: InferenceDeployment\nspec:\n  model: { id: test-dense-10b }\n  hardware: { accelerator: test-gpu, count: 1 }\n  workload: { inputTokens: 1000, outputTokens: 200, concurrency: max }\n';
    const atMax = analyze(text, testCatalog(), { assumptions: HAND }).deployments[0]?.estimate;
    assert.equal(atMax?.concurrency, 356);
    assert.equal(atMax?.concurrencyBound, 'memory-capacity');
    assert.ok((atMax?.outputTokensPerSecond ?? 0) > (e.outputTokensPerSecond ?? Infinity));
  });

  it('explains every figure it shows with a formula and inputs', () => {
    const e = estimateOf('{ instance: test.8x, region: us-east-1 }', '{ tensor: 8 }');
    for (const figure of ['memory', 'ttftMs', 'tpotMs', 'outputTokensPerSecond', 'costPerHour', 'costPerMillionOutputTokens']) {
      assert.ok(e.explain[figure]?.formula, `${figure} has a formula`);
      assert.ok(Object.keys(e.explain[figure]?.inputs ?? {}).length > 0, `${figure} has inputs`);
    }
    assert.equal(e.explain['tpotMs']?.bound, 'memory-bandwidth');
    assert.equal(e.explain['ttftMs']?.inputs['peak per chip'], '1000 TFLOPS dense at bf16');
  });

  it('says when matrix multiplies are timed at another precision’s peak, as an assumption', () => {
    // Test GPU publishes bf16, fp16 and fp8 peaks, none for fp4.
    const text = estimateText('{ id: test-dense-10b, precision: fp4 }');
    const e = analyze(text, testCatalog(), { assumptions: HAND }).deployments[0]?.estimate;
    assert.equal(e?.explain['ttftMs']?.inputs['peak per chip'], '1000 TFLOPS dense at bf16 (no fp4 peak published: assumed to run at the bf16 peak)');
  });

  it('says why a figure is unknown instead of guessing it', () => {
    const text = 'apiVersion: inference-lens/v1\nkind: InferenceDeployment\nspec:\n  model: { id: llama-3.1-8b }\n  hardware: { accelerator: wse-3, count: 1 }\n';
    const deployment = analyze(text, loadCatalog(BUNDLED_CATALOG).catalog).deployments[0];
    assert.equal(deployment?.estimate?.ttftMs, null);
    assert.equal(deployment?.estimate?.capacity, null, 'no throughput under load without a peak');
    assert.ok((deployment?.estimate?.singleUser?.tpotMs ?? 0) > 0, 'one user’s decode is timed from bandwidth');
    assert.equal(deployment?.estimate?.memory?.where, 'sram');
    assert.deepEqual(
      deployment?.findings.map((f) => f.message),
      [
        "No speed estimate: Cerebras Wafer-Scale Engine 3 (WSE-3, CS-3) has no published dense peak TFLOPS: time to first token and throughput under load are unknown; one user's time per output token is estimated from bandwidth alone.",
        'No cost estimate: a bare accelerator has no price: declare an instance.',
      ],
    );
  });
});

describe('whose efficiency factors a chip runs at', () => {
  const catalog = loadCatalog(BUNDLED_CATALOG).catalog;
  const chip = (id: string) => {
    const found = catalog.chip(id);
    assert.ok(found, id);
    return found;
  };

  it('its family’s, unless its generation has factors of its own (Trainium2 apart from Inferentia2 and Trainium, Gaudi 2 from Gaudi 3)', () => {
    assert.equal(efficiencyKey(DEFAULT_ASSUMPTIONS, chip('trainium')), 'aws-neuron');
    assert.equal(efficiencyKey(DEFAULT_ASSUMPTIONS, chip('inferentia2')), 'aws-neuron');
    assert.equal(efficiencyKey(DEFAULT_ASSUMPTIONS, chip('trainium2')), 'trainium2');
    assert.equal(efficiencyKey(DEFAULT_ASSUMPTIONS, chip('gaudi2')), 'gaudi2');
    assert.equal(efficiencyKey(DEFAULT_ASSUMPTIONS, chip('gaudi3')), 'intel-gaudi');
    assert.equal(efficiencyKey(DEFAULT_ASSUMPTIONS, chip('h100-sxm')), 'nvidia-hopper');
    // MI355X (CDNA4) runs CDNA3's stack and has one row: it takes CDNA3's factors, unless CDNA4 gets an entry of its own.
    assert.equal(efficiencyKey(DEFAULT_ASSUMPTIONS, chip('mi355x')), 'amd-cdna3');
    assert.equal(efficiencyKey(withOverrides({ efficiency: { 'amd-cdna4': DEFAULT_ASSUMPTIONS.efficiency['amd-cdna3']! } }), chip('mi355x')), 'amd-cdna4');
    // Trainium3 has no rows and runs Trainium2's stack: Trainium2's factors, not the aws-neuron family's.
    assert.equal(efficiencyKey(DEFAULT_ASSUMPTIONS, chip('trainium3')), 'trainium2');
    assert.notDeepEqual(efficiencyOfChip(DEFAULT_ASSUMPTIONS, chip('trainium2')), efficiencyOfChip(DEFAULT_ASSUMPTIONS, chip('trainium')));
  });

  it('the estimate’s explanation shows the factors of the chip’s own entry', () => {
    const text = (instance: string): string =>
      ['apiVersion: inference-lens/v1', 'kind: InferenceDeployment', 'spec:', '  model: { id: llama-3.1-70b, precision: bf16 }', `  hardware: { instance: ${instance}, region: us-east-1 }`, '  parallelism: { tensor: 16 }', ''].join('\n');
    const prefillEfficiency = (instance: string): string | undefined =>
      analyze(text(instance), catalog).deployments[0]?.estimate?.explain['ttftMs']?.inputs['prefill efficiency'];
    assert.equal(prefillEfficiency('trn2.48xlarge'), String(efficiencyOfChip(DEFAULT_ASSUMPTIONS, chip('trainium2')).prefillCompute));
    assert.equal(prefillEfficiency('trn1.32xlarge'), String(DEFAULT_ASSUMPTIONS.efficiency['aws-neuron']?.prefillCompute));
    const factors = (instance: string): string | undefined => analyze(text(instance), catalog).deployments[0]?.estimate?.explain['tpotMs']?.inputs['efficiency factors'];
    assert.equal(factors('trn2.48xlarge'), "Trainium2's own, apart from the aws-neuron family; ±60% (its calibration spread); measured on Transformers NeuronX and NxD Inference (AWS's Neuron tables and tutorials)");
    assert.equal(factors('trn1.32xlarge'), "the aws-neuron family's; ±45% (its calibration spread); measured on Transformers NeuronX (AWS's Neuron benchmark tables)");
  });

  it('TPU7x runs at its own factors, apart from TPU v6e: decode streams at 0.47 of its HBM bandwidth', () => {
    const tpot = (instance: string, tensor: number) => analyze(estimateText('{ id: llama-3.1-70b, precision: fp8 }', `{ instance: ${instance} }`, `{ tensor: ${tensor} }`), catalog).deployments[0]?.estimate?.explain['tpotMs']?.inputs;
    const v7 = tpot('tpu7x-8', 4);
    assert.equal(v7?.['efficiency factors'], "TPU v7's own, apart from the google-tpu family; ±25% (its calibration spread); measured on vLLM on TPU (tpu-recipes' Ironwood recipes)");
    assert.equal(v7?.['decode bandwidth efficiency'], '0.47');
    assert.equal(tpot('v6e-8', 8)?.['decode bandwidth efficiency'], '0.8');
  });

  it('says when a chip runs at the factors of the family whose stack it shares', () => {
    const text = ['apiVersion: inference-lens/v1', 'kind: InferenceDeployment', 'spec:', '  model: { id: llama-3.1-70b, precision: fp8 }', '  hardware: { accelerator: mi355x, count: 1 }', ''].join('\n');
    const inputs = analyze(text, catalog).deployments[0]?.estimate?.explain['tpotMs']?.inputs;
    assert.equal(
      inputs?.['efficiency factors'],
      "the amd-cdna3 factors, whose software stack the amd-cdna4 family runs (too few rows of its own to fit); ±30% (its calibration spread); measured on vLLM on ROCm (AMD, OCI, MLPerf) and SGLang",
    );
    assert.equal(inputs?.['decode compute efficiency'], String(DEFAULT_ASSUMPTIONS.efficiency['amd-cdna3']?.decodeCompute));
    const trainium3 = ['apiVersion: inference-lens/v1', 'kind: InferenceDeployment', 'spec:', '  model: { id: llama-3.1-70b, precision: bf16 }', '  hardware: { accelerator: trainium3, count: 16 }', '  parallelism: { tensor: 16 }', ''].join('\n');
    assert.equal(
      analyze(trainium3, catalog).deployments[0]?.estimate?.explain['tpotMs']?.inputs['efficiency factors'],
      "the trainium2 factors, whose software stack Trainium3 runs (too few rows of its own to fit); ±60% (its calibration spread); measured on Transformers NeuronX and NxD Inference (AWS's Neuron tables and tutorials)",
    );
  });

  it('says when a family has no measurements and its figures use the defaults', () => {
    const text = ['apiVersion: inference-lens/v1', 'kind: InferenceDeployment', 'spec:', '  model: { id: llama-3.1-8b, precision: bf16 }', '  hardware: { instance: g6e.xlarge, region: us-east-1 }', ''].join('\n');
    const inputs = analyze(text, catalog).deployments[0]?.estimate?.explain['ttftMs']?.inputs;
    assert.equal(inputs?.['efficiency factors'], 'the defaults: no measurements of the nvidia-ada family; ±50%');
  });
});

describe('data-parallel engines that meet at the experts', () => {
  // Test MoE (100B, 20B active, 8 experts, 1 active, 10 layers) on the 8 GPUs of test.8x as 8 engines of one GPU
  // with the experts split over them: 128 sequences, 16 per engine, 1,000 tokens in and 200 out.
  const onTest8x = (parallelism: string): string => estimateText('{ id: test-moe, precision: bf16 }', '{ instance: test.8x }', parallelism, { concurrency: 128 });
  const text = onTest8x('{ tensor: 1, data: 8, expert: true }');
  const input = analyzedInput(text);
  const machine = machineFor(input, efficiencyOfChip(HAND, input.chip), []);
  assert.ok(machine);
  const work: Workload = { model: input.model, precision: 'bf16', kvPrecision: input.kvPrecision };

  it('a prompt\'s prefill splits into what its engine runs alone and the routed experts, which every engine shares', () => {
    // Routed experts: (100 − 20)B ÷ (1 − 1/8) = 91.43B, 1 of 8 active = 11.43B, 22.86 GFLOP a token: 1,000 tokens ÷
    // (1000 TFLOPS × 0.5) = 45.714 ms. The whole prompt: 1,000 × (40 GFLOP + 10 × 32 × 512 × 500 attention) ÷ 5e14 =
    // 80.164 ms, so 34.45 ms stays on its engine, plus its all-to-all: 2 × 10 layers × (1,000 × 4096 × 2 B × 7/8) ÷ 200 GB/s.
    const parts = prefillShareParts(machine, work, 1000);
    close(parts.spread, 1000 * ((2 * 80e9) / 0.875 / 8) / 5e14, 'routed experts');
    close(parts.own, 0.08016384 - (1000 * ((2 * 80e9) / 0.875 / 8)) / 5e14 + (20 * 7_168_000) / 200e9, 'own part');
  });

  it('each step pays the own part of the busiest engine\'s new prompts, and the TPOT details say so', () => {
    const e = analyze(text, testCatalog(), { assumptions: HAND }).deployments[0]?.estimate;
    assert.ok(e);
    const parts = prefillShareParts(machine, work, 1000);
    const step = decodeStep(machine, work, 16, 1100).seconds;
    // 16 ÷ 200 = 0.08 new prompts per engine a step; the busiest of 8 takes 0.497382 on average (rankImbalance.test.ts).
    close(e.tpotMs, (step + 0.4973819215962051 * parts.own + 0.08 * parts.spread) * 1000, 'TPOT');
    close(e.outputTokensPerSecond, (8 * 16 * 1000) / (e.tpotMs ?? NaN), 'tokens per second');
    const inputs = e.explain['tpotMs']?.inputs ?? {};
    assert.equal(inputs['sequences in flight'], '16');
    assert.equal(
      inputs['prefills per step, busiest engine'],
      '0.497 new prompts on the busiest of 8 engines, against 0.08 per engine (requests taken as random arrivals): the engines exchange tokens at every MoE layer, so each step waits for the one prefilling most, for the 35.2 ms of each prefill it runs alone (attention, dense layers, links); the routed experts\' 45.7 ms are spread over all engines',
    );
  });

  it('one engine with the experts split over its tensor group pays its own prefills, as without experts', () => {
    const one = analyzedInput(onTest8x('{ tensor: 8, expert: true }'));
    const e = estimate({ ...one, assumptions: HAND });
    const oneMachine = machineFor(one, efficiencyOfChip(HAND, one.chip), []);
    assert.ok(oneMachine && e.tpotMs !== null);
    const parts = prefillShareParts(oneMachine, work, 1000);
    assert.equal(parts.spread, 0, 'nothing to spread over other engines');
    close(e.tpotMs, (decodeStep(oneMachine, work, 128, 1100).seconds + (128 / 200) * parts.own) * 1000, 'TPOT');
    assert.equal(e.explain['tpotMs']?.inputs['prefills per step, busiest engine'], undefined);
  });
});

describe('prompts that arrive on one step prefill in one pass', () => {
  // Test Dense 10B on the 8 GPUs of test.8x at tensor 8, 100 tokens in and 20 out, 64 in flight: 64 ÷ 20 = 3.2 new
  // prompts a step. Each all-reduce pays 5 µs; each GEMM 1 GFLOP of fixed work.
  const factors = withOverrides({ efficiency: { 'test-family': { allReduceLatencyUs: 5, gemmHalfGflop: 1 } } }, HAND);
  const text = estimateText('{ id: test-dense-10b, precision: bf16 }', '{ instance: test.8x }', '{ tensor: 8 }', { inputTokens: 100, outputTokens: 20, concurrency: 64 });
  const input = { ...analyzedInput(text), assumptions: factors };
  const machine = machineFor(input, efficiencyOfChip(factors, input.chip), []);
  assert.ok(machine);
  const work: Workload = { model: input.model, precision: 'bf16', kvPrecision: input.kvPrecision };
  // A layer's GEMMs: 2 × tokens × 0.25B weights ÷ 8 chips = tokens × 62.5 MFLOP, so w ÷ (w + 1 GFLOP) of the
  // efficiency. The prompt's GEMMs take 100 × 20 GFLOP ÷ (8 × 1000 TFLOPS × 0.5) = 0.5 ms ÷ that share; its
  // attention 100 × 40 layers × 40 heads × 512 × 50 ÷ 4e15 = 1.024 µs. 80 all-reduces of 10,240 B a token move 7/4
  // of it over 200 GB/s each way.
  const gemms = (tokens: number): number => 0.5e-3 / ((tokens * 0.0625) / (tokens * 0.0625 + 1));
  const allReduces = (tokens: number): number => 80 * (5e-6 + (1.75 * tokens * 10240) / 200e9);

  it('alone, a prompt pays its own GEMMs\' fixed work and every all-reduce\'s latency', () => {
    const alone = prefillShareParts(machine, work, 100);
    close(alone.own, gemms(100) + 1.024e-6 + allReduces(100), 'one prompt a pass');
    assert.deepEqual(prefillShareParts(machine, work, 100, 0.5), alone, 'fewer than one prompt a step: each prefills alone');
  });

  it('batched, the prompts share GEMMs as wide as all their tokens and each all-reduce\'s latency', () => {
    const batched = prefillShareParts(machine, work, 100, 3.2);
    close(batched.own, gemms(320) + 1.024e-6 + allReduces(320) / 3.2, 'its share of one 320-token pass');
    assert.ok(batched.own < prefillShareParts(machine, work, 100).own);
  });

  it('TPOT pays each step\'s prompts at their batched share', () => {
    const e = estimate(input);
    const step = decodeStep(machine, work, 64, 110).seconds;
    close(e.tpotMs, (step + 3.2 * (gemms(320) + 1.024e-6 + allReduces(320) / 3.2)) * 1000, 'TPOT');
  });
});
