import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { analyze, type AnalyzedDeployment } from '../../server/src/core/engine/analyze';
import { compareHardware } from '../../server/src/core/engine/compare';
import { DEFAULT_ASSUMPTIONS } from '../../server/src/core/estimator/assumptions';
import { fixOptions } from '../../server/src/core/findings';
import { DEFAULTS } from '../../server/src/core/resolve/resolve';
import { retarget, type Retargeted } from '../../server/src/core/resolve/retarget';
import type { OffsetEdit } from '../../server/src/core/span';

const catalog = loadCatalog(BUNDLED_CATALOG).catalog;

function apply(text: string, edits: readonly OffsetEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, e) => out.slice(0, e.start) + e.newText + out.slice(e.end), text);
}

function only(text: string): AnalyzedDeployment {
  const [deployment, ...rest] = analyze(text, catalog).deployments;
  assert.ok(deployment, 'one deployment');
  assert.equal(rest.length, 0);
  return deployment;
}

/** Moves the only deployment of a text to an instance at a tensor degree, as Compare Hardware would. */
function moveTo(text: string, instanceId: string, tensor: number): Retargeted {
  const deployment = only(text);
  const instance = catalog.instance(instanceId);
  const chip = instance && catalog.chip(instance.accelerator);
  assert.ok(instance && chip);
  return retarget(deployment.spec, deployment.resolution, { instance, chip, tensor, precision: deployment.resolution.precision ?? 'bf16' });
}

function edited(text: string, moved: Retargeted): string {
  assert.equal(moved.kind, 'edit', moved.kind === 'manual' ? moved.changes.join('; ') : '');
  return moved.kind === 'edit' ? apply(text, moved.edits) : text;
}

const K8S_FLOW_ARGS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: chat
spec:
  replicas: 1
  template:
    spec:
      nodeSelector:
        node.kubernetes.io/instance-type: g6e.12xlarge
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.10.1.1
          args: ["--model", "meta-llama/Llama-3.1-70B-Instruct", "--quantization", "fp8"]
          resources:
            limits:
              nvidia.com/gpu: 4
            requests:
              nvidia.com/gpu: 4
`;

const K8S_BLOCK_ARGS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: chat
spec:
  template:
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.10.1.1
          args:
            - --model
            - meta-llama/Llama-3.1-8B-Instruct
          resources:
            limits:
              nvidia.com/gpu: 1
`;

describe('retarget: Kubernetes', () => {
  it('reads the missing tensor degree as vLLM’s implied 1, written after the model, never at the model', () => {
    const tensor = only(K8S_FLOW_ARGS).spec.tensor;
    assert.equal(tensor?.origin, 'implied');
    assert.equal(tensor?.value, 1);
    assert.equal(tensor?.origin === 'implied' ? tensor.reason : '', "vLLM's default tensor parallel size");
  });

  it('moves instance label, both resource counts and the tensor flag, inserting the flag into a flow sequence', () => {
    const after = edited(K8S_FLOW_ARGS, moveTo(K8S_FLOW_ARGS, 'p5.48xlarge', 8));
    assert.match(after, /node\.kubernetes\.io\/instance-type: p5\.48xlarge/);
    assert.match(after, /limits:\n {14}nvidia\.com\/gpu: 8\n {12}requests:\n {14}nvidia\.com\/gpu: 8/);
    assert.match(after, /args: \["--model", "meta-llama\/Llama-3\.1-70B-Instruct", "--quantization", "fp8", --tensor-parallel-size, "8"\]/);
    const moved = only(after);
    assert.equal(moved.spec.model?.value, 'meta-llama/Llama-3.1-70B-Instruct');
    assert.equal(moved.resolution.instance?.id, 'p5.48xlarge');
    assert.equal(moved.resolution.tensor, 8);
    assert.equal(moved.spec.tensor?.origin, 'declared');
  });

  it('writes a missing flag as new items of a block sequence, at its indentation', () => {
    const after = edited(K8S_BLOCK_ARGS, moveTo(K8S_BLOCK_ARGS, 'g6.12xlarge', 4));
    assert.match(after, / {12}- meta-llama\/Llama-3\.1-8B-Instruct\n {12}- --tensor-parallel-size\n {12}- "4"\n/);
    assert.match(after, /nodeSelector:\n {8}node\.kubernetes\.io\/instance-type: g6\.12xlarge/);
    const moved = only(after);
    assert.equal(moved.resolution.instance?.id, 'g6.12xlarge');
    assert.equal(moved.resolution.tensor, 4);
  });

  it('lists a move to another vendor as manual, saying what has to change, with no edits', () => {
    const moved = moveTo(K8S_FLOW_ARGS, 'v6e-8', 8);
    assert.equal(moved.kind, 'manual');
    assert.deepEqual(moved.kind === 'manual' ? moved.changes : [], [
      'Google Cloud TPU v6e (Trillium) needs its own resource name, serving image and engine flags: this manifest is set up for NVIDIA L40S GPU',
      'move the deployment from AWS to GCP',
    ]);
  });
});

