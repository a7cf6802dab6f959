import type { ParallelismRefit, Resolution } from '../resolve/resolve';
import type { Finding } from '../findings';
import { numberFix, restingOnLayout, type Rule } from './rule';

/**
 * Tensor × pipeline parallelism, times the data-parallel engines the replica runs,
 * must use the replica's accelerators: more than it has cannot run, fewer leaves
 * some idle (and paid for). Counted in the manifest's own unit: chips, or
 * NeuronCores for AWS Neuron engines. Parallelism never adds hardware: when it asks
 * for more, the message says what the estimate uses instead, and names the likely
 * unit mix-up (NeuronCores or TPU TensorCores counted as chips).
 */
export const parallelismMismatch: Rule = {
  id: 'parallelism-mismatch',
  check({ spec, resolution }) {
    const accelerators = resolution.acceleratorsPerReplica;
    // Without a known chip, a count the pod requests by a known resource name still says how many devices there are.
    const counted = spec.acceleratorsPerPod !== undefined && spec.unknownResources === undefined;
    // A CPU instance has no accelerators to split the model over (its host is one unit).
    if (accelerators === undefined || (!resolution.chip && !counted) || resolution.chip?.type === 'cpu') return [];
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
    const engines = resolution.dataParallel;
    const used = tensor * pipeline * engines;
    if (used === have) return [];
    const where = spec.tensor ?? spec.pipeline;
    const fitting = have % (pipeline * engines) === 0 ? have / (pipeline * engines) : undefined;
    const fix = spec.tensor && fitting !== undefined ? numberFix(spec.tensor, fitting) : {};
    const product =
      engines > 1
        ? `tensor × pipeline × data-parallel engines = ${tensor} × ${pipeline} × ${engines} = ${used}${cores ? ' NeuronCores' : ''}`
        : `tensor × pipeline = ${tensor} × ${pipeline} = ${used}${cores ? ' NeuronCores' : ''}`;
    const refit = resolution.parallelismRefit;
    const refitFix = spec.tensor && refit ? numberFix(spec.tensor, refit.tensor * perChip) : fix;
    // TPU engines on chips with two TensorCores may count TensorCores as devices (TPU7x
    // exposes each as one): a degree equal to the TensorCores is a units note, not an
    // error, and no fix is offered, since the engine's count may well be right.
    if (used > have && refit?.unit?.name === 'TensorCores') {
      return [{ code: 'parallelism-mismatch', severity: 'info', message: unitMixUp(refit, tensor, pipeline, engines, resolution), span: where?.span ?? spec.hardwareSpan, related }];
    }
    const finding: Finding =
      used > have
        ? {
            code: 'parallelism-mismatch',
            severity: 'error',
            message: refit?.unit ? unitMixUp(refit, tensor, pipeline, engines, resolution) : `${product}, but a replica has ${have} ${unit}.${refit ? ` The estimate uses tensor ${refit.tensor * perChip}${engines > 1 ? ` × ${engines} data-parallel engines` : ''}, the hardware declared.` : ''}`,
            span: where?.span ?? spec.hardwareSpan,
            related,
            ...refitFix,
          }
        : {
            code: 'parallelism-mismatch',
            severity: 'warning',
            message: `${product} of the ${have} ${unit} per replica: ${have - used} would sit idle.`,
            span: where?.span ?? spec.hardwareSpan,
            related,
            ...fix,
          };
    return [restingOnLayout(finding, spec)];
  },
};

/** "tensor 32 counts NeuronCores: trn1.32xlarge has 16 Trainium chips = 32 NeuronCores", and what the estimate uses. */
function unitMixUp(refit: ParallelismRefit, tensor: number, pipeline: number, engines: number, resolution: Resolution): string {
  const unit = refit.unit;
  const chips = resolution.acceleratorsPerReplica ?? 0;
  const chipName = resolution.chip?.shortName ?? resolution.chip?.name ?? 'accelerator';
  const holder = resolution.instance ? `${resolution.instance.id} has` : 'a replica has';
  const names = ['tensor', ...(pipeline > 1 ? ['pipeline'] : []), ...(engines > 1 ? ['data-parallel engines'] : [])];
  const values = [tensor, ...(pipeline > 1 ? [pipeline] : []), ...(engines > 1 ? [engines] : [])];
  const degree = `${names.join(' × ')} ${values.join(' × ')}`;
  const used = `tensor ${refit.tensor}${pipeline > 1 ? ` × pipeline ${pipeline}` : ''}${engines > 1 ? ` × ${engines} data-parallel engines` : ''}`;
  return (
    `${degree} counts ${unit?.name}: ${holder} ${chips} ${chipName} chips = ${chips * (unit?.perChip ?? 1)} ${unit?.name}. ` +
    `Parallelism here counts chips, so the estimate uses ${used} on the hardware declared.`
  );
}
