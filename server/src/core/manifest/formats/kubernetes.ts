import type { PricingModel } from '../../catalog/types';
import type { Located, Span } from '../../span';
import type { Token } from '../servingCommand';
import type { PathSegment } from '../../yaml/document';
import { ACCELERATOR_RESOURCES, misspelledResource } from '../resources';
import type { AcceleratorUnit, DeploymentSpec, GpuShare, ManifestFormat, MisspelledResource, Pins, Unresolved } from '../deployment';
import { UNNAMED } from '../inferenceDeployment';
import { afterTokenInsertion, isInSequenceArgument, mapEntryInsertion, sequenceInsertion } from '../insertion';
import { declared, implied, inferred, pickedFrom, sourcesOf, type Field } from '../provenance';
import { SpecBuilder, specOf } from '../spec';
import { readMaxText } from './maxtext';
import { isNimImage, nimImageModel } from './nimImage';
import { stringTokens } from './platform';
import { field, ManifestReader } from './reader';
import type { ConfigValue, DeviceRequest } from '../kubernetesObjects';
import { commandTokens, MODEL_ENV, modelField, servingFields, type CommandContext } from './serving';

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
const KARPENTER_GPU_NAME = 'karpenter.k8s.aws/instance-gpu-name';
const KARPENTER_CAPACITY = 'karpenter.sh/capacity-type';
const GKE_SPOT = 'cloud.google.com/gke-spot';
/** NVIDIA GPU feature discovery's product label (`NVIDIA-H100-80GB-HBM3`). */
const GPU_PRODUCT = 'nvidia.com/gpu.product';
/** The resource a MIG slice is requested by under the device plugin's mixed strategy: `nvidia.com/mig-1g.10gb`. */
const MIG_RESOURCE = 'nvidia.com/mig-';
/** The resource a time-sliced GPU is advertised as when the device plugin renames shared GPUs (`renameByDefault`). */
const SHARED_RESOURCE = 'nvidia.com/gpu.shared';
/** GPU feature discovery's product of a time-sliced GPU: `NVIDIA-A100-SXM4-40GB-SHARED`. */
const SHARED_PRODUCT = /^(.+)-SHARED$/i;
/** GPU feature discovery's product of a MIG device under the single strategy: `NVIDIA-A100-SXM4-40GB-MIG-1g.5gb`. */
const MIG_PRODUCT = /^(.+)-MIG-(\d+g\.\d+gb)$/i;
/**
 * AMD's node labeller's product label (`AMD_Instinct_MI300X_OAM`), and its legacy
 * `beta.` twin (ROCm k8s-device-plugin docs).
 */
const AMD_PRODUCT = ['amd.com/gpu.product-name', 'beta.amd.com/gpu.product-name'];
/** Cloud Run's node selector for a service's GPU (`nvidia-l4`), named as GKE names accelerators. */
const CLOUD_RUN_ACCELERATOR = 'run.googleapis.com/accelerator';
/** GKE's node label for the MIG partitions of a node's GPUs. */
const GKE_GPU_PARTITION = 'cloud.google.com/gke-gpu-partition-size';
/**
 * GKE accelerator label values that name one machine family among several with the
 * same chip: H100 80GB comes on A3 High and on A3 Mega, and only the label says which
 * (GKE's GPU docs list \`nvidia-h100-mega-80gb\` as the A3 Mega accelerator).
 */
const GKE_MACHINE_FAMILY: Readonly<Record<string, string>> = { 'nvidia-h100-mega-80gb': 'a3-megagpu' };

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
  const apiVersion = reader.value(['apiVersion']);
  if (typeof apiVersion !== 'string') return [];
  if (kind === 'Service' && apiVersion.startsWith(KNATIVE_API)) return readKnativeService(reader);
  const workload = typeof kind === 'string' ? WORKLOADS[kind] : undefined;
  if (!workload) return [];
  // A LeaderWorkerSet's leader runs the serving command; workers mirror its resources.
  const leader = ['spec', 'leaderWorkerTemplate', 'leaderTemplate', 'spec'];
  const pod = kind === 'LeaderWorkerSet' && reader.list([...leader, 'containers']).length > 0 ? leader : workload.pod;
  const groupSize = kind === 'LeaderWorkerSet' ? reader.count(['spec', 'leaderWorkerTemplate', 'size']) : undefined;
  const spec = readPod(reader, pod, 'kubernetes', undefined, { runtimeEnv: groupSize ? lwsEnvironment(groupSize) : undefined });
  if (!spec) return [];
  return [
    SpecBuilder.from(spec)
      .set('replicas', workload.replicas ? reader.count(workload.replicas, 0) : undefined)
      .set('podsPerReplica', groupSize)
      .build(),
  ];
}

