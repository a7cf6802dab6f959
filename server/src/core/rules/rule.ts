import type { Catalog } from '../catalog/catalog';
import type { Resolution } from '../engine/resolve';
import type { Estimate } from '../estimator/types';
import type { Finding } from '../findings';
import type { DeploymentSpec } from '../manifest/deployment';
import type { Located } from '../span';

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
  name: Located<string>,
  suggestions: readonly string[],
): Finding {
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
  return {
    code,
    severity: 'error',
    message: `Unknown ${what} "${name.value}".${hint}`,
    span: name.span,
    ...(suggestions.length > 0 ? { fix: { kind: 'replace' as const, span: name.span, candidates: suggestions } } : {}),
  };
}
