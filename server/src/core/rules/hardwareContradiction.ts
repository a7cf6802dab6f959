import type { Finding } from '../findings';
import type { Rule, RuleContext } from './rule';

/**
 * A node type (or instance type) and an accelerator label that name different chips;
 * or a node (pod, SkyPilot node) asking for more of a chip than any machine has.
 */
export const hardwareContradiction: Rule = {
  id: 'hardware-contradiction',
  check(context) {
    const { spec, resolution } = context;
    const { instance, declaredChip } = resolution;
    if (spec.format !== 'inference-deployment' && spec.accelerator && !spec.instance && !instance && declaredChip) return impossibleCount(context);
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

/** More accelerators on one node than any catalog machine with that chip has (on the named cloud): it can never be placed. */
function impossibleCount({ spec, resolution, catalog }: RuleContext): Finding[] {
  const chip = resolution.declaredChip;
  const wanted = resolution.chipsPerPod;
  if (!chip || wanted === undefined || !spec.acceleratorsPerPod || spec.acceleratorsPerPod.origin !== 'declared') return [];
  const machines = catalog.instancesWith(chip.id).filter((i) => !spec.provider || i.provider === spec.provider);
  const most = Math.max(0, ...machines.map((i) => i.acceleratorCount));
  if (machines.length === 0 || wanted <= most) return [];
  const largest = machines.filter((i) => i.acceleratorCount === most).map((i) => i.id).slice(0, 4);
  const where = spec.provider ? ` on ${spec.provider.toUpperCase()}` : '';
  return [
    {
      code: 'hardware-contradiction',
      severity: 'error',
      message: `No machine${where} has ${wanted}× ${chip.name} on one node: the most is ${most} (${largest.join(', ')}). Ask for ${most} per node and more nodes.`,
      span: spec.acceleratorsPerPod.span,
      related: [{ span: spec.accelerator?.span ?? spec.hardwareSpan, message: chip.name }],
    },
  ];
}
