import { offeredIn } from '../catalog/prices';
import type { Rule } from './rule';

/** Cost figures need a price: say when the catalog has none for the declared region and pricing model. */
export const noPrice: Rule = {
  id: 'no-price',
  check({ spec, resolution }) {
    const instance = resolution.instance;
    if (!instance || resolution.price) return [];
    if (resolution.sagemakerWithoutPrice && spec.instance) {
      return [
        {
          code: 'no-price',
          severity: 'info',
          message: `SageMaker bills ${spec.instance.value} at its own prices, which the catalog does not have (the ${instance.name ?? instance.id} EC2 price would understate it), so cost is unknown. Add an instance with id ${spec.instance.value.trim().toLowerCase()} in .inference-lens/catalog.yaml.`,
          span: spec.instance.span,
        },
      ];
    }
    const region = resolution.region;
    // An instance not offered in the region already has its error; a missing price adds nothing.
    if (region && offeredIn(instance, region) === false) return [];
    const priced = [...new Set((instance.prices ?? []).filter((p) => p.pricing === resolution.pricing).map((p) => p.region))];
    const where = region ? ` in ${region}` : '';
    const elsewhere = priced.length > 0 ? ` Priced in: ${priced.join(', ')}.` : '';
    return [
      {
        code: 'no-price',
        severity: 'info',
        message: `The catalog has no ${resolution.pricing} price for ${instance.name ?? instance.id}${where}, so cost is unknown.${elsewhere} Add one in .inference-lens/catalog.yaml.`,
        span: spec.region?.span ?? spec.pricing?.span ?? spec.instance?.span ?? spec.hardwareSpan,
      },
    ];
  },
};
