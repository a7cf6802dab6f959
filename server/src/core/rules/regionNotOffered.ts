import { offeredIn } from '../catalog/prices';
import { normalizeName } from '../catalog/lookup';
import { distance } from 'fastest-levenshtein';
import { replaceFix, type Rule } from './rule';

/** The declared region must be one the instance is offered in, when the catalog lists its regions. */
export const regionNotOffered: Rule = {
  id: 'region-not-offered',
  check({ spec, resolution }) {
    if (spec.uncoveredCloud) {
      return [
        {
          code: 'region-not-offered',
          severity: 'info',
          message: `The catalog does not cover ${spec.uncoveredCloud}: no instance, price or region is checked there.`,
          span: spec.region?.span ?? spec.hardwareSpan,
        },
      ];
    }
    const instance = resolution.instance;
    const region = spec.region;
    if (!instance?.regions || !region || offeredIn(instance, region.value) !== false) return [];
    const wanted = normalizeName(region.value);
    const nearest = [...instance.regions].sort((a, b) => distance(normalizeName(a), wanted) - distance(normalizeName(b), wanted));
    const listed = instance.regions.length > 8 ? `${instance.regions.slice(0, 8).join(', ')}, …` : instance.regions.join(', ');
    return [
      {
        code: 'region-not-offered',
        severity: 'error',
        message: `${instance.name ?? instance.id} is not offered in ${region.value}. It is offered in: ${listed}.`,
        span: region.span,
        ...(spec.instance ? { related: [{ span: spec.instance.span, message: `the instance: ${instance.name ?? instance.id}` }] } : {}),
        ...replaceFix(region, nearest.slice(0, 3)),
      },
    ];
  },
};
