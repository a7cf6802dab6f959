/**
 * Reads what an LLM serving command line says about a deployment: which engine
 * (vLLM, SGLang, TGI), which model, how it is split across GPUs, its context
 * length, precision and batch limit. Manifests in other formats (Kubernetes
 * Deployments, Compose files, KServe runtimes) carry these as a command and its
 * arguments; a recognizer hands the tokens here and gets plain values back,
 * each with the span of the text it came from.
 *
 * Pure: no imports. It never throws; what cannot be read is left absent.
 */

/** What a serving command line says about the deployment. Absent fields were not given. */
export interface ServingOptions {
  readonly engine: 'vllm' | 'sglang' | 'tgi' | 'unknown';
  readonly model?: string;
  readonly tensorParallel?: number;
  readonly pipelineParallel?: number;
  readonly maxModelLen?: number;
  readonly quantization?: string;
  readonly dtype?: string;
  readonly kvCacheDtype?: string;
  readonly maxNumSeqs?: number;
}

/** One token of a command with its offset range in the source text it came from. */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Where each option's VALUE was written (offsets into the same source as the tokens), for diagnostics. */
export type ServingSpans = Partial<Record<keyof Omit<ServingOptions, 'engine'>, { start: number; end: number }>>;

/** Option values written as shell expansions (`$TP`, `${MODEL}`), as written and where. */
export type ServingUnresolved = Partial<Record<keyof Omit<ServingOptions, 'engine'>, Token>>;

type Engine = ServingOptions['engine'];
type KnownEngine = Exclude<Engine, 'unknown'>;
type Field = keyof Omit<ServingOptions, 'engine'>;

const NUMBER_FIELDS = ['tensorParallel', 'pipelineParallel', 'maxModelLen', 'maxNumSeqs'] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];
type StringField = Exclude<Field, NumberField>;

function isNumberField(field: Field): field is NumberField {
  return (NUMBER_FIELDS as readonly Field[]).includes(field);
}

// ---------------------------------------------------------------------------
// Option tables
// ---------------------------------------------------------------------------

/** What one engine's command line accepts, as far as reading it needs. */
interface OptionTable {
  /** Options whose value we read, by name. */
  readonly fields: ReadonlyMap<string, Field>;
  /**
   * Other options known to take a value. They are listed so that their value is
   * skipped and never taken for the positional model (`--port 8000 MODEL`).
   */
  readonly valued: ReadonlySet<string>;
  /**
   * Common flags. An option in no list is also taken to be a flag, but a word
   * right after it might be its value, so it is not taken for the model.
   */
  readonly flags: ReadonlySet<string>;
  /** Value-taking options only this engine has: enough to name the engine of a bare argument list. */
  readonly signature: ReadonlySet<string>;
  /** Count options that also accept suffixes, as vLLM's `--max-model-len 32k`. */
  readonly suffixedCounts: ReadonlySet<string>;
}

interface TableSource {
  readonly fields: Partial<Record<Field, readonly string[]>>;
  readonly valued: readonly string[];
  readonly flags: readonly string[];
  readonly signature: readonly string[];
  readonly suffixedCounts?: readonly string[];
}

function optionTable(source: TableSource): OptionTable {
  const fields = new Map<string, Field>();
  for (const [field, names] of Object.entries(source.fields) as [Field, readonly string[]][]) {
    for (const name of names) fields.set(name, field);
  }
  return {
    fields,
    valued: new Set(source.valued),
    flags: new Set(source.flags),
    signature: new Set(source.signature),
    suffixedCounts: new Set(source.suffixedCounts ?? []),
  };
}

