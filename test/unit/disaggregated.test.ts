import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, AnalysisCache, type AnalyzedDeployment } from '../../server/src/core/engine/analyze';
import { withOverrides } from '../../server/src/core/estimator/assumptions';
import { balancedRatio, kvTransfer } from '../../server/src/core/estimator/disaggregated';
import { deploymentLenses, estimateDetails } from '../../server/src/core/present/estimates';
import { hoverAt } from '../../server/src/core/present/hover';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { REPO_ROOT, testCatalog } from '../helpers/fixtures';
import { HAND, pdService, WORKLOAD } from '../helpers/handWorkedPools';
import { close } from '../helpers/close';

/** The hand-worked pair: decode on `decodeReplicas` pods, prefill on one, one test GPU each. */
function pd(decodeReplicas: number, prefill = true): string {
  return pdService({ decodeReplicas, prefill });
}

function pools(text: string, cache?: AnalysisCache): { decode: AnalyzedDeployment; prefill: AnalyzedDeployment } {
  const list = analyze(text, testCatalog(), { assumptions: HAND, defaults: WORKLOAD }, cache).deployments;
  const decode = list.find((d) => d.spec.pool?.role === 'decode');
  const prefill = list.find((d) => d.spec.pool?.role === 'prefill');
  assert.ok(decode && prefill);
  return { decode, prefill };
}

/** Ray Serve prefill/decode configs, one pool per YAML document, on the test GPU (test.8x, one GPU a replica). */
function rayPools(decodeReplicas: number, withDecode = true): string {
  const config = (key: string, replicas: number): string =>
    [
      'applications:',
      '  - name: pd',
      '    import_path: ray.serve.llm:build_pd_openai_app',
      '    args:',
      `      ${key}:`,
      '        model_loading_config:',
      '          model_id: test-org/Test-Dense-10B-Instruct',
      '        accelerator_type: TGPU',
      '        deployment_config:',
      `          num_replicas: ${replicas}`,
      '',
    ].join('\n');
  return [config('prefill_config', 1), ...(withDecode ? [config('decode_config', decodeReplicas)] : [])].join('---\n');
}

