import type { PathSegment } from '../../yaml/document';
import type { DeploymentSpec, Unresolved } from '../deployment';
import { UNNAMED } from '../inferenceDeployment';
import { declared, inferred, type Declared, type Field } from '../provenance';
import { SpecBuilder, specOf } from '../spec';
import { readPod } from './kubernetes';
import { withoutServing } from './platform';
import { readEmbedded } from './rayServe';
import type { ManifestReader } from './reader';
import { modelField } from './serving';

/**
 * KubeRay RayServices whose Serve applications are the user's own code (an
 * `import_path` such as `serve:model`, not Ray Serve LLM's `llm_configs`): the code
 * is not in the file, so what the file says is read as a careful engineer reads it.
 * The model and the engine's settings come from the application's
 * `runtime_env.env_vars` or its `args` (the names such apps read, below); the
 * hardware from the worker group whose pods request accelerators (resources, GKE
 * TPU and GPU node selectors, Neuron devices); the replicas from the Serve
 * deployment's `num_replicas` or autoscaling minimum.
 */
export function readRayService(reader: ManifestReader): DeploymentSpec[] {
  if (reader.value(['kind']) !== 'RayService' || typeof reader.value(['apiVersion']) !== 'string') return [];
  const apps = readEmbedded(reader, readApplications);
  if (apps.length === 0) return [];
  const worker = workerPod(reader);
  const service = reader.string(['metadata', 'name']);
  const annotated = reader.string(['metadata', 'annotations', 'inference-lens/model']);
  return apps.flatMap((app) => {
    if (!worker && !app.model) return [];
    const name = apps.length > 1 ? `${service?.value ?? UNNAMED}/${app.name}` : (service?.value ?? app.name);
    const base = worker ? withoutServing(worker) : undefined;
    const builder = base
      ? SpecBuilder.from({ ...base, name })
      : specOf('ray-serve', { name, span: reader.document.span, anchor: service?.span ?? app.anchor, hardwareSpan: service?.span ?? app.anchor });
    return [
      builder
        .set('model', annotated ?? app.model)
        .set('tensor', app.tensor)
        .set('pipeline', app.pipeline)
        .set('dataParallel', app.dataParallel)
        .set('maxContextTokens', app.maxContextTokens)
        .set('replicas', app.replicas)
        .with('unresolved', annotated ? app.unresolved?.filter((u) => u.field !== 'model') : app.unresolved)
        .build(),
    ];
  });
}

/**
 * The worker group that holds the accelerators: the first whose pod requests any
 * (or is pinned to accelerator nodes). A multi-host TPU group (`numOfHosts`) spans
 * that many pods per replica of the slice.
 */
function workerPod(reader: ManifestReader): DeploymentSpec | undefined {
  const groups = ['spec', 'rayClusterConfig', 'workerGroupSpecs'];
  for (const [i] of reader.list(groups).entries()) {
    const group = [...groups, i];
    const spec = readPod(reader, [...group, 'template', 'spec'], 'ray-serve');
    if (!spec || (!spec.acceleratorsPerPod && !spec.accelerator && !spec.instance)) continue;
    return SpecBuilder.from(spec).set('podsPerReplica', reader.count([...group, 'numOfHosts'])).build();
  }
  return undefined;
}

/** What one Serve application of the embedded config says, with spans in the embedded text. */
interface Application {
  readonly name: string;
  readonly anchor: DeploymentSpec['anchor'];
  readonly model?: Field<string>;
  readonly tensor?: Field<number>;
  readonly pipeline?: Field<number>;
  readonly dataParallel?: Field<number>;
  readonly maxContextTokens?: Field<number>;
  readonly replicas?: Field<number>;
  readonly unresolved?: readonly Unresolved[];
}

/**
 * The settings Serve applications that wrap vLLM read, by the names they read them:
 * environment variables (`MODEL_ID`, `TENSOR_PARALLELISM`, as in GKE's and AWS's
 * RayService samples) and application `args` (as in Ray's vLLM example, which passes
 * them to vLLM's argument parser, so dashes and underscores both appear).
 */
const SETTINGS = {
  model: { env: ['MODEL_ID', 'MODEL_NAME', 'HF_MODEL_ID', 'MODEL'], args: ['model', 'model_id', 'model-id', 'model_name'] },
  tensor: { env: ['TENSOR_PARALLEL_SIZE', 'TENSOR_PARALLELISM', 'TP_SIZE'], args: ['tensor-parallel-size', 'tensor_parallel_size'] },
  pipeline: { env: ['PIPELINE_PARALLEL_SIZE', 'PIPELINE_PARALLELISM', 'PP_SIZE'], args: ['pipeline-parallel-size', 'pipeline_parallel_size'] },
  // No sample names an environment variable for it: only the vLLM option, in args.
  dataParallel: { env: [], args: ['data-parallel-size', 'data_parallel_size'] },
  maxContextTokens: { env: ['MAX_MODEL_LEN'], args: ['max-model-len', 'max_model_len'] },
} as const;

