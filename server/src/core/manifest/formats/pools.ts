import type { DeploymentSpec } from '../deployment';
import { declared } from '../provenance';

/**
 * The pools of a disaggregated deployment serve one model: the prefill pool hands
 * its KV cache to the decode pool. Where each pool writes the model itself (two
 * workers' flags, two LLMConfigs), the others' spans are copies of each pool's
 * declared model, so an edit of the model changes every pool at once and never
 * leaves them serving different models.
 */
export function linkModels(specs: readonly DeploymentSpec[]): DeploymentSpec[] {
  const models = specs.map((s) => s.model);
  const first = models[0];
  const same = first !== undefined && models.every((m) => m?.origin === 'declared' && m.value === first.value);
  if (!same || specs.length < 2) return [...specs];
  return specs.map((spec, i) => {
    const model = spec.model;
    if (model?.origin !== 'declared') return spec;
    const others = specs.flatMap((other, j) => (j !== i && other.model ? [other.model.span] : []));
    return { ...spec, model: declared({ value: model.value, span: model.span }, { keySpan: model.keySpan, copies: [...(model.copies ?? []), ...others] }) };
  });
}
