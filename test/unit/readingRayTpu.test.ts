// Reading KubeRay RayServices that run their own Serve code, TPU slices from GKE's
// selectors, JetStream/MaxText arguments and KAITO presets, each in the shape of the
// public files in test/fixtures/real-world/: values, spans, provenance and findings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { analyze, type AnalyzedDeployment } from '../../server/src/core/engine/analyze';
import { at, shown } from '../helpers/shown';

const catalog = loadCatalog(BUNDLED_CATALOG).catalog;

function deployments(text: string): AnalyzedDeployment[] {
  return [...analyze(text, catalog).deployments];
}

function read(text: string): AnalyzedDeployment {
  const list = deployments(text);
  assert.equal(list.length, 1, 'one deployment');
  return list[0]!;
}


const codes = (d: AnalyzedDeployment): string[] => d.findings.map((f) => `${f.severity} ${f.code}`);

/** A RayService: its serve config (indented under `serveConfigV2: |`) and one worker group. */
function rayService(serveConfig: string, worker: string): string {
  return `apiVersion: ray.io/v1
kind: RayService
metadata:
  name: llm
spec:
  serveConfigV2: |
${serveConfig.replace(/^/gm, '    ')}
  rayClusterConfig:
    headGroupSpec:
      template:
        spec:
          containers:
          - name: ray-head
            image: rayproject/ray-ml:2.9.0
    workerGroupSpecs:
${worker}`;
}

const L4_WORKER = `    - groupName: gpu-group
      replicas: 1
      template:
        spec:
          containers:
          - name: llm
            image: rayproject/ray-ml:2.9.0
            resources:
              limits:
                nvidia.com/gpu: "2"
              requests:
                nvidia.com/gpu: "2"
          nodeSelector:
            cloud.google.com/gke-accelerator: nvidia-l4`;