// vLLM `vllm serve` / `python -m vllm.entrypoints.openai.api_server` (engine args and server args).
const VLLM = optionTable({
  fields: {
    model: ['--model'],
    tensorParallel: ['--tensor-parallel-size', '-tp'],
    pipelineParallel: ['--pipeline-parallel-size', '-pp'],
    maxModelLen: ['--max-model-len'],
    quantization: ['--quantization', '-q'],
    dtype: ['--dtype'],
    kvCacheDtype: ['--kv-cache-dtype'],
    maxNumSeqs: ['--max-num-seqs'],
  },
  valued: [
    '--host', '--port', '--served-model-name', '--tokenizer', '--tokenizer-mode', '--revision', '--download-dir',
    '--load-format', '--gpu-memory-utilization', '--max-num-batched-tokens', '--swap-space', '--block-size', '--seed',
    '--data-parallel-size', '-dp', '--distributed-executor-backend', '--api-key', '--chat-template', '--tool-call-parser',
    '--reasoning-parser', '--limit-mm-per-prompt', '--cpu-offload-gb', '--speculative-config', '--config', '--hf-overrides',
    '--generation-config', '--compilation-config', '--kv-transfer-config', '--lora-modules', '--max-lora-rank', '--max-loras',
    '--max-logprobs', '--uvicorn-log-level', '--root-path', '--ssl-keyfile', '--ssl-certfile',
  ],
  flags: [
    '--trust-remote-code', '--enforce-eager', '--enable-prefix-caching', '--no-enable-prefix-caching',
    '--enable-chunked-prefill', '--no-enable-chunked-prefill', '--disable-log-requests', '--disable-log-stats',
    '--enable-auto-tool-choice', '--enable-expert-parallel', '--enable-lora', '--disable-custom-all-reduce',
  ],
  signature: [
    '--max-model-len', '--max-num-seqs', '-tp', '-pp', '-q', '--gpu-memory-utilization', '--max-num-batched-tokens',
    '--swap-space', '--distributed-executor-backend', '--cpu-offload-gb', '--speculative-config',
  ],
  // vLLM reads `--max-model-len` with `human_readable_int`: 1k = 1000, 1K = 1024.
  suffixedCounts: ['--max-model-len'],
});

// SGLang `python -m sglang.launch_server` (`--tp` and `--pp` are argparse abbreviations it documents).
const SGLANG = optionTable({
  fields: {
    model: ['--model-path', '--model'],
    tensorParallel: ['--tp', '--tp-size', '--tensor-parallel-size'],
    pipelineParallel: ['--pp', '--pp-size', '--pipeline-parallel-size'],
    maxModelLen: ['--context-length'],
    quantization: ['--quantization'],
    dtype: ['--dtype'],
    kvCacheDtype: ['--kv-cache-dtype'],
    maxNumSeqs: ['--max-running-requests'],
  },
  valued: [
    '--host', '--port', '--served-model-name', '--tokenizer-path', '--revision', '--download-dir', '--load-format',
    '--mem-fraction-static', '--max-total-tokens', '--max-prefill-tokens', '--chunked-prefill-size', '--schedule-policy',
    '--random-seed', '--dp', '--dp-size', '--data-parallel-size', '--ep', '--ep-size', '--expert-parallel-size',
    '--attention-backend', '--chat-template', '--tool-call-parser', '--reasoning-parser', '--nnodes', '--node-rank',
    '--dist-init-addr', '--cuda-graph-max-bs', '--speculative-algorithm', '--log-level', '--api-key', '--stream-interval',
  ],
  flags: ['--trust-remote-code', '--enable-torch-compile', '--disable-radix-cache', '--enable-dp-attention', '--enable-metrics'],
  signature: [
    '--model-path', '--tp', '--tp-size', '--pp', '--pp-size', '--context-length', '--max-running-requests',
    '--mem-fraction-static', '--tokenizer-path', '--dp-size', '--chunked-prefill-size', '--max-prefill-tokens',
  ],
});

