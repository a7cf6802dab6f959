import { readsAnnotations } from '../manifest/deployment';
import type { Rule } from './rule';

/**
 * Real-world manifests often serve a model from a path or a custom image. Cost
 * still works; speed and memory need the model, so say how to declare it.
 */
export const modelUnidentified: Rule = {
  id: 'model-unidentified',
  check({ spec, resolution }) {
    // A model written as an undefined variable has its own finding (value-unresolved), at the variable.
    const unresolved = spec.unresolved?.some((u) => u.field === 'model') === true;
    if (spec.format === 'inference-deployment' || spec.model || !resolution.chip || unresolved) return [];
    return [
      {
        code: 'model-unidentified',
        severity: 'info',
        message: readsAnnotations(spec)
          ? 'No model found in this manifest, so speed and memory are not estimated. Name it with the annotation inference-lens/model (e.g. inference-lens/model: llama-3.1-70b).'
          : 'No model found in this manifest, so speed and memory are not estimated. Name it where the serving engine reads it (its --model argument, or HF_MODEL_ID in the container environment).',
        span: spec.anchor,
      },
    ];
  },
};
