import type { Span } from '../../span';
import type { PathSegment } from '../../yaml/document';
import type { DeploymentSpec, Pool } from '../deployment';
import { UNNAMED } from '../inferenceDeployment';
import { firstEntryInsertion, mapEntryInsertion } from '../insertion';
import { implied, inferred, type Field } from '../provenance';
import { ACCELERATOR_RESOURCES } from '../resources';
import { SpecBuilder, specOf } from '../spec';
import { readEnv, readPod } from './kubernetes';
import { launchedBy, pointAt, stringTokens, written } from './platform';
import { field, type ManifestReader } from './reader';
import { modelField, servingFields, type ServingFields } from './serving';

/** KServe's annotations for a managed DRA claim (`exp-dra-device-count`: devices per pod). */
const DRA_COUNT = 'serving.kserve.io/exp-dra-device-count';
/** The env var KServe's vLLM launch script appends to `vllm serve` (its config templates). */
const ADDITIONAL_ARGS = 'VLLM_ADDITIONAL_ARGS';

/**
 * KServe `LLMInferenceService` (serving.kserve.io v1alpha1/v1alpha2): KServe runs
 * `vllm serve` on `spec.model` with the pod in `spec.template` (the leader, when
 * `spec.worker` makes it a LeaderWorkerSet), `--tensor-parallel-size` from
 * `spec.parallelism.tensor` and the container's `VLLM_ADDITIONAL_ARGS`. A
 * `spec.prefill` section is a second workload of the same shape: the deployment
 * is then disaggregated, read as a decode pool (the main workload) and a
 * prefill pool.
 */
export function readLlmInferenceService(reader: ManifestReader): DeploymentSpec[] {
  if (reader.value(['kind']) !== 'LLMInferenceService' || !String(reader.value(['apiVersion']) ?? '').startsWith('serving.kserve.io/')) return [];
  const name = reader.string(['metadata', 'name']);
  const base = name?.value ?? UNNAMED;
  const model = modelOf(reader);
  const anchor = name?.span ?? reader.keySpan(['kind']) ?? reader.document.span;
  if (reader.record(['spec', 'prefill']) === undefined) return compact([readWorkload(reader, ['spec'], { name: base, anchor, model })]);
  return compact([
    readWorkload(reader, ['spec'], { name: `${base}/decode`, anchor, model, pool: { role: 'decode', deployment: base } }),
    readWorkload(reader, ['spec', 'prefill'], {
      name: `${base}/prefill`,
      anchor: reader.keySpan(['spec', 'prefill']) ?? anchor,
      model,
      pool: { role: 'prefill', deployment: base },
    }),
  ]);
}

interface Workload {
  readonly name: string;
  readonly anchor: Span;
  readonly model: Field<string> | undefined;
  readonly pool?: Pool;
}

/** The model KServe serves: a Hugging Face `uri` (`hf://org/name`), else the served `name`, which is usually the repository id. */
function modelOf(reader: ManifestReader): Field<string> | undefined {
  const uri = reader.string(['spec', 'model', 'uri']);
  if (uri?.value.startsWith('hf://')) return modelField(uri);
  const name = reader.string(['spec', 'model', 'name']);
  return name && modelField(name);
}

