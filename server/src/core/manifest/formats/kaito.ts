import type { Span } from '../../span';
import type { PathSegment } from '../../yaml/document';
import type { DeploymentSpec, Pool } from '../deployment';
import { UNNAMED } from '../inferenceDeployment';
import { mapEntryInsertion } from '../insertion';
import { inferred, type Declared, type Field } from '../provenance';
import { specOf } from '../spec';
import { KAITO_PRESETS } from './kaitoPresets';
import { field, type ManifestReader } from './reader';

/**
 * KAITO (kaito.sh) on AKS: a `Workspace` names an Azure VM size
 * (`resource.instanceType`), a node count (`resource.count`) and a preset model
 * (`inference.preset.name`); an `InferenceSet` wraps the same in `spec.template`
 * with `spec.replicas`; a `MultiRoleInference` runs one model in prefill and
 * decode roles, each on its own VM size (two pools). KAITO launches vLLM with
 * tensor parallelism over a node's GPUs and, on several nodes, one pipeline
 * stage per node; so the tensor degree is left to the instance's GPU count.
 */
export function readKaito(reader: ManifestReader): DeploymentSpec[] {
  if (!String(reader.value(['apiVersion']) ?? '').startsWith('kaito.sh/')) return [];
  const kind = reader.value(['kind']);
  if (kind === 'Workspace') return readWorkspace(reader, [], undefined);
  if (kind === 'InferenceSet') return readWorkspace(reader, ['spec', 'template'], reader.count(['spec', 'replicas']));
  if (kind === 'MultiRoleInference') return readRoles(reader);
  return [];
}

/** A workspace's `resource` and `inference` (at the top level, or under an InferenceSet's template). */
function readWorkspace(reader: ManifestReader, at: readonly PathSegment[], replicas: Field<number> | undefined): DeploymentSpec[] {
  const preset = reader.string([...at, 'inference', 'preset', 'name']);
  if (!preset) return [];
  const resource = [...at, 'resource'];
  const instance = reader.string([...resource, 'instanceType']);
  const nodes = reader.count([...resource, 'count']);
  const name = reader.string(['metadata', 'name']);
  const anchor = name?.span ?? preset.span;
  const instanceSlot = instance ? undefined : mapEntryInsertion(reader.document, resource, 'instanceType');
  const spec = specOf('kaito', { name: name?.value ?? UNNAMED, span: reader.document.span, anchor, hardwareSpan: instance?.span ?? anchor })
    .set('model', presetModel(preset))
    .set('instance', instance)
    .with('provider', 'azure')
    .set('podsPerReplica', nodes)
    .set('pipeline', nodes && nodes.value > 1 ? stagePerNode(nodes) : undefined)
    .set('replicas', replicas)
    .with('slots', instanceSlot ? { instance: instanceSlot } : undefined)
    .build();
  return [spec];
}

/** `spec.roles[]` of a MultiRoleInference: one pool per role, sharing `spec.model.name`. */
function readRoles(reader: ManifestReader): DeploymentSpec[] {
  const name = reader.string(['metadata', 'name']);
  const base = name?.value ?? UNNAMED;
  const model = reader.string(['spec', 'model', 'name']);
  return reader.list(['spec', 'roles']).flatMap((role, i) => {
    const type = field(role, 'type');
    if (type !== 'prefill' && type !== 'decode') return [];
    const path = ['spec', 'roles', i];
    const instance = reader.string([...path, 'instanceType']);
    const anchor = reader.valueSpan([...path, 'type']);
    const pool: Pool = { role: type, deployment: base };
    const spec = specOf('kaito', { name: `${base}/${type}`, span: reader.document.span, anchor, hardwareSpan: instance?.span ?? anchor })
      .set('model', model && presetModel(model))
      .set('instance', instance)
      .with('provider', 'azure')
      .set('replicas', reader.count([...path, 'replicas']))
      .with('pool', pool)
      .build();
    return [spec];
  });
}

/**
 * The model a preset serves: a built-in preset's Hugging Face repository (from
 * KAITO's preset list), inferred from the preset's name; a Hugging Face id, which
 * newer KAITO versions accept as a preset, as written.
 */
function presetModel(preset: Declared<string>): Field<string> {
  const repository = KAITO_PRESETS.get(preset.value.toLowerCase());
  if (!repository) return preset;
  return inferred(repository, preset.span, `KAITO preset ${preset.value} serves ${repository}`, [preset.span]);
}

/** KAITO's multi-node vLLM: one pipeline stage per node. */
function stagePerNode(nodes: Declared<number>): Field<number> {
  const sources: Span[] = [nodes.span];
  return inferred(nodes.value, nodes.span, `KAITO runs one pipeline stage per node (resource.count ${nodes.value})`, sources);
}