describe('KubeRay RayService running its own Serve application', () => {
  it('reads the model and tensor degree from runtime_env, the hardware from the worker group, the replicas from the deployment', () => {
    const text = rayService(
      `applications:
- name: llm
  import_path: ai-ml.gke-ray.rayserve.llm.serve:model
  deployments:
  - name: VLLMDeployment
    num_replicas: 1
  runtime_env:
    env_vars:
      MODEL_ID: "mistralai/Mistral-7B-Instruct-v0.3"
      TENSOR_PARALLELISM: "2"`,
      L4_WORKER,
    );
    const d = read(text);
    assert.equal(d.spec.format, 'ray-serve');
    assert.equal(d.spec.name, 'llm');
    assert.deepEqual(shown(text, d.spec.model), { value: 'mistralai/Mistral-7B-Instruct-v0.3', origin: 'declared', span: 'mistralai/Mistral-7B-Instruct-v0.3' });
    assert.deepEqual(shown(text, d.spec.tensor), { value: 2, origin: 'declared', span: '2' });
    assert.equal(d.spec.tensor?.span.start, text.indexOf('TENSOR_PARALLELISM: "2"') + 'TENSOR_PARALLELISM: "'.length);
    assert.deepEqual(shown(text, d.spec.replicas), { value: 1, origin: 'declared', span: '1' });
    assert.equal(d.spec.replicas?.span.start, text.indexOf('num_replicas: 1') + 'num_replicas: '.length);
    assert.deepEqual(shown(text, d.spec.acceleratorsPerPod), { value: 2, origin: 'declared', span: '2' });
    assert.deepEqual(shown(text, d.spec.accelerator), { value: 'nvidia-l4', origin: 'declared', span: 'nvidia-l4' });
    assert.deepEqual(
      [d.resolution.model?.id, d.resolution.chip?.id, d.resolution.acceleratorsPerReplica, d.resolution.tensor, d.resolution.instance?.id, d.resolution.replicas],
      ['mistral-7b-v0.3', 'l4', 2, 2, 'g2-standard-24', 1],
    );
    assert.deepEqual(codes(d), []);
  });

  it('reads vLLM arguments an application takes as args, and an autoscaling minimum as its replicas', () => {
    const text = rayService(
      `applications:
- name: vllm
  import_path: serve:build_app
  args:
    model: meta-llama/Llama-3.1-8B-Instruct
    tensor-parallel-size: 2
    max-model-len: 8192
  deployments:
  - name: VLLMDeployment
    autoscaling_config:
      min_replicas: 3
      max_replicas: 4`,
      L4_WORKER,
    );
    const d = read(text);
    assert.deepEqual(
      [shown(text, d.spec.model), shown(text, d.spec.tensor), shown(text, d.spec.maxContextTokens), shown(text, d.spec.replicas)],
      [
        { value: 'meta-llama/Llama-3.1-8B-Instruct', origin: 'declared', span: 'meta-llama/Llama-3.1-8B-Instruct' },
        { value: 2, origin: 'declared', span: '2' },
        { value: 8192, origin: 'declared', span: '8192' },
        { value: 3, origin: 'declared', span: '3' },
      ],
    );
    assert.equal(d.spec.tensor?.span.start, text.indexOf('tensor-parallel-size: 2') + 'tensor-parallel-size: '.length);
    assert.deepEqual([d.resolution.model?.id, d.resolution.replicas], ['llama-3.1-8b', 3]);
  });

  it('reads a TPU worker from google.com/tpu and GKE’s TPU selectors; TPU_CHIPS is the inferred tensor degree, an envsubst $MODEL_ID an info', () => {
    const text = rayService(
      `applications:
  - name: llm
    import_path: ai-ml.gke-ray.rayserve.llm.tpu.serve_tpu:model
    deployments:
    - name: VLLMDeployment
      num_replicas: 1
    runtime_env:
      env_vars:
        MODEL_ID: "$MODEL_ID"
        TPU_CHIPS: "8"`,
      `    - groupName: tpu-group
      replicas: 1
      numOfHosts: 1
      template:
        spec:
          containers:
            - name: ray-worker
              image: $VLLM_IMAGE
              resources:
                limits:
                  google.com/tpu: "8"
                requests:
                  google.com/tpu: "8"
          nodeSelector:
            cloud.google.com/gke-tpu-accelerator: tpu-v6e-slice
            cloud.google.com/gke-tpu-topology: 2x4`,
    );
    const d = read(text);
    assert.equal(d.spec.model, undefined);
    assert.deepEqual(shown(text, d.spec.tensor), {
      value: 8,
      origin: 'inferred',
      span: '8',
      sources: ['8'],
      editable: '8',
    });
    assert.equal(d.spec.tensor?.span.start, text.indexOf('TPU_CHIPS: "8"') + 'TPU_CHIPS: "'.length);
    assert.deepEqual(
      [d.resolution.chip?.id, d.resolution.acceleratorsPerReplica, d.resolution.tensor, d.resolution.instance?.id, d.spec.tpuTopology?.value],
      ['tpu-v6e', 8, 8, 'v6e-8', '2x4'],
    );
    const unresolved = d.findings.filter((f) => f.code === 'value-unresolved');
    assert.deepEqual(
      unresolved.map((f) => [f.severity, f.message, at(text, f.span)]),
      [['info', '$MODEL_ID is not defined in this file, so the model is unknown: name it with the inference-lens/model annotation for speed and memory estimates.', '$MODEL_ID']],
    );
    // One finding says the model is unknown, at the variable: not a second one at the service's name.
    assert.deepEqual(codes(d), ['info value-unresolved']);
    // Named with the annotation the finding suggests, the model is known and the finding gone.
    const annotated = text.replace('  name: llm\n', '  name: llm\n  annotations:\n    inference-lens/model: llama-3.1-8b\n');
    const named = read(annotated);
    assert.deepEqual([shown(annotated, named.spec.model), named.resolution.model?.id, codes(named)], [
      { value: 'llama-3.1-8b', origin: 'declared', span: 'llama-3.1-8b' },
      'llama-3.1-8b',
      [],
    ]);
  });

  it('reads a multi-host TPU worker group (numOfHosts) as one slice per replica: v6e 4x4 over 4 hosts of 4 chips is v6e-16', () => {
    const text = rayService(
      `applications:
  - name: llm
    import_path: serve_tpu_multihost:deployment
    runtime_env:
      env_vars:
        MODEL_ID: meta-llama/Llama-3.1-70B-Instruct
        TENSOR_PARALLEL_SIZE: "16"`,
      `    - groupName: tpu-group
      replicas: 1
      numOfHosts: 4
      template:
        spec:
          containers:
            - name: ray-worker
              image: vllm/vllm-tpu:latest
              resources:
                limits:
                  google.com/tpu: "4"
          nodeSelector:
            cloud.google.com/gke-tpu-accelerator: tpu-v6e-slice
            cloud.google.com/gke-tpu-topology: 4x4`,
    );
    const d = read(text);
    assert.deepEqual([shown(text, d.spec.podsPerReplica), shown(text, d.spec.tensor)], [
      { value: 4, origin: 'declared', span: '4' },
      { value: 16, origin: 'declared', span: '16' },
    ]);
    assert.equal(d.spec.podsPerReplica?.span.start, text.indexOf('numOfHosts: 4') + 'numOfHosts: '.length);
    assert.deepEqual(
      [d.resolution.model?.id, d.resolution.chip?.id, d.resolution.instance?.id, d.resolution.acceleratorsPerReplica, d.resolution.tensor],
      ['llama-3.1-70b', 'tpu-v6e', 'v6e-16', 16, 16],
    );
    assert.deepEqual(d.findings.filter((f) => f.severity !== 'info'), []);
  });

  it('counts Neuron devices without a false tensor-heads error; 12 of them on one node are an inf2.48xlarge, 16 could be several machines', () => {
    const text = rayService(
      `applications:
  - name: llama3
    import_path: ray_serve_llama3:entrypoint
    runtime_env:
      env_vars:
        MODEL_ID: meta-llama/Meta-Llama-3-8B-Instruct`,
      `    - groupName: inf2
      replicas: 1
      template:
        spec:
          containers:
          - name: worker
            image: public.ecr.aws/data-on-eks/ray-serve-inf2-llama3:latest
            resources:
              limits:
                aws.amazon.com/neuron: "12"
              requests:
                aws.amazon.com/neuron: "12"`,
    );
    const d = read(text);
    assert.deepEqual([d.resolution.model?.id, d.spec.acceleratorsPerPod?.value, d.spec.tensor, d.spec.parallelUnit], ['llama-3-8b', 12, undefined, 'neuron-core']);
    assert.deepEqual(
      [d.resolution.chip?.id, d.resolution.instance?.id, d.resolution.instanceInferred, d.resolution.acceleratorsPerReplica],
      ['inferentia2', 'inf2.48xlarge', true, 12],
    );
    assert.deepEqual(d.findings.filter((f) => f.severity === 'error'), []);
    // trn1.32xlarge, trn1n.32xlarge and inf1.24xlarge all hold 16: the machine stays unknown.
    const sixteen = read(text.replace(/"12"/g, '"16"'));
    assert.deepEqual([sixteen.resolution.chip, sixteen.resolution.instance, sixteen.resolution.acceleratorsPerReplica], [undefined, undefined, 16]);
  });

  it('names each application after the service when there are several, and leaves Ray Serve LLM configs to their reader', () => {
    const text = rayService(
      `applications:
- name: chat
  import_path: chat:app
  runtime_env:
    env_vars:
      MODEL_ID: Qwen/Qwen2.5-7B-Instruct
- name: code
  import_path: code:app
  runtime_env:
    env_vars:
      MODEL_ID: Qwen/Qwen2.5-Coder-7B-Instruct`,
      L4_WORKER,
    );
    assert.deepEqual(
      deployments(text).map((d) => [d.spec.name, at(text, d.spec.model?.span)]),
      [
        ['llm/chat', 'Qwen/Qwen2.5-7B-Instruct'],
        ['llm/code', 'Qwen/Qwen2.5-Coder-7B-Instruct'],
      ],
    );
    const llm = rayService(
      `applications:
- name: llms
  import_path: ray.serve.llm:build_openai_app
  args:
    llm_configs:
    - model_loading_config:
        model_id: Qwen/Qwen2.5-7B-Instruct
      accelerator_type: L4`,
      L4_WORKER,
    );
    assert.deepEqual(deployments(llm).map((d) => [d.spec.name, d.spec.accelerator?.value]), [['Qwen/Qwen2.5-7B-Instruct', 'L4']]);
  });

  it('says how to name the accelerator of a worker that requests GPUs by resource only, and reads the instance annotation', () => {
    const worker = L4_WORKER.replace(/\n {10}nodeSelector:\n {12}cloud\.google\.com\/gke-accelerator: nvidia-l4/, '');
    const text = rayService(
      `applications:
- name: mistral
  import_path: vllm_serve:deployment
  runtime_env:
    env_vars:
      MODEL_ID: mistralai/Mistral-7B-Instruct-v0.2`,
      worker,
    );
    const d = read(text);
    assert.deepEqual(
      d.findings.map((f) => [f.code, f.severity, f.message, at(text, f.span)]),
      [
        [
          'hardware-unidentified',
          'info',
          'Requests 2 accelerators (nvidia.com/gpu) per pod without saying which accelerator, so cost, speed and memory are not estimated. Name it with a node selector the cluster sets (node.kubernetes.io/instance-type, cloud.google.com/gke-accelerator, nvidia.com/gpu.product), or the annotation inference-lens/instance (e.g. inference-lens/instance: g6e.xlarge).',
          '2',
        ],
      ],
    );
    const annotated = text.replace('  name: llm\n', '  name: llm\n  annotations:\n    inference-lens/instance: g6e.12xlarge\n');
    const pinned = read(annotated);
    assert.deepEqual(
      [shown(annotated, pinned.spec.instance), pinned.resolution.chip?.id, pinned.findings.map((f) => f.code)],
      [{ value: 'g6e.12xlarge', origin: 'declared', span: 'g6e.12xlarge' }, 'l40s', []],
    );
  });

  it('asks a Ray Serve LLM config without accelerator_type for one', () => {
    const text = `llm_configs:
  - model_loading_config:
      model_id: qwen
      model_source: Qwen/Qwen2.5-7B-Instruct
`;
    assert.deepEqual(
      read(text).findings.filter((f) => f.code === 'hardware-unidentified').map((f) => f.message),
      ["Requests 1 accelerator per replica without saying which accelerator, so cost, speed and memory are not estimated. Name it with the LLMConfig's accelerator_type (e.g. accelerator_type: L4)."],
    );
  });

  it('tells a RayService whose app names no model to name it with the annotation its reader reads', () => {
    const text = rayService(
      `applications:
- name: llm
  import_path: serve:app`,
      L4_WORKER,
    );
    assert.deepEqual(
      read(text).findings.map((f) => [f.code, f.message, at(text, f.span)]),
      [
        [
          'model-unidentified',
          'No model found in this manifest, so speed and memory are not estimated. Name it with the annotation inference-lens/model (e.g. inference-lens/model: llama-3.1-70b).',
          'llm',
        ],
      ],
    );
  });

  it('stays silent on a RayService whose workers request no accelerators and whose app names no model', () => {
    const text = rayService(
      `applications:
- name: fruit
  import_path: fruit:deployment_graph`,
      `    - groupName: cpu
      replicas: 1
      template:
        spec:
          containers:
          - name: worker
            image: rayproject/ray:2.9.0`,
    );
    assert.deepEqual(analyze(text, catalog).findings, []);
    assert.deepEqual(deployments(text), []);
  });
});

