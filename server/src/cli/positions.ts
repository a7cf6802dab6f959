import type { LineCounter } from 'yaml';
import type { Span } from '../core/span';

/** 1-based lines and columns, as editors and SARIF count them. */
export interface Region {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** The one place the CLI turns core offsets into lines and columns. */
export function toRegion(lineCounter: LineCounter, span: Span): Region {
  const start = lineCounter.linePos(span.start);
  const end = lineCounter.linePos(span.end);
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}
