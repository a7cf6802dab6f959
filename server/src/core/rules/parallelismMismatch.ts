import type { Finding } from '../findings';
import { numberFix, type Rule } from './rule';

/**
 * Tensor × pipeline parallelism must use the replica's accelerators: more than it
 * has cannot run, fewer leaves some idle (and paid for). Counted in the manifest's
 * own unit: chips, or NeuronCores for AWS Neuron engines.
 */
export const parallelismMismatch: Rule = {
  id: 'parallelism-mismatch',
  check({ spec, resolution }) {
    const accelerators = resolution.acceleratorsPerReplica;
    // Without a known chip, a count the pod requests by a known resource name still says how many devices there are.
    const counted = spec.acceleratorsPerPod !== undefined && spec.unknownResources === undefined;
    if (accelerators === undefined || (!resolution.chip && !counted)) return [];
    const cores = resolution.parallelUnit === 'neuron-core';
    const perChip = cores ? resolution.unitsPerChip : 1;
    const unit = cores ? 'NeuronCores' : 'accelerators';
    const have = accelerators * perChip;
    const pipeline = spec.pipeline?.value ?? 1;
    const hardware = spec.acceleratorsPerPod ?? spec.instance ?? spec.count ?? spec.accelerator;
    const related = hardware ? [{ span: hardware.span, message: `${have} ${unit} per replica` }] : [];
    if (resolution.tensor === undefined) {
      return [
        {
          code: 'parallelism-mismatch',
          severity: 'error',
          message: `pipeline is ${pipeline}, which does not divide the ${have} ${unit} per replica.`,
          span: spec.pipeline?.span ?? spec.hardwareSpan,
          related,
        },
      ];
    }
    const tensor = spec.tensor?.value ?? resolution.tensor * perChip;
    const used = tensor * pipeline;
    if (used === have) return [];
    const where = spec.tensor ?? spec.pipeline;
    const fitting = have % pipeline === 0 ? have / pipeline : undefined;
    const fix = spec.tensor && fitting !== undefined ? numberFix(spec.tensor, fitting) : {};
    const product = `tensor × pipeline = ${tensor} × ${pipeline} = ${used}${cores ? ' NeuronCores' : ''}`;
    const finding: Finding =
      used > have
        ? { code: 'parallelism-mismatch', severity: 'error', message: `${product}, but a replica has ${have} ${unit}.`, span: where?.span ?? spec.hardwareSpan, related, ...fix }
        : {
            code: 'parallelism-mismatch',
            severity: 'warning',
            message: `${product} of the ${have} ${unit} per replica: ${have - used} would sit idle.`,
            span: where?.span ?? spec.hardwareSpan,
            related,
            ...fix,
          };
    return [finding];
  },
};
