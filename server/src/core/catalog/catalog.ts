import catalogSchema from '../../../../schemas/catalog.schema.json';
import type { Finding } from '../findings';
import { parseYamlFile } from '../yaml/document';
import { compileSchema, errorPaths, schemaFindings } from '../yaml/schema';
import { NameIndex, normalizeName } from './lookup';
import { nearestSizes, parseSliceName, sliceInstance, sliceOfSize, slicePrices } from './tpuSlices';
import { parseQuantizedName, sizeCompatible, statedSizeB, withoutOrganisation } from './modelNames';
import type { CatalogData, Chip, Instance, Model, Precision, Price, ServerlessOffer, Source, TpuSliceFamily } from './types';
import { dropReplacedPublished, PUBLISHED_FIELDS, withCanonicalUnits } from './units';

/**
 * One catalog file, named for messages: a user's file as text (parsed and checked
 * here), or bundled data already parsed and checked at build time.
 */
export type CatalogFile = { readonly name: string; readonly text: string } | { readonly name: string; readonly data: CatalogData };

export interface CatalogFileFindings {
  readonly file: string;
  readonly findings: readonly Finding[];
}

export interface LoadedCatalog {
  readonly catalog: Catalog;
  /** Problems in catalog files; an entry with problems contributes nothing. */
  readonly problems: readonly CatalogFileFindings[];
}

/** The catalog's lists, the schema definition each entry must satisfy once merged, and how entries merge. */
const KINDS = {
  chips: { definition: 'chip', merge: mergeShallow },
  instances: { definition: 'instance', merge: mergeInstance },
  models: { definition: 'model', merge: mergeShallow },
  serverless: { definition: 'serverlessOffer', merge: mergeShallow },
  tpuSlices: { definition: 'tpuSliceFamily', merge: mergeInstance },
} as const;
type ListKey = keyof typeof KINDS;
type Entry = { readonly id: string } & Record<string, unknown>;

interface Validators {
  /** The file's shape, where an entry needs only its id (it may complete an earlier entry). */
  readonly file: ReturnType<typeof compileSchema>;
  /** Each entry once merged: every required field present. */
  readonly entry: Readonly<Record<ListKey, ReturnType<typeof compileSchema>>>;
}

let validators: Validators | undefined;

function compileValidators(): Validators {
  const partial = structuredClone(catalogSchema) as { definitions: Record<string, { required?: string[] }> };
  for (const { definition } of Object.values(KINDS)) {
    const schema = partial.definitions[definition];
    if (schema) schema.required = ['id'];
  }
  const entry = Object.fromEntries(
    (Object.keys(KINDS) as ListKey[]).map((key) => [
      key,
      compileSchema({ $id: `${catalogSchema.$id}/${key}`, definitions: catalogSchema.definitions, $ref: `#/definitions/${KINDS[key].definition}` }),
    ]),
  ) as Record<ListKey, ReturnType<typeof compileSchema>>;
  return { file: compileSchema({ ...partial, $id: `${catalogSchema.$id}/partial` }), entry };
}

/**
 * Builds a catalog from files in order. An entry whose id repeats one from an
 * earlier file is merged over it field by field (an instance's prices by region
 * and pricing model), so a user's override can change one price and nothing else.
 */
export function loadCatalog(files: readonly CatalogFile[]): LoadedCatalog {
  const lists: Record<ListKey, Map<string, Entry>> = { chips: new Map(), instances: new Map(), models: new Map(), serverless: new Map(), tpuSlices: new Map() };
  const problems: CatalogFileFindings[] = [];
  for (const file of files) {
    if ('data' in file) {
      for (const key of Object.keys(KINDS) as ListKey[]) {
        for (const entry of (file.data[key] ?? []) as unknown as readonly Entry[]) lists[key].set(entry.id, inCatalogUnits(key, entry));
      }
      continue;
    }
    validators ??= compileValidators();
    const parsed = parseYamlFile(file.text);
    const findings: Finding[] = parsed.refused ? [parsed.refused] : [];
    for (const document of parsed.documents) {
      findings.push(...document.findings);
      if (document.findings.length > 0 || document.value === undefined || document.value === null) continue;
      // Every entry as written first (an entry needs only its id here, it may complete an
      // earlier one); an entry with problems is not applied. Then each entry once merged
      // must have every required field.
      const written = schemaFindings(validators.file, document.value, document.doc);
      const rejected = rejectedEntries(errorPaths(validators.file));
      const entryValidators = validators.entry;
      findings.push(...written);
      if (rejected.has(STRUCTURE)) continue;
      const data = document.value as Partial<Record<ListKey, Entry[]>>;
      for (const key of Object.keys(KINDS) as ListKey[]) {
        (data[key] ?? []).forEach((entry, index) => {
          if (rejected.has(`${key}/${index}`)) return;
          const earlier = lists[key].get(entry.id);
          const converted = inCatalogUnits(key, entry);
          const merged = earlier ? (dropReplacedPublished(KINDS[key].merge(earlier, converted), entry, publishedFields(key)) as Entry) : converted;
          const incomplete = schemaFindings(entryValidators[key], merged, document.doc, [key, index]);
          if (incomplete.length > 0) findings.push(...incomplete);
          else lists[key].set(entry.id, merged);
        });
      }
    }
    if (findings.length > 0) problems.push({ file: file.name, findings });
  }
  const catalog = new Catalog(
    [...lists.chips.values()] as unknown as Chip[],
    [...lists.instances.values()] as unknown as Instance[],
    [...lists.models.values()] as unknown as Model[],
    [...lists.serverless.values()] as unknown as ServerlessOffer[],
    [...lists.tpuSlices.values()] as unknown as TpuSliceFamily[],
  );
  return { catalog, problems };
}

