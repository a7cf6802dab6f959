import type { Catalog } from '../catalog/catalog';
import type { Resolution } from '../resolve/resolve';
import type { Estimate } from '../estimator/types';
import type { Finding, FixData } from '../findings';
import type { DeploymentSpec, Unresolved } from '../manifest/deployment';
import type { Field } from '../manifest/provenance';
import type { Span } from '../span';

/** What every rule sees of one deployment. */
export interface RuleContext {
  readonly spec: DeploymentSpec;
  readonly catalog: Catalog;
  readonly resolution: Resolution;
  /** Present when the deployment resolved far enough to be estimated. */
  readonly estimate: Estimate | undefined;
}

/** One check, in a module of its own, producing findings with its stable code. */
export interface Rule {
  readonly id: string;
  check(context: RuleContext): Finding[];
}

/** "Unknown X" with up to three suggestions, and the replacement as fix data. */
export function unknownName(
  code: 'unknown-instance' | 'unknown-accelerator' | 'unknown-model',
  what: string,
  name: Field<string>,
  suggestions: readonly string[],
): Finding {
  return {
    code,
    severity: 'error',
    message: `Unknown ${what} "${name.value}".${didYouMean(suggestions)}`,
    span: name.span,
    ...replaceFix(name, suggestions),
  };
}

/** The nearest names to a name the catalog lacks, as a sentence to follow its message; empty without any. */
export function didYouMean(suggestions: readonly string[]): string {
  return suggestions.length > 0 ? ` Did you mean ${quoted(suggestions)}?` : '';
}

/** For a name that may be real though the catalog lacks it: the nearest names, offered as the typo it may also be. */
export function typoHint(suggestions: readonly string[]): string {
  return suggestions.length > 0 ? ` If it is a typo: did you mean ${quoted(suggestions)}?` : '';
}

/** Names as a message lists them: "a", "b". */
export function quoted(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/** Where a field's text can be replaced: what it declares, or the one source it was inferred from. */
function editableSpan(field: Field<unknown>): Span | undefined {
  if (field.origin === 'declared') return field.span;
  return field.origin === 'inferred' ? field.editable : undefined;
}

/** A fix replacing a name with one of the candidates, where the field can be edited; nothing otherwise. */
export function replaceFix(field: Field<string>, candidates: readonly string[]): { fix?: FixData } {
  const span = editableSpan(field);
  return span && candidates.length > 0 ? { fix: { kind: 'replace', span, candidates } } : {};
}

/**
 * A fix setting a number: a declared value is replaced (with its copies), an
 * implied one written where it belongs, an inferred one changed at its source.
 */
export function numberFix(field: Field<number>, value: number): { fix?: FixData } {
  if (field.origin === 'implied') return field.insert ? { fix: { kind: 'insert-number', ...field.insert, value } } : {};
  const span = editableSpan(field);
  if (!span) return {};
  const also = field.origin === 'declared' ? field.copies : undefined;
  return { fix: { kind: 'set-number', span, value, ...(also && also.length > 0 ? { also } : {}) } };
}

/** Fields whose value decides how the model is spread over the hardware. */
const LAYOUT_FIELDS: ReadonlySet<Unresolved['field']> = new Set(['tensor', 'pipeline', 'dataParallel', 'dataParallelLocal', 'acceleratorsPerPod']);

/**
 * A variable the file leaves undefined where the layout is written (`--pipeline-parallel-size $PP`):
 * the estimate assumed a value for it, so a finding that rests on the layout is not
 * certain. Such a finding is at most info, and names the variable.
 */
export function restingOnLayout(finding: Finding, spec: DeploymentSpec): Finding {
  const assumed = spec.unresolved?.find((value) => LAYOUT_FIELDS.has(value.field));
  if (!assumed) return finding;
  return { ...finding, severity: 'info', message: `${finding.message} This rests on the value assumed for ${assumed.text}, which this file does not define.` };
}
