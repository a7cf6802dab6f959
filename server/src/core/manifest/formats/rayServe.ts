import type { Located } from '../../span';
import { parseYamlFile } from '../../yaml/document';
import type { DeploymentSpec } from '../deployment';
import { UNNAMED } from '../inferenceDeployment';
import { ManifestReader, placeTokens } from './reader';
import { cleanModelId, precisionOf } from './serving';

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
  return lists.flatMap((path) => reader.list(path).flatMap((_, i) => readLlmConfig(reader, [...path, i])));
}

function readLlmConfig(reader: ManifestReader, config: readonly (string | number)[]): DeploymentSpec[] {
  const source = reader.string([...config, 'model_loading_config', 'model_source']);
  const id = reader.string([...config, 'model_loading_config', 'model_id']);
  const accelerator = reader.string([...config, 'accelerator_type']);
  if (!source && !id && !accelerator) return [];
  const kwargs = [...config, 'engine_kwargs'];
  const tensor = reader.count([...kwargs, 'tensor_parallel_size']) ?? { value: 1, span: (source ?? id ?? accelerator)!.span };
  const pipeline = reader.count([...kwargs, 'pipeline_parallel_size']);
  const maxLen = reader.count([...kwargs, 'max_model_len']);
  const quantization = reader.string([...kwargs, 'quantization']);
  const dtype = reader.string([...kwargs, 'dtype']);
  const precision = precisionOf(quantization?.value, quantization ? undefined : dtype?.value);
  const scaling = [...config, 'deployment_config', 'autoscaling_config'];
  const replicas = reader.count([...scaling, 'min_replicas']) ?? reader.count([...config, 'deployment_config', 'num_replicas']);
  const model = source ?? id;
  const perReplica = tensor.value * (pipeline?.value ?? 1);
  return [
    {
      format: 'ray-serve',
      name: id?.value ?? source?.value ?? UNNAMED,
      span: reader.document.span,
      anchor: (id ?? source ?? accelerator)!.span,
      hardwareSpan: (accelerator ?? id ?? source)!.span,
      ...(model ? { model: { value: cleanModelId(model.value), span: model.span } } : {}),
      ...(accelerator ? { accelerator, acceleratorsPerPod: { value: perReplica, span: tensor.span } } : {}),
      tensor,
      ...(pipeline ? { pipeline } : {}),
      ...(maxLen ? { maxContextTokens: maxLen } : {}),
      ...(precision ? { precision: { value: precision, span: (quantization ?? dtype)!.span } } : {}),
      ...(replicas ? { replicas } : {}),
    },
  ];
}

/** The serve config embedded as a string: parsed on its own, its spans placed back in the manifest by text. */
function readEmbedded(reader: ManifestReader): DeploymentSpec[] {
  const config = reader.string(['spec', 'serveConfigV2']);
  if (!config) return [];
  const inner = parseYamlFile(config.value).documents[0];
  if (!inner || inner.findings.length > 0) return [];
  const specs = readRayServe(new ManifestReader(inner));
  const outer = reader.span(['spec', 'serveConfigV2']);
  const source = reader.source(outer);
  return specs.map((spec) => relocate(spec, config.value, source, outer.start, reader));
}

/** Moves a spec read from an embedded string to the manifest's offsets, finding each value's text in the source. */
function relocate(spec: DeploymentSpec, inner: string, source: string, start: number, reader: ManifestReader): DeploymentSpec {
  const place = <T>(field: Located<T> | undefined): Located<T> | undefined => {
    if (!field) return undefined;
    const text = inner.slice(field.span.start, field.span.end);
    const [placed] = placeTokens(source, start, [{ text, start: field.span.start, end: field.span.end }], { start, end: start });
    return { value: field.value, span: placed ? { start: placed.start, end: placed.end } : { start, end: start } };
  };
  const out: Record<string, unknown> = { ...spec, span: reader.document.span };
  for (const [key, value] of Object.entries(spec)) {
    if (typeof value === 'object' && value !== null && 'span' in value && 'value' in value) out[key] = place(value as Located<unknown>);
  }
  out['anchor'] = place({ value: 0, span: spec.anchor })?.span ?? spec.anchor;
  out['hardwareSpan'] = place({ value: 0, span: spec.hardwareSpan })?.span ?? spec.hardwareSpan;
  return out as unknown as DeploymentSpec;
}
