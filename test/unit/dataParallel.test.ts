import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog, type Catalog } from '../../server/src/core/catalog/catalog';
import { analyze, type AnalyzedDeployment } from '../../server/src/core/engine/analyze';
import { efficiencyFor, efficiencyOfChip } from '../../server/src/core/estimator/assumptions';
import { decodeStep } from '../../server/src/core/estimator/performance';
import { machineFor } from '../../server/src/core/estimator/speed';
import { estimate } from '../../server/src/core/estimator/estimate';
import { allReduceSeconds, topologyOf } from '../../server/src/core/estimator/interconnect';
import { qwixWeightPrecision } from '../../server/src/core/manifest/formats/qwix';
import { parseServingCommand, shellTokens } from '../../server/src/core/manifest/servingCommand';
import { deploymentLenses, estimateDetails } from '../../server/src/core/present/estimates';
import { retarget } from '../../server/src/core/resolve/retarget';
import { REPO_ROOT, pod, spanAfter, spanOf, testCatalog } from '../helpers/fixtures';
import { HAND, pdService, WORKLOAD } from '../helpers/handWorkedPools';
import { readOne } from '../helpers/readOne';

// Data parallelism written in a serving command (issue 13): read with its provenance, counted
// by the parallelism check, and estimated as engines serving side by side on the same hardware.

const bundled = loadCatalog(BUNDLED_CATALOG).catalog;
const CORPUS = join(REPO_ROOT, 'test', 'fixtures', 'real-world');

const only = (text: string, catalog: Catalog = testCatalog()): AnalyzedDeployment => readOne(text, catalog);

const codes = (d: AnalyzedDeployment, code: string) => d.findings.filter((f) => f.code === code);

/** Equal within a relative 1e-9: figures computed two ways. */
const close = (x: number | null | undefined, y: number, what: string): void => assert.ok(x != null && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y)), `${what}: ${x} vs ${y}`);

describe('data parallelism in serving commands', () => {
  it('reads every vLLM spelling, with the span of the value', () => {
    for (const [command, value] of [
      ['vllm serve M -tp 2 --data-parallel-size 4', '4'],
      ['vllm serve M -tp 2 --data-parallel-size=4', '4'],
      ['vllm serve M -tp 2 -dp 4', '4'],
      ['vllm serve M -tp 2 --data_parallel_size 4', '4'],
    ] as const) {
      const { options, spans } = parseServingCommand(shellTokens(command));
      assert.equal(options.dataParallel, 4, command);
      assert.equal(options.tensorParallel, 2, command);
      assert.equal(options.model, 'M', command);
      assert.deepEqual(spans.dataParallel, spanOf(command, value), command);
    }
  });

  it('reads vLLM engines on this node (--data-parallel-size-local, -dpl) apart from the total', () => {
    const command = 'vllm serve M --data-parallel-size 4 --data-parallel-size-local 2 --data-parallel-address 10.0.0.1 --headless';
    const { options, spans } = parseServingCommand(shellTokens(command));
    assert.deepEqual(options, { engine: 'vllm', model: 'M', dataParallel: 4, dataParallelLocal: 2 });
    assert.deepEqual(spans.dataParallelLocal, spanOf(command, '2'));
    assert.equal(parseServingCommand(shellTokens('vllm serve M -dp 8 -dpl 4')).options.dataParallelLocal, 4);
  });

  it('reads SGLang --dp and --dp-size', () => {
    for (const command of ['python -m sglang.launch_server --model-path M --tp 2 --dp 4', 'python3 -m sglang.launch_server --model-path M --tp-size 2 --dp-size 4 --enable-dp-attention']) {
      const { options } = parseServingCommand(shellTokens(command));
      assert.equal(options.engine, 'sglang', command);
      assert.equal(options.dataParallel, 4, command);
      assert.equal(options.tensorParallel, 2, command);
    }
  });

  it('declares the degree at its value in the manifest, and expands $DP from the container env (inferred, editable there)', () => {
    const written = pod('vllm serve test-dense-10b --tensor-parallel-size 2 --data-parallel-size 4');
    const d = only(written);
    assert.equal(d.spec.dataParallel?.origin, 'declared');
    assert.deepEqual(d.spec.dataParallel?.span, spanAfter(written, '--data-parallel-size ', '4'));

    const env = ['            - name: DP', '              value: "4"'].join('\n');
    const variable = pod('vllm serve test-dense-10b --tensor-parallel-size 2 --data-parallel-size $DP', { env });
    const field = only(variable).spec.dataParallel;
    assert.equal(field?.value, 4);
    assert.equal(field?.origin, 'inferred');
    assert.ok(field?.origin === 'inferred');
    assert.equal(field.reason, '$DP from its definition in this file');
    assert.deepEqual(field.span, spanOf(variable, '$DP'));
    assert.deepEqual(field.editable, spanAfter(variable, 'value: "', '4'));
  });

  it('an undefined $DP is said, never taken as 1 silently', () => {
    const d = only(pod('vllm serve test-dense-10b --tensor-parallel-size 2 --data-parallel-size $DP'));
    assert.equal(d.spec.dataParallel, undefined);
    assert.deepEqual(
      codes(d, 'value-unresolved').map((f) => f.message),
      ['$DP is not defined in this file, so the data-parallel size is unknown: the estimate assumes one engine per replica.'],
    );
  });
});

