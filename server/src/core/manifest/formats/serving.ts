import type { Precision } from '../../catalog/types';
import type { Span } from '../../span';
import type { DeploymentSpec, Unresolved } from '../deployment';
import { declared, implied, inferred, type Field, type Insertion } from '../provenance';
import { parseServingCommand, shellTokens, type ServingOptions, type ServingSpans, type Token } from '../servingCommand';
import { placeTokens, type ManifestReader } from './reader';

/** Fields a serving command contributes to a deployment, and the engine it runs. */
export type ServingFields = Pick<DeploymentSpec, 'model' | 'tensor' | 'pipeline' | 'maxContextTokens' | 'precision' | 'kvCachePrecision' | 'maxSequences' | 'unresolved'> & {
  readonly engine: ServingOptions['engine'];
};

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

/** What a reader knows around a serving command: its environment, and where a missing flag would be written. */
export interface CommandContext {
  /** Variables the command may use: a container's `env`, a task's `envs`, a format's runtime variables. */
  readonly env: ReadonlyMap<string, Field<string>>;
  /** Where to write `words` and a value the command lacks, after the model's token when there is one. */
  readonly flagSlot: (words: readonly string[], model: Span | undefined) => Insertion | undefined;
}

/** The flag each engine documents for tensor parallelism, for writing one that is missing. */
const TENSOR_FLAG: Readonly<Record<'vllm' | 'sglang', string>> = { vllm: '--tensor-parallel-size', sglang: '--tp-size' };
const ENGINE_NAMES: Readonly<Record<'vllm' | 'sglang', string>> = { vllm: 'vLLM', sglang: 'SGLang' };

/**
 * Deployment fields from a serving command, each with its provenance. A value
 * written as `$VAR` is expanded from the context's environment (inferred, with
 * the variable's definition as its source) or reported as unresolved, never
 * guessed. vLLM and SGLang run on one device unless told otherwise, so without a
 * tensor-parallel flag their degree is an implied 1, to be written after the
 * model; TGI shards over every visible device, so no degree is assumed for it.
 */
export function servingFields(tokens: readonly Token[], context: CommandContext): ServingFields {
  const { options, spans, unresolved } = parseServingCommand(tokens);
  const commandSpan: Span = tokens[0] ? { start: tokens[0].start, end: tokens[tokens.length - 1]?.end ?? tokens[0].end } : { start: 0, end: 0 };
  const fields: Record<string, unknown> = { engine: options.engine };
  const missing: Unresolved[] = [];
  const take = <K extends keyof ServingSpans, T>(key: K, field: Unresolved['field'] | undefined, value: T | undefined, parse: (text: string) => T | undefined): Field<T> | undefined => {
    const span = spans[key];
    if (value !== undefined && span) return declared({ value, span });
    const written = unresolved[key];
    if (!written) return undefined;
    const expanded = expand(written, context.env, parse);
    if (!expanded && field) missing.push({ field, text: written.text, span: { start: written.start, end: written.end } });
    return expanded;
  };
  const model = take('model', 'model', options.model, (text) => text);
  if (model) fields['model'] = model;
  const tensor = take('tensorParallel', 'tensor', options.tensorParallel, count);
  if (tensor) fields['tensor'] = tensor;
  else if ((options.engine === 'vllm' || options.engine === 'sglang') && !unresolved.tensorParallel) {
    const insert = context.flagSlot([TENSOR_FLAG[options.engine]], spans.model ?? (model?.origin === 'inferred' ? model.span : undefined));
    const at = insert ? { start: insert.at, end: insert.at } : commandSpan;
    fields['tensor'] = implied(1, at, `${ENGINE_NAMES[options.engine]}'s default tensor parallel size`, insert);
  }
  const pipeline = take('pipelineParallel', 'pipeline', options.pipelineParallel, count);
  if (pipeline) fields['pipeline'] = pipeline;
  const maxLen = take('maxModelLen', 'maxContextTokens', options.maxModelLen, count);
  if (maxLen) fields['maxContextTokens'] = maxLen;
  // The engine's own words (`awq`, `bfloat16`, `fp8_e5m2`) say the precision without being its name: inferred, not replaceable.
  const precision = precisionOf(options.quantization, options.quantization ? undefined : options.dtype);
  const precisionFlag = options.quantization ? { span: spans.quantization, text: `--quantization ${options.quantization}` } : { span: spans.dtype, text: `--dtype ${options.dtype}` };
  if (precision && precisionFlag.span) fields['precision'] = inferred(precision, precisionFlag.span, `from ${precisionFlag.text}`, [precisionFlag.span]);
  const kv = kvPrecisionOf(options.kvCacheDtype);
  if (kv && spans.kvCacheDtype) fields['kvCachePrecision'] = inferred(kv, spans.kvCacheDtype, `from --kv-cache-dtype ${options.kvCacheDtype}`, [spans.kvCacheDtype]);
  const maxSeqs = take('maxNumSeqs', 'maxSequences', options.maxNumSeqs, count);
  if (maxSeqs) fields['maxSequences'] = maxSeqs;
  if (missing.length > 0) fields['unresolved'] = missing;
  return fields as unknown as ServingFields;
}

