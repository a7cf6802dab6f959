import { join } from 'node:path';
import type { CalibrationRow } from '../../bench/calibration';
import { loadCatalog, type Catalog } from '../../server/src/core/catalog/catalog';
import type { Span } from '../../server/src/core/span';

/**
 * A small catalog for tests, with round, made-up figures so expected numbers can
 * be worked by hand. Its ids start with `test-`; it is never shipped.
 */
export const TEST_CATALOG_YAML = `
chips:
  - id: test-gpu
    name: Test GPU
    vendor: nvidia
    type: gpu
    family: test-family
    aliases: [TGPU, test-gpu-100gb]
    memoryGB: 100
    memoryBandwidthGBps: 1000
    denseTflops: { bf16: 1000, fp16: 1000, fp8: 2000 }
    interconnect: { name: TestLink, bandwidthGBps: 400, direction: bidirectional }
    powerW: 500
    sources: [{ url: "https://example.com/test-gpu", asOf: "2026-01-01" }]
instances:
  - id: test.8x
    provider: aws
    aliases: [ml.test.8x]
    accelerator: test-gpu
    acceleratorCount: 8
    acceleratorMemoryGB: 800
    regions: [us-east-1, us-west-2]
    prices:
      - { region: us-east-1, pricing: on-demand, usdPerHour: 36, asOf: "2026-01-01", source: "https://example.com/prices" }
      - { region: us-west-2, pricing: on-demand, usdPerHour: 30, asOf: "2026-01-01", source: "https://example.com/prices" }
    sources: [{ url: "https://example.com/test-8x", asOf: "2026-01-01" }]
models:
  - id: test-dense-10b
    name: Test Dense 10B
    aliases: [test-org/Test-Dense-10B-Instruct]
    parametersB: 10
    layers: 40
    hiddenSize: 5120
    attentionHeads: 40
    kvHeads: 8
    headDim: 128
    maxContextTokens: 32768
    nativePrecision: bf16
    sources: [{ url: "https://example.com/test-dense", asOf: "2026-01-01" }]
  - id: test-moe
    name: Test MoE
    parametersB: 100
    activeParametersB: 20
    layers: 10
    hiddenSize: 4096
    attentionHeads: 32
    kvHeads: 4
    headDim: 128
    maxContextTokens: 8192
    moe: { experts: 8, activeExperts: 1 }
    sources: [{ url: "https://example.com/test-moe", asOf: "2026-01-01" }]
`;

let cached: Catalog | undefined;

export function testCatalog(): Catalog {
  if (!cached) {
    const loaded = loadCatalog([{ name: 'test-catalog.yaml', text: TEST_CATALOG_YAML }]);
    if (loaded.problems.length > 0) throw new Error(`test catalog is invalid: ${JSON.stringify(loaded.problems)}`);
    cached = loaded.catalog;
  }
  return cached;
}