const SKYPILOT = `resources:
  accelerators: L4:1
  cloud: aws
envs:
  MODEL: Qwen/Qwen2.5-7B-Instruct
run: |
  vllm serve $MODEL --tensor-parallel-size $SKYPILOT_NUM_GPUS_PER_NODE --max-model-len 4096
`;

describe('retarget: SkyPilot', () => {
  it('expands $SKYPILOT_NUM_GPUS_PER_NODE from the accelerators, as inferred, and the model from envs', () => {
    const spec = only(SKYPILOT).spec;
    assert.equal(spec.tensor?.origin, 'inferred');
    assert.equal(spec.tensor?.value, 1);
    assert.equal(spec.model?.origin, 'inferred');
    assert.equal(spec.model?.value, 'Qwen/Qwen2.5-7B-Instruct');
  });

  it('changes only the count after the name; the tensor degree follows it', () => {
    const after = edited(SKYPILOT, moveTo(SKYPILOT, 'g6.12xlarge', 4));
    assert.match(after, /accelerators: L4:4\n/);
    assert.match(after, /vllm serve \$MODEL --tensor-parallel-size \$SKYPILOT_NUM_GPUS_PER_NODE/);
    const moved = only(after);
    assert.equal(moved.spec.tensor?.value, 4);
    assert.equal(moved.spec.model?.value, 'Qwen/Qwen2.5-7B-Instruct');
  });
});

const NATIVE_BARE = `apiVersion: inference-lens/v1
kind: InferenceDeployment
metadata:
  name: chat
spec:
  model:
    id: llama-3.1-8b
  hardware:
    accelerator: l4
    count: 1
`;

describe('retarget: InferenceDeployment', () => {
  it('turns a bare accelerator into the instance and writes the tensor degree under parallelism when it is not all chips', () => {
    const after = edited(NATIVE_BARE, moveTo(NATIVE_BARE, 'g6.12xlarge', 2));
    assert.match(after, /hardware:\n {4}instance: g6\.12xlarge\n {4}count: 4\n/);
    assert.match(after, /model:\n {4}id: llama-3\.1-8b\n/);
    const moved = only(after);
    assert.equal(moved.resolution.instance?.id, 'g6.12xlarge');
    assert.equal(moved.resolution.tensor, 2);
    assert.deepEqual(
      moved.findings.map((f) => f.code),
      ['parallelism-mismatch'],
    );
  });
});

describe('quick fixes from provenance', () => {
  it('inserts the tensor flag an implied default lacks instead of overwriting the model', () => {
    const text = K8S_FLOW_ARGS.replace('"--quantization", "fp8"', '"--max-model-len", "8192"').replace('meta-llama/Llama-3.1-70B-Instruct', 'meta-llama/Llama-3.1-8B-Instruct');
    const mismatch = analyze(text, catalog).findings.find((f) => f.code === 'parallelism-mismatch');
    assert.ok(mismatch?.fix, 'a fix is offered');
    const [option] = fixOptions(mismatch.fix);
    assert.equal(option?.title, 'Add --tensor-parallel-size 4');
    const after = apply(text, option?.edits ?? []);
    assert.match(after, /"meta-llama\/Llama-3\.1-8B-Instruct", "--max-model-len", "8192", --tensor-parallel-size, "4"\]/);
    assert.equal(analyze(after, catalog).findings.filter((f) => f.code === 'parallelism-mismatch').length, 0);
  });

  it('offers no fix for a value it cannot edit without touching other text', () => {
    const text = SKYPILOT.replace('L4:1', 'L4:2').replace('$SKYPILOT_NUM_GPUS_PER_NODE', '$TP');
    const deployment = only(text);
    assert.equal(deployment.spec.tensor, undefined, '$TP is defined nowhere: not guessed');
    assert.deepEqual(deployment.spec.unresolved?.map((u) => [u.field, u.text]), [['tensor', '$TP']]);
  });
});

