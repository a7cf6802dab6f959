// Reading real-world manifests as people write them: quantization settings, variables,
// option spellings, CloudFormation parameters, node labels, SkyPilot's optimizer, Helm
// values and broken manifests. Each case is a small manifest in the shape of the public
// files in test/fixtures/real-world/, checked for values, spans, provenance and findings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { AnalysisCache, analyze, type AnalyzedDeployment } from '../../server/src/core/engine/analyze';
import { fixOptions } from '../../server/src/core/findings';
import { deploymentHints, deploymentLenses, estimateDetails } from '../../server/src/core/present/estimates';
import { at, shown } from '../helpers/shown';
import { readOne } from '../helpers/readOne';

const catalog = loadCatalog(BUNDLED_CATALOG).catalog;

const read = (text: string): AnalyzedDeployment => readOne(text, catalog);


const errors = (d: AnalyzedDeployment): string[] => d.findings.filter((f) => f.severity === 'error').map((f) => f.code);

function pod(container: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm
spec:
  replicas: 1
  template:
    spec:${extra}
      containers:
      - name: server
${container}`;
}

describe('quantization settings', () => {
  it("reads TGI's QUANTIZE environment variable as the weights precision, inferred from that text", () => {
    const text = pod(`        image: ghcr.io/huggingface/text-generation-inference:2.0
        resources:
          limits:
            nvidia.com/gpu: "2"
        env:
        - name: MODEL_ID
          value: meta-llama/Llama-2-70b-chat-hf
        - name: NUM_SHARD
          value: "2"
        - name: QUANTIZE
          value: bitsandbytes-nf4`, `
      nodeSelector:
        cloud.google.com/gke-accelerator: nvidia-l4`);
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.precision), { value: 'int4', origin: 'inferred', span: 'bitsandbytes-nf4', sources: ['bitsandbytes-nf4'] });
    assert.deepEqual(shown(text, d.spec.tensor), { value: 2, origin: 'declared', span: '2' });
    assert.deepEqual(shown(text, d.spec.model), { value: 'meta-llama/Llama-2-70b-chat-hf', origin: 'declared', span: 'meta-llama/Llama-2-70b-chat-hf' });
    assert.equal(d.resolution.precision, 'int4');
    assert.deepEqual(errors(d), [], 'a 70B model at 4 bits fits two L4s');
  });

  it("reads TGI's plain bitsandbytes as 8-bit, and vLLM's as 4-bit", () => {
    const tgi = pod(`        image: ghcr.io/huggingface/text-generation-inference:2.0
        args: [--model-id, google/gemma-7b, --quantize, bitsandbytes]`);
    assert.equal(read(tgi).spec.precision?.value, 'int8');
    const vllm = pod(`        image: vllm/vllm-openai:latest
        args: [--model, google/gemma-7b, --quantization, bitsandbytes]`);
    assert.equal(read(vllm).spec.precision?.value, 'int4');
  });

  it("reads TGI's --quantize flag and vLLM's --quantization and --kv-cache-dtype", () => {
    const tgi = pod(`        image: ghcr.io/huggingface/text-generation-inference:2.0
        args: [--model-id, google/gemma-7b, --quantize=awq]`);
    assert.deepEqual(shown(tgi, read(tgi).spec.precision), { value: 'int4', origin: 'inferred', span: 'awq', sources: ['awq'] });
    const vllm = pod(`        image: vllm/vllm-openai:latest
        args: [--model, meta-llama/Llama-3.1-8B-Instruct, --quantization, fp8, --kv-cache-dtype, fp8_e5m2]`);
    const d = read(vllm);
    assert.deepEqual(shown(vllm, d.spec.precision), { value: 'fp8', origin: 'inferred', span: 'fp8', sources: ['fp8'] });
    assert.deepEqual(shown(vllm, d.spec.kvCachePrecision), { value: 'fp8', origin: 'inferred', span: 'fp8_e5m2', sources: ['fp8_e5m2'] });
  });
});

describe('variables', () => {
  it('expands Kubernetes $(VAR) in args from the container env, editable at the definition', () => {
    const text = pod(`        image: vllm/vllm-openai:latest
        args: ["--model=$(MODEL)", "--tensor-parallel-size=$(TP)"]
        env:
        - name: MODEL
          value: meta-llama/Llama-3.1-8B-Instruct
        - name: TP
          value: "4"`);
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.tensor), { value: 4, origin: 'inferred', span: '$(TP)', sources: ['4'], editable: '4' });
    assert.equal(d.spec.model?.value, 'meta-llama/Llama-3.1-8B-Instruct');
    assert.deepEqual(d.spec.unresolved ?? [], []);
  });

  it('evaluates $(( a * b )) over known values (inferred from each operand, editable nowhere); an unknown operand stays unresolved', () => {
    const script = (tp: string): string =>
      pod(`        image: vllm/vllm-openai:latest
        command: ["/bin/sh", "-c"]
        args: ["vllm serve Qwen/Qwen2.5-7B-Instruct --tensor-parallel-size ${tp}"]
        env:
        - name: GPUS
          value: "4"
        - name: NODES
          value: "2"`);
    const known = script('$((GPUS * NODES))');
    const d = read(known);
    assert.deepEqual(shown(known, d.spec.tensor), { value: 8, origin: 'inferred', span: '$((GPUS * NODES))', sources: ['4', '2'] });
    assert.match(d.spec.tensor?.origin === 'inferred' ? d.spec.tensor.reason : '', /\$GPUS = 4, \$NODES = 2/);
    const unknown = script('$((GPUS * OTHER))');
    const u = read(unknown);
    assert.equal(u.spec.tensor, undefined, 'never a silent 1');
    assert.deepEqual(u.spec.unresolved?.map((v) => [v.field, v.text]), [['tensor', '$((GPUS * OTHER))']]);
    assert.deepEqual(u.findings.filter((f) => f.code === 'value-unresolved').map((f) => f.severity), ['info']);
  });
});

describe('spellings', () => {
  it("reads vLLM's underscore spellings, -tp and --opt=value", () => {
    const text = pod(`        image: vllm/vllm-openai:latest
        command: ["sh", "-c", "python3 -m vllm.entrypoints.openai.api_server --model meta-llama/Llama-3.1-8B-Instruct --tensor_parallel_size 4 --pipeline_parallel_size=2"]`);
    const d = read(text);
    assert.deepEqual([shown(text, d.spec.tensor), shown(text, d.spec.pipeline)], [
      { value: 4, origin: 'declared', span: '4' },
      { value: 2, origin: 'declared', span: '2' },
    ]);
    const tp = pod(`        image: vllm/vllm-openai:latest
        args: [--model, meta-llama/Llama-3.1-8B-Instruct, -tp, "2"]`);
    assert.equal(read(tp).spec.tensor?.value, 2);
  });

  it("takes a context vLLM is told to stretch (--rope-scaling, a rope override, VLLM_ALLOW_LONG_MAX_MODEL_LEN) as said, not as an error", () => {
    const llama3 = (extra: string, env = ''): string =>
      pod(
        `        image: vllm/vllm-openai:latest
        args: ["--model", "meta-llama/Meta-Llama-3-8B-Instruct", "--max-model-len", "32768"${extra}]${env}
        resources:
          limits:
            nvidia.com/gpu: 1`,
        `
      nodeSelector:
        node.kubernetes.io/instance-type: g6e.xlarge`,
      );
    const plain = read(llama3(''));
    assert.deepEqual(
      plain.findings.filter((f) => f.code === 'context-too-long').map((f) => [f.severity, f.message]),
      [['error', 'The context declared here is 32,768 tokens, but llama-3-8b supports at most 8,192.']],
    );
    const cases = [
      [llama3(', "--rope-scaling", \'{"rope_type":"dynamic","factor":4.0}\''), '--rope-scaling'],
      [llama3(', "--hf-overrides", \'{"rope_scaling":{"rope_type":"yarn","factor":4.0}}\''), '--hf-overrides'],
      [llama3('', '\n        env:\n        - name: VLLM_ALLOW_LONG_MAX_MODEL_LEN\n          value: "1"'), 'VLLM_ALLOW_LONG_MAX_MODEL_LEN'],
    ] as const;
    for (const [text, how] of cases) {
      const d = read(text);
      const found = d.findings.filter((f) => f.code === 'context-too-long');
      assert.deepEqual(
        found.map((f) => [f.severity, f.message]),
        [['info', `The context declared here (32,768 tokens) is beyond the 8,192 tokens llama-3-8b was trained for; ${how} stretches it, so how well it holds beyond that is the model's own.`]],
        how,
      );
      assert.equal(found[0]?.fix, undefined, 'nothing to fix');
    }
  });

  it("reads TensorRT-LLM's trtllm-serve, whose default tensor degree is 1", () => {
    const written = pod(`        image: nvcr.io/nvidia/tensorrt-llm/release:1.0.0
        command: ["trtllm-serve", "meta-llama/Llama-3.1-70B-Instruct", "--tp_size", "4"]`);
    const d = read(written);
    assert.deepEqual([d.spec.model?.value, shown(written, d.spec.tensor)], ['meta-llama/Llama-3.1-70B-Instruct', { value: 4, origin: 'declared', span: '4' }]);
    const unwritten = read(pod(`        image: nvcr.io/nvidia/tensorrt-llm/release:1.0.0
        command: ["trtllm-serve", "Qwen/Qwen2.5-7B-Instruct"]`));
    assert.deepEqual([unwritten.spec.tensor?.value, unwritten.spec.tensor?.origin], [1, 'implied']);
    assert.match(unwritten.spec.tensor?.origin === 'implied' ? unwritten.spec.tensor.reason : '', /TensorRT-LLM's default tensor parallel size/);
  });

  it('reads `args: [serve, MODEL]` to the vLLM image without taking `serve` for the model', () => {
    const text = pod(`        image: vllm/vllm-openai:v0.9.0
        args: [serve, Qwen/Qwen2.5-7B-Instruct, --tensor-parallel-size, "2"]`);
    const d = read(text);
    assert.deepEqual([at(text, d.spec.model?.span), d.spec.tensor?.value], ['Qwen/Qwen2.5-7B-Instruct', 2]);
  });

  it("reads NVIDIA NIM's NIM_MODEL_NAME and NIM_TENSOR_PARALLEL_SIZE", () => {
    const text = pod(`        image: nvcr.io/nim/nvidia/llm-nim:1.14
        resources:
          limits:
            nvidia.com/gpu: "8"
        env:
        - name: NIM_TENSOR_PARALLEL_SIZE
          value: "2"
        - name: NIM_MODEL_NAME
          value: "hf://google/gemma-3-27b-it"`);
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.tensor), { value: 2, origin: 'declared', span: '2' });
    assert.deepEqual([d.spec.model?.value, at(text, d.spec.model?.span)], ['google/gemma-3-27b-it', 'google/gemma-3-27b-it']);
  });

  it("reads SGLang's --tp and skips --dp's value", () => {
    const text = pod(`        image: lmsysorg/sglang:latest
        command: ["python3", "-m", "sglang.launch_server", "--model-path", "Qwen/Qwen2.5-7B-Instruct", "--dp", "2", "--tp", "4"]`);
    const d = read(text);
    assert.deepEqual([d.spec.model?.value, d.spec.tensor?.value], ['Qwen/Qwen2.5-7B-Instruct', 4]);
  });
});

