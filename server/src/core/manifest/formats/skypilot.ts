import type { Span } from '../../span';
import type { DeploymentSpec, HostNeeds } from '../deployment';
import { UNNAMED } from '../inferenceDeployment';
import { afterTokenInsertion } from '../insertion';
import { declared, implied, inferred, type Field } from '../provenance';
import type { PathSegment } from '../../yaml/document';
import { specOf } from '../spec';
import { stringTokens } from './platform';
import type { ManifestReader } from './reader';
import { MODEL_ENV, modelField, servingFields } from './serving';

const CLOUDS = { aws: 'aws', gcp: 'gcp', azure: 'azure' } as const;

/**
 * SkyPilot task YAML: `resources` (accelerators as `H100:8`, a set or an ordered
 * list of candidates, `any_of` / `ordered` candidate resources over the base ones,
 * `instance_type`, `cloud`/`infra`, `region`, `use_spot`), `num_nodes`,
 * `service.replicas`, the model from `envs` and the `run` script. Several
 * candidates become one spec each, handed to the resolver as `candidates`: which
 * one SkyPilot's optimizer takes depends on the catalog's prices.
 */
export function readSkyPilot(reader: ManifestReader): DeploymentSpec[] {
  const resources = reader.record(['resources']);
  const isTask = resources && ['run', 'setup', 'service', 'envs', 'num_nodes'].some((key) => reader.value([key]) !== undefined);
  if (!resources || !isTask || reader.value(['kind']) !== undefined) return [];
  const { candidates, order, span, acceleratorsOnly } = resourceCandidates(reader);
  const specs = candidates.flatMap((candidate) => {
    const spec = candidateSpec(reader, candidate);
    return spec ? [{ spec, label: candidate.label }] : [];
  });
  const first = specs[0];
  if (!first) return [];
  if (specs.length === 1) return [first.spec];
  return [{ ...first.spec, candidates: { order, span, acceleratorsOnly, specs: specs.map((s) => s.spec), labels: specs.map((s) => s.label) } }];
}

/** One way SkyPilot may run the task: the base `resources`, overridden by an `any_of`/`ordered` entry, with one accelerator of a set or list. */
interface Candidate {
  readonly accelerators: { name: Field<string>; count: Field<number> } | undefined;
  readonly instance: Field<string> | undefined;
  /** `cloud`, or the cloud of `infra`, lower case. */
  readonly cloud: string | undefined;
  readonly region: Field<string> | undefined;
  readonly spot: Field<boolean> | undefined;
  readonly hostNeeds: HostNeeds | undefined;
  /** How a person names it: `H100:8`, `H100:8 spot on aws/us-east-1`. */
  readonly label: string;
}

/** The resource keys one level of `resources` (or one `any_of`/`ordered` entry) writes, located where written. */
interface ResourceKeys {
  accelerators?: { readonly kind: 'set' | 'list'; readonly items: readonly { name: Field<string>; count: Field<number> }[] };
  instance?: Field<string>;
  cloud?: string;
  region?: Field<string>;
  spot?: Field<boolean>;
  cpus?: NonNullable<HostNeeds['cpus']>;
  memoryGiB?: NonNullable<HostNeeds['memoryGiB']>;
}

/**
 * Every candidate the task's resources allow, as SkyPilot expands them: each
 * `any_of` or `ordered` entry over the base keys (an entry's keys override them),
 * times each accelerator of a set or list. `ordered` and a list of accelerators
 * are tried in the order written; otherwise the optimizer takes the cheapest.
 */
function resourceCandidates(reader: ManifestReader): { candidates: Candidate[]; order: 'cheapest' | 'ordered'; span: Span; acceleratorsOnly: boolean } {
  const base = resourceKeys(reader, ['resources']);
  const anyOf = reader.list(['resources', 'any_of']);
  const ordered = reader.list(['resources', 'ordered']);
  const alternatives = anyOf.length > 0 ? 'any_of' : ordered.length > 0 ? 'ordered' : undefined;
  const entries = alternatives ? reader.list(['resources', alternatives]).map((_, i) => ({ ...base, ...resourceKeys(reader, ['resources', alternatives, i]) })) : [base];
  const candidates = entries.flatMap((keys) => {
    const items = keys.accelerators?.items ?? [undefined];
    return items.map((accelerators) => candidateOf(keys, accelerators));
  });
  const order = alternatives === 'ordered' || (alternatives === undefined && base.accelerators?.kind === 'list') ? 'ordered' : 'cheapest';
  const span = alternatives ? reader.nodeSpan(['resources', alternatives]) : reader.nodeSpan(['resources', 'accelerators']);
  return { candidates, order, span, acceleratorsOnly: alternatives === undefined };
}

