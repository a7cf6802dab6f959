import type { Precision } from '../../catalog/types';
import type { Located, Span } from '../../span';
import type { DeploymentSpec, Unresolved } from '../deployment';
import { declared, implied, inferred, sourcesOf, type Field, type Insertion } from '../provenance';
import { parseServingCommand, shellTokens, type ServingOptions, type ServingSpans, type Token } from '../servingCommand';
import { qwixWeightPrecision } from './qwix';
import { placeTokens, type ManifestReader } from './reader';

/** Fields a serving command contributes to a deployment, and the engine it runs. */
export type ServingFields = Pick<DeploymentSpec, 'model' | 'tensor' | 'pipeline' | 'dataParallel' | 'dataParallelLocal' | 'attentionRanks' | 'maxContextTokens' | 'contextExtended' | 'precision' | 'kvCachePrecision' | 'maxSequences' | 'expertParallel' | 'attentionBackend' | 'unresolved'> & {
  readonly engine: ServingOptions['engine'];
};

/**
 * Tokens of a container's command and args. A shell script (`sh -c "…"`) is cut
 * into its words, each placed back at its offset in the manifest.
 */
export function commandTokens(reader: ManifestReader, command: readonly (string | number)[], args: readonly (string | number)[]): Token[] {
  const tokens = [...reader.tokens(command), ...reader.tokens(args)];
  // `sh -c`, and option clusters such as `bash -exc` or `bash -lc` at the start of the command.
  const dashC = tokens.findIndex((t, i) => t.text === '-c' || (i <= 2 && /^-[a-z]*c[a-z]*$/.test(t.text)));
  const script = dashC >= 0 ? tokens[dashC + 1] : undefined;
  if (!script) return tokens;
  const source = reader.source(script);
  const words = shellTokens(script.text);
  return [...tokens.slice(0, dashC), ...placeTokens(source, script.start, words, script), ...tokens.slice(dashC + 2)];
}

/** Weights precision from an engine's quantization and dtype flags; undefined when they say nothing we can map. */
export function precisionOf(quantization: string | undefined, dtype: string | undefined, engine?: ServingOptions['engine']): Precision | undefined {
  const q = quantization?.toLowerCase();
  // TGI's plain `bitsandbytes` is LLM.int8 (8-bit); its 4-bit modes are `bitsandbytes-nf4` and `-fp4`.
  if (q === 'bitsandbytes' && engine === 'tgi') return 'int8';
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
  /** Kubernetes expands `$(NAME)` in a container's command and args from its `env` before any shell runs. */
  readonly dependentVariables?: boolean;
  /** A server that reads its settings from the environment when no flag gives them (NVIDIA NIM), when the command cannot say. */
  readonly environmentEngine?: 'nim';
}

/**
 * Settings a serving engine reads from its environment when no flag gives them:
 * TGI's launcher takes every option from its upper-case name (`QUANTIZE`,
 * `NUM_SHARD`), NVIDIA NIM from `NIM_*` variables. Where several variables say the
 * same, the first one defined is read: NIM 1's NIM_MODEL_NAME, then NIM 2's
 * NIM_MODEL_PATH (`hf://org/model`).
 */
const ENVIRONMENT_SETTINGS: Readonly<Record<'tgi' | 'nim', Partial<Record<keyof ServingSpans, readonly string[]>>>> = {
  tgi: {
    model: ['MODEL_ID'],
    tensorParallel: ['NUM_SHARD'],
    quantization: ['QUANTIZE'],
    dtype: ['DTYPE'],
    kvCacheDtype: ['KV_CACHE_DTYPE'],
    maxModelLen: ['MAX_TOTAL_TOKENS'],
    maxNumSeqs: ['MAX_CONCURRENT_REQUESTS'],
  },
  nim: {
    model: ['NIM_MODEL_NAME', 'NIM_MODEL_PATH'],
    tensorParallel: ['NIM_TENSOR_PARALLEL_SIZE'],
    pipelineParallel: ['NIM_PIPELINE_PARALLEL_SIZE'],
    maxModelLen: ['NIM_MAX_MODEL_LEN'],
  },
};

