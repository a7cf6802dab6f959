import { ACCELERATOR_RESOURCES } from '../manifest/resources';
import type { Rule } from './rule';

/** Misspelled accelerator resource keys: Kubernetes accepts them and schedules the pod without an accelerator. */
export const unknownResource: Rule = {
  id: 'unknown-resource',
  check({ spec }) {
    return (spec.unknownResources ?? []).map((key) => {
      const suggestion = nearestResource(key.value);
      return {
        code: 'unknown-resource' as const,
        severity: 'error' as const,
        message: `Unknown resource "${key.value}": the pod would get no accelerator.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        span: key.span,
        ...(suggestion ? { fix: { kind: 'replace' as const, span: key.span, candidates: [suggestion] } } : {}),
      };
    });
  },
};

function nearestResource(key: string): string | undefined {
  const domain = key.split('/')[0];
  return ACCELERATOR_RESOURCES.find((known) => known.split('/')[0] === domain);
}