describe('Ray Serve LLM model sources', () => {
  it('reads a storage model_source as the checkpoint its last segment names, inferred; the bucket variable does not matter', () => {
    const text = `applications:
  - name: llm-app
    import_path: ray.serve.llm:build_openai_app
    args:
      llm_configs:
        - model_loading_config:
            model_id: my-served-name
            model_source: s3://$S3_BUCKET/models/deepseek-r1-distill-llama-8b
          accelerator_type: L40S
`;
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.model), {
      value: 'deepseek-r1-distill-llama-8b',
      origin: 'inferred',
      span: 'deepseek-r1-distill-llama-8b',
      sources: ['s3://$S3_BUCKET/models/deepseek-r1-distill-llama-8b'],
    });
    assert.equal(d.spec.model?.span.start, text.indexOf('/models/deepseek') + '/models/'.length);
    assert.deepEqual([d.resolution.model?.id, d.resolution.chip?.id], ['deepseek-r1-distill-llama-8b', 'l40s']);
    assert.deepEqual(d.findings.filter((f) => f.code === 'unknown-model' || f.severity === 'error'), []);
  });

  it('keeps a Hugging Face model_source declared as written', () => {
    const text = `llm_configs:
  - model_loading_config:
      model_id: qwen
      model_source: hf://Qwen/Qwen2.5-7B-Instruct
    accelerator_type: L4
`;
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.model), { value: 'Qwen/Qwen2.5-7B-Instruct', origin: 'declared', span: 'Qwen/Qwen2.5-7B-Instruct' });
  });

  it('runs data parallel attention as one replica per rank, each of tensor × pipeline accelerators (Ray’s documented YAML)', () => {
    const text = `applications:
- name: dp_llm_app
  route_prefix: /
  import_path: ray.serve.llm:build_dp_openai_app
  args:
    llm_config:
      model_loading_config:
        model_id: Qwen/Qwen2.5-7B-Instruct
      accelerator_type: L4
      engine_kwargs:
        data_parallel_size: 4
        tensor_parallel_size: 2
      experimental_configs:
        dp_size_per_node: 4
`;
    const [d, ...rest] = deployments(text);
    assert.ok(d);
    assert.equal(rest.length, 0);
    assert.deepEqual(shown(text, d.spec.replicas), {
      value: 4,
      origin: 'inferred',
      span: '4',
      sources: ['4'],
      editable: '4',
    });
    assert.equal(d.spec.replicas?.origin === 'inferred' ? d.spec.replicas.reason : '', 'Ray Serve LLM runs one replica per data-parallel rank (data_parallel_size)');
    assert.equal(d.spec.replicas?.span.start, text.indexOf('data_parallel_size: 4') + 'data_parallel_size: '.length);
    assert.deepEqual([d.resolution.replicas, d.resolution.acceleratorsPerReplica, d.resolution.tensor, d.resolution.dataParallel], [4, 2, 2, 1]);
    assert.deepEqual(codes(d).filter((c) => c.includes('parallelism')), []);
  });
});

