import type { Precision } from '../../catalog/types';
import type { Located, Span } from '../../span';
import type { DeploymentSpec } from '../deployment';
import { parseServingCommand, shellTokens, type ServingOptions, type Token } from '../servingCommand';
import { placeTokens, type ManifestReader } from './reader';

/** Fields a serving command contributes to a deployment. */
export type ServingFields = Pick<DeploymentSpec, 'model' | 'tensor' | 'pipeline' | 'maxContextTokens' | 'precision' | 'kvCachePrecision' | 'maxSequences'>;

/**
 * Tokens of a container's command and args. A shell script (`sh -c "…"`) is cut
 * into its words, each placed back at its offset in the manifest.
 */
export function commandTokens(reader: ManifestReader, command: readonly (string | number)[], args: readonly (string | number)[]): Token[] {
  const tokens = [...reader.tokens(command), ...reader.tokens(args)];
  const dashC = tokens.findIndex((t) => t.text === '-c');
  const script = dashC >= 0 ? tokens[dashC + 1] : undefined;
  if (!script) return tokens;
  const source = reader.source(script);
  const words = shellTokens(script.text);
  return [...tokens.slice(0, dashC), ...placeTokens(source, script.start, words, script), ...tokens.slice(dashC + 2)];
}

/** Weights precision from an engine's quantization and dtype flags; undefined when they say nothing we can map. */
export function precisionOf(quantization: string | undefined, dtype: string | undefined): Precision | undefined {
  const q = quantization?.toLowerCase();
  if (q) {
    if (/fp8|modelopt$/.test(q)) return 'fp8';
    if (/fp4|mxfp4|nvfp4/.test(q)) return 'fp4';
    if (/awq|gptq|marlin|nf4|bitsandbytes|int4|w4a16/.test(q)) return 'int4';
    if (/int8|eetq|w8a8|smoothquant/.test(q)) return 'int8';
    return undefined;
  }
  const d = dtype?.toLowerCase();
  if (d === 'bfloat16' || d === 'bf16') return 'bf16';
  if (d === 'float16' || d === 'half' || d === 'fp16') return 'fp16';
  if (d === 'float32' || d === 'float' || d === 'fp32') return 'fp32';
  return undefined;
}

function kvPrecisionOf(dtype: string | undefined): Precision | undefined {
  const d = dtype?.toLowerCase();
  if (!d || d === 'auto') return undefined;
  if (d.startsWith('fp8')) return 'fp8';
  if (d === 'bfloat16' || d === 'bf16') return 'bf16';
  if (d === 'float16' || d === 'fp16' || d === 'half') return 'fp16';
  return undefined;
}

/**
 * Deployment fields from a serving command. vLLM and SGLang run on one device
 * unless told otherwise, so without a tensor-parallel flag their degree is 1
 * (located at the command); TGI shards over every visible device, so no degree
 * is assumed for it.
 */
export function servingFields(tokens: readonly Token[], env: ReadonlyMap<string, Located<string>>): ServingFields & { engine: ServingOptions['engine'] } {
  const { options, spans } = parseServingCommand(tokens);
  const at = (key: keyof typeof spans, fallback: Span): Span => spans[key] ?? fallback;
  const commandSpan: Span = tokens[0] ? { start: tokens[0].start, end: tokens[tokens.length - 1]?.end ?? tokens[0].end } : { start: 0, end: 0 };
  const fields: Record<string, unknown> = { engine: options.engine };
  const model = options.model ? expand(options.model, env) : undefined;
  if (model) fields['model'] = { value: model.value, span: model.span ?? at('model', commandSpan) };
  if (options.tensorParallel !== undefined) fields['tensor'] = { value: options.tensorParallel, span: at('tensorParallel', commandSpan) };
  else if (options.engine === 'vllm' || options.engine === 'sglang') fields['tensor'] = { value: 1, span: spans.model ?? commandSpan };
  if (options.pipelineParallel !== undefined) fields['pipeline'] = { value: options.pipelineParallel, span: at('pipelineParallel', commandSpan) };
  if (options.maxModelLen !== undefined) fields['maxContextTokens'] = { value: options.maxModelLen, span: at('maxModelLen', commandSpan) };
  const precision = precisionOf(options.quantization, options.quantization ? undefined : options.dtype);
  if (precision) fields['precision'] = { value: precision, span: options.quantization ? at('quantization', commandSpan) : at('dtype', commandSpan) };
  const kv = kvPrecisionOf(options.kvCacheDtype);
  if (kv) fields['kvCachePrecision'] = { value: kv, span: at('kvCacheDtype', commandSpan) };
  if (options.maxNumSeqs !== undefined) fields['maxSequences'] = { value: options.maxNumSeqs, span: at('maxNumSeqs', commandSpan) };
  return fields as ServingFields & { engine: ServingOptions['engine'] };
}

/** `$MODEL_ID` or `${MODEL_ID}` through the environment; a literal stays as written. */
function expand(value: string, env: ReadonlyMap<string, Located<string>>): { value: string; span?: Span } | undefined {
  const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value);
  if (!variable) return { value };
  const resolved = env.get(variable[1] ?? '');
  return resolved ? { value: resolved.value, span: resolved.span } : undefined;
}

/** Environment variables that name the model served, in order of preference. */
export const MODEL_ENV = ['MODEL_ID', 'HF_MODEL_ID', 'MODEL_NAME', 'MODEL', 'MODEL_PATH'] as const;

/** A model id as manifests write it: `hf://org/name` and trailing slashes removed. */
export function cleanModelId(value: string): string {
  return value.replace(/^hf:\/\//, '').replace(/\/+$/, '');
}