/**
 * GKE's RayService TPU samples hand their app the slice's chips (`TPU_CHIPS`), which
 * it passes to vLLM as the tensor-parallel size: a chip count, so the degree is inferred.
 */
const TPU_CHIPS = 'TPU_CHIPS';

/**
 * The applications of a serve config that run their own code. Those built by Ray
 * Serve LLM (`llm_configs`, `prefill_config`) are read by its own reader.
 */
function readApplications(reader: ManifestReader): DeploymentSpec[] {
  return reader.list(['applications']).flatMap((_, i) => {
    const app = ['applications', i];
    const args = reader.record([...app, 'args']) ?? {};
    if ('llm_configs' in args || 'prefill_config' in args || 'decode_config' in args) return [];
    if (reader.string([...app, 'import_path']) === undefined) return [];
    const read = readApplication(reader, app);
    return [
      specOf('ray-serve', { name: read.name, span: reader.document.span, anchor: read.anchor, hardwareSpan: read.anchor })
        .set('model', read.model)
        .set('tensor', read.tensor)
        .set('pipeline', read.pipeline)
        .set('dataParallel', read.dataParallel)
        .set('maxContextTokens', read.maxContextTokens)
        .set('replicas', read.replicas)
        .with('unresolved', read.unresolved)
        .build(),
    ];
  });
}

function readApplication(reader: ManifestReader, app: readonly PathSegment[]): Application {
  const name = reader.string([...app, 'name']);
  const anchor = name?.span ?? reader.keySpan([...app, 'import_path']) ?? reader.span(app);
  const env = [...app, 'runtime_env', 'env_vars'];
  const unresolved: Unresolved[] = [];
  /** The first setting written, by its names in `args` then in `env_vars`; a `$VAR` the file leaves to a template is unresolved. */
  const setting = (key: keyof typeof SETTINGS): Declared<string> | undefined => {
    const paths = [...SETTINGS[key].args.map((n) => [...app, 'args', n]), ...SETTINGS[key].env.map((n) => [...env, n])];
    for (const path of paths) {
      const value = scalar(reader, path);
      if (!value) continue;
      if (!value.value.includes('$')) return value;
      unresolved.push({ field: key, text: value.value, span: value.span });
      return undefined;
    }
    return undefined;
  };
  const model = setting('model');
  const tensor = count(setting('tensor')) ?? tpuChips(reader, [...env, TPU_CHIPS]);
  const pipeline = count(setting('pipeline'));
  const dataParallel = count(setting('dataParallel'));
  const maxContextTokens = count(setting('maxContextTokens'));
  const replicas = serveReplicas(reader, app);
  return {
    name: name?.value ?? UNNAMED,
    anchor,
    ...(model ? { model: modelField(model) } : {}),
    ...(tensor ? { tensor } : {}),
    ...(pipeline ? { pipeline } : {}),
    ...(dataParallel ? { dataParallel } : {}),
    ...(maxContextTokens ? { maxContextTokens } : {}),
    ...(replicas ? { replicas } : {}),
    ...(unresolved.length > 0 ? { unresolved } : {}),
  };
}

/** A string or number written at the path (env values are strings; `args` may be numbers). */
function scalar(reader: ManifestReader, path: readonly PathSegment[]): Declared<string> | undefined {
  const value = reader.value(path);
  if (typeof value === 'number') return declared({ value: String(value), span: reader.valueSpan(path) });
  return reader.string(path);
}

function count(value: Declared<string> | undefined): Declared<number> | undefined {
  if (!value || !/^\d+$/.test(value.value)) return undefined;
  const n = Number(value.value);
  return n >= 1 && Number.isSafeInteger(n) ? declared({ value: n, span: value.span }) : undefined;
}

function tpuChips(reader: ManifestReader, path: readonly PathSegment[]): Field<number> | undefined {
  const chips = count(scalar(reader, path));
  if (!chips) return undefined;
  return inferred(chips.value, chips.span, `TPU_CHIPS ${chips.value}, which the app passes to vLLM as its tensor-parallel size`, [chips.span], chips.span);
}

/**
 * Serve replicas of the application: its deployment's `num_replicas`, else the
 * autoscaling minimum (what runs when idle, as for Ray Serve LLM configs).
 */
function serveReplicas(reader: ManifestReader, app: readonly PathSegment[]): Declared<number> | undefined {
  for (const [i] of reader.list([...app, 'deployments']).entries()) {
    const deployment = [...app, 'deployments', i];
    const replicas = reader.count([...deployment, 'num_replicas'], 0) ?? reader.count([...deployment, 'autoscaling_config', 'min_replicas'], 0);
    if (replicas) return replicas;
  }
  return undefined;
}