function candidateOf(keys: ResourceKeys, accelerators: { name: Field<string>; count: Field<number> } | undefined): Candidate {
  const hardware = accelerators ? `${accelerators.name.value}:${accelerators.count.value}` : (keys.instance?.value ?? 'any machine');
  const where = keys.cloud ? ` on ${keys.cloud}${keys.region ? `/${keys.region.value}` : ''}` : keys.region ? ` in ${keys.region.value}` : '';
  const label = `${hardware}${keys.spot?.value ? ' spot' : ''}${where}`;
  const hostNeeds = keys.cpus || keys.memoryGiB ? { ...(keys.cpus ? { cpus: keys.cpus } : {}), ...(keys.memoryGiB ? { memoryGiB: keys.memoryGiB } : {}) } : undefined;
  return { accelerators, instance: keys.instance, cloud: keys.cloud, region: keys.region, spot: keys.spot, hostNeeds, label };
}

/** The keys written at one level of the resources. */
function resourceKeys(reader: ManifestReader, path: readonly PathSegment[]): ResourceKeys {
  const keys: ResourceKeys = {};
  const accelerators = readAccelerators(reader, [...path, 'accelerators']);
  if (accelerators) keys.accelerators = accelerators;
  const instance = reader.string([...path, 'instance_type']);
  if (instance) keys.instance = instance;
  const infra = reader.string([...path, 'infra']);
  const [infraCloud, infraRegion] = (infra?.value ?? '').split('/');
  const cloud = (reader.string([...path, 'cloud'])?.value ?? infraCloud)?.toLowerCase() || undefined;
  if (cloud) keys.cloud = cloud;
  // `infra: aws/us-east-1`: the region is the text after the cloud, located on its own so an edit changes only it.
  const regionAt = infra && infraRegion ? infra.span.start + (infraCloud ?? '').length + 1 : undefined;
  const region =
    reader.string([...path, 'region']) ??
    (infraRegion && regionAt !== undefined && reader.source({ start: regionAt, end: regionAt + infraRegion.length }) === infraRegion
      ? declared({ value: infraRegion, span: { start: regionAt, end: regionAt + infraRegion.length } })
      : undefined);
  if (region) keys.region = region;
  const spot = reader.value([...path, 'use_spot']);
  if (typeof spot === 'boolean') keys.spot = declared({ value: spot, span: reader.valueSpan([...path, 'use_spot']) });
  const cpus = hostNeed(reader.value([...path, 'cpus']), false);
  if (cpus) keys.cpus = cpus;
  const memory = hostNeed(reader.value([...path, 'memory']), true);
  if (memory) keys.memoryGiB = memory;
  return keys;
}

/** GiB in each of SkyPilot's memory units (its GB is 2^30 bytes). */
const MEMORY_UNITS: Readonly<Record<string, number>> = { kb: 1 / 1024 ** 2, mb: 1 / 1024, gb: 1, tb: 1024, pb: 1024 ** 2 };

/** `cpus: 32+`, `cpus: 16`, `memory: 64GB`, `memory: 1000+`: a count, exact or a minimum (`+`); memory in GiB. */
function hostNeed(value: unknown, memory: boolean): { value: number; atLeast: boolean } | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]b)?\s*(\+)?\s*$/i.exec(String(value ?? ''));
  if (!match?.[1] || (match[2] && !memory)) return undefined;
  const number = Number(match[1]) * (match[2] ? (MEMORY_UNITS[match[2].toLowerCase()] ?? 1) : 1);
  return Number.isFinite(number) && number > 0 ? { value: number, atLeast: match[3] === '+' } : undefined;
}

/** The spec of the task run on one candidate. */
function candidateSpec(reader: ManifestReader, candidate: Candidate): DeploymentSpec | undefined {
  const named = candidate.accelerators;
  // A Cloud TPU is named as a whole slice (`tpu-v6e-8`): the machine, not a count of chips.
  const slice = named && sliceOf(named.name);
  const accelerators = slice ? undefined : named;
  const instance = candidate.instance ?? slice;
  if (!accelerators && !instance) return undefined;

  const cloud = candidate.cloud;
  const nodes = reader.count(['num_nodes']);
  const env = taskEnvironment(reader, accelerators?.count, nodes);
  const run = reader.string(['run']);
  const tokens = stringTokens(reader, ['run']);
  // The run script is text: a missing flag is written after the model's token in it.
  const serving = servingFields(tokens, { env, flagSlot: (words, model) => (model && run && within(model, reader.span(['run'])) ? afterTokenInsertion(model.end, words) : undefined) });
  const model = serving.model ?? MODEL_ENV.map((name) => env.get(name)).find((v) => v !== undefined);
  const name = reader.string(['name']);
  const hardware = accelerators?.name ?? instance;
  return specOf('skypilot', {
    name: name?.value ?? UNNAMED,
    span: reader.document.span,
    anchor: name?.span ?? reader.keySpan(['resources']) ?? reader.document.span,
    hardwareSpan: hardware?.span ?? reader.span(['resources']),
  })
    .set('model', model && modelField(model))
    .set('tensor', serving.tensor)
    .engine(serving)
    .set('instance', instance)
    .set('accelerator', accelerators?.name)
    .set('acceleratorsPerPod', accelerators?.count)
    .with('provider', cloud && Object.hasOwn(CLOUDS, cloud) ? CLOUDS[cloud as keyof typeof CLOUDS] : slice ? 'gcp' : undefined)
    .with('uncoveredCloud', cloud && !Object.hasOwn(CLOUDS, cloud) ? cloud : undefined)
    .with('hostNeeds', candidate.hostNeeds)
    .set('region', candidate.region)
    .set('pricing', candidate.spot?.value ? { ...candidate.spot, value: 'spot' as const } : undefined)
    .set('replicas', reader.count(['service', 'replicas']) ?? reader.count(['service', 'replica_policy', 'min_replicas']))
    .set('podsPerReplica', nodes)
    .with('unresolved', serving.unresolved)
    .build();
}

