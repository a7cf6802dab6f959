import type { Finding } from '../findings';
import { isSageMakerName } from '../catalog/catalog';
import type { Instance } from '../catalog/types';
import type { Span } from '../span';
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
  if (machines.length === 0) return [];
  const where = spec.provider ? ` on ${spec.provider.toUpperCase()}` : '';
  if (wanted <= most) return spec.format === 'skypilot' ? inexactCount(spec.acceleratorsPerPod.span, chip.name, wanted, machines, where) : [];
  const largest = machines.filter((i) => i.acceleratorCount === most).map((i) => i.id).slice(0, 4);
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

/**
 * SkyPilot launches a machine with exactly the accelerators a task asks for: a count no
 * catalog machine has (4× A100 80GB on AWS, whose machines have 8) would find none. A
 * warning, not an error: the catalog may lack a machine SkyPilot knows.
 */
function inexactCount(span: Span, chipName: string, wanted: number, machines: readonly Instance[], where: string): Finding[] {
  // SkyPilot launches EC2, Compute Engine and Azure machines, not SageMaker endpoints.
  const launchable = machines.filter((i) => !isSageMakerName(i.id));
  if (launchable.length === 0 || launchable.some((i) => i.acceleratorCount === wanted)) return [];
  const counts = [...new Set(launchable.map((i) => i.acceleratorCount))].sort((a, b) => a - b);
  const examples = counts.map((n) => launchable.find((i) => i.acceleratorCount === n)?.id).filter((id) => id !== undefined);
  return [
    {
      code: 'hardware-contradiction',
      severity: 'warning',
      message: `SkyPilot launches a machine with exactly the accelerators asked, and no catalog machine${where} has ${wanted}× ${chipName}: they come with ${counts.join(', ')} (${examples.join(', ')}). Ask for one of those counts.`,
      span,
    },
  ];
}
