import type { DeploymentSpec, ManifestFormat, Unresolved } from '../deployment';
import { inferred, type Field } from '../provenance';
import { SpecBuilder } from '../spec';
import type { PathSegment } from '../../yaml/document';
import { readPod } from './kubernetes';
import { field, type ManifestReader } from './reader';

/**
 * NVIDIA NIM Operator's `NIMService` (`apps.nvidia.com`): one NIM container whose
 * image, resources, environment, node selector and replicas sit directly under `spec`.
 */
export function readNimService(reader: ManifestReader): DeploymentSpec[] {
  if (reader.value(['kind']) !== 'NIMService' || !String(reader.value(['apiVersion']) ?? '').startsWith('apps.nvidia.com/')) return [];
  const spec = readNim(reader, ['spec'], 'nim-service');
  return spec ? [SpecBuilder.from(spec).set('replicas', reader.count(['spec', 'replicas'], 0)).build()] : [];
}

/** The nim-llm Helm chart's own keys, which no other chart's values have together with an image. */
const NIM_CHART_KEYS = ['ngcAPISecret', 'ngcAPIKey', 'nimCache'] as const;

/**
 * Values of NVIDIA's `nim-llm` Helm chart, as its own values file or under a
 * `nim-llm:` key of a parent chart: the image, `resources`, `env`, `nodeSelector`
 * and `replicaCount` of the one NIM container. A subchart with `enabled: false` is
 * not deployed. Values another tool fills in (`${model_id}`) are said, never guessed.
 */
export function readNimHelm(reader: ManifestReader): DeploymentSpec[] {
  if (reader.value(['kind']) !== undefined) return [];
  const root: PathSegment[] = reader.record(['nim-llm']) ? ['nim-llm'] : [];
  if (reader.value([...root, 'enabled']) === false) return [];
  const repository = reader.value([...root, 'image', 'repository']);
  const nimImage = typeof repository === 'string' && NIM_IMAGE.test(repository);
  const chartKeys = NIM_CHART_KEYS.some((key) => field(reader.value([...root, 'model']), key) !== undefined);
  if (!nimImage && !chartKeys) return [];
  const spec = readNim(reader, root, 'nim-helm');
  if (!spec) return [];
  const fullname = reader.string([...root, 'fullname']);
  const name = fullname && !fullname.value.includes('$') && !fullname.value.includes('{{') ? fullname.value : 'nim-llm';
  return [{ ...SpecBuilder.from(spec).set('replicas', reader.count([...root, 'replicaCount'], 0)).build(), name }];
}

/** A NIM image on NVIDIA's registry: `nvcr.io/nim/<organisation>/<model>`. */
const NIM_IMAGE = /^nvcr\.io\/nim\/([^/:\s]+\/[^/:\s]+)/;

/** The NIM container at `path` (its image as `{repository, tag}`), with the model its image serves. */
function readNim(reader: ManifestReader, path: readonly PathSegment[], format: ManifestFormat): DeploymentSpec | undefined {
  const pod = readPod(reader, path, format, path, { nim: true });
  if (!pod) return undefined;
  const image = imageModel(reader, [...path, 'image', 'repository']);
  const builder = SpecBuilder.from(pod).default('model', 'model' in image ? image.model : undefined);
  const unresolved: Unresolved[] = [...(pod.unresolved ?? []), ...('unresolved' in image && !pod.model ? [image.unresolved] : [])];
  return builder.with('unresolved', unresolved.sort((a, b) => a.span.start - b.span.start)).build();
}

/**
 * The model a NIM image serves: one image per model, named `nvcr.io/nim/meta/llama3-8b-instruct`,
 * inferred from that path (not editable: another model needs another image). An image
 * written as a template variable leaves the model unresolved.
 */
function imageModel(reader: ManifestReader, path: readonly PathSegment[]): { model: Field<string> } | { unresolved: Unresolved } | Record<string, never> {
  const repository = reader.string(path);
  if (!repository) return {};
  if (/\$\{[^}]*\}|\{\{.*\}\}/.test(repository.value)) return { unresolved: { field: 'model', text: repository.value, span: repository.span } };
  const model = NIM_IMAGE.exec(repository.value)?.[1];
  if (!model) return {};
  const at = repository.value.indexOf(model);
  const span = { start: repository.span.start + at, end: repository.span.start + at + model.length };
  return { model: inferred(model, span, `the model of the NIM image ${repository.value}`, [span]) };
}