describe('parallelism on GPUs of an unstated type', () => {
  it('says tensor 4 on one requested GPU cannot run, even when the GPU type is not stated', () => {
    const text = pod(`        image: vllm/vllm-openai:latest
        args: [--model, meta-llama/Llama-3.1-8B-Instruct, --tensor-parallel-size, "4"]
        resources:
          limits:
            nvidia.com/gpu: "1"`);
    const d = read(text);
    assert.equal(d.resolution.chip, undefined);
    const finding = d.findings.find((f) => f.code === 'parallelism-mismatch');
    assert.deepEqual([finding?.severity, at(text, finding?.span)], ['error', '4']);
  });
});

describe('replicas', () => {
  it('reads `replicas: 0` as 0, not 1', () => {
    const text = pod(`        image: vllm/vllm-openai:latest
        args: [--model, meta-llama/Llama-3.1-8B-Instruct]
        resources:
          limits:
            nvidia.com/gpu: "1"`).replace('replicas: 1', 'replicas: 0');
    const d = read(text);
    assert.deepEqual([d.spec.replicas?.value, d.resolution.replicas], [0, 0]);
    assert.deepEqual(errors(d), []);
  });
});

/** A SageMaker endpoint template with an instance-type parameter, a count parameter and a mapping. */
const sageMakerTemplate = (instance: string, extra = ''): string => `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  SageMakerInstanceType:
    Type: String
    Default: ml.g5.2xlarge
    AllowedValues:
      - ml.g5.2xlarge
      - ml.g5.12xlarge
  Count:
    Type: Number
    Default: 2
Mappings:
  Sizes:
    Large:
      Type: ml.g5.12xlarge
${extra}Resources:
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      PrimaryContainer:
        Environment:
          HF_MODEL_ID: meta-llama/Llama-3.1-8B-Instruct
  Config:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants:
        - VariantName: main
          ModelName: !GetAtt Model.ModelName
          InstanceType: ${instance}
          InitialInstanceCount: !Ref Count
`;

describe('CloudFormation parameters', () => {

  it('resolves `!Ref Param` to its Default: inferred, editable at the Default, allowed values in the reason', () => {
    const text = sageMakerTemplate('!Ref SageMakerInstanceType');
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.instance), {
      value: 'ml.g5.2xlarge',
      origin: 'inferred',
      span: '!Ref SageMakerInstanceType',
      sources: ['ml.g5.2xlarge'],
      editable: 'ml.g5.2xlarge',
    });
    assert.match(d.spec.instance?.origin === 'inferred' ? d.spec.instance.reason : '', /Default of parameter SageMakerInstanceType; allowed: ml\.g5\.2xlarge, ml\.g5\.12xlarge$/);
    assert.equal(d.resolution.instance?.id, 'ml.g5.2xlarge');
    assert.deepEqual(shown(text, d.spec.replicas), { value: 2, origin: 'inferred', span: '!Ref Count', sources: ['2'], editable: '2' });
    assert.deepEqual(errors(d), []);
  });

  it('reads !FindInMap with literal keys and !Sub over defaults; a parameter without a default is unresolved, never guessed', () => {
    const map = sageMakerTemplate('!FindInMap [Sizes, Large, Type]');
    assert.deepEqual(shown(map, read(map).spec.instance), {
      value: 'ml.g5.12xlarge',
      origin: 'inferred',
      span: '!FindInMap [Sizes, Large, Type]',
      sources: ['ml.g5.12xlarge'],
      editable: 'ml.g5.12xlarge',
    });
    const sub = sageMakerTemplate("!Sub 'ml.g5.${Size}'", '').replace('Mappings:', 'Mappings:').replace('  Count:', '  Size:\n    Type: String\n    Default: 12xlarge\n  Count:');
    const s = read(sub);
    assert.deepEqual(shown(sub, s.spec.instance), { value: 'ml.g5.12xlarge', origin: 'inferred', span: "!Sub 'ml.g5.${Size}'", sources: ['12xlarge'] });
    const open = sageMakerTemplate('!Ref Unset');
    const u = read(open);
    assert.equal(u.spec.instance, undefined);
    assert.deepEqual(u.spec.unresolved?.map((v) => [v.field, v.text]), [['instance', '!Ref Unset']]);
    assert.deepEqual(errors(u), []);
  });

  it('says a SageMaker CPU type is real: listed ones resolve, others are an info, never an unknown-instance error', () => {
    const listed = read(sageMakerTemplate('ml.t2.medium'));
    assert.equal(listed.resolution.instance?.id, 'ml.t2.medium');
    assert.equal(listed.findings.find((f) => f.code === 'unknown-instance'), undefined);
    const d = read(sageMakerTemplate('ml.c5.9xlarge'));
    const finding = d.findings.find((f) => f.code === 'unknown-instance');
    assert.deepEqual([finding?.severity, finding?.message], ['info', '"ml.c5.9xlarge" is a CPU instance type the catalog does not list: no accelerator, price or estimate for it.']);
    assert.deepEqual(errors(d), []);
  });
});

