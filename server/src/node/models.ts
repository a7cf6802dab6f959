import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCatalog, type Catalog } from '../core/catalog/catalog';
import { isConfigJson, modelFromConfig } from '../core/catalog/localModel';
import type { Json } from '../core/catalog/modelConfig';
import type { Model } from '../core/catalog/types';

/**
 * Models the bundled catalog lacks, described by files on this machine: a trusted
 * workspace's .inference-lens/models/*.json (a config.json, or a catalog model entry)
 * and the local Hugging Face cache ($HF_HOME/hub/models--org--name/snapshots/<commit>/config.json).
 * Nothing is fetched: a model found nowhere stays unknown. Only names the catalog does
 * not already resolve are added, so a local file never changes a bundled figure.
 */

/** A workspace's own model descriptions. */
export const WORKSPACE_MODELS = join('.inference-lens', 'models');

/** Largest model file read; a config.json is a few kilobytes. */
export const MAX_MODEL_FILE_BYTES = 1024 * 1024;
/** Cached repositories looked at, at most; a cache can hold thousands of datasets and models. */
const MAX_CACHED_REPOSITORIES = 2000;

export interface LocalModelOptions {
  /** Workspace folders whose .inference-lens/models/ are read; empty in an untrusted workspace. */
  readonly workspaceFolders: readonly string[];
  /** The Hugging Face home (its hub/ holds the cache); undefined to skip the cache. */
  readonly hfHome: string | undefined;
}

export interface LocalModels {
  readonly models: readonly Model[];
  /** Every file a model was read from. */
  readonly read: readonly string[];
  /** Files that were read but describe no usable model, and why. */
  readonly problems: readonly { readonly file: string; readonly reason: string }[];
}

/** Where the Hugging Face libraries keep their cache: $HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface. */
export function defaultHfHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env['HF_HOME']) return env['HF_HOME'];
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'huggingface');
}

/** The catalog with the local models it lacks added; `known` names are skipped. */
export function withLocalModels(catalog: Catalog, options: LocalModelOptions): { readonly catalog: Catalog; readonly local: LocalModels } {
  const local = readLocalModels(options, (name) => catalog.modelMatch(name) !== undefined);
  return { catalog: local.models.length > 0 ? catalog.withModels(local.models) : catalog, local };
}

export function readLocalModels(options: LocalModelOptions, known: (name: string) => boolean): LocalModels {
  const found: Model[] = [];
  const read: string[] = [];
  const problems: { file: string; reason: string }[] = [];
  const taken = new Set<string>();
  const add = (file: string, models: readonly Model[]): void => {
    read.push(file);
    for (const model of models) {
      const names = [model.id, ...(model.aliases ?? [])];
      if (names.some((n) => known(n) || taken.has(n.toLowerCase()))) continue;
      for (const n of names) taken.add(n.toLowerCase());
      found.push(model);
    }
  };

  for (const folder of options.workspaceFolders) {
    for (const file of jsonFiles(join(folder, WORKSPACE_MODELS))) {
      const result = workspaceModel(file);
      if ('problem' in result) problems.push({ file, reason: result.problem });
      else add(file, result.models);
    }
  }
  if (options.hfHome) {
    for (const { file, name, revision } of cachedConfigs(join(options.hfHome, 'hub'))) {
      if (known(name)) continue;
      const raw = readJson(file);
      if ('problem' in raw) {
        problems.push({ file, reason: raw.problem });
        continue;
      }
      const source = { url: `https://huggingface.co/${name}/blob/${revision}/config.json`, asOf: dateOf(file) };
      const result = modelFromConfig(raw.json, { name, sources: [source] });
      if ('problem' in result) problems.push({ file, reason: result.problem });
      else add(file, [result.model]);
    }
  }
  return { models: found, read, problems };
}

/**
 * One workspace file: a config.json (named by its _name_or_path when that is a
 * repository id, else by the file name, `org__name.json` meaning org/name), or
 * catalog model entries (one entry, a list, or `{ models: [...] }`) checked against the catalog schema.
 */
function workspaceModel(file: string): { readonly models: readonly Model[] } | { readonly problem: string } {
  const raw = readJson(file);
  if ('problem' in raw) return raw;
  if (isConfigJson(raw.json)) {
    const declared = typeof raw.json === 'object' && raw.json !== null && !Array.isArray(raw.json) ? raw.json['_name_or_path'] : undefined;
    const name = typeof declared === 'string' && /^[\w.-]+\/[\w.-]+$/.test(declared) ? declared : basename(file, '.json').replace('__', '/');
    const result = modelFromConfig(raw.json, { name, sources: [{ url: pathToFileURL(file).href, asOf: dateOf(file) }] });
    return 'problem' in result ? result : { models: [result.model] };
  }
  const entries = Array.isArray(raw.json) ? raw.json : typeof raw.json === 'object' && raw.json !== null && 'models' in raw.json ? raw.json['models'] : [raw.json];
  const loaded = loadCatalog([{ name: file, text: JSON.stringify({ models: entries }) }]);
  const messages = loaded.problems.flatMap((p) => p.findings.map((f) => f.message));
  if (messages.length > 0) return { problem: messages.join('; ') };
  return { models: loaded.catalog.models.all() };
}

/** config.json of each cached model repository: the snapshot refs/main points at, else the newest snapshot. */
function cachedConfigs(hub: string): { file: string; name: string; revision: string }[] {
  const configs: { file: string; name: string; revision: string }[] = [];
  for (const entry of list(hub).slice(0, MAX_CACHED_REPOSITORIES)) {
    const match = /^models--([^-][^/]*?)--(.+)$/.exec(entry);
    if (!match) continue;
    const name = `${match[1]}/${match[2]}`;
    const repo = join(hub, entry);
    const main = readText(join(repo, 'refs', 'main'))?.trim();
    const snapshots = list(join(repo, 'snapshots')).filter((s) => existsSync(join(repo, 'snapshots', s, 'config.json')));
    const revision = main && snapshots.includes(main) ? main : newest(snapshots.map((s) => join(repo, 'snapshots', s)));
    if (revision) configs.push({ file: join(repo, 'snapshots', basename(revision), 'config.json'), name, revision: basename(revision) });
  }
  return configs;
}

function readJson(file: string): { readonly json: Json } | { readonly problem: string } {
  try {
    if (statSync(file).size > MAX_MODEL_FILE_BYTES) return { problem: `larger than ${MAX_MODEL_FILE_BYTES / 1024} KB` };
    return { json: JSON.parse(readFileSync(file, 'utf8')) as Json };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function jsonFiles(dir: string): string[] {
  return list(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(dir, name));
}

function newest(paths: readonly string[]): string | undefined {
  return [...paths].sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

/** A file's modification day, the date its figures are as of. */
function dateOf(file: string): string {
  return statSync(file).mtime.toISOString().slice(0, 10);
}
