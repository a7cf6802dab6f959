import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { nodeAt, type PathSegment, type YamlDocument } from '../yaml/document';
import type { Insertion } from './provenance';

/**
 * Where a value that a manifest leaves out would be written, as an insertion that
 * keeps the document's own layout: a new entry at the end of a block mapping, new
 * items at the end of a sequence, or words after a token of a shell command. Flow
 * mappings and anything unusual get no insertion (the edit is then refused, never
 * guessed).
 */

/** `key: <value>` as the last entry of the block mapping at `path`, creating the missing parents. */
export function mapEntryInsertion(document: YamlDocument, path: readonly PathSegment[], key: string): Insertion | undefined {
  // The deepest mapping of the path that is written: the missing keys go under it.
  const { node, depth } = nodeAt(document.doc, path);
  if (!isMap(node) || node.flow || node.items.length === 0) return undefined;
  const last = node.items[node.items.length - 1];
  const lastEnd = (last?.value as Node | null | undefined)?.range?.[1] ?? (last?.key as Node | undefined)?.range?.[1];
  const firstKey = node.items[0]?.key as Node | undefined;
  if (lastEnd === undefined || !firstKey?.range) return undefined;
  const indent = columnOf(document, firstKey.range[0]);
  // A block collection's range runs past its last line: write right after the last content instead.
  const at = contentEnd(document, lastEnd);
  const missing = [...path.slice(depth).map(String), key];
  const step = '  ';
  const lines = missing.map((name, i) => `\n${indent}${step.repeat(i)}${name}:`);
  return { at, prefix: `${lines.join('')} `, suffix: '' };
}

/**
 * Nested keys written as the first entry of the block mapping at `path`, before its
 * first key (`parallelism:\n  tensor: <value>` above `model:`). Unlike an entry
 * appended at the mapping's end, it shares no offset with an insertion at the end
 * of a nested block (a pod template's new node selector), so the two never interleave.
 */
export function firstEntryInsertion(document: YamlDocument, path: readonly PathSegment[], keys: readonly string[]): Insertion | undefined {
  const { node, depth } = nodeAt(document.doc, path);
  if (depth !== path.length || !isMap(node) || node.flow) return undefined;
  const start = (node.items[0]?.key as Node | undefined)?.range?.[0];
  if (start === undefined || keys.length === 0) return undefined;
  const indent = columnOf(document, start);
  const lines = keys.map((key, i) => (i === 0 ? `${key}:` : `\n${indent}${'  '.repeat(i)}${key}:`));
  return { at: start, prefix: `${lines.join('')} `, suffix: `\n${indent}` };
}

/** Words added as the last items of the sequence at `path`; the final word is the value, written as a quoted string. */
export function sequenceInsertion(document: YamlDocument, path: readonly PathSegment[], words: readonly string[]): Insertion | undefined {
  const { node, depth } = nodeAt(document.doc, path);
  if (depth !== path.length || !isSeq(node) || node.items.length === 0) return undefined;
  const last = node.items[node.items.length - 1] as Node | undefined;
  if (!last?.range) return undefined;
  const at = last.range[1];
  if (node.flow) return { at, prefix: `${words.map((w) => `, ${w}`).join('')}, "`, suffix: '"' };
  const line = lineOf(document, last.range[0]);
  const dash = /^(\s*)-\s/.exec(line);
  if (!dash) return undefined;
  const indent = dash[1] ?? '';
  return { at, prefix: `${words.map((w) => `\n${indent}- ${w}`).join('')}\n${indent}- "`, suffix: '"' };
}

/** Words written right after a token of a shell script (inside the scalar that holds the script). */
export function afterTokenInsertion(tokenEnd: number, words: readonly string[]): Insertion {
  return { at: tokenEnd, prefix: ` ${words.join(' ')} `, suffix: '' };
}

/**
 * Whether `[start, end)` lies in one argument of the sequence at `path` (`- M`,
 * `- --model=M`), as opposed to inside a shell script item (`- vllm serve M …`),
 * where words are written inside the script instead.
 */
export function isInSequenceArgument(document: YamlDocument, path: readonly PathSegment[], start: number, end: number): boolean {
  const { node, depth } = nodeAt(document.doc, path);
  if (depth !== path.length || !isSeq(node)) return false;
  return node.items.some((item) => {
    if (!isScalar(item) || !item.range) return false;
    const [s, e] = item.range;
    return s <= start && end <= e && !/\s/.test(String(item.value));
  });
}

/** The offset just after the last non-blank character before `offset`. */
function contentEnd(document: YamlDocument, offset: number): number {
  let at = offset - document.span.start;
  while (at > 0 && /\s/.test(document.text.charAt(at - 1))) at--;
  return at + document.span.start;
}

function lineOf(document: YamlDocument, offset: number): string {
  const text = document.text;
  const at = offset - document.span.start;
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const end = text.indexOf('\n', at);
  return text.slice(start, end < 0 ? text.length : end);
}

function columnOf(document: YamlDocument, offset: number): string {
  const at = offset - document.span.start;
  const start = document.text.lastIndexOf('\n', at - 1) + 1;
  return ' '.repeat(at - start);
}
