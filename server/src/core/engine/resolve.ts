import type { Catalog } from '../catalog/catalog';
import type { Chip, Instance, Model, Precision, Price, PricingModel } from '../catalog/types';
import type { Assumptions } from '../estimator/assumptions';
import type { EstimateInput } from '../estimator/types';
import type { DeploymentSpec } from '../manifest/deployment';

/** Values a manifest may leave out, and what the engine assumes instead. */
export interface Defaults {
  /** Region for prices when the manifest names none; unset: the cheapest listed region. */
  readonly region?: string;
  readonly pricing: PricingModel;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly concurrency: number | 'max';
}

export const DEFAULTS: Defaults = {
  pricing: 'on-demand',
  inputTokens: 1024,
  outputTokens: 256,
  concurrency: 'max',
};

/** Where the price came from, so a hover can say so. */
export type PriceOrigin = 'declared-region' | 'default-region' | 'cheapest-region';

/**
 * A deployment's names looked up in the catalog and its omissions filled with
 * defaults. Lookups that fail leave their entry undefined; rules report them.
 */
export interface Resolution {
  readonly model: Model | undefined;
  readonly chip: Chip | undefined;
  readonly instance: Instance | undefined;
  /** Accelerators one replica holds (all of its instances' accelerators). */
  readonly acceleratorsPerReplica: number | undefined;
  readonly instancesPerReplica: number;
  readonly tensor: number | undefined;
  readonly pipeline: number;
  readonly replicas: number;
  readonly region: string | undefined;
  readonly pricing: PricingModel;
  readonly price: Price | undefined;
  readonly priceOrigin: PriceOrigin | undefined;
  readonly precision: Precision | undefined;
  readonly kvPrecision: Precision | undefined;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly concurrency: number | 'max';
  /** Set when everything the estimator needs is known and consistent. */
  readonly estimateInput: EstimateInput | undefined;
}

export function resolve(spec: DeploymentSpec, catalog: Catalog, assumptions: Assumptions, defaults: Defaults = DEFAULTS): Resolution {
  const model = spec.model && catalog.model(spec.model.value);
  const bothDeclared = spec.instance !== undefined && spec.accelerator !== undefined;
  const instance = spec.instance && !bothDeclared ? catalog.instance(spec.instance.value) : undefined;
  const chip = instance ? catalog.chip(instance.accelerator) : spec.accelerator && !bothDeclared ? catalog.chip(spec.accelerator.value) : undefined;

  const pipeline = spec.pipeline?.value ?? 1;
  const declaredChips = spec.tensor ? spec.tensor.value * pipeline : undefined;
  const instancesPerReplica =
    instance && declaredChips !== undefined && declaredChips > instance.acceleratorCount && declaredChips % instance.acceleratorCount === 0
      ? declaredChips / instance.acceleratorCount
      : 1;
  const acceleratorsPerReplica = instance
    ? instance.acceleratorCount * instancesPerReplica
    : spec.accelerator
      ? spec.count?.value ?? declaredChips ?? 1
      : undefined;
  const tensor =
    spec.tensor?.value ??
    (acceleratorsPerReplica !== undefined && acceleratorsPerReplica % pipeline === 0 ? acceleratorsPerReplica / pipeline : undefined);

  const precision = spec.precision?.value ?? (model ? model.nativePrecision ?? 'bf16' : undefined);
  const kvPrecision = spec.kvCachePrecision?.value ?? (precision === 'fp32' || precision === 'fp16' ? precision : precision && 'bf16');
  const pricing = spec.pricing?.value ?? defaults.pricing;
  const { price, origin: priceOrigin, region } = findPrice(instance, spec.region?.value ?? defaults.region, spec.region !== undefined, pricing);

  const base = {
    model,
    chip,
    instance,
    acceleratorsPerReplica,
    instancesPerReplica,
    tensor,
    pipeline,
    replicas: spec.replicas?.value ?? 1,
    region,
    pricing,
    price,
    priceOrigin,
    precision,
    kvPrecision,
    inputTokens: spec.inputTokens?.value ?? defaults.inputTokens,
    outputTokens: spec.outputTokens?.value ?? defaults.outputTokens,
    concurrency: spec.concurrency?.value ?? defaults.concurrency,
  };
  const consistent =
    model && chip && tensor !== undefined && precision && kvPrecision && acceleratorsPerReplica !== undefined && tensor * pipeline <= acceleratorsPerReplica;
  const estimateInput: EstimateInput | undefined = consistent
    ? {
        model,
        chip,
        instance,
        instancesPerReplica,
        tensor,
        pipeline,
        replicas: base.replicas,
        precision,
        kvPrecision,
        inputTokens: base.inputTokens,
        outputTokens: base.outputTokens,
        concurrency: base.concurrency,
        requestsPerSecond: spec.requestsPerSecond?.value,
        price,
        assumptions,
      }
    : undefined;
  return { ...base, estimateInput };
}

function findPrice(
  instance: Instance | undefined,
  region: string | undefined,
  declared: boolean,
  pricing: PricingModel,
): { price: Price | undefined; origin: PriceOrigin | undefined; region: string | undefined } {
  if (!instance) return { price: undefined, origin: undefined, region };
  const prices = (instance.prices ?? []).filter((p) => p.pricing === pricing);
  if (region !== undefined) {
    const wanted = region.trim().toLowerCase();
    const price = prices.find((p) => p.region.toLowerCase() === wanted);
    if (price || declared) return { price, origin: price ? (declared ? 'declared-region' : 'default-region') : undefined, region };
  }
  const cheapest = [...prices].sort((a, b) => a.usdPerHour - b.usdPerHour)[0];
  return { price: cheapest, origin: cheapest ? 'cheapest-region' : undefined, region: cheapest?.region };
}
