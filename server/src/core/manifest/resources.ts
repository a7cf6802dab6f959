import { distance } from 'fastest-levenshtein';

/** Accelerator resources the device plugins register, as Kubernetes pods request them. */
export const ACCELERATOR_RESOURCES = [
  'nvidia.com/gpu',
  'amd.com/gpu',
  'aws.amazon.com/neuron',
  'aws.amazon.com/neuroncore',
  'aws.amazon.com/neurondevice',
  'google.com/tpu',
  'habana.ai/gaudi',
] as const;

/**
 * The accelerator resource a name misspells (`nvidia.com/gpus`, `nvidia.com/gpu1`): one of
 * the same vendor domain within two edits. Another name of the domain (`nvidia.com/hostdev`,
 * a network device the NVIDIA Network Operator registers) is a device of its own, not a typo.
 */
export function misspelledResource(name: string): string | undefined {
  const domain = name.split('/')[0];
  return ACCELERATOR_RESOURCES.find((known) => known.split('/')[0] === domain && distance(known, name) <= 2);
}

/** The vendor whose device plugin registers each resource (catalog chip vendors). */
export function resourceVendor(resource: string): string | undefined {
  if (resource.startsWith('nvidia.com/')) return 'nvidia';
  if (resource.startsWith('amd.com/')) return 'amd';
  if (resource.startsWith('aws.amazon.com/neuron')) return 'aws';
  if (resource.startsWith('google.com/tpu')) return 'google';
  if (resource.startsWith('habana.ai/')) return 'intel';
  return undefined;
}
