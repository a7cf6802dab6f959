import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { parseQuantizedName, sizeCompatible, statedSizeB } from '../../server/src/core/catalog/modelNames';
import { analyze } from '../../server/src/core/engine/analyze';

const catalog = loadCatalog(BUNDLED_CATALOG).catalog;

describe('quantized checkpoint names', () => {
  const cases: readonly (readonly [string, string, string | undefined])[] = [
    ['Qwen/Qwen2.5-7B-Instruct-AWQ', 'Qwen/Qwen2.5-7B-Instruct', 'int4'],
    ['Qwen/Qwen2.5-72B-Instruct-GPTQ-Int4', 'Qwen/Qwen2.5-72B-Instruct', 'int4'],
    ['Qwen/Qwen2.5-72B-Instruct-GPTQ-Int8', 'Qwen/Qwen2.5-72B-Instruct', 'int8'],
    ['RedHatAI/Meta-Llama-3.1-8B-Instruct-FP8-dynamic', 'RedHatAI/Meta-Llama-3.1-8B-Instruct', 'fp8'],
    ['Qwen/Qwen3-32B-FP8', 'Qwen/Qwen3-32B', 'fp8'],
    ['neuralmagic/Meta-Llama-3.1-70B-Instruct-quantized.w8a8', 'neuralmagic/Meta-Llama-3.1-70B-Instruct', 'int8'],
    ['RedHatAI/Meta-Llama-3.1-8B-Instruct-quantized.w4a16', 'RedHatAI/Meta-Llama-3.1-8B-Instruct', 'int4'],
    ['nvidia/DeepSeek-R1-NVFP4', 'nvidia/DeepSeek-R1', 'fp4'],
    ['unsloth/Llama-3.2-3B-Instruct-bnb-4bit', 'unsloth/Llama-3.2-3B-Instruct', 'int4'],
    ['Qwen/Qwen1.5-MoE-A2.7B-Chat-GPTQ-Int4', 'Qwen/Qwen1.5-MoE-A2.7B-Chat', 'int4'],
    ['bartowski/Qwen2.5-7B-Instruct-GGUF', 'bartowski/Qwen2.5-7B-Instruct', undefined],
    ['unsloth/Llama-3.3-70B-Instruct-GGUF:Q4_K_M', 'unsloth/Llama-3.3-70B-Instruct', undefined],
    ['Llama-3.3-70B-Instruct-Q4_K_M.gguf', 'Llama-3.3-70B-Instruct', undefined],
    ['unsloth/Qwen3-8B-GGUF:BF16', 'unsloth/Qwen3-8B', 'bf16'],
    ['qwen2.5-7b-instruct-f16.gguf', 'qwen2.5-7b-instruct', 'fp16'],
    ['DeepSeek-R1-BF16', 'DeepSeek-R1', 'bf16'],
  ];
  for (const [name, base, precision] of cases) {
    it(`${name} is ${base} at ${precision ?? 'an unstated precision'}`, () => {
      const parsed = parseQuantizedName(name);
      assert.deepEqual([parsed?.base, parsed?.precision], [base, precision]);
    });
  }

  it('marks a GGUF checkpoint whose float format the name does not give: its file decides its precision', () => {
    assert.equal(parseQuantizedName('bartowski/Qwen2.5-7B-Instruct-GGUF')?.precisionUnstated, true);
    assert.equal(parseQuantizedName('Llama-3.3-70B-Instruct-Q4_K_M.gguf')?.precisionUnstated, true);
    assert.equal(parseQuantizedName('unsloth/Qwen3-8B-GGUF:BF16')?.precisionUnstated, undefined);
    assert.equal(parseQuantizedName('Qwen/Qwen3-32B-FP8')?.precisionUnstated, undefined);
  });

  it('leaves names without a quantization suffix alone (Qwen3-4B, Llama-3.1-8B-Instruct, gpt-oss-20b)', () => {
    for (const name of ['Qwen/Qwen3-4B', 'meta-llama/Llama-3.1-8B-Instruct', 'openai/gpt-oss-20b', 'FP8']) assert.equal(parseQuantizedName(name), undefined, name);
  });
});

