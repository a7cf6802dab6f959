/**
 * A half-open range of UTF-16 offsets into a document's text: `[start, end)`.
 * The core speaks offsets only; the CLI and the language server each turn them
 * into lines and columns at their edge, in exactly one place.
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export function span(start: number, end: number): Span {
  return { start, end: Math.max(start, end) };
}

/** A value read from a document together with where it was written. */
export interface Located<T> {
  readonly value: T;
  readonly span: Span;
}

/** A change of a document's text, in offsets; an insertion has `start === end`. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}