describe('hardware from node labels and affinity', () => {
  const gpus = (selector: string, count = 8): string =>
    pod(`        image: vllm/vllm-openai:latest
        args: [--model, meta-llama/Llama-3.1-8B-Instruct]
        resources:
          limits:
            nvidia.com/gpu: "${count}"`, `
${selector}`);

  it('reads GPU feature discovery’s product label; a product the catalog lacks is an info, never an error', () => {
    const known = gpus(`      nodeSelector:
        nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3`);
    const d = read(known);
    assert.deepEqual([d.resolution.chip?.id, shown(known, d.spec.accelerator)], ['h100-sxm', { value: 'NVIDIA-H100-80GB-HBM3', origin: 'declared', span: 'NVIDIA-H100-80GB-HBM3' }]);
    const unknown = read(gpus(`      nodeSelector:
        nvidia.com/gpu.product: NVIDIA-Imaginary-GPU`));
    const finding = unknown.findings.find((f) => f.code === 'unknown-accelerator');
    assert.deepEqual([finding?.severity, finding?.message], ['info', 'The catalog does not know the nvidia.com/gpu.product value "NVIDIA-Imaginary-GPU": the accelerator stays unknown.']);
  });

  it("reads AMD's node labeller product label, the chip without its OAM form factor, inferred from the label", () => {
    const text = pod(
      `        image: rocm/vllm:latest
        args: ["--model", "meta-llama/Llama-3.1-70B-Instruct", "--tensor-parallel-size", "8"]
        resources:
          limits:
            amd.com/gpu: 8`,
      `
      nodeSelector:
        amd.com/gpu.product-name: AMD_Instinct_MI300X_OAM`,
    );
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.accelerator), {
      value: 'AMD_Instinct_MI300X',
      origin: 'inferred',
      span: 'AMD_Instinct_MI300X_OAM',
      sources: ['AMD_Instinct_MI300X_OAM'],
    });
    assert.deepEqual([d.resolution.chip?.id, d.resolution.acceleratorsPerReplica, errors(d)], ['mi300x', 8, []]);
  });

  it('takes GKE’s nvidia-h100-mega-80gb to A3 Mega, not A3 High', () => {
    const mega = read(gpus(`      nodeSelector:
        cloud.google.com/gke-accelerator: nvidia-h100-mega-80gb`));
    assert.deepEqual([mega.resolution.chip?.id, mega.resolution.instance?.id, mega.resolution.instanceInferred], ['h100-sxm', 'a3-megagpu-8g', true]);
    const high = read(gpus(`      nodeSelector:
        cloud.google.com/gke-accelerator: nvidia-h100-80gb`));
    assert.equal(high.resolution.instance?.id, 'a3-highgpu-8g');
  });

  it('reads a multi-host TPU slice as one slice: v5e 4x4 over 4 pods of 4 chips is v5litepod-16', () => {
    const text = `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: vllm
spec:
  replicas: 2
  leaderWorkerTemplate:
    size: 4
    workerTemplate:
      spec:
        nodeSelector:
          cloud.google.com/gke-tpu-accelerator: tpu-v5-lite-podslice
          cloud.google.com/gke-tpu-topology: 4x4
        containers:
          - name: vllm
            image: vllm/vllm-tpu:latest
            command: ["sh", "-c", "vllm serve meta-llama/Llama-3.3-70B-Instruct --tensor-parallel-size=16"]
            resources:
              limits:
                google.com/tpu: "4"
`;
    const d = read(text);
    assert.deepEqual([d.resolution.instance?.id, d.resolution.acceleratorsPerReplica, d.resolution.instancesPerReplica, d.resolution.tensor], ['v5litepod-16', 16, 1, 16]);
    // The slice is the one the topology names, not a pick among machines.
    assert.ok(estimateDetails(d, catalog).includes('- **Instance** v5litepod-16: the slice of 16 × TPU v5e the topology 4x4 names'));
    assert.deepEqual(errors(d), []);
  });

  it('reads Karpenter’s instance family, GPU name and capacity type (spot, inferred from the label)', () => {
    const text = gpus(`      nodeSelector:
        karpenter.k8s.aws/instance-family: g5
        karpenter.k8s.aws/instance-gpu-name: a10g
        karpenter.sh/capacity-type: spot`, 1);
    const d = read(text);
    assert.deepEqual([d.resolution.chip?.id, d.resolution.instance?.id?.startsWith('g5.'), d.resolution.pricing], ['a10g', true, 'spot']);
    assert.deepEqual(shown(text, d.spec.pricing), { value: 'spot', origin: 'inferred', span: 'spot', sources: ['spot'] });
  });

  it('takes the chip from a Karpenter instance family alone when all its machines carry the same one, and says the machine is assumed', () => {
    const family = (name: string, count: number): AnalyzedDeployment =>
      read(
        gpus(
          `      nodeSelector:
        karpenter.k8s.aws/instance-family: ${name}`,
          count,
        ),
      );
    const g6e = family('g6e', 4);
    assert.deepEqual([g6e.resolution.chip?.id, g6e.resolution.instance?.id, g6e.resolution.instanceInferred], ['l40s', 'g6e.12xlarge', true]);
    assert.deepEqual(g6e.findings.map((f) => f.code).filter((code) => code === 'hardware-unidentified'), []);
    const catalogPrice = catalog.instance('g6e.12xlarge')?.prices?.find((p) => p.pricing === 'on-demand' && p.region === g6e.resolution.region)?.usdPerHour;
    assert.equal(g6e.estimate?.costPerHour, catalogPrice);
    assert.ok(
      estimateDetails(g6e, catalog).includes(
        '- **Instance** g6e.12xlarge: assumed — the cheapest catalog machine holding 4 × L40S (in the g6e family the node labels name); the cluster may place the pod on another',
      ),
    );
    // Four of a p5's eight H100s: the pod pays for half of the machine.
    const p5 = family('p5', 4);
    assert.deepEqual([p5.resolution.chip?.id, p5.resolution.instance?.id, p5.resolution.instancesPerReplica], ['h100-sxm', 'p5.48xlarge', 0.5]);
    // A family the catalog does not have names no chip.
    assert.deepEqual(family('nosuchfamily', 1).findings.map((f) => f.code), ['hardware-unidentified']);
  });

  it('takes an instance-type label the catalog lacks for a real machine it does not list, and a misspelt one for an error', () => {
    const labelled = (type: string): AnalyzedDeployment =>
      read(
        gpus(
          `      nodeSelector:
        node.kubernetes.io/instance-type: ${type}`,
          1,
        ),
      );
    for (const real of ['p3.2xlarge', 'n1-standard-8', 'Standard_NC6s_v3']) {
      const finding = labelled(real).findings.find((f) => f.code === 'unknown-instance');
      assert.deepEqual(
        [finding?.severity, finding?.message.split(' (describe')[0]],
        ['info', `The catalog does not list the instance type "${real}": no accelerator, price or estimate for it`],
        real,
      );
    }
    const typo = labelled('p5.48xlage').findings.find((f) => f.code === 'unknown-instance');
    assert.deepEqual([typo?.severity, typo?.message], ['error', 'Unknown instance type "p5.48xlage". Did you mean "p5.48xlarge", "p5.4xlarge", "p5e.48xlarge"?']);
  });

  it('reads an AKS agent pool SKU from the instance-type label, on Azure', () => {
    const text = gpus(`      nodeSelector:
        node.kubernetes.io/instance-type: Standard_NC40ads_H100_v5`, 1);
    const d = read(text);
    assert.deepEqual([d.spec.provider, d.resolution.instance?.id, d.resolution.chip?.id], ['azure', 'standard_nc40ads_h100_v5', 'h100-nvl']);
    assert.deepEqual(errors(d), []);
  });

  it('takes the first value of a required affinity `In` list and says so', () => {
    const text = gpus(`      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - key: cloud.google.com/gke-accelerator
                operator: In
                values: [nvidia-l4, nvidia-tesla-a100]`, 1);
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.accelerator), {
      value: 'nvidia-l4',
      origin: 'inferred',
      span: 'nvidia-l4',
      sources: ['[nvidia-l4, nvidia-tesla-a100]'],
      editable: 'nvidia-l4',
    });
    assert.equal(d.resolution.chip?.id, 'l4');
  });

  it('reads a script after `bash -exc`, and counts a Neuron image’s parallelism in NeuronCores', () => {
    const text = pod(`        image: public.ecr.aws/neuron/pytorch-inference-vllm-neuronx:0.9.1
        command:
          - /bin/bash
          - "-exc"
          - |
            vllm serve $MODEL_ID \\
              --tensor-parallel-size 32
        env:
        - name: MODEL_ID
          value: "Qwen/Qwen3-32B"`);
    const d = read(text);
    assert.deepEqual([d.spec.model?.value, d.spec.tensor?.value, d.spec.parallelUnit], ['Qwen/Qwen3-32B', 32, 'neuron-core']);
  });
});

