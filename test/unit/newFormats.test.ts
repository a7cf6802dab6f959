// The formats added for issue 13: KServe LLMInferenceService, KAITO, NVIDIA Dynamo,
// llm-d ModelService values and Ray Serve prefill/decode configs. Each test reads a
// manifest as a user has it (the examples, the real-world corpus, or a small inline
// variant) and checks what the product shows: the fields with the text they point at,
// where each value came from, the findings, and what an edit writes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { analyze, type AnalyzedDeployment } from '../../server/src/core/engine/analyze';
import { compareHardware } from '../../server/src/core/engine/compare';
import { DEFAULT_ASSUMPTIONS } from '../../server/src/core/estimator/assumptions';
import type { Field } from '../../server/src/core/manifest/provenance';
import { editField } from '../../server/src/core/manifest/provenance';
import { deploymentLenses } from '../../server/src/core/present/estimates';
import { hoverAt } from '../../server/src/core/present/hover';
import { assumptionLines } from '../../server/src/core/present/provenance';
import { DEFAULTS } from '../../server/src/core/resolve/resolve';
import { retarget } from '../../server/src/core/resolve/retarget';
import type { OffsetEdit, Span } from '../../server/src/core/span';
import { REPO_ROOT } from '../helpers/fixtures';

const catalog = loadCatalog(BUNDLED_CATALOG).catalog;

const read = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');
const slice = (text: string, span: Span | undefined): string => (span ? text.slice(span.start, span.end) : '');

function deployments(text: string): AnalyzedDeployment[] {
  return [...analyze(text, catalog).deployments];
}

function named(list: readonly AnalyzedDeployment[], name: string): AnalyzedDeployment {
  const found = list.find((d) => d.spec.name === name);
  assert.ok(found, `${name} among ${list.map((d) => d.spec.name).join(', ')}`);
  return found;
}

function apply(text: string, edits: readonly OffsetEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, e) => out.slice(0, e.start) + e.newText + out.slice(e.end), text);
}

/** The text a field's value would be written as after setting it to `value` (its insertion, replacement or source). */
function set(text: string, field: Field<unknown> | undefined, value: string): string {
  assert.ok(field);
  const edit = editField(field, value);
  assert.ok('edits' in edit, 'reason' in edit ? edit.reason : '');
  return apply(text, edit.edits);
}

/** The cheapest on-demand hourly price the catalog lists for an instance. */
function cheapest(instanceId: string): number {
  const prices = (catalog.instance(instanceId)?.prices ?? []).filter((p) => p.pricing === 'on-demand').map((p) => p.usdPerHour);
  assert.ok(prices.length > 0, `${instanceId} is priced`);
  return Math.min(...prices);
}

