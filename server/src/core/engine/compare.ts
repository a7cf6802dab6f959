import { isSageMakerName, type Catalog } from '../catalog/catalog';
import type { Chip, Instance, Model, Precision, PricingModel } from '../catalog/types';
import type { Assumptions } from '../estimator/assumptions';
import { serverlessCosts, type ServerlessCost } from '../estimator/serverless';
import type { Estimate } from '../estimator/types';
import { declared } from '../manifest/provenance';
import { retarget, type Retargeted, type Target } from '../resolve/retarget';
import type { AnalyzedDeployment } from './analyze';
import { analyzeDeployment } from './analyze';
import type { Defaults } from '../resolve/resolve';
import { cheapestPrice, mayRunIn, priceIn } from '../catalog/prices';

/** One catalog instance evaluated for the same model and workload, as the deployment would be after moving there. */
export interface HardwareOption {
  readonly instance: Instance;
  readonly chip: Chip;
  readonly tensor: number;
  readonly precision: Precision;
  readonly region: string | undefined;
  readonly estimate: Estimate;
  readonly fits: boolean;
  /** Whether the estimate meets the deployment's TTFT and TPOT SLOs; null when it declares none. */
  readonly meetsSlo: boolean | null;
  /** The deployment's own hardware: the row is the deployment as analyzed, the same figures as its lens. */
  readonly current: boolean;
  /** The move: the edits Apply writes (exactly the configuration estimated here), or what has to change by hand. */
  readonly move: Retargeted;
  /** What the deployment becomes on this instance (what Apply produces), analyzed like any deployment. */
  readonly analyzed: AnalyzedDeployment;
}

export interface Comparison {
  readonly model: Model;
  /** Instances with a price, those the model fits on first, then those meeting the SLO, cheapest per token first. */
  readonly options: readonly HardwareOption[];
  /** The same traffic on per-token APIs, cheapest first. */
  readonly serverless: readonly ServerlessCost[];
  /** The region the rows are priced in; undefined: each instance in its cheapest region. */
  readonly region: string | undefined;
  /** Set when the region asked for had no priced instance, so every region is shown instead. */
  readonly emptyRegion: string | undefined;
  /** The regions with at least one instance to compare, for a region chooser. */
  readonly regions: readonly string[];
}

/** Which region to compare in: the deployment's (default), a named one, or every region. */
export interface CompareScope {
  readonly region?: string | 'all';
}

/**
 * Ranks the catalog's priced instances for a deployment's model and workload: each
 * is estimated as the deployment would be after `retarget` moved it there, with
 * tensor parallelism over its accelerators (the largest degree the model's heads
 * allow) and the declared precision where the chip runs it natively (else bf16).
 * The deployment's own instance is the deployment itself, so its row and its lens
 * agree. When the region has nothing priced, every region is compared.
 */
export function compareHardware(deployment: AnalyzedDeployment, catalog: Catalog, assumptions: Assumptions, defaults: Defaults, scope: CompareScope = {}): Comparison | undefined {
  const model = deployment.resolution.model;
  if (!model) return undefined;
  const spec = deployment.spec;
  const pricing = deployment.resolution.pricing;
  // A SageMaker endpoint compares SageMaker's instance types (its prices); anything else compares the rest.
  const sagemaker = isSageMakerName(spec.instance?.value ?? '');
  const candidates = catalog.instances.all().flatMap((instance) => {
    const chip = catalog.chip(instance.accelerator);
    return isSageMakerName(instance.id) === sagemaker && chip && chip.type !== 'cpu' ? [{ instance, chip }] : [];
  });
  const wanted = scope.region === 'all' ? undefined : (scope.region ?? spec.region?.value);
  const pricedIn = (region: string | undefined) => candidates.filter(({ instance }) => mayRunIn(instance, region) && priceIn(instance, pricing, region) !== undefined);
  const inRegion = pricedIn(wanted);
  const emptyRegion = wanted !== undefined && inRegion.length === 0 ? wanted : undefined;
  const region = emptyRegion ? undefined : wanted;
  const slo = sloCheck(deployment);
  const options: HardwareOption[] = [];
  for (const { instance, chip } of emptyRegion ? pricedIn(undefined) : inRegion) {
    // The deployment's own instance, priced where it is: the deployment itself (unpriced there, it moves like any row).
    const here = deployment.resolution.price !== undefined && (region === undefined || region === deployment.resolution.region);
    const current = instance.id === deployment.resolution.instance?.id && deployment.estimate !== undefined && here;
    const option = current ? currentOption(deployment, instance, chip) : movedOption(deployment, model, instance, chip, region ?? cheapestRegion(instance, pricing), catalog, assumptions, defaults);
    if (option) options.push({ ...option, meetsSlo: slo(option.estimate) });
  }
  options.sort((a, b) => Number(b.fits) - Number(a.fits) || sloRank(a) - sloRank(b) || costKey(a) - costKey(b));
  const regions = [...new Set(candidates.flatMap(({ instance }) => (instance.prices ?? []).filter((p) => p.pricing === pricing).map((p) => p.region)))].sort();
  return { model, options, serverless: serverlessCosts(catalog, model.id, deployment.resolution.inputTokens, deployment.resolution.outputTokens), region, emptyRegion, regions };
}

