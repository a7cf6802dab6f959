import type { Finding } from '../findings';
import { numberFix, type Rule } from './rule';

/**
 * InferenceDeployment: exactly one of `instance` and `accelerator`, and `count`
 * only where it can mean something. Other formats may name both (a node type
 * and an accelerator label): hardwareContradiction checks they agree.
 */
export const hardwareDeclaration: Rule = {
  id: 'hardware-declaration',
  check({ spec, resolution }) {
    if (spec.format !== 'inference-deployment') return [];
    const findings: Finding[] = [];
    if (spec.instance && spec.accelerator) {
      findings.push({
        code: 'hardware-declaration',
        severity: 'error',
        message: `Declare either an instance or an accelerator, not both: "${spec.instance.value}" and "${spec.accelerator.value}".`,
        span: spec.accelerator.span,
        related: [{ span: spec.instance.span, message: 'the instance declared here' }],
      });
    } else if (!spec.instance && !spec.accelerator) {
      findings.push({
        code: 'hardware-declaration',
        severity: 'error',
        message: 'No hardware declared: set hardware.instance (e.g. p5.48xlarge) or hardware.accelerator with a count.',
        span: spec.hardwareSpan,
      });
    }
    const instance = resolution.instance;
    if (instance && spec.count && spec.count.value !== instance.acceleratorCount) {
      findings.push({
        code: 'hardware-declaration',
        severity: 'error',
        message: `count is ${spec.count.value}, but ${instance.name ?? instance.id} has ${instance.acceleratorCount} accelerators. Remove count, or declare a bare accelerator instead of the instance.`,
        span: spec.count.span,
        related: spec.instance ? [{ span: spec.instance.span, message: `${instance.name ?? instance.id}: ${instance.acceleratorCount} × ${instance.accelerator}` }] : [],
        ...numberFix(spec.count, instance.acceleratorCount),
      });
    }
    return findings;
  },
};
