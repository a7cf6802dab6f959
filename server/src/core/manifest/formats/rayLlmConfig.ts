import type { PathSegment } from '../../yaml/document';
import type { DeploymentSpec, Pool } from '../deployment';
import { inferred } from '../provenance';
import { SpecBuilder } from '../spec';
import { pointAt } from './platform';
import { linkModels } from './pools';
import { readEmbedded, readLlmConfig } from './rayServe';
import type { ManifestReader } from './reader';

const ROLES = [
  ['prefill', 'prefill_config'],
  ['decode', 'decode_config'],
] as const;

/**
 * Ray Serve LLM beyond `llm_configs` lists: a file that is one `LLMConfig` (its
 * `model_loading_config` at the top level), and prefill/decode disaggregation
 * (`build_pd_openai_app`), whose application args hold a `prefill_config` and a
 * `decode_config`, each an LLMConfig: the two pools of one deployment; also
 * inside a KubeRay RayService's `serveConfigV2`.
 */
export function readRayLlmConfig(reader: ManifestReader): DeploymentSpec[] {
  // KubeRay's RayService embeds the same serve config as a string.
  if (reader.value(['kind']) === 'RayService') return readEmbedded(reader, readRayLlmConfig);
  if (reader.record(['model_loading_config']) !== undefined) return readConfig(reader, [], undefined, undefined);
  return reader.list(['applications']).flatMap((_, i) => {
    const args = ['applications', i, 'args'];
    if (!ROLES.some(([, key]) => reader.record([...args, key]) !== undefined)) return [];
    const name = reader.string(['applications', i, 'name'])?.value ?? 'pd';
    return linkModels(ROLES.flatMap(([role, key]) => readConfig(reader, [...args, key], `${name}/${role}`, { role, deployment: name })));
  });
}

/**
 * One LLMConfig read as Ray Serve LLM reads it; without `accelerator_type` a replica
 * still takes one accelerator per tensor × pipeline worker (of a type the file does not name).
 */
function readConfig(reader: ManifestReader, config: readonly PathSegment[], name: string | undefined, pool: Pool | undefined): DeploymentSpec[] {
  return readLlmConfig(reader, config).map((spec) => {
    const anchor = config.length > 0 ? (reader.keySpan(config) ?? spec.anchor) : spec.anchor;
    const tensor = spec.tensor;
    const perReplica = (tensor?.value ?? 1) * (spec.pipeline?.value ?? 1);
    // An implied degree points at where it would be written, never at other text.
    const at = tensor?.origin === 'implied' ? pointAt(tensor.insert?.at, anchor) : (tensor?.span ?? anchor);
    const sources = [tensor, spec.pipeline].flatMap((f) => (f && f.origin !== 'implied' ? [f.span] : []));
    const workers = inferred(perReplica, at, 'one accelerator per tensor × pipeline worker', sources);
    return SpecBuilder.from({ ...spec, name: name ?? spec.name, anchor })
      .set('acceleratorsPerPod', workers)
      .with('acceleratorUnit', 'device')
      .with('pool', pool)
      .build();
  });
}
