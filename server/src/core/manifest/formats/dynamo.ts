import type { PathSegment } from '../../yaml/document';
import type { DeploymentSpec, Pool, Unresolved } from '../deployment';
import { UNNAMED } from '../inferenceDeployment';
import { declared, type Field } from '../provenance';
import type { Token } from '../servingCommand';
import { SpecBuilder, specOf } from '../spec';
import { containerFlagSlot, readEnv, readPod } from './kubernetes';
import { launchedBy, withoutServing, written } from './platform';
import { linkModels } from './pools';
import type { ManifestReader } from './reader';
import { commandTokens, modelField, servingFields } from './serving';

/** Dynamo's worker modules (`python3 -m dynamo.vllm …`) and the engine each one runs. */
const WORKER_MODULES: Readonly<Record<string, 'vllm' | 'sglang' | 'trtllm'>> = {
  'dynamo.vllm': 'vllm',
  'dynamo.sglang': 'sglang',
  'dynamo.trtllm': 'trtllm',
};

/**
 * NVIDIA Dynamo `DynamoGraphDeployment`: `spec.services` maps names to components;
 * each worker (`componentType: worker`, or any service asking for `resources.limits.gpu`)
 * is a deployment of `replicas` pods with that many GPUs each (times
 * `multinode.nodeCount` nodes), running `extraPodSpec.mainContainer`'s command: a
 * Dynamo worker module whose flags are the engine's. Prefill and decode workers
 * (`subComponentType`, or the service's name) are the two pools of a
 * disaggregated deployment.
 */
export function readDynamo(reader: ManifestReader): DeploymentSpec[] {
  if (reader.value(['kind']) !== 'DynamoGraphDeployment') return [];
  const name = reader.string(['metadata', 'name']);
  const base = name?.value ?? UNNAMED;
  const services = Object.keys(reader.record(['spec', 'services']) ?? {}).filter((key) => isWorker(reader, ['spec', 'services', key]));
  const roles = new Map(services.map((key) => [key, roleOf(reader, key)]));
  const disaggregated = [...roles.values()].includes('prefill');
  const specs = services.flatMap((key) => {
    const role = roles.get(key) ?? (disaggregated ? 'decode' : undefined);
    const pool: Pool | undefined = disaggregated && role ? { role, deployment: base } : undefined;
    const spec = readWorker(reader, ['spec', 'services', key], `${base}/${key}`, pool);
    return spec ? [spec] : [];
  });
  return disaggregated ? linkModels(specs) : specs;
}

function isWorker(reader: ManifestReader, service: readonly PathSegment[]): boolean {
  return reader.value([...service, 'componentType']) === 'worker' || reader.count([...service, 'resources', 'limits', 'gpu']) !== undefined;
}

/** A worker's role: `subComponentType`, else its name (`VllmPrefillWorker`). */
function roleOf(reader: ManifestReader, key: string): Pool['role'] | undefined {
  const declaredRole = reader.value(['spec', 'services', key, 'subComponentType']);
  if (declaredRole === 'prefill' || declaredRole === 'decode') return declaredRole;
  if (/prefill/i.test(key)) return 'prefill';
  if (/decode/i.test(key)) return 'decode';
  return undefined;
}

function readWorker(reader: ManifestReader, service: readonly PathSegment[], name: string, pool: Pool | undefined): DeploymentSpec | undefined {
  const podPath = [...service, 'extraPodSpec'];
  const container = [...podPath, 'mainContainer'];
  // The pod's node selection and annotations, as a Kubernetes pod spec reads them; the command is read below.
  const pod = readPod(reader, podPath, 'dynamo', container);
  const { engine, tokens } = workerTokens(commandTokens(reader, [...container, 'command'], [...container, 'args']));
  const serving = servingFields(tokens, { env: readEnv(reader, container), flagSlot: containerFlagSlot(reader, container) });
  // TensorRT-LLM keeps its parallelism in an engine config file: what the command says is all that is known.
  const trtllm = engine === 'trtllm';
  const tensor = trtllm ? written(serving.tensor) : serving.tensor;
  const engineConfig = trtllm && !tensor ? engineConfigFile(tokens) : undefined;
  const unresolved: Unresolved[] = [...(serving.unresolved ?? []), ...(engineConfig ? [{ field: 'tensor' as const, text: engineConfig.text, span: { start: engineConfig.start, end: engineConfig.end } }] : [])];
  const gpus = gpuCount(reader, service) ?? pod?.acceleratorsPerPod;
  if (!gpus && serving.engine === 'unknown' && !pod) return undefined;
  const key = reader.keySpan(service) ?? reader.document.span;
  const base = pod
    ? SpecBuilder.from({ ...withoutServing(pod), name, anchor: key, hardwareSpan: gpus?.span ?? pod.hardwareSpan })
    : specOf('dynamo', { name, span: reader.document.span, anchor: key, hardwareSpan: gpus?.span ?? key });
  return base
    .set('model', serving.model && modelField(serving.model))
    .set('tensor', tensor)
    .engine(serving)
    .with('unresolved', unresolved)
    .set('acceleratorsPerPod', gpus)
    .with('acceleratorUnit', 'device')
    .with('pins', { ...pod?.pins, resource: pod?.pins?.resource ?? 'nvidia.com/gpu' })
    .set('podsPerReplica', reader.count([...service, 'multinode', 'nodeCount']))
    .set('replicas', reader.count([...service, 'replicas']))
    .with('pool', pool)
    .build();
}

/** `resources.limits.gpu` of a service (Dynamo's NVIDIA GPU count per pod), with `requests.gpu` as its copy when equal. */
function gpuCount(reader: ManifestReader, service: readonly PathSegment[]): Field<number> | undefined {
  const limit = reader.count([...service, 'resources', 'limits', 'gpu']);
  const request = reader.count([...service, 'resources', 'requests', 'gpu']);
  if (!limit) return request;
  return request && request.value === limit.value ? declared(limit, { copies: [request.span] }) : limit;
}

/**
 * The engine's arguments in a worker's command: what follows `-m dynamo.vllm`
 * (or `dynamo.sglang`) is read as that engine's flags; TensorRT-LLM's are read
 * without an engine. A command without a Dynamo module is read as it is.
 */
function workerTokens(tokens: readonly Token[]): { engine: string | undefined; tokens: Token[] } {
  const at = tokens.findIndex((t, i) => tokens[i - 1]?.text === '-m' && WORKER_MODULES[t.text] !== undefined);
  const module = tokens[at];
  if (at < 0 || !module) return { engine: undefined, tokens: [...tokens] };
  const engine = WORKER_MODULES[module.text];
  const args = tokens.slice(at + 1);
  return { engine, tokens: engine === 'vllm' || engine === 'sglang' ? [...launchedBy(engine, module.start), ...args] : args };
}

/** The engine config file a TensorRT-LLM worker is given (`--extra-engine-args FILE`). */
function engineConfigFile(tokens: readonly Token[]): Token | undefined {
  const at = tokens.findIndex((t) => t.text === '--extra-engine-args' || t.text.startsWith('--extra-engine-args='));
  const token = tokens[at];
  if (!token) return undefined;
  if (token.text.includes('=')) {
    const offset = token.text.indexOf('=') + 1;
    return { text: token.text.slice(offset), start: token.start + offset, end: token.end };
  }
  return tokens[at + 1];
}
