import type { GpuShare } from '../manifest/deployment';
import type { Rule } from './rule';

/** How a share is named in messages: "a MIG slice (3g.40gb)", "a time-sliced share of a GPU". */
export function shareWords(share: GpuShare): string {
  return share.kind === 'mig' ? `a MIG slice (${share.value})` : 'a time-sliced share of a GPU';
}

/**
 * A pod on part of a GPU — a Multi-Instance GPU slice (`nvidia.com/mig-3g.40gb`), or a
 * time-sliced share other pods use too (`nvidia.com/gpu.shared`) — has a fraction of a
 * GPU's compute, memory and bandwidth, and shares the machine. The estimator times whole
 * GPUs of the deployment's own, so instead of their figures the deployment shows none, and
 * says why where the share is written.
 */
export const sharedGpu: Rule = {
  id: 'shared-gpu',
  check({ spec, resolution }) {
    const share = spec.gpuShare;
    if (!share) return [];
    const gpu = resolution.chip ? ` of ${resolution.chip.shortName ?? resolution.chip.name}` : '';
    const what =
      share.kind === 'mig'
        ? `${shareWords(share)}${gpu}, not a whole GPU`
        : `a time-sliced share${gpu || ' of a GPU'} (${share.value}), which other pods use too`;
    return [
      {
        code: 'shared-gpu',
        severity: 'info',
        message: `Runs on ${what}: speed, memory fit and cost are estimated for whole GPUs of its own only, so none is shown for this deployment.`,
        span: share.span,
      },
    ];
  },
};
