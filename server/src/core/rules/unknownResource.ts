import { misspelledResource } from '../manifest/resources';
import type { Rule } from './rule';

/**
 * Misspelled accelerator resource keys. Kubernetes accepts any extended resource name, but
 * no device plugin registers a misspelling, so no node can ever take the pod: it stays Pending.
 */
export const unknownResource: Rule = {
  id: 'unknown-resource',
  check({ spec }) {
    return (spec.unknownResources ?? []).map((key) => {
      const suggestion = misspelledResource(key.value);
      return {
        code: 'unknown-resource' as const,
        severity: 'error' as const,
        message: `Unknown resource "${key.value}": no device plugin registers it, so no node can take the pod.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        span: key.span,
        ...(suggestion ? { fix: { kind: 'replace' as const, span: key.span, candidates: [suggestion] } } : {}),
      };
    });
  },
};