describe('the catalog model lookup', () => {
  const match = (name: string) => {
    const m = catalog.modelMatch(name);
    return m && { id: m.model.id, precision: m.precision, via: m.via };
  };

  it('maps a quantized checkpoint to its base model at the precision its name implies', () => {
    assert.deepEqual(match('Qwen/Qwen2.5-7B-Instruct-AWQ'), { id: 'qwen2.5-7b', precision: 'int4', via: 'quantized' });
    assert.deepEqual(match('RedHatAI/Meta-Llama-3.1-8B-Instruct-FP8-dynamic'), { id: 'llama-3.1-8b', precision: 'fp8', via: 'quantized' });
    assert.deepEqual(match('Qwen/Qwen2.5-72B-Instruct-GPTQ-Int4'), { id: 'qwen2.5-72b', precision: 'int4', via: 'quantized' });
    assert.deepEqual(match('neuralmagic/Meta-Llama-3.1-70B-Instruct-quantized.w8a8'), { id: 'llama-3.1-70b', precision: 'int8', via: 'quantized' });
    assert.deepEqual(match('nvidia/DeepSeek-R1-NVFP4'), { id: 'deepseek-r1', precision: 'fp4', via: 'quantized' });
    assert.deepEqual(match('Qwen/Qwen3-32B-FP8'), { id: 'qwen3-32b', precision: 'fp8', via: 'quantized' });
  });

  it('finds the newer bundled models under their released checkpoint names', () => {
    assert.deepEqual(match('nvidia/Kimi-K2.6-NVFP4'), { id: 'kimi-k2.6', precision: 'fp4', via: 'quantized' });
    assert.deepEqual(match('zai-org/GLM-4.7-FP8'), { id: 'glm-4.7', precision: 'fp8', via: 'quantized' });
    assert.deepEqual(match('Qwen/Qwen3-235B-A22B-Instruct-2507-FP8'), { id: 'qwen3-235b-a22b-2507', precision: 'fp8', via: 'quantized' });
    assert.deepEqual(match('google/gemma-3-12b-it'), { id: 'gemma-3-12b', precision: undefined, via: 'name' });
    assert.deepEqual(match('mistralai/Devstral-Small-2-24B-Instruct-2512'), { id: 'devstral-small-2-24b', precision: undefined, via: 'name' });
    // Released in FP8: the catalog entry says so without a suffix on the name.
    assert.equal(catalog.model('mistralai/Devstral-2-123B-Instruct-2512')?.nativePrecision, 'fp8');
  });

  it('reads a local path by the repository-like name at its end, as engines are pointed at checkpoints on disk', () => {
    assert.deepEqual(match('/models/meta-llama/Llama-3.1-8B-Instruct'), { id: 'llama-3.1-8b', precision: undefined, via: 'name' });
    assert.deepEqual(match('/models/Llama-3.1-8B-Instruct'), { id: 'llama-3.1-8b', precision: undefined, via: 'repository' });
    // vLLM's GGUF example serves a local file: its base model, its precision the file's.
    const gguf = catalog.modelMatch('./Llama-3.2-3B-Instruct-Q4_K_M.gguf');
    assert.deepEqual([gguf?.model.id, gguf?.precision, gguf?.precisionUnstated], ['llama-3.2-3b', undefined, true]);
    assert.equal(match('/models'), undefined, 'a mount point names no model');
    assert.equal(match('/data/model.gguf'), undefined);
  });

  it('finds a re-upload under another organisation by its repository name, with no precision implied', () => {
    assert.deepEqual(match('unsloth/Llama-3.2-3B-Instruct'), { id: 'llama-3.2-3b', precision: undefined, via: 'repository' });
    assert.deepEqual(match('meta-llama/Llama-3.1-8B-Instruct'), { id: 'llama-3.1-8b', precision: undefined, via: 'name' });
  });

  it('resolves a distill to its own Llama-8B-shaped entry, never to DeepSeek-R1', () => {
    const distill = catalog.model('deepseek-ai/DeepSeek-R1-Distill-Llama-8B');
    assert.equal(distill?.id, 'deepseek-r1-distill-llama-8b');
    assert.deepEqual([distill?.layers, distill?.hiddenSize, distill?.kvHeads, distill?.moe, distill?.mla], [32, 4096, 8, undefined, undefined]);
    assert.equal(catalog.model('deepseek-r1:70b')?.id, 'deepseek-r1-distill-llama-70b');
    assert.equal(catalog.model('DeepSeek-R1-Distill-Qwen-32B-AWQ')?.id, 'deepseek-r1-distill-qwen-32b');
  });

  it('leaves an unknown model unknown', () => {
    assert.equal(catalog.modelMatch('acme/house-model-v3'), undefined);
    assert.equal(catalog.modelMatch('acme/house-model-v3-FP8'), undefined);
  });
});

