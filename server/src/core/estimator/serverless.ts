import type { Catalog } from '../catalog/catalog';
import type { ServerlessOffer } from '../catalog/types';

/** What the same traffic would cost on a per-token API. */
export interface ServerlessCost {
  readonly offer: ServerlessOffer;
  /**
   * USD per million output tokens with the prompt tokens each output token brings
   * along: (input/output × input price + output price), comparable to a deployment's
   * cost per million output tokens.
   */
  readonly usdPerMillionOutputTokens: number;
}

export function serverlessCosts(catalog: Catalog, modelId: string, inputTokens: number, outputTokens: number): ServerlessCost[] {
  const ratio = inputTokens / outputTokens;
  return catalog
    .serverlessFor(modelId)
    .map((offer) => ({ offer, usdPerMillionOutputTokens: ratio * offer.usdPerMillionInputTokens + offer.usdPerMillionOutputTokens }))
    .sort((a, b) => a.usdPerMillionOutputTokens - b.usdPerMillionOutputTokens);
}
