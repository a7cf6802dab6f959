import YAML from 'yaml';
import { nativePrecisionOf, readArchitecture, type Architecture, type Config } from '../../server/src/core/catalog/modelConfig';
import { countParameters } from '../../server/src/core/catalog/modelParameters';

/**
 * Writes server/data/models.yaml from the config.json copies in scripts/models/configs/
 * and the hand-kept facts in scripts/models/facts.yaml. Pure: the caller reads the
 * files, so the unit test can check that the data file is exactly what this returns.
 */

export interface SourceRef {
  readonly url: string;
  readonly asOf: string;
}

/** Where a config.json copy came from: the Hugging Face repository it is the config of, and the copy read. */
export interface ConfigSource {
  /** Hugging Face repository id, e.g. Qwen/Qwen2.5-7B-Instruct. */
  readonly repo: string;
  /** Hugging Face commit of the config, when the copy names one. */
  readonly revision?: string;
  /** The copy actually read (a GitHub file at a commit, or a Hugging Face page). */
  readonly read: string;
  readonly asOf: string;
  readonly note?: string;
}

/** A figure config.json does not hold (or holds wrongly for serving), with its reason and source. */
export interface Override {
  readonly value: unknown;
  readonly note: string;
  readonly source?: SourceRef;
}

export interface ModelFacts {
  readonly id: string;
  readonly name: string;
  /** The config.json copy in configs/; absent only for a hand-kept `entry`. */
  readonly config?: string;
  /** A whole catalog entry kept by hand, for a model whose config.json could not be read verbatim. */
  readonly entry?: Readonly<Record<string, unknown>>;
  /** A banner comment starting a family's section. */
  readonly group?: string;
  /** Comment lines written above the entry. */
  readonly comment?: string;
  /** Hugging Face repository ids of this architecture (base, instruct…): each gives the aliases "org/name" and "name". */
  readonly hf?: readonly string[];
  readonly aliases?: readonly string[];
  readonly override?: Readonly<Record<string, Override>>;
  /** Comments replacing the derived ones, by field. */
  readonly notes?: Readonly<Record<string, string>>;
  readonly sources?: readonly (SourceRef & { readonly covers?: readonly string[] })[];
}

export interface GeneratorInput {
  readonly header: string;
  readonly facts: readonly ModelFacts[];
  readonly sources: Readonly<Record<string, ConfigSource>>;
  /** config.json texts by file name. */
  readonly configs: ReadonlyMap<string, string>;
}

/** Schema limit on maxContextTokens. */
const MAX_CONTEXT = 100_000_000;

export function generateModelsYaml(input: GeneratorInput): string {
  const lines: string[] = [...input.header.trimEnd().split('\n'), '', 'models:'];
  const taken = new Map<string, string>();
  let group: string | undefined;
  for (const facts of input.facts) {
    if (facts.group && facts.group !== group) {
      group = facts.group;
      lines.push(`  # ${'='.repeat(70)} ${group}`);
    }
    lines.push(...entryLines(facts, input, taken), '');
  }
  return lines.join('\n').trimEnd() + '\n';
}