/** Knative Serving's API group, whose `Service` runs a pod template (Cloud Run's services are written in it too). */
export const KNATIVE_API = 'serving.knative.dev/';

/**
 * A Knative `Service` (KServe's serverless mode, Cloud Run): the pod of `spec.template`, and the
 * replicas it keeps running at least (`autoscaling.knative.dev/min-scale`, or the older `minScale`),
 * 0 when it scales to zero.
 */
function readKnativeService(reader: ManifestReader): DeploymentSpec[] {
  const template = ['spec', 'template'];
  const spec = readPod(reader, [...template, 'spec'], 'kubernetes');
  if (!spec) return [];
  const annotations = [...template, 'metadata', 'annotations'];
  const minScale = reader.count([...annotations, 'autoscaling.knative.dev/min-scale'], 0) ?? reader.count([...annotations, 'autoscaling.knative.dev/minScale'], 0);
  return [SpecBuilder.from(spec).set('replicas', minScale).build()];
}

/** What LeaderWorkerSet sets in every pod of a group: `$(LWS_GROUP_SIZE)` is the group's size. */
function lwsEnvironment(size: Field<number>): Map<string, Field<string>> {
  return new Map([['LWS_GROUP_SIZE', inferred(String(size.value), size.span, 'which LeaderWorkerSet sets to leaderWorkerTemplate.size', [size.span])]]);
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
  options: { readonly nim?: boolean; readonly runtimeEnv?: ReadonlyMap<string, Field<string>> | undefined } = {},
): DeploymentSpec | undefined {
  const resources = readResources(reader, container, pod);
  const selection = readNodeSelection(reader, pod);
  // Variables the platform sets at run time, which the container's own env may override.
  const env = new Map([...(options.runtimeEnv ?? []), ...readEnv(reader, container)]);
  // NIM's operator and Helm chart write the image as `{repository, tag}`.
  const imagePath = reader.string([...container, 'image']) ? [...container, 'image'] : [...container, 'image', 'repository'];
  const image = reader.string(imagePath)?.value ?? '';
  const nim = options.nim === true || isNimImage(image) || env.has('NIM_MODEL_NAME') || env.has('NIM_MODEL_PATH');
  // NIM hands the engine NIM_PASSTHROUGH_ARGS, then the container's own arguments, which win.
  const passthrough = nim ? passthroughTokens(reader, container) : [];
  const tokens = withEntrypoint(reader, container, [...passthrough, ...commandTokens(reader, [...container, 'command'], [...container, 'args'])]);
  const serving = servingFields(tokens, {
    env,
    flagSlot: containerFlagSlot(reader, container),
    dependentVariables: true,
    ...(nim ? { environmentEngine: 'nim' as const } : {}),
  });
  const annotations = readAnnotations(reader, pod);
  const maxText = readMaxText(tokens, image);
  const written = annotations.model ?? checkpointModel(serving.model ?? maxText.model ?? modelFromEnv(env));
  // A NIM image is named for the one model it serves, unless the environment names another.
  const imageModel = nim && !written ? nimImageModel(reader, imagePath) : {};
  const model = written ?? ('model' in imageModel ? imageModel.model : undefined);
  // AWS Neuron serving images (`…-neuronx`, `vllm-neuron`) count parallelism in NeuronCores, whatever the pod requests.
  const neuron =
    resources.unit === 'neuron-core' ||
    resources.key?.value.startsWith('aws.amazon.com/neuron') ||
    /^(inf|trn)\d/.test(selection.instance?.value ?? '') ||
    /neuron/i.test(image);
  const declaresHardware = resources.count || resources.share || selection.instance || selection.accelerator || annotations.instance;
  if (!declaresHardware && serving.engine === 'unknown' && !annotations.model && !options.nim) return undefined;

  const name = reader.string(['metadata', 'name']);
  const logicalCores = env.get('NEURON_LOGICAL_NC_CONFIG');
  const instance = annotations.instance ?? selection.instance ?? resources.instance;
  const instanceSlot = instance ? undefined : mapEntryInsertion(reader.document, [...pod, 'nodeSelector'], INSTANCE_LABELS[0] ?? '');
  return specOf(format, {
    name: name?.value ?? UNNAMED,
    span: reader.document.span,
    anchor: name?.span ?? reader.keySpan(['kind']) ?? reader.document.span,
    hardwareSpan: resources.key?.span ?? selection.span ?? name?.span ?? reader.document.span,
  })
    .set('model', model && modelField(model))
    .set('tensor', serving.tensor)
    .engine(serving)
    .default('precision', maxText.precision)
    .set('instance', instance)
    .set('accelerator', selection.accelerator)
    .set('acceleratorsPerPod', resources.count)
    .with('acceleratorUnit', resources.count ? resources.unit : undefined)
    .with('parallelUnit', neuron ? 'neuron-core' : undefined)
    .set('tpuTopology', selection.topology)
    .set('region', annotations.region ?? selection.region)
    .set('pricing', selection.pricing)
    .with('machineFamily', selection.machineFamily)
    .with('provider', selection.provider)
    .with('unknownResources', resources.unknown)
    .with('gpuShare', resources.share ?? selection.share)
    .with('uncoveredCloud', selection.uncoveredCloud)
    .with('neuronLogicalCores', logicalCores ? Number(logicalCores.value) || 1 : undefined)
    .with('unresolved', [...(resources.unresolved ?? []), ...(serving.unresolved ?? []), ...('unresolved' in imageModel ? [imageModel.unresolved] : [])].sort((a, b) => a.span.start - b.span.start))
    .with('slots', instanceSlot ? { instance: instanceSlot } : undefined)
    .with('pins', pinsOf(resources, selection))
    .build();
}

