import type { Rule } from './rule';
import { unknownName } from './rule';

export const unknownInstance: Rule = {
  id: 'unknown-instance',
  check({ spec, catalog, resolution }) {
    // InferenceDeployment with both an instance and an accelerator is hardware-declaration's finding.
    if (!spec.instance || resolution.instance || (spec.accelerator && spec.format === 'inference-deployment')) return [];
    return [unknownName('unknown-instance', 'instance type', spec.instance, catalog.instances.suggest(spec.instance.value))];
  },
};
