import type { Field } from '../../server/src/core/manifest/provenance';
import type { Span } from '../../server/src/core/span';

/** The text a span covers, as a user would point at it; "(none)" when there is no span. */
export const at = (text: string, span: Span | undefined): string => (span ? text.slice(span.start, span.end) : '(none)');

/** A field as a user sees it: value, origin, and the text each of its spans covers. */
export function shown(text: string, field: Field<unknown> | undefined): Record<string, unknown> {
  if (!field) return { absent: true };
  const out: Record<string, unknown> = { value: field.value, origin: field.origin, span: at(text, field.span) };
  if (field.origin === 'inferred') {
    out['sources'] = field.sources.map((s) => at(text, s));
    if (field.editable) out['editable'] = at(text, field.editable);
  }
  return out;
}