/** What ties the pod to its accelerator's vendor and to the cluster's label vocabulary. */
function pinsOf(resources: Resources, selection: NodeSelection): Pins | undefined {
  const resource = resources.key?.value;
  const acceleratorLabel = selection.acceleratorLabel;
  if (!resource && !acceleratorLabel) return undefined;
  return { ...(resource ? { resource } : {}), ...(acceleratorLabel ? { acceleratorLabel } : {}) };
}

/**
 * Where a flag the container's command lacks goes: a new item of the sequence
 * that holds the model (`args: [--model, M]` or `[--model=M]`), words after the model inside a
 * shell script (`sh -c "vllm serve M …"`), else new items at the end of `args`.
 */
export function containerFlagSlot(reader: ManifestReader, container: readonly PathSegment[]): CommandContext['flagSlot'] {
  return (words, model) => {
    for (const key of ['args', 'command']) {
      const path = [...container, key];
      if (model && isInSequenceArgument(reader.document, path, model.start, model.end)) return sequenceInsertion(reader.document, path, words);
    }
    if (model) return afterTokenInsertion(model.end, words);
    return sequenceInsertion(reader.document, [...container, 'args'], words);
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
  let entrypoint = ENTRYPOINTS.find(([pattern]) => pattern.test(image.value))?.[1];
  // `args: [serve, MODEL, …]` to an image whose entrypoint is `vllm`: the arguments already say `serve`.
  if (entrypoint?.[0] === 'vllm' && tokens[0]?.text === 'serve') entrypoint = ['vllm'];
  const at = tokens[0]?.start ?? image.span.start;
  return entrypoint ? [...entrypoint.map((text) => ({ text, start: at, end: at })), ...tokens] : tokens;
}

/**
 * NIM 2's NIM_PASSTHROUGH_ARGS: engine arguments in one environment value, as shell
 * words placed in the manifest. Only a value written in the container's `env` is read:
 * one from a ConfigMap would put the words at the reference, where no edit may go.
 */
function passthroughTokens(reader: ManifestReader, container: readonly PathSegment[]): Token[] {
  const index = reader.list([...container, 'env']).map((entry) => field(entry, 'name')).lastIndexOf('NIM_PASSTHROUGH_ARGS');
  return index < 0 ? [] : stringTokens(reader, [...container, 'env', index, 'value']);
}

/** The container that requests accelerators, else the first. */
function acceleratorContainer(reader: ManifestReader, pod: readonly PathSegment[]): number {
  const containers = reader.list([...pod, 'containers']);
  const index = containers.findIndex((_, i) => readResources(reader, [...pod, 'containers', i], pod).key !== undefined);
  return Math.max(0, index);
}

interface Resources {
  readonly key: Located<string> | undefined;
  /** The count, with the same count written in both `limits` and `requests` as copies (Kubernetes requires them equal). */
  readonly count: Field<number> | undefined;
  readonly unit: AcceleratorUnit;
  readonly unknown: MisspelledResource[];
  /** The instance a DRA claim's selector requires. */
  readonly instance?: Field<string>;
  /** A count written as a template variable (`${num_gpu}`, `{{ .Values.gpus }}`): unknown, never guessed. */
  readonly unresolved?: readonly Unresolved[];
  /** Part of a GPU requested instead of whole ones: a MIG slice (its profile, where the key names it) or a time-sliced share. */
  readonly share?: GpuShare;
}

function readResources(reader: ManifestReader, container: readonly PathSegment[], pod: readonly PathSegment[]): Resources {
  const unknown: MisspelledResource[] = [];
  let key: Located<string> | undefined;
  const counts: Located<number>[] = [];
  let share: GpuShare | undefined;
  for (const section of ['limits', 'requests'] as const) {
    const path = [...container, 'resources', section];
    for (const { value: name, span } of reader.keys(path)) {
      if ((ACCELERATOR_RESOURCES as readonly string[]).includes(name)) {
        key ??= { value: name, span };
        const count = name === key.value ? reader.count([...path, name]) : undefined;
        if (count) counts.push(count);
      } else if (name.startsWith(MIG_RESOURCE) || name === SHARED_RESOURCE) {
        share ??= reader.count([...path, name]) ? resourceShare(name, span) : undefined;
      } else if (section === 'limits') {
        const correction = misspelledResource(name);
        if (correction) unknown.push({ value: name, span, correction });
      }
    }
  }
  // A misspelled key still says how many accelerators were meant: the other checks use that count.
  const meant = key ? undefined : unknown[0];
  if (meant) {
    const count = reader.count([...container, 'resources', 'limits', meant.value]);
    if (count) counts.push(count);
  }
  const [first, ...rest] = counts;
  const same = rest.filter((c) => c.value === first?.value).map((c) => c.span);
  const count = first ? declared(first, { copies: same }) : undefined;
  if (!key && !meant) {
    const claimed = readClaims(reader, container, pod);
    if (claimed) return { ...claimed, unit: 'device', unknown };
  }
  const unit = key?.value === 'aws.amazon.com/neuroncore' ? 'neuron-core' : 'device';
  const template = key && !count ? templatedCount(reader, container, key.value) : undefined;
  return { key: key ?? meant, count, unit, unknown, ...(template ? { unresolved: [template] } : {}), ...(share ? { share } : {}) };
}

/** The part of a GPU a resource requests: a MIG slice by its profile (`nvidia.com/mig-1g.10gb`), or a time-sliced share. */
function resourceShare(name: string, span: Span): GpuShare | undefined {
  if (name === SHARED_RESOURCE) return { kind: 'time-sliced', value: name, span };
  const profile = name.slice(MIG_RESOURCE.length);
  return profile ? { kind: 'mig', value: profile, span: { start: span.start + MIG_RESOURCE.length, end: span.end } } : undefined;
}

/** An accelerator count written as a variable another tool fills in (Terraform's `${…}`, Helm's `{{ … }}`). */
function templatedCount(reader: ManifestReader, container: readonly PathSegment[], key: string): Unresolved | undefined {
  for (const section of ['limits', 'requests']) {
    const path = [...container, 'resources', section, key];
    const written = reader.string(path);
    if (written && /\$\{[^}]*\}|\{\{.*\}\}|^\$[A-Za-z_]/.test(written.value)) return { field: 'acceleratorsPerPod', text: written.value, span: written.span };
  }
  return undefined;
}

