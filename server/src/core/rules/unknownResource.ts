import { misspelledResource } from '../manifest/resources';
import type { Rule } from './rule';

/**
 * Misspelled accelerator resource keys. Kubernetes accepts any extended resource name, but
 * no device plugin registers a misspelling, so no node can ever take the pod: it stays Pending.
 */
export const unknownResource: Rule = {
  id: 'unknown-resource',
  check({ spec }) {
    // The pod reader keeps only names that misspell a known resource: each has its correction.
    return (spec.unknownResources ?? []).flatMap((key) => {
      const suggestion = misspelledResource(key.value);
      if (!suggestion) return [];
      return [
        {
          code: 'unknown-resource' as const,
          severity: 'error' as const,
          message: `Unknown resource "${key.value}": no device plugin registers it, so no node can take the pod. Did you mean "${suggestion}"?`,
          span: key.span,
          fix: { kind: 'replace' as const, span: key.span, candidates: [suggestion] },
        },
      ];
    });
  },
};
