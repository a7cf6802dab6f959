import { isObject, nativePrecisionOf, readArchitecture, type Config, type Json } from './modelConfig';
import { countParameters } from './modelParameters';
import type { Model, Source } from './types';

/**
 * A catalog model built from a config.json a user has locally (their Hugging Face
 * cache, or a file in .inference-lens/models/), read the way scripts/models reads the
 * bundled ones. Pure: the node layer reads the files.
 */

export interface LocalModelNaming {
  /** The repository id or file name the model is known by, e.g. `acme/house-7b`. */
  readonly name: string;
  readonly sources: readonly Source[];
}

export type LocalModelResult = { readonly model: Model } | { readonly problem: string };

/** The schema's limit on maxContextTokens. */
const MAX_CONTEXT = 100_000_000;

export function modelFromConfig(raw: Json, naming: LocalModelNaming): LocalModelResult {
  if (!isObject(raw)) return { problem: 'not a JSON object' };
  const config = raw as Config;
  let arch;
  try {
    arch = readArchitecture(config);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  const count = countParameters(config, arch);
  if (!count) return { problem: `its parameters cannot be counted from a "${arch.modelType}" config; describe it with the catalog's model fields instead` };
  if (arch.maxPositions === undefined) return { problem: 'config.json gives no max_position_embeddings' };
  const precision = nativePrecisionOf(arch);
  const bare = naming.name.slice(naming.name.indexOf('/') + 1);
  const model: Model = {
    id: localModelId(naming.name),
    name: bare,
    aliases: [...new Set([naming.name, bare])],
    parametersB: Number((count.total / 1e9).toPrecision(4)),
    ...(count.active !== undefined ? { activeParametersB: Number((count.active / 1e9).toPrecision(4)) } : {}),
    layers: arch.layers,
    hiddenSize: arch.hiddenSize,
    ...(arch.intermediateSize !== undefined ? { intermediateSize: arch.intermediateSize } : {}),
    attentionHeads: arch.attentionHeads,
    kvHeads: arch.kvHeads,
    headDim: arch.headDim,
    ...(arch.vocabSize !== undefined ? { vocabSize: arch.vocabSize } : {}),
    maxContextTokens: Math.min(arch.maxPositions, MAX_CONTEXT),
    ...(precision ? { nativePrecision: precision } : {}),
    ...(arch.moe ? { moe: { experts: arch.moe.experts, activeExperts: arch.moe.activeExperts, sharedExperts: arch.moe.sharedExperts, moeLayers: arch.moe.moeLayers } } : {}),
    ...(arch.mla ? { mla: arch.mla } : {}),
    ...(arch.slidingWindow ? { slidingWindow: arch.slidingWindow } : {}),
    sources: naming.sources,
  };
  return { model };
}

/** A catalog id for a local model: its name lowercased, `/` as `--`, other characters outside the id alphabet as `-`. */
export function localModelId(name: string): string {
  return name
    .toLowerCase()
    .replace(/\//g, '--')
    .replace(/[^a-z0-9._-]/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 80);
}

/** Whether a JSON file looks like a Hugging Face config.json rather than a catalog model entry. */
export function isConfigJson(raw: Json): boolean {
  return isObject(raw) && (typeof raw['model_type'] === 'string' || typeof raw['num_hidden_layers'] === 'number' || isObject(raw['text_config']));
}
