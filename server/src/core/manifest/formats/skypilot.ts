import type { Span } from '../../span';
import type { DeploymentSpec } from '../deployment';
import { UNNAMED } from '../inferenceDeployment';
import { afterTokenInsertion } from '../insertion';
import { declared, implied, inferred, type Field } from '../provenance';
import { specOf } from '../spec';
import { stringTokens } from './platform';
import type { ManifestReader } from './reader';
import { MODEL_ENV, modelField, servingFields } from './serving';

const CLOUDS = { aws: 'aws', gcp: 'gcp', azure: 'azure' } as const;

/**
 * SkyPilot task YAML: `resources` (accelerators as `H100:8`, a map or a list of
 * candidates — the first is read — and/or `instance_type`, `cloud`/`infra`,
 * `region`, `use_spot`), `num_nodes`, `service.replicas`, the model from `envs`
 * and the `run` script.
 */
export function readSkyPilot(reader: ManifestReader): DeploymentSpec[] {
  const resources = reader.record(['resources']);
  const isTask = resources && ['run', 'setup', 'service', 'envs', 'num_nodes'].some((key) => reader.value([key]) !== undefined);
  if (!resources || !isTask || reader.value(['kind']) !== undefined) return [];
  const named = readAccelerators(reader);
  // A Cloud TPU is named as a whole slice (`tpu-v6e-8`): the machine, not a count of chips.
  const slice = named && sliceOf(named.name);
  const accelerators = slice ? undefined : named;
  const instance = reader.string(['resources', 'instance_type']) ?? slice;
  if (!accelerators && !instance) return [];

  const infra = reader.string(['resources', 'infra']);
  const [infraCloud, infraRegion] = (infra?.value ?? '').split('/');
  const cloud = (reader.string(['resources', 'cloud'])?.value ?? infraCloud)?.toLowerCase() || undefined;
  // `infra: aws/us-east-1`: the region is the text after the cloud, located on its own so an edit changes only it.
  const regionAt = infra && infraRegion ? infra.span.start + (infraCloud ?? '').length + 1 : undefined;
  const region =
    reader.string(['resources', 'region']) ??
    (infraRegion && regionAt !== undefined && reader.source({ start: regionAt, end: regionAt + infraRegion.length }) === infraRegion
      ? { value: infraRegion, span: { start: regionAt, end: regionAt + infraRegion.length } }
      : undefined);
  const spot = reader.value(['resources', 'use_spot']) === true;
  const nodes = reader.count(['num_nodes']);
  const env = taskEnvironment(reader, accelerators?.count, nodes);
  const run = reader.string(['run']);
  const tokens = stringTokens(reader, ['run']);
  // The run script is text: a missing flag is written after the model's token in it.
  const serving = servingFields(tokens, { env, flagSlot: (words, model) => (model && run && within(model, reader.span(['run'])) ? afterTokenInsertion(model.end, words) : undefined) });
  const model = serving.model ?? MODEL_ENV.map((name) => env.get(name)).find((v) => v !== undefined);
  const name = reader.string(['name']);
  const hardware = accelerators?.name ?? instance;
  return [
    specOf('skypilot', {
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
      .with('provider', cloud && cloud in CLOUDS ? CLOUDS[cloud as keyof typeof CLOUDS] : slice ? 'gcp' : undefined)
      .with('uncoveredCloud', cloud && !(cloud.toLowerCase() in CLOUDS) ? cloud.toLowerCase() : undefined)
      .set('region', region)
      .set('pricing', spot ? { value: 'spot' as const, span: reader.span(['resources', 'use_spot']) } : undefined)
      .set('replicas', reader.count(['service', 'replicas']) ?? reader.count(['service', 'replica_policy', 'min_replicas']))
      .set('podsPerReplica', nodes)
      .with('unresolved', serving.unresolved)
      .build(),
  ];
}

/**
 * The task's `envs`, declared where written, and the variables SkyPilot sets on
 * every node at run time: `$SKYPILOT_NUM_GPUS_PER_NODE` is the accelerators per
 * node (it moves with them) and `$SKYPILOT_NUM_NODES` is `num_nodes`.
 */
function taskEnvironment(reader: ManifestReader, perNode: Field<number> | undefined, nodes: Field<number> | undefined): Map<string, Field<string>> {
  const env = new Map<string, Field<string>>();
  for (const key of Object.keys(reader.record(['envs']) ?? {})) {
    const value = reader.string(['envs', key]);
    if (value) env.set(key, declared(value));
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
 * `H100:8`, `{H100: 8}`, `[H100:8, A100-80GB:8]` or `{H100:8, A100:8}` — the first
 * candidate. The name and the count are located apart, so each can be changed alone;
 * a name without a count implies one accelerator, written as `:N` after the name.
 */
function readAccelerators(reader: ManifestReader): { name: Field<string>; count: Field<number> } | undefined {
  const path = ['resources', 'accelerators'];
  const value = reader.value(path);
  if (typeof value === 'string') return fromString(value, reader.valueSpan(path));
  if (Array.isArray(value) && typeof value[0] === 'string') return picked(fromString(value[0], reader.valueSpan([...path, 0])), value.length, reader.nodeSpan(path));
  const map = reader.record(path);
  const first = map ? Object.keys(map)[0] : undefined;
  if (first === undefined) return undefined;
  const span = reader.keySpan([...path, first]) ?? reader.span(path);
  const count = map?.[first];
  const options = Object.keys(map ?? {}).length;
  if (count === null || count === undefined) return picked(fromString(first, span), options, reader.nodeSpan(path));
  const n = Number(count);
  if (!Number.isInteger(n) || n < 1) return undefined;
  const read = { name: declared({ value: first.split(':')[0] ?? first, span }), count: declared({ value: n, span: reader.valueSpan([...path, first]) }) };
  return picked(read, options, reader.nodeSpan(path));
}

/**
 * The first of several candidates SkyPilot may choose from: taken, and said to be a
 * pick (inferred from the list, editable where the first is written). One candidate
 * is simply what the task declares.
 */
function picked(read: { name: Field<string>; count: Field<number> } | undefined, options: number, list: Span): { name: Field<string>; count: Field<number> } | undefined {
  if (!read || options <= 1) return read;
  const pick = <T>(field: Field<T>, what: string): Field<T> =>
    field.origin === 'declared' ? inferred(field.value, field.span, `the ${what} of the first of the ${options} candidates SkyPilot may choose from`, [list], field.span) : field;
  return { name: pick(read.name, 'accelerator'), count: pick(read.count, 'count') };
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
