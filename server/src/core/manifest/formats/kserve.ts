import type { DeploymentSpec } from '../deployment';
import { UNNAMED } from '../inferenceDeployment';
import { readPod } from './kubernetes';
import type { ManifestReader } from './reader';
import { declared, inferred, type Field } from '../provenance';
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
  const model = storage?.value.startsWith('hf://')
    ? modelField(declared(storage))
    : (nimModel(reader, [...predictor, 'model', 'modelFormat', 'name']) ?? storedModel(storage));
  const pod = runtime ? readPod(reader, predictor, 'kserve', [...predictor, 'model']) : readPod(reader, predictor, 'kserve');
  if (!pod && !model) return [];
  const name = reader.string(['metadata', 'name']);
  const builder = pod
    ? SpecBuilder.from(pod)
    : specOf('kserve', { name: name?.value ?? UNNAMED, span: reader.document.span, anchor: name?.span ?? reader.document.span, hardwareSpan: name?.span ?? reader.document.span });
  return [builder.default('model', model).set('replicas', reader.count([...predictor, 'minReplicas'])).build()];
}

/**
 * NVIDIA NIM runtimes are one per model, named for it: `modelFormat.name:
 * nvidia-nim-llama3-70b-instruct` serves Llama 3 70B Instruct. Inferred from the
 * name (the text is not the model id, so it is not editable as one).
 */
function nimModel(reader: ManifestReader, path: readonly (string | number)[]): Field<string> | undefined {
  const format = reader.string(path);
  const name = /^nvidia-nim-(.+)$/.exec(format?.value ?? '')?.[1];
  if (!format || !name) return undefined;
  return inferred(name, format.span, `the model of the NIM runtime ${format.value}`, [format.span]);
}

/**
 * The model a storage path holds, inferred from its last segment: a Hugging Face id with
 * \`--\` for \`/\` (\`…/models/meta-llama--Meta-Llama-3.1-8B-Instruct\`, as the Hub cache and
 * many buckets name them), or a checkpoint folder named for a model of a stated size
 * (\`s3://bucket/models/Meta-Llama-3.1-8B-Instruct\`, \`pvc://models/Qwen2.5-7B-Instruct\`,
 * an OCI image's name without its tag). A folder that states no size is left unknown.
 */
function storedModel(storage: Field<string> | undefined): Field<string> | undefined {
  if (!storage) return undefined;
  const path = storage.value.replace(/\/+$/, '');
  const written = path.slice(path.lastIndexOf('/') + 1);
  const match = /^(?:models--)?([A-Za-z0-9][\w.-]*?)--([\w.-]+)$/.exec(written);
  if (match?.[1] && match[2]) return inferred(`${match[1]}/${match[2]}`, storage.span, `the Hugging Face id in the storage path ${written}`, [storage.span]);
  const segment = storage.value.startsWith('oci://') ? written.replace(/[:@].*$/, '') : written;
  if (segment.includes('$') || !/\d(\.\d+)?[bB]([-_.]|$)/.test(segment)) return undefined;
  const exact = storage.origin === 'declared' && storage.span.end - storage.span.start === storage.value.length;
  const at = storage.span.start + path.length - written.length;
  const span = exact ? { start: at, end: at + segment.length } : storage.span;
  return inferred(segment, span, `the checkpoint folder ${segment} the storage path holds`, [storage.span]);
}