// Hugging Face TGI `text-generation-launcher`.
const TGI = optionTable({
  fields: {
    model: ['--model-id'],
    tensorParallel: ['--num-shard'],
    maxModelLen: ['--max-total-tokens'],
    quantization: ['--quantize'],
    dtype: ['--dtype'],
    kvCacheDtype: ['--kv-cache-dtype'],
    maxNumSeqs: ['--max-concurrent-requests'],
  },
  valued: [
    '--hostname', '--port', '--revision', '--sharded', '--max-input-length', '--max-input-tokens', '--max-best-of',
    '--max-stop-sequences', '--max-batch-prefill-tokens', '--max-batch-total-tokens', '--max-batch-size',
    '--max-waiting-tokens', '--waiting-served-ratio', '--cuda-memory-fraction', '--rope-scaling', '--rope-factor',
    '--speculate', '--huggingface-hub-cache', '--weights-cache-override', '--lora-adapters', '--max-client-batch-size',
    '--payload-limit', '--master-addr', '--master-port', '--shard-uds-path', '--validation-workers', '--otlp-endpoint',
  ],
  flags: ['--trust-remote-code', '--disable-custom-kernels', '--json-output'],
  signature: [
    '--model-id', '--num-shard', '--quantize', '--max-concurrent-requests', '--max-input-length', '--max-input-tokens',
    '--max-batch-prefill-tokens', '--max-batch-total-tokens', '--hostname', '--sharded',
  ],
});

const TABLES: Readonly<Record<KnownEngine, OptionTable>> = { vllm: VLLM, sglang: SGLANG, tgi: TGI };

/**
 * The table for arguments whose engine is unknown: every engine's options, except
 * that a name meaning different things to different engines (SGLang's
 * `--max-total-tokens` is its KV pool, TGI's the per-request limit) is skipped
 * rather than guessed.
 */
function unionTable(tables: readonly OptionTable[]): OptionTable {
  const fields = new Map<string, Field>();
  const valued = new Set<string>();
  const flags = new Set(tables.flatMap((t) => [...t.flags]));
  const conflicting = new Set<string>();
  for (const table of tables) {
    for (const name of table.valued) valued.add(name);
    for (const [name, field] of table.fields) {
      const seen = fields.get(name);
      if (seen !== undefined && seen !== field) conflicting.add(name);
      fields.set(name, field);
    }
  }
  for (const name of fields.keys()) if (valued.has(name)) conflicting.add(name);
  for (const name of conflicting) {
    fields.delete(name);
    valued.add(name);
  }
  const suffixed = tables.flatMap((t) => [...t.suffixedCounts]);
  return { fields, valued, flags, signature: new Set(), suffixedCounts: new Set(suffixed) };
}

const ANY_ENGINE = unionTable(Object.values(TABLES));

// ---------------------------------------------------------------------------
// Token classes
// ---------------------------------------------------------------------------

/** Shell operators that end one command and start the next. */
const SEPARATORS = new Set(['&&', '||', ';', ';;', '|', '|&', '&', '\n']);

/** Redirections (`> log`, `2>&1`, `&>> log`): the operator and its target are not arguments. */
const REDIRECTION = /^\d*(?:&>>?|>>|>&|>\||>|<<|<&|<>|<)$/;

/**
 * A token written exactly as its text, without quotes or escapes. Only such a
 * token can be an operator: a quoted `";"` is an argument.
 */
function isBare(token: Token): boolean {
  return token.end - token.start === token.text.length;
}

function isSeparator(token: Token): boolean {
  return SEPARATORS.has(token.text) && isBare(token);
}

function isRedirection(token: Token): boolean {
  return REDIRECTION.test(token.text) && isBare(token);
}

/** `-x`, `--opt`, `--opt=v`, but not a negative number, which argparse reads as a value. */
function isOption(text: string): boolean {
  return text.length > 1 && text.startsWith('-') && !/^-\d/.test(text);
}

