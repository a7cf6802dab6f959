import type { OffsetEdit, Span } from './span';

export type Severity = 'error' | 'warning' | 'info';

/**
 * Every finding code the engine can produce. Codes are stable: tools and users
 * filter on them, and the README documents each one.
 */
export const FINDING_CODES = {
  'yaml-syntax': 'The file is not valid YAML.',
  'template-unrendered': 'A manifest that is a template (Helm `{{ … }}`), not YAML until rendered: not checked.',
  'file-too-large': 'The file is larger than the size the engine checks.',
  'too-many-documents': 'The file has more documents than the engine checks; the rest are not checked.',
  'document-too-complex': 'A document uses too many YAML aliases to be read safely.',
  'unknown-field': 'A field the manifest schema does not define.',
  'missing-field': 'A field the manifest schema requires is absent.',
  'invalid-value': 'A value of the wrong type, or outside its allowed values.',
  'hardware-declaration': 'The hardware is declared twice, not at all, or with a count that contradicts the instance.',
  'unknown-instance': 'An instance type the catalog does not know.',
  'unknown-accelerator': 'A chip the catalog does not know.',
  'unknown-model': 'A model the catalog does not know.',
  'region-not-offered': 'The instance is not offered in the declared region.',
  'hardware-contradiction': 'The accelerator a manifest names is not the one its instance type has.',
  'accelerators-exceed-instance': 'A pod requests more accelerators than its instance type has.',
  'unknown-resource': 'A resource key that looks like an accelerator resource but is not one.',
  'tpu-topology': 'A TPU slice topology that does not match the chips requested per host and the hosts.',
  'hardware-unidentified': 'A pod requests accelerators without naming which, so cost, speed and memory are unknown.',
  'shared-gpu': 'A pod runs on part of a GPU (a MIG slice, a time-sliced share): speed, memory fit and cost are estimated for whole GPUs only.',
  'model-unidentified': 'The manifest serves no model the engine can identify, so speed and memory are unknown.',
  'value-unresolved': 'A value written as a shell variable the file does not define; the estimate says what it assumes instead.',
  'no-price': 'The catalog has no price for this instance, region and pricing model.',
  'unsupported-precision': 'The chip has no native support for the declared precision.',
  'memory-exceeded': 'Weights and KV cache do not fit in the accelerators’ memory.',
  'parallelism-mismatch': 'Tensor × pipeline parallelism does not match the accelerators per replica.',
  'tensor-heads': 'The tensor-parallel degree does not divide the model’s attention or KV heads.',
  'expert-parallel-dense': 'Expert parallelism declared for a dense model, which has no experts to split: it changes nothing.',
  'context-too-long': 'The declared context exceeds the model’s maximum.',
  'slo-ttft': 'The estimated time to first token misses the SLO.',
  'slo-tpot': 'The estimated time per output token misses the SLO.',
  'replicas-insufficient': 'The replicas cannot serve the target requests per second.',
  'estimate-unavailable': 'A figure cannot be estimated because an input is unknown.',
  'pool-phase-only': 'One pool of a disaggregated deployment whose other pool is not in the file: its figures cover only its phase.',
  'internal-error': 'A check failed unexpectedly; the other checks still ran. Please report it.',
} as const;

export type FindingCode = keyof typeof FINDING_CODES;

/**
 * Data a quick fix needs; the language server turns it into edits. Fixes are made
 * from a field's provenance (`rules/rule.ts` `numberFix`): a declared value is
 * replaced (with its copies, `also`), an implied one inserted where it would be
 * written (`insert-number`); a value that cannot be edited gets no fix.
 */
export type FixData =
  | { readonly kind: 'replace'; readonly span: Span; readonly candidates: readonly string[] }
  | { readonly kind: 'set-number'; readonly span: Span; readonly value: number; readonly also?: readonly Span[] }
  | { readonly kind: 'insert-number'; readonly at: number; readonly prefix: string; readonly suffix: string; readonly value: number };

export interface RelatedSpan {
  readonly span: Span;
  readonly message: string;
}

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related?: readonly RelatedSpan[];
  readonly fix?: FixData;
}

/** The same finding with every span passed through `map` (its own, the related ones and its fix's). */
export function mapFindingSpans(finding: Finding, map: (span: Span) => Span): Finding {
  return {
    ...finding,
    span: map(finding.span),
    ...(finding.related ? { related: finding.related.map((r) => ({ ...r, span: map(r.span) })) } : {}),
    ...(finding.fix ? { fix: mapFix(finding.fix, map) } : {}),
  };
}

function mapFix(fix: FixData, map: (span: Span) => Span): FixData {
  switch (fix.kind) {
    case 'replace':
      return { ...fix, span: map(fix.span) };
    case 'set-number':
      return { ...fix, span: map(fix.span), ...(fix.also ? { also: fix.also.map(map) } : {}) };
    case 'insert-number':
      return { ...fix, at: map({ start: fix.at, end: fix.at }).start };
  }
}

/** One way to apply a fix: a title for the menu and the edits, in offsets. */
export interface FixOption {
  readonly title: string;
  readonly edits: readonly OffsetEdit[];
}

/** The ways a fix can be applied, first preferred. */
export function fixOptions(fix: FixData): FixOption[] {
  switch (fix.kind) {
    case 'replace':
      return fix.candidates.map((candidate) => ({ title: `Change to "${candidate}"`, edits: [{ ...fix.span, newText: candidate }] }));
    case 'set-number': {
      const newText = String(fix.value);
      return [{ title: `Change to ${fix.value}`, edits: [fix.span, ...(fix.also ?? [])].map((span) => ({ start: span.start, end: span.end, newText })) }];
    }
    case 'insert-number':
      return [{ title: insertTitle(fix.prefix, fix.value), edits: [{ start: fix.at, end: fix.at, newText: fix.prefix + String(fix.value) + fix.suffix }] }];
  }
}

/** "Add --tensor-parallel-size 8", from the words an insertion writes before the value. */
function insertTitle(prefix: string, value: number): string {
  const words = prefix
    .split(/\s+/)
    .map((word) => (word === '-' ? '' : word.replace(/[,":]/g, '')))
    .filter(Boolean)
    .join(' ');
  return words ? `Add ${words} ${value}` : `Set to ${value}`;
}
