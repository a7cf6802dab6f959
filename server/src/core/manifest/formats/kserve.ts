import type { DeploymentSpec } from '../deployment';
import { UNNAMED } from '../inferenceDeployment';
import { readPod } from './kubernetes';
import type { ManifestReader } from './reader';
import { declared } from '../provenance';
import { SpecBuilder, specOf } from '../spec';
import { modelField } from './serving';

/**
 * KServe InferenceService: the predictor is a pod spec whose serving container is
 * `spec.predictor.model` (a serving runtime) or `spec.predictor.containers[0]`.
 * The model comes from the runtime's args or `storageUri` (hf://org/name);
 * replicas from `minReplicas`.
 */
export function readKServe(reader: ManifestReader): DeploymentSpec[] {
  if (reader.value(['kind']) !== 'InferenceService' || !String(reader.value(['apiVersion']) ?? '').startsWith('serving.kserve.io/')) return [];
  const predictor = ['spec', 'predictor'];
  const runtime = reader.record([...predictor, 'model']) !== undefined;
  const storage = reader.string([...predictor, 'model', 'storageUri']) ?? reader.string([...predictor, 'storageUri']);
  const model = storage?.value.startsWith('hf://') ? modelField(declared(storage)) : undefined;
  const pod = runtime ? readPod(reader, predictor, 'kserve', [...predictor, 'model']) : readPod(reader, predictor, 'kserve');
  if (!pod && !model) return [];
  const name = reader.string(['metadata', 'name']);
  const builder = pod
    ? SpecBuilder.from(pod)
    : specOf('kserve', { name: name?.value ?? UNNAMED, span: reader.document.span, anchor: name?.span ?? reader.document.span, hardwareSpan: name?.span ?? reader.document.span });
  return [builder.default('model', model).set('replicas', reader.count([...predictor, 'minReplicas'])).build()];
}