const STRUCTURE = 'structure';

function publishedFields(key: ListKey): (typeof PUBLISHED_FIELDS)[keyof typeof PUBLISHED_FIELDS] | readonly [] {
  return key === 'chips' || key === 'instances' ? PUBLISHED_FIELDS[key] : [];
}

/** The one place a figure as published (`memory: { value: 32, unit: GiB }`) becomes the catalog's decimal field. */
function inCatalogUnits(key: ListKey, entry: Entry): Entry {
  return withCanonicalUnits(entry, publishedFields(key));
}

/** `list/index` of every entry a schema error lies in; `structure` when an error lies outside entries. */
function rejectedEntries(paths: ReadonlySet<string>): Set<string> {
  const rejected = new Set<string>();
  for (const path of paths) {
    const entry = /^\/(chips|instances|models|serverless|tpuSlices)\/(\d+)(\/|$)/.exec(path);
    rejected.add(entry ? `${entry[1]}/${entry[2]}` : STRUCTURE);
  }
  return rejected;
}

function mergeShallow(earlier: Entry, later: Entry): Entry {
  const sources = [...((later['sources'] as Source[] | undefined) ?? []), ...((earlier['sources'] as Source[] | undefined) ?? [])];
  return { ...earlier, ...later, ...(sources.length > 0 ? { sources } : {}) };
}

type Priced = Pick<Price, 'region' | 'pricing'>;

/** Earlier prices that no later price replaces (same region and pricing model), then the later ones. */
function mergePrices<T extends Priced>(earlier: readonly T[], later: readonly T[]): T[] {
  const key = (p: Priced): string => `${normalizeName(p.region)}|${p.pricing}`;
  const replaced = new Set(later.map(key));
  return [...earlier.filter((p) => !replaced.has(key(p))), ...later];
}

/** Prices (per hour or per chip-hour) replace the earlier price for the same region and pricing model; regions add up. */
function mergeInstance(earlier: Entry, later: Entry): Entry {
  const prices = mergePrices((earlier['prices'] as Priced[] | undefined) ?? [], (later['prices'] as Priced[] | undefined) ?? []);
  const regionsEarlier = earlier['regions'] as string[] | undefined;
  const regionsLater = later['regions'] as string[] | undefined;
  const regions = regionsEarlier || regionsLater ? [...new Set([...(regionsEarlier ?? []), ...(regionsLater ?? [])])] : undefined;
  return { ...mergeShallow(earlier, later), prices, ...(regions ? { regions } : {}) };
}

/** How a name found its model: an id or alias, a repository id under another organisation, or a quantized re-release's name. */
export interface ModelMatch {
  readonly model: Model;
  /** The weight precision the name implies (`…-FP8` → fp8); undefined when the name implies none. */
  readonly precision: Precision | undefined;
  readonly via: 'name' | 'repository' | 'quantized';
  /** The quantization suffix as written (`-FP8-dynamic`), for a quantized name. */
  readonly quantization?: string;
  /** A GGUF checkpoint: the name does not say the weights' precision (see QuantizedName.precisionUnstated). */
  readonly precisionUnstated?: true;
  /** The llama.cpp quantization type a GGUF name gives its file (see QuantizedName.ggufType). */
  readonly ggufType?: string;
}

