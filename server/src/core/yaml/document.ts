import { isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, ParsedNode } from 'yaml';
import type { Finding } from '../findings';
import { span, type Span } from '../span';

/**
 * Aliases a document may expand before we refuse to read it: enough for real
 * manifests, far too few for a "billion laughs" bomb.
 */
export const MAX_ALIAS_EXPANSIONS = 100;

/** One YAML document of a file, parsed once, with its plain value when readable. */
export interface YamlDocument {
  readonly doc: Document.Parsed;
  /** Where the document's content sits in the file. */
  readonly span: Span;
  /** The document as plain data (best effort when it has syntax errors); `undefined` past the alias limit. */
  readonly value: unknown;
  /** Syntax errors, and the alias limit when exceeded. */
  readonly findings: readonly Finding[];
  /** The document's own text, for recognizing a format when its value is unreadable. */
  readonly text: string;
}

export interface YamlFile {
  readonly text: string;
  readonly documents: readonly YamlDocument[];
  /** Why the text was not parsed at all (nesting beyond the limit), if it was not. */
  readonly refused?: Finding;
}

/**
 * Flow collections nested deeper than this are refused before parsing: the parser
 * would run out of stack at a depth that varies from run to run.
 */
const MAX_NESTING = 200;

/** How many `[` and `{` the text has, counting no further than `atMost`. */
function countOpenings(text: string, atMost: number): number {
  let count = 0;
  for (const opening of ['[', '{']) {
    for (let i = text.indexOf(opening); i >= 0 && count < atMost; i = text.indexOf(opening, i + 1)) count++;
  }
  return count;
}

/** Parses every document of a YAML text. Never throws: problems come back as findings. */
export function parseYamlFile(text: string): YamlFile {
  const tooDeep = nestingBeyond(text, MAX_NESTING);
  if (tooDeep !== undefined) {
    const refused: Finding = {
      code: 'document-too-complex',
      severity: 'error',
      message: `This document nests collections more than ${MAX_NESTING} levels deep; it is not read.`,
      span: span(tooDeep, tooDeep + 1),
    };
    return { text, documents: [], refused };
  }
  // Offsets only: lines and columns are computed at the edges (the editor's document, the CLI's output).
  const parsed = parseAllDocuments(text, { prettyErrors: false, keepSourceTokens: false, logLevel: 'error' });
  const docs = Array.isArray(parsed) ? parsed : [];
  return { text, documents: docs.map((doc) => readDocument(doc, text)) };
}

function readDocument(doc: Document.Parsed, fileText: string): YamlDocument {
  const textLength = fileText.length;
  const findings: Finding[] = doc.errors.map((error) => ({
    code: 'yaml-syntax' as const,
    severity: 'error' as const,
    message: firstLine(error.message),
    span: clampSpan(error.pos[0], error.pos[1], textLength),
  }));
  const [start, , end] = doc.range;
  const docSpan = span(start, end);
  const text = fileText.slice(start, end);
  try {
    return { doc, span: docSpan, value: doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS }), findings, text };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    findings.push({
      code: 'document-too-complex',
      severity: 'error',
      message: `This document was not read: ${firstLine(message)} (at most ${MAX_ALIAS_EXPANSIONS} alias expansions).`,
      span: firstAliasSpan(doc) ?? docSpan,
    });
    return { doc, span: docSpan, value: undefined, findings, text };
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function clampSpan(start: number, end: number, length: number): Span {
  const s = Math.min(Math.max(0, start), length);
  return span(s, Math.min(Math.max(s, end), length));
}

function firstAliasSpan(doc: Document.Parsed): Span | undefined {
  let found: Span | undefined;
  const visit = (node: unknown): void => {
    if (found || !node) return;
    if (isAlias(node)) found = nodeSpan(node as ParsedNode);
    else if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        if (found) return;
        if (isMap(node)) {
          const pair = item as { key: unknown; value: unknown };
          visit(pair.key);
          visit(pair.value);
        } else visit(item);
      }
    }
  };
  visit(doc.contents);
  return found;
}

export type PathSegment = string | number;

/** The node at a path, and the key node that names it in its parent map. */
export interface NodeAt {
  readonly node: Node | undefined;
  readonly key: Node | undefined;
}

/**
 * Walks a document by keys and indexes. Stops at the deepest node that exists,
 * so a span can always be given: the caller asks for `spec.model.id` and, when
 * `id` is missing, gets `model`.
 */
export function nodeAt(doc: Document.Parsed, path: readonly PathSegment[]): NodeAt & { readonly depth: number } {
  let node: unknown = doc.contents;
  let key: Node | undefined;
  let depth = 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = pairNamed(node.items, String(segment));
      if (!pair) break;
      key = pair.key as Node;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      key = undefined;
      node = item;
    } else break;
    depth++;
  }
  return { node: node as Node | undefined, key, depth };
}

/** The map entry whose scalar key reads `name` (`8: …` is named "8"). Every span is looked up through here: a plain loop. */
function pairNamed(items: readonly Pair<unknown, unknown>[], name: string): Pair<unknown, unknown> | undefined {
  for (const item of items) {
    const key = item.key;
    if (isScalar(key) && (key.value === name || String(key.value) === name)) return item;
  }
  return undefined;
}

/** The span of a node's value (without trailing comments or blank lines). */
export function nodeSpan(node: Node): Span {
  const range = node.range;
  return range ? span(range[0], range[1]) : span(0, 0);
}

/** The span of a value as read by a rule: the value node if present, else its key. */
export function locate(doc: Document.Parsed, path: readonly PathSegment[]): Span {
  const { node, key, depth } = nodeAt(doc, path);
  if (depth < path.length && key) return nodeSpan(key);
  // An empty value (`hardware:` with nothing under it) has no width of its own: point at its key.
  if (node && isScalar(node) && !(key && node.range && node.range[0] === node.range[1])) return nodeSpan(node);
  if (key) return nodeSpan(key);
  return node ? nodeSpan(node) : span(0, 0);
}

/** The key's span when the value is a scalar on the key's line, joined: `key: value`. */
export function keySpan(doc: Document.Parsed, path: readonly PathSegment[]): Span | undefined {
  const { key, depth } = nodeAt(doc, path);
  return depth === path.length && key ? nodeSpan(key) : undefined;
}

/** The offset where `[`/`{` nesting first exceeds `limit`, skipping quoted text and comments; undefined if it never does. */
function nestingBeyond(text: string, limit: number): number | undefined {
  // Block YAML (most manifests) opens few flow collections: too few to count.
  if (countOpenings(text, limit + 1) <= limit) return undefined;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") {
      const before = text[i - 1];
      if (before === undefined || /[\s[{,:]/.test(before)) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '[' || c === '{') {
      if (++depth > limit) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}