function count(text: string): number | undefined {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

/**
 * `$NAME`, `${NAME}` or `${NAME:-default}` through the environment: inferred from
 * the variable's definition (editable there when it was written as a plain value),
 * or from the default written in the reference. Anything else stays unknown.
 */
function expand<T>(written: Token, env: ReadonlyMap<string, Field<string>>, parse: (text: string) => T | undefined): Field<T> | undefined {
  const reference = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(written.text);
  if (!reference) return undefined;
  const name = reference[1] ?? reference[3] ?? '';
  const at = { start: written.start, end: written.end };
  const definition = env.get(name);
  if (definition) {
    const value = parse(definition.value);
    if (value === undefined) return undefined;
    const sources = definition.origin === 'inferred' ? definition.sources : [definition.span];
    const editable = definition.origin === 'declared' ? definition.span : undefined;
    const reason = definition.origin === 'inferred' ? `$${name}, ${definition.reason}` : `$${name} from its definition in this file`;
    return { ...inferred(value, at, reason, sources, editable), ...(definition.origin === 'inferred' && definition.follows ? { follows: definition.follows } : {}) };
  }
  const fallback = reference[2] !== undefined ? parse(reference[2]) : undefined;
  return fallback === undefined ? undefined : inferred(fallback, at, `the default written in \${${name}:-…} (the variable is not defined in this file)`, [at]);
}

/** Environment variables that name the model served, in order of preference. */
export const MODEL_ENV = ['MODEL_ID', 'HF_MODEL_ID', 'MODEL_NAME', 'MODEL', 'MODEL_PATH'] as const;

/**
 * A model field as the catalog looks it up: `hf://` and trailing slashes removed.
 * A declared value keeps pointing at the id alone, so replacing it keeps the prefix.
 */
export function modelField(field: Field<string>): Field<string> {
  const clean = cleanModelId(field.value);
  if (clean === field.value) return field;
  if (field.origin !== 'declared') return { ...field, value: clean };
  const offset = field.value.indexOf(clean);
  const start = field.span.start + Math.max(0, offset);
  return { ...field, value: clean, span: { start, end: start + clean.length } };
}

/** A model id as manifests write it: `hf://org/name` and trailing slashes removed. */
function cleanModelId(value: string): string {
  return value.replace(/^hf:\/\//, '').replace(/\/+$/, '');
}

/** A precision read from an engine's or platform's own setting (`QUANTIZE=awq`, `dtype: float16`): inferred from that text. */
export function precisionFrom(precision: Precision | undefined, setting: { readonly value: string; readonly span: Span } | undefined, name: string): Field<Precision> | undefined {
  return precision && setting ? inferred(precision, setting.span, `from ${name} ${setting.value}`, [setting.span]) : undefined;
}
