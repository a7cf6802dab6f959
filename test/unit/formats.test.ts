import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { analyze, type Analysis, type AnalyzedDeployment } from '../../server/src/core/engine/analyze';
import { compareHardware } from '../../server/src/core/engine/compare';
import { DEFAULTS } from '../../server/src/core/resolve/resolve';
import { DEFAULT_ASSUMPTIONS } from '../../server/src/core/estimator/assumptions';
import { deploymentLenses } from '../../server/src/core/present/estimates';
import { assumptionLines } from '../../server/src/core/present/provenance';
import { hoverAt } from '../../server/src/core/present/hover';
import type { Span } from '../../server/src/core/span';
import { REPO_ROOT, spanOf } from '../helpers/fixtures';

const catalog = loadCatalog(BUNDLED_CATALOG).catalog;
const EXAMPLES = join(REPO_ROOT, 'examples', 'real-world');

function example(name: string): { text: string; analysis: Analysis; deployment: AnalyzedDeployment } {
  const text = readFileSync(join(EXAMPLES, name), 'utf8');
  const analysis = analyze(text, catalog);
  const deployment = analysis.deployments[0];
  assert.ok(deployment, `${name}: a deployment is recognized`);
  return { text, analysis, deployment };
}

const slice = (text: string, span: Span | undefined): string => (span ? text.slice(span.start, span.end) : '');

function hoverText(analysis: Analysis, span: Span | undefined): string {
  return span ? (hoverAt(analysis, catalog, span.start + 1)?.markdown ?? '') : '';
}

