import { fmt } from '../numbers';
import type { Estimate, EstimateInput, Explanation, Unavailable } from './types';

export type Costs = Pick<Estimate, 'costPerHour' | 'costPerMillionOutputTokens' | 'energyKWhPerMillionOutputTokens'>;

/**
 * Cost per hour from the instance price, and per million output tokens at the
 * load served: the declared target load, else the utilization assumption.
 */
export function costs(input: EstimateInput, chips: number, outputTokensPerSecond: number | null, unavailable: Unavailable[], explain: Record<string, Explanation>): Costs {
  const costPerHour = input.price ? input.price.usdPerHour * input.instancesPerReplica * input.replicas : null;
  if (!input.price) {
    unavailable.push({
      figure: 'cost',
      reason: input.instance ? `no ${input.instance.id} price in the catalog for this region and pricing model` : 'a bare accelerator has no price: declare an instance',
    });
  }
  const load = servedShare(input, outputTokensPerSecond);
  const servedPerSecond = outputTokensPerSecond === null || load === null ? null : outputTokensPerSecond * load;
  const perToken = costPerHour === null || servedPerSecond === null || servedPerSecond <= 0 ? null : (costPerHour / (servedPerSecond * 3600)) * 1e6;
  // A vanishing load makes the price per token meaningless, not infinite.
  const costPerMillionOutputTokens = perToken !== null && Number.isFinite(perToken) ? perToken : null;
  if (perToken !== null && costPerMillionOutputTokens === null) unavailable.push({ figure: 'cost', reason: 'the declared load is too small to price per token' });
  if (costPerHour !== null && input.price) {
    explain['costPerHour'] = {
      formula: 'instance price per hour × instances per replica × replicas',
      inputs: {
        price: `$${fmt(input.price.usdPerHour)}/h (${input.price.pricing}, ${input.price.region}, as of ${input.price.asOf})`,
        'instances per replica': `${input.instancesPerReplica}`,
        replicas: `${input.replicas}`,
      },
    };
  }
  if (costPerMillionOutputTokens !== null && servedPerSecond !== null) {
    explain['costPerMillionOutputTokens'] = {
      formula: 'cost per hour ÷ (output tokens per second served × 3600) × 1,000,000',
      inputs: {
        'cost per hour': `$${fmt(costPerHour ?? 0)}`,
        'tokens per second served': `${fmt(servedPerSecond)}`,
        load: input.requestsPerSecond !== undefined ? `${fmt(load ?? 0)} (from requestsPerSecond)` : `${input.assumptions.utilization} (utilization assumption)`,
      },
    };
  }
  const power = input.chip.powerW;
  const energy =
    power === undefined || servedPerSecond === null || servedPerSecond <= 0
      ? null
      : ((chips * input.replicas * power) / 1000) * (1e6 / servedPerSecond / 3600);
  const energyKWhPerMillionOutputTokens = energy !== null && Number.isFinite(energy) ? energy : null;
  return { costPerHour, costPerMillionOutputTokens, energyKWhPerMillionOutputTokens };
}

/** Cost per million output tokens for a replica set producing `outputTokensPerSecond`, at the load served (as `costs`); null without a price. */
export function costPerMillion(input: EstimateInput, outputTokensPerSecond: number): number | null {
  if (!input.price) return null;
  const load = servedShare(input, outputTokensPerSecond);
  const served = load === null ? 0 : outputTokensPerSecond * load;
  const perHour = input.price.usdPerHour * input.instancesPerReplica * input.replicas;
  const value = served > 0 ? (perHour / (served * 3600)) * 1e6 : Infinity;
  return Number.isFinite(value) ? value : null;
}

function servedShare(input: EstimateInput, outputTokensPerSecond: number | null): number | null {
  if (outputTokensPerSecond === null) return null;
  if (input.requestsPerSecond === undefined) return input.assumptions.utilization;
  return Math.min(1, (input.requestsPerSecond * input.outputTokens) / outputTokensPerSecond);
}