/**
 * DRA device classes of accelerator drivers, each with the device plugin's resource
 * that counts the same devices (a whole GPU, a Neuron device): NVIDIA's and AMD's GPU
 * drivers, AWS Neuron's and Intel Gaudi's.
 */
const DEVICE_CLASSES: Readonly<Record<string, string>> = {
  'gpu.nvidia.com': 'nvidia.com/gpu',
  'gpu.amd.com': 'amd.com/gpu',
  'neuron.aws.com': 'aws.amazon.com/neuron',
  'gaudi.intel.com': 'habana.ai/gaudi',
};

/**
 * Accelerators a container claims through Dynamic Resource Allocation: each of its
 * `resources.claims` names a pod `resourceClaims` entry, whose ResourceClaimTemplate
 * (or ResourceClaim) in the same file requests devices of a class. A request's
 * `count` is declared where the template writes it; a request without one is DRA's
 * one device (implied); several requests add up (inferred); `allocationMode: All`
 * leaves the count unknown.
 */
function readClaims(reader: ManifestReader, container: readonly PathSegment[], pod: readonly PathSegment[]): Omit<Resources, 'unit' | 'unknown'> | undefined {
  const podClaims = reader.list([...pod, 'resourceClaims']);
  const found: { readonly request: DeviceRequest; readonly resource: string; readonly object: string }[] = [];
  const missing: Unresolved[] = [];
  let at: Span | undefined;
  reader.list([...container, 'resources', 'claims']).forEach((claim, c) => {
    const e = podClaims.findIndex((entry) => field(entry, 'name') === field(claim, 'name'));
    // Kubernetes before 1.28 wrote the reference under `source`.
    const path: PathSegment[] = field(podClaims[e], 'source') !== undefined ? [...pod, 'resourceClaims', e, 'source'] : [...pod, 'resourceClaims', e];
    const template = reader.string([...path, 'resourceClaimTemplateName']);
    const named = reader.string([...path, 'resourceClaimName']);
    const requests = template ? reader.objects.claimTemplates.get(template.value) : named ? reader.objects.claims.get(named.value) : undefined;
    const object = template ? `ResourceClaimTemplate ${template.value}` : `ResourceClaim ${named?.value ?? ''}`;
    // A claim defined in another file: what it allocates is unknown here, said rather than guessed.
    const reference = template ?? named;
    if (!requests && reference) missing.push({ field: 'acceleratorsPerPod', text: reference.value, span: reference.span });
    for (const request of requests ?? []) {
      const resource = DEVICE_CLASSES[request.deviceClass.value];
      if (!resource || (found[0] && found[0].resource !== resource)) continue;
      at ??= reader.valueSpan([...container, 'resources', 'claims', c, 'name']);
      found.push({ request, resource, object });
    }
  });
  const [first] = found;
  if (!first || !at) return missing.length > 0 ? { key: undefined, count: undefined, unresolved: missing } : undefined;
  const selected = found.map((f) => f.request.instanceType).find((i) => i !== undefined);
  const instance = selected && inferred(selected.value, selected.span, `the instance type the device selector of ${first.object} requires`, [selected.span]);
  return { key: { value: first.resource, span: at }, count: claimedCount(found, at), ...(instance ? { instance } : {}) };
}