/** The typed, indexed catalog every feature reads. Immutable once built. */
export class Catalog {
  readonly chips: NameIndex<Chip>;
  readonly instances: NameIndex<Instance>;
  readonly models: NameIndex<Model>;
  readonly serverless: readonly ServerlessOffer[];
  readonly tpuSlices: readonly TpuSliceFamily[];
  private readonly regionSet: ReadonlySet<string>;
  /** Suggestions already computed, by limit and name: a workspace names the same unknown model in many files, and fuzzy matching over every model is the slowest rule. */
  private readonly modelSuggestions = new Map<string, readonly string[]>();
  private allMachines: readonly Instance[] | undefined;
  private readonly instancesByChip = new Map<string, readonly Instance[]>();
  private readonly listedInstances: readonly Instance[];

  constructor(
    chips: readonly Chip[],
    instances: readonly Instance[],
    models: readonly Model[],
    serverless: readonly ServerlessOffer[] = [],
    tpuSlices: readonly TpuSliceFamily[] = [],
  ) {
    this.listedInstances = instances;
    const priced = instances.map((i) => withSlicePrices(i, tpuSlices));
    this.chips = new NameIndex(chips);
    this.instances = new NameIndex(priced);
    this.models = new NameIndex(models);
    this.serverless = serverless;
    this.tpuSlices = tpuSlices;
    this.regionSet = new Set(
      [...priced, ...tpuSlices].flatMap((i) => [...(i.regions ?? []), ...(i.prices ?? []).map((p) => p.region)]).map(normalizeName),
    );
  }

  chip(name: string): Chip | undefined {
    return this.chips.get(name);
  }

  /**
   * An instance type by id or alias. SageMaker's `ml.` names are the EC2 types they
   * run on when the catalog has no entry of their own; any offered TPU slice size
   * (v6e-64, v5p-128) is an instance priced per chip-hour.
   */
  instance(name: string): Instance | undefined {
    return (
      this.instances.get(name) ??
      (isSageMakerName(name) ? this.instances.get(name.trim().slice(3)) : undefined) ??
      sliceInstance(this.tpuSlices, name)
    );
  }

  /** Every listed instance, then every offered TPU slice size that is not listed: what a user may name. */
  instancesAndSlices(): readonly Instance[] {
    // Built once: resolution asks for it for every TPU deployment, and the catalog never changes.
    this.allMachines ??= this.listAllMachines();
    return this.allMachines;
  }

  /** The listed instances that carry a chip, SageMaker's `ml.` types included; built once per chip. */
  instancesWith(chipId: string): readonly Instance[] {
    let found = this.instancesByChip.get(chipId);
    if (!found) {
      found = this.instances.all().filter((i) => i.accelerator === chipId);
      this.instancesByChip.set(chipId, found);
    }
    return found;
  }

  private listAllMachines(): readonly Instance[] {
    const listed = this.instances.all();
    const ids = new Set(listed.map((i) => i.id));
    const slices = this.tpuSlices.flatMap((family) => family.sizes.flatMap((size) => sliceOfSize(family, size) ?? []));
    return [...listed, ...slices.filter((i) => !ids.has(i.id))];
  }

  /**
   * Instance names near an unknown one: the offered sizes of a TPU slice family first;
   * SageMaker (`ml.`) names only for a SageMaker name, EC2 names only for the others.
   */
  suggestInstances(name: string, limit = 3): string[] {
    const sizes = nearestSizes(this.tpuSlices, name, limit);
    if (sizes.length > 0) return sizes;
    const sagemaker = isSageMakerName(name);
    return this.instances
      .suggest(name, limit * 3)
      .filter((id) => isSageMakerName(id) === sagemaker)
      .slice(0, limit);
  }

  /** The TPU slice family a name belongs to, with its size, even a size Google does not offer. */
  sliceName(name: string): ReturnType<typeof parseSliceName> {
    return parseSliceName(this.tpuSlices, name);
  }

  /**
   * This catalog with more models, e.g. those a trusted workspace describes locally.
   * Names this catalog already has keep their entries (ids and aliases here come first).
   */
  withModels(models: readonly Model[]): Catalog {
    return new Catalog(this.chips.all(), this.listedInstances, [...this.models.all(), ...models], this.serverless, this.tpuSlices);
  }

  /** A model by id or alias, or by a quantized re-release's or another organisation's name for it (see modelMatch). */
  model(name: string): Model | undefined {
    return this.modelMatch(name)?.model;
  }