/** The value of an engine's environment setting: declared where written when its text is the value, else inferred from it. */
function environmentSetting<T>(definition: Field<string> | undefined, name: string, parse: (text: string) => T | undefined): Field<T> | undefined {
  if (!definition) return undefined;
  const value = parse(definition.value);
  if (value === undefined) return undefined;
  if (definition.origin === 'declared' && String(value) === definition.value) return { ...definition, value };
  // A value from elsewhere (a ConfigMap) stays editable at its source when its text is the value.
  const editable = definition.origin === 'inferred' && String(value) === definition.value ? definition.editable : undefined;
  return inferred(value, definition.span, `from ${name}=${definition.value}`, sourcesOf(definition), editable);
}

/** How the precision flags are written, for saying where a precision came from. */
const FLAG_TEXT = { quantization: '--quantization', dtype: '--dtype', kvCacheDtype: '--kv-cache-dtype' } as const;

/** The flag each engine documents for tensor parallelism, for writing one that is missing. */
const TENSOR_FLAG: Readonly<Record<'vllm' | 'sglang' | 'trtllm', string>> = { vllm: '--tensor-parallel-size', sglang: '--tp-size', trtllm: '--tp_size' };
const ENGINE_NAMES: Readonly<Record<'vllm' | 'sglang' | 'trtllm', string>> = { vllm: 'vLLM', sglang: 'SGLang', trtllm: 'TensorRT-LLM' };
/** The option each engine documents for expert parallelism. */
const SWITCH_FLAG: Readonly<Record<'vllm' | 'sglang', string>> = { vllm: '--enable-expert-parallel', sglang: '--ep-size' };

/**
 * Deployment fields from a serving command, each with its provenance. A value
 * written as `$VAR` is expanded from the context's environment (inferred, with
 * the variable's definition as its source) or reported as unresolved, never
 * guessed. vLLM, SGLang and TensorRT-LLM run on one device unless told otherwise, so without a
 * tensor-parallel flag their degree is an implied 1, to be written after the
 * model; TGI shards over every visible device, so no degree is assumed for it.
 */