describe('KServe LLMInferenceService', () => {
  const path = 'examples/real-world/kserve-llminferenceservice.yaml';
  const text = read(path);

  it('reads spec and spec.prefill as the decode and prefill pools of one deployment', () => {
    const list = deployments(text);
    assert.deepEqual(
      list.map((d) => [d.spec.name, d.spec.format, d.spec.pool]),
      [
        ['llama-8b-pd/decode', 'kserve-llm', { role: 'decode', deployment: 'llama-8b-pd' }],
        ['llama-8b-pd/prefill', 'kserve-llm', { role: 'prefill', deployment: 'llama-8b-pd' }],
      ],
    );
    for (const d of list) {
      assert.equal(slice(text, d.spec.model?.span), 'meta-llama/Llama-3.1-8B-Instruct');
      assert.equal(d.spec.model?.span.start, text.indexOf('hf://meta-llama') + 'hf://'.length, 'the model points at the uri, without its scheme');
      assert.deepEqual([d.resolution.model?.id, d.resolution.instance?.id, d.resolution.chip?.id, d.resolution.acceleratorsPerReplica], ['llama-3.1-8b', 'g6e.xlarge', 'l40s', 1]);
      assert.deepEqual(d.findings, []);
    }
    const [decode, prefill] = list;
    assert.deepEqual([decode?.spec.replicas?.value, prefill?.spec.replicas?.value], [2, 1]);
    assert.deepEqual([decode?.spec.maxContextTokens?.origin, slice(text, decode?.spec.maxContextTokens?.span)], ['declared', '8192'], 'read from VLLM_ADDITIONAL_ARGS');
    assert.equal(prefill?.spec.maxContextTokens, undefined, 'the prefill pool sets no length');
    assert.equal(decode?.resolution.costPerHour, cheapest('g6e.xlarge') * 2);
  });

  it('assumes vLLM’s tensor degree of 1 and writes one under the pool’s spec.parallelism', () => {
    const list = deployments(text);
    const decode = named(list, 'llama-8b-pd/decode');
    const tensor = decode.spec.tensor;
    assert.deepEqual([tensor?.origin, tensor?.value, tensor?.origin === 'implied' ? tensor.reason : ''], ['implied', 1, "vLLM's default tensor parallel size (KServe runs vLLM)"]);
    assert.equal(tensor?.span.start, tensor?.span.end, 'an implied value points at where it would be written, not at other text');
    const edited = set(text, tensor, '2');
    assert.match(edited, /\nspec:\n {2}parallelism:\n {4}tensor: 2\n {2}model:\n/, 'the first entry of spec, clear of the pod template’s end');
    assert.equal(named(deployments(edited), 'llama-8b-pd/decode').spec.tensor?.value, 2);
    assert.equal(named(deployments(edited), 'llama-8b-pd/prefill').spec.tensor?.origin, 'implied', 'the prefill pool keeps its own default');
    const prefillEdited = set(text, named(list, 'llama-8b-pd/prefill').spec.tensor, '4');
    assert.match(prefillEdited, /\n {2}prefill:\n {4}parallelism:\n {6}tensor: 4\n {4}replicas: 1\n/);
  });

  it('moves a pool to a larger instance by rewriting its node label, both GPU counts and its tensor degree', () => {
    const decode = named(deployments(text), 'llama-8b-pd/decode');
    const instance = catalog.instance('g6e.12xlarge');
    const chip = instance && catalog.chip(instance.accelerator);
    assert.ok(instance && chip);
    const moved = retarget(decode.spec, decode.resolution, { instance, chip, tensor: 4, precision: 'bf16' });
    assert.equal(moved.kind, 'edit');
    if (moved.kind !== 'edit') return;
    const after = named(deployments(apply(text, moved.edits)), 'llama-8b-pd/decode');
    assert.deepEqual([after.resolution.instance?.id, after.spec.acceleratorsPerPod?.value, after.spec.tensor?.value], ['g6e.12xlarge', 4, 4]);
    assert.equal(named(deployments(apply(text, moved.edits)), 'llama-8b-pd/prefill').resolution.instance?.id, 'g6e.xlarge', 'the other pool stays');
  });

  it('counts data × expert parallel groups: data / dataLocal pods of 8 GPUs per replica', () => {
    const file = 'test/fixtures/real-world/kserve__kserve__llmisvc-deepseek-r1-dp-ep.yaml';
    const source = read(file);
    const [d] = deployments(source);
    assert.ok(d);
    const pods = d.spec.podsPerReplica;
    assert.deepEqual([pods?.origin, pods?.value, d.spec.acceleratorsPerPod?.value, d.resolution.acceleratorsPerReplica, d.spec.tensor?.value], ['inferred', 4, 8, 32, 1]);
    assert.deepEqual(pods?.origin === 'inferred' ? pods.sources.map((s) => slice(source, s)) : [], ['32', '8']);
    assert.equal(pods?.origin === 'inferred' ? pods.editable : 'none', undefined, 'a quotient has no one place to edit');
    assert.equal(slice(source, d.spec.maxContextTokens?.span), '8192');
  });

  it('reads the model and replicas of a service whose pod comes from a shared config, with no error for the hardware it does not name', () => {
    const source = `apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceService
metadata:
  name: qwen3-8b
spec:
  model:
    uri: hf://Qwen/Qwen3-8B
    name: Qwen/Qwen3-8B
  replicas: 3
  baseRefs:
    - name: llmisvc-shared-gpu-config
`;
    const [d, ...rest] = deployments(source);
    assert.equal(rest.length, 0);
    assert.deepEqual([d?.spec.name, d?.resolution.model?.id, d?.spec.replicas?.value, d?.spec.acceleratorsPerPod], ['qwen3-8b', 'qwen3-8b', 3, undefined]);
    assert.deepEqual(d?.findings.filter((f) => f.severity === 'error'), []);
    assert.match(set(source, d?.spec.tensor, '2'), /\nspec:\n {2}parallelism:\n {4}tensor: 2\n {2}model:\n/);
  });

  it('takes devices per pod from a managed DRA claim annotation', () => {
    const source = read('test/fixtures/real-world/kserve__kserve__llmisvc-dra-multi-device.yaml');
    const [d] = deployments(source);
    assert.deepEqual([d?.spec.acceleratorsPerPod?.origin, slice(source, d?.spec.acceleratorsPerPod?.span)], ['declared', '2']);
    assert.equal(slice(source, d?.spec.model?.span), 'Qwen/Qwen2.5-7B-Instruct');
  });
});