function claimedCount(found: readonly { readonly request: DeviceRequest; readonly object: string }[], at: Span): Field<number> | undefined {
  if (found.some((f) => f.request.all)) return undefined;
  const [only] = found;
  if (only && found.length === 1) {
    const { count, deviceClass } = only.request;
    // The count is written in the claim's own document: declared there, where an edit changes it for every pod that uses the claim.
    return count ? declared(count) : implied(1, at, `one ${deviceClass.value} device: ${only.object} requests no count, and DRA allocates one`);
  }
  const total = found.reduce((sum, f) => sum + (f.request.count?.value ?? 1), 0);
  const sources = found.map((f) => (f.request.count ?? f.request.deviceClass).span);
  return inferred(total, at, `the devices of ${found.length} DRA requests (${found.map((f) => f.object).join(', ')})`, sources);
}

interface NodeSelection {
  readonly instance?: Field<string>;
  readonly accelerator?: Field<string>;
  /** The label that named the accelerator. */
  readonly acceleratorLabel?: string;
  readonly topology?: Field<string>;
  readonly region?: Field<string>;
  readonly provider?: 'aws' | 'gcp' | 'azure';
  readonly span?: Span;
  /** An instance family the labels pin without naming the instance (Karpenter's \`instance-family\`, GKE's A3 Mega label). */
  readonly machineFamily?: string;
  readonly pricing?: Field<PricingModel>;
  /** The part of a GPU the labels pin the pod to (GPU feature discovery's MIG or shared product, GKE's partition size). */
  readonly share?: GpuShare;
  /** A platform the catalog has no machines or prices for (Cloud Run): the chip is known, the machine is not. */
  readonly uncoveredCloud?: string;
}

/**
 * Node labels a pod requires, from `nodeSelector` and required node affinity. An
 * `In` match with several values allows any of them: the first is taken, and the
 * field says it was picked from the list.
 */
