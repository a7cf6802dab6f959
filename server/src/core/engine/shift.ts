import type { Finding } from '../findings';
import type { DeploymentSpec } from '../manifest/deployment';
import type { Span } from '../span';

/** Moves chunk-relative results to their place in the file. */
export function shiftSpan(span: Span, delta: number): Span {
  return delta === 0 ? span : { start: span.start + delta, end: span.end + delta };
}

export function shiftFinding(finding: Finding, delta: number): Finding {
  if (delta === 0) return finding;
  return {
    ...finding,
    span: shiftSpan(finding.span, delta),
    ...(finding.related ? { related: finding.related.map((r) => ({ ...r, span: shiftSpan(r.span, delta) })) } : {}),
    ...(finding.fix ? { fix: { ...finding.fix, span: shiftSpan(finding.fix.span, delta) } } : {}),
  };
}

/** Every span of a spec, shifted: the whole document's, the anchors' and each located field's. */
export function shiftSpec(spec: DeploymentSpec, delta: number): DeploymentSpec {
  if (delta === 0) return spec;
  const shifted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (isSpan(value)) shifted[key] = shiftSpan(value, delta);
    else if (isLocated(value)) shifted[key] = { value: value.value, span: shiftSpan(value.span, delta) };
    else shifted[key] = value;
  }
  return shifted as unknown as DeploymentSpec;
}

function isSpan(value: unknown): value is Span {
  return typeof value === 'object' && value !== null && 'start' in value && 'end' in value && !('value' in value);
}

function isLocated(value: unknown): value is { value: unknown; span: Span } {
  return typeof value === 'object' && value !== null && 'span' in value && 'value' in value;
}