  /**
   * The model a name means, and the weight precision the name implies. A quantized
   * checkpoint (`Qwen/Qwen2.5-7B-Instruct-AWQ`, `RedHatAI/…-FP8-dynamic`) is its base
   * model at that precision; a re-upload under another organisation (`unsloth/…`) is
   * the model of the same name. Exact names win over both.
   */
  modelMatch(name: string): ModelMatch | undefined {
    const local = localPathName(name);
    if (local !== undefined) return this.modelMatch(local);
    const named = this.byName(name);
    if (named) return { ...named, precision: undefined };
    const quantized = parseQuantizedName(name);
    const base = quantized && this.byName(quantized.base);
    if (!quantized || !base) return undefined;
    const { precisionUnstated, ggufType } = quantized;
    return { model: base.model, precision: quantized.precision, via: 'quantized', quantization: quantized.suffix, ...(precisionUnstated ? { precisionUnstated } : {}), ...(ggufType ? { ggufType } : {}) };
  }

  /** A model by its name, or by the same repository name under another organisation. */
  private byName(name: string): { readonly model: Model; readonly via: 'name' | 'repository' } | undefined {
    const direct = this.models.get(name);
    if (direct) return { model: direct, via: 'name' };
    const bare = withoutOrganisation(name);
    const model = bare === undefined ? undefined : this.models.get(bare);
    return model ? { model, via: 'repository' } : undefined;
  }

  /**
   * Model ids near an unknown name, never one ten times larger or smaller than the
   * size the name states (`Qwen2.5-7B-Foo` is not `qwen2.5-72b`).
   */
  suggestModels(name: string, limit = 3): string[] {
    const key = `${limit}\u0000${name}`;
    let found = this.modelSuggestions.get(key);
    if (!found) {
      // Bounded: a long editing session types many names.
      if (this.modelSuggestions.size >= 1000) this.modelSuggestions.clear();
      found = this.nearModels(name, limit);
      this.modelSuggestions.set(key, found);
    }
    return [...found];
  }

  private nearModels(name: string, limit: number): readonly string[] {
    const quantized = parseQuantizedName(name);
    const wanted = withoutOrganisation(quantized?.base ?? name) ?? quantized?.base ?? name;
    const stated = statedSizeB(wanted);
    return this.models.suggest(wanted, limit, (m) => stated === undefined || sizeCompatible(stated, m.parametersB, m.activeParametersB));
  }

  /** API offers of a catalog model, cheapest output first. */
  serverlessFor(modelId: string): ServerlessOffer[] {
    return this.serverless.filter((o) => o.model === modelId).sort((a, b) => a.usdPerMillionOutputTokens - b.usdPerMillionOutputTokens);
  }

  /** The oldest and newest date any figure is as of: entries' sources, prices and API offers. */
  asOfRange(): { readonly oldest: string | null; readonly newest: string | null } {
    const dates = [
      ...[...this.chips.all(), ...this.instances.all(), ...this.models.all(), ...this.tpuSlices].flatMap((e) => e.sources.map((s) => s.asOf)),
      ...[...this.instances.all(), ...this.tpuSlices].flatMap((i) => (i.prices ?? []).map((p) => p.asOf)),
      ...this.serverless.map((o) => o.asOf),
    ].sort();
    return { oldest: dates[0] ?? null, newest: dates[dates.length - 1] ?? null };
  }

  /** Every region any instance is offered or priced in. */
  regions(): string[] {
    return [...this.regionSet].sort();
  }
}

/**
 * A listed TPU slice (v6e-8, listed for its host's vCPUs and memory) is priced by its
 * family's chip-hour prices wherever it has no price of its own for that region and model.
 */
function withSlicePrices(instance: Instance, families: readonly TpuSliceFamily[]): Instance {
  const slice = parseSliceName(families, instance.id);
  if (!slice || slice.chips !== instance.acceleratorCount) return instance;
  return { ...instance, prices: mergePrices(slicePrices(slice.family, slice.chips), instance.prices ?? []) };
}

/** SageMaker names its hosting instance types `ml.<EC2 type>`; SageMaker bills them at its own prices. */
export function isSageMakerName(name: string): boolean {
  return /^ml\./i.test(name.trim());
}

/**
 * The repository-like name at the end of a local path (`/models/meta-llama/Llama-3.1-8B-Instruct`
 * → `meta-llama/Llama-3.1-8B-Instruct`; `./tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf` → the file
 * name), which is how an engine is pointed at a checkpoint already on disk; undefined when
 * the name is no path.
 */
function localPathName(name: string): string | undefined {
  const trimmed = name.trim();
  if (!/^(\.{0,2}\/|~\/)/.test(trimmed)) return undefined;
  const parts = trimmed.split('/').filter((part) => part !== '' && part !== '.' && part !== '..' && part !== '~');
  return parts.length >= 2 ? parts.slice(-2).join('/') : parts[0];
}
