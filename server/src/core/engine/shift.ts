import { mapFindingSpans, type Finding } from '../findings';
import type { DeploymentSpec } from '../manifest/deployment';
import { mapSpans } from '../manifest/spec';
import type { Span } from '../span';

/** Moves chunk-relative results to their place in the file. */
function shiftSpan(span: Span, delta: number): Span {
  return delta === 0 ? span : { start: span.start + delta, end: span.end + delta };
}

export function shiftFinding(finding: Finding, delta: number): Finding {
  return delta === 0 ? finding : mapFindingSpans(finding, (span) => shiftSpan(span, delta));
}

/** Every span of a spec, shifted (see `mapSpans`: exhaustive over the spec's fields). */
export function shiftSpec(spec: DeploymentSpec, delta: number): DeploymentSpec {
  return delta === 0 ? spec : mapSpans(spec, (span) => shiftSpan(span, delta));
}
