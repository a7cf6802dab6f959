import type { Rule } from './rule';
import { unknownName } from './rule';

export const unknownInstance: Rule = {
  id: 'unknown-instance',
  check({ spec, catalog, resolution }) {
    // InferenceDeployment with both an instance and an accelerator is hardware-declaration's finding.
    if (!spec.instance || resolution.instance || (spec.accelerator && spec.format === 'inference-deployment')) return [];
    const suggestions = catalog.suggestInstances(spec.instance.value);
    const slice = catalog.sliceName(spec.instance.value);
    if (!slice) return [unknownName('unknown-instance', 'instance type', spec.instance, suggestions)];
    // A TPU slice name whose size Google does not offer: say which sizes it does.
    const { family, size } = slice;
    const counts = family.nameCounts === 'chips' ? 'chips' : 'TensorCores';
    return [
      {
        ...unknownName('unknown-instance', 'instance type', spec.instance, suggestions),
        message: `${family.name} come in ${family.sizes.join(', ')} ${counts}, not ${size}. Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?`,
      },
    ];
  },
};
