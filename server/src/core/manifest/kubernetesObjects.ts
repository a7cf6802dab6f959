import type { Located, Span } from '../span';

/**
 * Kubernetes objects that a workload in another document of the same file refers
 * to by name: ConfigMaps (`envFrom`, `configMapKeyRef`) and DRA device claims
 * (`resourceClaims`). Secrets are never read. Spans are offsets into the defining
 * document until `objectsFor` moves them into the offsets of the document that reads them.
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

/** Names a document may refer to: the values of its `name:`, `resourceClaimTemplateName:` and `resourceClaimName:` keys. */
const NAMES = /(?:^|[\s{,-])(?:name|resourceClaimTemplateName|resourceClaimName):[ \t]*["']?([A-Za-z0-9][A-Za-z0-9._-]*)/g;

/** An object as the file defines it: its value, with spans relative to its document, and where that document starts. */
export interface Defined<V> {
  readonly value: V;
  readonly start: number;
}

/** The objects of a file by kind and name, a later definition of a name replacing an earlier one (as `kubectl apply` would). */
export interface ObjectIndex {
  readonly configMaps: ReadonlyMap<string, Defined<ReadonlyMap<string, ConfigValue>>>;
  readonly claimTemplates: ReadonlyMap<string, Defined<readonly DeviceRequest[]>>;
  readonly claims: ReadonlyMap<string, Defined<readonly DeviceRequest[]>>;
}

/** The index of the objects each document defines (`start`: where the document starts); undefined when none defines any. */
export function indexObjects(parts: Iterable<{ readonly objects: FileObjects; readonly start: number }>): ObjectIndex | undefined {
  const index = { configMaps: new Map(), claimTemplates: new Map(), claims: new Map() } satisfies ObjectIndex;
  let any = false;
  for (const { objects, start } of parts) {
    if (objects === NO_OBJECTS) continue;
    any = true;
    for (const [name, value] of objects.configMaps) index.configMaps.set(name, { value, start });
    for (const [name, value] of objects.claimTemplates) index.claimTemplates.set(name, { value, start });
    for (const [name, value] of objects.claims) index.claims.set(name, { value, start });
  }
  return any ? index : undefined;
}

/** The names a document writes as names: the objects it may refer to. */
export function namesIn(text: string): readonly string[] {
  return [...new Set([...text.matchAll(NAMES)].map((m) => m[1] ?? ''))];
}

/** What the index defines for each name, of each kind, in a fixed order: equal lists mean the same objects at the same places. */
export function definitionsOf(index: ObjectIndex, names: readonly string[]): readonly (Defined<unknown> | undefined)[] {
  return names.flatMap((name) => [index.configMaps.get(name), index.claimTemplates.get(name), index.claims.get(name)]);
}

/**
 * The objects a document that starts at `origin` may refer to (those whose name it
 * writes as a name), with spans in the document's own offsets: its results are
 * shifted back when placed in the file. Only these enter its reading and its cache
 * key, so a file of many workloads and ConfigMaps costs each workload its own
 * references, not the whole file's.
 */
export function objectsFor(index: ObjectIndex, names: readonly string[], origin: number): FileObjects {
  const pick = <V>(map: ReadonlyMap<string, Defined<V>>, move: (value: V, delta: number) => V): Map<string, V> => {
    const picked = new Map<string, V>();
    for (const name of names) {
      const defined = map.get(name);
      if (defined) picked.set(name, move(defined.value, defined.start - origin));
    }
    return picked;
  };
  const objects = { configMaps: pick(index.configMaps, moveData), claimTemplates: pick(index.claimTemplates, moveRequests), claims: pick(index.claims, moveRequests) };
  return objects.configMaps.size + objects.claimTemplates.size + objects.claims.size === 0 ? NO_OBJECTS : objects;
}

function moveSpan(span: Span, delta: number): Span {
  return { start: span.start + delta, end: span.end + delta };
}

function moveData(data: ReadonlyMap<string, ConfigValue>, delta: number): ReadonlyMap<string, ConfigValue> {
  return delta === 0 ? data : new Map([...data].map(([key, value]) => [key, { ...value, span: moveSpan(value.span, delta) }]));
}

function moveRequests(requests: readonly DeviceRequest[], delta: number): readonly DeviceRequest[] {
  if (delta === 0) return requests;
  const located = <T>(l: Located<T>): Located<T> => ({ value: l.value, span: moveSpan(l.span, delta) });
  return requests.map((r) => ({
    deviceClass: located(r.deviceClass),
    all: r.all,
    ...(r.count ? { count: located(r.count) } : {}),
    ...(r.instanceType ? { instanceType: located(r.instanceType) } : {}),
  }));
}

/** A stable text of the objects, for keying cached results that depend on them. */
export function objectsKey(objects: FileObjects): string {
  if (objects === NO_OBJECTS) return '';
  const entries = (map: ReadonlyMap<string, unknown>): unknown[] => [...map].map(([k, v]) => [k, v instanceof Map ? entries(v) : v]);
  return JSON.stringify([entries(objects.configMaps), entries(objects.claimTemplates), entries(objects.claims)]);
}