/** One workload (`spec`, or `spec.prefill`): its pod template, parallelism and replicas. */
function readWorkload(reader: ManifestReader, workload: readonly PathSegment[], about: Workload): DeploymentSpec | undefined {
  const template = [...workload, 'template'];
  // Without a template the pod comes from a shared LLMInferenceServiceConfig: the model and parallelism are still this file's.
  const hasTemplate = reader.record(template) !== undefined;
  if (!hasTemplate && !about.model) return undefined;
  const container = [...template, 'containers', mainContainer(reader, template)];
  const pod = hasTemplate ? readPod(reader, template, 'kserve-llm', container) : undefined;
  const extra = additionalArgs(reader, container);
  const parallelism = [...workload, 'parallelism'];
  const insert =
    reader.record(parallelism) !== undefined ? mapEntryInsertion(reader.document, parallelism, 'tensor') : firstEntryInsertion(reader.document, workload, ['parallelism', 'tensor']);
  const tensor =
    written(extra?.tensor, reader.count([...parallelism, 'tensor']), pod?.tensor) ??
    implied(1, pointAt(insert?.at, about.anchor), "vLLM's default tensor parallel size (KServe runs vLLM)", insert);
  const pipeline = written(extra?.pipeline, reader.count([...parallelism, 'pipeline']), pod?.pipeline);
  const builder = pod
    ? SpecBuilder.from({ ...pod, name: about.name, anchor: about.anchor })
    : specOf('kserve-llm', { name: about.name, span: reader.document.span, anchor: about.anchor, hardwareSpan: about.anchor });
  return builder
    .set('model', about.model ?? pod?.model)
    .set('tensor', tensor)
    .set('pipeline', pipeline)
    // KServe passes `data` and `dataLocal` to vLLM as its data-parallel sizes (and sizes the group from them, below).
    .set('dataParallel', written(extra?.dataParallel, reader.count([...parallelism, 'data']), pod?.dataParallel))
    .set('dataParallelLocal', written(extra?.dataParallelLocal, reader.count([...parallelism, 'dataLocal']), pod?.dataParallelLocal))
    .default('acceleratorsPerPod', draCount(reader))
    .with('acceleratorUnit', pod?.acceleratorUnit ?? 'device')
    .set('podsPerReplica', groupSize(reader, workload))
    .set('replicas', reader.count([...workload, 'replicas']))
    .set('maxContextTokens', written(extra?.maxContextTokens, pod?.maxContextTokens))
    .set('precision', written(extra?.precision, pod?.precision))
    .set('kvCachePrecision', written(extra?.kvCachePrecision, pod?.kvCachePrecision))
    .set('maxSequences', written(extra?.maxSequences, pod?.maxSequences))
    .set('expertParallel', written(extra?.expertParallel, reader.boolean([...workload, 'parallelism', 'expert']), pod?.expertParallel))
    .with('unresolved', [...(pod?.unresolved ?? []), ...(extra?.unresolved ?? [])])
    .with('pool', about.pool)
    .build();
}

/** KServe names its serving container `main`; without one, the container that requests accelerators. */
function mainContainer(reader: ManifestReader, pod: readonly PathSegment[]): number {
  const containers = reader.list([...pod, 'containers']);
  const main = containers.findIndex((c) => field(c, 'name') === 'main');
  if (main >= 0) return main;
  const accelerated = containers.findIndex((c) => Object.keys(field(field(c, 'resources'), 'limits') ?? {}).some((key) => (ACCELERATOR_RESOURCES as readonly string[]).includes(key)));
  return Math.max(0, accelerated);
}

/** The flags in the container's `VLLM_ADDITIONAL_ARGS`, which KServe appends to its `vllm serve` command. */
function additionalArgs(reader: ManifestReader, container: readonly PathSegment[]): ServingFields | undefined {
  const index = reader.list([...container, 'env']).findIndex((e) => field(e, 'name') === ADDITIONAL_ARGS);
  if (index < 0) return undefined;
  const tokens = stringTokens(reader, [...container, 'env', index, 'value']);
  if (tokens.length === 0) return undefined;
  const at = tokens[0]?.start ?? 0;
  return servingFields([...launchedBy('vllm', at), ...tokens], { env: readEnv(reader, container), flagSlot: () => undefined });
}

/** Devices per pod from KServe's managed DRA claim annotation, when no resource limit says it. */
function draCount(reader: ManifestReader): Field<number> | undefined {
  return reader.count(['metadata', 'annotations', DRA_COUNT]);
}

/**
 * Pods per replica when `worker` makes the workload a LeaderWorkerSet: KServe sizes
 * the group `data / dataLocal` with data parallelism, else `pipeline`.
 */
function groupSize(reader: ManifestReader, workload: readonly PathSegment[]): Field<number> | undefined {
  if (reader.record([...workload, 'worker']) === undefined) return undefined;
  const parallelism = [...workload, 'parallelism'];
  const data = reader.count([...parallelism, 'data']);
  const local = reader.count([...parallelism, 'dataLocal']);
  if (data || local) {
    const size = Math.max(1, Math.floor((data?.value ?? 1) / (local?.value ?? 1)));
    const sources = [data?.span, local?.span].filter((s): s is Span => s !== undefined);
    return inferred(size, (data ?? local)!.span, 'KServe runs data / dataLocal pods per replica (a LeaderWorkerSet group)', sources);
  }
  const pipeline = reader.count([...parallelism, 'pipeline']);
  return pipeline && inferred(pipeline.value, pipeline.span, 'KServe runs one pod per pipeline stage (a LeaderWorkerSet group)', [pipeline.span]);
}

function compact(specs: readonly (DeploymentSpec | undefined)[]): DeploymentSpec[] {
  return specs.filter((s): s is DeploymentSpec => s !== undefined);
}