describe('TPU slices from GKE’s TPU selectors', () => {
  const tpu7x = (args: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm-tpu
spec:
  replicas: 1
  template:
    spec:
      nodeSelector:
        cloud.google.com/gke-tpu-accelerator: tpu7x
        cloud.google.com/gke-tpu-topology: 2x2x1
      containers:
      - name: vllm-tpu
        image: vllm/vllm-tpu:nightly
        command: ["vllm", "serve"]
        args:
${args}
        resources:
          limits:
            google.com/tpu: '4'
          requests:
            google.com/tpu: '4'
`;

  it('takes a TPU7x 2x2x1 topology of 4 chips to tpu7x-8, the slice the catalog lists (unpriced: cost unknown, hardware known)', () => {
    const text = tpu7x('        - --model=meta-llama/Llama-3.1-70B-Instruct\n        - --tensor-parallel-size=4');
    const d = read(text);
    assert.deepEqual(
      [d.resolution.chip?.id, d.resolution.instance?.id, d.resolution.instanceInferred, d.resolution.acceleratorsPerReplica, d.resolution.tensor, d.resolution.costPerHour],
      ['tpu-v7', 'tpu7x-8', true, 4, 4, undefined],
    );
    assert.deepEqual(shown(text, d.spec.tpuTopology), { value: '2x2x1', origin: 'declared', span: '2x2x1' });
    assert.deepEqual(codes(d), ['info no-price']);
  });

  it('reads tensor 8 on 4 TPU7x chips as TensorCores: a units note without a fix, never an error', () => {
    const text = tpu7x('        - --model=meta-llama/Llama-3.1-70B-Instruct\n        - --tensor-parallel-size=8');
    const d = read(text);
    const found = d.findings.filter((f) => f.code === 'parallelism-mismatch');
    assert.deepEqual(
      found.map((f) => [f.severity, f.message, at(text, f.span), f.fix]),
      [
        [
          'info',
          'tensor 8 counts TensorCores: tpu7x-8 has 4 TPU v7 chips = 8 TensorCores. Parallelism here counts chips, so the estimate uses tensor 4 on the hardware declared.',
          '8',
          undefined,
        ],
      ],
    );
    assert.deepEqual([d.resolution.tensor, d.resolution.instance?.id], [4, 'tpu7x-8']);
    assert.deepEqual(d.findings.filter((f) => f.severity === 'error'), []);
  });

  it('keeps a topology that disagrees with the chips requested an error, and picks no slice from it', () => {
    const text = tpu7x('        - --model=meta-llama/Llama-3.1-70B-Instruct').replace('2x2x1', '2x2x2');
    const d = read(text);
    assert.deepEqual(
      d.findings.filter((f) => f.code === 'tpu-topology').map((f) => [f.severity, f.message]),
      [['error', 'Topology 2x2x2 is 8 chips, but 1 host × google.com/tpu 4 = 4.']],
    );
    assert.equal(d.resolution.instance, undefined);
  });
});

describe('JetStream MaxText arguments', () => {
  const maxengine = (args: string, image = 'us-docker.pkg.dev/cloud-tpu-images/inference/maxengine-server:v0.2.2'): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: maxengine-server
spec:
  replicas: 2
  template:
    spec:
      nodeSelector:
        cloud.google.com/gke-tpu-topology: 2x4
        cloud.google.com/gke-tpu-accelerator: tpu-v5-lite-podslice
      containers:
      - name: maxengine-server
        image: ${image}
        args:
${args}
        resources:
          limits:
            google.com/tpu: 8
`;

  it('reads model_name as the model (declared at its value) and weight_dtype as the precision; the mesh is no tensor degree', () => {
    const text = maxengine(`        - model_name=gemma-7b
        - tokenizer_path=assets/tokenizer.gemma
        - ici_autoregressive_parallelism=-1
        - ici_tensor_parallelism=1
        - weight_dtype=bfloat16`);
    const d = read(text);
    assert.deepEqual(shown(text, d.spec.model), { value: 'gemma-7b', origin: 'declared', span: 'gemma-7b' });
    assert.equal(d.spec.model?.span.start, text.indexOf('model_name=gemma-7b') + 'model_name='.length);
    assert.deepEqual(shown(text, d.spec.precision), { value: 'bf16', origin: 'inferred', span: 'bfloat16', sources: ['bfloat16'] });
    assert.equal(d.spec.tensor, undefined);
    assert.deepEqual(
      [d.resolution.model?.id, d.resolution.chip?.id, d.resolution.instance?.id, d.resolution.acceleratorsPerReplica, d.resolution.tensor, d.resolution.replicas],
      ['gemma-7b', 'tpu-v5e', 'v5litepod-8', 8, 8, 2],
    );
    assert.deepEqual(d.findings.filter((f) => f.severity !== 'info'), []);
  });

  it('takes quantization over weight_dtype, the last of repeated overrides, and ignores key=value words of other images', () => {
    const text = maxengine(`        - model_name=llama2-7b
        - model_name=gemma-7b
        - weight_dtype=bfloat16
        - quantization=int8`);
    const d = read(text);
    assert.deepEqual([d.spec.model?.value, shown(text, d.spec.precision)], ['gemma-7b', { value: 'int8', origin: 'inferred', span: 'int8', sources: ['int8'] }]);
    const other = analyze(maxengine('        - model_name=gemma-7b', 'example.com/my-server:1'), catalog).deployments[0];
    assert.equal(other?.spec.model, undefined);
  });
});

describe('KAITO presets', () => {
  const workspace = (preset: string): string => `apiVersion: kaito.sh/v1beta1
kind: Workspace
metadata:
  name: workspace-mistral-7b
resource:
  instanceType: "Standard_NC24ads_A100_v4"
inference:
  preset:
    name: "${preset}"
`;

  it('reads a built-in preset as the repository KAITO serves for it, inferred from the preset name', () => {
    for (const [preset, repository] of [
      ['mistral-7b', 'mistralai/Mistral-7B-v0.3'],
      ['mistral-7b-instruct', 'mistralai/Mistral-7B-Instruct-v0.3'],
    ] as const) {
      const text = workspace(preset);
      const d = read(text);
      assert.deepEqual(shown(text, d.spec.model), { value: repository, origin: 'inferred', span: preset, sources: [preset] });
      assert.deepEqual(
        [d.resolution.model?.id, d.resolution.chip?.id, d.resolution.instance?.id, d.resolution.acceleratorsPerReplica, d.resolution.tensor],
        ['mistral-7b-v0.3', 'a100-80gb', 'standard_nc24ads_a100_v4', 1, 1],
      );
      assert.deepEqual(d.findings.filter((f) => f.severity !== 'info'), []);
    }
  });

  it('keeps a Hugging Face id written as the preset, declared, and a preset KAITO does not list as written', () => {
    const hf = workspace('Qwen/Qwen2.5-7B-Instruct');
    assert.deepEqual(shown(hf, read(hf).spec.model), { value: 'Qwen/Qwen2.5-7B-Instruct', origin: 'declared', span: 'Qwen/Qwen2.5-7B-Instruct' });
    const unlisted = workspace('my-private-preset');
    assert.deepEqual(shown(unlisted, read(unlisted).spec.model), { value: 'my-private-preset', origin: 'declared', span: 'my-private-preset' });
  });
});
