import type { Span } from './span';

export type Severity = 'error' | 'warning' | 'info';

/**
 * Every finding code the engine can produce. Codes are stable: tools and users
 * filter on them, and the README documents each one.
 */
export const FINDING_CODES = {
  'yaml-syntax': 'The file is not valid YAML.',
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
  'model-unidentified': 'The manifest serves no model the engine can identify, so speed and memory are unknown.',
  'no-price': 'The catalog has no price for this instance, region and pricing model.',
  'unsupported-precision': 'The chip has no native support for the declared precision.',
  'memory-exceeded': 'Weights and KV cache do not fit in the accelerators’ memory.',
  'parallelism-mismatch': 'Tensor × pipeline parallelism does not match the accelerators per replica.',
  'tensor-heads': 'The tensor-parallel degree does not divide the model’s attention or KV heads.',
  'context-too-long': 'The declared context exceeds the model’s maximum.',
  'slo-ttft': 'The estimated time to first token misses the SLO.',
  'slo-tpot': 'The estimated time per output token misses the SLO.',
  'replicas-insufficient': 'The replicas cannot serve the target requests per second.',
  'estimate-unavailable': 'A figure cannot be estimated because an input is unknown.',
  'internal-error': 'A check failed unexpectedly; the other checks still ran. Please report it.',
} as const;

export type FindingCode = keyof typeof FINDING_CODES;

/** Data a quick fix needs; the language server turns it into an edit. */
export type FixData =
  | { readonly kind: 'replace'; readonly span: Span; readonly candidates: readonly string[] }
  | { readonly kind: 'set-number'; readonly span: Span; readonly value: number };

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
