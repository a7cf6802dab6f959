import type { Precision, PricingModel } from '../catalog/types';
import type { Located, Span } from '../span';
import type { ServingOptions } from './engineOptions';
import type { Field, Insertion } from './provenance';

/** A serving engine a manifest is known to run. */
export type ServingEngine = Exclude<ServingOptions['engine'], 'unknown'>;

/** The manifest formats the engine reads. */
export type ManifestFormat =
  | 'inference-deployment'
  | 'kubernetes'
  | 'kserve'
  | 'kserve-llm'
  | 'sagemaker'
  | 'skypilot'
  | 'ray-serve'
  | 'vllm-helm'
  | 'llm-d-modelservice'
  | 'dynamo'
  | 'kaito'
  | 'nim-service'
  | 'nim-helm';

/** What a count of accelerators counts: whole devices, or AWS NeuronCores (several per chip). */
export type AcceleratorUnit = 'device' | 'neuron-core';

/** The human name of each format, for messages. */
export const FORMAT_NAMES: Readonly<Record<ManifestFormat, string>> = {
  'inference-deployment': 'InferenceDeployment',
  kubernetes: 'Kubernetes',
  kserve: 'KServe InferenceService',
  sagemaker: 'SageMaker endpoint',
  skypilot: 'SkyPilot task',
  'ray-serve': 'Ray Serve LLM',
  'vllm-helm': 'vLLM production-stack values',
  'kserve-llm': 'KServe LLMInferenceService',
  'llm-d-modelservice': 'llm-d ModelService values',
  dynamo: 'NVIDIA Dynamo DynamoGraphDeployment',
  kaito: 'KAITO',
  'nim-service': 'NVIDIA NIM Operator NIMService',
  'nim-helm': 'NVIDIA nim-llm Helm values',
};

/** Formats read through a pod template, whose `inference-lens/*` annotations are read (`formats/kubernetes.ts`). */
const ANNOTATED_FORMATS: ReadonlySet<ManifestFormat> = new Set(['kubernetes', 'kserve', 'kserve-llm', 'dynamo']);

/**
 * Whether the deployment was read through a pod template, so `inference-lens/*`
 * annotations name what it leaves out. A RayService read through its worker pod
 * (which carries the pod's resource) is; a Ray Serve LLMConfig is not.
 */
export function readsAnnotations(spec: DeploymentSpec): boolean {
  return ANNOTATED_FORMATS.has(spec.format) || (spec.format === 'ray-serve' && spec.pins?.resource !== undefined);
}

/**
 * One pool of a disaggregated deployment: prefill and decode run on separate
 * pods (and often separate hardware), each read as its own spec. `deployment`
 * names what both pools belong to, so they can be estimated together.
 */
export interface Pool {
  readonly role: 'prefill' | 'decode';
  readonly deployment: string;
}

/**
 * What a manifest declares about one deployment, whatever its format. Every field
 * knows where it came from (`Field`: declared with its span, implied by a default
 * with where it would be written, or inferred from other text). Every field is
 * optional: a recognizer fills what its format says, and rules and the estimator
 * say what is missing.
 */
