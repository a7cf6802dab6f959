import type { Precision, PricingModel } from '../catalog/types';
import type { Located, Span } from '../span';

/** The manifest formats the engine reads. */
export type ManifestFormat = 'inference-deployment' | 'kubernetes' | 'kserve' | 'sagemaker' | 'skypilot' | 'ray-serve' | 'vllm-helm';

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
};

/**
 * What a manifest declares about one deployment, whatever its format, with the
 * span of every field read. Every field is optional: a recognizer fills what its
 * format says, and rules and the estimator say what is missing.
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
  readonly model?: Located<string>;
  readonly precision?: Located<Precision>;
  readonly kvCachePrecision?: Located<Precision>;
  readonly maxContextTokens?: Located<number>;
  readonly instance?: Located<string>;
  readonly accelerator?: Located<string>;
  /** InferenceDeployment: accelerators per replica of a bare `accelerator`. */
  readonly count?: Located<number>;
  /** Real-world formats: accelerators one pod (or node, or instance) requests, in `acceleratorUnit`. */
  readonly acceleratorsPerPod?: Located<number>;
  readonly acceleratorUnit?: AcceleratorUnit;
  /** Pods (nodes) one replica spans: a LeaderWorkerSet group, SkyPilot `num_nodes`. */
  readonly podsPerReplica?: Located<number>;
  /** What `tensor` and `pipeline` count: chips, or NeuronCores (AWS Neuron serving engines). */
  readonly parallelUnit?: AcceleratorUnit;
  /** AWS Neuron logical-core setting (NEURON_LOGICAL_NC_CONFIG), when declared. */
  readonly neuronLogicalCores?: number;
  /** The cloud a format implies (SkyPilot `cloud`, GKE labels), to infer an instance from a chip. */
  readonly provider?: 'aws' | 'gcp' | 'azure';
  /** A GKE TPU slice topology such as `2x4`. */
  readonly tpuTopology?: Located<string>;
  /** Resource keys that look like accelerator resources but are not known ones (`nvidia.com/gpus`). */
  readonly unknownResources?: readonly Located<string>[];
  /** The engine's cap on sequences in flight (vLLM `--max-num-seqs`). */
  readonly maxSequences?: Located<number>;
  readonly region?: Located<string>;
  readonly pricing?: Located<PricingModel>;
  readonly tensor?: Located<number>;
  readonly pipeline?: Located<number>;
  readonly replicas?: Located<number>;
  readonly inputTokens?: Located<number>;
  readonly outputTokens?: Located<number>;
  readonly concurrency?: Located<number | 'max'>;
  readonly requestsPerSecond?: Located<number>;
  readonly ttftMs?: Located<number>;
  readonly tpotMs?: Located<number>;
}