describe('KAITO', () => {
  const text = read('examples/real-world/kaito-workspace.yaml');

  it('reads a Workspace: Azure VM size, node count and the preset’s Hugging Face model', () => {
    const [d, ...rest] = deployments(text);
    assert.ok(d);
    assert.equal(rest.length, 0);
    assert.deepEqual([d.spec.name, d.spec.format, d.spec.provider, slice(text, d.spec.instance?.span)], ['workspace-llama-3-3-70b', 'kaito', 'azure', 'Standard_NC48ads_A100_v4']);
    const model = d.spec.model;
    assert.deepEqual([model?.origin, model?.value, slice(text, model?.span)], ['inferred', 'meta-llama/Llama-3.3-70B-Instruct', 'llama-3.3-70b-instruct']);
    assert.deepEqual(model?.origin === 'inferred' ? [model.sources.map((s) => slice(text, s)), model.editable] : [], [['llama-3.3-70b-instruct'], undefined]);
    assert.equal(d.resolution.model?.id, 'llama-3.3-70b');
    assert.deepEqual([d.spec.podsPerReplica?.origin, slice(text, d.spec.podsPerReplica?.span)], ['declared', '2']);
    assert.deepEqual([d.spec.pipeline?.origin, d.spec.pipeline?.value], ['inferred', 2]);
    assert.equal(d.spec.tensor, undefined, 'KAITO sets the tensor degree to the node’s GPUs');
    assert.deepEqual([d.resolution.tensor, d.resolution.pipeline, d.resolution.acceleratorsPerReplica], [2, 2, 4]);
    assert.equal(d.resolution.costPerHour, cheapest('standard_nc48ads_a100_v4') * 2);
    assert.deepEqual(d.findings, []);
    assert.deepEqual(assumptionLines(d), [
      '- **model** meta-llama/Llama-3.3-70B-Instruct: inferred — KAITO preset llama-3.3-70b-instruct serves meta-llama/Llama-3.3-70B-Instruct',
      '- **pipeline parallel size** 2: inferred — KAITO runs one pipeline stage per node \\(resource.count 2\\)',
    ]);
  });

  it('shows the VM size’s card on hover and the two nodes’ cost in the lens', () => {
    const analysis = analyze(text, catalog);
    const [d] = analysis.deployments;
    const at = d?.spec.instance?.span.start ?? 0;
    const hover = hoverAt(analysis, catalog, at + 1)?.markdown ?? '';
    assert.match(hover, /^\*\*Standard\\_NC48ads\\_A100\\_v4\*\* · AZURE\n\n2× NVIDIA A100 80GB/);
    assert.ok(d);
    const perHour = (cheapest('standard_nc48ads_a100_v4') * 2).toFixed(2);
    assert.match(deploymentLenses(d)[0]?.title ?? '', new RegExp(`^\\$${perHour.replace('.', '\\.')}/h`));
  });

  it('moves a single-node workspace by its instanceType alone, and a multi-node one only by hand', () => {
    const single = read('test/fixtures/real-world/kaito-project__kaito__workspace-phi-4-mini.yaml');
    const [d] = deployments(single);
    const instance = catalog.instance('standard_nc48ads_a100_v4');
    const chip = instance && catalog.chip(instance.accelerator);
    assert.ok(d && instance && chip);
    const moved = retarget(d.spec, d.resolution, { instance, chip, tensor: 2, precision: 'bf16' });
    assert.deepEqual(moved.kind === 'edit' ? moved.edits.map((e) => [slice(single, e), e.newText]) : moved.changes, [['Standard_NC24ads_A100_v4', 'Standard_NC48ads_A100_v4']]);
    const [group] = deployments(text);
    assert.ok(group);
    const manual = retarget(group.spec, group.resolution, { instance, chip, tensor: 2, precision: 'bf16' });
    assert.equal(manual.kind, 'manual');
  });

  it('reads a MultiRoleInference as prefill and decode pools, and says when the model cannot fit a role', () => {
    const [prefill, decode] = deployments(read('test/fixtures/real-world/kaito-project__kaito__multiroleinference-deepseek-v3.yaml'));
    assert.deepEqual([prefill?.spec.name, prefill?.spec.pool?.role, decode?.spec.name, decode?.spec.pool?.role], ['deepseek-v3-pd/prefill', 'prefill', 'deepseek-v3-pd/decode', 'decode']);
    assert.deepEqual([prefill?.resolution.model?.id, prefill?.resolution.instance?.id], ['deepseek-v3', 'standard_nc24ads_a100_v4']);
    assert.deepEqual(prefill?.findings.map((f) => [f.code, f.severity]), [['memory-exceeded', 'error']]);
  });

  it('reads an InferenceSet’s template and replicas', () => {
    const source = read('test/fixtures/real-world/kaito-project__kaito__inferenceset-mistral-7b.yaml');
    const [d] = deployments(source);
    assert.deepEqual([d?.spec.name, d?.spec.model?.value, slice(source, d?.spec.instance?.span), d?.spec.replicas?.value], ['mistral-7b-instruct', 'mistralai/Mistral-7B-Instruct-v0.3', 'Standard_NC24ads_A100_v4', 1]);
  });
});

