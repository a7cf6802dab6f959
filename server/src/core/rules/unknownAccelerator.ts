import type { Rule } from './rule';
import { unknownName } from './rule';

export const unknownAccelerator: Rule = {
  id: 'unknown-accelerator',
  check({ spec, catalog, resolution }) {
    if (!spec.accelerator || resolution.declaredChip || (spec.instance && spec.format === 'inference-deployment')) return [];
    const finding = unknownName('unknown-accelerator', 'accelerator', spec.accelerator, catalog.chips.suggest(spec.accelerator.value));
    // A node label's values are the cluster's vocabulary (GPU feature discovery's product names): one the catalog lacks is not a mistake.
    const label = spec.pins?.acceleratorLabel;
    return [label ? { ...finding, severity: 'info', message: `The catalog does not know the ${label} value "${spec.accelerator.value}": the accelerator stays unknown.` } : finding];
  },
};
