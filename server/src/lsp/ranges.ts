import type { Position, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Span } from '../core/span';

/** The one place core offsets become LSP ranges (UTF-16, like the core's offsets). */
export function toRange(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

export function toOffset(document: TextDocument, position: Position): number {
  return document.offsetAt(position);
}
