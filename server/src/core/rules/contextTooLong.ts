import type { Finding } from '../findings';
import { num } from '../numbers';
import { numberFix, type Rule } from './rule';

/** The declared context, and a request's prompt plus output, must fit the model's maximum context. */
export const contextTooLong: Rule = {
  id: 'context-too-long',
  check({ spec, resolution }) {
    const model = resolution.model;
    if (!model) return [];
    const findings: Finding[] = [];
    const declared = spec.maxContextTokens;
    // InferenceDeployment's own field by its name; another format's flag or setting (`--max-model-len`, `max_model_len`) as what it is.
    const native = spec.format === 'inference-deployment';
    // A context stretched on purpose (RoPE scaling, vLLM's switch to allow it) is the engine's to serve: said, not refused.
    const extended = declared && declared.value > model.maxContextTokens ? spec.contextExtended : undefined;
    if (declared && declared.value > model.maxContextTokens) {
      findings.push(
        extended
          ? {
              code: 'context-too-long',
              severity: 'info',
              message: `The context declared here (${num(declared.value)} tokens) is beyond the ${num(model.maxContextTokens)} tokens ${model.id} was trained for; ${extended.value} stretches it, so how well it holds beyond that is the model's own.`,
              span: declared.span,
              related: [{ span: extended.span, message: 'what stretches the context' }],
            }
          : {
              code: 'context-too-long',
              severity: 'error',
              message: native
                ? `maxContextTokens is ${num(declared.value)}, but ${model.id} supports at most ${num(model.maxContextTokens)} tokens.`
                : `The context declared here is ${num(declared.value)} tokens, but ${model.id} supports at most ${num(model.maxContextTokens)}.`,
              span: declared.span,
              ...numberFix(declared, model.maxContextTokens),
            },
      );
    }
    // The context a request must fit: the declared one where it stands (within the model's, or stretched), the model's otherwise.
    const bounding = declared && (declared.value <= model.maxContextTokens || extended) ? declared : undefined;
    const limit = bounding ? bounding.value : model.maxContextTokens;
    const request = resolution.inputTokens + resolution.outputTokens;
    if (request > limit) {
      const which = bounding ? (native ? 'maxContextTokens' : 'the context declared here') : `${model.id}'s maximum context`;
      // A request size the manifest does not state is the default workload: an assumption, so at most info.
      const stated = spec.inputTokens !== undefined || spec.outputTokens !== undefined;
      findings.push({
        code: 'context-too-long',
        severity: stated ? 'error' : 'info',
        message: `A request of ${num(resolution.inputTokens)} input + ${num(resolution.outputTokens)} output tokens = ${num(request)} exceeds ${which} (${num(limit)}).${stated ? '' : ' (The request size is the default workload, not one this manifest states.)'}`,
        span: (spec.inputTokens ?? spec.outputTokens ?? spec.model)?.span ?? spec.anchor,
        ...(bounding ? { related: [{ span: bounding.span, message: 'the declared context' }] } : {}),
      });
    }
    return findings;
  },
};