/** The span of the `occurrence`-th appearance of `needle` in `text`: fixtures name what they point at. */
export function spanOf(text: string, needle: string, occurrence = 1): Span {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not in fixture`);
  }
  return { start: index, end: index + needle.length };
}

/** A valid InferenceDeployment on the test catalog; `patch` replaces lines by their key. */
export function manifest(overrides: Readonly<Record<string, string | null>> = {}): string {
  const lines: [string, string][] = [
    ['apiVersion', 'apiVersion: inference-lens/v1'],
    ['kind', 'kind: InferenceDeployment'],
    ['metadata', 'metadata:'],
    ['name', '  name: test-deployment'],
    ['spec', 'spec:'],
    ['model', '  model:'],
    ['id', '    id: test-dense-10b'],
    ['precision', '    precision: bf16'],
    ['hardware', '  hardware:'],
    ['instance', '    instance: test.8x'],
    ['region', '    region: us-east-1'],
    ['parallelism', '  parallelism:'],
    ['tensor', '    tensor: 8'],
    ['replicas', '  replicas: 1'],
    ['workload', '  workload:'],
    ['inputTokens', '    inputTokens: 1000'],
    ['outputTokens', '    outputTokens: 200'],
    ['concurrency', '    concurrency: 16'],
  ];
  const out: string[] = [];
  for (const [key, line] of lines) {
    const replacement = overrides[key];
    if (replacement === null) continue;
    out.push(replacement ?? line);
  }
  for (const [key, line] of Object.entries(overrides)) {
    if (key.startsWith('+') && line !== null) out.push(line);
  }
  return `${out.join('\n')}\n`;
}

/**
 * `manifest()` for `model` at `precision` on `count` bare `accelerator`s (no instance, so no
 * region or price), with `parallelism` on one line and the workload's fields given overriding
 * the defaults.
 */
export function onAccelerators(
  model: string,
  precision: string,
  accelerator: string,
  count: number,
  parallelism: string,
  workload: { readonly inputTokens?: number; readonly outputTokens?: number; readonly concurrency?: number } = {},
): string {
  const fields: Record<string, string | null> = {
    id: `    id: ${model}`,
    precision: `    precision: ${precision}`,
    hardware: `  hardware: { accelerator: ${accelerator}, count: ${count} }`,
    instance: null,
    region: null,
    parallelism: `  parallelism: ${parallelism}`,
    tensor: null,
  };
  for (const [key, value] of Object.entries(workload)) if (value !== undefined) fields[key] = `    ${key}: ${value}`;
  return manifest(fields);
}

/** A Kubernetes Deployment whose one container runs the shell line `args` on `gpus` accelerators of `instance`, with `env` in its container. */
export function pod(args: string, options: { name?: string; instance?: string; gpus?: number; env?: string } = {}): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${options.name ?? 'server'}`,
    'spec:',
    '  replicas: 1',
    '  template:',
    '    spec:',
    '      nodeSelector:',
    `        node.kubernetes.io/instance-type: ${options.instance ?? 'test.8x'}`,
    '      containers:',
    '        - name: vllm',
    '          image: vllm/vllm-openai:latest',
    `          command: ["/bin/sh", "-c", "${args}"]`,
    ...(options.env ? ['          env:', options.env] : []),
    '          resources:',
    '            limits:',
    `              nvidia.com/gpu: "${options.gpus ?? 8}"`,
    '',
  ].join('\n');
}

/** The span of `value` where it follows `prefix`, e.g. `spanAfter(text, 'concurrency: ', '16')`. */
export function spanAfter(text: string, prefix: string, value: string): Span {
  const index = text.indexOf(prefix + value);
  if (index < 0) throw new Error(`"${prefix}${value}" not in fixture`);
  return { start: index + prefix.length, end: index + prefix.length + value.length };
}

/** A Llama-3.1-8B-shaped config.json under a name the catalog does not know. */
export const LLAMA_8B_CONFIG = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_size: 4096,
  intermediate_size: 14336,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  max_position_embeddings: 131072,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
  vocab_size: 128256,
};

/**
 * A calibration row on real catalog ids with invented figures: Llama 3.1 8B at fp8 on one
 * H100, 1,000/1,000 tokens at 16 requests, output throughput 100; `fields` replace any of them.
 */
export function calibrationRow(fields: Partial<CalibrationRow> = {}): CalibrationRow {
  return {
    model: 'llama-3.1-8b',
    precision: 'fp8',
    kv_precision: 'fp8',
    accelerator: 'h100-sxm',
    accelerators: '1',
    tensor: '1',
    pipeline: '1',
    replicas: '1',
    input_tokens: '1000',
    output_tokens: '1000',
    concurrency: '16',
    metric: 'output_tokens_per_second',
    measured: '100',
    source: 'example/doc.md',
    ...fields,
  };
}

/** The repository's root, from a test bundled to out/test/<suite>/. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** The calibration files' folder (`bench/`). */
export const BENCH_DIR = join(REPO_ROOT, 'bench');