export function servingFields(tokens: readonly Token[], given: CommandContext): ServingFields {
  const context = { ...given, env: withAssignments(tokens, given) };
  const { options, spans, unresolved } = parseServingCommand(tokens);
  const commandSpan: Span = tokens[0] ? { start: tokens[0].start, end: tokens[tokens.length - 1]?.end ?? tokens[0].end } : { start: 0, end: 0 };
  const fields: Record<string, unknown> = { engine: options.engine };
  const missing: Unresolved[] = [];
  const takeFlag = <K extends keyof ServingSpans, T>(key: K, field: Unresolved['field'] | undefined, value: T | undefined, parse: (text: string) => T | undefined): Field<T> | undefined => {
    const span = spans[key];
    if (value !== undefined && span) return declared({ value, span });
    const written = unresolved[key];
    if (!written) return undefined;
    const expanded = expand(written, context, parse);
    if (!expanded && field) missing.push({ field, text: written.text, span: { start: written.start, end: written.end } });
    return expanded;
  };
  const envEngine = options.engine === 'tgi' ? 'tgi' : options.engine === 'unknown' ? context.environmentEngine : undefined;
  const settings = envEngine ? ENVIRONMENT_SETTINGS[envEngine] : {};
  const settingName = (key: keyof ServingSpans): string | undefined => settings[key]?.find((name) => context.env.has(name));
  const fromEnvironment = <T>(key: keyof ServingSpans, parse: (text: string) => T | undefined): Field<T> | undefined => {
    const name = settingName(key);
    return name === undefined || spans[key] || unresolved[key] ? undefined : environmentSetting(context.env.get(name), name, parse);
  };
  const take = <K extends keyof ServingSpans, T>(key: K, field: Unresolved['field'] | undefined, value: T | undefined, parse: (text: string) => T | undefined): Field<T> | undefined =>
    takeFlag(key, field, value, parse) ?? fromEnvironment(key, parse);
  const model = take('model', 'model', options.model, (text) => text);
  if (model) fields['model'] = model;
  const tensor = take('tensorParallel', 'tensor', options.tensorParallel, count);
  if (tensor) fields['tensor'] = tensor;
  else if ((options.engine === 'vllm' || options.engine === 'sglang' || options.engine === 'trtllm') && !unresolved.tensorParallel) {
    const insert = context.flagSlot([TENSOR_FLAG[options.engine]], spans.model ?? (model?.origin === 'inferred' ? model.span : undefined));
    const at = insert ? { start: insert.at, end: insert.at } : commandSpan;
    fields['tensor'] = implied(1, at, `${ENGINE_NAMES[options.engine]}'s default tensor parallel size`, insert);
  }
  const pipeline = take('pipelineParallel', 'pipeline', options.pipelineParallel, count);
  if (pipeline) fields['pipeline'] = pipeline;
  // With SGLang's data-parallel attention the ranks share the tensor group's GPUs: attention ranks, no engines of their own.
  const data = take('dataParallel', 'dataParallel', options.dataParallel, count);
  if (data) fields[options.dataParallelAttention ? 'attentionRanks' : 'dataParallel'] = data;
  const dataLocal = take('dataParallelLocal', 'dataParallelLocal', options.dataParallelLocal, count);
  if (dataLocal) fields['dataParallelLocal'] = dataLocal;
  const maxLen = take('maxModelLen', 'maxContextTokens', options.maxModelLen, count);
  if (maxLen) fields['maxContextTokens'] = maxLen;
  const extended = contextExtension(options, spans, context.env);
  if (extended) fields['contextExtended'] = extended;
  // The engine's own words (`awq`, `bfloat16`, `fp8_e5m2`) say the precision without being its name: inferred, not replaceable.
  const settingOf = (key: 'quantization' | 'dtype' | 'kvCacheDtype', value: string | undefined): { key: typeof key; value: string; span: Span; text: string; sources: readonly Span[] } | undefined => {
    const span = spans[key];
    if (value !== undefined && span) return { key, value, span, text: `${options.engine === 'tgi' && key === 'quantization' ? '--quantize' : FLAG_TEXT[key]} ${value}`, sources: [span] };
    const name = settingName(key);
    const definition = name === undefined || unresolved[key] ? undefined : context.env.get(name);
    if (!definition || !name) return undefined;
    return { key, value: definition.value, span: definition.span, text: `${name}=${definition.value}`, sources: sourcesOf(definition) };
  };
  const quantizationSetting = settingOf('quantization', options.quantization);
  const precisionSetting = quantizationSetting ?? settingOf('dtype', options.dtype);
  const precision = precisionSetting && (precisionSetting.key === 'quantization' ? precisionOf(precisionSetting.value, undefined, options.engine) : precisionOf(undefined, precisionSetting.value));
  // vLLM TPU's Qwix rules quantize the weights whatever `--dtype` says; `--quantization` still comes first.
  const qwix = quantizationSetting === undefined ? qwixPrecisionField(options.additionalConfig, spans.additionalConfig) : undefined;
  if (qwix) fields['precision'] = qwix;
  else if (precision && precisionSetting) fields['precision'] = inferred(precision, precisionSetting.span, `from ${precisionSetting.text}`, precisionSetting.sources);
  const kvSetting = settingOf('kvCacheDtype', options.kvCacheDtype);
  const kv = kvPrecisionOf(kvSetting?.value);
  if (kv && kvSetting) fields['kvCachePrecision'] = inferred(kv, kvSetting.span, `from ${kvSetting.text}`, kvSetting.sources);
  const maxSeqs = take('maxNumSeqs', 'maxSequences', options.maxNumSeqs, count);
  if (maxSeqs) fields['maxSequences'] = maxSeqs;
  const expertParallel = expertParallelOf(options, spans, take('expertParallelSize', undefined, options.expertParallelSize, count));
  if (expertParallel) fields['expertParallel'] = expertParallel;
  else if ((options.engine === 'vllm' || options.engine === 'sglang') && !unresolved.expertParallelSize) {
    // Nothing to insert for a flag without a value: the implied default says where it would go, no fix writes it.
    const slot = context.flagSlot([SWITCH_FLAG[options.engine]], spans.model ?? (model?.origin === 'inferred' ? model.span : undefined));
    fields['expertParallel'] = implied(false, slot ? { start: slot.at, end: slot.at } : commandSpan, `${ENGINE_NAMES[options.engine]}'s default: a MoE model's experts are sharded over the tensor group, not split whole (${SWITCH_FLAG[options.engine]} turns it on)`);
  }
  const backend = take('attentionBackend', undefined, options.attentionBackend, (text) => text);
  if (backend) fields['attentionBackend'] = { value: backend.value, span: backend.span };
  if (missing.length > 0) fields['unresolved'] = missing;
  return fields as unknown as ServingFields;
}