describe('broken manifests', () => {
  const deployment = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: sglang
spec:
  template:
    spec:
      containers:
      - name: server
        image: lmsysorg/sglang:latest
        command:
        - /bin/bash
<<<<<<< HEAD
=======
>>>>>>> origin/main
        resources:
          limits:
            nvidia.com/gpu: "8"
`;

  it('reports a serving manifest with merge-conflict markers as yaml-syntax errors at the markers', () => {
    const analysis = analyze(deployment, catalog);
    assert.deepEqual(analysis.deployments, []);
    const syntax = analysis.findings.filter((f) => f.code === 'yaml-syntax');
    assert.ok(syntax.length > 0);
    assert.ok(syntax.every((f) => f.severity === 'error'));
    assert.equal(deployment.slice(syntax[0]!.span.start, syntax[0]!.span.start + 12), '<<<<<<< HEAD');
  });

  it('reports duplicate keys in a vLLM pod', () => {
    const text = pod(`        image: vllm/vllm-openai:latest
        image: vllm/vllm-openai:v0.9.0
        args: [--model, meta-llama/Llama-3.1-8B-Instruct]`);
    const syntax = analyze(text, catalog).findings.filter((f) => f.code === 'yaml-syntax');
    assert.deepEqual(
      syntax.map((f) => [f.severity, f.span.start]),
      [['error', text.lastIndexOf('image: vllm/vllm-openai:v0.9.0')]],
    );
  });

  it('takes a Helm template for a template: one note at its first action, no false syntax error', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "vllm.fullname" . }}
spec:
  template:
    spec:
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: vllm
          image: vllm/vllm-openai:latest
          resources:
            limits:
              nvidia.com/gpu: {{ .Values.gpus }}
`;
    const { deployments, findings } = analyze(text, catalog);
    assert.deepEqual(deployments, []);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, at(text, f.span), f.message]),
      [
        [
          'template-unrendered',
          'info',
          '{{ include "vllm.fullname" . }}',
          'This document is a template ({{ include "vllm.fullname" . }}): it is not YAML until rendered, so it is not checked here. Check the rendered manifests (for Helm, the output of helm template).',
        ],
      ],
    );
  });

  it('leaves broken YAML that is not a deployment alone, even when it mentions a GPU', () => {
    const text = `name: ci
on: push
jobs:
  build:
    runs-on: gpu
    steps: [ { run: echo nvidia.com/gpu }
`;
    assert.deepEqual(analyze(text, catalog).findings, []);
  });
});

describe('SkyPilot resources', () => {
  const task = (resources: string): string => `name: serve
resources:
${resources}
run: |
  vllm serve meta-llama/Llama-3.1-8B-Instruct --tensor-parallel-size $SKYPILOT_NUM_GPUS_PER_NODE
`;

  it('says a cloud the catalog does not cover is not checked: an info, never a region error on another cloud', () => {
    const text = task(`  infra: nebius/eu-north1
  accelerators: H100:1`);
    const d = read(text);
    assert.deepEqual([d.spec.region?.value, at(text, d.spec.region?.span)], ['eu-north1', 'eu-north1']);
    assert.equal(d.resolution.instance, undefined);
    const note = d.findings.find((f) => f.code === 'region-not-offered');
    assert.deepEqual([note?.severity, note?.message, at(text, note?.span)], ['info', 'The catalog does not cover nebius: no instance, price or region is checked there.', 'eu-north1']);
    assert.deepEqual(errors(d), []);
  });

  it('reads the region of `infra: cloud/region` at its own text', () => {
    const text = task(`  infra: gcp/us-central1
  accelerators: L4:1`);
    const d = read(text);
    assert.deepEqual([shown(text, d.spec.region), d.resolution.instance?.provider], [{ value: 'us-central1', origin: 'declared', span: 'us-central1' }, 'gcp']);
  });

  it('takes the cheapest of several accelerator candidates, as SkyPilot\'s optimizer does, and says it was a pick from the set', () => {
    const text = task(`  accelerators: {L4:1, A10G:1}`);
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.accelerator), {
      value: 'L4',
      origin: 'inferred',
      span: 'L4',
      sources: ['{L4:1, A10G:1}'],
      editable: 'L4',
    });
    assert.equal(
      d.spec.accelerator?.origin === 'inferred' ? d.spec.accelerator.reason : '',
      "the cheapest of the 2 candidates SkyPilot's optimizer chooses from (L4:1: g2-standard-4 at $0.70/h; A10G:1: g5.xlarge at $1.01/h)",
    );
    assert.deepEqual(shown(text, d.spec.acceleratorsPerPod), { value: 1, origin: 'inferred', span: '1', sources: ['{L4:1, A10G:1}'], editable: '1' });
  });

  it("reads SkyPilot's TPU slice names as the slice: tpu-v6e-8 is v6e-8, located after the prefix", () => {
    const text = task(`  accelerators: tpu-v6e-8`);
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.instance), { value: 'v6e-8', origin: 'declared', span: 'v6e-8' });
    assert.deepEqual([d.spec.accelerator, d.resolution.instance?.id, d.resolution.chip?.id, d.resolution.acceleratorsPerReplica], [undefined, 'v6e-8', 'tpu-v6e', 8]);
    assert.deepEqual(errors(d), []);
  });

  it('says an impossible request is an error naming what exists: 16 H100 on one node', () => {
    const text = task(`  cloud: aws
  accelerators: H100:16`);
    const d = read(text);
    const finding = d.findings.find((f) => f.code === 'hardware-contradiction');
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /^No machine on AWS has 16× .*H100.* on one node: the most is 8 \(p5\.48xlarge.*\)\. Ask for 8 per node and more nodes\.$/);
    assert.equal(at(text, finding?.span), '16');
  });
});

describe('Helm values', () => {
  const values = (extra: string): string => `servingEngineSpec:
${extra}  modelSpec:
  - name: "llama"
    modelURL: "meta-llama/Llama-3.1-8B-Instruct"
    replicaCount: 1
    requestGPU: 1
    vllmConfig:
      tensorParallelSize: 1
      pipelineParallelSize: 2
    raySpec:
      enabled: true
`;

  it('reads a Ray cluster of production-stack: a head and workers of requestGPU each carry tensor × pipeline (inferred)', () => {
    const text = values('');
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.podsPerReplica), { value: 2, origin: 'inferred', span: 'true', sources: ['1', '2', '1'] });
    assert.deepEqual([d.resolution.acceleratorsPerReplica, d.resolution.pipeline], [2, 2]);
  });

  it('deploys nothing when the serving engine is switched off', () => {
    assert.deepEqual(analyze(values('  enableEngine: false\n'), catalog).deployments, []);
  });
});

