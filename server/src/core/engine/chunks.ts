/**
 * A YAML stream cut into its documents without parsing: a line that starts with
 * `---` (followed by a space or the line's end) always opens a new document, so
 * each piece can be parsed, checked and cached on its own. An edit re-analyzes
 * only the pieces whose text changed.
 */
export interface Chunk {
  /** Offset of the chunk's first character in the file. */
  readonly start: number;
  readonly text: string;
}

const DOCUMENT_START = /^---(?=[ \t]|\r?$)/gm;

export function splitDocuments(text: string): Chunk[] {
  const starts = [0];
  for (const match of text.matchAll(DOCUMENT_START)) {
    if (match.index > 0) starts.push(match.index);
  }
  return starts.map((start, i) => ({ start, text: text.slice(start, starts[i + 1] ?? text.length) }));
}