/**
 * How the command lets vLLM serve a context longer than the model's own: RoPE scaling
 * (`--rope-scaling`, or a `rope` key in `--hf-overrides`), or its switch that allows a longer
 * `--max-model-len` anyway (`VLLM_ALLOW_LONG_MAX_MODEL_LEN=1`). Where it is written.
 */
function contextExtension(options: ServingOptions, spans: ServingSpans, env: ReadonlyMap<string, Field<string>>): Located<string> | undefined {
  if (options.ropeScaling !== undefined && spans.ropeScaling) return { value: '--rope-scaling', span: spans.ropeScaling };
  if (options.hfOverrides !== undefined && /rope/i.test(options.hfOverrides) && spans.hfOverrides) return { value: '--hf-overrides', span: spans.hfOverrides };
  const allow = env.get('VLLM_ALLOW_LONG_MAX_MODEL_LEN');
  return allow && /^(1|true)$/i.test(allow.value) ? { value: 'VLLM_ALLOW_LONG_MAX_MODEL_LEN', span: allow.span } : undefined;
}

/** The weights' precision from vLLM TPU's Qwix rules in `--additional-config`, inferred from the option's value. */
function qwixPrecisionField(config: string | undefined, span: Span | undefined): Field<Precision> | undefined {
  const qwix = config === undefined || span === undefined ? undefined : qwixWeightPrecision(config);
  return qwix && span ? inferred(qwix.precision, span, `from the Qwix quantization rule in --additional-config (${qwix.rule})`, [span]) : undefined;
}

/**
 * Whether the MoE experts are split over chips: a switch written (vLLM
 * `--enable-expert-parallel`, declared at the flag), or a size over one (SGLang
 * `--ep-size 8`, declared at its value; inferred when the size came from a variable).
 */
function expertParallelOf(options: ServingOptions, spans: ServingSpans, size: Field<number> | undefined): Field<boolean> | undefined {
  const flag = spans.expertParallel;
  if (options.expertParallel && flag) return declared({ value: true, span: flag });
  return size && { ...size, value: size.value > 1 };
}

