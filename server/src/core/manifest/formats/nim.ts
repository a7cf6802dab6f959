import type { DeploymentSpec, ManifestFormat } from '../deployment';
import { SpecBuilder } from '../spec';
import type { PathSegment } from '../../yaml/document';
import { readPod } from './kubernetes';
import { isNimImage } from './nimImage';
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
  const nimImage = typeof repository === 'string' && isNimImage(repository);
  const chartKeys = NIM_CHART_KEYS.some((key) => field(reader.value([...root, 'model']), key) !== undefined);
  if (!nimImage && !chartKeys) return [];
  const spec = readNim(reader, root, 'nim-helm');
  if (!spec) return [];
  const fullname = reader.string([...root, 'fullname']);
  const name = fullname && !fullname.value.includes('$') && !fullname.value.includes('{{') ? fullname.value : 'nim-llm';
  return [{ ...SpecBuilder.from(spec).set('replicas', reader.count([...root, 'replicaCount'], 0)).build(), name }];
}

/** The NIM container at `path` (its image as `{repository, tag}`): the pod reader takes the model from the image. */
function readNim(reader: ManifestReader, path: readonly PathSegment[], format: ManifestFormat): DeploymentSpec | undefined {
  return readPod(reader, path, format, path, { nim: true });
}
