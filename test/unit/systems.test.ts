import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import type { Chip, Instance } from '../../server/src/core/catalog/types';
import { analyze, type AnalyzedDeployment } from '../../server/src/core/engine/analyze';
import { DEFAULT_ASSUMPTIONS, efficiencyFor } from '../../server/src/core/estimator/assumptions';
import { allReduceSeconds, topologyOf } from '../../server/src/core/estimator/interconnect';
import type { EstimateInput } from '../../server/src/core/estimator/types';
import { deploymentHints, deploymentLenses } from '../../server/src/core/present/estimates';
import { spanAfter, TEST_CATALOG_YAML, testCatalog } from '../helpers/fixtures';

const catalog = loadCatalog(BUNDLED_CATALOG).catalog;

function deploymentOf(spec: string): { text: string; d: AnalyzedDeployment } {
  const text = `apiVersion: inference-lens/v1\nkind: InferenceDeployment\nmetadata: { name: d }\nspec:\n${spec}\n`;
  const d = analyze(text, catalog).deployments[0];
  assert.ok(d);
  return { text, d };
}

function priceOf(instanceId: string, region: string): number {
  const price = catalog.instance(instanceId)?.prices?.find((p) => p.region === region && p.pricing === 'on-demand')?.usdPerHour;
  assert.ok(price !== undefined, `${instanceId} has an on-demand price in ${region}`);
  return price;
}

describe('parallelism units are never silent', () => {
  it('tensor 32 on trn1.32xlarge counts NeuronCores: a finding, and the estimate keeps to the one instance', () => {
    const { text, d } = deploymentOf('  model: { id: llama-3.1-70b, precision: bf16 }\n  hardware: { instance: trn1.32xlarge, region: us-east-1 }\n  parallelism: { tensor: 32 }');
    const found = d.findings.filter((f) => f.code === 'parallelism-mismatch');
    assert.deepEqual(found.map((f) => [f.severity, f.message, f.span, f.fix]), [
      [
        'error',
        'tensor 32 counts NeuronCores: trn1.32xlarge has 16 Trainium chips = 32 NeuronCores. Parallelism here counts chips, so the estimate uses tensor 16 on the hardware declared.',
        spanAfter(text, 'tensor: ', '32'),
        { kind: 'set-number', span: spanAfter(text, 'tensor: ', '32'), value: 16 },
      ],
    ]);
    assert.equal(d.resolution.tensor, 16);
    assert.equal(d.resolution.instancesPerReplica, 1);
    assert.equal(d.estimate?.costPerHour, priceOf('trn1.32xlarge', 'us-east-1'));
    // Hint, lens and memory agree on 16 chips of one instance.
    const hints = deploymentHints(d);
    assert.equal(hints[0]?.label, `16× Trainium · ${Math.round(catalog.instance('trn1.32xlarge')?.acceleratorMemoryGB ?? NaN)} GB`);
    assert.deepEqual(
      hints.find((h) => h.offset === spanAfter(text, 'tensor: ', '32').end),
      { offset: spanAfter(text, 'tensor: ', '32').end, label: 'estimated as tensor 16 (32 NeuronCores = 16 chips)' },
    );
    assert.equal(deploymentLenses(d)[0]?.title, `$${priceOf('trn1.32xlarge', 'us-east-1')}/h`);
    assert.ok(Math.abs((d.estimate?.memory?.capacityGB ?? 0) - 16 * (catalog.chip('trainium')?.memoryGB ?? NaN)) < 0.01);
  });

  it('tensor 8 on a tpu7x-8 counts TensorCores: 4 chips, not 8', () => {
    const { d } = deploymentOf('  model: { id: llama-3.1-70b, precision: fp8 }\n  hardware: { instance: tpu7x-8 }\n  parallelism: { tensor: 8 }');
    assert.equal(
      d.findings.find((f) => f.code === 'parallelism-mismatch')?.message,
      'tensor 8 counts TensorCores: tpu7x-8 has 4 TPU v7 chips = 8 TensorCores. Parallelism here counts chips, so the estimate uses tensor 4 on the hardware declared.',
    );
    assert.equal(d.resolution.acceleratorsPerReplica, 4);
    assert.equal(d.estimate?.memory?.capacityGB, 4 * (catalog.chip('tpu-v7')?.memoryGB ?? NaN));
  });

  it('tensor 16 on p5.48xlarge stays one instance at its price', () => {
    const { d } = deploymentOf('  model: { id: llama-3.1-70b, precision: fp8 }\n  hardware: { instance: p5.48xlarge, region: us-east-1 }\n  parallelism: { tensor: 16 }');
    assert.equal(d.findings.find((f) => f.code === 'parallelism-mismatch')?.message, 'tensor × pipeline = 16 × 1 = 16, but a replica has 8 accelerators. The estimate uses tensor 8, the hardware declared.');
    assert.equal(d.estimate?.costPerHour, priceOf('p5.48xlarge', 'us-east-1'));
    assert.equal(d.resolution.tensor, 8);
    assert.ok(deploymentHints(d).some((h) => h.label === 'estimated as tensor 8 (the hardware declared)'));
  });
});