describe('disaggregated serving: both pools estimated together', () => {
  // Test GPU: 1000 TFLOPS bf16, 1000 GB/s; test-dense-10b: 10B, 40 layers, hidden 5120, 40 heads × 128,
  // 8 KV heads. Prompt 1000 tokens, output 200; decode pool capped at 16 sequences (--max-num-seqs).
  //
  // Prefill alone (tensor 1): FLOPs = 1000 × (2 × 10e9 + 4 × 40 × 40 × 128 × 500) = 2.04096e13;
  //   ÷ (1e15 × 0.5) = 40.8192 ms (weights 20 GB ÷ 500 GB/s = 40 ms: compute-bound).
  // KV of the prompt: 2 × 8 × 128 × 2 B × 40 layers = 163,840 B/token × 1000 = 163.84 MB.
  // Network: test.8x publishes none: 800 Gbps assumed (HAND) × 1/8 of the instance = 100 Gbps a replica;
  //   × 0.5 (kvTransferEfficiency) = 6.25 GB/s → 163.84e6 ÷ 6.25e9 = 26.2144 ms + 20 µs = 26.2344 ms.
  // TTFT = 40.8192 + 26.2344 = 67.0536 ms.
  // Decode step at 16 sequences, context 1000 + 100 = 1100: weights 20e9 ÷ 5e11 = 40 ms; KV
  //   16 × 163,840 × 1100 ÷ 5e11 = 5.767168 ms; compute 16 × (2e10 + 4 × 40 × 40 × 128 × 1100) ÷ 5e14
  //   = 0.6688 ms → memory-bound: TPOT = 45.767168 ms.
  // Prefill pool: 1 replica ÷ 40.8192 ms = 24.49828 req/s. Decode pool: 2 × 16 ÷ (200 × 45.767168 ms)
  //   = 3.495956 req/s → decode limits. Balanced prefill:decode = 1.747978 ÷ 24.49828 = 0.07135 ≈ 1:14.
  // Cost: test.8x at $30/h (us-west-2, the cheapest) ÷ 8 = $3.75 a replica; 1 + 2 replicas = $11.25/h;
  //   699.1912 tok/s (3.495956 × 200) → 11.25 ÷ (699.1912 × 3600) × 1e6 = $4.46945 / 1M output tokens.
  const { decode, prefill } = pools(pd(2));

  it('TTFT is the prefill pool’s prefill plus the KV transfer; TPOT is one decode step of the decode pool', () => {
    const both = decode.pool?.combined;
    assert.ok(both);
    close(both.prefillMs, 40.8192, 'prefill');
    close(both.transfer.bytes, 163.84e6, 'KV bytes');
    close(both.transfer.bytesPerSecond, 6.25e9, 'transfer bandwidth');
    close(both.transfer.seconds * 1000, 26.2344, 'transfer');
    close(both.ttftMs, 67.0536, 'TTFT');
    close(both.tpotMs, 45.767168, 'TPOT');
    assert.equal(both.decodeSequences, 16);
  });

  it('the request’s overhead is paid on the prefill pool, in its TTFT, and limits no pool', () => {
    const assumptions = withOverrides({ efficiency: { 'test-family': { requestOverheadMs: 7 } } }, HAND);
    const list = analyze(pd(2), testCatalog(), { assumptions, defaults: WORKLOAD }).deployments;
    const both = list.find((d) => d.spec.pool?.role === 'decode')?.pool?.combined;
    assert.ok(both);
    close(both.prefillMs, 47.8192, 'prefill pool: 7 ms + 40.8192 ms');
    close(both.ttftMs, 74.0536, 'TTFT');
    close(both.prefillRequestsPerSecond, 24.498275, 'prefill rate');
    close(both.decodeRequestsPerSecond, 3.495956, 'decode rate');
  });

  it('says which pool limits, suggests the ratio that balances them, and prices both pools on the limiting rate', () => {
    const both = decode.pool?.combined;
    assert.ok(both);
    close(both.prefillRequestsPerSecond, 24.498275, 'prefill rate');
    close(both.decodeRequestsPerSecond, 3.495956, 'decode rate');
    assert.equal(both.limiting, 'decode');
    assert.deepEqual(both.ratio, { prefill: 1, decode: 14 });
    close(both.costPerHour, 11.25, 'cost per hour');
    close(both.outputTokensPerSecond, 699.1912, 'tokens per second');
    close(both.costPerMillionOutputTokens, 4.46945, 'cost per 1M');
  });

  it('both pools’ lenses show the combined figures and name the other pool', () => {
    assert.deepEqual(deploymentLenses(decode).map((l) => l.title), [
      '$11.25/h both pools · ≈ $4.47 / 1M output tokens',
      'with dense-pd/prefill: TTFT ≈ 67.1 ms (prefill 40.8 + KV transfer 26.2 ms) · TPOT ≈ 45.8 ms at 16 sequences',
      'decode pool limits: prefill ≈ 24.5 req/s · decode ≈ 3.5 req/s · suggested prefill:decode 1:14',
      'fits: 22.9 of 90 GB · 20 GB weights + 2.9 GB KV cache of 16 sequences',
      'Compare hardware…',
    ]);
    assert.equal(deploymentLenses(prefill)[1]?.title, 'with dense-pd/decode: TTFT ≈ 67.1 ms (prefill 40.8 + KV transfer 26.2 ms) · TPOT ≈ 45.8 ms at 16 sequences');
    assert.deepEqual(decode.findings.filter((f) => f.code === 'pool-phase-only'), []);
  });

  it('the details explain the transfer (bytes, network, efficiency) and the ratio', () => {
    const details = estimateDetails(prefill, testCatalog());
    assert.ok(details.includes('- **Disaggregated** (prefill pool, with dense-pd/decode): TTFT ≈ 67.1 ms = prefill 40.8 ms + KV transfer 26.2 ms (164 MB)'), details);
    assert.ok(details.includes('- **Pools**: prefill ≈ 24.5 req/s, decode ≈ 3.5 req/s — the decode pool limits; prefill:decode replicas 1:14 balance them'));
    assert.ok(details.includes('- network of a prefill replica: 100 Gbps \\(0.125 of an assumed 800 Gbps: test.8x has no published network bandwidth \\(networkGbpsWithoutFigure\\)\\)'), details);
    assert.ok(details.includes('- transfer efficiency: 0.5 \\(kvTransferEfficiency\\)'));
    assert.ok(details.includes('- balanced prefill:decode: 0.0714 : 1, suggested 1:14'));
  });

  it('a published instance network is shared by the GPUs a replica uses', () => {
    const input = decode.resolution.estimateInput;
    assert.ok(input);
    const withNetwork = { ...input, instance: input.instance && { ...input.instance, networkGbps: 3200 } };
    // 3200 Gbps × 1/8 = 400 Gbps × 0.5 = 25 GB/s: 163.84e6 ÷ 25e9 = 6.5536 ms + 20 µs.
    close(kvTransfer(withNetwork, withNetwork, 1000).seconds * 1000, 6.5736, 'transfer over a published network');
    // kvTransferEfficiency is a named assumption a user may override: at 1, 50 GB/s → 3.2768 ms + 20 µs.
    const full = withOverrides({ kvTransferEfficiency: 1 });
    assert.equal(withOverrides({ kvTransferEfficiency: 2 }).kvTransferEfficiency, 0.5, 'out of range keeps the default');
    const atFull = { ...withNetwork, assumptions: full };
    close(kvTransfer(atFull, atFull, 1000).seconds * 1000, 3.2968, 'transfer at full line rate');
  });
});

