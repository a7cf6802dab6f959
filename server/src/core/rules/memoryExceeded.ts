import { fmt } from '../numbers';
import { restingOnLayout, type Rule } from './rule';

/** Weights plus the KV cache for the declared concurrency must fit in the memory the engine may use. */
export const memoryExceeded: Rule = {
  id: 'memory-exceeded',
  check({ spec, resolution, estimate }) {
    const memory = estimate?.memory;
    const chip = resolution.chip;
    if (!memory || memory.fits || !chip || !resolution.estimateInput) return [];
    const input = resolution.estimateInput;
    const chips = input.tensor * input.pipeline;
    const sequences = memory.sequences;
    const weightsAlone = memory.weightsGB > memory.availableGB;
    // Each data-parallel engine holds its own copy: the memory that must hold it is one engine's.
    const engines = input.dataParallel ?? 1;
    const offer = `${chips}× ${chip.name}${engines > 1 ? ` (each of ${engines} data-parallel engines)` : ''} offer ${fmt(memory.availableGB)} of ${fmt(memory.capacityGB)} GB usable (memory utilization ${input.assumptions.memoryUtilization})`;
    const message = weightsAlone
      ? `${input.model.id} does not fit: its weights alone are ${fmt(memory.weightsGB)} GB at ${input.precision}, but ${offer}.`
      : `${input.model.id} does not fit: ${fmt(memory.weightsGB)} GB of weights at ${input.precision} + ${fmt(memory.kvCacheGB)} GB of KV cache ` +
        `(${sequences} sequence${sequences === 1 ? '' : 's'} of up to ${input.inputTokens + input.outputTokens} tokens at ${input.kvPrecision}) = ${fmt(memory.requiredGB)} GB, but ${offer}.`;
    // On-chip SRAM parts hold a large model only spread over many chips or systems: say how many.
    const perChip = memory.availableGB / chips;
    const spread =
      memory.where === 'sram' && perChip > 0
        ? ` Its weights and one sequence need at least ${Math.ceil((memory.weightsGB + memory.kvCacheGB / Math.max(1, sequences)) / perChip)}× ${chip.shortName ?? chip.name}, as pipeline stages.`
        : '';
    const related = [spec.instance ?? spec.accelerator].filter((x) => x !== undefined).map((x) => ({ span: x.span, message: 'the hardware declared here' }));
    return [
      restingOnLayout(
        {
          code: 'memory-exceeded',
          severity: 'error',
          message: message + spread,
          span: (weightsAlone ? spec.precision ?? spec.model : spec.concurrency ?? spec.model)?.span ?? spec.anchor,
          related,
        },
        spec,
      ),
    ];
  },
};