describe('fit whenever capacity is known', () => {
  it('70B on a 24 GB A10G does not fit, though A10G publishes no bandwidth', () => {
    const { d } = deploymentOf('  model: { id: llama-3.1-70b, precision: bf16 }\n  hardware: { instance: g5.xlarge, region: us-east-1 }');
    assert.equal(d.estimate?.memory?.fits, false);
    assert.equal(d.estimate?.memory?.capacityGB, 24);
    const messages = d.findings.map((f) => f.message);
    assert.ok(messages.some((m) => m.startsWith('llama-3.1-70b does not fit: its weights alone are 141 GB at bf16, but 1× NVIDIA A10G')), messages.join('\n'));
    assert.ok(!messages.some((m) => m.includes('no published memory capacity')), messages.join('\n'));
  });

  it('405B on an 8 GiB c7g.xlarge does not fit: host memory is the capacity', () => {
    const { d } = deploymentOf('  model: { id: llama-3.1-405b, precision: bf16 }\n  hardware: { instance: c7g.xlarge, region: us-east-1 }');
    assert.equal(d.estimate?.memory?.where, 'host');
    assert.equal(d.estimate?.memory?.fits, false);
    assert.ok(d.findings.some((f) => f.code === 'memory-exceeded'));
  });

  it('a CPU without a published bandwidth fits and says which figure the speed lacks', () => {
    const { d } = deploymentOf('  model: { id: llama-3.1-8b, precision: bf16 }\n  hardware: { instance: c7g.16xlarge, region: us-east-1 }');
    assert.equal(d.estimate?.memory?.fits, true);
    const chip = d.resolution.chip;
    if (chip?.memoryBandwidthGBps === undefined) {
      assert.equal(deploymentLenses(d)[1]?.title, `speed unknown: ${chip?.name} has no published memory bandwidth`);
    } else {
      // Once the catalog carries a (derived) bandwidth, the CPU is timed like any other part.
      assert.ok(d.estimate?.singleUser);
    }
  });
});

