import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { analyze } from '../../server/src/core/engine/analyze';
import { priceIn } from '../../server/src/core/catalog/prices';
import { fixOptions } from '../../server/src/core/findings';
import { usd } from '../../server/src/core/numbers';
import { estimateDetails } from '../../server/src/core/present/estimates';
import type { DeploymentSpec } from '../../server/src/core/manifest/deployment';
import type { OffsetEdit } from '../../server/src/core/span';

const catalog = loadCatalog(BUNDLED_CATALOG).catalog;

function specOf(text: string): DeploymentSpec {
  const spec = analyze(text, catalog).deployments[0]?.spec;
  assert.ok(spec, 'a deployment');
  return spec;
}

function apply(text: string, edit: OffsetEdit): string {
  return text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
}

/** Where an implied value would be written, as the text with it written there. */
function written(text: string, spec: DeploymentSpec, key: 'tensor' | 'acceleratorsPerPod', value: number): string {
  const field = spec[key];
  assert.equal(field?.origin, 'implied');
  assert.ok(field?.origin === 'implied' && field.insert, 'an insertion point');
  const { at, prefix, suffix } = field.insert;
  return apply(text, { start: at, end: at, newText: prefix + String(value) + suffix });
}

describe('provenance of implied defaults', () => {
  it('SGLang: tensor parallel size 1, written as --tp-size after the model in a shell script', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: { name: sgl }
spec:
  template:
    spec:
      containers:
        - name: s
          image: lmsysorg/sglang:latest
          command: ["sh", "-c", "python3 -m sglang.launch_server --model-path Qwen/Qwen3-8B --port 30000"]
          resources: { limits: { nvidia.com/gpu: 2 } }
`;
    const spec = specOf(text);
    assert.equal(spec.tensor?.value, 1);
    assert.equal(spec.tensor?.origin === 'implied' ? spec.tensor.reason : '', "SGLang's default tensor parallel size");
    assert.match(written(text, spec, 'tensor', 2), /--model-path Qwen\/Qwen3-8B --tp-size 2 --port 30000/);
    assert.equal(specOf(written(text, spec, 'tensor', 2)).tensor?.value, 2);
  });

  it('Ray Serve LLM: tensor_parallel_size 1, written under engine_kwargs', () => {
    const text = `applications:
  - name: llm
    import_path: ray.serve.llm:build_openai_app
    args:
      llm_configs:
        - model_loading_config:
            model_id: qwen
            model_source: Qwen/Qwen3-8B
          accelerator_type: L4
          engine_kwargs:
            max_model_len: 8192
`;
    const spec = specOf(text);
    assert.equal(spec.tensor?.value, 1);
    const after = written(text, spec, 'tensor', 2);
    assert.match(after, /engine_kwargs:\n {12}max_model_len: 8192\n {12}tensor_parallel_size: 2\n/);
    assert.equal(specOf(after).tensor?.value, 2);
    assert.equal(specOf(after).acceleratorsPerPod?.value, 2, 'Ray places one accelerator per worker');
  });

  it('production-stack values: tensorParallelSize 1, written under vllmConfig', () => {
    const text = `servingEngineSpec:
  modelSpec:
    - name: small
      modelURL: meta-llama/Llama-3.1-8B-Instruct
      requestGPU: 2
      vllmConfig:
        maxModelLen: 4096
`;
    const spec = specOf(text);
    const after = written(text, spec, 'tensor', 2);
    assert.match(after, /vllmConfig:\n {8}maxModelLen: 4096\n {8}tensorParallelSize: 2\n/);
    assert.equal(specOf(after).tensor?.origin, 'declared');
  });

  it('SkyPilot: one accelerator when the name has no count, written as :N after the name', () => {
    const text = `resources:
  accelerators: L4
run: vllm serve Qwen/Qwen3-8B
`;
    const spec = specOf(text);
    assert.equal(spec.acceleratorsPerPod?.value, 1);
    assert.match(written(text, spec, 'acceleratorsPerPod', 2), /accelerators: L4:2\n/);
  });
});

describe('inferred values', () => {
  it('expands $VAR from the container env, editable at its definition', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: { name: v }
spec:
  template:
    spec:
      nodeSelector: { node.kubernetes.io/instance-type: g6.12xlarge }
      containers:
        - name: v
          image: vllm/vllm-openai:latest
          command: ["sh", "-c", "vllm serve $MODEL_ID --tensor-parallel-size $TP"]
          env:
            - { name: MODEL_ID, value: meta-llama/Llama-3.1-8B-Instruct }
            - { name: TP, value: "2" }
          resources: { limits: { nvidia.com/gpu: 4 } }
`;
    const analysis = analyze(text, catalog);
    const spec = analysis.deployments[0]?.spec;
    assert.equal(spec?.tensor?.origin, 'inferred');
    assert.equal(spec?.tensor?.value, 2);
    assert.equal(spec?.model?.value, 'meta-llama/Llama-3.1-8B-Instruct');
    const mismatch = analysis.findings.find((f) => f.code === 'parallelism-mismatch');
    assert.ok(mismatch?.fix);
    const [option] = fixOptions(mismatch.fix);
    const edit = option?.edits[0];
    assert.ok(edit);
    assert.equal(text.slice(edit.start, edit.end), '2', 'the fix changes TP where it is defined');
    assert.match(apply(text, edit), /name: TP, value: "4"/);
  });

  it('says which value of an affinity list it assumed', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: { name: a }
spec:
  template:
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - key: node.kubernetes.io/instance-type
                    operator: In
                    values: [g6e.12xlarge, g6e.24xlarge]
      containers:
        - name: v
          image: vllm/vllm-openai:latest
          args: [--model, meta-llama/Llama-3.1-8B-Instruct, --tensor-parallel-size, "4"]
          resources: { limits: { nvidia.com/gpu: 4 } }
`;
    const spec = specOf(text);
    assert.equal(spec.instance?.value, 'g6e.12xlarge');
    assert.equal(spec.instance?.origin === 'inferred' ? spec.instance.reason : '', 'the first of the 2 values node affinity allows for node.kubernetes.io/instance-type');
    // The estimate shows what each allowed type costs, in the region it is priced in.
    const deployment = analyze(text, catalog).deployments[0];
    assert.ok(deployment?.resolution.region);
    const region = deployment.resolution.region;
    const hourly = (id: string): string => usd(priceIn(catalog.instance(id)!, 'on-demand', region)!.usdPerHour);
    const line = estimateDetails(deployment, catalog)
      .split('\n')
      .find((l) => l.startsWith('- **Instance types allowed**'));
    assert.equal(line, `- **Instance types allowed**: g6e.12xlarge ${hourly('g6e.12xlarge')}/h (assumed) · g6e.24xlarge ${hourly('g6e.24xlarge')}/h — on-demand, per instance, in ${region}`);
    assert.notEqual(hourly('g6e.12xlarge'), hourly('g6e.24xlarge'));
  });
});

describe('mapSpans moves every span of a spec', () => {
  it('places an unknown resource of a second document at its key', () => {
    const doc = (name: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
        - name: v
          image: vllm/vllm-openai:latest
          args: [--model, meta-llama/Llama-3.1-8B-Instruct]
          resources:
            limits:
              nvidia.com/gpus: 1
`;
    const text = `${doc('first')}---\n${doc('second')}`;
    const analysis = analyze(text, catalog);
    const second = analysis.deployments[1]?.spec;
    const resource = second?.unknownResources?.[0];
    assert.ok(resource);
    assert.equal(text.slice(resource.span.start, resource.span.end), 'nvidia.com/gpus');
    assert.ok(resource.span.start > text.indexOf('---'));
    const findings = analysis.findings.filter((f) => f.code === 'unknown-resource');
    assert.deepEqual(
      findings.map((f) => text.slice(f.span.start, f.span.end)),
      ['nvidia.com/gpus', 'nvidia.com/gpus'],
    );
    const tensor = second?.tensor;
    assert.ok(tensor?.origin === 'implied' && tensor.insert);
    assert.ok(tensor.insert.at > text.indexOf('---'), 'the insertion point moved with its document');
    assert.equal(text.slice(tensor.insert.at, tensor.insert.at + 1), ']', 'written as the last item of args');
  });
});

describe('variables a script assigns', () => {
  it('expands TP=$((…)) and export MODEL=… before the serving command, editable where a plain value is written', () => {
    const text = `resources:
  accelerators: H100:8
num_nodes: 2
run: |
  export MODEL=Qwen/Qwen3-32B
  TP=$(($SKYPILOT_NUM_GPUS_PER_NODE * $SKYPILOT_NUM_NODES))
  vllm serve $MODEL --tensor-parallel-size $TP
`;
    const analysis = analyze(text, catalog);
    const spec = analysis.deployments[0]?.spec;
    assert.equal(spec?.tensor?.value, 16);
    assert.equal(spec?.tensor?.origin, 'inferred');
    assert.equal(spec?.model?.value, 'Qwen/Qwen3-32B');
    const model = spec?.model;
    assert.ok(model?.origin === 'inferred' && model.editable);
    assert.equal(text.slice(model.editable.start, model.editable.end), 'Qwen/Qwen3-32B');
    assert.deepEqual(analysis.findings.filter((f) => f.code === 'value-unresolved'), []);
  });
});