describe('NVIDIA Dynamo', () => {
  const text = read('examples/real-world/dynamo-graph-deployment.yaml');

  it('reads each GPU worker as a pool: GPUs from resources.limits.gpu, the engine flags after -m dynamo.vllm', () => {
    const list = deployments(text);
    assert.deepEqual(
      list.map((d) => [d.spec.name, d.spec.pool?.role, d.spec.replicas?.value]),
      [
        ['llama-8b-disagg/VllmDecodeWorker', 'decode', 2],
        ['llama-8b-disagg/VllmPrefillWorker', 'prefill', 1],
      ],
      'the frontend holds no GPU and is no deployment',
    );
    for (const d of list) {
      assert.deepEqual([d.spec.acceleratorsPerPod?.origin, slice(text, d.spec.acceleratorsPerPod?.span)], ['declared', '1']);
      assert.equal(slice(text, d.spec.model?.span), 'meta-llama/Llama-3.1-8B-Instruct');
      assert.deepEqual([d.resolution.model?.id, d.resolution.instance?.id, d.spec.maxContextTokens?.value], ['llama-3.1-8b', 'g6e.xlarge', 8192]);
      assert.deepEqual(d.spec.pins, { resource: 'nvidia.com/gpu' });
      assert.deepEqual(d.findings, []);
    }
  });

  it('writes a missing tensor degree as new items of the args that hold the model', () => {
    const decode = named(deployments(text), 'llama-8b-disagg/VllmDecodeWorker');
    assert.deepEqual([decode.spec.tensor?.origin, decode.spec.tensor?.value], ['implied', 1]);
    const edited = set(text, decode.spec.tensor, '2');
    assert.match(edited, /- meta-llama\/Llama-3\.1-8B-Instruct\n {12}- --max-model-len=8192\n {12}- --tensor-parallel-size\n {12}- "2"\n {4}VllmPrefillWorker/);
    assert.equal(named(deployments(edited), 'llama-8b-disagg/VllmDecodeWorker').spec.tensor?.value, 2);
  });

  it('renames the model of every pool at once: the pools serve one model', () => {
    const decode = named(deployments(text), 'llama-8b-disagg/VllmDecodeWorker');
    const model = decode.spec.model;
    assert.deepEqual(model?.origin === 'declared' ? model.copies?.map((s) => s.start) : [], [text.lastIndexOf('meta-llama/Llama-3.1-8B-Instruct')]);
    const renamed = set(text, model, 'meta-llama/Llama-3.1-70B-Instruct');
    assert.deepEqual(
      deployments(renamed).map((d) => d.resolution.model?.id),
      ['llama-3.1-70b', 'llama-3.1-70b'],
    );
  });

  it('says a TensorRT-LLM worker’s tensor degree is in its engine config file, never an engine default', () => {
    const source = `apiVersion: nvidia.com/v1alpha1
kind: DynamoGraphDeployment
metadata:
  name: trtllm-agg
spec:
  services:
    TRTLLMWorker:
      componentType: worker
      replicas: 1
      multinode:
        nodeCount: 2
      resources:
        limits:
          gpu: "8"
      extraPodSpec:
        mainContainer:
          command: [/bin/sh, -c]
          args:
            - python3 -m dynamo.trtllm --model-path deepseek-ai/DeepSeek-R1 --extra-engine-args engine_configs/agg.yaml
`;
    const [d] = deployments(source);
    assert.deepEqual([d?.spec.tensor, d?.spec.podsPerReplica?.value, d?.resolution.acceleratorsPerReplica, d?.resolution.model?.id], [undefined, 2, 16, 'deepseek-r1']);
    const finding = d?.findings.find((f) => f.code === 'value-unresolved');
    assert.deepEqual([finding?.severity, slice(source, finding?.span)], ['info', 'engine_configs/agg.yaml']);
  });

  it('reads SGLang workers’ --tp', () => {
    const source = read('test/fixtures/real-world/ai-dynamo__dynamo__dgd-sglang-disagg-qwen3-0.6b.yaml');
    const list = deployments(source);
    assert.deepEqual(
      list.map((d) => [d.spec.name, d.spec.tensor?.origin, d.spec.model?.value]),
      [
        ['sglang-disagg/decode', 'declared', 'Qwen/Qwen3-0.6B'],
        ['sglang-disagg/prefill', 'declared', 'Qwen/Qwen3-0.6B'],
      ],
    );
  });
});

