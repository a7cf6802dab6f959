import { numberFix, type Rule } from './rule';

/** A pod cannot request more accelerators than one instance of its node type has. */
export const acceleratorsExceedInstance: Rule = {
  id: 'accelerators-exceed-instance',
  check({ spec, resolution }) {
    const { instance, chipsPerPod } = resolution;
    if (!instance || chipsPerPod === undefined || !spec.acceleratorsPerPod || resolution.instanceInferred) return [];
    if (chipsPerPod <= instance.acceleratorCount) return [];
    const neuron = spec.acceleratorUnit === 'neuron-core';
    const has = neuron ? `${instance.acceleratorCount * resolution.unitsPerChip} NeuronCores (${instance.acceleratorCount} chips)` : `${instance.acceleratorCount}`;
    return [
      {
        code: 'accelerators-exceed-instance',
        severity: 'error',
        message: `The pod requests ${spec.acceleratorsPerPod.value}${neuron ? ' NeuronCores' : ' accelerators'}, but ${instance.name ?? instance.id} has ${has}: it will never be scheduled.`,
        span: spec.acceleratorsPerPod.span,
        ...(spec.instance ? { related: [{ span: spec.instance.span, message: `${instance.name ?? instance.id}: ${instance.acceleratorCount}× ${instance.accelerator}` }] } : {}),
        ...numberFix(spec.acceleratorsPerPod, neuron ? instance.acceleratorCount * resolution.unitsPerChip : instance.acceleratorCount),
      },
    ];
  },
};
