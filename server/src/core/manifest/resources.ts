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
