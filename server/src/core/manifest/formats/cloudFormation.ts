import { isScalar, isSeq, type Node } from 'yaml';
import type { Span } from '../../span';
import { nodeAt, nodeSpan, type PathSegment } from '../../yaml/document';
import { declared, inferred, type Field } from '../provenance';
import type { ManifestReader } from './reader';

/**
 * CloudFormation values as a template's reader sees them when it is deployed
 * with its defaults: a plain value is declared; `!Ref Param` (or `{Ref: Param}`)
 * is the parameter's `Default`, inferred and editable there, with its
 * `AllowedValues` said; `!Sub` with parameter defaults and `!FindInMap` with
 * literal keys are inferred from the text they are made of. Anything that depends
 * on the stack at run time (`AWS::Region`, a parameter without a default) is
 * `unresolved`, as written.
 */
export type TemplateValue = { readonly field: Field<string> } | { readonly unresolved: { readonly text: string; readonly span: Span } } | undefined;

export function templateString(reader: ManifestReader, path: readonly PathSegment[]): TemplateValue {
  const { node, depth } = nodeAt(reader.document.doc, path);
  if (depth !== path.length || !node) return undefined;
  const tag = (node as Node).tag;
  const value = reader.value(path);
  const span = isScalar(node) ? reader.span(path) : nodeSpan(node as Node);
  const whole = tagged(reader, node as Node, span);
  const long = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value as object) : [];
  if (tag === '!Ref' && typeof value === 'string') return parameter(reader, value, whole);
  if (long.length === 1 && long[0] === 'Ref') return parameter(reader, String((value as Record<string, unknown>)['Ref']), span);
  if (tag === '!Sub' && typeof value === 'string') return substitute(reader, value, whole);
  if (long.length === 1 && long[0] === 'Fn::Sub' && typeof (value as Record<string, unknown>)['Fn::Sub'] === 'string') {
    return substitute(reader, String((value as Record<string, unknown>)['Fn::Sub']), span);
  }
  if (tag === '!FindInMap' && isSeq(node)) return findInMap(reader, path, whole);
  if (long.length === 1 && long[0] === 'Fn::FindInMap') return findInMap(reader, [...path, 'Fn::FindInMap'], span);
  if (tag !== undefined && tag.startsWith('!')) return { unresolved: { text: reader.source(whole), span: whole } };
  if (typeof value === 'number') return { field: declared({ value: String(value), span: reader.valueSpan(path) }) };
  const plain = reader.string(path);
  return plain ? { field: plain } : undefined;
}

/** A tagged node's span with its tag (`!Ref X`), so a finding points at what was written. */
function tagged(reader: ManifestReader, node: Node, span: Span): Span {
  const tag = node.tag;
  if (!tag) return span;
  const before = reader.document.text.lastIndexOf(tag, span.start - reader.document.span.start);
  return before >= 0 ? { start: before + reader.document.span.start, end: span.end } : span;
}

/** `!Ref Param`: the parameter's default, editable there; its allowed values in the reason. */
function parameter(reader: ManifestReader, name: string, at: Span): TemplateValue {
  const path = ['Parameters', name, 'Default'];
  const value = reader.value(path);
  if (typeof value !== 'string' && typeof value !== 'number') return { unresolved: { text: reader.source(at), span: at } };
  const source = reader.valueSpan(path);
  const allowed = reader.list(['Parameters', name, 'AllowedValues']).map(String);
  const choices = allowed.length > 0 ? `; allowed: ${allowed.join(', ')}` : '';
  return { field: inferred(String(value), at, `the Default of parameter ${name}${choices}`, [source], source) };
}

/** `!Sub 'ml.${Size}'` with every `${Param}` a parameter with a default; not editable unless it is a single reference. */
function substitute(reader: ManifestReader, template: string, at: Span): TemplateValue {
  const single = /^\$\{([A-Za-z0-9_]+)\}$/.exec(template);
  if (single?.[1]) return parameter(reader, single[1], at);
  const sources: Span[] = [];
  let unknown = false;
  const text = template.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
    const value = reader.value(['Parameters', name, 'Default']);
    if (typeof value !== 'string' && typeof value !== 'number') {
      unknown = true;
      return '';
    }
    sources.push(reader.valueSpan(['Parameters', name, 'Default']));
    return String(value);
  });
  if (unknown) return { unresolved: { text: reader.source(at), span: at } };
  return { field: inferred(text, at, `!Sub with the parameters' defaults`, sources) };
}

/** `!FindInMap [Map, Key, Name]` with literal keys: the mapping's value, editable there. */
function findInMap(reader: ManifestReader, path: readonly PathSegment[], at: Span): TemplateValue {
  const { node } = nodeAt(reader.document.doc, path);
  const keys = isSeq(node) ? node.items.map((item) => (isScalar(item) && !(item as Node).tag && typeof item.value === 'string' ? item.value : undefined)) : [];
  const [map, key, name] = keys;
  if (keys.length !== 3 || map === undefined || key === undefined || name === undefined) return { unresolved: { text: reader.source(at), span: at } };
  const target = ['Mappings', map, key, name];
  const value = reader.value(target);
  if (typeof value !== 'string' && typeof value !== 'number') return { unresolved: { text: reader.source(at), span: at } };
  const source = reader.valueSpan(target);
  return { field: inferred(String(value), at, `Mappings.${map}.${key}.${name}`, [source], source) };
}

/** A template value read as a count: the same provenance, the value parsed. */
export function templateCount(value: TemplateValue): Field<number> | undefined {
  if (!value || !('field' in value)) return undefined;
  const field = value.field;
  if (!/^\d+$/.test(field.value.trim())) return undefined;
  const n = Number(field.value);
  return n >= 1 ? { ...field, value: n } : undefined;
}
