import type { Unresolved } from '../manifest/deployment';
import type { Resolution } from '../resolve/resolve';
import type { Rule } from './rule';

/**
 * A value written as a shell variable the file does not define (`--tensor-parallel-size $TP`
 * with no `TP` in the container's env) is unknown, never a guess: the finding says
 * what the estimate assumes instead, at the variable.
 */
export const valueUnresolved: Rule = {
  id: 'value-unresolved',
  check({ spec, resolution }) {
    return (spec.unresolved ?? []).map((value) => ({
      code: 'value-unresolved' as const,
      severity: 'info' as const,
      message: `${value.text} is not defined in this file, so the ${WHAT[value.field]} is unknown: ${assumption(value, resolution)}.`,
      span: value.span,
    }));
  },
};

const WHAT: Readonly<Record<Unresolved['field'], string>> = {
  model: 'model',
  tensor: 'tensor-parallel size',
  pipeline: 'pipeline-parallel size',
  dataParallel: 'data-parallel size',
  dataParallelLocal: 'number of data-parallel engines on this node',
  maxContextTokens: 'maximum context length',
  maxSequences: 'cap on sequences in flight',
  instance: 'instance type',
  acceleratorsPerPod: 'number of accelerators',
};

function assumption(value: Unresolved, resolution: Resolution): string {
  switch (value.field) {
    case 'model':
      return 'name it with the inference-lens/model annotation for speed and memory estimates';
    case 'tensor':
      if (resolution.tensor === undefined) return 'the estimate cannot place the model on the accelerators';
      return resolution.dataParallel > 1
        ? `the estimate assumes each of the ${resolution.dataParallel} data-parallel engines takes ${resolution.tensor} accelerators`
        : `the estimate assumes all ${resolution.tensor} accelerators of a replica`;
    case 'pipeline':
      return 'the estimate assumes one pipeline stage';
    case 'dataParallel':
    case 'dataParallelLocal':
      return 'the estimate assumes one engine per replica';
    case 'maxContextTokens':
      return "the estimate assumes the model's maximum";
    case 'maxSequences':
      return 'the estimate assumes no cap';
    case 'instance':
      return 'cost is unknown';
    case 'acceleratorsPerPod':
      return 'the estimate cannot place the model on the accelerators';
  }
}