function entryLines(facts: ModelFacts, input: GeneratorInput, taken: Map<string, string>): string[] {
  if (facts.entry) return handKeptLines(facts, facts.entry, taken);
  if (facts.config === undefined) throw new Error(`${facts.id}: neither a config nor a hand-kept entry`);
  const text = input.configs.get(facts.config);
  const source = input.sources[facts.config];
  if (text === undefined) throw new Error(`${facts.id}: no config file ${facts.config}`);
  if (!source) throw new Error(`${facts.id}: ${facts.config} has no entry in configs/SOURCES.yaml`);
  const config = JSON.parse(text) as Config;
  const arch = readArchitecture(config);
  const notes = { ...arch.notes, ...(facts.notes ?? {}) };
  const over = facts.override ?? {};
  const fromConfig: string[] = [];
  const out: string[] = [];
  const field = (name: string, value: unknown, note?: string): void => {
    if (value === undefined) return;
    out.push(`    ${name}: ${scalar(value)}${note ? ` # ${note}` : ''}`);
  };
  /** A config figure, unless the facts override it. */
  const figure = (name: string, configValue: unknown, configNote?: string): void => {
    const o = over[name];
    if (o && o.value === null) out.push(`    # no ${name}: ${o.note}`);
    else if (o) field(name, o.value, o.note);
    else if (configValue !== undefined) {
      field(name, configValue, notes[name] ?? configNote);
      fromConfig.push(name);
    }
  };

  for (const line of (facts.comment ?? '').split('\n').filter(Boolean)) out.push(`    # ${line}`);
  out.push(`  - id: ${facts.id}`);
  field('name', facts.name);
  const aliases = aliasesOf(facts, taken);
  if (aliases.length > 0) out.push('    aliases:', ...aliases.map((a) => `      - ${scalar(a)}`));

  const counted = countParameters(config, arch);
  figure('parametersB', counted && billions(counted.total), counted && `exact count from config = ${counted.total.toLocaleString('en-US')} (computed)`);
  const active = counted?.active;
  if (arch.moe && active !== undefined) figure('activeParametersB', billions(active), `computed from config: ${active.toLocaleString('en-US')} with ${arch.moe.activeExperts} of ${arch.moe.experts} experts`);
  else if (arch.moe) figure('activeParametersB', undefined);
  if (!over['parametersB'] && !counted) throw new Error(`${facts.id}: no stated parameter count and no rule to count ${arch.modelType}`);
  figure('layers', arch.layers);
  figure('hiddenSize', arch.hiddenSize);
  figure('intermediateSize', arch.intermediateSize);
  figure('attentionHeads', arch.attentionHeads);
  figure('kvHeads', arch.kvHeads);
  figure('headDim', arch.headDim);
  figure('vocabSize', arch.vocabSize);
  const context = arch.maxPositions === undefined ? undefined : Math.min(arch.maxPositions, MAX_CONTEXT);
  if (!over['maxContextTokens'] && context === undefined) throw new Error(`${facts.id}: no max_position_embeddings and no stated context`);
  figure('maxContextTokens', context, 'config max_position_embeddings');
  figure('nativePrecision', nativePrecisionOf(arch), precisionNote(arch));
  block(out, 'moe', over['moe'], arch.moe && { experts: arch.moe.experts, activeExperts: arch.moe.activeExperts, sharedExperts: arch.moe.sharedExperts, moeLayers: arch.moe.moeLayers }, notes['moeLayers'], fromConfig);
  block(out, 'mla', over['mla'], arch.mla, 'KV cache per token per layer = kv_lora_rank + qk_rope_head_dim', fromConfig);
  block(out, 'slidingWindow', over['slidingWindow'], arch.slidingWindow, notes['slidingWindow'], fromConfig);

  out.push('    sources:');
  const hfUrl = `https://huggingface.co/${source.repo}/blob/${source.revision ?? 'main'}/config.json`;
  out.push(...sourceLines({ url: hfUrl, asOf: source.asOf }, fromConfig, source.read === hfUrl ? source.note : undefined));
  if (source.read !== hfUrl) out.push(...sourceLines({ url: source.read, asOf: source.asOf }, fromConfig, source.note ?? 'the copy of the config actually read'));
  for (const [name, o] of Object.entries(over)) if (o.source) out.push(...sourceLines(o.source, [name]));
  for (const s of facts.sources ?? []) out.push(...sourceLines(s, s.covers ?? []));

  if (arch.attentionHeads % arch.kvHeads !== 0) throw new Error(`${facts.id}: ${arch.attentionHeads} heads are not a multiple of ${arch.kvHeads} KV heads`);
  return out;
}

/** An entry written as the facts give it; its comment says why it has no config.json copy. */
function handKeptLines(facts: ModelFacts, entry: Readonly<Record<string, unknown>>, taken: Map<string, string>): string[] {
  const aliases = aliasesOf(facts, taken);
  const body = YAML.stringify([{ id: facts.id, name: facts.name, ...(aliases.length > 0 ? { aliases } : {}), ...entry }], { lineWidth: 0 });
  const comment = (facts.comment ?? '').split('\n').filter(Boolean).map((line) => `    # ${line}`);
  return [...comment, ...body.trimEnd().split('\n').map((line) => `  ${line}`)];
}

/** A nested figure (moe, mla, slidingWindow): the override, or the config's, or nothing. */
function block(out: string[], name: string, override: Override | undefined, value: object | undefined, note: string | undefined, fromConfig: string[]): void {
  const chosen = override ? (override.value as object | null) : value;
  if (!chosen) {
    if (override) out.push(`    # no ${name}: ${override.note}`);
    return;
  }
  out.push(`    ${name}:${override ? ` # ${override.note}` : note ? ` # ${note}` : ''}`);
  for (const [key, v] of Object.entries(chosen)) if (v !== undefined) out.push(`      ${key}: ${scalar(v)}`);
  if (!override) fromConfig.push(name);
}

function sourceLines(source: SourceRef, covers: readonly string[], note?: string): string[] {
  return [
    `      - url: ${source.url}`,
    `        asOf: ${source.asOf}${note ? ` # ${note}` : ''}`,
    ...(covers.length > 0 ? [`        covers: [${covers.join(', ')}]`] : []),
  ];
}

/** The hf repository names (with and without the organisation) and extra aliases, minus the id and duplicates. */
function aliasesOf(facts: ModelFacts, taken: Map<string, string>): string[] {
  const names = [...(facts.hf ?? []).flatMap((repo) => [repo, repo.slice(repo.indexOf('/') + 1)]), ...(facts.aliases ?? [])];
  const claim = (name: string): void => {
    const owner = taken.get(name.toLowerCase());
    if (owner !== undefined && owner !== facts.id) throw new Error(`alias or id "${name}" of ${facts.id} already belongs to ${owner}`);
    taken.set(name.toLowerCase(), facts.id);
  };
  claim(facts.id);
  const seen = new Set<string>([facts.id.toLowerCase()]);
  const result: string[] = [];
  for (const name of names) {
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    claim(name);
    result.push(name);
  }
  return result;
}

function precisionNote(arch: Architecture): string | undefined {
  if (arch.quantMethod !== undefined) return `config quantization_config quant_method ${arch.quantMethod}`;
  return arch.torchDtype ? `config torch_dtype ${arch.torchDtype}` : undefined;
}

/** Billions, to three significant figures (four above 100B so 235.1 and 671 keep their names). */
function billions(count: number): number {
  const b = count / 1e9;
  return Number(b.toPrecision(b >= 100 ? 4 : 3));
}

function scalar(value: unknown): string {
  return YAML.stringify(value, { lineWidth: 0 }).trimEnd();
}