describe('llm-d ModelService values', () => {
  const text = read('examples/real-world/llm-d-modelservice-values.yaml');

  it('reads decode and prefill sections as pools: parallelism, replicas and the GPUs the chart requests', () => {
    const [decode, prefill, ...rest] = deployments(text);
    assert.ok(decode && prefill);
    assert.equal(rest.length, 0);
    assert.deepEqual([decode.spec.name, decode.spec.pool, prefill.spec.name, prefill.spec.pool?.role], ['decode', { role: 'decode', deployment: 'meta-llama/Llama-3.1-8B-Instruct' }, 'prefill', 'prefill']);
    assert.deepEqual([decode.spec.tensor?.origin, decode.spec.tensor?.span.start], ['declared', text.indexOf('tensor: 2') + 'tensor: '.length]);
    const count = decode.spec.acceleratorsPerPod;
    assert.deepEqual([count?.origin, count?.value, count?.origin === 'inferred' ? count.editable : 'none'], ['inferred', 2, undefined], 'the request follows the tensor degree');
    assert.deepEqual([decode.spec.replicas?.value, prefill.spec.replicas?.value, decode.resolution.model?.id, decode.spec.maxContextTokens?.value], [2, 1, 'llama-3.1-8b', 8192]);
    assert.deepEqual(decode.spec.pins, { resource: 'nvidia.com/gpu' });
    assert.deepEqual([prefill.spec.tensor?.origin, prefill.spec.acceleratorsPerPod?.value], ['implied', 1]);
    assert.match(set(text, prefill.spec.tensor, '2'), /containers:\n {4}- name: vllm[\s\S]*"8192"\n {2}parallelism:\n {4}tensor: 2\n$/);
  });

  it('leaves out a section with create: false, and a prefill section without replicas', () => {
    const off = text.replace('prefill:\n  create: true', 'prefill:\n  create: false');
    assert.deepEqual(deployments(off).map((d) => [d.spec.name, d.spec.pool]), [['decode', undefined]]);
    const none = text.replace('prefill:\n  create: true\n  replicas: 1', 'prefill:\n  create: true');
    assert.deepEqual(deployments(none).map((d) => d.spec.name), ['decode']);
  });

  it('requests the accelerator type’s resource (intel-gaudi: habana.ai/gaudi)', () => {
    const [d] = deployments(read('test/fixtures/real-world/llm-d-incubation__llm-d-modelservice__values-gaudi-llama31-8b.yaml'));
    assert.deepEqual([d?.spec.pins, d?.resolution.acceleratorsPerReplica, d?.spec.maxContextTokens?.value], [{ resource: 'habana.ai/gaudi' }, 1, 2048]);
  });
});

