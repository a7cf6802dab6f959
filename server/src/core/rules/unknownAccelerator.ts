import type { Rule } from './rule';
import { unknownName } from './rule';

export const unknownAccelerator: Rule = {
  id: 'unknown-accelerator',
  check({ spec, catalog, resolution }) {
    if (!spec.accelerator || resolution.declaredChip || (spec.instance && spec.format === 'inference-deployment')) return [];
    return [unknownName('unknown-accelerator', 'accelerator', spec.accelerator, catalog.chips.suggest(spec.accelerator.value))];
  },
};