/** The last path segment, so `/usr/local/bin/vllm` is `vllm`. */
function basename(text: string): string {
  return text.slice(text.lastIndexOf('/') + 1);
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

/**
 * A value the shell would still expand (`$TP`, `${TP:-8}`, `$(nproc)`, backquotes)
 * is unknown here: reading `$TP` as text, or a default as the value, would be a guess.
 */
function isUnresolved(text: string): boolean {
  return text.includes('$') || text.includes('`');
}

/** A non-negative integer written in digits; anything else (`8.0`, `-1`, `1e3`, `0x8`) is not a count. */
function parseCount(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

const DECIMAL_SUFFIX: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12 };
const BINARY_SUFFIX: Readonly<Record<string, number>> = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/**
 * A count with vLLM's suffixes: `25.6k` is 25,600 and `32K` is 32,768. Decimals
 * go only with decimal suffixes, as in vLLM, which truncates the product.
 */
function parseSuffixedCount(text: string): number | undefined {
  const plain = parseCount(text);
  if (plain !== undefined) return plain;
  const decimal = /^(\d+(?:\.\d+)?)([kmgt])$/.exec(text);
  const decimalFactor = decimal?.[2] === undefined ? undefined : DECIMAL_SUFFIX[decimal[2]];
  if (decimal?.[1] !== undefined && decimalFactor !== undefined) return safe(Math.trunc(Number(decimal[1]) * decimalFactor));
  const binary = /^(\d+)([KMGT])$/.exec(text);
  const binaryFactor = binary?.[2] === undefined ? undefined : BINARY_SUFFIX[binary[2]];
  if (binary?.[1] !== undefined && binaryFactor !== undefined) return safe(Number(binary[1]) * binaryFactor);
  return undefined;
}

function safe(value: number): number | undefined {
  return Number.isSafeInteger(value) ? value : undefined;
}

// ---------------------------------------------------------------------------
// Reading arguments
// ---------------------------------------------------------------------------

/** A value as written: its text and where it is. */
interface Written {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** What has been read so far; options repeat, and the last one wins, as in argparse. */
class Reading {
  readonly strings: Partial<Record<StringField, string>> = {};
  readonly numbers: Partial<Record<NumberField, number>> = {};
  readonly spans: ServingSpans = {};
  /** Values the shell would expand (`$TP`), kept as written for the caller to expand from what it knows. */
  readonly unresolved: ServingUnresolved = {};

  /** Sets a field from its written value, or clears it when this value cannot be read. */
  set(field: Field, written: Written, suffixed: boolean): void {
    const unresolved = isUnresolved(written.text);
    if (unresolved) this.unresolved[field] = { text: written.text, start: written.start, end: written.end };
    else delete this.unresolved[field];
    const value = unresolved || written.text === '' ? undefined : written.text;
    if (isNumberField(field)) this.setNumber(field, value === undefined ? undefined : suffixed ? parseSuffixedCount(value) : parseCount(value));
    else this.setString(field, value);
    if (this.has(field)) this.spans[field] = { start: written.start, end: written.end };
    else delete this.spans[field];
  }

  count(): number {
    return Object.keys(this.spans).length;
  }

  private has(field: Field): boolean {
    return isNumberField(field) ? this.numbers[field] !== undefined : this.strings[field] !== undefined;
  }

  private setNumber(field: NumberField, value: number | undefined): void {
    if (value === undefined) delete this.numbers[field];
    else this.numbers[field] = value;
  }

  private setString(field: StringField, value: string | undefined): void {
    if (value === undefined) delete this.strings[field];
    else this.strings[field] = value;
  }
}

/**
 * Where a positional argument is the model: anywhere for `vllm serve MODEL`
 * (argparse allows positionals between options), only first for bare arguments
 * to the vLLM image, whose entrypoint is `vllm serve`; never for the others.
 */
type PositionalModel = 'anywhere' | 'first' | 'none';

/** The value of `--opt=value`. Quotes, when the shell had them, are taken to belong to the value (`--model="a b"`). */
function inlineValue(token: Token, equals: number): Written {
  return { text: token.text.slice(equals + 1), start: token.start + equals + 1, end: token.end };
}

/** Whether `token` can be the value of the option before it. */
function canBeValue(token: Token | undefined): token is Token {
  return token !== undefined && !isOption(token.text) && !isSeparator(token) && !isRedirection(token);
}

/** Reads the arguments of one command (separators already removed). */
function readArguments(args: readonly Token[], table: OptionTable, positional: PositionalModel): Reading {
  const reading = new Reading();
  let model: Written | undefined;
  let afterUnknownOption = false;
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (token === undefined) break;
    if (isRedirection(token)) {
      i += 1;
      continue;
    }
    if (!isOption(token.text)) {
      // A bare word after an unknown option is probably that option's value, not the model.
      const may = positional === 'anywhere' ? !afterUnknownOption : positional === 'first' && i === 0;
      if (may && model === undefined) model = token;
      afterUnknownOption = false;
      continue;
    }
    const equals = token.text.indexOf('=');
    const name = equals > 0 ? token.text.slice(0, equals) : token.text;
    const field = table.fields.get(name);
    const takesValue = field !== undefined || table.valued.has(name);
    afterUnknownOption = !takesValue && !table.flags.has(name) && equals < 0;
    let value: Written | undefined;
    if (equals > 0) value = inlineValue(token, equals);
    else if (takesValue && canBeValue(args[i + 1])) {
      value = args[i + 1];
      i += 1;
    }
    if (field !== undefined && value !== undefined) reading.set(field, value, table.suffixedCounts.has(name));
  }
  // vLLM prefers the positional model over `--model` wherever each is written.
  if (model !== undefined) reading.set('model', model, false);
  return reading;
}

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------

/** Cuts `a && b; c | d` into its commands. */
function splitCommands(tokens: readonly Token[]): Token[][] {
  const commands: Token[][] = [[]];
  for (const token of tokens) {
    if (isSeparator(token)) commands.push([]);
    else commands[commands.length - 1]?.push(token);
  }
  return commands.filter((command) => command.length > 0);
}

/** Where a serving program starts in a command, and where its arguments begin. */
interface Launch {
  readonly engine: KnownEngine;
  readonly argsFrom: number;
  readonly positional: PositionalModel;
}

/** Module names run with `python -m`. */
function moduleEngine(module: string): KnownEngine | undefined {
  if (module.startsWith('vllm.entrypoints.')) return 'vllm';
  if (module === 'sglang.launch_server') return 'sglang';
  return undefined;
}

/** Finds the serving program anywhere in a command, so prefixes (`exec`, `env A=B`, `python3 -u`) do not matter. */
function findLaunch(command: readonly Token[]): Launch | undefined {
  for (let i = 0; i < command.length; i++) {
    const text = command[i]?.text ?? '';
    const next = command[i + 1]?.text;
    const program = basename(text);
    if (program === 'vllm' && next === 'serve') return { engine: 'vllm', argsFrom: i + 2, positional: 'anywhere' };
    if (program === 'text-generation-launcher') return { engine: 'tgi', argsFrom: i + 1, positional: 'none' };
    const engine = text === '-m' && next !== undefined ? moduleEngine(next) : undefined;
    if (engine !== undefined) return { engine, argsFrom: i + 2, positional: 'none' };
  }
  return undefined;
}

/** The option names written in a command, without their `=value`. */
function optionNames(command: readonly Token[]): string[] {
  return command.filter((t) => isOption(t.text)).map((t) => t.text.split('=', 1)[0] ?? t.text);
}

/**
 * Names the engine of bare arguments (a Kubernetes `args:` list) from options
 * only one engine has. Shared names (`--model`, `--tensor-parallel-size`) say
 * nothing, and options of two engines at once leave it unknown.
 */
function engineBySignature(command: readonly Token[]): Engine {
  const names = optionNames(command);
  const engines = (Object.keys(TABLES) as KnownEngine[]).filter((engine) => names.some((name) => TABLES[engine].signature.has(name)));
  return engines.length === 1 && engines[0] !== undefined ? engines[0] : 'unknown';
}

interface Parsed {
  readonly engine: Engine;
  readonly reading: Reading;
}

function readBare(command: readonly Token[]): Parsed {
  const engine = engineBySignature(command);
  const table = engine === 'unknown' ? ANY_ENGINE : TABLES[engine];
  return { engine, reading: readArguments(command, table, engine === 'vllm' ? 'first' : 'none') };
}

/** Among commands with no serving program, the one that says most. */
function mostInformative(candidates: readonly Parsed[]): Parsed | undefined {
  let best: Parsed | undefined;
  for (const candidate of candidates) {
    const score = candidate.reading.count() * 2 + (candidate.engine === 'unknown' ? 0 : 1);
    const bestScore = best === undefined ? 0 : best.reading.count() * 2 + (best.engine === 'unknown' ? 0 : 1);
    if (score > bestScore) best = candidate;
  }
  return best;
}

function parseCommands(tokens: readonly Token[]): Parsed | undefined {
  const commands = splitCommands(tokens);
  for (const command of commands) {
    const launch = findLaunch(command);
    if (launch !== undefined) {
      return { engine: launch.engine, reading: readArguments(command.slice(launch.argsFrom), TABLES[launch.engine], launch.positional) };
    }
  }
  return mostInformative(commands.map(readBare));
}

/**
 * Reads a serving command: a whole command line (`vllm serve M --tp 8`), a
 * script of several commands (`pip install x && exec vllm serve M`), or bare
 * arguments without the program (a container's `args:`). The first command that
 * runs a serving program is read; without one, the arguments that say most.
 */
export function parseServingCommand(tokens: readonly Token[]): { options: ServingOptions; spans: ServingSpans; unresolved: ServingUnresolved } {
  const parsed = parseCommands(tokens);
  if (parsed === undefined) return { options: { engine: 'unknown' }, spans: {}, unresolved: {} };
  const { engine, reading } = parsed;
  return { options: { engine, ...reading.strings, ...reading.numbers }, spans: reading.spans, unresolved: reading.unresolved };
}

// ---------------------------------------------------------------------------
// Shell tokens
// ---------------------------------------------------------------------------

/** The end (exclusive) of `$(...)`, `${...}` or a backquoted command starting at `i`, kept as text. */
function expansionEnd(script: string, i: number): number {
  if (script[i] === '`') return closingIndex(script, '`', i + 1);
  if (script[i + 1] === '{') return closingIndex(script, '}', i + 2);
  let depth = 0;
  for (let j = i + 1; j < script.length; j++) {
    const c = script[j];
    if (c === '\\') j += 1;
    else if (c === "'") j = closingIndex(script, "'", j + 1) - 1;
    else if (c === '(') depth += 1;
    else if (c === ')' && --depth === 0) return j + 1;
  }
  return script.length;
}

/** One past the next `close` from `from`, or the end of an unterminated script. */
function closingIndex(script: string, close: string, from: number): number {
  const at = script.indexOf(close, from);
  return at < 0 ? script.length : at + 1;
}

function startsExpansion(script: string, i: number): boolean {
  return script[i] === '`' || (script[i] === '$' && (script[i + 1] === '(' || script[i + 1] === '{'));
}

/** Characters a backslash escapes inside double quotes; before any other, it stays. */
const DOUBLE_QUOTE_ESCAPES = new Set(['$', '`', '"', '\\', '\n']);

/** The text of a double-quoted string opening at `i`, and the index after it. */
function doubleQuoted(script: string, i: number): { text: string; next: number } {
  let text = '';
  let j = i + 1;
  while (j < script.length && script[j] !== '"') {
    const c = script.charAt(j);
    const after = script.charAt(j + 1);
    if (c === '\\' && DOUBLE_QUOTE_ESCAPES.has(after)) {
      if (after !== '\n') text += after;
      j += 2;
    } else if (startsExpansion(script, j)) {
      const end = expansionEnd(script, j);
      text += script.slice(j, end);
      j = end;
    } else {
      text += c;
      j += 1;
    }
  }
  return { text, next: Math.min(j + 1, script.length) };
}

/** The redirection operator starting at `i` (`>`, `>>`, `>&`, `&>`, `<`, ...), as written. */
function redirection(script: string, i: number): string {
  const two = script.slice(i, i + 2);
  if (two === '&>') return script[i + 2] === '>' ? '&>>' : '&>';
  if (['>>', '>&', '>|', '<<', '<&', '<>'].includes(two)) return two;
  return script.charAt(i);
}

/** A control operator starting at `i`: `&&`, `||`, `;;`, `|&`, or a single `;`, `|`, `&`. */
function controlOperator(script: string, i: number): string {
  const two = script.slice(i, i + 2);
  return ['&&', '||', ';;', '|&'].includes(two) ? two : script.charAt(i);
}

/** Accumulates the word being read; a word may mix quoted and unquoted parts (`--model="a b"`). */
class Words {
  readonly tokens: Token[] = [];
  private text = '';
  private start: number | undefined;

  constructor(private readonly base: number) {}

  get open(): boolean {
    return this.start !== undefined;
  }

  /** The word so far, if it is an unquoted file descriptor number (the `2` of `2>&1`). */
  descriptorStart(script: string, at: number): number | undefined {
    const start = this.start;
    if (start === undefined || !/^\d+$/.test(this.text) || script.slice(start, at) !== this.text) return undefined;
    return start;
  }

  append(text: string, at: number): void {
    this.start ??= at;
    this.text += text;
  }

  finish(end: number): void {
    if (this.start !== undefined) this.tokens.push({ text: this.text, start: this.base + this.start, end: this.base + end });
    this.text = '';
    this.start = undefined;
  }

  /** Drops the open word without emitting it (it became part of an operator). */
  discard(): void {
    this.text = '';
    this.start = undefined;
  }

  operator(text: string, start: number, end: number): void {
    this.tokens.push({ text, start: this.base + start, end: this.base + end });
  }
}

/**
 * Splits a shell script into words and operators, as POSIX `sh` would before
 * expansion: quotes and backslashes are removed from the text while each token's
 * offsets cover the word as written (quotes included); `$VAR`, `${VAR}`, `$(...)`
 * stay as text, since their values are not known here. Control operators (`&&`,
 * `||`, `;`, `|`, `&`, a newline) and redirections (`>`, `2>&1`) become tokens of
 * their own. Comments are dropped. Never throws: an unterminated quote runs to
 * the end.
 */
export function shellTokens(script: string, baseOffset = 0): Token[] {
  const words = new Words(baseOffset);
  let i = 0;
  while (i < script.length) {
    i = step(script, i, words);
  }
  words.finish(script.length);
  return words.tokens;
}

/** Reads what starts at `i` into `words`; returns where to continue. */
function step(script: string, i: number, words: Words): number {
  const c = script.charAt(i);
  if (c === ' ' || c === '\t' || c === '\r') {
    words.finish(i);
    return i + 1;
  }
  // A comment runs to the end of the line; the newline still separates commands.
  if (c === '#' && !words.open) return script.includes('\n', i) ? script.indexOf('\n', i) : script.length;
  if (c === '\\') return backslash(script, i, words);
  if (c === "'") {
    const next = closingIndex(script, "'", i + 1);
    words.append(script.slice(i + 1, script[next - 1] === "'" ? next - 1 : next), i);
    return next;
  }
  if (c === '"') {
    const { text, next } = doubleQuoted(script, i);
    words.append(text, i);
    return next;
  }
  if (startsExpansion(script, i)) {
    const end = expansionEnd(script, i);
    words.append(script.slice(i, end), i);
    return end;
  }
  if (c === '>' || c === '<' || (c === '&' && script[i + 1] === '>')) return redirect(script, i, words);
  if (c === '\n' || c === ';' || c === '&' || c === '|') {
    words.finish(i);
    const operator = c === '\n' ? c : controlOperator(script, i);
    words.operator(operator, i, i + operator.length);
    return i + operator.length;
  }
  words.append(c, i);
  return i + 1;
}

/** A backslash outside quotes: the next character is literal; before a newline, both vanish (a continued line). */
function backslash(script: string, i: number, words: Words): number {
  const next = script.charAt(i + 1);
  if (next === '\n') return i + 2;
  words.append(next, i);
  return Math.min(i + 2, script.length);
}

/** A redirection, taking a file descriptor number written just before it (`2>&1`) into the operator. */
function redirect(script: string, i: number, words: Words): number {
  const descriptor = words.descriptorStart(script, i);
  const operator = redirection(script, i);
  if (descriptor === undefined) {
    words.finish(i);
    words.operator(operator, i, i + operator.length);
  } else {
    words.discard();
    words.operator(script.slice(descriptor, i) + operator, descriptor, i + operator.length);
  }
  return i + operator.length;
}