describe('Compare Hardware estimates what Apply writes', () => {
  it('gives every row either edits or the manual changes, and Apply rows re-read as estimated', () => {
    const deployment = only(K8S_FLOW_ARGS);
    const comparison = compareHardware(deployment, catalog, DEFAULT_ASSUMPTIONS, DEFAULTS);
    assert.ok(comparison && comparison.options.length > 10);
    const editable = comparison.options.filter((o) => o.move.kind === 'edit');
    const manual = comparison.options.filter((o) => o.move.kind === 'manual');
    assert.ok(editable.length > 0 && manual.length > 0);
    assert.ok(manual.every((o) => o.chip.vendor !== 'nvidia' || o.move.kind === 'manual'));
    assert.ok(editable.every((o) => o.chip.vendor === 'nvidia'), 'only NVIDIA instances can be applied to an nvidia.com/gpu pod');
    for (const option of editable.slice(0, 5)) {
      const after = only(apply(K8S_FLOW_ARGS, option.move.kind === 'edit' ? option.move.edits : []));
      assert.equal(after.resolution.instance?.id, option.instance.id);
      assert.equal(after.resolution.acceleratorsPerReplica, option.analyzed.resolution.acceleratorsPerReplica);
      assert.ok(Math.abs((after.estimate?.costPerHour ?? 0) - (option.estimate.costPerHour ?? -1)) < 1e-9);
    }
  });
});

const CHAT = `apiVersion: inference-lens/v1
kind: InferenceDeployment
metadata:
  name: chat
spec:
  model:
    id: meta-llama/Llama-3.1-70B-Instruct
    precision: fp8
  hardware:
    instance: p5.48xlarge
    region: us-east-1
  parallelism: { tensor: 8 }
  workload: { inputTokens: 1024, outputTokens: 256, concurrency: 64 }
  slo: { tpotMs: 50 }
`;

describe('Compare Hardware on the same basis as the lens', () => {
  it('shows the deployment’s own instance with exactly the figures of its lens', () => {
    const deployment = only(CHAT);
    const comparison = compareHardware(deployment, catalog, DEFAULT_ASSUMPTIONS, DEFAULTS);
    const current = comparison?.options.find((o) => o.current);
    assert.equal(current?.instance.id, 'p5.48xlarge');
    assert.equal(current?.estimate, deployment.estimate);
    assert.equal(current?.move.kind === 'edit' ? current.move.edits.length : -1, 0);
  });

  it('ranks the rows that meet the SLO before those that miss it, among those that fit', () => {
    const comparison = compareHardware(only(CHAT), catalog, DEFAULT_ASSUMPTIONS, DEFAULTS);
    const fitting = comparison?.options.filter((o) => o.fits) ?? [];
    const firstMiss = fitting.findIndex((o) => o.meetsSlo === false);
    assert.ok(firstMiss > 0, 'some fitting rows meet the SLO, some miss it');
    assert.ok(fitting.slice(firstMiss).every((o) => o.meetsSlo === false));
    const before = fitting.slice(0, firstMiss);
    assert.ok(before.every((o) => o.meetsSlo !== false));
    const unknown = before.findIndex((o) => o.meetsSlo === null);
    assert.ok(before.slice(0, unknown < 0 ? undefined : unknown).every((o) => o.meetsSlo === true && (o.estimate.tpotMs ?? Infinity) <= 50), 'those meeting it come first');
    assert.ok(unknown < 0 || before.slice(unknown).every((o) => o.meetsSlo === null), 'then those that cannot be checked');
  });

  it('compares every region, each row moving the region too, when the declared one has nothing priced', () => {
    const text = CHAT.replace('region: us-east-1', 'region: mars-central-1');
    const comparison = compareHardware(only(text), catalog, DEFAULT_ASSUMPTIONS, DEFAULTS);
    assert.equal(comparison?.emptyRegion, 'mars-central-1');
    assert.equal(comparison?.region, undefined);
    assert.ok((comparison?.options.length ?? 0) > 10);
    const row = comparison?.options.find((o) => o.instance.id === 'p5.48xlarge');
    assert.ok(row && row.move.kind === 'edit');
    const after = only(apply(text, row.move.edits));
    assert.equal(after.spec.region?.value, row.region);
    assert.ok(Math.abs((after.estimate?.costPerHour ?? 0) - (row.estimate.costPerHour ?? -1)) < 1e-9);
  });

  it('compares in a chosen region', () => {
    const comparison = compareHardware(only(CHAT), catalog, DEFAULT_ASSUMPTIONS, DEFAULTS, { region: 'us-west-2' });
    assert.equal(comparison?.region, 'us-west-2');
    assert.ok(comparison?.options.every((o) => o.region === 'us-west-2'));
    assert.ok(comparison?.regions.includes('us-east-1'));
  });
});
