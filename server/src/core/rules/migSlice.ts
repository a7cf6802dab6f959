import type { Rule } from './rule';

/**
 * A pod on a Multi-Instance GPU slice (`nvidia.com/mig-3g.40gb`) has a fraction of a
 * GPU's compute, memory and bandwidth, and shares the machine with other pods. The
 * estimator times whole GPUs, so instead of a whole GPU's figures the deployment
 * shows none, and says why where the slice is named.
 */
export const migSlice: Rule = {
  id: 'mig-slice',
  check({ spec, resolution }) {
    const slice = spec.migSlice;
    if (!slice) return [];
    const gpu = resolution.chip ? ` of ${resolution.chip.shortName ?? resolution.chip.name}` : '';
    return [
      {
        code: 'mig-slice',
        severity: 'info',
        message: `Runs on a MIG slice (${slice.value})${gpu}, not a whole GPU: speed, memory fit and cost are estimated for whole GPUs only, so none is shown for this deployment.`,
        span: slice.span,
      },
    ];
  },
};