type Row = Omit<HardwareOption, 'meetsSlo'>;

/** The deployment on its own instance, as analyzed: no move. */
function currentOption(deployment: AnalyzedDeployment, instance: Instance, chip: Chip): Row | undefined {
  const { estimate, resolution } = deployment;
  if (!estimate) return undefined;
  return {
    instance,
    chip,
    tensor: resolution.tensor ?? instance.acceleratorCount,
    precision: resolution.precision ?? 'bf16',
    region: resolution.region,
    estimate,
    fits: estimate.memory?.fits === true,
    current: true,
    move: { kind: 'edit', spec: deployment.spec, edits: [] },
    analyzed: deployment,
  };
}

function movedOption(
  deployment: AnalyzedDeployment,
  model: Model,
  instance: Instance,
  chip: Chip,
  region: string | undefined,
  catalog: Catalog,
  assumptions: Assumptions,
  defaults: Defaults,
): Row | undefined {
  const tensor = tensorDegree(model, instance.acceleratorCount);
  const wanted = deployment.resolution.precision ?? 'bf16';
  const precision: Precision = chip.denseTflops?.[wanted] !== undefined || wanted === 'int4' ? wanted : 'bf16';
  const { move, analyzed } = moveTo(deployment, { instance, chip, tensor, precision, ...(region ? { region } : {}) }, catalog, assumptions, defaults);
  if (!analyzed.estimate) return undefined;
  return { instance, chip, tensor, precision, region: analyzed.resolution.region, estimate: analyzed.estimate, fits: analyzed.estimate.memory?.fits === true, current: false, move, analyzed };
}

/** Whether an estimate meets the deployment's SLOs (null without any). */
function sloCheck(deployment: AnalyzedDeployment): (estimate: Estimate) => boolean | null {
  const ttft = deployment.spec.ttftMs?.value;
  const tpot = deployment.spec.tpotMs?.value;
  if (ttft === undefined && tpot === undefined) return () => null;
  return (estimate) => {
    if ((ttft !== undefined && estimate.ttftMs === null) || (tpot !== undefined && estimate.tpotMs === null)) return null;
    return (ttft === undefined || (estimate.ttftMs ?? 0) <= ttft) && (tpot === undefined || (estimate.tpotMs ?? 0) <= tpot);
  };
}

/** Rows meeting the SLO first, then those that cannot be checked (a figure is unknown), then those missing it. */
function sloRank(option: Pick<HardwareOption, 'meetsSlo'>): number {
  return option.meetsSlo === true ? 0 : option.meetsSlo === null ? 1 : 2;
}

function cheapestRegion(instance: Instance, pricing: PricingModel): string | undefined {
  return cheapestPrice(instance, pricing)?.region;
}

/**
 * The deployment moved to a target and analyzed as it would then read. A manifest
 * that names only an accelerator lets the cluster or the catalog pick the machine:
 * when that pick is not the target, the move needs a person (a node pool, a
 * node selector), and the row is estimated on the target as named.
 */
function moveTo(deployment: AnalyzedDeployment, target: Target, catalog: Catalog, assumptions: Assumptions, defaults: Defaults): { move: Retargeted; analyzed: AnalyzedDeployment } {
  const move = retarget(deployment.spec, deployment.resolution, target);
  const analyzed = analyzeDeployment(move.spec, catalog, assumptions, defaults);
  const landed = analyzed.resolution.instance?.id;
  if (landed === target.instance.id) return { move, analyzed };
  const spec = { ...move.spec, instance: declared({ value: target.instance.id, span: deployment.spec.hardwareSpan }) };
  const picked = landed ? `it resolves to ${landed}` : 'it names no machine type';
  const changes = [...(move.kind === 'manual' ? move.changes : []), `pin the deployment to ${target.instance.id} (${picked})`];
  return { move: { kind: 'manual', spec, changes }, analyzed: analyzeDeployment(spec, catalog, assumptions, defaults) };
}

/** The cheapest instance the model fits on that one edit can move the deployment to, for a quick fix. */
export function cheapestFit(comparison: Comparison): HardwareOption | undefined {
  return comparison.options.find((o) => o.fits && !o.current && o.move.kind === 'edit' && o.estimate.costPerMillionOutputTokens !== null);
}

function costKey(option: HardwareOption): number {
  return option.estimate.costPerMillionOutputTokens ?? Number.POSITIVE_INFINITY;
}

/** The largest tensor degree ≤ the accelerators that divides the heads and suits the KV heads. */
function tensorDegree(model: Model, accelerators: number): number {
  for (let t = accelerators; t > 1; t--) {
    if (accelerators % t !== 0 || model.attentionHeads % t !== 0) continue;
    if (model.mla || model.kvHeads % t === 0 || t % model.kvHeads === 0) return t;
  }
  return 1;
}
