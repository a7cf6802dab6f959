import type { Located, Span } from '../span';
import type { DeploymentSpec, FieldKey, FieldValue, ManifestFormat } from './deployment';
import type { ServingOptions } from './engineOptions';
import { declared, type Field, type Insertion } from './provenance';

/** Every field of a spec that holds a located value. The type below fails to compile if one is missing. */
export const FIELD_KEYS = [
  'model',
  'precision',
  'kvCachePrecision',
  'maxContextTokens',
  'instance',
  'accelerator',
  'count',
  'acceleratorsPerPod',
  'podsPerReplica',
  'tpuTopology',
  'maxSequences',
  'expertParallel',
  'region',
  'pricing',
  'tensor',
  'pipeline',
  'dataParallel',
  'dataParallelLocal',
  'attentionRanks',
  'replicas',
  'inputTokens',
  'outputTokens',
  'concurrency',
  'requestsPerSecond',
  'ttftMs',
  'tpotMs',
] as const satisfies readonly FieldKey[];

type Missing = Exclude<FieldKey, (typeof FIELD_KEYS)[number]>;
const EXHAUSTIVE: [Missing] extends [never] ? true : Missing = true;
void EXHAUSTIVE;

/** What every spec has, whatever its format says. */
export type SpecBase = Pick<DeploymentSpec, 'format' | 'name' | 'span' | 'anchor' | 'hardwareSpan'>;

/** A value a reader found: already a `Field`, or a plain `Located` value, which was written as it is (declared). */
type Found<T> = Field<T> | Located<T> | undefined;

function asField<T>(value: Field<T> | Located<T>): Field<T> {
  return 'origin' in value ? value : declared(value);
}

/**
 * Builds a spec field by field: an absent value leaves its field truly absent
 * (the spec's optional fields are never `undefined`), a plain located value is
 * taken as declared, and a later value for the same field replaces the earlier one.
 */
export class SpecBuilder {
  private readonly spec: Record<string, unknown>;

  constructor(base: SpecBase) {
    this.spec = { ...base };
  }

  /** Starts from a spec another reader built (a pod spec embedded in a larger manifest). */
  static from(spec: DeploymentSpec): SpecBuilder {
    const builder = new SpecBuilder(spec);
    Object.assign(builder.spec, spec);
    return builder;
  }

  set<K extends FieldKey>(key: K, value: Found<FieldValue<K>>): this {
    if (value !== undefined) this.spec[key] = asField(value);
    return this;
  }

  /** Sets a field only if no earlier value set it. */
  default<K extends FieldKey>(key: K, value: Found<FieldValue<K>>): this {
    return this.spec[key] === undefined ? this.set(key, value) : this;
  }

  /** The engine settings a serving command gave, and the engine itself when the command names one (the model and tensor degree are set apart: formats override them). */
  engine(
    serving: Pick<DeploymentSpec, 'pipeline' | 'dataParallel' | 'dataParallelLocal' | 'attentionRanks' | 'maxContextTokens' | 'contextExtended' | 'attentionBackend' | 'precision' | 'kvCachePrecision' | 'maxSequences' | 'expertParallel'> & {
      readonly engine?: ServingOptions['engine'];
    },
  ): this {
    return this.with('servingEngine', serving.engine === 'unknown' ? undefined : serving.engine)
      .with('contextExtended', serving.contextExtended)
      .with('attentionBackend', serving.attentionBackend)
      .set('pipeline', serving.pipeline)
      .set('dataParallel', serving.dataParallel)
      .set('dataParallelLocal', serving.dataParallelLocal)
      .set('attentionRanks', serving.attentionRanks)
      .set('maxContextTokens', serving.maxContextTokens)
      .set('precision', serving.precision)
      .set('kvCachePrecision', serving.kvCachePrecision)
      .set('maxSequences', serving.maxSequences)
      .set('expertParallel', serving.expertParallel);
  }

  /** Plain properties (unit, provider, pins…): set when defined. */
  with<K extends Exclude<keyof DeploymentSpec, FieldKey | keyof SpecBase>>(key: K, value: DeploymentSpec[K] | undefined): this {
    const empty = value === undefined || (Array.isArray(value) && value.length === 0);
    if (!empty) this.spec[key] = value;
    return this;
  }

  build(): DeploymentSpec {
    return this.spec as unknown as DeploymentSpec;
  }
}

/** A new spec with a format's base fields. */
export function specOf(format: ManifestFormat, base: Omit<SpecBase, 'format'>): SpecBuilder {
  return new SpecBuilder({ format, ...base });
}

/**
 * Every span of a spec passed through `map`: the document's, the anchors', each
 * field's (its value, key, copies, sources and insertion point), the unknown
 * resources', the slots' and the unresolved values'. Used to move a document's
 * results to its place in a file, and an embedded config's to its manifest.
 */
export function mapSpans(spec: DeploymentSpec, map: (span: Span) => Span): DeploymentSpec {
  const out: Record<string, unknown> = { ...spec, span: map(spec.span), anchor: map(spec.anchor), hardwareSpan: map(spec.hardwareSpan) };
  for (const key of FIELD_KEYS) {
    const field = spec[key];
    if (field) out[key] = mapField(field as Field<unknown>, map);
  }
  if (spec.unknownResources) out['unknownResources'] = spec.unknownResources.map((r) => ({ ...r, span: map(r.span) }));
  // Values with one span each.
  for (const key of ['gpuShare', 'contextExtended', 'attentionBackend', 'choice'] as const) {
    const located = spec[key];
    if (located) out[key] = { ...located, span: map(located.span) };
  }
  if (spec.unresolved) out['unresolved'] = spec.unresolved.map((u) => ({ ...u, span: map(u.span) }));
  if (spec.candidates) out['candidates'] = { ...spec.candidates, span: map(spec.candidates.span), specs: spec.candidates.specs.map((c) => mapSpans(c, map)) };
  if (spec.slots) {
    const slots: Record<string, Insertion> = {};
    for (const [key, insertion] of Object.entries(spec.slots)) if (insertion) slots[key] = mapInsertion(insertion, map);
    out['slots'] = slots;
  }
  return out as unknown as DeploymentSpec;
}

function mapField<T>(field: Field<T>, map: (span: Span) => Span): Field<T> {
  switch (field.origin) {
    case 'declared':
      return {
        ...field,
        span: map(field.span),
        ...(field.keySpan ? { keySpan: map(field.keySpan) } : {}),
        ...(field.copies ? { copies: field.copies.map(map) } : {}),
      };
    case 'implied':
      return { ...field, span: map(field.span), ...(field.insert ? { insert: mapInsertion(field.insert, map) } : {}) };
    case 'inferred':
      return { ...field, span: map(field.span), sources: field.sources.map(map), ...(field.editable ? { editable: map(field.editable) } : {}) };
  }
}

function mapInsertion(insertion: Insertion, map: (span: Span) => Span): Insertion {
  return { ...insertion, at: map({ start: insertion.at, end: insertion.at }).start };
}

/** The same spec with no insertion points: for text whose layout is not the document's (an embedded config). */
export function withoutInsertions(spec: DeploymentSpec): DeploymentSpec {
  const out: Record<string, unknown> = { ...spec };
  delete out['slots'];
  for (const key of FIELD_KEYS) {
    const field = spec[key];
    if (field?.origin === 'implied' && field.insert) {
      const { insert: _insert, ...rest } = field;
      out[key] = rest;
    }
  }
  return out as unknown as DeploymentSpec;
}
