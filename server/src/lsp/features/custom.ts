import type { TextDocument } from 'vscode-languageserver-textdocument';
import { compareHardware } from '../../core/engine/compare';
import { deploymentAt, estimateDetails } from '../../core/present/estimates';
import type { CompareResult, EstimateDetailsResult, EstimatesResult } from '../../shared/protocol';
import type { Session } from '../session';

/** Handlers of the custom requests in shared/protocol.ts. */

export function estimates(session: Session, document: TextDocument): EstimatesResult {
  const analysis = session.analysisOf(document);
  return {
    deployments: analysis.deployments.map((d) => ({
      name: d.spec.name,
      start: d.spec.span.start,
      end: d.spec.span.end,
      anchor: d.spec.anchor.start,
      model: d.resolution.model?.id ?? null,
      hardware: d.resolution.instance?.id ?? d.resolution.chip?.id ?? null,
      costPerHour: d.estimate?.costPerHour ?? null,
      costPerMillionOutputTokens: d.estimate?.costPerMillionOutputTokens ?? null,
      ttftMs: d.estimate?.ttftMs ?? null,
      tpotMs: d.estimate?.tpotMs ?? null,
      outputTokensPerSecond: d.estimate?.outputTokensPerSecond ?? null,
      fits: d.estimate?.memory?.fits ?? null,
    })),
  };
}

export function details(session: Session, document: TextDocument, offset: number): EstimateDetailsResult | null {
  const deployment = deploymentAt(session.analysisOf(document).deployments, offset);
  return deployment ? { markdown: estimateDetails(deployment, session.catalog) } : null;
}

export function compare(session: Session, document: TextDocument, offset: number): CompareResult | null {
  const deployment = deploymentAt(session.analysisOf(document).deployments, offset);
  if (!deployment) return null;
  const { assumptions, defaults } = session.analysisOptions;
  const comparison = compareHardware(deployment, session.catalog, assumptions, defaults);
  return {
    deployment: deployment.spec.name,
    model: comparison?.model.id ?? null,
    hardware: (comparison?.options ?? []).map((o) => ({
      instance: o.instance.id,
      provider: o.instance.provider,
      accelerator: o.chip.id,
      acceleratorCount: o.instance.acceleratorCount,
      tensor: o.tensor,
      precision: o.precision,
      region: o.region ?? null,
      pricing: deployment.resolution.pricing,
      fits: o.fits,
      requiredGB: o.estimate.memory?.requiredGB ?? null,
      availableGB: o.estimate.memory?.availableGB ?? null,
      costPerHour: o.estimate.costPerHour,
      costPerMillionOutputTokens: o.estimate.costPerMillionOutputTokens,
      ttftMs: o.estimate.ttftMs,
      tpotMs: o.estimate.tpotMs,
    })),
    serverless: (comparison?.serverless ?? []).map((s) => ({
      id: s.offer.id,
      provider: s.offer.provider,
      costPerMillionOutputTokens: s.usdPerMillionOutputTokens,
      asOf: s.offer.asOf,
    })),
  };
}