describe('disaggregated serving: pairing over the file', () => {
  it('pairs pools written in different documents, and an edit of one pool re-estimates the other from the cache', () => {
    const cache = new AnalysisCache();
    const before = pools(rayPools(2), cache).prefill.pool?.combined;
    const after = pools(rayPools(4), cache);
    assert.equal(cache.stats.hits, 1, 'the prefill document came from the cache');
    const rates = [before?.decodeRequestsPerSecond, after.prefill.pool?.combined?.decodeRequestsPerSecond];
    assert.ok(rates[0] !== undefined && rates[1] !== undefined);
    close(rates[1], rates[0] * 2, 'twice the decode replicas, twice the decode rate, seen from the prefill pool');
    assert.equal(after.prefill.pool?.other, 'pd/decode');
  });

  it('a pool alone in its file: an info note that its figures cover only its phase', () => {
    const list = analyze(rayPools(1, false), testCatalog(), { assumptions: HAND, defaults: WORKLOAD });
    const [prefill] = list.deployments;
    assert.ok(prefill?.estimate);
    const note = list.findings.filter((f) => f.code === 'pool-phase-only');
    assert.deepEqual(
      note.map((f) => [f.severity, f.message]),
      [
        [
          'info',
          "pd/prefill is the prefill pool of pd, whose decode pool is not in this file: its figures are this pool's alone, as if it served whole requests, so read them for the prefill phase only. Put both pools in one file to estimate them together (KV-cache transfer, the limiting pool, the replica ratio).",
        ],
      ],
    );
    assert.deepEqual(prefill.findings.filter((f) => f.code === 'pool-phase-only'), note);
    assert.ok(estimateDetails(prefill, testCatalog()).includes('- **Disaggregated**: the prefill pool of pd; the other pool is not in this file, so these figures cover only the prefill phase'));
  });
});

describe('disaggregated serving: pools that cannot be estimated together', () => {
  it('KAITO DeepSeek-V3 on one A100 per role: both pools say why, beside their own figures', () => {
    const path = join(REPO_ROOT, 'test', 'fixtures', 'real-world', 'kaito-project__kaito__multiroleinference-deepseek-v3.yaml');
    const list = analyze(readFileSync(path, 'utf8'), loadCatalog(BUNDLED_CATALOG).catalog).deployments;
    assert.deepEqual(
      list.map((d) => [d.spec.name, deploymentLenses(d)[1]?.title]),
      [
        ['deepseek-v3-pd/prefill', 'with deepseek-v3-pd/decode: not estimated together — the model does not fit the prefill pool deepseek-v3-pd/prefill'],
        ['deepseek-v3-pd/decode', 'with deepseek-v3-pd/prefill: not estimated together — the model does not fit the prefill pool deepseek-v3-pd/prefill'],
      ],
    );
  });
});

describe('hovers in a document of two pools', () => {
  it('the prefill section’s instance and name show the prefill pool’s cards', () => {
    const text = readFileSync(join(REPO_ROOT, 'examples', 'real-world', 'kserve-llminferenceservice.yaml'), 'utf8');
    const catalog = loadCatalog(BUNDLED_CATALOG).catalog;
    const analysis = analyze(text, catalog);
    const second = text.indexOf('g6e.xlarge', text.indexOf('  prefill:'));
    const instance = hoverAt(analysis, catalog, second + 2);
    assert.deepEqual(instance?.span, { start: second, end: second + 'g6e.xlarge'.length });
    assert.match(instance?.markdown ?? '', /^\*\*g6e\.xlarge\*\*/);
    const name = hoverAt(analysis, catalog, text.indexOf('  prefill:') + 3);
    assert.match(name?.markdown ?? '', /^\*\*llama-8b-pd\/prefill\*\* — estimate/);
  });
});

describe('the suggested replica ratio', () => {
  it('small whole numbers nearest the balanced ratio, 1:N or N:1 beyond eight', () => {
    assert.deepEqual(balancedRatio(1), { prefill: 1, decode: 1 });
    assert.deepEqual(balancedRatio(0.5), { prefill: 1, decode: 2 });
    assert.deepEqual(balancedRatio(0.3), { prefill: 2, decode: 7 }); // 0.2857 is nearer 0.3 than 1:3 (0.333)
    assert.deepEqual(balancedRatio(1.5), { prefill: 3, decode: 2 });
    assert.deepEqual(balancedRatio(0.07135), { prefill: 1, decode: 14 });
    assert.deepEqual(balancedRatio(20.4), { prefill: 20, decode: 1 });
  });
});
