import type { Span } from '../../span';
import type { PathSegment } from '../../yaml/document';
import type { DeploymentSpec, Pool } from '../deployment';
import { mapEntryInsertion } from '../insertion';
import { declared, implied, inferred, type Field } from '../provenance';
import { specOf } from '../spec';
import { readEnv } from './kubernetes';
import { launchedBy, pointAt, written } from './platform';
import type { ManifestReader } from './reader';
import { modelField, servingFields } from './serving';

/** The device-plugin resource the chart requests for each `accelerator.type` (its values.yaml). */
const ACCELERATOR_RESOURCE: Readonly<Record<string, string | undefined>> = {
  nvidia: 'nvidia.com/gpu',
  'intel-gaudi': 'habana.ai/gaudi',
  amd: 'amd.com/gpu',
  google: 'google.com/tpu',
  cpu: undefined,
};

/**
 * llm-d ModelService Helm values (`llm-d-modelservice` chart): `modelArtifacts.name`
 * is served by a `decode` section and, when it has replicas, a `prefill` section
 * (a disaggregated deployment: two pools). Each section's first container runs
 * vLLM with the section's `parallelism` (tensor, data, dataLocal, workers) and its
 * own `args`; the chart requests tensor × dataLocal accelerators per pod of the
 * `accelerator.type`'s resource unless the container's limits say otherwise, and
 * runs `workers` pods per replica when `multinode` is set.
 */
export function readLlmd(reader: ManifestReader): DeploymentSpec[] {
  if (reader.record(['modelArtifacts']) === undefined) return [];
  const model = modelOf(reader);
  const deployment = model?.value ?? 'modelservice';
  const roles = (['decode', 'prefill'] as const).filter((role) => isDeployed(reader, role));
  const disaggregated = roles.length === 2;
  return roles.map((role) => readSection(reader, role, model, disaggregated ? { role, deployment } : undefined));
}

/** A section is deployed unless `create: false`; prefill also needs replicas (the chart's default is 0). */
function isDeployed(reader: ManifestReader, role: 'decode' | 'prefill'): boolean {
  if (reader.record([role]) === undefined || reader.value([role, 'create']) === false) return false;
  if (reader.list([role, 'containers']).length === 0) return false;
  return role === 'decode' || (reader.count([role, 'replicas'])?.value ?? 0) > 0;
}

function modelOf(reader: ManifestReader): Field<string> | undefined {
  const name = reader.string(['modelArtifacts', 'name']);
  if (name) return modelField(name);
  const uri = reader.string(['modelArtifacts', 'uri']);
  return uri?.value.startsWith('hf://') && !uri.value.includes('{{') ? modelField(uri) : undefined;
}

function readSection(reader: ManifestReader, role: 'decode' | 'prefill', model: Field<string> | undefined, pool: Pool | undefined): DeploymentSpec {
  const section: PathSegment[] = [role];
  const container = [...section, 'containers', 0];
  const parallelism = [...section, 'parallelism'];
  const args = reader.tokens([...container, 'args']);
  const insert = mapEntryInsertion(reader.document, parallelism, 'tensor');
  const serving = servingFields([...launchedBy('vllm', args[0]?.start ?? reader.span(container).start), ...args], {
    env: readEnv(reader, container),
    flagSlot: () => insert,
  });
  const anchor = reader.keySpan(section) ?? reader.document.span;
  const tensor = written(serving.tensor, reader.count([...parallelism, 'tensor'])) ?? implied(1, pointAt(insert?.at, anchor), "the chart's default tensor parallelism of 1", insert);
  const resource = acceleratorResource(reader, role);
  const count = resource ? acceleratorCount(reader, container, parallelism, resource, tensor) : undefined;
  return specOf('llm-d-modelservice', { name: role, span: reader.document.span, anchor, hardwareSpan: count?.origin === 'declared' ? count.span : anchor })
    .set('model', model)
    .set('tensor', tensor)
    .engine(serving)
    .set('dataParallel', written(serving.dataParallel, reader.count([...parallelism, 'data'])))
    .set('dataParallelLocal', written(serving.dataParallelLocal, reader.count([...parallelism, 'dataLocal'])))
    .with('unresolved', serving.unresolved)
    .set('acceleratorsPerPod', count)
    .with('acceleratorUnit', count ? 'device' : undefined)
    .with('pins', resource ? { resource } : undefined)
    .set('podsPerReplica', reader.value(['multinode']) === true ? workers(reader, parallelism) : undefined)
    .set('replicas', reader.count([...section, 'replicas']))
    .with('pool', pool)
    .build();
}

/** The section's accelerator type (or the global one, default nvidia) as the resource the chart requests. */
function acceleratorResource(reader: ManifestReader, role: 'decode' | 'prefill'): string | undefined {
  const type = reader.string([role, 'accelerator', 'type']) ?? reader.string(['accelerator', 'type']);
  return type ? ACCELERATOR_RESOURCE[type.value] : ACCELERATOR_RESOURCE['nvidia'];
}

/**
 * Accelerators per pod: the container's own limit when it writes one (the chart
 * keeps it), else tensor × dataLocal from the parallelism, which follows the
 * tensor degree (changing the tensor degree changes the request).
 */
function acceleratorCount(
  reader: ManifestReader,
  container: readonly PathSegment[],
  parallelism: readonly PathSegment[],
  resource: string,
  tensor: Field<number>,
): Field<number> | undefined {
  const limit = reader.count([...container, 'resources', 'limits', resource]);
  const request = reader.count([...container, 'resources', 'requests', resource]);
  if (limit) return request && request.value === limit.value ? declared(limit, { copies: [request.span] }) : limit;
  const local = reader.count([...parallelism, 'dataLocal']);
  const sources: Span[] = [tensor.span, ...(local ? [local.span] : [])];
  return inferred(tensor.value * (local?.value ?? 1), tensor.span, 'the chart requests tensor × dataLocal accelerators per pod', sources);
}

/** Pods per replica of a multinode section: `workers`, else data / dataLocal (the chart's rule). */
function workers(reader: ManifestReader, parallelism: readonly PathSegment[]): Field<number> | undefined {
  const count = reader.count([...parallelism, 'workers']);
  if (count) return count;
  const data = reader.count([...parallelism, 'data']);
  const local = reader.count([...parallelism, 'dataLocal']);
  if (!data || !local || data.value % local.value !== 0) return undefined;
  return inferred(data.value / local.value, data.span, 'the chart runs data / dataLocal pods per replica', [data.span, local.span]);
}
