import type { Catalog } from '../catalog/catalog';
import type { Analysis } from '../engine/analyze';
import type { Span } from '../span';
import { chipCard, instanceCard, modelCard, precisionCard, regionCard } from './cards';
import { contains, deploymentAt, estimateDetails } from './estimates';

export interface HoverCard {
  readonly markdown: string;
  readonly span: Span;
}

/**
 * The card for the value under the cursor: an instance, a chip, a model, a
 * precision or a region, or the whole estimate on the deployment's name.
 */
export function hoverAt(analysis: Analysis, catalog: Catalog, offset: number): HoverCard | undefined {
  const deployment = deploymentAt(analysis.deployments, offset);
  if (!deployment) return undefined;
  const { spec, resolution: r } = deployment;
  const at = <T>(field: { value: T; span: Span } | undefined): field is { value: T; span: Span } => field !== undefined && contains(field.span, offset);

  if (at(spec.instance) && r.instance) return { span: spec.instance.span, markdown: instanceCard(r.instance, r.chip, r.region, r.pricing) };
  if (at(spec.accelerator) && r.chip) return { span: spec.accelerator.span, markdown: chipCard(r.chip) };
  if (at(spec.model) && r.model) return { span: spec.model.span, markdown: modelCard(r.model, r.precision) };
  if (at(spec.precision)) return { span: spec.precision.span, markdown: precisionCard(spec.precision.value, r.chip, r.model) };
  if (at(spec.kvCachePrecision)) return { span: spec.kvCachePrecision.span, markdown: precisionCard(spec.kvCachePrecision.value, r.chip, undefined) };
  if (at(spec.region)) return { span: spec.region.span, markdown: regionCard(spec.region.value, catalog, r.instance) };
  if (contains(spec.anchor, offset)) return { span: spec.anchor, markdown: estimateDetails(deployment, catalog) };
  return undefined;
}
