import type { Located, Span } from '../span';

/**
 * Kubernetes objects that a workload in another document of the same file refers
 * to by name: ConfigMaps (`envFrom`, `configMapKeyRef`) and DRA device claims
 * (`resourceClaims`). Secrets are never read. Spans are offsets from an origin
 * that `relativeTo` moves: the defining document's, the file's, the reading document's.
 */
export interface FileObjects {
  /** ConfigMap name → key → value. */
  readonly configMaps: ReadonlyMap<string, ReadonlyMap<string, ConfigValue>>;
  /** ResourceClaimTemplate name → the devices each claim made from it requests. */
  readonly claimTemplates: ReadonlyMap<string, readonly DeviceRequest[]>;
  /** ResourceClaim name → the devices it requests. */
  readonly claims: ReadonlyMap<string, readonly DeviceRequest[]>;
}

export interface ConfigValue {
  readonly value: string;
  readonly span: Span;
  /** Whether the span's text is the whole value (a plain or quoted scalar), so an edit may replace it. */
  readonly editable: boolean;
}

/** One device request of a DRA claim: its device class and how many devices. */
export interface DeviceRequest {
  readonly deviceClass: Located<string>;
  /** `count` as written (ExactCount); absent when left out, which DRA reads as 1. */
  readonly count?: Located<number>;
  /** `allocationMode: All` takes every matching device on the node: no count can be read. */
  readonly all: boolean;
  /** The instance type a CEL selector requires the devices to be on (AWS Neuron's `instanceType` attribute). */
  readonly instanceType?: Located<string>;
}

/** Words of a document that may refer to one of these objects by name. */
export const REFERS_TO_OBJECTS = /configMapRef|configMapKeyRef|resourceClaimTemplateName|resourceClaimName/;

export const NO_OBJECTS: FileObjects = { configMaps: new Map(), claimTemplates: new Map(), claims: new Map() };

/** The objects of every piece, a later definition of a name replacing an earlier one (as `kubectl apply` would). */
export function mergeObjects(parts: readonly FileObjects[]): FileObjects {
  const defined = parts.filter((p) => p !== NO_OBJECTS);
  if (defined.length === 0) return NO_OBJECTS;
  const merge = <V>(pick: (p: FileObjects) => ReadonlyMap<string, V>): Map<string, V> => new Map(defined.flatMap((p) => [...pick(p)]));
  return { configMaps: merge((p) => p.configMaps), claimTemplates: merge((p) => p.claimTemplates), claims: merge((p) => p.claims) };
}

/**
 * The same objects with spans relative to `origin`: a document that starts there in the file
 * reads them in its own offsets (its results are shifted back when placed in the file).
 */
export function relativeTo(objects: FileObjects, origin: number): FileObjects {
  if (objects === NO_OBJECTS || origin === 0) return objects;
  const move = (span: Span): Span => ({ start: span.start - origin, end: span.end - origin });
  const located = <T>(l: Located<T>): Located<T> => ({ value: l.value, span: move(l.span) });
  const requests = (list: readonly DeviceRequest[]): DeviceRequest[] =>
    list.map((r) => ({
      deviceClass: located(r.deviceClass),
      all: r.all,
      ...(r.count ? { count: located(r.count) } : {}),
      ...(r.instanceType ? { instanceType: located(r.instanceType) } : {}),
    }));
  const mapValues = <V, W>(map: ReadonlyMap<string, V>, f: (v: V) => W): Map<string, W> => new Map([...map].map(([k, v]) => [k, f(v)]));
  return {
    configMaps: mapValues(objects.configMaps, (data) => mapValues(data, (v) => ({ ...v, span: move(v.span) }))),
    claimTemplates: mapValues(objects.claimTemplates, requests),
    claims: mapValues(objects.claims, requests),
  };
}

/** A stable text of the objects, for keying cached results that depend on them. */
export function objectsKey(objects: FileObjects): string {
  if (objects === NO_OBJECTS) return '';
  const entries = (map: ReadonlyMap<string, unknown>): unknown[] => [...map].map(([k, v]) => [k, v instanceof Map ? entries(v) : v]);
  return JSON.stringify([entries(objects.configMaps), entries(objects.claimTemplates), entries(objects.claims)]);
}
