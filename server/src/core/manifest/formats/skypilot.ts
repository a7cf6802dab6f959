import type { Located } from '../../span';
import type { DeploymentSpec } from '../deployment';
import { UNNAMED } from '../inferenceDeployment';
import { shellTokens } from '../servingCommand';
import { placeTokens, type ManifestReader } from './reader';
import { cleanModelId, MODEL_ENV, servingFields } from './serving';

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
  const accelerators = readAccelerators(reader);
  const instance = reader.string(['resources', 'instance_type']);
  if (!accelerators && !instance) return [];

  const infra = reader.string(['resources', 'infra']);
  const [infraCloud, infraRegion] = (infra?.value ?? '').split('/');
  const cloud = reader.string(['resources', 'cloud'])?.value ?? infraCloud;
  const region = reader.string(['resources', 'region']) ?? (infra && infraRegion ? { value: infraRegion, span: infra.span } : undefined);
  const spot = reader.value(['resources', 'use_spot']) === true;
  const env = new Map<string, Located<string>>();
  for (const key of Object.keys(reader.record(['envs']) ?? {})) {
    const value = reader.string(['envs', key]);
    if (value) env.set(key, value);
  }
  const run = reader.string(['run']);
  const tokens = run ? placeTokens(reader.source(reader.span(['run'])), reader.span(['run']).start, shellTokens(run.value), run.span) : [];
  const { engine: _engine, model: served, ...engineFields } = servingFields(tokens, env);
  const model = served ?? MODEL_ENV.map((name) => env.get(name)).find((v) => v !== undefined);
  const name = reader.string(['name']);
  const replicas = reader.count(['service', 'replicas']) ?? reader.count(['service', 'replica_policy', 'min_replicas']);
  const nodes = reader.count(['num_nodes']);
  return [
    {
      format: 'skypilot',
      name: name?.value ?? UNNAMED,
      span: reader.document.span,
      anchor: name?.span ?? reader.keySpan(['resources']) ?? reader.document.span,
      hardwareSpan: (accelerators?.name ?? instance)!.span,
      ...engineFields,
      ...(model ? { model: { value: cleanModelId(model.value), span: model.span } } : {}),
      ...(instance ? { instance } : {}),
      ...(accelerators ? { accelerator: accelerators.name, acceleratorsPerPod: accelerators.count } : {}),
      ...(cloud && cloud in CLOUDS ? { provider: CLOUDS[cloud as keyof typeof CLOUDS] } : {}),
      ...(region ? { region } : {}),
      ...(spot ? { pricing: { value: 'spot' as const, span: reader.span(['resources', 'use_spot']) } } : {}),
      ...(replicas ? { replicas } : {}),
      ...(nodes ? { podsPerReplica: nodes } : {}),
    },
  ];
}

/** `H100:8`, `{H100: 8}`, `[H100:8, A100-80GB:8]` or `{H100:8, A100:8}` — the first candidate. */
function readAccelerators(reader: ManifestReader): { name: Located<string>; count: Located<number> } | undefined {
  const path = ['resources', 'accelerators'];
  const value = reader.value(path);
  if (typeof value === 'string') return fromString(value, reader.valueSpan(path));
  if (Array.isArray(value) && typeof value[0] === 'string') return fromString(value[0], reader.valueSpan([...path, 0]));
  const map = reader.record(path);
  const first = map ? Object.keys(map)[0] : undefined;
  if (first === undefined) return undefined;
  const span = reader.keySpan([...path, first]) ?? reader.span(path);
  const count = map?.[first];
  if (count === null || count === undefined) return fromString(first, span);
  const n = Number(count);
  return Number.isInteger(n) && n >= 1 ? { name: { value: first.split(':')[0] ?? first, span }, count: { value: n, span: reader.valueSpan([...path, first]) } } : undefined;
}

function fromString(text: string, span: { start: number; end: number }): { name: Located<string>; count: Located<number> } | undefined {
  const [name = '', count = '1'] = text.split(':');
  const n = Number(count);
  if (name.trim() === '' || !Number.isInteger(n) || n < 1) return undefined;
  return { name: { value: name.trim(), span: { start: span.start, end: span.start + name.length } }, count: { value: n, span } };
}
