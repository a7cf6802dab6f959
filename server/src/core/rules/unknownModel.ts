import type { Rule } from './rule';
import { unknownName } from './rule';

export const unknownModel: Rule = {
  id: 'unknown-model',
  check({ spec, catalog, resolution }) {
    if (!spec.model || resolution.model) return [];
    const finding = unknownName('unknown-model', 'model', spec.model, catalog.suggestModels(spec.model.value));
    if (spec.format === 'inference-deployment') return [finding];
    // A fine-tuned or private model is normal in real manifests: say how to name its base model.
    return [{ ...finding, severity: 'warning', message: `${finding.message} If it is a fine-tune, name its base model with the annotation inference-lens/model.` }];
  },
};
