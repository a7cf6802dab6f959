import { didYouMean, type Rule } from './rule';

/**
 * Misspelled accelerator resource keys. Kubernetes accepts any extended resource name, but
 * no device plugin registers a misspelling, so no node can ever take the pod: it stays Pending.
 */
export const unknownResource: Rule = {
  id: 'unknown-resource',
  check({ spec }) {
    return (spec.unknownResources ?? []).map((key) => ({
      code: 'unknown-resource' as const,
      severity: 'error' as const,
      message: `Unknown resource "${key.value}": no device plugin registers it, so no node can take the pod.${didYouMean([key.correction])}`,
      span: key.span,
      fix: { kind: 'replace' as const, span: key.span, candidates: [key.correction] },
    }));
  },
};