describe('Kubernetes workloads', () => {
  it('reads a vLLM Deployment: model, parallelism, precision, GPUs, node type, region and replicas, with spans', () => {
    const { text, analysis, deployment: d } = example('k8s-vllm-deployment.yaml');
    assert.equal(analysis.deployments.length, 1, 'the Service in the same file is left alone');
    assert.equal(d.spec.format, 'kubernetes');
    assert.equal(d.spec.name, 'llama-70b-chat');
    assert.equal(slice(text, d.spec.model?.span), 'meta-llama/Llama-3.1-70B-Instruct');
    assert.equal(d.resolution.model?.id, 'llama-3.1-70b');
    assert.deepEqual([d.spec.tensor?.value, slice(text, d.spec.tensor?.span)], [8, '8']);
    assert.deepEqual([d.spec.precision?.value, d.spec.maxContextTokens?.value], ['fp8', 8192]);
    assert.deepEqual([d.spec.acceleratorsPerPod?.value, slice(text, d.spec.instance?.span), d.spec.region?.value, d.spec.replicas?.value], [8, 'p5.48xlarge', 'us-east-1', 2]);
    assert.deepEqual(d.findings, []);
    assert.equal(d.estimate?.costPerHour, 55.04 * 2);
    assert.match(hoverText(analysis, d.spec.instance?.span), /\*\*\$55\.04\/h\*\* on-demand in us-east-1/);
    const lenses = deploymentLenses(d).map((l) => l.title);
    // No concurrency declared: one user's latency and the capacity at full load, labelled.
    assert.equal(lenses[0], '$110/h');
    assert.match(lenses[1] ?? '', /^single user: TTFT ≈ [\d.]+ ms · TPOT ≈ [\d.]+ ms \(≈ [\d.]+ tok\/s\)$/);
    assert.match(lenses[2] ?? '', /^capacity: ≈ [\d,]+ tok\/s at [\d,]+ sequences · ≈ \$[\d.]+ \/ 1M output tokens$/);
  });

  it('reads an SGLang StatefulSet on a GKE accelerator label and infers the machine type', () => {
    const { deployment: d } = example('k8s-sglang-statefulset.yaml');
    assert.deepEqual([d.resolution.model?.id, d.spec.tensor?.value, d.resolution.chip?.id, d.spec.acceleratorsPerPod?.value], ['qwen3-32b', 2, 'l4', 2]);
    assert.equal(d.resolution.instance?.id, 'g2-standard-24', 'the cheapest GCP machine with two L4s');
    assert.equal(d.resolution.instanceInferred, true);
    assert.deepEqual(d.findings, []);
  });

  it('counts Neuron tensor parallelism in NeuronCores: 24 cores on 12 Inferentia2 chips is right', () => {
    const { analysis, deployment: d } = example('k8s-neuron-inf2.yaml');
    assert.deepEqual([d.resolution.instance?.id, d.spec.acceleratorsPerPod?.value, d.spec.tensor?.value, d.resolution.tensor], ['inf2.48xlarge', 12, 24, 12]);
    assert.equal(d.resolution.model?.id, 'llama-3.1-8b', 'from MODEL_ID, which the command expands');
    assert.deepEqual(d.findings, []);
    assert.match(hoverText(analysis, d.spec.instance?.span), /12× AWS Inferentia2/);
  });

  it('reads a GKE TPU slice: topology, chips per host and the slice it runs on', () => {
    const { text, deployment: d } = example('k8s-tpu-v6e.yaml');
    assert.deepEqual([slice(text, d.spec.tpuTopology?.span), d.spec.acceleratorsPerPod?.value, d.resolution.chip?.id, d.resolution.instance?.id], ['2x4', 8, 'tpu-v6e', 'v6e-8']);
    assert.deepEqual(d.findings, []);
  });

  it('reads a LeaderWorkerSet: the leader’s command, pods per group, tensor × pipeline across nodes', () => {
    const { deployment: d } = example('lws-multinode.yaml');
    assert.deepEqual([d.spec.podsPerReplica?.value, d.resolution.acceleratorsPerReplica, d.resolution.tensor, d.resolution.pipeline], [2, 16, 8, 2]);
    assert.equal(d.estimate?.costPerHour, 55.04 * 2);
    assert.deepEqual(d.findings, []);
  });

  it('reports a misspelled resource and an unknown node type, and nothing else it cannot know', () => {
    const { text, analysis } = example('broken-k8s.yaml');
    assert.deepEqual(
      analysis.findings.map((f) => [f.code, slice(text, f.span)]),
      [
        ['unknown-instance', 'p5.48xlarg'],
        ['unknown-resource', 'nvidia.com/gpus'],
      ],
    );
  });

  const pod = (body: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: { name: test }
spec:
  replicas: 1
  template:
    spec:
${body}`;

  it('reads another device of an accelerator vendor beside its GPUs as that device, not as a misspelled GPU', () => {
    // The NVIDIA Network Operator registers nvidia.com/hostdev (an RDMA NIC): multi-node vLLM pods request it with their GPUs.
    const text = pod(`      nodeSelector: { node.kubernetes.io/instance-type: p5.48xlarge }
      containers:
        - name: vllm
          args: ["--model", "meta-llama/Llama-3.1-70B-Instruct", "--tensor-parallel-size", "8"]
          resources: { limits: { nvidia.com/gpu: 8, nvidia.com/hostdev: 1 } }
`);
    const analysis = analyze(text, catalog);
    assert.deepEqual(analysis.findings, []);
    assert.equal(analysis.deployments[0]?.resolution.acceleratorsPerReplica, 8);
    const typo = analyze(text.replace('nvidia.com/gpu: 8', 'nvidia.com/gpus: 8').replace(', nvidia.com/hostdev: 1', ''), catalog);
    const finding = typo.findings.find((f) => f.code === 'unknown-resource');
    assert.equal(finding?.message, 'Unknown resource "nvidia.com/gpus": no device plugin registers it, so no node can take the pod. Did you mean "nvidia.com/gpu"?');
    assert.equal(finding?.severity, 'error');
    assert.equal(typo.deployments[0]?.resolution.acceleratorsPerReplica, 8, 'the misspelled key still says how many were meant');
  });

  it('checks a GGUF checkpoint’s fit at its base model’s precision as an upper bound: info, unless the file names its float format', () => {
    const text = (model: string): string =>
      pod(`      nodeSelector: { node.kubernetes.io/instance-type: g6e.xlarge }
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.10.1
          args: ["--model", "${model}", "--tokenizer", "meta-llama/Llama-3.3-70B-Instruct"]
          resources: { limits: { nvidia.com/gpu: 1 } }
`);
    const fit = (model: string) => analyze(text(model), catalog).findings.find((f) => f.code === 'memory-exceeded');
    const repo = fit('unsloth/Llama-3.3-70B-Instruct-GGUF');
    assert.equal(repo?.severity, 'info');
    assert.equal(
      repo?.message,
      'llama-3.3-70b does not fit: its weights alone are 141 GB at bf16, but 1× NVIDIA L40S GPU offer 43.2 of 48 GB usable (memory utilization 0.9). ' +
        "unsloth/Llama-3.3-70B-Instruct-GGUF is a GGUF checkpoint: its files hold 2- to 16-bit weights, and nothing here says which one runs. The fit is computed at bf16, its base model's precision, an upper bound.",
    );
    assert.ok(fit('unsloth/Llama-3.3-70B-Instruct-GGUF:Q4_K_M')?.message.includes("its file's quantization, Q4_K_M, is a llama.cpp type none of the catalog's precisions describe"));
    // A float GGUF file says its precision: at bf16 the 70B model certainly does not fit.
    assert.equal(fit('unsloth/Llama-3.3-70B-Instruct-GGUF:BF16')?.severity, 'error');
    // The lens and the details say the weights' precision is assumed.
    const deployment = analyze(text('unsloth/Llama-3.3-70B-Instruct-GGUF'), catalog).deployments[0];
    assert.ok(deployment);
    const memory = deploymentLenses(deployment).find((l) => l.kind === 'memory')?.title;
    assert.match(memory ?? '', /^does not fit: needs [\d.]+ of 43\.2 GB · 141 GB weights at bf16 \(assumed for GGUF: an upper bound\) \+ /);
    assert.ok(assumptionLines(deployment).some((line) => line.includes("bf16: assumed — the base model's; unsloth/Llama-3.3-70B-Instruct-GGUF is a GGUF checkpoint")));
  });

  it('reports more accelerators per pod than the node type has', () => {
    const text = pod(`      nodeSelector: { node.kubernetes.io/instance-type: g6e.12xlarge }
      containers:
        - name: vllm
          args: ["--model", "Qwen/Qwen3-32B", "--tensor-parallel-size", "8"]
          resources: { limits: { nvidia.com/gpu: 8 } }
`);
    const finding = analyze(text, catalog).findings.find((f) => f.code === 'accelerators-exceed-instance');
    assert.equal(finding?.message, 'The pod requests 8 accelerators, but g6e.12xlarge has 4: it will never be scheduled.');
    assert.equal(slice(text, finding?.span), '8');
  });

  it('reports a tensor degree that leaves GPUs idle, and vLLM’s default of one GPU', () => {
    const explicit = pod(`      nodeSelector: { node.kubernetes.io/instance-type: p5.48xlarge }
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.10.1
          args: ["--model", "meta-llama/Llama-3.1-70B-Instruct", "--tensor-parallel-size", "4"]
          resources: { limits: { nvidia.com/gpu: 8 } }
`);
    const idle = analyze(explicit, catalog).findings.find((f) => f.code === 'parallelism-mismatch');
    assert.equal(idle?.message, 'tensor × pipeline = 4 × 1 = 4 of the 8 accelerators per replica: 4 would sit idle.');
    const implicit = explicit.replace(', "--tensor-parallel-size", "4"', '');
    const single = analyze(implicit, catalog).findings.find((f) => f.code === 'parallelism-mismatch');
    assert.equal(single?.message, 'tensor × pipeline = 1 × 1 = 1 of the 8 accelerators per replica: 7 would sit idle.');
  });

  it('reports NeuronCores beyond the instance, in NeuronCores', () => {
    const text = pod(`      nodeSelector: { node.kubernetes.io/instance-type: inf2.24xlarge }
      containers:
        - name: neuron
          command: ["sh", "-c", "vllm serve meta-llama/Llama-3.1-8B-Instruct --tensor-parallel-size 24"]
          resources: { limits: { aws.amazon.com/neuroncore: 24 } }
`);
    const findings = analyze(text, catalog).findings;
    assert.deepEqual(findings.map((f) => f.message), ['The pod requests 24 NeuronCores, but inf2.24xlarge has 12 NeuronCores (6 chips): it will never be scheduled.']);
  });

  it('reports a TPU topology that does not match the chips requested', () => {
    const text = pod(`      nodeSelector:
        cloud.google.com/gke-tpu-accelerator: tpu-v6e-slice
        cloud.google.com/gke-tpu-topology: 2x4
      containers:
        - name: jetstream
          resources: { limits: { google.com/tpu: 4 } }
`);
    const finding = analyze(text, catalog).findings.find((f) => f.code === 'tpu-topology');
    assert.equal(finding?.message, 'Topology 2x4 is 8 chips, but 1 host × google.com/tpu 4 = 4.');
    assert.equal(slice(text, finding?.span), '2x4');
  });

  it('reports an accelerator label that contradicts the node type', () => {
    const text = pod(`      nodeSelector:
        node.kubernetes.io/instance-type: a3-highgpu-8g
        cloud.google.com/gke-accelerator: nvidia-l4
      containers:
        - name: vllm
          resources: { limits: { nvidia.com/gpu: 8 } }
`);
    const finding = analyze(text, catalog).findings.find((f) => f.code === 'hardware-contradiction');
    assert.match(finding?.message ?? '', /^nvidia-l4 is NVIDIA L4[^,]*, but a3-highgpu-8g has 8× h100-sxm: the pod cannot be scheduled on both\.$/);
  });

  it('reports a node type not offered in the required region, and a model that does not fit', () => {
    const text = pod(`      nodeSelector:
        node.kubernetes.io/instance-type: g6.xlarge
        topology.kubernetes.io/region: mars-north-1
      containers:
        - name: vllm
          args: ["--model", "meta-llama/Llama-3.1-70B-Instruct"]
          resources: { limits: { nvidia.com/gpu: 1 } }
`);
    const codes = analyze(text, catalog).findings.map((f) => f.code);
    assert.deepEqual(codes.sort(), ['memory-exceeded', 'region-not-offered']);
  });

  it('still prices a deployment whose model it cannot identify, and says how to name it', () => {
    const text = pod(`      nodeSelector: { node.kubernetes.io/instance-type: p5.48xlarge }
      containers:
        - name: custom
          image: registry.example.com/our-server:1.2
          resources: { limits: { nvidia.com/gpu: 4 } }
`);
    const d = analyze(text, catalog).deployments[0];
    assert.equal(d?.resolution.costPerHour, 55.04 / 2, 'half a p5.48xlarge');
    assert.deepEqual(d?.findings.map((f) => f.code), ['model-unidentified']);
    const lenses = d ? deploymentLenses(d).map((l) => l.title) : [];
    assert.equal(lenses[0], '$27.52/h');
    assert.equal(lenses[1], 'speed unknown: no model declared');
    const annotated = text.replace('metadata: { name: test }', 'metadata:\n  name: test\n  annotations: { inference-lens/model: llama-3.1-8b }');
    assert.equal(analyze(annotated, catalog).deployments[0]?.resolution.model?.id, 'llama-3.1-8b');
  });

  it('says the weights’ precision was read from a quantized checkpoint’s name, for a model the catalog lacks', () => {
    const text = pod(`      nodeSelector: { node.kubernetes.io/instance-type: p5.48xlarge }
      containers:
        - name: vllm
          args: ["--model", "nvidia/Llama-3_1-Nemotron-Ultra-253B-v1-FP8", "--tensor-parallel-size", "8"]
          resources: { limits: { nvidia.com/gpu: 8 } }
`);
    const d = analyze(text, catalog).deployments[0];
    assert.ok(d);
    assert.equal(d.resolution.precision, 'fp8');
    assert.deepEqual(assumptionLines(d), ['- **precision** fp8: inferred — from the model name nvidia/Llama-3\\_1-Nemotron-Ultra-253B-v1-FP8']);
    const declared = text.replace('"--tensor-parallel-size"', '"--quantization", "fp8", "--tensor-parallel-size"');
    assert.deepEqual(assumptionLines(analyze(declared, catalog).deployments[0] ?? d).filter((l) => l.includes('from the model name')), []);
  });

  it('tells a SageMaker template without a model where its engine reads one, not a Kubernetes annotation', () => {
    const text = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'real-world', 'nialdaly__sagemaker-bert-endpoint__cfn-endpoint-cpu-ml-t2.yaml'), 'utf8');
    const d = analyze(text, catalog).deployments[0];
    assert.ok(d?.resolution.instance, 'the ml.t2 instance is known, so the missing model is what to say');
    assert.deepEqual(
      d.findings.filter((f) => f.code === 'model-unidentified').map((f) => f.message),
      ['No model found in this manifest, so speed and memory are not estimated. Name it where the serving engine reads it (its --model argument, or HF_MODEL_ID in the container environment).'],
    );
  });

  it('says which accelerator is missing when a pod requests GPUs and leaves the model of GPU to the cluster', () => {
    const text = pod(`      containers:
        - name: vllm
          args: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--tensor-parallel-size", "2"]
          resources: { limits: { nvidia.com/gpu: 2 } }
`);
    const d = analyze(text, catalog).deployments[0];
    assert.ok(d);
    assert.deepEqual(
      d.findings.map((f) => [f.code, f.severity, f.message, slice(text, f.span)]),
      [
        [
          'hardware-unidentified',
          'info',
          'Requests 2 accelerators (nvidia.com/gpu) per pod without saying which accelerator, so cost, speed and memory are not estimated. Name it with a node selector the cluster sets (node.kubernetes.io/instance-type, cloud.google.com/gke-accelerator, nvidia.com/gpu.product), or the annotation inference-lens/instance (e.g. inference-lens/instance: g6e.xlarge).',
          '2',
        ],
      ],
    );
    assert.deepEqual(deploymentLenses(d).map((l) => l.title).slice(0, 2), ['cost unknown: the accelerator model is not named', 'speed unknown: the accelerator model is not named']);
    const pinned = text.replace('      containers:', '      nodeSelector: { cloud.google.com/gke-accelerator: nvidia-l4 }\n      containers:');
    assert.deepEqual(analyze(pinned, catalog).deployments[0]?.findings.map((f) => f.code), []);
  });
});

describe('other formats', () => {
  it('KServe: model from storageUri, GPU from the runtime’s resources, replicas from minReplicas', () => {
    const { deployment: d } = example('kserve-inferenceservice.yaml');
    assert.deepEqual([d.spec.format, d.resolution.model?.id, d.resolution.instance?.id, d.spec.replicas?.value, d.resolution.tensor], ['kserve', 'llama-3.1-8b', 'g6e.xlarge', 1, 1]);
    assert.deepEqual(d.findings, []);
  });

  it('SageMaker: the variant’s ml. instance and count, the model container’s environment through !GetAtt', () => {
    const { text, deployment: d } = example('sagemaker-endpoint.yaml');
    assert.deepEqual([d.spec.format, slice(text, d.spec.instance?.span), d.resolution.instance?.id, d.spec.replicas?.value], ['sagemaker', 'ml.g5.12xlarge', 'ml.g5.12xlarge', 2]);
    assert.deepEqual([d.resolution.model?.id, d.spec.tensor?.value], ['llama-3.1-8b', 4]);
    assert.equal(d.resolution.costPerHour, 2 * 7.09, 'SageMaker’s hosting price for two instances, not EC2’s 5.672 each');
    assert.equal(d.findings.find((f) => f.code === 'no-price'), undefined);
  });

  it('SageMaker: Compare Hardware ranks SageMaker’s own types at SageMaker’s prices, and other manifests never see them', () => {
    const sagemaker = compareHardware(example('sagemaker-endpoint.yaml').deployment, catalog, DEFAULT_ASSUMPTIONS, DEFAULTS);
    assert.ok(sagemaker && sagemaker.options.length > 0);
    assert.ok(sagemaker.options.every((o) => o.instance.id.startsWith('ml.')), sagemaker.options.map((o) => o.instance.id).join());
    const kubernetes = compareHardware(example('k8s-vllm-deployment.yaml').deployment, catalog, DEFAULT_ASSUMPTIONS, DEFAULTS);
    assert.ok(kubernetes && kubernetes.options.length > 0);
    assert.ok(kubernetes.options.every((o) => !o.instance.id.startsWith('ml.')));
  });

  it('SageMaker: an ml. type the catalog has no SageMaker price for runs on its EC2 hardware, with cost unknown', () => {
    const text = readFileSync(join(EXAMPLES, 'sagemaker-endpoint.yaml'), 'utf8').replaceAll('ml.g5.12xlarge', 'ml.p5e.48xlarge');
    const d = analyze(text, catalog).deployments[0];
    assert.equal(d?.resolution.instance?.id, 'p5e.48xlarge');
    assert.equal(d?.resolution.costPerHour, undefined, 'an EC2 price would understate what SageMaker bills');
    assert.match(d?.findings.find((f) => f.code === 'no-price')?.message ?? '', /^SageMaker bills ml\.p5e\.48xlarge at its own prices, which the catalog does not have/);
  });

  it('SkyPilot: accelerators H100:8 on AWS infer p5.48xlarge; the model from envs through the run script', () => {
    const { text, deployment: d } = example('skypilot-task.yaml');
    assert.deepEqual([d.spec.format, slice(text, d.spec.accelerator?.span), d.spec.acceleratorsPerPod?.value, d.resolution.instance?.id], ['skypilot', 'H100', 8, 'p5.48xlarge']);
    assert.deepEqual([d.resolution.model?.id, d.spec.tensor?.value, d.spec.replicas?.value, d.resolution.region], ['llama-3.3-70b', 8, 2, 'us-east-1']);
    assert.deepEqual(d.findings, []);
  });

  it('Ray Serve LLM: each llm_config, accelerator type, engine kwargs and autoscaling', () => {
    const { deployment: d } = example('ray-serve-llm.yaml');
    assert.deepEqual([d.spec.format, d.resolution.model?.id, d.resolution.chip?.id, d.resolution.tensor, d.spec.replicas?.value], ['ray-serve', 'qwen3-32b', 'l40s', 4, 1]);
  });

  it('KubeRay: the serve config embedded as a string, with spans in the manifest', () => {
    const { text, deployment: d } = example('kuberay-rayservice.yaml');
    assert.equal(d.resolution.model?.id, 'llama-3.1-8b');
    assert.equal(d.resolution.chip?.id, 'l4');
    assert.equal(slice(text, d.spec.accelerator?.span), 'L4');
  });

  it('vLLM production-stack values: modelSpec entries with GPUs, replicas and the node type', () => {
    const { deployment: d } = example('vllm-production-stack-values.yaml');
    assert.deepEqual([d.spec.format, d.resolution.model?.id, d.resolution.instance?.id, d.spec.replicas?.value, d.resolution.tensor], ['vllm-helm', 'llama-3.1-8b', 'g6e.xlarge', 2, 1]);
  });

  it('leaves unrelated YAML alone: a workflow, a Chart.yaml, a ConfigMap', () => {
    for (const name of ['ci-workflow.yaml', 'Chart.yaml', 'configmap.yaml']) {
      const analysis = analyze(readFileSync(join(EXAMPLES, 'unrelated', name), 'utf8'), catalog);
      assert.deepEqual([analysis.deployments.length, analysis.findings], [0, []], name);
    }
  });

  it('names the span of a value read from a container command', () => {
    const { text, deployment: d } = example('k8s-tpu-v6e.yaml');
    assert.deepEqual(d.spec.model?.span, spanOf(text, 'meta-llama/Llama-3.1-8B-Instruct'));
  });
});
