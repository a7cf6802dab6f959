import type { Rule } from './rule';
import { unknownName } from './rule';

export const unknownInstance: Rule = {
  id: 'unknown-instance',
  check({ spec, catalog, resolution }) {
    if (!spec.instance || resolution.instance || spec.accelerator) return [];
    return [unknownName('unknown-instance', 'instance type', spec.instance, catalog.instances.suggest(spec.instance.value))];
  },
};
