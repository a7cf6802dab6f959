/**
 * How Compute Engine bills the GPU machine families the catalog lists: the Cloud Billing
 * SKU descriptions of their vCPU, memory and GPU parts. A family missing here is not
 * priced by the refresh (its report says so by listing no offer for it).
 */
import type { Catalog } from '../../server/src/core/catalog/catalog';
import type { GcpFamilyRule, GcpShape } from './sources';

export const GCP_RULES: readonly GcpFamilyRule[] = [
  { prefix: 'a2-highgpu-', core: /A2 Instance Core running in /, ram: /A2 Instance Ram running in /, gpu: /Nvidia Tesla A100 GPU running in / },
  { prefix: 'a2-ultragpu-', core: /A2 Instance Core running in /, ram: /A2 Instance Ram running in /, gpu: /Nvidia Tesla A100 80GB GPU running in / },
  { prefix: 'a3-highgpu-', core: /A3 Instance Core running in /, ram: /A3 Instance Ram running in /, gpu: /Nvidia H100 80GB GPU running in / },
  { prefix: 'g2-standard-', core: /G2 Instance Core running in /, ram: /G2 Instance Ram running in /, gpu: /Nvidia L4 GPU running in / },
];

/** The catalog's GCP GPU machine types as shapes the billing parts are summed over. */
export function gcpShapes(catalog: Catalog): GcpShape[] {
  return catalog.instances
    .all()
    .filter((i) => i.provider === 'gcp' && i.vcpus !== undefined && i.memoryGiB !== undefined && catalog.chip(i.accelerator)?.type === 'gpu')
    .map((i) => ({ instance: i.id, vcpus: i.vcpus ?? 0, memoryGiB: i.memoryGiB ?? 0, gpus: i.acceleratorCount }));
}
