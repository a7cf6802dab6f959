import type { Rule } from './rule';

/** A node type (or instance type) and an accelerator label that name different chips. */
export const hardwareContradiction: Rule = {
  id: 'hardware-contradiction',
  check({ spec, resolution }) {
    const { instance, declaredChip } = resolution;
    if (spec.format === 'inference-deployment' || !spec.accelerator || !spec.instance || !instance || !declaredChip) return [];
    if (instance.accelerator === declaredChip.id) return [];
    return [
      {
        code: 'hardware-contradiction',
        severity: 'error',
        message: `${spec.accelerator.value} is ${declaredChip.name}, but ${instance.name ?? instance.id} has ${instance.acceleratorCount}× ${instance.accelerator}: the pod cannot be scheduled on both.`,
        span: spec.accelerator.span,
        related: [{ span: spec.instance.span, message: `${instance.name ?? instance.id}: ${instance.acceleratorCount}× ${instance.accelerator}` }],
      },
    ];
  },
};