describe('model names of runtimes', () => {
  it('reads a KServe model stored under its Hugging Face id with -- for /', () => {
    const text = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: llama
spec:
  predictor:
    model:
      modelFormat:
        name: huggingface
      resources:
        limits:
          nvidia.com/gpu: "1"
      storageUri: s3://\${bucket}/models/meta-llama--Meta-Llama-3.1-8B-Instruct
`;
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.model), {
      value: 'meta-llama/Meta-Llama-3.1-8B-Instruct',
      origin: 'inferred',
      span: 's3://${bucket}/models/meta-llama--Meta-Llama-3.1-8B-Instruct',
      sources: ['s3://${bucket}/models/meta-llama--Meta-Llama-3.1-8B-Instruct'],
    });
    assert.equal(d.resolution.model?.id, 'llama-3.1-8b');
  });

  it('reads a KServe model from a checkpoint folder named for a model of a stated size, in any store', () => {
    const isvc = (uri: string): string => `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: llm
spec:
  predictor:
    model:
      modelFormat:
        name: huggingface
      storageUri: ${uri}
      resources:
        limits:
          nvidia.com/gpu: "1"
`;
    const cases = [
      ['s3://my-bucket/models/Meta-Llama-3.1-8B-Instruct', 'Meta-Llama-3.1-8B-Instruct', 'llama-3.1-8b'],
      ['gs://bucket/llama3/Llama-3.1-8B-Instruct/', 'Llama-3.1-8B-Instruct', 'llama-3.1-8b'],
      ['pvc://model-pvc/Qwen2.5-7B-Instruct', 'Qwen2.5-7B-Instruct', 'qwen2.5-7b'],
      ['oci://registry.example.com/models/qwen2.5-7b:v1', 'qwen2.5-7b', 'qwen2.5-7b'],
    ] as const;
    for (const [uri, folder, id] of cases) {
      const text = isvc(uri);
      const d = read(text);
      assert.deepEqual(shown(text, d.spec.model), { value: folder, origin: 'inferred', span: folder, sources: [uri] }, uri);
      assert.equal(d.resolution.model?.id, id, uri);
    }
    // A folder that names no model of a size is not taken for one.
    assert.equal(read(isvc('gs://kfserving-examples/models/sklearn/1.0/model')).spec.model, undefined);
  });

  it("reads a KServe NIM runtime's model from its modelFormat name, inferred and not editable", () => {
    const text = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: llama
spec:
  predictor:
    model:
      modelFormat:
        name: nvidia-nim-llama-3.1-70b-instruct
      resources:
        limits:
          nvidia.com/gpu: "2"
      runtime: nvidia-nim-llama-3.1-70b-instruct-1.1.0
`;
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.model), {
      value: 'llama-3.1-70b-instruct',
      origin: 'inferred',
      span: 'nvidia-nim-llama-3.1-70b-instruct',
      sources: ['nvidia-nim-llama-3.1-70b-instruct'],
    });
    assert.equal(d.resolution.model?.id, 'llama-3.1-70b');
  });
});

