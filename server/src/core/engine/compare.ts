import { isSageMakerName, type Catalog } from '../catalog/catalog';
import type { Chip, Instance, Model, Precision } from '../catalog/types';
import type { Assumptions } from '../estimator/assumptions';
import { serverlessCosts, type ServerlessCost } from '../estimator/serverless';
import type { Estimate } from '../estimator/types';
import { declared } from '../manifest/provenance';
import { retarget, type Retargeted, type Target } from '../resolve/retarget';
import type { AnalyzedDeployment } from './analyze';
import { analyzeDeployment } from './analyze';
import type { Defaults } from '../resolve/resolve';
import { mayRunIn, priceIn } from '../catalog/prices';

/** One catalog instance evaluated for the same model and workload, as the deployment would be after moving there. */
export interface HardwareOption {
  readonly instance: Instance;
  readonly chip: Chip;
  readonly tensor: number;
  readonly precision: Precision;
  readonly region: string | undefined;
  readonly estimate: Estimate;
  readonly fits: boolean;
  /** The move: the edits Apply writes (exactly the configuration estimated here), or what has to change by hand. */
  readonly move: Retargeted;
  /** What the deployment becomes on this instance (what Apply produces), analyzed like any deployment. */
  readonly analyzed: AnalyzedDeployment;
}

export interface Comparison {
  readonly model: Model;
  /** Instances with a price, those the model fits on first, cheapest per token first. */
  readonly options: readonly HardwareOption[];
  /** The same traffic on per-token APIs, cheapest first. */
  readonly serverless: readonly ServerlessCost[];
}

/**
 * Ranks the catalog's priced instances for a deployment's model and workload: each
 * is estimated as the deployment would be on it, with tensor parallelism over its
 * accelerators (the largest degree the model's heads allow) and the declared
 * precision where the chip runs it natively (else bf16).
 */
export function compareHardware(deployment: AnalyzedDeployment, catalog: Catalog, assumptions: Assumptions, defaults: Defaults): Comparison | undefined {
  const model = deployment.resolution.model;
  if (!model) return undefined;
  const spec = deployment.spec;
  const region = spec.region?.value;
  const pricing = deployment.resolution.pricing;
  const options: HardwareOption[] = [];
  // A SageMaker endpoint compares SageMaker's instance types (its prices); anything else compares the rest.
  const sagemaker = isSageMakerName(spec.instance?.value ?? '');
  for (const instance of catalog.instances.all()) {
    if (isSageMakerName(instance.id) !== sagemaker) continue;
    const chip = catalog.chip(instance.accelerator);
    if (!chip || chip.type === 'cpu') continue;
    if (!mayRunIn(instance, region) || !priceIn(instance, pricing, region)) continue;
    const tensor = tensorDegree(model, instance.acceleratorCount);
    const declared = deployment.resolution.precision ?? 'bf16';
    const precision: Precision = chip.denseTflops?.[declared] !== undefined || declared === 'int4' ? declared : 'bf16';
    const { move, analyzed } = moveTo(deployment, { instance, chip, tensor, precision }, catalog, assumptions, defaults);
    if (!analyzed.estimate) continue;
    options.push({ instance, chip, tensor, precision, region: analyzed.resolution.region, estimate: analyzed.estimate, fits: analyzed.estimate.memory?.fits === true, move, analyzed });
  }
  options.sort((a, b) => Number(b.fits) - Number(a.fits) || costKey(a) - costKey(b));
  return { model, options, serverless: serverlessCosts(catalog, model.id, deployment.resolution.inputTokens, deployment.resolution.outputTokens) };
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
  return comparison.options.find((o) => o.fits && o.move.kind === 'edit' && o.estimate.costPerMillionOutputTokens !== null);
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