export interface DeploymentSpec {
  readonly format: ManifestFormat;
  readonly name: string;
  /** The whole document: where the deployment is. */
  readonly span: Span;
  /** Where a lens or a finding about the deployment as a whole belongs (its name, else its first line). */
  readonly anchor: Span;
  /** Where findings about the hardware declaration as a whole belong. */
  readonly hardwareSpan: Span;
  readonly model?: Field<string>;
  readonly precision?: Field<Precision>;
  readonly kvCachePrecision?: Field<Precision>;
  readonly maxContextTokens?: Field<number>;
  readonly instance?: Field<string>;
  readonly accelerator?: Field<string>;
  /** InferenceDeployment: accelerators per replica of a bare `accelerator`. */
  readonly count?: Field<number>;
  /** Real-world formats: accelerators one pod (or node, or instance) requests, in `acceleratorUnit`. */
  readonly acceleratorsPerPod?: Field<number>;
  readonly acceleratorUnit?: AcceleratorUnit;
  /** Pods (nodes) one replica spans: a LeaderWorkerSet group, SkyPilot `num_nodes`. */
  readonly podsPerReplica?: Field<number>;
  /** What `tensor` and `pipeline` count: chips, or NeuronCores (AWS Neuron serving engines). */
  readonly parallelUnit?: AcceleratorUnit;
  /** AWS Neuron logical-core setting (NEURON_LOGICAL_NC_CONFIG), when declared. */
  readonly neuronLogicalCores?: number;
  /** The cloud a format implies (SkyPilot `cloud`, GKE labels), to infer an instance from a chip. */
  readonly provider?: 'aws' | 'gcp' | 'azure';
  /**
   * An instance family the node labels pin without naming the instance (Karpenter's
   * `instance-family: g5`, GKE's `nvidia-h100-mega-80gb`, which only A3 Mega carries):
   * an instance inferred from the chip is taken from this family.
   */
  readonly machineFamily?: string;
  /** A cloud the format names that the catalog does not cover (SkyPilot `infra: nebius`): no instance is inferred there. */
  readonly uncoveredCloud?: string;
  /** A GKE TPU slice topology such as `2x4`. */
  readonly tpuTopology?: Field<string>;
  /** Resource keys that misspell an accelerator resource (`nvidia.com/gpus`), each with the one it misspells. */
  readonly unknownResources?: readonly MisspelledResource[];
  /**
   * What lets the engine serve a context longer than the model was trained for (vLLM's
   * `--rope-scaling`, a `rope` override, `VLLM_ALLOW_LONG_MAX_MODEL_LEN`), where it is written.
   */
  readonly contextExtended?: Located<string>;
  /** The attention kernels the serving command selects (SGLang `--attention-backend triton`), where it is written. */
  readonly attentionBackend?: Located<string>;
  /** Part of a GPU the pod runs on instead of whole ones, where it is written. */
  readonly gpuShare?: GpuShare;
  /** The engine's cap on sequences in flight (vLLM `--max-num-seqs`). */
  readonly maxSequences?: Field<number>;
  /** The serving engine the manifest's command or platform runs, when known: its defaults apply where the manifest sets nothing (vLLM's cap on sequences in flight). */
  readonly servingEngine?: ServingEngine;
  /** Whether the MoE experts are split over the replica's chips (vLLM `--enable-expert-parallel`, SGLang `--ep-size`, Ray `enable_expert_parallel`). */
  readonly expertParallel?: Field<boolean>;
  readonly region?: Field<string>;
  readonly pricing?: Field<PricingModel>;
  readonly tensor?: Field<number>;
  readonly pipeline?: Field<number>;
  /**
   * Data parallelism: engines of tensor × pipeline accelerators that serve side by side
   * in one replica (vLLM `--data-parallel-size`, SGLang `--dp-size`, KServe and llm-d
   * `parallelism.data`). Counted over the whole replica, which may span pods.
   */
  readonly dataParallel?: Field<number>;
  /** Of those engines, the ones each pod runs (vLLM `--data-parallel-size-local`, `parallelism.dataLocal`); the rest run on the replica's other pods. */
  readonly dataParallelLocal?: Field<number>;
  /**
   * SGLang's data-parallel attention (`--dp` with `--enable-dp-attention`): ranks of the
   * tensor group that each run attention for their own requests, with their own KV cache,
   * while the MoE layers stay split over the whole group. Not engines of their own: the
   * tensor group keeps its GPUs.
   */
  readonly attentionRanks?: Field<number>;
  readonly replicas?: Field<number>;
  readonly inputTokens?: Field<number>;
  readonly outputTokens?: Field<number>;
  readonly concurrency?: Field<number | 'max'>;
  readonly requestsPerSecond?: Field<number>;
  readonly ttftMs?: Field<number>;
  readonly tpotMs?: Field<number>;
  /** Where fields the manifest leaves out would be written, for edits that add them. */
  readonly slots?: Slots;
  /** Values written as something the engine cannot read here (an undefined `$VAR`): said, never guessed. */
  readonly unresolved?: readonly Unresolved[];
  /**
   * What an edit cannot do by rewriting fields (a pod whose resource name and image
   * belong to one accelerator vendor, a multi-node group): said instead of done.
   */
  readonly pins?: Pins;
  /** Set when the deployment is one pool of a prefill/decode disaggregated deployment. */
  readonly pool?: Pool;
  /**
   * SkyPilot: the task on each of its candidate resources (`any_of`, `ordered`, a
   * set or list of accelerators), as read; resolution takes the one SkyPilot's
   * optimizer would (`resolve/skypilot.ts`) and the spec analyzed is that one.
   */
  readonly candidates?: Candidates;
  /** Set on a spec taken from several candidates: how many, and where they are written. */
  readonly choice?: Choice;
  /** SkyPilot `cpus` / `memory`: what each node's machine must have besides its accelerators. */
  readonly hostNeeds?: HostNeeds;
}

