import type { Finding } from '../findings';
import type { Rule } from './rule';

/**
 * Tensor parallelism splits attention heads across ranks: the degree must divide
 * the query heads, and either divide the KV heads or be a multiple of them (ranks
 * beyond the KV head count share replicated KV heads). MLA has no KV heads to split.
 */
export const tensorHeads: Rule = {
  id: 'tensor-heads',
  check({ spec, resolution }) {
    const model = resolution.model;
    const tensor = resolution.tensor;
    // Neuron engines pad and replicate heads to any tensor degree: no constraint to check
    // (also when the chip is unknown but the pod requests Neuron devices, counted in NeuronCores).
    const neuron = resolution.chip?.family === 'aws-neuron' || spec.parallelUnit === 'neuron-core';
    if (!model || tensor === undefined || tensor <= 1 || neuron) return [];
    const span = spec.tensor?.span ?? spec.instance?.span ?? spec.count?.span ?? spec.hardwareSpan;
    const findings: Finding[] = [];
    if (model.attentionHeads % tensor !== 0) {
      findings.push({
        code: 'tensor-heads',
        severity: 'error',
        message: `Tensor parallelism ${tensor} does not divide ${model.id}'s ${model.attentionHeads} attention heads. Use a divisor of ${model.attentionHeads}.`,
        span,
      });
    } else if (!model.mla && model.kvHeads % tensor !== 0 && tensor % model.kvHeads !== 0) {
      findings.push({
        code: 'tensor-heads',
        severity: 'error',
        message: `Tensor parallelism ${tensor} neither divides nor is a multiple of ${model.id}'s ${model.kvHeads} KV heads.`,
        span,
      });
    }
    return findings;
  },
};
