import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Document } from 'yaml';
import { distance } from 'fastest-levenshtein';
import type { Finding } from '../findings';
import { keySpan, locate, type PathSegment } from './document';

/** Compiles a JSON Schema once. `errorMessage` (a VS Code schema extension) is allowed as a keyword. */
export function compileSchema(schema: object): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  ajv.addVocabulary(['errorMessage', 'markdownDescription', 'defaultSnippets']);
  return ajv.compile(schema);
}

/**
 * Validates a document's plain value and turns each schema error into a finding
 * on the exact node it concerns, with a message a user understands.
 */
export function schemaFindings(
  validate: ValidateFunction,
  value: unknown,
  doc: Document.Parsed,
  prefix: readonly PathSegment[] = [],
): Finding[] {
  if (validate(value)) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const finding = toFinding({ ...error, instancePath: pointer(prefix) + error.instancePath }, doc);
    if (!finding) continue;
    const key = `${finding.span.start}:${finding.span.end}:${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

/** The JSON-pointer paths of all errors, so readers can skip fields the schema rejected. */
export function errorPaths(validate: ValidateFunction): Set<string> {
  return new Set((validate.errors ?? []).map((error) => error.instancePath));
}

export function pointer(path: readonly PathSegment[]): string {
  return path.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function parsePointer(instancePath: string): PathSegment[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function dotted(path: readonly PathSegment[]): string {
  return path.reduce<string>(
    (out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment),
    '',
  );
}

function toFinding(error: ErrorObject, doc: Document.Parsed): Finding | undefined {
  const path = parsePointer(error.instancePath);
  const where = dotted(path) || 'the document';
  const custom = (error.parentSchema as { errorMessage?: string } | undefined)?.errorMessage;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const near = known.filter((name) => distance(name.toLowerCase(), field.toLowerCase()) <= 2);
      const hint = near.length > 0 ? ` Did you mean "${near[0]}"?` : known.length > 0 ? ` Known fields: ${known.join(', ')}.` : '';
      return {
        code: 'unknown-field',
        severity: 'warning',
        message: `Unknown field "${field}" in ${where}.${hint}`,
        span: keySpan(doc, [...path, field]) ?? locate(doc, path),
        ...(near[0] !== undefined
          ? { fix: { kind: 'replace' as const, span: keySpan(doc, [...path, field]) ?? locate(doc, path), candidates: near } }
          : {}),
      };
    }
    case 'required': {
      const field = String((error.params as { missingProperty: string }).missingProperty);
      return {
        code: 'missing-field',
        severity: 'error',
        message: path.length === 0 ? `Missing required field "${field}".` : `${where} is missing the required field "${field}".`,
        span: path.length === 0 ? keySpan(doc, [firstKey(doc)]) ?? locate(doc, []) : locate(doc, path),
      };
    }
    case 'if':
    case 'anyOf':
    case 'oneOf':
      // The branch errors that follow say what is wrong more precisely.
      return undefined;
    default:
      return {
        code: 'invalid-value',
        severity: 'error',
        message: custom ? `${where}: ${custom}` : `${where} ${describe(error)}.`,
        span: locate(doc, path),
      };
  }
}

function firstKey(doc: Document.Parsed): string {
  const contents = doc.contents as { items?: { key?: { value?: unknown } }[] } | null;
  return String(contents?.items?.[0]?.key?.value ?? '');
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const got = shortValue(error.data);
  switch (error.keyword) {
    case 'type':
      return `must be ${article(String(params['type']).replace(',', ' or '))}, not ${got}`;
    case 'enum':
      return `must be one of ${(params['allowedValues'] as unknown[]).map(String).join(', ')}, not ${got}`;
    case 'const':
      return `must be ${String(params['allowedValue'])}, not ${got}`;
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return `must be ${String(params['comparison'])} ${String(params['limit'])}, not ${got}`;
    case 'minLength':
      return 'must not be empty';
    case 'pattern':
      return `must match ${String(params['pattern'])}, not ${got}`;
    default:
      return error.message ?? 'is not valid';
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function shortValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
