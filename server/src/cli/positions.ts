import { LineCounter } from 'yaml';
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

/** Line starts of a text, for turning offsets into 1-based lines and columns. */
export function lineCounterFor(text: string): LineCounter {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) counter.addNewLine(i + 1);
  return counter;
}
