import type { Rule } from './rule';
import { unknownName } from './rule';

export const unknownModel: Rule = {
  id: 'unknown-model',
  check({ spec, catalog, resolution }) {
    if (!spec.model || resolution.model) return [];
    return [unknownName('unknown-model', 'model', spec.model, catalog.models.suggest(spec.model.value))];
  },
};