describe('model suggestions', () => {
  it('reads the size a name states: 7B, 0.5B, 135M, 8x7B; not A3B or 16E', () => {
    assert.deepEqual(
      ['Qwen2.5-7B', 'Qwen2.5-0.5B-Instruct', 'SmolLM2-135M', 'Mixtral-8x7B', 'Qwen3-30B-A3B', 'Llama-4-Scout-17B-16E', 'phi-3.5-mini'].map(statedSizeB),
      [7, 0.5, 0.135, 56, 30, 17, undefined],
    );
    assert.deepEqual([sizeCompatible(7, 72.7), sizeCompatible(7, 3.09), sizeCompatible(17, 400, 17)], [false, true, true]);
  });

  it('never proposes a model ten times larger or smaller than the name says (Qwen2.5-7B is not qwen2.5-72b)', () => {
    // The name matcher alone would offer qwen2.5-72b second.
    assert.ok(catalog.models.suggest('Qwen2.5-7B-Instruct-1M').includes('qwen2.5-72b'));
    assert.deepEqual(catalog.suggestModels('Qwen2.5-7B-Instruct-1M'), ['qwen2.5-7b', 'qwen2.5-3b', 'qwen2.5-14b']);
    assert.ok(!catalog.suggestModels('gemma-3-12b-it').includes('gemma-3-1b'));
    assert.equal(catalog.suggestModels('llama-3.1-405')[0], 'llama-3.1-405b');
  });
});

describe('a quantized checkpoint in a deployment', () => {
  it('is estimated as its base model at the precision its name implies', () => {
    const text = [
      'apiVersion: inference-lens/v1',
      'kind: InferenceDeployment',
      'spec:',
      '  model: { id: RedHatAI/Meta-Llama-3.1-70B-Instruct-FP8-dynamic }',
      '  hardware: { instance: p5.48xlarge, region: us-east-1 }',
      '',
    ].join('\n');
    const deployment = analyze(text, catalog).deployments[0];
    assert.equal(deployment?.resolution.model?.id, 'llama-3.1-70b');
    assert.equal(deployment?.resolution.precision, 'fp8');
    assert.deepEqual(
      deployment?.findings.filter((f) => f.code === 'unknown-model'),
      [],
    );
  });
});

describe('a model that stays unknown in a real-world manifest', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata: { name: test }
spec:
  replicas: 1
  template:
    spec:
      nodeSelector: { node.kubernetes.io/instance-type: p5.48xlarge }
      containers:
        - name: vllm
          args: ["--model", "acme/Qwen2.5-7B-support-ft", "--tensor-parallel-size", "8"]
          resources: { limits: { nvidia.com/gpu: 8 } }
`;
  const deployment = analyze(text, catalog).deployments[0];

  it('is an info finding on the name that says what was read and how to declare it, with no edit of the name', () => {
    const found = deployment?.findings.filter((f) => f.code === 'unknown-model') ?? [];
    assert.deepEqual(found, [
      {
        code: 'unknown-model',
        severity: 'info',
        message:
          'The model "acme/Qwen2.5-7B-support-ft" read from this manifest is not in the catalog, nor described in .inference-lens/models/ or the local Hugging Face cache (read in trusted workspaces), so speed and memory are not estimated; hardware and cost per hour are. Did you mean "qwen2.5-7b"? If it is a fine-tune or a private model, name its base model with the annotation inference-lens/model (e.g. inference-lens/model: llama-3.1-8b), or describe it in .inference-lens/models/<name>.json (a copy of its config.json).',
        span: { start: text.indexOf('acme/'), end: text.indexOf('acme/') + 'acme/Qwen2.5-7B-support-ft'.length },
      },
    ]);
  });

  it('still shows the hardware and its cost per hour', () => {
    assert.deepEqual([deployment?.resolution.instance?.id, deployment?.resolution.chip?.id, deployment?.resolution.costPerHour], ['p5.48xlarge', 'h100-sxm', 55.04]);
    assert.equal(deployment?.findings.some((f) => f.severity === 'error'), false);
  });
});

describe('a quantized checkpoint whose base model the catalog lacks', () => {
  const manifest = (model: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: { name: test }
spec:
  template:
    spec:
      nodeSelector: { node.kubernetes.io/instance-type: p5.48xlarge }
      containers:
        - name: vllm
          args: ["--model", "${model}", "--tensor-parallel-size", "8"]
          resources: { limits: { nvidia.com/gpu: 8 } }
`;
  const read = (model: string) => analyze(manifest(model), catalog).deployments[0];

  it('keeps the weight precision its name implies, and still says the model is unknown', () => {
    const fp8 = read('acme/House-Model-397B-A17B-FP8');
    assert.equal(fp8?.resolution.model, undefined);
    assert.equal(fp8?.resolution.precision, 'fp8');
    assert.deepEqual(fp8?.findings.map((f) => f.code), ['unknown-model']);
    assert.equal(read('acme/House-Model-70B-Instruct-GPTQ-Int4')?.resolution.precision, 'int4');
    assert.equal(read('acme/House-Model-70B-NVFP4')?.resolution.precision, 'fp4');
  });

  it('leaves the precision unknown when the name implies none', () => {
    assert.equal(read('acme/House-Model-70B')?.resolution.precision, undefined);
    assert.equal(read('acme/House-Model-70B-GGUF')?.resolution.precision, undefined);
  });
});