/** A machine's vCPUs and memory as a task asks for them: exactly, or at least (`32+`). */
export interface HostNeeds {
  readonly cpus?: { readonly value: number; readonly atLeast: boolean };
  readonly memoryGiB?: { readonly value: number; readonly atLeast: boolean };
}

/** Candidate resources: tried in the order written, or the cheapest first. */
export interface Candidates {
  readonly order: 'cheapest' | 'ordered';
  /** The list of candidates as written (`any_of`, `ordered`, or `accelerators`). */
  readonly span: Span;
  readonly specs: readonly DeploymentSpec[];
  /** Each candidate as a person names it (`H100:8 spot on aws/us-east-1`), in `specs` order. */
  readonly labels: readonly string[];
  /** Whether the candidates differ only in their accelerators (a set or list), not in `any_of`/`ordered` entries. */
  readonly acceleratorsOnly: boolean;
}

export interface Choice {
  readonly order: Candidates['order'];
  readonly span: Span;
  readonly of: number;
  /** Whether the candidates differ only in their accelerators (a set or list), not in `any_of`/`ordered` entries. */
  readonly acceleratorsOnly: boolean;
}

/** Insertion points for absent fields. */
export interface Slots {
  readonly instance?: Insertion;
  readonly tensor?: Insertion;
  readonly precision?: Insertion;
}

/**
 * Part of a GPU: a Multi-Instance GPU slice (`3g.40gb`: 3 of 7 compute slices, 40 GB; a
 * `nvidia.com/mig-3g.40gb` resource, GPU feature discovery's product label of a MIG
 * device, or GKE's partition-size label), or a time-sliced share of a GPU other pods use
 * too (the device plugin's `nvidia.com/gpu.shared`, a `-SHARED` product label).
 * `value` is the MIG profile, or the resource or label that says the GPU is shared.
 */
export interface GpuShare extends Located<string> {
  readonly kind: 'mig' | 'time-sliced';
}

export interface Unresolved {
  readonly field: 'model' | 'tensor' | 'pipeline' | 'dataParallel' | 'dataParallelLocal' | 'maxContextTokens' | 'maxSequences' | 'instance' | 'acceleratorsPerPod';
  readonly text: string;
  readonly span: Span;
}

/** What ties a deployment to its current hardware beyond the fields an edit rewrites. */
export interface Pins {
  /** The accelerator resource a container requests (`nvidia.com/gpu`): its vendor's image and flags go with it. */
  readonly resource?: string;
  /** A node label naming the accelerator (`cloud.google.com/gke-accelerator`): its value vocabulary is the cluster's. */
  readonly acceleratorLabel?: string;
}

/** The fields of a spec that hold a located value, each once: `mapSpans` and the builder are exhaustive over it. */
export type FieldKey = {
  [K in keyof DeploymentSpec]-?: NonNullable<DeploymentSpec[K]> extends Field<infer _> ? K : never;
}[keyof DeploymentSpec];

/** The value type of a field. */
export type FieldValue<K extends FieldKey> = NonNullable<DeploymentSpec[K]> extends Field<infer T> ? T : never;

/** A resource key that misspells an accelerator resource, and the resource it misspells (`nvidia.com/gpus` → `nvidia.com/gpu`). */
export interface MisspelledResource extends Located<string> {
  readonly correction: string;
}
