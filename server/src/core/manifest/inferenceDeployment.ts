import validate from 'virtual:inference-deployment-validator';
import { PRECISIONS, PRICING_MODELS, type Precision, type PricingModel } from '../catalog/types';
import type { Finding } from '../findings';
import type { Located } from '../span';
import { keySpan, locate, type PathSegment, type YamlDocument } from '../yaml/document';
import { errorPaths, pointer, schemaFindings } from '../yaml/schema';
import type { DeploymentSpec, Slots } from './deployment';
import { mapEntryInsertion } from './insertion';
import { declared } from './provenance';
import { specOf } from './spec';

const KIND = 'InferenceDeployment';

/** The name of a deployment without `metadata.name`. */
export const UNNAMED = '(unnamed)';

/**
 * Whether a document is meant as ours: `kind: InferenceDeployment`, or an
 * `apiVersion` in our group. Either is enough, so a typo in the other is
 * reported rather than the document silently ignored.
 */
export function isInferenceDeployment(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const apiVersion = record['apiVersion'];
  return record['kind'] === KIND || (typeof apiVersion === 'string' && apiVersion.startsWith('inference-lens/'));
}

/**
 * Reads an InferenceDeployment document: schema findings with exact spans, and
 * the deployment with every valid field located. A field the schema rejected is
 * left out, so rules do not report it twice.
 */
export function readInferenceDeployment(document: YamlDocument): { spec: DeploymentSpec; findings: Finding[] } {
  const findings = schemaFindings(validate, document.value, document.doc);
  const rejected = findings.length > 0 ? errorPaths(validate) : new Set<string>();
  const root = document.value as Record<string, unknown>;
  const doc = document.doc;

  const read = <T>(path: readonly PathSegment[], accept: (value: unknown) => value is T): Located<T> | undefined => {
    if (rejected.has(pointer(path))) return undefined;
    const value = valueAt(root, path);
    return accept(value) ? { value, span: locate(doc, path) } : undefined;
  };

  const name = read(['metadata', 'name'], isString);
  const firstLine = { start: document.span.start, end: document.span.start };
  const hardwareKey = keySpan(doc, ['spec', 'hardware']);
  const entry = <T>(path: readonly PathSegment[], accept: (value: unknown) => value is T) => {
    const value = read(path, accept);
    return value && declared(value, { keySpan: keySpan(doc, path) });
  };
  const spec = specOf('inference-deployment', {
    name: name?.value ?? UNNAMED,
    span: document.span,
    anchor: name?.span ?? keySpan(doc, ['kind']) ?? keySpan(doc, ['apiVersion']) ?? firstLine,
    hardwareSpan: hardwareKey ?? keySpan(doc, ['spec']) ?? firstLine,
  })
    .set('model', read(['spec', 'model', 'id'], isString))
    .set('precision', read(['spec', 'model', 'precision'], isPrecision))
    .set('kvCachePrecision', read(['spec', 'model', 'kvCachePrecision'], isPrecision))
    .set('maxContextTokens', read(['spec', 'model', 'maxContextTokens'], isCount))
    .set('instance', entry(['spec', 'hardware', 'instance'], isString))
    .set('accelerator', entry(['spec', 'hardware', 'accelerator'], isString))
    .set('count', entry(['spec', 'hardware', 'count'], isCount))
    .set('region', read(['spec', 'hardware', 'region'], isString))
    .set('pricing', read(['spec', 'hardware', 'pricing'], isPricing))
    .set('tensor', read(['spec', 'parallelism', 'tensor'], isCount))
    .set('pipeline', read(['spec', 'parallelism', 'pipeline'], isCount))
    .set('dataParallel', read(['spec', 'parallelism', 'data'], isCount))
    .set('expertParallel', read(['spec', 'parallelism', 'expert'], isBoolean))
    .set('replicas', read(['spec', 'replicas'], isCount))
    .set('inputTokens', read(['spec', 'workload', 'inputTokens'], isCount))
    .set('outputTokens', read(['spec', 'workload', 'outputTokens'], isCount))
    .set('concurrency', read(['spec', 'workload', 'concurrency'], isConcurrency))
    .set('requestsPerSecond', read(['spec', 'workload', 'requestsPerSecond'], isPositive))
    .set('ttftMs', read(['spec', 'slo', 'ttftMs'], isPositive))
    .set('tpotMs', read(['spec', 'slo', 'tpotMs'], isPositive))
    .with('slots', slots(document))
    .build();
  return { spec, findings };
}

/** Where the fields an edit may add would be written: under `spec.parallelism` and `spec.model`. */
function slots(document: YamlDocument): Slots {
  const tensor = mapEntryInsertion(document, ['spec', 'parallelism'], 'tensor');
  const precision = mapEntryInsertion(document, ['spec', 'model'], 'precision');
  return { ...(tensor ? { tensor } : {}), ...(precision ? { precision } : {}) };
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[String(segment)];
  }
  return value;
}

const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isString = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1;
const isPositive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;
const isPrecision = (value: unknown): value is Precision => PRECISIONS.includes(value as Precision);
const isPricing = (value: unknown): value is PricingModel => PRICING_MODELS.includes(value as PricingModel);
const isConcurrency = (value: unknown): value is number | 'max' => value === 'max' || isCount(value);