describe('honest concurrency', () => {
  const base = '  model: { id: llama-3.1-70b, precision: fp8 }\n  hardware: { instance: p5.48xlarge, region: us-east-1 }\n  parallelism: { tensor: 8 }';

  it('without a declared concurrency: one user’s latency and the capacity at full load, and the KV cache of that batch', () => {
    const { d } = deploymentOf(base);
    const e = d.estimate;
    assert.equal(e?.operatingPoint, 'capacity');
    assert.ok(e?.singleUser && e.capacity && e.memory);
    assert.ok(e.singleUser.tpotMs < e.capacity.tpotMs, 'one user alone decodes faster than a full batch');
    assert.equal(e.memory.sequences, e.capacity.concurrency);
    assert.equal(e.concurrency, e.capacity.concurrency);
    assert.ok(e.memory.kvCacheGB > 100, `the KV cache of ${e.memory.sequences} sequences, not one: ${e.memory.kvCacheGB} GB`);
    const lenses = deploymentLenses(d).map((l) => l.title);
    assert.match(lenses[1] ?? '', /^single user: TTFT ≈ [\d.]+ ms · TPOT ≈ [\d.]+ ms \(≈ [\d.]+ tok\/s\)$/);
    assert.match(lenses[2] ?? '', /^capacity: ≈ [\d,]+ tok\/s at 1,024 sequences · ≈ \$[\d.]+ \/ 1M output tokens$/);
  });

  it('with an SLO: the goodput is the largest concurrency that meets it', () => {
    const { d } = deploymentOf(`${base}\n  slo: { tpotMs: 50 }`);
    const g = d.estimate?.goodput;
    assert.ok(g?.met);
    assert.equal(d.estimate?.operatingPoint, 'goodput');
    assert.ok(g.tpotMs <= 50);
    const next = deploymentOf(`${base}\n  workload: { concurrency: ${g.concurrency + 1} }`).d.estimate;
    assert.ok((next?.tpotMs ?? 0) > 50, `one more sequence misses the SLO: ${next?.tpotMs} ms`);
    assert.deepEqual(d.findings.filter((f) => f.code === 'slo-tpot'), [], 'the goodput point meets the SLO');
    assert.match(deploymentLenses(d)[2]?.title ?? '', new RegExp(`^goodput \\(TPOT ≤ 50 ms\\): ${g.concurrency} sequences · ≈ [\\d,]+ tok/s · ≈ \\$[\\d.]+ / 1M output tokens$`));
  });

  it('a declared concurrency that misses the SLO says how many sequences would meet it', () => {
    const { d } = deploymentOf(`${base}\n  workload: { concurrency: 1000 }\n  slo: { tpotMs: 50 }`);
    const g = d.estimate?.goodput;
    const finding = d.findings.find((f) => f.code === 'slo-tpot');
    assert.ok(g && finding);
    assert.match(finding.message, new RegExp(`misses the SLO of 50 ms \\(limited by [a-z ]+\\)\\. At most ${g.concurrency} sequences in flight per replica would meet it\\.$`));
  });

  it('"max" stays available: the most sequences that fit, as before', () => {
    const { d } = deploymentOf(`${base}\n  workload: { concurrency: max }`);
    assert.equal(d.estimate?.operatingPoint, 'max');
    assert.equal(d.estimate?.concurrency, d.estimate?.maxConcurrency);
    assert.match(deploymentLenses(d)[1]?.title ?? '', /^TTFT ≈ [\d.]+ ms · ≈ [\d.]+ tok\/s per user · ≈ [\d,]+ tok\/s total$/);
  });
});

