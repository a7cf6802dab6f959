import type { Rule } from './rule';
import { didYouMean, unknownName } from './rule';

/** Where a model the catalog lacks may be described, so the message can say how. */
const DECLARE =
  'name its base model with the annotation inference-lens/model (e.g. inference-lens/model: llama-3.1-8b), ' +
  'or describe it in .inference-lens/models/<name>.json (a copy of its config.json)';

export const unknownModel: Rule = {
  id: 'unknown-model',
  check({ spec, catalog, resolution }) {
    if (!spec.model || resolution.model) return [];
    const suggestions = catalog.suggestModels(spec.model.value);
    const finding = unknownName('unknown-model', 'model', spec.model, suggestions);
    if (spec.format === 'inference-deployment') return [finding];
    // A fine-tuned or private model is normal in real manifests, and the name there is what the
    // server loads: say what was read and how to declare it, and offer no edit of the name.
    return [
      {
        code: 'unknown-model',
        severity: 'info',
        message:
          `The model "${spec.model.value}" read from this manifest is not in the catalog, nor described in .inference-lens/models/ ` +
          `or the local Hugging Face cache (read in trusted workspaces), so speed and memory are not estimated; hardware and cost per hour are.${didYouMean(suggestions)} ` +
          `If it is a fine-tune or a private model, ${DECLARE}.`,
        span: spec.model.span,
      },
    ];
  },
};
