import type { Located, OffsetEdit, Span } from '../span';

export type { OffsetEdit } from '../span';

/**
 * Where a deployment field's value came from. Edits depend on it: only text the
 * user wrote may be replaced, a default is inserted where a user would write it,
 * and a value derived from other text is changed at its source or not at all.
 */
export type Field<T> = Declared<T> | Implied<T> | Inferred<T>;

/** Written in the manifest: `span` is the value's text, which an edit may replace. */
export interface Declared<T> {
  readonly origin: 'declared';
  readonly value: T;
  readonly span: Span;
  /** The key the value belongs to, when an edit must rewrite or remove the whole entry. */
  readonly keySpan?: Span;
  /** Other places that must hold the same value (a resource in both `limits` and `requests`). */
  readonly copies?: readonly Span[];
}

/**
 * Not written: a default of the serving engine or the format. `span` is the text a
 * finding about it points at (where it would be written); `insert` says how to
 * write it there, when the format allows.
 */
export interface Implied<T> {
  readonly origin: 'implied';
  readonly value: T;
  readonly span: Span;
  readonly reason: string;
  readonly insert?: Insertion;
}

/**
 * Derived from other text: a `$VAR` expanded from a container's `env`, a
 * CloudFormation parameter's default, a runtime variable of the format. `span` is
 * the reference as written; `sources` the text it was derived from. `editable` is
 * the one source whose whole text is this value, when there is one: changing the
 * value there changes it here (and wherever else it is used).
 */
export interface Inferred<T> {
  readonly origin: 'inferred';
  readonly value: T;
  readonly span: Span;
  readonly reason: string;
  readonly sources: readonly Span[];
  readonly editable?: Span;
  /** Set when the value is another field's by construction (SkyPilot's `$SKYPILOT_NUM_GPUS_PER_NODE`): it moves with that field. */
  readonly follows?: 'acceleratorsPerPod';
  /** Every value the manifest allows, as written and in order, when this one was picked from them (node affinity's `In` list). */
  readonly alternatives?: readonly string[];
}

/** How to write a value that is not in the manifest: `prefix + value + suffix` inserted at `at`. */
export interface Insertion {
  readonly at: number;
  readonly prefix: string;
  readonly suffix: string;
}

export function declared<T>(located: Located<T>, extra: { readonly keySpan?: Span | undefined; readonly copies?: readonly Span[] } = {}): Declared<T> {
  return {
    origin: 'declared',
    value: located.value,
    span: located.span,
    ...(extra.keySpan ? { keySpan: extra.keySpan } : {}),
    ...(extra.copies && extra.copies.length > 0 ? { copies: extra.copies } : {}),
  };
}

export function implied<T>(value: T, span: Span, reason: string, insert?: Insertion): Implied<T> {
  return { origin: 'implied', value, span, reason, ...(insert ? { insert } : {}) };
}

export function inferred<T>(value: T, span: Span, reason: string, sources: readonly Span[], editable?: Span): Inferred<T> {
  return { origin: 'inferred', value, span, reason, sources, ...(editable ? { editable } : {}) };
}

/** A value picked from several the manifest allows: the others are kept, so the estimate can show what each would mean. */
export function pickedFrom<T>(field: Inferred<T>, alternatives: readonly string[]): Inferred<T> {
  return { ...field, alternatives };
}

/** The text a value rests on: its own span when written, else the sources it was inferred from (an implied value rests on its anchor). */
export function sourcesOf(field: Field<unknown>): readonly Span[] {
  return field.origin === 'inferred' ? field.sources : [field.span];
}

/**
 * The edits that make a field hold `text`, or why none can: a declared value is
 * replaced (with its copies), an implied one inserted where a user would write it,
 * an inferred one changed at its single editable source. Never touches other text.
 */
export function editField(field: Field<unknown>, text: string): { readonly edits: readonly OffsetEdit[] } | { readonly reason: string } {
  switch (field.origin) {
    case 'declared':
      return { edits: [field.span, ...(field.copies ?? [])].map((span) => ({ start: span.start, end: span.end, newText: text })) };
    case 'implied':
      return field.insert
        ? { edits: [{ start: field.insert.at, end: field.insert.at, newText: field.insert.prefix + text + field.insert.suffix }] }
        : { reason: `${field.reason} is not written in the manifest, and there is no place to write it` };
    case 'inferred':
      return field.editable
        ? { edits: [{ start: field.editable.start, end: field.editable.end, newText: text }] }
        : { reason: `${field.reason}: change it where it is defined` };
  }
}