describe('interconnect', () => {
  const test = testCatalog();
  const model = test.model('test-dense-10b');
  const chip = test.chip('test-gpu');
  const instance = test.instance('test.8x');
  assert.ok(model && chip && instance);
  const efficiency = efficiencyFor(DEFAULT_ASSUMPTIONS, 'test-family');
  const input = (over: { chip?: Chip; instance?: Instance | undefined; tensor?: number; pipeline?: number }): EstimateInput => ({
    model,
    chip: over.chip ?? chip,
    instance: 'instance' in over ? over.instance : instance,
    instancesPerReplica: 1,
    tensor: over.tensor ?? 8,
    pipeline: over.pipeline ?? 1,
    replicas: 1,
    precision: 'bf16',
    kvPrecision: 'bf16',
    inputTokens: 1000,
    outputTokens: 200,
    concurrency: 16,
    concurrencyDeclared: true,
    requestsPerSecond: undefined,
    slo: {},
    price: undefined,
    assumptions: DEFAULT_ASSUMPTIONS,
  });

  it('tensor parallelism within a node uses the chip link: half the bidirectional figure × efficiency', () => {
    const t = topologyOf(input({}), efficiency);
    assert.equal(t.tensorAcrossNodes, false);
    assert.equal(t.scaleUp.bytesPerSecond, 200e9 * efficiency.interconnect);
    const bytes = 1000 * 5120 * 2;
    const expected = 2 * 40 * (efficiency.allReduceLatencyUs * 1e-6 + (2 * 7 / 8) * (bytes / t.scaleUp.bytesPerSecond));
    assert.ok(Math.abs(allReduceSeconds(t, 8, model, 1000) - expected) < 1e-12);
  });

  it('tensor parallelism across nodes pays the instance network per chip, with its latency', () => {
    const t = topologyOf(input({ tensor: 16, instance: { ...instance, networkGbps: 400 } }), efficiency);
    assert.equal(t.tensorAcrossNodes, true);
    assert.equal(t.network?.bytesPerSecond, (400e9 / 8) * DEFAULT_ASSUMPTIONS.networkEfficiency / 8);
    assert.equal(t.network?.assumed, undefined);
    const bytes = 1000 * 5120 * 2;
    const latency = efficiency.allReduceLatencyUs * 1e-6 + DEFAULT_ASSUMPTIONS.networkLatencyUs * 1e-6;
    const expected = 2 * 40 * (latency + (2 * 15 / 16) * (bytes / (t.network?.bytesPerSecond ?? 0)));
    assert.ok(Math.abs(allReduceSeconds(t, 16, model, 1000) - expected) < 1e-12);
  });

  it('an instance without a network figure gets the named assumption, never a free link', () => {
    const t = topologyOf(input({ tensor: 8, pipeline: 2 }), efficiency);
    assert.equal(t.hopsAcrossNodes, 1);
    assert.equal(t.network?.bytesPerSecond, (DEFAULT_ASSUMPTIONS.networkGbpsWithoutFigure * 1e9 / 8) * DEFAULT_ASSUMPTIONS.networkEfficiency / 8);
    assert.match(t.network?.assumed ?? '', /^no published network bandwidth for test\.8x: 25 Gbps \(networkGbpsWithoutFigure\)$/);
  });

  it('a part with no chip-to-chip figure pays PCIe, so its all-reduce costs more than over a fast link', () => {
    const { interconnect: _link, ...pcieChip } = chip;
    const pcie = topologyOf(input({ chip: pcieChip, instance: undefined }), efficiency);
    const fast = topologyOf(input({ instance: undefined }), efficiency);
    assert.equal(pcie.scaleUp.name, 'PCIe');
    assert.equal(pcie.scaleUp.bytesPerSecond, 32e9 * efficiency.interconnect);
    assert.ok(allReduceSeconds(pcie, 8, model, 1000) > allReduceSeconds(fast, 8, model, 1000));
  });

  it('MI355X, whose Infinity Fabric figure was not read, takes its predecessors’ as a named floor instead of PCIe', () => {
    const { d } = deploymentOf('  model: { id: deepseek-r1, precision: fp8 }\n  hardware: { accelerator: mi355x, count: 8 }\n  parallelism: { tensor: 8 }\n  workload: { inputTokens: 1024, outputTokens: 1024, concurrency: 64 }');
    const input = d.resolution.estimateInput;
    assert.ok(input);
    const factors = efficiencyFor(DEFAULT_ASSUMPTIONS, 'amd-cdna3');
    const link = topologyOf(input, factors).scaleUp;
    // 896 GB/s both ways (MI300X, MI325X) → 448 GB/s each way × CDNA3's link efficiency.
    assert.equal(link.bytesPerSecond, 448e9 * factors.interconnect);
    assert.equal(
      d.estimate?.explain['tpotMs']?.inputs['chip link'],
      `chip-to-chip link, ${Math.round(448 * factors.interconnect)} GB/s effective each way per chip — assumed: MI355X has no catalog link figure: 448 GB/s each way (linkWithoutFigure: Infinity Fabric between 8 GPUs (AMD GIM 8.5.0.K), figure not read: MI300X/MI325X’s 896 GB/s both ways taken as a floor)`,
    );
  });
});