describe('Ray Serve prefill/decode and LLMConfig files', () => {
  const text = read('examples/real-world/ray-serve-pd.yaml');

  it('reads prefill_config and decode_config as two pools with their autoscaling minimums', () => {
    const list = deployments(text);
    assert.deepEqual(
      list.map((d) => [d.spec.name, d.spec.pool?.role, d.spec.replicas?.value, d.resolution.chip?.id, d.resolution.acceleratorsPerReplica]),
      [
        ['llama-pd/prefill', 'prefill', 1, 'l4', 1],
        ['llama-pd/decode', 'decode', 2, 'l4', 1],
      ],
    );
    for (const d of list) {
      const count = d.spec.acceleratorsPerPod;
      assert.equal(count?.origin, 'inferred');
      assert.equal(slice(text, count?.span), '', 'a count derived from an implied degree points at no other text');
      assert.equal(slice(text, d.spec.anchor), d.spec.pool?.role === 'prefill' ? 'prefill_config' : 'decode_config');
      assert.deepEqual(d.findings, []);
    }
  });

  it('reads the same pools inside a KubeRay RayService, with spans in the manifest', () => {
    const service = `apiVersion: ray.io/v1
kind: RayService
metadata:
  name: llama-pd
spec:
  serveConfigV2: |
    applications:
      - name: pd
        import_path: ray.serve.llm:build_pd_openai_app
        args:
          prefill_config:
            model_loading_config:
              model_id: meta-llama/Llama-3.1-8B-Instruct
            accelerator_type: L4
          decode_config:
            model_loading_config:
              model_id: meta-llama/Llama-3.1-8B-Instruct
            accelerator_type: L4
            deployment_config:
              autoscaling_config:
                min_replicas: 3
`;
    const list = deployments(service);
    assert.deepEqual(
      list.map((d) => [d.spec.name, d.spec.pool?.role, d.spec.replicas?.value, slice(service, d.spec.model?.span), slice(service, d.spec.accelerator?.span)]),
      [
        ['pd/prefill', 'prefill', undefined, 'meta-llama/Llama-3.1-8B-Instruct', 'L4'],
        ['pd/decode', 'decode', 3, 'meta-llama/Llama-3.1-8B-Instruct', 'L4'],
      ],
    );
    assert.notEqual(list[0]?.spec.model?.span.start, list[1]?.spec.model?.span.start);
  });

  it('reads a file that is one LLMConfig', () => {
    const config = `model_loading_config:
  model_id: qwen3-8b
  model_source: Qwen/Qwen3-8B
accelerator_type: L4
engine_kwargs:
  tensor_parallel_size: 2
deployment_config:
  autoscaling_config:
    min_replicas: 3
`;
    const [d, ...rest] = deployments(config);
    assert.equal(rest.length, 0);
    assert.deepEqual([d?.spec.name, d?.resolution.model?.id, d?.spec.tensor?.value, d?.resolution.acceleratorsPerReplica, d?.spec.replicas?.value], ['qwen3-8b', 'qwen3-8b', 2, 2, 3]);
  });
});

describe('Compare Hardware on the new formats', () => {
  it('gives every pool rows whose Apply re-reads as Compare estimated; a multi-node KAITO group moves only by hand', () => {
    const cases = [
      ['kserve-llminferenceservice.yaml', true],
      ['dynamo-graph-deployment.yaml', true],
      ['kaito-workspace.yaml', false],
    ] as const;
    for (const [file, editable] of cases) {
      const text = read(join('examples', 'real-world', file));
      for (const [index, d] of deployments(text).entries()) {
        const rows = compareHardware(d, catalog, DEFAULT_ASSUMPTIONS, DEFAULTS)?.options ?? [];
        // The row of the deployment's own instance changes nothing: only rows that write something count.
        const edits = rows.flatMap((r) => (r.move.kind === 'edit' && r.move.edits.length > 0 ? [{ row: r, edits: r.move.edits }] : []));
        assert.ok(rows.length > 0, `${file}: ${d.spec.name} has rows`);
        assert.equal(edits.length > 0, editable, `${file}: ${d.spec.name}: ${edits.length} of ${rows.length} rows apply with one click`);
        for (const { row, edits: change } of edits.slice(0, 5)) {
          const after = deployments(apply(text, change))[index];
          assert.deepEqual([after?.resolution.instance?.id, after?.resolution.tensor], [row.instance.id, row.analyzed.resolution.tensor], `${file}: ${d.spec.name} → ${row.instance.id}`);
        }
      }
    }
  });
});
