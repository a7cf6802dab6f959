import schema from '../../../../schemas/inference-deployment.schema.json';
import type { Catalog } from '../catalog/catalog';
import { PRECISIONS, PRICING_MODELS } from '../catalog/types';
import type { Analysis } from '../engine/analyze';
import type { Span } from '../span';
import { chipLabel } from './cards';
import { deploymentAt } from './estimates';
import { num, usd } from '../numbers';
import { mayRunIn, priceIn } from '../catalog/prices';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: 'value' | 'field';
  readonly detail?: string;
  readonly documentation?: string;
  readonly insertText?: string;
  /** Orders entries: the most relevant first. */
  readonly sortText?: string;
}

export interface Completions {
  /** The text the entries replace: the partial word before the cursor. */
  readonly span: Span;
  readonly entries: readonly CompletionEntry[];
}

interface Cursor {
  /** Keys from the document root to the map the cursor is in (or the key whose value it is). */
  readonly path: readonly string[];
  readonly position: 'key' | 'value';
  readonly prefixStart: number;
}

const KEY_LINE = /^(\s*)(?:-\s+)?([A-Za-z0-9_./-]+)\s*:(?:\s|$)/;

/**
 * Where the cursor is in the YAML structure, read from the text's indentation:
 * it works on the half-typed lines completion is asked on, which do not parse.
 */
function cursorAt(text: string, offset: number): Cursor | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (before.trimStart().startsWith('#')) return undefined;
  const keyed = /^(\s*)(?:-\s+)?([A-Za-z0-9_./-]+)\s*:\s*(\S*)$/.exec(before);
  const bare = /^(\s*)(?:-\s+)?([A-Za-z0-9_-]*)$/.exec(before);
  if (!keyed && !bare) return undefined;
  const indent = (keyed ?? bare)?.[1]?.length ?? 0;
  const parents = parentKeys(text, lineStart, indent);
  if (keyed) {
    return { path: [...parents, keyed[2] ?? ''], position: 'value', prefixStart: offset - (keyed[3]?.length ?? 0) };
  }
  return { path: parents, position: 'key', prefixStart: offset - (bare?.[2]?.length ?? 0) };
}

/** The keys of the enclosing maps: each earlier line indented less than the last one found. */
function parentKeys(text: string, lineStart: number, indent: number): string[] {
  const keys: string[] = [];
  let limit = indent;
  let end = lineStart - 1;
  while (end > 0 && limit > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    if (/^---/.test(line)) break;
    const match = KEY_LINE.exec(line);
    const lineIndent = line.length - line.trimStart().length;
    if (match && line.trim() !== '' && lineIndent < limit) {
      keys.unshift(match[2] ?? '');
      limit = lineIndent;
    }
    end = start - 1;
  }
  return keys;
}

type SchemaNode = { properties?: Record<string, SchemaNode>; description?: string; type?: string | string[]; enum?: string[]; const?: string; $ref?: string };

function schemaAt(path: readonly string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema as unknown as SchemaNode;
  for (const key of path) node = node?.properties?.[key];
  return node;
}

/** Completion entries at an offset of a file: field names from the schema, values from the catalog. */
export function completionsAt(analysis: Analysis, catalog: Catalog, offset: number): Completions | undefined {
  // Only the document around the cursor is read, so a long file costs no more than a short one.
  const chunk = [...analysis.chunks].reverse().find((c) => c.start <= offset) ?? { start: 0, text: analysis.text };
  const local = offset - chunk.start;
  const cursor = cursorAt(chunk.text, local);
  if (!cursor) return undefined;
  const span = { start: chunk.start + cursor.prefixStart, end: offset };
  if (cursor.position === 'key') return { span, entries: fieldEntries(cursor.path, chunk.text, local) };
  const deployment = deploymentAt(analysis.deployments, offset);
  return { span, entries: valueEntries(cursor.path.join('.'), catalog, deployment) };
}

function fieldEntries(path: readonly string[], text: string, offset: number): CompletionEntry[] {
  const node = schemaAt(path);
  const present = siblingKeys(text, offset);
  return Object.entries(node?.properties ?? {})
    .filter(([key]) => !present.has(key))
    .map(([key, child]) => ({
      label: key,
      kind: 'field' as const,
      ...(child.description ? { documentation: child.description } : {}),
      insertText: child.properties ? `${key}:\n${' '.repeat(indentOf(text, offset) + 2)}` : `${key}: `,
    }));
}

function indentOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  return line.length - line.trimStart().length;
}

/** Keys already written at the cursor's indentation in the same map, so they are not offered twice. */
function siblingKeys(text: string, offset: number): Set<string> {
  const indent = indentOf(text, offset);
  const keys = new Set<string>();
  const lines = text.split('\n');
  let lineIndex = text.slice(0, offset).split('\n').length - 1;
  for (const direction of [-1, 1]) {
    for (let i = lineIndex + direction; i >= 0 && i < lines.length; i += direction) {
      const line = lines[i] ?? '';
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      const lineIndent = line.length - line.trimStart().length;
      if (lineIndent < indent || /^---/.test(line)) break;
      const match = KEY_LINE.exec(line);
      if (lineIndent === indent && match) keys.add(match[2] ?? '');
    }
    lineIndex = text.slice(0, offset).split('\n').length - 1;
  }
  return keys;
}

function valueEntries(path: string, catalog: Catalog, deployment: ReturnType<typeof deploymentAt>): CompletionEntry[] {
  const r = deployment?.resolution;
  switch (path) {
    case 'apiVersion':
      return [{ label: 'inference-lens/v1', kind: 'value' }];
    case 'kind':
      return [{ label: 'InferenceDeployment', kind: 'value' }];
    case 'spec.hardware.instance': {
      const region = deployment?.spec.region?.value;
      return catalog
        .instancesAndSlices()
        .filter((i) => mayRunIn(i, region))
        .map((i) => {
          const chip = catalog.chip(i.accelerator);
          const price = priceIn(i, r?.pricing ?? 'on-demand', region);
          return {
            label: i.id,
            kind: 'value' as const,
            detail: `${i.acceleratorCount}× ${chip ? chipLabel(chip) : i.accelerator}${i.acceleratorMemoryGB !== undefined ? ` · ${num(i.acceleratorMemoryGB, 0)} GB` : ''}${price ? ` · ${usd(price.usdPerHour)}/h ${price.region}` : ''}`,
          };
        });
    }
    case 'spec.hardware.accelerator':
      return catalog.chips.all().map((c) => ({
        label: c.id,
        kind: 'value' as const,
        detail: [c.name, c.memoryGB !== undefined ? `${num(c.memoryGB, 0)} GB` : undefined].filter(Boolean).join(' · '),
      }));
    case 'spec.model.id':
      return catalog.models.all().map((m) => ({
        label: m.id,
        kind: 'value' as const,
        detail: `${num(m.parametersB, 1)}B${m.activeParametersB !== undefined ? ` (${num(m.activeParametersB, 1)}B active)` : ''} · ${num(m.maxContextTokens)} ctx`,
      }));
    case 'spec.hardware.region': {
      const regions = r?.instance?.regions ?? catalog.regions();
      return regions.map((region) => {
        const price = r?.instance ? priceIn(r.instance, r.pricing, region) : undefined;
        return { label: region, kind: 'value' as const, ...(price ? { detail: `${usd(price.usdPerHour)}/h ${r?.pricing}` } : {}) };
      });
    }
    case 'spec.model.precision':
    case 'spec.model.kvCachePrecision': {
      const native = r?.chip?.denseTflops ?? {};
      return PRECISIONS.map((p) => ({
        label: p,
        kind: 'value' as const,
        ...(r?.chip ? { detail: native[p] !== undefined ? `native on ${chipLabel(r.chip)}: ${num(native[p] ?? 0)} TFLOPS` : `not native on ${chipLabel(r.chip)}` } : {}),
        sortText: native[p] !== undefined ? `0${p}` : `1${p}`,
      }));
    }
    case 'spec.hardware.pricing':
      return PRICING_MODELS.map((p) => ({ label: p, kind: 'value' as const }));
    case 'spec.workload.concurrency':
      return [{ label: 'max', kind: 'value', detail: 'as many sequences as memory holds' }];
    default:
      return [];
  }
}
