import type { Finding } from '../findings';
import type { Rule } from './rule';

/**
 * Tensor × pipeline parallelism must use the replica's accelerators: more than it
 * has cannot run, fewer leaves some idle (and paid for).
 */
export const parallelismMismatch: Rule = {
  id: 'parallelism-mismatch',
  check({ spec, resolution }) {
    const accelerators = resolution.acceleratorsPerReplica;
    if (accelerators === undefined || !resolution.chip) return [];
    const pipeline = resolution.pipeline;
    const hardware = spec.instance ?? spec.count ?? spec.accelerator;
    const related = hardware ? [{ span: hardware.span, message: `${accelerators} accelerators per replica` }] : [];
    if (resolution.tensor === undefined) {
      return [
        {
          code: 'parallelism-mismatch',
          severity: 'error',
          message: `pipeline is ${pipeline}, which does not divide the ${accelerators} accelerators per replica.`,
          span: spec.pipeline?.span ?? spec.hardwareSpan,
          related,
        },
      ];
    }
    const used = resolution.tensor * pipeline;
    if (used === accelerators) return [];
    const where = spec.tensor ?? spec.pipeline;
    const fitting = accelerators % pipeline === 0 ? accelerators / pipeline : undefined;
    const fix = spec.tensor && fitting !== undefined ? { fix: { kind: 'set-number' as const, span: spec.tensor.span, value: fitting } } : {};
    const finding: Finding =
      used > accelerators
        ? {
            code: 'parallelism-mismatch',
            severity: 'error',
            message: `tensor × pipeline = ${resolution.tensor} × ${pipeline} = ${used}, but a replica has ${accelerators} accelerators.`,
            span: where?.span ?? spec.hardwareSpan,
            related,
            ...fix,
          }
        : {
            code: 'parallelism-mismatch',
            severity: 'warning',
            message: `tensor × pipeline = ${resolution.tensor} × ${pipeline} = ${used} of the ${accelerators} accelerators per replica: ${accelerators - used} would sit idle.`,
            span: where?.span ?? spec.hardwareSpan,
            related,
            ...fix,
          };
    return [finding];
  },
};