describe('new system classes', () => {
  it('a wafer-scale part: weights spread over the declared systems, one user’s decode from SRAM bandwidth and pipeline hops', () => {
    const { d } = deploymentOf('  model: { id: llama-3.1-70b, precision: bf16 }\n  hardware: { accelerator: wse-3, count: 4 }\n  parallelism: { tensor: 1, pipeline: 4 }');
    const e = d.estimate;
    assert.equal(e?.memory?.fits, true);
    assert.equal(e?.memory?.capacityGB, 176);
    assert.ok(e?.singleUser && e.singleUser.ttftMs === null && e.singleUser.tpotMs > 0);
    assert.equal(e.capacity, null);
    assert.match(e.explain['tpotMs']?.inputs['crosses nodes'] ?? '', /^3 pipeline hops$/);
    assert.match(deploymentLenses(d)[1]?.title ?? '', /^single user: TTFT unknown · TPOT ≈ [\d.]+ ms \(≈ [\d,]+ tok\/s\)$/);
  });

  it('one wafer does not hold a 70B model at bf16: the estimate says so instead of timing it', () => {
    const { d } = deploymentOf('  model: { id: llama-3.1-70b, precision: bf16 }\n  hardware: { accelerator: wse-3, count: 1 }');
    assert.equal(d.estimate?.memory?.fits, false);
    assert.equal(
      d.findings.find((f) => f.code === 'memory-exceeded')?.message,
      'llama-3.1-70b does not fit: its weights alone are 141 GB at bf16, but 1× Cerebras Wafer-Scale Engine 3 (WSE-3, CS-3) offer 39.6 of 44 GB usable (memory utilization 0.9). Its weights and one sequence need at least 4× WSE-3, as pipeline stages.',
    );
  });

  it('TPU7x from its published figures: speed, fit, and the capacity at full load', () => {
    const { d } = deploymentOf('  model: { id: llama-3.1-70b, precision: fp8 }\n  hardware: { instance: tpu7x-8 }\n  parallelism: { tensor: 4 }');
    assert.ok(d.estimate?.singleUser?.ttftMs && d.estimate.capacity && d.estimate.memory?.fits);
  });
});

describe('CPU inference', () => {
  // A CPU socket with a bandwidth and a peak, and two instance sizes of it.
  const CPU_YAML = `
chips:
  - id: test-cpu
    name: Test CPU
    vendor: aws
    type: cpu
    family: aws-graviton
    cores: 64
    memoryBandwidthGBps: 320
    denseTflops: { bf16: 8 }
    sources: [{ url: "https://example.com/test-cpu", asOf: "2026-01-01" }]
instances:
  - id: cpu.small
    provider: aws
    accelerator: test-cpu
    acceleratorCount: 1
    vcpus: 16
    memoryGiB: 64
    sources: [{ url: "https://example.com/cpu", asOf: "2026-01-01" }]
  - id: cpu.whole
    provider: aws
    accelerator: test-cpu
    acceleratorCount: 1
    vcpus: 64
    memoryGiB: 256
    sources: [{ url: "https://example.com/cpu", asOf: "2026-01-01" }]
`;
  const cpuCatalog = loadCatalog([{ name: 'test.yaml', text: TEST_CATALOG_YAML }, { name: 'cpu.yaml', text: CPU_YAML }]).catalog;
  const estimateOn = (instance: string) => {
    const text = `apiVersion: inference-lens/v1\nkind: InferenceDeployment\nspec:\n  model: { id: test-dense-10b, precision: bf16 }\n  hardware: { instance: ${instance} }\n  workload: { concurrency: 1 }\n`;
    return analyze(text, cpuCatalog).deployments[0]?.estimate;
  };

  it('fits in host memory and decodes from the socket’s bandwidth, shared by the instance’s vCPUs', () => {
    const whole = estimateOn('cpu.whole');
    const small = estimateOn('cpu.small');
    assert.equal(whole?.memory?.where, 'host');
    assert.ok(whole?.memory?.fits && small?.memory?.fits);
    assert.match(whole?.explain['tpotMs']?.inputs['memory bandwidth per chip'] ?? '', /^320 GB\/s$/);
    assert.match(small?.explain['tpotMs']?.inputs['memory bandwidth per chip'] ?? '', /^80 GB\/s$/, '16 of 64 cores: a quarter of the socket');
    assert.ok((small?.tpotMs ?? 0) > 3 * (whole?.tpotMs ?? Infinity), `a quarter socket decodes ~4× slower: ${small?.tpotMs} vs ${whole?.tpotMs} ms`);
    assert.ok(whole?.ttftMs, 'a published peak times prefill too');
  });
});
