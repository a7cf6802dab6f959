import { isAlias, isMap, isScalar, isSeq, Scalar, type Node } from 'yaml';
import type { Located, Span } from '../../span';
import { declared, type Declared } from '../provenance';
import { keySpan, locate, nodeAt, nodeSpan, parseYamlFile, type PathSegment, type YamlDocument } from '../../yaml/document';
import type { Token } from '../servingCommand';
import { NO_OBJECTS, type FileObjects } from '../kubernetesObjects';

/**
 * Reads a real-world manifest's fields with their spans. Values come from the
 * document's plain data, spans from its syntax tree; a missing or mistyped field
 * reads as undefined, never as an error (the formats are not ours to validate).
 */
export class ManifestReader {
  /** YAML embedded as strings, parsed once per document however many formats look inside (KubeRay's `serveConfigV2`). */
  private readonly embeddedDocuments = new Map<string, YamlDocument | undefined>();

  /** `objects`: what other documents of the file define, that this one may refer to by name (spans relative to this document's chunk). */
  constructor(
    readonly document: YamlDocument,
    readonly objects: FileObjects = NO_OBJECTS,
  ) {}

  value(path: readonly PathSegment[]): unknown {
    let value = this.document.value;
    for (const segment of path) {
      if (typeof value !== 'object' || value === null) return undefined;
      value = (value as Record<string, unknown>)[String(segment)];
    }
    return value;
  }

  record(path: readonly PathSegment[]): Record<string, unknown> | undefined {
    const value = this.value(path);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  }

  list(path: readonly PathSegment[]): unknown[] {
    const value = this.value(path);
    return Array.isArray(value) ? value : [];
  }

  span(path: readonly PathSegment[]): Span {
    return locate(this.document.doc, path);
  }

  /** The span of the node at the path, collections included (`[a, b]`), else what `span` gives. */
  nodeSpan(path: readonly PathSegment[]): Span {
    const { node, depth } = nodeAt(this.document.doc, path);
    return node && depth === path.length && (node as Node).range ? nodeSpan(node as Node) : this.span(path);
  }

  keySpan(path: readonly PathSegment[]): Span | undefined {
    return keySpan(this.document.doc, path);
  }

  /** The scalar keys of the mapping at the path, in order, each with its span (none when it is not a mapping). */
  keys(path: readonly PathSegment[]): Located<string>[] {
    const { node: at, depth } = nodeAt(this.document.doc, path);
    const node = isAlias(at) ? at.resolve(this.document.doc) : at;
    if (depth !== path.length || !isMap(node)) return [];
    return node.items.flatMap((pair) => (isScalar(pair.key) && pair.key.value !== null ? [{ value: String(pair.key.value), span: nodeSpan(pair.key as Node) }] : []));
  }

  /** A string written at the path (declared there), trimmed. */
  string(path: readonly PathSegment[]): Declared<string> | undefined {
    const value = this.value(path);
    if (typeof value !== 'string' || value.trim() === '') return undefined;
    return declared({ value: value.trim(), span: this.valueSpan(path) });
  }

  /** A YAML boolean written at the path (declared there). */
  boolean(path: readonly PathSegment[]): Declared<boolean> | undefined {
    const value = this.value(path);
    return typeof value === 'boolean' ? declared({ value, span: this.valueSpan(path) }) : undefined;
  }

  /**
   * A count: a number, or a numeric string as Kubernetes quantities and env values
   * are written. `min` is 0 for counts that may be zero (a workload scaled to zero).
   */
  count(path: readonly PathSegment[], min = 1): Declared<number> | undefined {
    const value = this.value(path);
    const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    return Number.isInteger(number) && number >= min && number <= 1_000_000 ? declared({ value: number, span: this.valueSpan(path) }) : undefined;
  }

  /** The span of a scalar's content, without its quotes. */
  valueSpan(path: readonly PathSegment[]): Span {
    const { node } = nodeAt(this.document.doc, path);
    return node && isScalar(node) ? contentSpan(node) : this.span(path);
  }

  /** The YAML document written as a string at the path, parsed; undefined when absent, empty or not valid YAML. */
  embedded(path: readonly PathSegment[]): { readonly text: Declared<string>; readonly document: YamlDocument } | undefined {
    const text = this.string(path);
    if (!text) return undefined;
    const key = path.join('\u0000');
    if (!this.embeddedDocuments.has(key)) {
      const inner = parseYamlFile(text.value).documents[0];
      this.embeddedDocuments.set(key, inner && inner.findings.length === 0 ? inner : undefined);
    }
    const document = this.embeddedDocuments.get(key);
    return document && { text, document };
  }

  /** A sequence of scalars (a container's `command` or `args`) as tokens with their spans. */
  tokens(path: readonly PathSegment[]): Token[] {
    const { node } = nodeAt(this.document.doc, path);
    if (!node || !isSeq(node)) return [];
    return node.items.flatMap((item) => (isScalar(item) && item.value !== null ? [{ text: String(item.value), ...contentSpan(item) }] : []));
  }

  /** The document's text between two offsets (offsets are relative to the chunk the document was parsed from). */
  source(span: Span): string {
    return this.document.text.slice(span.start - this.document.span.start, span.end - this.document.span.start);
  }
}

/** A field of a value that may be anything (a list item can be null, a number, a string). */
export function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** A scalar's content span: quoted scalars without their quotes. */
function contentSpan(node: Scalar): Span {
  const span = nodeSpan(node as Node);
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  return quoted && span.end - span.start >= 2 ? { start: span.start + 1, end: span.end - 1 } : span;
}

/**
 * Places tokens cut from a string's value back into the source: each token's text
 * is searched for in order within the scalar's source, so block scalars (whose
 * indentation the value drops) map too. A token not found keeps the scalar's span.
 */
export function placeTokens(source: string, sourceStart: number, tokens: readonly Token[], fallback: Span): Token[] {
  let cursor = 0;
  return tokens.map((token) => {
    const at = source.indexOf(token.text, cursor);
    if (at < 0 || token.text === '') return { text: token.text, start: fallback.start, end: fallback.end };
    cursor = at + token.text.length;
    return { text: token.text, start: sourceStart + at, end: sourceStart + at + token.text.length };
  });
}