/**
 * The task's `envs`, declared where written, and the variables SkyPilot sets on
 * every node at run time: `$SKYPILOT_NUM_GPUS_PER_NODE` is the accelerators per
 * node (it moves with them) and `$SKYPILOT_NUM_NODES` is `num_nodes`.
 */
function taskEnvironment(reader: ManifestReader, perNode: Field<number> | undefined, nodes: Field<number> | undefined): Map<string, Field<string>> {
  const env = new Map<string, Field<string>>();
  for (const [key, raw] of Object.entries(reader.record(['envs']) ?? {})) {
    // `MAX_MODEL_LEN: 4096` is a YAML number; SkyPilot exports it as the text written.
    const value = typeof raw === 'number' ? declared({ value: reader.source(reader.valueSpan(['envs', key])), span: reader.valueSpan(['envs', key]) }) : reader.string(['envs', key]);
    if (value) env.set(key, value);
  }
  if (perNode) {
    const gpus = inferred(String(perNode.value), perNode.span, 'which SkyPilot sets to the accelerators per node', [perNode.span]);
    env.set('SKYPILOT_NUM_GPUS_PER_NODE', { ...gpus, follows: 'acceleratorsPerPod' });
  }
  const nodeCount = nodes ?? { value: 1, span: reader.span(['resources']) };
  env.set('SKYPILOT_NUM_NODES', inferred(String(nodeCount.value), nodeCount.span, 'which SkyPilot sets to num_nodes', [nodeCount.span]));
  return env;
}

function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/**
 * `H100:8`, `{H100: 8}`, a list `[H100:8, A100-80GB:8]` (tried in order) or a set
 * `{H100:8, A100:8}` (the optimizer's choice). Each name and count is located
 * apart, so each can be changed alone; a name without a count implies one
 * accelerator, written as `:N` after the name.
 */
function readAccelerators(reader: ManifestReader, path: readonly PathSegment[]): ResourceKeys['accelerators'] {
  const value = reader.value(path);
  const items = (list: ({ name: Field<string>; count: Field<number> } | undefined)[]) => list.filter((item) => item !== undefined);
  if (typeof value === 'string') return { kind: 'set', items: items([fromString(value, reader.valueSpan(path))]) };
  if (Array.isArray(value)) {
    return { kind: 'list', items: items(value.map((item, i) => (typeof item === 'string' ? fromString(item, reader.valueSpan([...path, i])) : undefined))) };
  }
  const map = reader.record(path);
  if (!map) return undefined;
  return {
    kind: 'set',
    items: items(
      Object.entries(map).map(([key, count]) => {
        const span = reader.keySpan([...path, key]) ?? reader.span(path);
        if (count === null || count === undefined) return fromString(key, span);
        const n = Number(count);
        if (!Number.isInteger(n) || n < 1) return undefined;
        return { name: declared({ value: key.split(':')[0] ?? key, span }), count: declared({ value: n, span: reader.valueSpan([...path, key]) }) };
      }),
    ),
  };
}

function fromString(text: string, span: Span): { name: Field<string>; count: Field<number> } | undefined {
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  const countText = colon < 0 ? undefined : text.slice(colon + 1);
  const n = countText === undefined ? 1 : Number(countText);
  if (name.trim() === '' || !Number.isInteger(n) || n < 1) return undefined;
  const nameSpan = { start: span.start, end: span.start + name.length };
  const count: Field<number> =
    countText === undefined
      ? implied(1, nameSpan, 'SkyPilot\'s default of one accelerator when no count follows the name', { at: nameSpan.end, prefix: ':', suffix: '' })
      : declared({ value: n, span: { start: nameSpan.end + 1, end: span.end } });
  return { name: declared({ value: name.trim(), span: nameSpan }), count };
}

/**
 * SkyPilot's TPU names, \`tpu-\` and a slice (\`tpu-v6e-8\`, \`tpu-v5litepod-4\`, \`tpu-v5p-8\`):
 * the slice is the instance, located after the prefix, so an edit writes another
 * slice and keeps SkyPilot's spelling.
 */
function sliceOf(name: Field<string>): Field<string> | undefined {
  const match = /^tpu-(v\d+[a-z]*-\d+)$/i.exec(name.value);
  if (!match?.[1] || name.origin !== 'declared') return undefined;
  const start = name.span.start + 4;
  return declared({ value: match[1], span: { start, end: start + match[1].length } });
}
