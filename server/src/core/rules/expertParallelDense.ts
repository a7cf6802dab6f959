import type { Rule } from './rule';

/**
 * Expert parallelism on a dense model: the engines accept the switch and have no experts
 * to split, so it changes nothing, and the estimate ignores it. Said rather than silently
 * dropped, since whoever wrote it expected it to matter (a model swapped for a dense one
 * under a MoE recipe's flags, most often).
 */
export const expertParallelDense: Rule = {
  id: 'expert-parallel-dense',
  check({ spec, resolution }) {
    const switched = spec.expertParallel;
    const model = resolution.model;
    if (switched?.origin !== 'declared' || !switched.value || !model || model.moe) return [];
    return [
      {
        code: 'expert-parallel-dense',
        severity: 'info',
        message: `${model.id} is a dense model: it has no experts to split, so expert parallelism changes nothing and the estimate ignores it.`,
        span: switched.span,
      },
    ];
  },
};