function readNodeSelection(reader: ManifestReader, pod: readonly PathSegment[]): NodeSelection {
  const labels = new Map<string, Field<string>>();
  for (const key of Object.keys(reader.record([...pod, 'nodeSelector']) ?? {})) {
    const value = reader.string([...pod, 'nodeSelector', key]);
    if (value) labels.set(key, declared(value));
  }
  const terms = [...pod, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'];
  reader.list(terms).forEach((_, t) => {
    reader.list([...terms, t, 'matchExpressions']).forEach((expression, e) => {
      const key = field(expression, 'key');
      const values = [...terms, t, 'matchExpressions', e, 'values'];
      const value = reader.string([...values, 0]);
      if (typeof key !== 'string' || field(expression, 'operator') !== 'In' || !value || labels.has(key)) return;
      const listed = reader.list(values);
      const allowed = listed.filter((v): v is string => typeof v === 'string');
      const others = listed.length;
      const picked =
        others > 1
          ? pickedFrom(inferred(value.value, value.span, `the first of the ${others} values node affinity allows for ${key}`, [reader.nodeSpan(values)], value.span), allowed)
          : declared(value);
      labels.set(key, picked);
    });
  });
  const first = (keys: readonly string[]): Field<string> | undefined => keys.map((k) => labels.get(k)).find((v) => v !== undefined);
  const instance = first(INSTANCE_LABELS) ?? customInstanceLabel(labels);
  const family = labels.get(KARPENTER_FAMILY);
  const gpu = labels.get(GKE_ACCELERATOR);
  const tpu = labels.get(GKE_TPU_ACCELERATOR);
  const acceleratorLabel = [GKE_ACCELERATOR, GKE_TPU_ACCELERATOR, GPU_PRODUCT, KARPENTER_GPU_NAME, CLOUD_RUN_ACCELERATOR, ...AMD_PRODUCT].find((key) => labels.has(key));
  const written = acceleratorLabel ? labels.get(acceleratorLabel) : undefined;
  const product = written && acceleratorLabel === GPU_PRODUCT ? sharedProduct(written) : undefined;
  const labelled = product?.gpu ?? written;
  const accelerator = labelled && acceleratorLabel ? acceleratorOfLabel(labelled, acceleratorLabel) : undefined;
  const partition = labels.get(GKE_GPU_PARTITION);
  const share = product?.share ?? (partition ? { kind: 'mig' as const, value: partition.value, span: partition.span } : undefined);
  const region = first(REGION_LABELS);
  const karpenter = family || labels.has(KARPENTER_GPU_NAME);
  const provider = gpu || tpu ? 'gcp' : karpenter || /^(p\d|g\d|inf\d|trn\d)/.test(instance?.value ?? '') ? 'aws' : /^Standard_/i.test(instance?.value ?? '') ? 'azure' : undefined;
  const topology = labels.get(GKE_TPU_TOPOLOGY);
  const span = (instance ?? accelerator ?? family)?.span;
  const machineFamily = (gpu && GKE_MACHINE_FAMILY[gpu.value.toLowerCase()]) ?? family?.value;
  const pricing = capacityOf(labels.get(KARPENTER_CAPACITY), labels.get(GKE_SPOT));
  return {
    ...(instance ? { instance } : {}),
    ...(accelerator && acceleratorLabel ? { accelerator, acceleratorLabel } : {}),
    ...(topology ? { topology } : {}),
    ...(region ? { region } : {}),
    ...(provider ? { provider } : {}),
    ...(span ? { span } : {}),
    ...(machineFamily && !instance ? { machineFamily } : {}),
    ...(pricing ? { pricing } : {}),
    ...(share ? { share } : {}),
    ...(acceleratorLabel === CLOUD_RUN_ACCELERATOR ? { uncoveredCloud: 'Cloud Run' } : {}),
  };
}

/**
 * The GPU and the share a product label of part of a GPU names: a MIG device's
 * (`NVIDIA-A100-SXM4-40GB-MIG-1g.5gb`, the slice where the label writes it) or a
 * time-sliced GPU's (`NVIDIA-A100-SXM4-40GB-SHARED`). The GPU is inferred from the label's first part.
 */
function sharedProduct(label: Field<string>): { gpu: Field<string>; share: GpuShare } | undefined {
  const mig = MIG_PRODUCT.exec(label.value);
  const shared = mig ? undefined : SHARED_PRODUCT.exec(label.value);
  const gpu = mig?.[1] ?? shared?.[1];
  if (!gpu) return undefined;
  // The label's span is its text (declared, or the value an affinity list's pick points at).
  const exact = label.span.end - label.span.start === label.value.length;
  const slice = mig?.[2];
  const share: GpuShare = slice
    ? { kind: 'mig', value: slice, span: exact ? { start: label.span.end - slice.length, end: label.span.end } : label.span }
    : { kind: 'time-sliced', value: label.value, span: label.span };
  const what = slice ? 'MIG device' : 'time-sliced GPU';
  return { gpu: inferred(gpu, label.span, `the GPU of the ${what} label ${label.value}`, sourcesOf(label)), share };
}

/**
 * A cluster's own instance-type label (`instance-type: trn1-32xl`, a node group's
 * label rather than the well-known `node.kubernetes.io/instance-type`): read as the
 * AWS instance it abbreviates (`trn1.32xlarge`), inferred from the label and not
 * editable (the value is the cluster's vocabulary). Only names in AWS's
 * `family.size` shape are read; anything else says nothing.
 */
function customInstanceLabel(labels: ReadonlyMap<string, Field<string>>): Field<string> | undefined {
  for (const [key, label] of labels) {
    if (INSTANCE_LABELS.includes(key) || !/(^|\/)instance-type$/.test(key)) continue;
    const match = /^([a-z]+\d+[a-z]*)[-.](\d*)xl(?:arge)?$/i.exec(label.value);
    if (!match?.[1] || match[2] === undefined) continue;
    const instance = `${match[1].toLowerCase()}.${match[2]}xlarge`;
    return inferred(instance, label.span, `the cluster's node label ${key}: ${label.value}, read as ${instance}`, sourcesOf(label));
  }
  return undefined;
}

/**
 * The accelerator a node label names, in the catalog's words: GPU feature discovery's
 * product names and AMD's labels are translated; GKE, Karpenter and Cloud Run labels
 * already name the accelerator.
 */
function acceleratorOfLabel(value: Field<string>, label: string): Field<string> {
  if (label === GPU_PRODUCT) return gpuProduct(value);
  if (AMD_PRODUCT.includes(label)) return amdProduct(value, label);
  return value;
}

/**
 * NVIDIA's SXM socket generation of each data-center GPU that comes in one: the A100
 * is SXM4, the H100 and H200 are SXM5 (NVIDIA's product pages and datasheets).
 */
const SXM_GENERATION: Readonly<Record<string, number>> = { A100: 4, H100: 5, H200: 5 };

/**
 * A GPU feature discovery product label as the chip it names. GPU feature discovery
 * writes the driver's product name with dashes (`NVIDIA-H100-80GB-HBM3`,
 * `NVIDIA-A100-SXM4-80GB`), which the catalog knows. A label written by hand may name
 * the wrong socket generation (`NVIDIA-H100-SXM4-80GB`: no H100 is SXM4): the chip is
 * the SXM part it names, read with its own generation, inferred from the label (whose
 * text is the cluster's vocabulary, not to be rewritten).
 */
function gpuProduct(label: Field<string>): Field<string> {
  const match = /^NVIDIA-([A-Z]\d+)-SXM(\d)-(\d+GB)$/i.exec(label.value);
  const [model, written, memory] = [match?.[1]?.toUpperCase(), Number(match?.[2]), match?.[3]?.toUpperCase()];
  const generation = model ? SXM_GENERATION[model] : undefined;
  if (!model || !memory || generation === undefined || generation === written) return label;
  const reason = `the ${GPU_PRODUCT} label ${label.value}, an ${model} SXM part (the ${model} is SXM${generation})`;
  return inferred(`${model}-SXM${generation}-${memory}`, label.span, reason, sourcesOf(label));
}

/**
 * AMD's product label names the chip and its form factor (`AMD_Instinct_MI300X_OAM`): the
 * chip is the name without the `_OAM` module suffix, inferred from the label.
 */
function amdProduct(label: Field<string>, key: string): Field<string> {
  const chip = /^(.+?)[_-]OAM$/i.exec(label.value)?.[1];
  return chip ? inferred(chip, label.span, `the ${key} label ${label.value}, an OAM module of the ${chip.replace(/_/g, ' ')}`, sourcesOf(label)) : label;
}

/**
 * Spot capacity a pod asks for: Karpenter's \`capacity-type: spot\` (the first of an
 * \`In\` list when several are allowed) or GKE's \`gke-spot: "true"\`. Inferred from the
 * label: the label's text is a scheduling constraint, not a price term an edit may rewrite.
 */
function capacityOf(karpenter: Field<string> | undefined, gkeSpot: Field<string> | undefined): Field<PricingModel> | undefined {
  if (karpenter?.value === 'spot' || karpenter?.value === 'on-demand') {
    const reason = karpenter.origin === 'inferred' ? karpenter.reason : 'the Karpenter capacity type the pod requires';
    return inferred(karpenter.value, karpenter.span, reason, sourcesOf(karpenter));
  }
  if (gkeSpot?.value === 'true') return inferred('spot', gkeSpot.span, 'the GKE Spot VM node label the pod requires', [gkeSpot.span]);
  return undefined;
}

/**
 * A container's environment: literal `env[].value`s, declared where written, and
 * values from a ConfigMap the same file defines (`envFrom.configMapRef`,
 * `valueFrom.configMapKeyRef`), inferred from the ConfigMap's value and editable
 * there. An `env` entry wins over `envFrom`, as in Kubernetes. Secrets are never
 * read, and a ConfigMap or key the file does not define leaves the variable undefined.
 */
export function readEnv(reader: ManifestReader, container: readonly PathSegment[]): Map<string, Field<string>> {
  const env = new Map<string, Field<string>>();
  const configMaps = reader.objects.configMaps;
  reader.list([...container, 'envFrom']).forEach((entry, i) => {
    const name = field(field(entry, 'configMapRef'), 'name');
    const data = typeof name === 'string' ? configMaps.get(name) : undefined;
    if (!data) return;
    const prefix = field(entry, 'prefix');
    const at = reader.valueSpan([...container, 'envFrom', i, 'configMapRef', 'name']);
    for (const [key, value] of data) env.set(`${typeof prefix === 'string' ? prefix : ''}${key}`, fromConfigMap(value, at, `${key} of ConfigMap ${String(name)}`));
  });
  reader.list([...container, 'env']).forEach((entry, i) => {
    const name = field(entry, 'name');
    if (typeof name !== 'string') return;
    const value = reader.string([...container, 'env', i, 'value']);
    const reference = field(field(entry, 'valueFrom'), 'configMapKeyRef');
    const [map, key] = [field(reference, 'name'), field(reference, 'key')];
    const fromMap = typeof map === 'string' && typeof key === 'string' ? configMaps.get(map)?.get(key) : undefined;
    if (value) env.set(name, declared(value));
    else if (fromMap) env.set(name, fromConfigMap(fromMap, reader.valueSpan([...container, 'env', i, 'valueFrom', 'configMapKeyRef', 'key']), `${key} of ConfigMap ${map}`));
    else env.delete(name);
  });
  return env;
}

/** A variable's value from a ConfigMap: inferred at the reference, editable at the ConfigMap's value when its text is the whole value. */
function fromConfigMap(value: ConfigValue, at: Span, what: string): Field<string> {
  const text = value.value.trim();
  return inferred(text, at, `from ${what} in this file`, [value.span], value.editable && text === value.value ? value.span : undefined);
}

/**
 * A model served from a local checkpoint directory named for it
 * (`/data/checkpoints/llama-3.1-405b-instruct/`): the directory's name,
 * when it states a size in billions of parameters, is the model, inferred from the
 * path. Any other path stays as written (an unknown model, said as such).
 */
export function checkpointModel(model: Field<string> | undefined): Field<string> | undefined {
  if (!model?.value.startsWith('/')) return model;
  const path = model.value.replace(/\/+$/, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!/\d(\.\d+)?[bB]([-_.]|$)/.test(name)) return model;
  const at = path.lastIndexOf(name);
  const span = model.origin === 'declared' ? { start: model.span.start + at, end: model.span.start + at + name.length } : model.span;
  return inferred(name, span, `the checkpoint directory ${model.value}`, sourcesOf(model));
}

function modelFromEnv(env: ReadonlyMap<string, Field<string>>): Field<string> | undefined {
  return MODEL_ENV.map((name) => env.get(name)).find((v) => v !== undefined);
}

/** `inference-lens/*` annotations on the workload or its pod template. */
function readAnnotations(reader: ManifestReader, pod: readonly PathSegment[]): Partial<Record<keyof typeof ANNOTATION, Field<string>>> {
  const template = pod.slice(0, -1);
  const out: Partial<Record<keyof typeof ANNOTATION, Field<string>>> = {};
  for (const [field, key] of Object.entries(ANNOTATION) as [keyof typeof ANNOTATION, string][]) {
    const value = reader.string(['metadata', 'annotations', key]) ?? reader.string([...template, 'metadata', 'annotations', key]);
    if (value) out[field] = declared(value);
  }
  return out;
}
