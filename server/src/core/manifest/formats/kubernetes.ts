import type { Located, Span } from '../../span';
import type { Token } from '../servingCommand';
import type { PathSegment } from '../../yaml/document';
import { ACCELERATOR_RESOURCES } from '../resources';
import type { AcceleratorUnit, DeploymentSpec, ManifestFormat } from '../deployment';
import { UNNAMED } from '../inferenceDeployment';
import { field, ManifestReader } from './reader';
import { cleanModelId, commandTokens, MODEL_ENV, servingFields } from './serving';

/** Where each workload kind keeps its pod spec, and its replica count. */
const WORKLOADS: Readonly<Record<string, { readonly pod: readonly PathSegment[]; readonly replicas?: readonly PathSegment[] }>> = {
  Deployment: { pod: ['spec', 'template', 'spec'], replicas: ['spec', 'replicas'] },
  StatefulSet: { pod: ['spec', 'template', 'spec'], replicas: ['spec', 'replicas'] },
  ReplicaSet: { pod: ['spec', 'template', 'spec'], replicas: ['spec', 'replicas'] },
  Job: { pod: ['spec', 'template', 'spec'], replicas: ['spec', 'parallelism'] },
  Pod: { pod: ['spec'] },
  LeaderWorkerSet: { pod: ['spec', 'leaderWorkerTemplate', 'workerTemplate', 'spec'], replicas: ['spec', 'replicas'] },
};

const INSTANCE_LABELS = ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'];
const REGION_LABELS = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'];
const GKE_ACCELERATOR = 'cloud.google.com/gke-accelerator';
const GKE_TPU_ACCELERATOR = 'cloud.google.com/gke-tpu-accelerator';
const GKE_TPU_TOPOLOGY = 'cloud.google.com/gke-tpu-topology';
const KARPENTER_FAMILY = 'karpenter.k8s.aws/instance-family';
const ACCELERATOR_DOMAINS = new Set(ACCELERATOR_RESOURCES.map((r) => r.split('/')[0]));

/** `inference-lens/*` annotations: what a manifest cannot say otherwise. */
const ANNOTATION = { model: 'inference-lens/model', region: 'inference-lens/region', instance: 'inference-lens/instance' } as const;

/**
 * Kubernetes workloads (Deployment, StatefulSet, Job, Pod, LeaderWorkerSet): the
 * accelerators a pod requests, the node it is pinned to, and the model and
 * parallelism its serving command declares. A workload with none of these is not
 * an inference deployment and is left alone.
 */
export function readKubernetes(reader: ManifestReader): DeploymentSpec[] {
  const kind = reader.value(['kind']);
  const workload = typeof kind === 'string' ? WORKLOADS[kind] : undefined;
  if (!workload || typeof reader.value(['apiVersion']) !== 'string') return [];
  // A LeaderWorkerSet's leader runs the serving command; workers mirror its resources.
  const leader = ['spec', 'leaderWorkerTemplate', 'leaderTemplate', 'spec'];
  const pod = kind === 'LeaderWorkerSet' && reader.list([...leader, 'containers']).length > 0 ? leader : workload.pod;
  const spec = readPod(reader, pod, 'kubernetes');
  if (!spec) return [];
  const replicas = workload.replicas ? reader.count(workload.replicas) : undefined;
  const size = kind === 'LeaderWorkerSet' ? reader.count(['spec', 'leaderWorkerTemplate', 'size']) : undefined;
  return [{ ...spec, ...(replicas ? { replicas } : {}), ...(size ? { podsPerReplica: size } : {}) }];
}

/**
 * What one pod spec declares, from its containers, node selection and annotations.
 * Shared with formats that embed pod specs (KServe predictors, Ray clusters).
 */