describe('ConfigMaps in the same file', () => {
  const configMap = (data: string): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: vllm-config
data:
${data}
---
`;
  const server = (env: string): string =>
    pod(`        image: vllm/vllm-openai:latest
        command: ["/bin/sh", "-c"]
        args: ["vllm serve $MODEL_ID --tensor-parallel-size $TP_SIZE"]
        resources:
          limits:
            nvidia.com/gpu: "4"
${env}`);

  it('expands variables from `envFrom.configMapRef`: inferred from the ConfigMap value, editable there, in another document', () => {
    const text = configMap(`  MODEL_ID: meta-llama/Llama-3.1-8B-Instruct
  TP_SIZE: "4"`) + server(`        envFrom:
        - configMapRef:
            name: vllm-config`);
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.tensor), { value: 4, origin: 'inferred', span: '$TP_SIZE', sources: ['4'], editable: '4' });
    assert.deepEqual(shown(text, d.spec.model), {
      value: 'meta-llama/Llama-3.1-8B-Instruct',
      origin: 'inferred',
      span: '$MODEL_ID',
      sources: ['meta-llama/Llama-3.1-8B-Instruct'],
      editable: 'meta-llama/Llama-3.1-8B-Instruct',
    });
    const tensor = d.spec.tensor;
    assert.ok(tensor?.origin === 'inferred' && tensor.editable && tensor.editable.start < text.indexOf('---'), 'editable in the ConfigMap document');
    assert.match(tensor.reason, /^\$TP_SIZE, from TP_SIZE of ConfigMap vllm-config in this file$/);
    assert.equal(d.resolution.tensor, 4);
    assert.deepEqual(d.spec.unresolved ?? [], []);
  });

  it('reads `valueFrom.configMapKeyRef`, and an `env` value wins over `envFrom`', () => {
    const text = configMap(`  model: Qwen/Qwen2.5-7B-Instruct
  TP_SIZE: "2"`) + server(`        envFrom:
        - configMapRef:
            name: vllm-config
        env:
        - name: MODEL_ID
          valueFrom:
            configMapKeyRef:
              name: vllm-config
              key: model
        - name: TP_SIZE
          value: "4"`);
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.model), {
      value: 'Qwen/Qwen2.5-7B-Instruct',
      origin: 'inferred',
      span: '$MODEL_ID',
      sources: ['Qwen/Qwen2.5-7B-Instruct'],
      editable: 'Qwen/Qwen2.5-7B-Instruct',
    });
    assert.deepEqual(shown(text, d.spec.tensor), { value: 4, origin: 'inferred', span: '$TP_SIZE', sources: ['4'], editable: '4' });
    assert.ok(d.spec.tensor?.origin === 'inferred' && d.spec.tensor.sources[0]!.start > text.indexOf('---'), 'the env value, not the ConfigMap');
  });

  it('leaves a variable unresolved when the ConfigMap or its key is not in the file, and never reads a Secret', () => {
    const missingKey = configMap('  MODEL_ID: meta-llama/Llama-3.1-8B-Instruct') + server(`        envFrom:
        - configMapRef:
            name: vllm-config
        env:
        - name: TP_SIZE
          valueFrom:
            configMapKeyRef:
              name: vllm-config
              key: tp`);
    const d = read(missingKey);
    assert.equal(d.spec.tensor, undefined, 'never a silent 1');
    assert.deepEqual(d.spec.unresolved?.map((u) => [u.field, u.text]), [['tensor', '$TP_SIZE']]);
    assert.deepEqual(
      d.findings.filter((f) => f.code === 'value-unresolved').map((f) => [f.severity, at(missingKey, f.span)]),
      [['info', '$TP_SIZE']],
    );
    const elsewhere = read(server(`        envFrom:
        - configMapRef:
            name: vllm-config`));
    assert.deepEqual(elsewhere.spec.unresolved?.map((u) => u.text), ['$MODEL_ID', '$TP_SIZE']);
    const secret = read(`apiVersion: v1
kind: Secret
metadata:
  name: vllm-config
stringData:
  TP_SIZE: "4"
---
` + server(`        envFrom:
        - secretRef:
            name: vllm-config`));
    assert.equal(secret.spec.tensor, undefined);
  });

  it('fixes a tensor size read from a ConfigMap at the ConfigMap’s value, in its own document', () => {
    const text = configMap('  MODEL_ID: meta-llama/Llama-3.1-8B-Instruct\n  TP_SIZE: "8"') + server(`        envFrom:
        - configMapRef:
            name: vllm-config`);
    const d = read(text);
    const finding = d.findings.find((f) => f.code === 'parallelism-mismatch');
    assert.ok(finding?.fix, 'tensor 8 on 4 GPUs has a fix');
    const [option] = fixOptions(finding.fix);
    const fixed = option!.edits.reduceRight((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
    assert.equal(fixed, text.replace('TP_SIZE: "8"', 'TP_SIZE: "4"'));
  });

  it('re-reads the deployment when only the ConfigMap is edited (the cache keys on what it refers to)', () => {
    const cache = new AnalysisCache();
    const before = configMap('  TP_SIZE: "2"\n  MODEL_ID: meta-llama/Llama-3.1-8B-Instruct') + server(`        envFrom:
        - configMapRef:
            name: vllm-config`);
    assert.equal(analyze(before, catalog, {}, cache).deployments[0]?.spec.tensor?.value, 2);
    const after = before.replace('TP_SIZE: "2"', 'TP_SIZE: "4"');
    const analysis = analyze(after, catalog, {}, cache);
    assert.equal(analysis.deployments[0]?.spec.tensor?.value, 4);
    const tensor = analysis.deployments[0]?.spec.tensor;
    assert.equal(tensor?.origin === 'inferred' ? at(after, tensor.editable) : undefined, '4');
  });

  it('does not re-read a deployment when a ConfigMap it does not name is edited', () => {
    const other = `apiVersion: v1
kind: ConfigMap
metadata:
  name: unrelated
data:
  LEVEL: INFO
---
`;
    const before = other + configMap('  TP_SIZE: "2"\n  MODEL_ID: meta-llama/Llama-3.1-8B-Instruct') + server(`        envFrom:
        - configMapRef:
            name: vllm-config`);
    const cache = new AnalysisCache();
    analyze(before, catalog, {}, cache);
    const misses = cache.stats.misses;
    const after = analyze(before.replace('LEVEL: INFO', 'LEVEL: DEBUG'), catalog, {}, cache);
    assert.equal(cache.stats.misses - misses, 1, 'only the edited ConfigMap');
    assert.equal(after.deployments[0]?.spec.tensor?.value, 2);
  });
});

describe('DRA resource claims', () => {
  const claimPod = (template: string, claims = 'gpus'): string => `${template}---
apiVersion: v1
kind: Pod
metadata:
  name: llm
spec:
  containers:
  - name: server
    image: vllm/vllm-openai:latest
    args: [--model, meta-llama/Llama-3.1-8B-Instruct, --tensor-parallel-size, "2"]
    resources:
      claims:
      - name: ${claims}
  resourceClaims:
  - name: gpus
    resourceClaimTemplateName: two-gpus
`;

  it('counts the devices a ResourceClaimTemplate in the file requests: declared at its count, in the template’s document (v1beta1 shape)', () => {
    const text = claimPod(`apiVersion: resource.k8s.io/v1beta1
kind: ResourceClaimTemplate
metadata:
  name: two-gpus
spec:
  spec:
    devices:
      requests:
      - name: gpu
        deviceClassName: gpu.nvidia.com
        count: 2
`);
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.acceleratorsPerPod), { value: 2, origin: 'declared', span: '2' });
    assert.ok(d.spec.acceleratorsPerPod!.span.start < text.indexOf('---'), 'in the template, not the pod');
    assert.equal(d.spec.pins?.resource, 'nvidia.com/gpu');
    assert.equal(d.resolution.acceleratorsPerReplica, 2);
    assert.deepEqual(errors(d), []);
  });

  it('reads the v1 `exactly` shape and a Neuron selector’s instance type; no count is one device, implied', () => {
    const text = claimPod(`apiVersion: resource.k8s.io/v1
kind: ResourceClaimTemplate
metadata:
  name: two-gpus
spec:
  spec:
    devices:
      requests:
      - name: neurons
        exactly:
          deviceClassName: neuron.aws.com
          selectors:
          - cel:
              expression: "device.attributes['neuron.aws.com'].instanceType == 'trn1.32xlarge'"
`);
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.acceleratorsPerPod), { value: 1, origin: 'implied', span: 'gpus' });
    assert.match(d.spec.acceleratorsPerPod?.origin === 'implied' ? d.spec.acceleratorsPerPod.reason : '', /ResourceClaimTemplate two-gpus requests no count/);
    assert.deepEqual(shown(text, d.spec.instance), { value: 'trn1.32xlarge', origin: 'inferred', span: 'trn1.32xlarge', sources: ['trn1.32xlarge'] });
    assert.equal(d.spec.parallelUnit, 'neuron-core', 'Neuron devices: vLLM counts NeuronCores');
    assert.equal(d.resolution.instance?.id, 'trn1.32xlarge');
  });

  it('leaves the count unknown for `allocationMode: All`, and says a claim the file does not define is unknown (info)', () => {
    const all = read(claimPod(`apiVersion: resource.k8s.io/v1
kind: ResourceClaimTemplate
metadata:
  name: two-gpus
spec:
  spec:
    devices:
      requests:
      - name: gpu
        exactly:
          deviceClassName: gpu.nvidia.com
          allocationMode: All
`));
    assert.equal(all.spec.acceleratorsPerPod, undefined);
    assert.equal(all.spec.pins?.resource, 'nvidia.com/gpu');
    const text = claimPod('');
    const elsewhere = read(text);
    assert.equal(elsewhere.spec.acceleratorsPerPod, undefined);
    assert.equal(elsewhere.spec.pins, undefined);
    assert.deepEqual(
      elsewhere.findings.filter((f) => f.code === 'value-unresolved').map((f) => [f.severity, at(text, f.span), f.message]),
      [['info', 'two-gpus', 'two-gpus is not defined in this file, so the number of accelerators is unknown: the estimate cannot place the model on the accelerators.']],
    );
  });
});

describe('GPU feature discovery labels written by hand', () => {
  const labelled = (product: string): string =>
    pod(`        image: vllm/vllm-openai:latest
        args: [--model, meta-llama/Llama-3.1-8B-Instruct]
        resources:
          limits:
            nvidia.com/gpu: "4"`, `
      nodeSelector:
        nvidia.com/gpu.product: ${product}`);

  it('reads NVIDIA-H100-SXM4-80GB as the H100 SXM (no H100 is SXM4): inferred from the label, not editable', () => {
    const text = labelled('NVIDIA-H100-SXM4-80GB');
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.accelerator), { value: 'H100-SXM5-80GB', origin: 'inferred', span: 'NVIDIA-H100-SXM4-80GB', sources: ['NVIDIA-H100-SXM4-80GB'] });
    assert.equal(d.resolution.chip?.id, 'h100-sxm');
    assert.deepEqual(errors(d), []);
  });

  it('keeps a label that names the right generation as written: NVIDIA-A100-SXM4-40GB is the A100 40GB', () => {
    const text = labelled('NVIDIA-A100-SXM4-40GB');
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.accelerator), { value: 'NVIDIA-A100-SXM4-40GB', origin: 'declared', span: 'NVIDIA-A100-SXM4-40GB' });
    assert.equal(d.resolution.chip?.id, catalog.chip('NVIDIA-A100-SXM4-40GB')?.id);
  });
});

describe('LeaderWorkerSet runtime variables', () => {
  it('expands $(LWS_GROUP_SIZE) to the group size, inferred from leaderWorkerTemplate.size: no false memory error', () => {
    const text = `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: vllm
spec:
  replicas: 1
  leaderWorkerTemplate:
    size: 2
    leaderTemplate:
      spec:
        nodeSelector:
          cloud.google.com/gke-accelerator: nvidia-h100-80gb
        containers:
          - name: vllm-leader
            image: vllm/vllm-openai:latest
            command: ["sh", "-c", "python3 -m vllm.entrypoints.openai.api_server --model meta-llama/Meta-Llama-3.1-405B-Instruct --tensor-parallel-size 8 --pipeline-parallel-size $(LWS_GROUP_SIZE)"]
            resources:
              limits:
                nvidia.com/gpu: "8"
    workerTemplate:
      spec:
        containers:
          - name: vllm-worker
            image: vllm/vllm-openai:latest
            resources:
              limits:
                nvidia.com/gpu: "8"
`;
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.pipeline), {
      value: 2,
      origin: 'inferred',
      span: '$(LWS_GROUP_SIZE)',
      sources: ['2'],
    });
    assert.match(d.spec.pipeline?.origin === 'inferred' ? d.spec.pipeline.reason : '', /LWS_GROUP_SIZE.*leaderWorkerTemplate\.size/);
    assert.deepEqual([d.resolution.tensor, d.resolution.pipeline, d.resolution.acceleratorsPerReplica], [8, 2, 16]);
    assert.deepEqual(d.findings.map((f) => f.code), []);
  });

  it('keeps findings that rest on an undefined variable at info: $PP left undefined is assumed 1, not known to be', () => {
    const text = pod(
      `        image: vllm/vllm-openai:latest
        command: ["sh", "-c", "vllm serve meta-llama/Meta-Llama-3.1-405B-Instruct --tensor-parallel-size 8 --pipeline-parallel-size $PP"]
        resources:
          limits:
            nvidia.com/gpu: "8"`,
      `
      nodeSelector:
        cloud.google.com/gke-accelerator: nvidia-h100-80gb`,
    );
    const d = read(text);
    const found = d.findings.map((f) => [f.code, f.severity]);
    assert.deepEqual(found, [
      ['value-unresolved', 'info'],
      ['memory-exceeded', 'info'],
    ]);
    assert.match(d.findings[1]?.message ?? '', /weights alone are 812 GB.* This rests on the value assumed for \$PP, which this file does not define\.$/);
  });
});

describe('Knative Services and Cloud Run', () => {
  it('reads a Knative Service as a pod template, its replicas from min-scale', () => {
    const text = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: llm
spec:
  template:
    metadata:
      annotations:
        autoscaling.knative.dev/min-scale: "2"
    spec:
      nodeSelector:
        node.kubernetes.io/instance-type: g6e.xlarge
      containers:
      - image: vllm/vllm-openai:latest
        args: ["--model", "meta-llama/Llama-3.1-8B-Instruct"]
        resources:
          limits:
            nvidia.com/gpu: 1
`;
    const d = read(text);
    assert.deepEqual([d.spec.name, d.resolution.model?.id, d.resolution.instance?.id, shown(text, d.spec.replicas)], [
      'llm',
      'llama-3.1-8b',
      'g6e.xlarge',
      { value: 2, origin: 'declared', span: '2' },
    ]);
    // A core Service of the same name is still left alone.
    assert.deepEqual(analyze(text.replace('serving.knative.dev/v1', 'v1'), catalog).deployments, []);
  });

  it("reads a Cloud Run service's GPU, and says the catalog has no Cloud Run machines or prices instead of pricing a GCE one", () => {
    const text = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: vllm-gemma-2-9b
spec:
  template:
    metadata:
      annotations:
        autoscaling.knative.dev/maxScale: '1'
        run.googleapis.com/gpu-zonal-redundancy-disabled: 'true'
    spec:
      containers:
      - image: us-docker.pkg.dev/vertex-ai/vertex-vision-model-garden-dockers/pytorch-vllm-serve:latest
        args:
        - --model=google/gemma-2-9b-it
        - --max-model-len=3968
        resources:
          limits:
            nvidia.com/gpu: '1'
      nodeSelector:
        run.googleapis.com/accelerator: nvidia-l4
`;
    const d = read(text);
    assert.deepEqual([d.resolution.chip?.id, d.resolution.instance, d.resolution.costPerHour], ['l4', undefined, undefined]);
    assert.ok(d.estimate?.tpotMs, 'speed and fit need only the chip');
    assert.deepEqual(
      d.findings.map((f) => [f.code, f.severity, f.message]),
      [['region-not-offered', 'info', 'The catalog does not cover Cloud Run: no instance, price or region is checked there.']],
    );
    const lenses = deploymentLenses(d).map((l) => l.title);
    assert.equal(lenses[0], 'cost unknown: the catalog has no Cloud Run prices');
    assert.ok(!lenses.includes('Compare hardware…'), 'no catalog machine to compare from');
  });
});

describe('Parts of a GPU: MIG slices and time-sliced shares', () => {
  const vllm = (limits: string, selector: string): string =>
    pod(
      `        image: vllm/vllm-openai:v0.8.5
        args: ["--model", "Qwen/Qwen2.5-7B-Instruct"]
        resources:
          limits:
${limits}`,
      `
      nodeSelector:
${selector}`,
    );

  it('reads a slice in each of its three spellings and shows no whole-GPU figure for it', () => {
    const cases = [
      { text: vllm('            nvidia.com/mig-3g.40gb: 1', '        nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB'), slice: '3g.40gb', chip: 'a100-80gb' },
      { text: vllm('            nvidia.com/gpu: 1', '        nvidia.com/gpu.product: NVIDIA-A100-SXM4-40GB-MIG-1g.5gb'), slice: '1g.5gb', chip: 'a100-40gb' },
      {
        text: vllm('            nvidia.com/gpu: 1', '        cloud.google.com/gke-accelerator: nvidia-tesla-a100\n        cloud.google.com/gke-gpu-partition-size: 1g.5gb'),
        slice: '1g.5gb',
        chip: 'a100-40gb',
      },
    ];
    for (const { text, slice, chip } of cases) {
      const d = read(text);
      assert.deepEqual([d.spec.gpuShare?.kind, d.spec.gpuShare?.value, at(text, d.spec.gpuShare?.span), d.resolution.chip?.id], ['mig', slice, slice, chip]);
      assert.deepEqual([d.estimate, d.resolution.costPerHour], [undefined, undefined], 'a whole GPU’s figures would be wrong');
      const finding = d.findings.find((f) => f.code === 'shared-gpu');
      assert.equal(finding?.severity, 'info');
      assert.equal(at(text, finding?.span), slice);
      assert.match(finding?.message ?? '', new RegExp(`^Runs on a MIG ${slice.replace('.', '\\.')} slice of A100 (40|80)GB, not a whole GPU: speed, memory fit and cost are estimated for whole GPUs of its own only`));
      assert.deepEqual(errors(d), []);
      const lenses = deploymentLenses(d).map((l) => l.title);
      assert.deepEqual(lenses, [
        `cost unknown: a MIG ${slice} slice of ${d.resolution.chip?.shortName} shares its machine, at a share not known`,
        `speed unknown: it runs on a MIG ${slice} slice of ${d.resolution.chip?.shortName}, and the estimator times whole GPUs`,
      ]);
      // The hint beside the GPU says it in the same words, without the article.
      assert.ok(deploymentHints(d).some((h) => h.label === `MIG ${slice} slice of ${d.resolution.chip?.shortName}`), JSON.stringify(deploymentHints(d)));
    }
  });

  it('reads a time-sliced GPU (the renamed nvidia.com/gpu.shared resource, a -SHARED product label) as a share of a GPU', () => {
    const cases = [
      vllm('            nvidia.com/gpu.shared: 1', '        nvidia.com/gpu.product: NVIDIA-L4'),
      vllm('            nvidia.com/gpu: 1', '        nvidia.com/gpu.product: NVIDIA-L4-SHARED'),
    ];
    for (const text of cases) {
      const d = read(text);
      assert.equal(d.spec.gpuShare?.kind, 'time-sliced');
      assert.deepEqual([d.resolution.chip?.id, d.estimate, d.resolution.costPerHour, errors(d)], ['l4', undefined, undefined, []]);
      const finding = d.findings.find((f) => f.code === 'shared-gpu');
      assert.equal(
        finding?.message,
        `Runs on a time-sliced share of L4 (${d.spec.gpuShare?.value}), which other pods use too: speed, memory fit and cost are estimated for whole GPUs of its own only, so none is shown for this deployment.`,
      );
      assert.equal(at(text, finding?.span), d.spec.gpuShare?.value);
      assert.deepEqual(deploymentLenses(d).map((l) => l.title), [
        'cost unknown: a time-sliced share of L4 shares its machine, at a share not known',
        'speed unknown: it runs on a time-sliced share of L4, and the estimator times whole GPUs',
      ]);
      assert.ok(deploymentHints(d).some((h) => h.label === 'time-sliced share of L4'), JSON.stringify(deploymentHints(d)));
    }
  });
});

describe('NVIDIA NIM Operator and nim-llm Helm values', () => {
  it('reads a NIMService: the model from its NIM image (inferred, not editable), GPUs, replicas', () => {
    const text = `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMService
metadata:
  name: llama
spec:
  image:
    repository: nvcr.io/nim/meta/llama-3.1-8b-instruct
    tag: 1.3.3
  replicas: 2
  resources:
    limits:
      nvidia.com/gpu: 2
  env:
  - name: NIM_TENSOR_PARALLEL_SIZE
    value: "2"
`;
    const d = read(text);
    assert.equal(d.spec.format, 'nim-service');
    assert.deepEqual(shown(text, d.spec.model), {
      value: 'meta/llama-3.1-8b-instruct',
      origin: 'inferred',
      span: 'meta/llama-3.1-8b-instruct',
      sources: ['meta/llama-3.1-8b-instruct'],
    });
    assert.deepEqual(shown(text, d.spec.acceleratorsPerPod), { value: 2, origin: 'declared', span: '2' });
    assert.deepEqual(shown(text, d.spec.tensor), { value: 2, origin: 'declared', span: '2' });
    assert.deepEqual([d.resolution.model?.id, d.resolution.replicas], ['llama-3.1-8b', 2]);
    assert.deepEqual(errors(d), []);
  });

  it("reads the model of a plain Deployment's NIM image; NIM's multi-LLM image names none", () => {
    const deployment = (image: string): string =>
      pod(`        image: ${image}
        resources:
          limits:
            nvidia.com/gpu: "1"`);
    const text = deployment('nvcr.io/nim/meta/llama-3.1-8b-instruct:1.12.0');
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.model), {
      value: 'meta/llama-3.1-8b-instruct',
      origin: 'inferred',
      span: 'meta/llama-3.1-8b-instruct',
      sources: ['meta/llama-3.1-8b-instruct'],
    });
    assert.equal(d.resolution.model?.id, 'llama-3.1-8b');
    const generic = read(deployment('nvcr.io/nim/nvidia/llm-nim:1.14'));
    assert.equal(generic.spec.model, undefined, 'llm-nim serves what NIM_MODEL_NAME or NIM_MODEL_PATH names');
  });

  it("reads NIM 2's NIM_MODEL_PATH and NIM_PASSTHROUGH_ARGS, where the container's own arguments win", () => {
    const nim2 = (args: string): string =>
      pod(
        `        image: nvcr.io/nim/nvidia/llm-nim:2.0.1${args}
        env:
        - name: NIM_MODEL_PATH
          value: hf://meta-llama/Llama-3.1-70B-Instruct
        - name: NIM_PASSTHROUGH_ARGS
          value: "--tensor-parallel-size 4 --data-parallel-size 2"
        resources:
          limits:
            nvidia.com/gpu: 8`,
        `
      nodeSelector:
        node.kubernetes.io/instance-type: p5.48xlarge`,
      );
    const text = nim2('');
    const d = read(text);
    assert.deepEqual([d.spec.model?.value, at(text, d.spec.model?.span)], ['meta-llama/Llama-3.1-70B-Instruct', 'meta-llama/Llama-3.1-70B-Instruct']);
    assert.equal(d.resolution.model?.id, 'llama-3.1-70b');
    // Each value is declared where it is written, inside the variable's string: an edit there is an edit of that word.
    const passthrough = text.indexOf('--tensor-parallel-size 4');
    assert.deepEqual(shown(text, d.spec.tensor), { value: 4, origin: 'declared', span: '4' });
    assert.equal(d.spec.tensor?.span.start, passthrough + '--tensor-parallel-size '.length);
    assert.deepEqual(shown(text, d.spec.dataParallel), { value: 2, origin: 'declared', span: '2' });
    assert.deepEqual([d.resolution.tensor, d.resolution.dataParallel, errors(d)], [4, 2, []]);

    const overridden = nim2(`
        args: ["--tensor-parallel-size", "8", "--data-parallel-size", "1"]`);
    const o = read(overridden);
    assert.deepEqual([o.spec.tensor?.value, o.spec.tensor?.span.start], [8, overridden.indexOf('"8"') + 1]);
    assert.deepEqual([o.resolution.tensor, o.resolution.dataParallel, errors(o)], [8, 1, []]);
  });

  it('reads nim-llm values under a parent chart; a subchart switched off deploys nothing', () => {
    const values = (enabled: string): string => `nim-llm:
  enabled: ${enabled}
  image:
    repository: nvcr.io/nim/meta/llama-3.1-70b-instruct
    tag: latest
  resources:
    limits:
      nvidia.com/gpu: 4
phoenix:
  enabled: true
`;
    const d = read(values('true'));
    assert.deepEqual([d.spec.format, d.spec.name, d.spec.model?.value, d.spec.acceleratorsPerPod?.value], ['nim-helm', 'nim-llm', 'meta/llama-3.1-70b-instruct', 4]);
    assert.deepEqual(analyze(values('false'), catalog).deployments, []);
  });

  it('says which values a templating tool fills in (${model_id}, ${num_gpu}) as info, and reads the rest', () => {
    const text = `fullname: \${name}
image:
  repository: \${model_id}
  tag: latest
model:
  name: \${name}
  ngcAPISecret: ngc-api-\${name}
resources:
  limits:
    nvidia.com/gpu: \${num_gpu}
replicaCount: 2
`;
    const d = read(text);
    assert.deepEqual([d.spec.name, d.spec.model, d.spec.acceleratorsPerPod, d.spec.replicas?.value], ['nim-llm', undefined, undefined, 2]);
    assert.deepEqual(
      d.findings.map((f) => [f.code, f.severity, at(text, f.span)]).filter(([code]) => code === 'value-unresolved'),
      [
        ['value-unresolved', 'info', '${model_id}'],
        ['value-unresolved', 'info', '${num_gpu}'],
      ],
    );
    assert.deepEqual(errors(d), []);
  });

  it('leaves other Helm values with an image alone', () => {
    assert.deepEqual(analyze('image:\n  repository: nginx\n  tag: latest\nmodel:\n  name: x\n', catalog).deployments, []);
  });
});

describe('a LeaderWorkerSet on Trainium with a cluster’s own labels', () => {
  const lws = (label: string, model: string): string => `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: llama
spec:
  replicas: 1
  leaderWorkerTemplate:
    size: 4
    leaderTemplate:
      spec:
        containers:
        - name: leader
          image: public.ecr.aws/data-on-eks/neuron-sdk2.20-vllm0.5.0-neuron:v8
          command: [/usr/local/bin/run.sh]
          env:
          - name: MODEL
            value: ${model}
          resources:
            limits:
              aws.amazon.com/neuron: "16"
        nodeSelector:
          ${label}
    workerTemplate:
      spec:
        containers:
        - name: worker
          image: public.ecr.aws/data-on-eks/neuron-sdk2.20-vllm0.5.0-neuron:v8
`;

  it('reads `instance-type: trn1-32xl` as trn1.32xlarge and the model from its checkpoint directory, both inferred', () => {
    const text = lws('instance-type: "trn1-32xl"', '/data/checkpoints/llama-3.1-405b-instruct/');
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.instance), { value: 'trn1.32xlarge', origin: 'inferred', span: 'trn1-32xl', sources: ['trn1-32xl'] });
    assert.deepEqual(shown(text, d.spec.model), {
      value: 'llama-3.1-405b-instruct',
      origin: 'inferred',
      span: 'llama-3.1-405b-instruct',
      sources: ['/data/checkpoints/llama-3.1-405b-instruct/'],
    });
    assert.deepEqual(
      [d.resolution.instance?.id, d.resolution.chip?.id, d.resolution.model?.id, d.resolution.acceleratorsPerReplica],
      ['trn1.32xlarge', 'trainium', 'llama-3.1-405b', 64],
    );
    assert.deepEqual(errors(d), []);
  });

  it('leaves a label or a path that names nothing as it is', () => {
    const d = read(lws('instance-type: big-nodes', '/models/checkpoint'));
    assert.deepEqual([d.spec.instance, d.spec.model?.value, d.spec.model?.origin], [undefined, '/models/checkpoint', 'declared']);
  });
});

describe('CPU endpoints', () => {
  it('counts no accelerator on a SageMaker CPU type, and still prices its instances', () => {
    const text = sageMakerTemplate('ml.m5.4xlarge');
    const d = read(text);
    const r = d.resolution;
    assert.deepEqual([r.instance?.id, r.chip?.type, r.acceleratorsPerReplica, r.instancesPerReplica, r.replicas], ['ml.m5.4xlarge', 'cpu', 0, 1, 2]);
    assert.equal(d.findings.find((f) => f.code === 'parallelism-mismatch'), undefined);
    assert.ok(r.costPerHour !== undefined && r.costPerHour > 0, 'two instances priced');
    assert.deepEqual(errors(d), [], 'an 8B model fits the 64 GiB host');
  });
});
