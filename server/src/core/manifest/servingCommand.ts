/**
 * Reads what an LLM serving command line says about a deployment: which engine
 * (vLLM, SGLang, TGI, TensorRT-LLM), which model, how it is split across GPUs, its context
 * length, precision and batch limit. Manifests in other formats (Kubernetes
 * Deployments, Compose files, KServe runtimes) carry these as a command and its
 * arguments; a recognizer hands the tokens here and gets plain values back,
 * each with the span of the text it came from.
 *
 * The engines' options are in `engineOptions.ts`, the shell lexer in `shell.ts`.
 * It never throws; what cannot be read is left absent.
 */

import {
  ANY_ENGINE,
  isNumberField,
  TABLES,
  type Engine,
  type Field,
  type KnownEngine,
  type NumberField,
  type OptionTable,
  type ServingOptions,
  type ServingSpans,
  type ServingUnresolved,
  type StringField,
  type Switch,
} from './engineOptions';
import type { Token } from './shell';

export type { ServingOptions, ServingSpans, ServingUnresolved } from './engineOptions';
export { shellTokens, type Token } from './shell';

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
  readonly switches: Partial<Record<Switch, true>> = {};
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

  /** A flag read by its presence; its span is the flag itself. */
  switchOn(field: Switch, written: Written): void {
    this.switches[field] = true;
    this.spans[field] = { start: written.start, end: written.end };
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

/**
 * An option as its table names it: vLLM's parser takes `--pipeline_parallel_size`
 * for `--pipeline-parallel-size` (it turns underscores into dashes), so a long
 * option the table knows only with dashes is read that way.
 */
function optionName(written: string, table: OptionTable): string {
  if (!written.startsWith('--') || !written.includes('_') || table.fields.has(written) || table.valued.has(written)) return written;
  const dashed = `--${written.slice(2).replace(/_/g, '-')}`;
  return table.fields.has(dashed) || table.valued.has(dashed) || table.flags.has(dashed) ? dashed : written;
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
    const name = optionName(equals > 0 ? token.text.slice(0, equals) : token.text, table);
    const toggle = table.switches.get(name);
    if (toggle !== undefined && equals < 0) {
      reading.switchOn(toggle, token);
      afterUnknownOption = false;
      continue;
    }
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
    if (program === 'trtllm-serve') return { engine: 'trtllm', argsFrom: next === 'serve' ? i + 2 : i + 1, positional: 'anywhere' };
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
  return { options: { engine, ...reading.strings, ...reading.numbers, ...reading.switches }, spans: reading.spans, unresolved: reading.unresolved };
}