export function readPod(
  reader: ManifestReader,
  pod: readonly PathSegment[],
  format: ManifestFormat,
  container: readonly PathSegment[] = [...pod, 'containers', acceleratorContainer(reader, pod)],
): DeploymentSpec | undefined {
  const resources = readResources(reader, container);
  const selection = readNodeSelection(reader, pod);
  const env = readEnv(reader, container);
  const serving = servingFields(withEntrypoint(reader, container, commandTokens(reader, [...container, 'command'], [...container, 'args'])), env);
  const annotations = readAnnotations(reader, pod);
  const model = annotations.model ?? serving.model ?? modelFromEnv(env);
  const neuron = resources.unit === 'neuron-core' || resources.key?.value.startsWith('aws.amazon.com/neuron') || /^(inf|trn)\d/.test(selection.instance?.value ?? '');
  const declaresHardware = resources.count || selection.instance || selection.accelerator || annotations.instance;
  if (!declaresHardware && serving.engine === 'unknown' && !annotations.model) return undefined;

  const name = reader.string(['metadata', 'name']);
  const { engine: _engine, model: _model, ...engineFields } = serving;
  const instance = annotations.instance ?? selection.instance;
  return {
    format,
    name: name?.value ?? UNNAMED,
    span: reader.document.span,
    anchor: name?.span ?? reader.keySpan(['kind']) ?? reader.document.span,
    hardwareSpan: resources.key?.span ?? selection.span ?? name?.span ?? reader.document.span,
    ...engineFields,
    ...(model ? { model: { value: cleanModelId(model.value), span: model.span } } : {}),
    ...(instance ? { instance } : {}),
    ...(selection.accelerator ? { accelerator: selection.accelerator } : {}),
    ...(resources.count ? { acceleratorsPerPod: resources.count, acceleratorUnit: resources.unit } : {}),
    ...(neuron ? { parallelUnit: 'neuron-core' as const } : {}),
    ...(selection.topology ? { tpuTopology: selection.topology } : {}),
    ...(annotations.region ?? selection.region ? { region: (annotations.region ?? selection.region)! } : {}),
    ...(selection.provider ? { provider: selection.provider } : {}),
    ...(resources.unknown.length > 0 ? { unknownResources: resources.unknown } : {}),
    ...(env.get('NEURON_LOGICAL_NC_CONFIG') ? { neuronLogicalCores: Number(env.get('NEURON_LOGICAL_NC_CONFIG')?.value) || 1 } : {}),
  };
}

/**
 * Serving images whose entrypoint is the server: a container that gives only `args`
 * runs them through it, so the engine (and its defaults) is known from the image.
 */
const ENTRYPOINTS: readonly [RegExp, readonly string[]][] = [
  [/(^|\/)vllm[-/]|vllm-openai|vllm-tpu|vllm-neuron/, ['vllm', 'serve']],
  [/text-generation-inference|huggingface-pytorch-tgi/, ['text-generation-launcher']],
];

function withEntrypoint(reader: ManifestReader, container: readonly PathSegment[], tokens: Token[]): Token[] {
  const image = reader.string([...container, 'image']);
  if (!image || reader.value([...container, 'command']) !== undefined) return tokens;
  const entrypoint = ENTRYPOINTS.find(([pattern]) => pattern.test(image.value))?.[1];
  const at = tokens[0]?.start ?? image.span.start;
  return entrypoint ? [...entrypoint.map((text) => ({ text, start: at, end: at })), ...tokens] : tokens;
}

/** The container that requests accelerators, else the first. */
function acceleratorContainer(reader: ManifestReader, pod: readonly PathSegment[]): number {
  const containers = reader.list([...pod, 'containers']);
  const index = containers.findIndex((_, i) => readResources(reader, [...pod, 'containers', i]).key !== undefined);
  return Math.max(0, index);
}

interface Resources {
  readonly key: Located<string> | undefined;
  readonly count: Located<number> | undefined;
  readonly unit: AcceleratorUnit;
  readonly unknown: Located<string>[];
}

function readResources(reader: ManifestReader, container: readonly PathSegment[]): Resources {
  const unknown: Located<string>[] = [];
  let found: { key: Located<string>; count: Located<number> | undefined } | undefined;
  for (const section of ['limits', 'requests'] as const) {
    const path = [...container, 'resources', section];
    for (const key of Object.keys(reader.record(path) ?? {})) {
      const keySpan = reader.keySpan([...path, key]);
      if (!keySpan) continue;
      if ((ACCELERATOR_RESOURCES as readonly string[]).includes(key)) {
        found ??= { key: { value: key, span: keySpan }, count: reader.count([...path, key]) };
      } else if (ACCELERATOR_DOMAINS.has(key.split('/')[0] ?? '') && !key.startsWith('nvidia.com/mig-') && section === 'limits') {
        unknown.push({ value: key, span: keySpan });
      }
    }
  }
  // A misspelled key still says how many accelerators were meant: the other checks use that count.
  const meant = found ? undefined : unknown[0];
  const count = found?.count ?? (meant ? reader.count([...container, 'resources', 'limits', meant.value]) : undefined);
  return { key: found?.key ?? meant, count, unit: found?.key.value === 'aws.amazon.com/neuroncore' ? 'neuron-core' : 'device', unknown };
}

