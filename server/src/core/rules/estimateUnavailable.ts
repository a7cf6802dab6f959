import type { Rule } from './rule';

/** Says which figures could not be estimated and why, instead of showing a guess. */
export const estimateUnavailable: Rule = {
  id: 'estimate-unavailable',
  check({ spec, estimate, resolution }) {
    return (estimate?.unavailable ?? [])
      // A missing price is the no-price rule's finding (a platform the catalog does not cover, region-not-offered's);
      // a model that does not fit, memory-exceeded's.
      .filter((u) => !(u.figure === 'cost' && (resolution.instance || spec.uncoveredCloud)))
      .filter((u) => u.figure !== 'speed' || estimate?.memory?.fits !== false)
      .map((u) => ({
        code: 'estimate-unavailable' as const,
        severity: 'info' as const,
        message: `No ${u.figure} estimate: ${u.reason}.`,
        span: spec.anchor,
      }));
  },
};
