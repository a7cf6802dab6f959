import type { Rule } from './rule';
import { typoHint, unknownName } from './rule';

export const unknownAccelerator: Rule = {
  id: 'unknown-accelerator',
  check({ spec, catalog, resolution }) {
    if (!spec.accelerator || resolution.declaredChip || (spec.instance && spec.format === 'inference-deployment')) return [];
    const suggestions = catalog.chips.suggest(spec.accelerator.value);
    const finding = unknownName('unknown-accelerator', 'accelerator', spec.accelerator, suggestions);
    // A node label's values are the cluster's vocabulary (GPU feature discovery's product names): one the catalog lacks is not a mistake.
    const label = spec.pins?.acceleratorLabel;
    if (label) return [{ ...finding, severity: 'info', message: `The catalog does not know the ${label} value "${spec.accelerator.value}": the accelerator stays unknown.` }];
    // SkyPilot checks accelerator names against its own catalog, which lists GPUs this one does not (V100, A10, RTX 4090).
    if (spec.format === 'skypilot') {
      // The replacement stays on offer, for the typo it may be.
      return [
        {
          ...finding,
          severity: 'info',
          message: `The catalog does not know the accelerator "${spec.accelerator.value}" (SkyPilot's own catalog may): no speed, memory or price estimate for it.${typoHint(suggestions)}`,
        },
      ];
    }
    return [finding];
  },
};
