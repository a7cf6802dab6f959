import type { GpuShare } from '../manifest/deployment';
import type { Rule } from './rule';

/**
 * How a share is labelled wherever it is shown (inlay hint, CLI table): "MIG 3g.40gb slice
 * of A100 80GB", "time-sliced share of L4"; "of a GPU" when the GPU is not known.
 */
export function shareLabel(share: GpuShare, gpu = 'a GPU'): string {
  return share.kind === 'mig' ? `MIG ${share.value} slice of ${gpu}` : `time-sliced share of ${gpu}`;
}

/** The same share in a sentence (findings, lenses): "a MIG 3g.40gb slice of A100 80GB". */
export function shareWords(share: GpuShare, gpu?: string): string {
  return `a ${shareLabel(share, gpu)}`;
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
    const words = shareWords(share, resolution.chip ? (resolution.chip.shortName ?? resolution.chip.name) : undefined);
    const what = share.kind === 'mig' ? `${words}, not a whole GPU` : `${words} (${share.value}), which other pods use too`;
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
