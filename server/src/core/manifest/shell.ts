/**
 * Splits shell text into words and operators, as POSIX `sh` does before
 * expansion, keeping each word's offsets in the source. Pure: no imports.
 */

/** One token of a command with its offset range in the source text it came from. */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

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

