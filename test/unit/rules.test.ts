import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { analyze } from '../../server/src/core/engine/analyze';
import { FINDING_CODES, type Finding, type FindingCode } from '../../server/src/core/findings';
import { RULES } from '../../server/src/core/rules';
import { manifest, spanAfter, spanOf, testCatalog } from '../helpers/fixtures';

const BARE = { instance: '    accelerator: test-gpu\n    count: 8', region: null } as const;

function check(overrides: Readonly<Record<string, string | null>>): { text: string; findings: readonly Finding[] } {
  const text = manifest(overrides);
  return { text, findings: analyze(text, testCatalog()).findings };
}

/** The findings of one code, after checking the valid manifest has none of it. */
function only(code: FindingCode, overrides: Readonly<Record<string, string | null>>): { text: string; found: Finding[] } {
  const { text, findings } = check(overrides);
  return { text, found: findings.filter((f) => f.code === code) };
}

describe('rules', () => {
  it('the valid fixture has no findings at all', () => {
    assert.deepEqual(check({}).findings, []);
  });

  it('every rule has a documented code', () => {
    for (const rule of RULES) assert.ok(rule.id in FINDING_CODES, rule.id);
  });

  describe('hardware-declaration', () => {
    it('rejects an instance and an accelerator together', () => {
      const { text, found } = only('hardware-declaration', { instance: '    instance: test.8x\n    accelerator: test-gpu' });
      assert.deepEqual(found, [
        {
          code: 'hardware-declaration',
          severity: 'error',
          message: 'Declare either an instance or an accelerator, not both: "test.8x" and "test-gpu".',
          span: spanOf(text, 'test-gpu'),
          related: [{ span: spanOf(text, 'test.8x'), message: 'the instance declared here' }],
        },
      ]);
    });

    it('asks for hardware when none is declared', () => {
      const { text, found } = only('hardware-declaration', { instance: null, region: null });
      assert.deepEqual(found.map((f) => [f.message, f.span]), [
        ['No hardware declared: set hardware.instance (e.g. p5.48xlarge) or hardware.accelerator with a count.', spanOf(text, 'hardware')],
      ]);
    });

    it('rejects a count that contradicts the instance, with the instance’s count as the fix', () => {
      const { text, found } = only('hardware-declaration', { instance: '    instance: test.8x\n    count: 4' });
      assert.equal(found[0]?.message, 'count is 4, but test.8x has 8 accelerators. Remove count, or declare a bare accelerator instead of the instance.');
      assert.deepEqual(found[0]?.fix, { kind: 'set-number', span: spanAfter(text, 'count: ', '4'), value: 8 });
    });
  });

  describe('unknown names', () => {
    it('suggests the nearest instance, accelerator and model', () => {
      const instance = only('unknown-instance', { instance: '    instance: test.8' });
      assert.deepEqual(instance.found, [
        {
          code: 'unknown-instance',
          severity: 'error',
          message: 'Unknown instance type "test.8". Did you mean "test.8x"?',
          span: spanAfter(instance.text, 'instance: ', 'test.8'),
          fix: { kind: 'replace', span: spanAfter(instance.text, 'instance: ', 'test.8'), candidates: ['test.8x'] },
        },
      ]);
      assert.equal(only('unknown-accelerator', { ...BARE, instance: '    accelerator: test-gpuu\n    count: 8' }).found[0]?.message, 'Unknown accelerator "test-gpuu". Did you mean "test-gpu"?');
      assert.equal(only('unknown-model', { id: '    id: test-dense-10' }).found[0]?.message, 'Unknown model "test-dense-10". Did you mean "test-dense-10b"?');
    });

    it('resolves aliases and Hugging Face ids without a finding', () => {
      assert.deepEqual(check({ id: '    id: test-org/Test-Dense-10B-Instruct', instance: '    instance: TEST.8X' }).findings, []);
      const sagemaker = check({ instance: '    instance: ML.TEST.8X' }).findings;
      assert.deepEqual(sagemaker.map((f) => [f.code, f.severity]), [['no-price', 'info']], 'SageMaker names resolve to their EC2 hardware, not its price');
      assert.deepEqual(check({ ...BARE, instance: '    accelerator: TGPU\n    count: 8' }).findings.filter((f) => f.severity === 'error'), []);
    });

    it('says nothing useless when nothing is close', () => {
      assert.equal(only('unknown-model', { id: '    id: qqqqqqqqqqqqqqqq' }).found[0]?.message, 'Unknown model "qqqqqqqqqqqqqqqq".');
    });
  });

  describe('region-not-offered and no-price', () => {
    it('lists the regions the instance is offered in', () => {
      const { text, found } = only('region-not-offered', { region: '    region: eu-west-1' });
      assert.deepEqual(found.map((f) => [f.severity, f.message, f.span]), [
        ['error', 'test.8x is not offered in eu-west-1. It is offered in: us-east-1, us-west-2.', spanOf(text, 'eu-west-1')],
      ]);
    });

    it('notes a missing price for the pricing model, and where prices exist', () => {
      const { text, found } = only('no-price', { region: '    region: us-east-1\n    pricing: spot' });
      assert.deepEqual(found.map((f) => [f.severity, f.message, f.span]), [
        [
          'info',
          'The catalog has no spot price for test.8x in us-east-1, so cost is unknown. Add one in .inference-lens/catalog.yaml.',
          spanOf(text, 'us-east-1'),
        ],
      ]);
      assert.deepEqual(only('no-price', {}).found, []);
    });
  });

  describe('unsupported-precision', () => {
    it('warns for a precision the chip lacks, naming the fallback speed', () => {
      const { text, found } = only('unsupported-precision', { precision: '    precision: fp4' });
      assert.deepEqual(found.map((f) => [f.severity, f.message, f.span, f.fix]), [
        [
          'warning',
          'Test GPU has no native fp4 support (native: bf16, fp16, fp8). Matrix multiplies will run at bf16 speed (1000 TFLOPS dense).',
          spanOf(text, 'fp4'),
          { kind: 'replace', span: spanOf(text, 'fp4'), candidates: ['bf16'] },
        ],
      ]);
    });

    it('accepts native precisions and weight-only int4', () => {
      assert.deepEqual(only('unsupported-precision', { precision: '    precision: fp8' }).found, []);
      assert.deepEqual(only('unsupported-precision', { precision: '    precision: int4' }).found, []);
    });

    it('on a CPU, whose catalog peak is its fp32 vector rate: silent for bf16, fp16 and int8 (unrated, not absent), warns for fp8', () => {
      const { catalog } = loadCatalog(BUNDLED_CATALOG);
      const cpu = (precision: string): string[] =>
        analyze(`apiVersion: inference-lens/v1\nkind: InferenceDeployment\nmetadata: { name: cpu }\nspec:\n  model: { id: llama-3.1-8b, precision: ${precision} }\n  hardware: { instance: c7g.16xlarge, region: us-east-1 }\n`, catalog)
          .findings.filter((f) => f.code === 'unsupported-precision')
          .map((f) => f.message);
      for (const precision of ['bf16', 'fp16', 'int8']) assert.deepEqual(cpu(precision), [], precision);
      assert.deepEqual(cpu('fp8'), ['AWS Graviton3 has no native fp8 support (native: fp32). Matrix multiplies will run at fp32 speed (5.3248 TFLOPS dense).']);
    });

    it('silent for a float wider than one the chip publishes a peak for (GB300 publishes only fp4), still warns for a narrower one', () => {
      const { catalog } = loadCatalog(BUNDLED_CATALOG);
      const on = (instance: string, precision: string): string[] =>
        analyze(`apiVersion: inference-lens/v1\nkind: InferenceDeployment\nmetadata: { name: gpu }\nspec:\n  model: { id: llama-3.1-70b, precision: ${precision} }\n  hardware: { instance: ${instance}, region: us-east-1 }\n`, catalog)
          .findings.filter((f) => f.code === 'unsupported-precision')
          .map((f) => f.message);
      assert.deepEqual(on('standard_nd128isr_gb300_v6', 'fp8'), []);
      assert.deepEqual(on('standard_nd128isr_gb300_v6', 'bf16'), []);
      assert.deepEqual(on('p6-b300.48xlarge', 'fp4'), [
        'NVIDIA B300 Blackwell Ultra (HGX B300, SXM) has no native fp4 support (native: bf16, fp16, fp8). Matrix multiplies will run at bf16 speed (2250 TFLOPS dense).',
      ]);
    });

    it('silent for a precision the chip runs natively at an unpublished peak (Gaudi 2 fp8), still warns for one it lacks', () => {
      const { catalog } = loadCatalog(BUNDLED_CATALOG);
      const gaudi2 = (precision: string): string[] =>
        analyze(`apiVersion: inference-lens/v1\nkind: InferenceDeployment\nmetadata: { name: g }\nspec:\n  model: { id: llama-3.1-70b, precision: ${precision} }\n  hardware: { accelerator: gaudi2, count: 8 }\n`, catalog)
          .findings.filter((f) => f.code === 'unsupported-precision')
          .map((f) => f.message);
      assert.deepEqual(gaudi2('fp8'), []);
      assert.deepEqual(gaudi2('fp4'), ['Intel Gaudi 2 AI Accelerator has no native fp4 support (native: bf16). Matrix multiplies will run at bf16 speed (432 TFLOPS dense).']);
    });
  });

  describe('memory-exceeded', () => {
    it('gives the numbers when weights and KV cache do not fit', () => {
      const { text, found } = only('memory-exceeded', { instance: '    accelerator: test-gpu\n    count: 1', region: null, tensor: '    tensor: 1', concurrency: '    concurrency: 1000' });
      assert.deepEqual(found.map((f) => [f.severity, f.message, f.span]), [
        [
          'error',
          'test-dense-10b does not fit: 20 GB of weights at bf16 + 180 GB of KV cache (1000 sequences of up to 1200 tokens at bf16) = 200 GB, but 1× Test GPU offer 90 of 100 GB usable (memory utilization 0.9).',
          spanAfter(text, 'concurrency: ', '1000'),
        ],
      ]);
    });

    it('points at the precision when the weights alone do not fit', () => {
      const { text, found } = only('memory-exceeded', { id: '    id: test-moe', precision: '    precision: bf16', instance: '    accelerator: test-gpu\n    count: 2', region: null, tensor: '    tensor: 2' });
      assert.equal(found[0]?.message, 'test-moe does not fit: its weights alone are 200 GB at bf16, but 2× Test GPU offer 180 of 200 GB usable (memory utilization 0.9).');
      assert.deepEqual(found[0]?.span, spanOf(text, 'bf16'));
    });

    it('passes when it fits', () => {
      assert.deepEqual(only('memory-exceeded', {}).found, []);
    });
  });

  describe('parallelism-mismatch', () => {
    it('errors when tensor × pipeline exceeds the accelerators, offering the count as the fix', () => {
      const { text, found } = only('parallelism-mismatch', { ...BARE, tensor: '    tensor: 16' });
      assert.deepEqual(found.map((f) => [f.severity, f.message, f.span, f.related, f.fix]), [
        [
          'error',
          'tensor × pipeline = 16 × 1 = 16, but a replica has 8 accelerators. The estimate uses tensor 8, the hardware declared.',
          spanAfter(text, 'tensor: ', '16'),
          [{ span: spanAfter(text, 'count: ', '8'), message: '8 accelerators per replica' }],
          { kind: 'set-number', span: spanAfter(text, 'tensor: ', '16'), value: 8 },
        ],
      ]);
    });

    it('warns when accelerators would sit idle', () => {
      assert.equal(only('parallelism-mismatch', { tensor: '    tensor: 4' }).found[0]?.message, 'tensor × pipeline = 4 × 1 = 4 of the 8 accelerators per replica: 4 would sit idle.');
    });

    it('accepts tensor × pipeline equal to the accelerators', () => {
      assert.deepEqual(only('parallelism-mismatch', { tensor: '    tensor: 4\n    pipeline: 2' }).found, []);
    });

    it('never multiplies the declared instance: tensor × pipeline beyond it is an error, and the estimate keeps to one instance', () => {
      const { text, found } = only('parallelism-mismatch', { tensor: '    tensor: 8\n    pipeline: 2' });
      assert.deepEqual(found.map((f) => [f.severity, f.message, f.fix]), [
        [
          'error',
          'tensor × pipeline = 8 × 2 = 16, but a replica has 8 accelerators. The estimate uses tensor 4, the hardware declared.',
          { kind: 'set-number', span: spanAfter(text, 'tensor: ', '8'), value: 4 },
        ],
      ]);
      const e = analyze(text, testCatalog()).deployments[0]?.estimate;
      assert.equal(e?.costPerHour, 36, 'one instance, as declared');
      assert.equal(e?.memory?.capacityGB, 800, 'the memory of 8 chips, not 16');
    });
  });

  describe('tensor-heads', () => {
    it('errors when the degree does not divide the attention heads', () => {
      const { text, found } = only('tensor-heads', { instance: '    accelerator: test-gpu\n    count: 3', region: null, tensor: '    tensor: 3' });
      assert.deepEqual(found.map((f) => [f.message, f.span]), [
        ["Tensor parallelism 3 does not divide test-dense-10b's 40 attention heads. Use a divisor of 40.", spanAfter(text, 'tensor: ', '3')],
      ]);
    });

    it('errors when the degree neither divides nor is a multiple of the KV heads', () => {
      const { found } = only('tensor-heads', { instance: '    accelerator: test-gpu\n    count: 5', region: null, tensor: '    tensor: 5' });
      assert.equal(found[0]?.message, "Tensor parallelism 5 neither divides nor is a multiple of test-dense-10b's 8 KV heads.");
    });

    it('accepts degrees that divide both', () => {
      assert.deepEqual(only('tensor-heads', { ...BARE, instance: '    accelerator: test-gpu\n    count: 4', tensor: '    tensor: 4' }).found, []);
    });
  });

  describe('expert-parallel-dense', () => {
    it('says expert parallelism on a dense model changes nothing, at the switch', () => {
      const { text, found } = only('expert-parallel-dense', { tensor: '    tensor: 8\n    expert: true' });
      assert.deepEqual(found, [
        {
          code: 'expert-parallel-dense',
          severity: 'info',
          message: 'test-dense-10b is a dense model: it has no experts to split, so expert parallelism changes nothing and the estimate ignores it.',
          span: spanAfter(text, 'expert: ', 'true'),
        },
      ]);
    });

    it('is silent for a MoE model, and when the switch is off', () => {
      assert.deepEqual(only('expert-parallel-dense', { id: '    id: test-moe', tensor: '    tensor: 8\n    expert: true' }).found, []);
      assert.deepEqual(only('expert-parallel-dense', { tensor: '    tensor: 8\n    expert: false' }).found, []);
    });
  });

  describe('context-too-long', () => {
    it('errors when the declared context exceeds the model’s', () => {
      const { text, found } = only('context-too-long', { precision: '    precision: bf16\n    maxContextTokens: 40000' });
      assert.deepEqual(found.map((f) => [f.message, f.span, f.fix]), [
        [
          'maxContextTokens is 40,000, but test-dense-10b supports at most 32,768 tokens.',
          spanOf(text, '40000'),
          { kind: 'set-number', span: spanOf(text, '40000'), value: 32768 },
        ],
      ]);
    });

    it('errors when a request is longer than the context', () => {
      const { text, found } = only('context-too-long', { inputTokens: '    inputTokens: 32000', outputTokens: '    outputTokens: 1000' });
      assert.deepEqual(found.map((f) => [f.message, f.span]), [
        ["A request of 32,000 input + 1,000 output tokens = 33,000 exceeds test-dense-10b's maximum context (32,768).", spanOf(text, '32000')],
      ]);
      const declared = only('context-too-long', { precision: '    precision: bf16\n    maxContextTokens: 1100' });
      assert.equal(declared.found[0]?.message, 'A request of 1,000 input + 200 output tokens = 1,200 exceeds maxContextTokens (1,100).');
    });

    it('accepts requests within the context', () => {
      assert.deepEqual(only('context-too-long', { precision: '    precision: bf16\n    maxContextTokens: 8192' }).found, []);
    });
  });

  describe('SLOs', () => {
    it('warns when the estimate misses a target, naming the limiting bound', () => {
      const { text, findings } = check({ '+slo': '  slo: { ttftMs: 1, tpotMs: 2 }' });
      const slo = findings.filter((f) => f.code === 'slo-ttft' || f.code === 'slo-tpot');
      assert.equal(slo.length, 2);
      assert.match(slo[0]?.message ?? '', /^Estimated time to first token ≈ [\d.]+ ms misses the SLO of 1 ms \(limited by (compute|interconnect)\)\.$/);
      assert.match(slo[1]?.message ?? '', /^Estimated time per output token ≈ [\d.]+ ms misses the SLO of 2 ms \(limited by memory bandwidth\)\.$/);
      assert.deepEqual(slo[0]?.span, spanAfter(text, 'ttftMs: ', '1'));
    });

    it('is quiet when the targets are met', () => {
      assert.deepEqual(check({ '+slo': '  slo: { ttftMs: 10000, tpotMs: 1000 }' }).findings, []);
    });
  });

  describe('replicas-insufficient', () => {
    it('says how many replicas the target load needs, as a fix', () => {
      const { text, found } = only('replicas-insufficient', { '+rps': '    requestsPerSecond: 100' });
      assert.equal(found.length, 1);
      const needed = found[0]?.fix?.kind === 'set-number' ? found[0].fix.value : 0;
      assert.ok(needed > 1);
      assert.match(found[0]?.message ?? '', new RegExp(`^1 replica serves ≈ [\\d.]+ requests/s, below the target of 100: ${needed} replicas needed`));
      assert.deepEqual(found[0]?.span, spanAfter(text, 'replicas: ', '1'));
    });

    it('is quiet when the replicas suffice', () => {
      assert.deepEqual(only('replicas-insufficient', { '+rps': '    requestsPerSecond: 1' }).found, []);
    });
  });

  describe('estimate-unavailable', () => {
    it('says a bare accelerator has no cost', () => {
      const { text, found } = only('estimate-unavailable', BARE);
      assert.deepEqual(found.map((f) => [f.severity, f.message, f.span]), [
        ['info', 'No cost estimate: a bare accelerator has no price: declare an instance.', spanOf(text, 'test-deployment')],
      ]);
    });

    it('is quiet when everything is known', () => {
      assert.deepEqual(only('estimate-unavailable', {}).found, []);
    });
  });
});
