import type { DeploymentSpec } from '../deployment';
import { UNNAMED } from '../inferenceDeployment';
import { field, type ManifestReader } from './reader';
import { mapEntryInsertion } from '../insertion';
import { declared, implied, inferred, type Field } from '../provenance';
import { specOf } from '../spec';
import { modelField, precisionFrom, precisionOf } from './serving';

const INSTANCE_LABELS = new Set(['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type']);

/**
 * vLLM production-stack Helm values: each `servingEngineSpec.modelSpec[]` entry is a
 * deployment of `modelURL` with `replicaCount`, `requestGPU` devices per pod,
 * `vllmConfig` parallelism, and node selector terms.
 */
export function readVllmHelm(reader: ManifestReader): DeploymentSpec[] {
  // A chart whose serving engine is switched off deploys none of its models.
  if (reader.value(['servingEngineSpec', 'enableEngine']) === false) return [];
  const list = ['servingEngineSpec', 'modelSpec'];
  return reader.list(list).flatMap((_, i) => {
    const entry = [...list, i];
    const model = reader.string([...entry, 'modelURL']);
    const gpus = reader.count([...entry, 'requestGPU']);
    if ((!model && !gpus) || reader.value([...entry, 'enabled']) === false) return [];
    const name = reader.string([...entry, 'name']);
    const config = [...entry, 'vllmConfig'];
    const tensor =
      reader.count([...config, 'tensorParallelSize']) ??
      (model ? implied(1, model.span, "vLLM's default tensor parallel size", mapEntryInsertion(reader.document, config, 'tensorParallelSize')) : undefined);
    const pipeline = reader.count([...config, 'pipelineParallelSize']);
    const maxLen = reader.count([...config, 'maxModelLen']);
    const dtype = reader.string([...config, 'dtype']);
    const precision = precisionOf(undefined, dtype?.value);
    const instance = instanceFromTerms(reader, [...entry, 'nodeSelectorTerms']);
    const replicas = reader.count([...entry, 'replicaCount'], 0);
    const pods = rayPods(reader, entry, gpus, tensor, pipeline);
    const anchor = name ?? model ?? gpus;
    const hardware = gpus ?? instance ?? model;
    if (!anchor || !hardware) return [];
    const spec = specOf('vllm-helm', { name: name?.value ?? model?.value ?? UNNAMED, span: reader.document.span, anchor: anchor.span, hardwareSpan: hardware.span })
      .set('model', model && modelField(declared(model)))
      .set('acceleratorsPerPod', gpus)
      .with('acceleratorUnit', gpus ? 'device' : undefined)
      .with('pins', gpus ? { resource: 'nvidia.com/gpu' } : undefined)
      .set('instance', instance)
      .set('tensor', tensor)
      .set('pipeline', pipeline)
      .set('maxContextTokens', maxLen)
      .set('precision', precisionFrom(precision, dtype, 'dtype'))
      .set('replicas', replicas)
      .set('podsPerReplica', pods)
      .build();
    return [spec];
  });
}

function instanceFromTerms(reader: ManifestReader, terms: readonly (string | number)[]) {
  for (const [t] of reader.list(terms).entries()) {
    for (const [e, expression] of reader.list([...terms, t, 'matchExpressions']).entries()) {
      const key = field(expression, 'key');
      if (typeof key === 'string' && INSTANCE_LABELS.has(key)) return reader.string([...terms, t, 'matchExpressions', e, 'values', 0]);
    }
  }
  return undefined;
}

/**
 * With \`raySpec.enabled\`, one model runs on a Ray cluster: a head and workers of
 * \`requestGPU\` each, as many as tensor × pipeline needs. Inferred from those three
 * values, and editable nowhere (the chart sizes the cluster).
 */
function rayPods(reader: ManifestReader, entry: readonly (string | number)[], gpus: Field<number> | undefined, tensor: Field<number> | undefined, pipeline: Field<number> | undefined): Field<number> | undefined {
  if (reader.value([...entry, 'raySpec', 'enabled']) !== true || !gpus || !tensor) return undefined;
  const needed = tensor.value * (pipeline?.value ?? 1);
  if (needed <= gpus.value || needed % gpus.value !== 0) return undefined;
  const sources = [tensor.span, ...(pipeline ? [pipeline.span] : []), gpus.span];
  return inferred(needed / gpus.value, reader.span([...entry, 'raySpec', 'enabled']), 'a Ray head and workers of requestGPU each, as many as tensor × pipeline needs', sources);
}
