import type { YamlDocument } from '../../yaml/document';
import type { DeploymentSpec } from '../deployment';
import type { FileObjects } from '../kubernetesObjects';
import { readDynamo } from './dynamo';
import { readKaito } from './kaito';
import { readKServe } from './kserve';
import { readKubernetes } from './kubernetes';
import { readLlmd } from './llmd';
import { readLlmInferenceService } from './llmInferenceService';
import { readNimHelm, readNimService } from './nim';
import { readRayLlmConfig } from './rayLlmConfig';
import { readRayServe } from './rayServe';
import { readRayService } from './rayService';
import { ManifestReader } from './reader';
import { readSageMaker } from './sagemaker';
import { readSkyPilot } from './skypilot';
import { readVllmHelm } from './vllmHelm';

/** A real-world format: how it maps a parsed document to deployments (none when the document is not of the format). */
export interface Recognizer {
  readonly format: DeploymentSpec['format'];
  readonly read: (reader: ManifestReader) => DeploymentSpec[];
}

const RECOGNIZERS: readonly Recognizer[] = [
  { format: 'kubernetes', read: readKubernetes },
  { format: 'kserve', read: readKServe },
  { format: 'sagemaker', read: readSageMaker },
  { format: 'skypilot', read: readSkyPilot },
  { format: 'ray-serve', read: readRayServe },
  { format: 'vllm-helm', read: readVllmHelm },
  { format: 'kserve-llm', read: readLlmInferenceService },
  { format: 'dynamo', read: readDynamo },
  { format: 'kaito', read: readKaito },
  { format: 'llm-d-modelservice', read: readLlmd },
  { format: 'ray-serve', read: readRayLlmConfig },
  { format: 'ray-serve', read: readRayService },
  { format: 'nim-service', read: readNimService },
  { format: 'nim-helm', read: readNimHelm },
];

/**
 * Words one of these formats must contain for a document to be worth parsing:
 * accelerator resources and labels, serving engines, and the formats' own keys.
 */
export const REAL_WORLD_MARKERS =
  /nvidia\.com\/gpu|amd\.com\/gpu|aws\.amazon\.com\/neuron|google\.com\/tpu|habana\.ai\/gaudi|instance-type|gke-accelerator|gke-tpu|instance-family|vllm|sglang|text-generation|trtllm-serve|InferenceService|AWS::SageMaker|accelerators|instance_type|llm_configs|serveConfigV2|servingEngineSpec|LLMInferenceService|DynamoGraphDeployment|kaito\.sh\/|modelArtifacts|model_loading_config|NIMService|nvcr\.io\/nim\/|ngcAPISecret|inference-lens\//;

/**
 * Every deployment the real-world formats find in a document; the first format that finds any wins.
 * `objects` are what the file's other documents define (ConfigMaps, device claims).
 */
export function recognize(document: YamlDocument, objects?: FileObjects): DeploymentSpec[] {
  const reader = new ManifestReader(document, objects);
  for (const recognizer of RECOGNIZERS) {
    const specs = recognizer.read(reader);
    if (specs.length > 0) return specs;
  }
  return [];
}
