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
    // A GGUF checkpoint's precision is its file's: the fit at the base model's precision is an upper bound, not a certainty.
    const unstated = resolution.ggufCheckpoint ? ` ${ggufNote(spec.model?.value ?? '', resolution.ggufCheckpoint.type, input.precision)}` : '';
    return [
      restingOnLayout(
        {
          code: 'memory-exceeded',
          severity: unstated ? 'info' : 'error',
          message: message + spread + unstated,
          span: (weightsAlone ? spec.precision ?? spec.model : spec.concurrency ?? spec.model)?.span ?? spec.anchor,
          related,
        },
        spec,
      ),
    ];
  },
};

/** What a GGUF checkpoint's name leaves open, and what the fit assumed instead. */
function ggufNote(name: string, file: string | undefined, precision: string): string {
  const which = file
    ? `its file's quantization, ${file}, is a llama.cpp type none of the catalog's precisions describe`
    : 'its files hold 2- to 16-bit weights, and nothing here says which one runs';
  return `${name} is a GGUF checkpoint: ${which}. The fit is computed at ${precision}, its base model's precision, an upper bound.`;
}
