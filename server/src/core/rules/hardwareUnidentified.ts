import { readsAnnotations } from '../manifest/deployment';
import type { Rule } from './rule';

/**
 * A pod asks for accelerators by resource (`nvidia.com/gpu: 2`) and leaves the
 * model of accelerator to the cluster: no node label, instance type or accelerator
 * name says which. Cost, speed and memory all hang on that, so say it once, where
 * the request is, with the ways to pin it — instead of lenses that only say "unknown".
 */
export const hardwareUnidentified: Rule = {
  id: 'hardware-unidentified',
  check({ spec, resolution }) {
    if (spec.format === 'inference-deployment' || resolution.chip || resolution.instance) return [];
    // A named but unknown instance, accelerator or resource has its own finding.
    if (spec.instance || spec.accelerator || (spec.unknownResources?.length ?? 0) > 0) return [];
    const request = spec.acceleratorsPerPod;
    if (!request && !spec.pins?.resource) return [];
    const what = spec.pins?.resource ? ` (${spec.pins.resource})` : '';
    // A Ray Serve LLMConfig names its accelerator itself; a RayService's worker pod (read with its resource) by node selectors.
    const llmConfig = spec.format === 'ray-serve' && !spec.pins?.resource;
    const annotated = readsAnnotations(spec);
    const count = request ? `${request.value} accelerator${request.value === 1 ? '' : 's'}${what} per ${llmConfig ? 'replica' : 'pod'}` : `accelerators${what}`;
    const annotation = annotated ? ', or the annotation inference-lens/instance (e.g. inference-lens/instance: g6e.xlarge)' : '';
    const how = llmConfig
      ? "the LLMConfig's accelerator_type (e.g. accelerator_type: L4)"
      : `a node selector the cluster sets (node.kubernetes.io/instance-type, cloud.google.com/gke-accelerator, nvidia.com/gpu.product)${annotation}`;
    return [
      {
        code: 'hardware-unidentified',
        severity: 'info',
        message: `Requests ${count} without saying which accelerator, so cost, speed and memory are not estimated. Name it with ${how}.`,
        span: request?.span ?? spec.anchor,
      },
    ];
  },
};