function count(text: string): number | undefined {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

/**
 * The environment a script's serving command sees: the given one, plus the
 * variables the script assigns before it (`TP=$((A * B))`, `export MODEL=org/name`),
 * each expanded from what was known at that point. A plain value written as one
 * bare word is declared (editable at its text); an expanded one is inferred.
 */
function withAssignments(tokens: readonly Token[], context: CommandContext): ReadonlyMap<string, Field<string>> {
  const env = new Map(context.env);
  for (const token of tokens) {
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(token.text);
    if (!assignment || assignment[1] === undefined || assignment[2] === undefined) continue;
    const [, name, text] = assignment;
    const at = { start: token.start + name.length + 1, end: token.end };
    const bare = token.end - token.start === token.text.length;
    const value = text.includes('$')
      ? expand({ text, start: at.start, end: at.end }, { ...context, env }, (v) => v)
      : bare && text !== ''
        ? declared({ value: text, span: at })
        : undefined;
    if (value) env.set(name, value);
    else env.delete(name);
  }
  return env;
}

/**
 * `$NAME`, `${NAME}` or `${NAME:-default}` through the environment (and, in a
 * Kubernetes container, `$(NAME)`): inferred from the variable's definition
 * (editable there when it was written as a plain value), or from the default
 * written in the reference. Shell arithmetic over known values (`$((TP * PP))`)
 * is inferred from every operand, and editable nowhere. Anything else stays unknown.
 */
function expand<T>(written: Token, context: CommandContext, parse: (text: string) => T | undefined): Field<T> | undefined {
  const env = context.env;
  const at = { start: written.start, end: written.end };
  const arithmetic = /^\$\(\((.*)\)\)$/s.exec(written.text);
  if (arithmetic?.[1] !== undefined) return expandArithmetic(arithmetic[1], at, env, parse);
  const dependent = context.dependentVariables ? /^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(written.text) : null;
  const reference = dependent ?? /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(written.text);
  if (!reference) return undefined;
  const name = reference[1] ?? reference[3] ?? '';
  const definition = env.get(name);
  if (definition) {
    const value = parse(definition.value);
    if (value === undefined) return undefined;
    const sources = sourcesOf(definition);
    // A value passed on unchanged is editable where it is: at its plain definition, or at the source an inferred one is editable at (a ConfigMap's value).
    const editable = definition.origin === 'declared' ? definition.span : definition.origin === 'inferred' ? definition.editable : undefined;
    const reason = definition.origin === 'inferred' ? `$${name}, ${definition.reason}` : `$${name} from its definition in this file`;
    return { ...inferred(value, at, reason, sources, editable), ...(definition.origin === 'inferred' && definition.follows ? { follows: definition.follows } : {}) };
  }
  const fallback = !dependent && reference[2] !== undefined ? parse(reference[2]) : undefined;
  return fallback === undefined ? undefined : inferred(fallback, at, `the default written in \${${name}:-…} (the variable is not defined in this file)`, [at]);
}

/**
 * `$(( a * b ))` with integers and variables the file defines, `+ - * /` only, read
 * left to right with `*` and `/` first, as the shell does. Undefined when any operand
 * is unknown or the expression is anything more.
 */
function expandArithmetic<T>(expression: string, at: Span, env: ReadonlyMap<string, Field<string>>, parse: (text: string) => T | undefined): Field<T> | undefined {
  const parts = expression.trim().split(/\s*([-+*/])\s*/);
  const sources: Span[] = [];
  const names: string[] = [];
  const values: number[] = [];
  const operators: string[] = [];
  for (const [i, part] of parts.entries()) {
    if (i % 2 === 1) {
      operators.push(part);
      continue;
    }
    const name = /^\$?\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(part)?.[1];
    const definition = name === undefined ? undefined : env.get(name);
    const text = definition ? definition.value : part;
    if (!/^\d+$/.test(text)) return undefined;
    if (definition && name) {
      sources.push(...sourcesOf(definition));
      names.push(`$${name} = ${definition.value}`);
    }
    values.push(Number(text));
  }
  const value = evaluate(values, operators);
  const parsed = value === undefined ? undefined : parse(String(value));
  if (parsed === undefined || names.length === 0) return undefined;
  return inferred(parsed, at, `shell arithmetic $((${expression.trim()})) with ${names.join(', ')}`, sources);
}

/** `values[0] op values[1] op …` with `*` and `/` (integer division) before `+` and `-`. */
function evaluate(values: readonly number[], operators: readonly string[]): number | undefined {
  if (values.length !== operators.length + 1) return undefined;
  const terms: number[] = [values[0] ?? 0];
  const signs: string[] = [];
  operators.forEach((op, i) => {
    const next = values[i + 1] ?? 0;
    const last = terms.length - 1;
    if (op === '*') terms[last] = (terms[last] ?? 0) * next;
    else if (op === '/') terms[last] = next === 0 ? NaN : Math.trunc((terms[last] ?? 0) / next);
    else {
      signs.push(op);
      terms.push(next);
    }
  });
  const total = terms.slice(1).reduce((sum, term, i) => (signs[i] === '-' ? sum - term : sum + term), terms[0] ?? 0);
  return Number.isSafeInteger(total) ? total : undefined;
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