describe('an undefined tensor degree beside data-parallel engines', () => {
  it('says what each engine is assumed to take', () => {
    const d = only(pod('vllm serve test-dense-10b --tensor-parallel-size $TP --data-parallel-size 4'));
    assert.deepEqual(
      codes(d, 'value-unresolved').map((f) => f.message),
      ['$TP is not defined in this file, so the tensor-parallel size is unknown: the estimate assumes each of the 4 data-parallel engines takes 2 accelerators.'],
    );
    assert.equal(d.resolution.tensor, 2);
  });
});

describe('the parallelism check counts data-parallel engines', () => {
  it('without data parallelism, tensor 2 on 8 accelerators leaves 6 idle', () => {
    const d = only(pod('vllm serve test-dense-10b --tensor-parallel-size 2'));
    assert.deepEqual(codes(d, 'parallelism-mismatch').map((f) => [f.severity, f.message]), [
      ['warning', 'tensor × pipeline = 2 × 1 = 2 of the 8 accelerators per replica: 6 would sit idle.'],
    ]);
  });

  it('tensor 2 × 4 engines uses all 8: no finding', () => {
    const d = only(pod('vllm serve test-dense-10b --tensor-parallel-size 2 --data-parallel-size 4'));
    assert.deepEqual(codes(d, 'parallelism-mismatch'), []);
    assert.equal(d.resolution.dataParallel, 4);
  });

  it('tensor 2 × 2 engines on 8: the idle warning counts the engines, and its fix fits the tensor degree to them', () => {
    const text = pod('vllm serve test-dense-10b --tensor-parallel-size 2 -dp 2');
    const [finding] = codes(only(text), 'parallelism-mismatch');
    assert.equal(finding?.severity, 'warning');
    assert.equal(finding?.message, 'tensor × pipeline × data-parallel engines = 2 × 1 × 2 = 4 of the 8 accelerators per replica: 4 would sit idle.');
    const tensor = spanAfter(text, '--tensor-parallel-size ', '2');
    assert.deepEqual(finding?.span, tensor);
    assert.deepEqual(finding?.fix, { kind: 'set-number', span: tensor, value: 4 });
  });

  it('more than the replica holds is an error naming the engines, and the estimate keeps them', () => {
    const d = only(pod('vllm serve test-dense-10b --tensor-parallel-size 4 --data-parallel-size 4'));
    assert.deepEqual(codes(d, 'parallelism-mismatch').map((f) => [f.severity, f.message]), [
      ['error', 'tensor × pipeline × data-parallel engines = 4 × 1 × 4 = 16, but a replica has 8 accelerators. The estimate uses tensor 2 × 4 data-parallel engines, the hardware declared.'],
    ]);
    assert.equal(d.estimate !== undefined && d.resolution.estimateInput?.dataParallel, 4);
    assert.equal(d.resolution.tensor, 2);
  });

  it('engines on this node: --data-parallel-size 4 with 2 local on a 4-GPU pod runs 2 engines of tensor 2', () => {
    const d = only(pod('vllm serve test-dense-10b -tp 2 --data-parallel-size 4 --data-parallel-size-local 2', { gpus: 4 }));
    assert.deepEqual(codes(d, 'parallelism-mismatch'), []);
    assert.equal(d.resolution.dataParallel, 2);
  });

  it('SGLang --tp 2 --dp 4 on 8 GPUs: no finding', () => {
    const d = only(pod('python3 -m sglang.launch_server --model-path test-dense-10b --tp 2 --dp 4'));
    assert.deepEqual(codes(d, 'parallelism-mismatch'), []);
  });

  it('SGLang --tp 8 --dp 8 --enable-dp-attention on 8 GPUs: the ranks split attention inside the tensor group, one engine', () => {
    // DeepSeek's launch command for SGLang (DeepSeek-V3.2-Exp model card): 8 GPUs, not 64.
    const text = pod('python -m sglang.launch_server --model test-moe --tp 8 --dp 8 --enable-dp-attention');
    const d = only(text);
    assert.equal(parseServingCommand(shellTokens('python -m sglang.launch_server --model M --tp 8 --dp 8 --enable-dp-attention')).options.dataParallelAttention, true);
    assert.equal(d.spec.dataParallel, undefined);
    assert.equal(d.resolution.dataParallel, 1);
    assert.deepEqual(codes(d, 'parallelism-mismatch'), []);
    // The ranks are declared where --dp is written, and timed as 8 engines of 1 GPU with the experts split over all 8:
    // each rank keeps its own requests' KV cache, where tensor 8 would copy the KV heads over the group.
    assert.deepEqual(d.spec.attentionRanks, { origin: 'declared', value: 8, span: spanAfter(text, '--dp ', '8') });
    assert.equal(d.resolution.attentionRanks, 8);
    const input = d.resolution.estimateInput;
    assert.deepEqual([input?.tensor, input?.dataParallel, input?.expertParallel], [1, 8, 8]);
    const details = estimateDetails(d, testCatalog());
    assert.match(details, /\n- \*\*Parallelism\*\*: tensor 8 with 8 data-parallel attention ranks of 1 chip: each attends for its own requests with its own KV cache, and the experts are split over all 8 chips\n/);
    assert.match(details, /GB usable per data-parallel attention rank \(/);
    assert.match(deploymentLenses(d).find((l) => l.kind === 'memory')?.title ?? '', /^fits: [\d.]+ of 90 GB on each of 8 attention ranks · /);
  });

  it('SGLang --max-running-requests with attention ranks is the server\'s cap: each rank batches its share', () => {
    // SGLang's model runner divides --max-running-requests by the attention DP size: 512 over 8 ranks is 64 each.
    const d = only(pod('python -m sglang.launch_server --model test-moe --tp 8 --dp 8 --enable-dp-attention --max-running-requests 512'));
    assert.equal(d.resolution.estimateInput?.assumptions.maxBatchSequences, 64);
    assert.equal(d.resolution.estimateInput?.batchLimitOrigin, 'as the manifest sets it: 512 shared by 8 data-parallel attention ranks, 64 each');
    const capacity = d.estimate?.capacity;
    assert.equal(capacity?.concurrency, 512, '64 in flight on each of 8 ranks');
    // Without attention ranks the same flag caps the one engine.
    const one = only(pod('python -m sglang.launch_server --model test-moe --tp 8 --max-running-requests 48'));
    assert.equal(one.resolution.estimateInput?.assumptions.maxBatchSequences, 48);
    assert.equal(one.resolution.estimateInput?.batchLimitOrigin, 'as the manifest sets it');
  });

  it('Apply to 4 GPUs sets --dp 1, since SGLang refuses 8 attention ranks over a tensor group of 4; to 8 GPUs it keeps them', () => {
    const text = pod('python -m sglang.launch_server --model deepseek-ai/DeepSeek-R1 --tp 8 --dp 8 --enable-dp-attention', { instance: 'p5en.48xlarge' });
    const d = only(text, bundled);
    const apply = (instanceId: string, tensor: number): string => {
      const instance = bundled.instance(instanceId);
      const chip = instance && bundled.chip(instance.accelerator);
      assert.ok(instance && chip);
      const moved = retarget(d.spec, d.resolution, { instance, chip, tensor, precision: 'fp8' });
      assert.ok(moved.kind === 'edit');
      return [...moved.edits].sort((x, y) => y.start - x.start).reduce((out, e) => out.slice(0, e.start) + e.newText + out.slice(e.end), text);
    };
    assert.match(apply('g6e.12xlarge', 4), /--tp 4 --dp 1 --enable-dp-attention"/);
    assert.match(apply('p5.48xlarge', 8), /--tp 8 --dp 8 --enable-dp-attention"/);
  });

  it('SGLang attention ranks stay one engine on a dense model, and when they do not divide the tensor group', () => {
    const dense = only(pod('python -m sglang.launch_server --model test-dense-10b --tp 8 --dp 8 --enable-dp-attention'));
    assert.equal(dense.spec.attentionRanks?.value, 8);
    assert.equal(dense.resolution.attentionRanks, undefined);
    assert.deepEqual([dense.resolution.estimateInput?.tensor, dense.resolution.estimateInput?.dataParallel], [8, undefined]);
    const uneven = only(pod('python -m sglang.launch_server --model test-moe --tp 8 --dp 3 --enable-dp-attention'));
    assert.equal(uneven.resolution.attentionRanks, undefined);
    assert.equal(uneven.resolution.estimateInput?.tensor, 8);
  });

  it("KServe's parallelism.data / dataLocal: 32 engines over 4 pods of 8 GPUs at tensor 1 leave none idle", () => {
    const file = 'kserve__kserve__llmisvc-deepseek-r1-dp-ep.yaml';
    const d = analyze(readFileSync(join(CORPUS, file), 'utf8'), bundled).deployments[0];
    assert.ok(d);
    assert.equal(d.spec.dataParallel?.value, 32);
    assert.equal(d.spec.dataParallelLocal?.value, 8);
    assert.equal(d.resolution.dataParallel, 32);
    assert.deepEqual(codes(d, 'parallelism-mismatch'), []);
  });
});

describe('the estimate of data-parallel engines', () => {
  // test-dense-10b on test.8x (no region declared: the cheapest, $30/h in us-west-2): tensor 2 alone, and tensor 2 × 4 engines.
  const one = only(pod('vllm serve test-dense-10b --tensor-parallel-size 2'));
  const four = only(pod('vllm serve test-dense-10b --tensor-parallel-size 2 --data-parallel-size 4'));
  const [a, b] = [one.estimate, four.estimate];
  assert.ok(a && b && a.capacity && b.capacity && a.singleUser && b.singleUser);

  it('each engine is as fast as one alone', () => {
    close(b.singleUser?.tpotMs, a.singleUser!.tpotMs, 'TPOT of one user');
    close(b.capacity?.tpotMs, a.capacity!.tpotMs, 'TPOT at capacity');
    close(b.memory?.requiredGB, a.memory!.requiredGB, 'memory of one engine');
  });

  it('throughput and sequences in flight are four engines’ worth; cost per hour is the same hardware', () => {
    close(b.capacity?.outputTokensPerSecond, 4 * a.capacity!.outputTokensPerSecond, 'tok/s at capacity');
    assert.equal(b.maxConcurrency, 4 * a.maxConcurrency!);
    assert.equal(b.capacity?.concurrency, 4 * a.capacity!.concurrency);
    assert.equal(a.costPerHour, 30);
    assert.equal(b.costPerHour, 30);
    close(b.capacity?.costPerMillionOutputTokens, a.capacity!.costPerMillionOutputTokens! / 4, '$/1M output tokens');
    close(b.energyKWhPerMillionOutputTokens, a.energyKWhPerMillionOutputTokens!, 'energy: four times the chips for four times the tokens');
  });

  it('a declared concurrency per replica is shared by the engines: 16 over 4 is 4 on each', () => {
    const input = four.resolution.estimateInput;
    const alone = one.resolution.estimateInput;
    assert.ok(input && alone);
    const shared = estimate({ ...input, concurrency: 16, concurrencyDeclared: true });
    const each = estimate({ ...alone, concurrency: 4, concurrencyDeclared: true });
    assert.equal(shared.operatingPoint, 'declared');
    assert.equal(shared.concurrency, 16);
    assert.equal(shared.memory?.sequences, 4);
    close(shared.tpotMs, each.tpotMs!, 'TPOT at 4 sequences per engine');
    close(shared.outputTokensPerSecond, 4 * each.outputTokensPerSecond!, 'tok/s of 4 engines');
  });

  it('shows the engines in the details: formula and inputs, memory per engine, the split', () => {
    const details = estimateDetails(four, testCatalog());
    assert.match(details, /\*\*outputTokensPerSecond\*\* = sequences in flight per engine × 1000 ÷ TPOT, × data-parallel engines per replica × replicas\n/);
    assert.match(details, /\n- data-parallel engines per replica: 4\n/);
    assert.match(details, /GB usable per data-parallel engine \(/);
    assert.match(details, /\n- \*\*Parallelism\*\*: 4 data-parallel engines of tensor 2 × pipeline 1 chips each\n/);
    assert.match(details, new RegExp(`\\n- \\*\\*Sequences in flight\\*\\*: ${b.concurrency!.toLocaleString('en-US')} per replica \\(limited by memory for the KV cache; no concurrency declared, over 4 data-parallel engines\\)\\n`));
  });
});

describe('expert parallelism over tensor × data-parallel ranks', () => {
  const moe = (args: string) => only(pod(`vllm serve test-moe ${args} --enable-expert-parallel`));

  it('splits the experts over tensor × engines', () => {
    const d = moe('-tp 2 -dp 4');
    const input = d.resolution.estimateInput;
    assert.ok(input);
    assert.equal(input.expertParallel, 8);
    const topology = topologyOf(input, efficiencyFor(input.assumptions, input.chip.family));
    assert.equal(topology.experts?.degree, 8);
    assert.equal(topology.experts?.engines, 4);
    assert.equal(topology.experts?.acrossNodes, false);
  });

  it('tensor 1 × 8 engines: no all-reduce, but the all-to-all of the experts is timed', () => {
    const input = moe('-dp 8').resolution.estimateInput;
    assert.ok(input);
    assert.equal(input.expertParallel, 8);
    const topology = topologyOf(input, efficiencyFor(input.assumptions, input.chip.family));
    assert.ok(allReduceSeconds(topology, 1, input.model, 64) > 0);
    const dense = only(pod('vllm serve test-dense-10b -dp 8')).resolution.estimateInput;
    assert.ok(dense);
    assert.equal(dense.expertParallel, undefined);
  });

  it('each engine holds the shared weights and its share of the experts', () => {
    // test-moe: 100B, 20B active, 1 of 8 experts per token → experts 80 ÷ (1 − 1/8) = 91.43B, shared 8.57B.
    // Over 8 engines at bf16: (8.57 + 91.43 ÷ 8) × 2 B = 40 GB per engine; on one 100 GB GPU that fits.
    const split = moe('-dp 8');
    close(split.estimate?.memory?.weightsGB, 40, 'weights per engine');
    assert.deepEqual(codes(split, 'memory-exceeded'), []);
    assert.match(estimateDetails(split, testCatalog()), /\n- data-parallel engines: 8 per replica, each holding the shared weights, 1\/8 of the routed experts \\\(expert parallelism\\\) and its own KV cache: the figures are one engine's\n/);
    // Without expert parallelism every engine holds all 200 GB: it does not fit one GPU.
    const whole = only(pod('vllm serve test-moe -dp 8'));
    close(whole.estimate?.memory?.weightsGB, 200, 'weights per engine without expert parallelism');
    assert.deepEqual(codes(whole, 'memory-exceeded').map((f) => [f.severity, f.message]), [
      ['error', 'test-moe does not fit: its weights alone are 200 GB at bf16, but 1× Test GPU (each of 8 data-parallel engines) offer 90 of 100 GB usable (memory utilization 0.9).'],
    ]);
  });
});

describe('InferenceDeployment: parallelism.data and parallelism.expert', () => {
  const text = [
    'apiVersion: inference-lens/v1',
    'kind: InferenceDeployment',
    'metadata: { name: moe }',
    'spec:',
    '  model: { id: test-moe, precision: bf16 }',
    '  hardware: { accelerator: test-gpu }',
    '  parallelism: { tensor: 1, data: 8, expert: true }',
    '  workload: { inputTokens: 1000, outputTokens: 200, concurrency: 64 }',
    '',
  ].join('\n');

  it('declares both where they are written; without a count the engines take tensor × pipeline × data chips', () => {
    const d = only(text);
    assert.deepEqual(d.findings.map((f) => f.code).filter((code) => code !== 'estimate-unavailable'), []);
    assert.equal(d.spec.dataParallel?.origin, 'declared');
    assert.deepEqual(d.spec.dataParallel?.span, spanAfter(text, 'data: ', '8'));
    assert.equal(d.spec.expertParallel?.value, true);
    assert.deepEqual(d.spec.expertParallel?.span, spanAfter(text, 'expert: ', 'true'));
    const input = d.resolution.estimateInput;
    assert.ok(input);
    assert.equal(input.dataParallel, 8);
    assert.equal(input.expertParallel, 8);
    assert.equal(d.resolution.acceleratorsPerReplica, 8);
    // The memory lens is one engine's, and says so: 64 sequences over 8 engines.
    const memory = deploymentLenses(d).find((l) => l.kind === 'memory')?.title;
    assert.match(memory ?? '', /^fits: [\d.]+ of 90 GB on each of 8 engines · 40 GB weights \+ [\d.]+ GB KV cache of 8 sequences each$/);
  });

  it('a decode step streams the dense part and 1/8 of the experts every engine\'s tokens touch', () => {
    const d = analyze(text, testCatalog(), { assumptions: HAND }).deployments[0];
    const input = d?.resolution.estimateInput;
    assert.ok(input);
    const machine = machineFor(input, efficiencyOfChip(HAND, input.chip), []);
    assert.ok(machine);
    // test-moe: experts 80 ÷ (1 − 1/8) = 91.43B, dense 8.571B, bf16. 64 sequences over 8 engines: 8 a step
    // each, and the 64 tokens of a step touch 1 − (7/8)^64 of the experts, of which each engine holds 1/8.
    const experts = 80 / 0.875;
    const weights = ((100 - experts) + (experts * (1 - (7 / 8) ** 64)) / 8) * 2e9;
    // KV: 8 sequences at the average context 1,100 × 10 layers × 2 × 4 heads × 128 × 2 B, not replicated (tensor 1).
    const kv = 8 * 1100 * 10 * 2 * 4 * 128 * 2;
    const step = decodeStep(machine, { model: input.model, precision: 'bf16', kvPrecision: 'bf16' }, 8, 1100);
    close(step.parts.memory, (weights + kv) / (1000e9 * 0.5), 'weights and KV streamed per engine');
    // Every expert held by every engine (no expert parallelism) streams all 183 GB of touched experts.
    const whole = analyze(text.replace(', expert: true', ''), testCatalog(), { assumptions: HAND }).deployments[0]?.resolution.estimateInput;
    assert.ok(whole);
    const all = machineFor(whole, efficiencyOfChip(HAND, whole.chip), []);
    assert.ok(all);
    const eight = decodeStep(all, { model: whole.model, precision: 'bf16', kvPrecision: 'bf16' }, 8, 1100);
    close(eight.parts.memory, ((100 - experts) * 2e9 + experts * 2e9 * (1 - (7 / 8) ** 8) + kv) / (1000e9 * 0.5), 'each engine streams the experts its own 8 tokens touch');
  });

  it('Apply to one instance of 8 makes one engine of tensor 8: data goes back to 1, the expert flag stays', () => {
    const onInstance = text.replace('{ accelerator: test-gpu }', '{ instance: test.8x }');
    const d = only(onInstance);
    const instance = testCatalog().instance('test.8x');
    const chip = testCatalog().chip('test-gpu');
    assert.ok(instance && chip);
    const moved = retarget(d.spec, d.resolution, { instance, chip, tensor: 8, precision: 'bf16' });
    assert.ok(moved.kind === 'edit');
    const after = [...moved.edits].sort((x, y) => y.start - x.start).reduce((out, e) => out.slice(0, e.start) + e.newText + out.slice(e.end), onInstance);
    assert.match(after, /\n {2}parallelism: \{ tensor: 8, data: 1, expert: true \}\n/);
    const reread = only(after);
    assert.equal(reread.resolution.dataParallel, 1);
    assert.equal(reread.resolution.estimateInput?.expertParallel, 8);
  });

  it('the schema rejects a data degree below 1 and an expert flag that is not a boolean', () => {
    const bad = text.replace('data: 8, expert: true', 'data: 0, expert: "yes"');
    const schema = only(bad).findings.filter((f) => f.code === 'invalid-value').map((f) => f.message);
    assert.deepEqual(schema, ['spec.parallelism.data must be >= 1, not 0.', 'spec.parallelism.expert must be a boolean, not "yes".']);
  });
});

describe("vLLM TPU's Qwix rules give the weights' precision", () => {
  const rules = (...list: object[]) => JSON.stringify({ quantization: { qwix: { rules: list } } });

  it('every module to float8 is fp8; int8 is int8', () => {
    assert.equal(qwixWeightPrecision(rules({ module_path: '.*', weight_qtype: 'float8_e4m3fn', act_qtype: 'float8_e4m3fn' }))?.precision, 'fp8');
    assert.equal(qwixWeightPrecision(rules({ module_path: '.*', weight_qtype: 'int8' }))?.precision, 'int8');
  });

  it('anything unclear says nothing: some modules only, mixed types, unknown types, no rules, not JSON', () => {
    assert.equal(qwixWeightPrecision(rules({ module_path: '.*attn.*', weight_qtype: 'float8_e4m3fn' })), undefined);
    assert.equal(qwixWeightPrecision(rules({ module_path: '.*', weight_qtype: 'float8_e4m3fn' }, { module_path: '.*mlp.*', weight_qtype: 'int4' })), undefined);
    assert.equal(qwixWeightPrecision(rules({ module_path: '.*', weight_qtype: 'nf4' })), undefined);
    assert.equal(qwixWeightPrecision(rules()), undefined);
    assert.equal(qwixWeightPrecision('{"quantization": "int8_default.yaml"}'), undefined);
    assert.equal(qwixWeightPrecision('{not json'), undefined);
  });

  it('the tpu-recipes Gemma 4 manifest: fp8, inferred from the rule, on 4 engines of one TPU7x chip', () => {
    const file = 'AI-Hypercomputer__tpu-recipes__vllm-tpu7x-gemma4-31b-fp8.yaml';
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const d = analyze(text, bundled).deployments[0];
    assert.ok(d);
    const precision = d.spec.precision;
    assert.equal(precision?.value, 'fp8');
    assert.ok(precision?.origin === 'inferred');
    assert.equal(precision.reason, 'from the Qwix quantization rule in --additional-config (weight_qtype float8_e4m3fn for module_path ".*")');
    assert.equal(d.resolution.dataParallel, 4);
    assert.equal(d.resolution.tensor, 1);
    assert.deepEqual(codes(d, 'parallelism-mismatch').map((f) => [f.severity, f.message]), [
      [
        'info',
        'tensor × data-parallel engines 2 × 4 counts TensorCores: tpu7x-8 has 4 TPU v7 chips = 8 TensorCores. Parallelism here counts chips, so the estimate uses tensor 1 × 4 data-parallel engines on the hardware declared.',
      ],
    ]);
  });
});

describe('moving a data-parallel deployment to other hardware', () => {
  it('goes back to one engine of the target tensor degree, and the moved manifest reads as estimated', () => {
    const text = pod('vllm serve meta-llama/Llama-3.1-8B-Instruct --tensor-parallel-size 2 --data-parallel-size 4', { instance: 'p5.48xlarge' });
    const d = only(text, bundled);
    assert.deepEqual(codes(d, 'parallelism-mismatch'), []);
    const instance = bundled.instance('g6e.xlarge');
    const chip = instance && bundled.chip(instance.accelerator);
    assert.ok(instance && chip);
    const moved = retarget(d.spec, d.resolution, { instance, chip, tensor: 1, precision: 'bf16' });
    assert.equal(moved.kind, 'edit');
    assert.ok(moved.kind === 'edit');
    const after = [...moved.edits].sort((x, y) => y.start - x.start).reduce((out, e) => out.slice(0, e.start) + e.newText + out.slice(e.end), text);
    assert.match(after, /--tensor-parallel-size 1 --data-parallel-size 1"/);
    const reread = only(after, bundled);
    assert.equal(reread.resolution.instance?.id, 'g6e.xlarge');
    assert.equal(reread.resolution.dataParallel, 1);
    assert.deepEqual(codes(reread, 'parallelism-mismatch'), []);
  });
});

describe('a RayService application that passes its args to vLLM', () => {
  it('reads data-parallel-size from the args, declared at its value: tensor 1 × 2 engines on the worker’s 2 L4s', () => {
    const text = [
      'apiVersion: ray.io/v1',
      'kind: RayService',
      'metadata:',
      '  name: llm',
      'spec:',
      '  serveConfigV2: |',
      '    applications:',
      '    - name: vllm',
      '      import_path: serve:build_app',
      '      args:',
      '        model: meta-llama/Llama-3.1-8B-Instruct',
      '        data-parallel-size: 2',
      '  rayClusterConfig:',
      '    workerGroupSpecs:',
      '    - groupName: gpu-group',
      '      replicas: 1',
      '      template:',
      '        spec:',
      '          containers:',
      '          - name: llm',
      '            image: rayproject/ray-ml:2.9.0',
      '            resources:',
      '              limits:',
      '                nvidia.com/gpu: "2"',
      '          nodeSelector:',
      '            cloud.google.com/gke-accelerator: nvidia-l4',
      '',
    ].join('\n');
    const d = only(text, bundled);
    assert.equal(d.spec.dataParallel?.value, 2);
    assert.equal(d.spec.dataParallel?.origin, 'declared');
    assert.deepEqual(d.spec.dataParallel?.span, spanAfter(text, 'data-parallel-size: ', '2'));
  });
});

describe('a disaggregated decode pool with data-parallel engines', () => {
  // The hand-worked pair of disaggregated.test.ts (round factors, 1,000 in / 200 out, --max-num-seqs 16):
  // one decode engine runs 16 sequences at a 45.767168 ms step → 16 ÷ (200 × 45.767168 ms) = 1.747978 req/s.
  // One decode replica of 2 engines on 2 GPUs serves as two replicas of one GPU: 3.495956 req/s, and costs
  // the same (test.8x at $30/h ÷ 8 per GPU: prefill 1 GPU + decode 2 GPUs = $11.25/h).
  const text = pdService({ decodeReplicas: 1, decodeGpus: 2, data: 2 });
  const list = analyze(text, testCatalog(), { assumptions: HAND, defaults: WORKLOAD }).deployments;
  const decode = list.find((d) => d.spec.pool?.role === 'decode');

  it('serves as two replicas of one engine would, at the same cost', () => {
    const both = decode?.pool?.combined;
    assert.ok(both);
    assert.equal(decode?.resolution.dataParallel, 2);
    assert.equal(both.decodeSequences, 16);
    close(both.tpotMs, 45.767168, 'TPOT');
    assert.ok(Math.abs(both.decodeRequestsPerSecond - 3.495956) < 1e-6, `${both.decodeRequestsPerSecond}`);
    close(both.costPerHour, 11.25, 'cost of both pools');
    assert.equal(both.explain.poolBalance.inputs['decode per replica'], '3.5 requests/s (2 data-parallel engines × 16 sequences × 200 output tokens at 45.8 ms a step)');
  });
});
