import type { Span } from '../../span';
import type { DeploymentSpec } from '../deployment';
import { UNNAMED } from '../inferenceDeployment';
import { ManifestReader, placeTokens } from './reader';
import { mapEntryInsertion } from '../insertion';
import { implied, inferred, type Declared, type Field } from '../provenance';
import { mapSpans, specOf, withoutInsertions } from '../spec';
import { modelField, precisionFrom, precisionOf } from './serving';

/**
 * Ray Serve LLM configs: `applications[].args.llm_configs[]` (or top-level
 * `llm_configs`), each a deployment of `model_loading_config.model_source` on
 * `accelerator_type` with `engine_kwargs` parallelism and autoscaling replicas.
 * KubeRay's RayService embeds the same config as a string in `spec.serveConfigV2`.
 */
export function readRayServe(reader: ManifestReader): DeploymentSpec[] {
  if (reader.value(['kind']) === 'RayService') return readEmbedded(reader);
  const lists = [
    ...reader.list(['applications']).map((_, i) => ['applications', i, 'args', 'llm_configs'] as (string | number)[]),
    ['llm_configs'],
  ];
  // A data-parallel app (`build_dp_openai_app`) takes one config, `llm_config`.
  const single = reader.list(['applications']).flatMap((_, i) => (reader.record(['applications', i, 'args', 'llm_config']) ? [['applications', i, 'args', 'llm_config']] : []));
  return [...lists.flatMap((path) => reader.list(path).map((_, i) => [...path, i])), ...single].flatMap((config) => readLlmConfig(reader, config));
}

export function readLlmConfig(reader: ManifestReader, config: readonly (string | number)[]): DeploymentSpec[] {
  const source = reader.string([...config, 'model_loading_config', 'model_source']);
  const id = reader.string([...config, 'model_loading_config', 'model_id']);
  const accelerator = reader.string([...config, 'accelerator_type']);
  if (!source && !id && !accelerator) return [];
  const kwargs = [...config, 'engine_kwargs'];
  const named = (source ?? id ?? accelerator)!;
  const tensor: Field<number> =
    reader.count([...kwargs, 'tensor_parallel_size']) ??
    implied(1, named.span, "vLLM's default tensor parallel size (Ray Serve LLM runs vLLM)", mapEntryInsertion(reader.document, kwargs, 'tensor_parallel_size'));
  const pipeline = reader.count([...kwargs, 'pipeline_parallel_size']);
  const expertParallel = reader.boolean([...kwargs, 'enable_expert_parallel']);
  const maxLen = reader.count([...kwargs, 'max_model_len']);
  const quantization = reader.string([...kwargs, 'quantization']);
  const dtype = reader.string([...kwargs, 'dtype']);
  const precision = precisionOf(quantization?.value, quantization ? undefined : dtype?.value);
  const scaling = [...config, 'deployment_config', 'autoscaling_config'];
  const replicas =
    reader.count([...scaling, 'min_replicas']) ?? reader.count([...config, 'deployment_config', 'num_replicas']) ?? dataParallelReplicas(reader.count([...kwargs, 'data_parallel_size']));
  const model = source ? sourceModel(source) : id && modelField(id);
  const perReplica = tensor.value * (pipeline?.value ?? 1);
  // Ray places one accelerator per tensor × pipeline worker: the count follows the parallelism.
  const accelerators = inferred(perReplica, tensor.span, 'one accelerator per tensor × pipeline worker', [tensor.span, ...(pipeline ? [pipeline.span] : [])]);
  const precisionText = quantization ?? dtype;
  return [
    specOf('ray-serve', { name: id?.value ?? source?.value ?? UNNAMED, span: reader.document.span, anchor: (id ?? source ?? accelerator)!.span, hardwareSpan: (accelerator ?? id ?? source)!.span })
      .set('model', model)
      .set('accelerator', accelerator)
      .set('acceleratorsPerPod', accelerators)
      .set('tensor', tensor)
      .set('pipeline', pipeline)
      .set('expertParallel', expertParallel)
      .set('maxContextTokens', maxLen)
      .set('precision', precisionFrom(precision, precisionText, quantization ? 'quantization' : 'dtype'))
      .set('replicas', replicas)
      .build(),
  ];
}