interface NodeSelection {
  readonly instance?: Located<string>;
  readonly accelerator?: Located<string>;
  readonly topology?: Located<string>;
  readonly region?: Located<string>;
  readonly provider?: 'aws' | 'gcp';
  readonly span?: Span;
}

/** Node labels a pod requires, from `nodeSelector` and required node affinity (first value of an `In` match). */
function readNodeSelection(reader: ManifestReader, pod: readonly PathSegment[]): NodeSelection {
  const labels = new Map<string, Located<string>>();
  for (const key of Object.keys(reader.record([...pod, 'nodeSelector']) ?? {})) {
    const value = reader.string([...pod, 'nodeSelector', key]);
    if (value) labels.set(key, value);
  }
  const terms = [...pod, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'];
  reader.list(terms).forEach((_, t) => {
    reader.list([...terms, t, 'matchExpressions']).forEach((expression, e) => {
      const key = field(expression, 'key');
      const value = reader.string([...terms, t, 'matchExpressions', e, 'values', 0]);
      if (typeof key === 'string' && field(expression, 'operator') === 'In' && value && !labels.has(key)) labels.set(key, value);
    });
  });
  const first = (keys: readonly string[]): Located<string> | undefined => keys.map((k) => labels.get(k)).find((v) => v !== undefined);
  const instance = first(INSTANCE_LABELS);
  const family = labels.get(KARPENTER_FAMILY);
  const gpu = labels.get(GKE_ACCELERATOR);
  const tpu = labels.get(GKE_TPU_ACCELERATOR);
  const accelerator = gpu ?? tpu;
  const region = first(REGION_LABELS);
  const provider = gpu || tpu ? 'gcp' : family || /^(p\d|g\d|inf\d|trn\d)/.test(instance?.value ?? '') ? 'aws' : undefined;
  const topology = labels.get(GKE_TPU_TOPOLOGY);
  return {
    ...(instance ? { instance } : {}),
    ...(accelerator ? { accelerator } : {}),
    ...(topology ? { topology } : {}),
    ...(region ? { region } : {}),
    ...(provider ? { provider } : {}),
    ...(instance ?? accelerator ?? family ? { span: (instance ?? accelerator ?? family)!.span } : {}),
  };
}

/** A container's literal environment (`env[].value`); references to secrets and config maps are skipped. */
function readEnv(reader: ManifestReader, container: readonly PathSegment[]): Map<string, Located<string>> {
  const env = new Map<string, Located<string>>();
  reader.list([...container, 'env']).forEach((entry, i) => {
    const name = field(entry, 'name');
    const value = reader.string([...container, 'env', i, 'value']);
    if (typeof name === 'string' && value) env.set(name, value);
  });
  return env;
}

function modelFromEnv(env: ReadonlyMap<string, Located<string>>): Located<string> | undefined {
  return MODEL_ENV.map((name) => env.get(name)).find((v) => v !== undefined);
}

/** `inference-lens/*` annotations on the workload or its pod template. */
function readAnnotations(reader: ManifestReader, pod: readonly PathSegment[]): Partial<Record<keyof typeof ANNOTATION, Located<string>>> {
  const template = pod.slice(0, -1);
  const out: Partial<Record<keyof typeof ANNOTATION, Located<string>>> = {};
  for (const [field, key] of Object.entries(ANNOTATION) as [keyof typeof ANNOTATION, string][]) {
    const value = reader.string(['metadata', 'annotations', key]) ?? reader.string([...template, 'metadata', 'annotations', key]);
    if (value) out[field] = value;
  }
  return out;
}
