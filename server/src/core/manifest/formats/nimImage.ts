import type { Unresolved } from '../deployment';
import { inferred, type Field } from '../provenance';
import type { PathSegment } from '../../yaml/document';
import type { ManifestReader } from './reader';

/** A NIM image on NVIDIA's registry (or a mirror of it): `nvcr.io/nim/<organisation>/<model>`. */
const NIM_IMAGE = /(?:^|\/)nvcr\.io\/nim\/([^/:@\s]+\/[^/:@\s]+)/;

/** NIM's multi-LLM image runs whatever NIM_MODEL_NAME or NIM_MODEL_PATH names: its own name is no model. */
const MULTI_LLM = 'nvidia/llm-nim';

export function isNimImage(image: string): boolean {
  return NIM_IMAGE.test(image);
}

/**
 * The model a NIM image serves: one image per model, named `nvcr.io/nim/meta/llama3-8b-instruct`,
 * inferred from that path (not editable: another model needs another image). An image
 * written as a template variable leaves the model unresolved.
 */
export function nimImageModel(reader: ManifestReader, path: readonly PathSegment[]): { model: Field<string> } | { unresolved: Unresolved } | Record<string, never> {
  const image = reader.string(path);
  if (!image) return {};
  if (/\$\{[^}]*\}|\{\{.*\}\}/.test(image.value)) return { unresolved: { field: 'model', text: image.value, span: image.span } };
  const model = NIM_IMAGE.exec(image.value)?.[1];
  if (!model || model === MULTI_LLM) return {};
  const at = image.value.indexOf(model);
  const span = { start: image.span.start + at, end: image.span.start + at + model.length };
  return { model: inferred(model, span, `the model of the NIM image ${image.value}`, [span]) };
}
