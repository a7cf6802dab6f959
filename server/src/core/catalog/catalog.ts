import catalogSchema from '../../../../schemas/catalog.schema.json';
import type { Finding } from '../findings';
import { parseYamlFile } from '../yaml/document';
import { compileSchema, schemaFindings } from '../yaml/schema';
import { NameIndex, normalizeName } from './lookup';
import type { CatalogData, Chip, Instance, Model } from './types';

/** One catalog file's text, named for messages (a bundled file's name or a user's path). */
export interface CatalogFile {
  readonly name: string;
  readonly text: string;
}

export interface CatalogFileFindings {
  readonly file: string;
  readonly findings: readonly Finding[];
}

export interface LoadedCatalog {
  readonly catalog: Catalog;
  /** Problems in catalog files; a malformed file contributes nothing. */
  readonly problems: readonly CatalogFileFindings[];
}

let validateCatalog: ReturnType<typeof compileSchema> | undefined;

/**
 * Builds a catalog from files in order: an entry whose id repeats one from an
 * earlier file replaces it, so user overrides load after the bundled data.
 */
export function loadCatalog(files: readonly CatalogFile[]): LoadedCatalog {
  validateCatalog ??= compileSchema(catalogSchema);
  const chips = new Map<string, Chip>();
  const instances = new Map<string, Instance>();
  const models = new Map<string, Model>();
  const problems: CatalogFileFindings[] = [];
  for (const file of files) {
    const parsed = parseYamlFile(file.text);
    const findings: Finding[] = [];
    for (const document of parsed.documents) {
      findings.push(...document.findings);
      if (document.findings.length > 0 || document.value === undefined || document.value === null) continue;
      const invalid = schemaFindings(validateCatalog, document.value, document.doc);
      findings.push(...invalid);
      if (invalid.length > 0) continue;
      const data = document.value as CatalogData;
      for (const chip of data.chips ?? []) chips.set(chip.id, chip);
      for (const instance of data.instances ?? []) instances.set(instance.id, instance);
      for (const model of data.models ?? []) models.set(model.id, model);
    }
    if (findings.length > 0) problems.push({ file: file.name, findings });
  }
  return { catalog: new Catalog([...chips.values()], [...instances.values()], [...models.values()]), problems };
}

/** The typed, indexed catalog every feature reads. Immutable once built. */
export class Catalog {
  readonly chips: NameIndex<Chip>;
  readonly instances: NameIndex<Instance>;
  readonly models: NameIndex<Model>;
  private readonly regionSet: ReadonlySet<string>;

  constructor(chips: readonly Chip[], instances: readonly Instance[], models: readonly Model[]) {
    this.chips = new NameIndex(chips);
    this.instances = new NameIndex(instances);
    this.models = new NameIndex(models);
    this.regionSet = new Set(instances.flatMap((i) => [...(i.regions ?? []), ...(i.prices ?? []).map((p) => p.region)]));
  }

  chip(name: string): Chip | undefined {
    return this.chips.get(name);
  }

  /** SageMaker's `ml.` names are the EC2 types they run on when the catalog has no entry of their own. */
  instance(name: string): Instance | undefined {
    return this.instances.get(name) ?? (/^ml\./i.test(name.trim()) ? this.instances.get(name.trim().slice(3)) : undefined);
  }

  model(name: string): Model | undefined {
    return this.models.get(name);
  }

  /** Every region any instance is offered or priced in. */
  regions(): string[] {
    return [...this.regionSet].sort();
  }

  hasRegion(region: string): boolean {
    return this.regionSet.has(normalizeName(region));
  }
}