/**
 * Ray Serve LLM's data parallel attention runs each data-parallel rank as a Serve replica of
 * tensor × pipeline accelerators (its `num_replicas` must equal `data_parallel_size`, and it
 * does not autoscale): without a replica count, the ranks are the replicas.
 */
function dataParallelReplicas(size: Declared<number> | undefined): Field<number> | undefined {
  if (!size || size.value <= 1) return undefined;
  return inferred(size.value, size.span, 'Ray Serve LLM runs one replica per data-parallel rank (data_parallel_size)', [size.span], size.span);
}

/**
 * The model a `model_source` loads: a Hugging Face id as written; a storage location
 * (`s3://$BUCKET/models/deepseek-r1-distill-llama-8b`, `gs://…`, an absolute path) loads
 * the checkpoint its last segment names, inferred from it (the bucket does not matter).
 */
function sourceModel(source: Declared<string>): Field<string> {
  const location = /^[a-z][a-z0-9+.-]*:\/\//i.test(source.value) && !source.value.startsWith('hf://');
  if (!location && !source.value.startsWith('/')) return modelField(source);
  const path = source.value.replace(/\/+$/, '');
  const segment = path.slice(path.lastIndexOf('/') + 1);
  if (segment === '' || segment.includes('$')) return source;
  const exact = source.span.end - source.span.start === source.value.length;
  const at = exact ? source.span.start + path.length - segment.length : source.span.start;
  const span = exact ? { start: at, end: at + segment.length } : source.span;
  return inferred(segment, span, `the checkpoint folder ${segment} that model_source loads`, [source.span]);
}

/** The serve config embedded as a string: parsed on its own (by `read`), its spans placed back in the manifest by text. */
export function readEmbedded(reader: ManifestReader, read: (inner: ManifestReader) => DeploymentSpec[] = readRayServe): DeploymentSpec[] {
  const embedded = reader.embedded(['spec', 'serveConfigV2']);
  if (!embedded) return [];
  const config = embedded.text;
  const specs = read(new ManifestReader(embedded.document));
  const outer = reader.span(['spec', 'serveConfigV2']);
  const source = reader.source(outer);
  return specs.map((spec) => relocate(spec, config.value, source, outer.start, reader));
}

/**
 * Moves a spec read from an embedded string to the manifest's offsets, finding each
 * value's text in the source. Insertions are dropped: the embedded text's layout is
 * not the manifest's, so a missing field there is for the user to write.
 */
function relocate(spec: DeploymentSpec, inner: string, source: string, start: number, reader: ManifestReader): DeploymentSpec {
  const lines = lineMap(inner, source, start);
  const place = (span: Span): Span => {
    const from = lines(span.start);
    const to = lines(span.end);
    if (from !== undefined && to !== undefined) return { start: from, end: to };
    const text = inner.slice(span.start, span.end);
    const [placed] = placeTokens(source, start, [{ text, start: span.start, end: span.end }], { start, end: start });
    return placed ? { start: placed.start, end: placed.end } : { start, end: start };
  };
  const moved = mapSpans(withoutInsertions(spec), place);
  return { ...moved, span: reader.document.span };
}

/**
 * Offsets of an embedded string mapped to the manifest, line by line: a block
 * scalar's lines are the string's lines indented, so each line of the string is
 * found, in order, in the source, and an offset moves with its line. Undefined for
 * an offset on a line not found (a quoted string with escapes: placed by text instead).
 */
function lineMap(inner: string, source: string, start: number): (offset: number) => number | undefined {
  const starts: { inner: number; outer: number | undefined }[] = [];
  let cursor = 0;
  let at = 0;
  for (const line of inner.split('\n')) {
    const found = line.trim() === '' ? -1 : source.indexOf(line, cursor);
    starts.push({ inner: at, outer: found < 0 ? undefined : start + found });
    if (found >= 0) cursor = found + line.length;
    at += line.length + 1;
  }
  return (offset) => {
    let line = starts[0];
    for (const candidate of starts) {
      if (candidate.inner > offset) break;
      line = candidate;
    }
    return line?.outer === undefined ? undefined : line.outer + (offset - line.inner);
  };
}
