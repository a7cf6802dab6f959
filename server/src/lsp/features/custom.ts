import type { TextDocument } from 'vscode-languageserver-textdocument';
import { compareHardware } from '../../core/engine/compare';
import { chipCard, instanceCard, modelCard } from '../../core/present/cards';
import { deploymentAt, estimateDetails } from '../../core/present/estimates';
import type {
  AlternativeEditsResult,
  CatalogEntrySummary,
  CatalogResult,
  CompareResult,
  EstimateDetailsResult,
  EstimatesResult,
} from '../../shared/protocol';
import type { Session } from '../session';
import { regionsOf } from '../../core/catalog/prices';

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

export function compare(session: Session, document: TextDocument, offset: number, region?: string): CompareResult | null {
  const deployment = deploymentAt(session.analysisOf(document).deployments, offset);
  if (!deployment) return null;
  const { assumptions, defaults } = session.analysisOptions;
  const comparison = compareHardware(deployment, session.catalog, assumptions, defaults, region !== undefined ? { region } : {});
  return {
    deployment: deployment.spec.name,
    model: comparison?.model.id ?? null,
    region: comparison?.region ?? null,
    emptyRegion: comparison?.emptyRegion ?? null,
    regions: comparison?.regions ?? [],
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
      manualChanges: o.move.kind === 'manual' ? o.move.changes : null,
      meetsSlo: o.meetsSlo,
      current: o.current,
    })),
    serverless: (comparison?.serverless ?? []).map((s) => ({
      id: s.offer.id,
      provider: s.offer.provider,
      costPerMillionOutputTokens: s.usdPerMillionOutputTokens,
      asOf: s.offer.asOf,
    })),
  };
}

/**
 * Edits that move the deployment at an offset to a catalog instance: exactly the
 * move Compare Hardware estimated for that row (`retarget`), with the document
 * version they were computed for; none, with what to change by hand, when the
 * format cannot express the move.
 */
export function alternativeEdits(session: Session, document: TextDocument, offset: number, instanceId: string, region?: string): AlternativeEditsResult {
  const deployment = deploymentAt(session.analysisOf(document).deployments, offset);
  const instance = session.catalog.instance(instanceId);
  if (!deployment || !instance) return { edits: [], reason: 'no deployment here, or an unknown instance', version: document.version };
  const { assumptions, defaults } = session.analysisOptions;
  const option = compareHardware(deployment, session.catalog, assumptions, defaults, region !== undefined ? { region } : {})?.options.find((o) => o.instance.id === instance.id);
  if (!option) return { edits: [], reason: `${instance.id} is not among the instances this deployment can be compared on`, version: document.version };
  if (!option.fits) return { edits: [], reason: `the model does not fit on ${instance.id}`, version: document.version };
  if (option.move.kind === 'manual') return { edits: [], reason: `it needs manual changes: ${option.move.changes.join('; ')}`, version: document.version };
  return { edits: option.move.edits, version: document.version };
}

/** Catalog entries for pickers, and how fresh the catalog is. */
export function catalogSummary(session: Session): CatalogResult {
  const { catalog } = session;
  const entries: CatalogEntrySummary[] = [
    ...catalog.models.all().map((m) => ({ id: m.id, kind: 'model' as const, label: m.name, detail: `${m.parametersB}B parameters · ${m.maxContextTokens} tokens` })),
    ...catalog.instances.all().map((i) => ({
      id: i.id,
      kind: 'instance' as const,
      label: i.name ?? i.id,
      detail: `${i.acceleratorCount}× ${i.accelerator} · ${i.provider}`,
      regions: [...regionsOf(i)],
    })),
    ...catalog.chips.all().map((c) => ({ id: c.id, kind: 'chip' as const, label: c.name, detail: [c.vendor, c.memoryGB !== undefined ? `${c.memoryGB} GB` : undefined].filter(Boolean).join(' · ') })),
  ];
  const { oldest, newest } = catalog.asOfRange();
  return {
    entries,
    regions: catalog.regions(),
    oldestAsOf: oldest,
    newestAsOf: newest,
    files: session.catalogFiles,
    problems: session.catalogProblems.flatMap((p) => p.findings.map((f) => `${p.file}: ${f.message}`)),
  };
}

/** The same card the hover shows, for any catalog id or alias. */
export function catalogCard(session: Session, id: string): string | null {
  const { catalog, settings } = session;
  const chip = catalog.chip(id);
  if (chip) return chipCard(chip);
  const instance = catalog.instance(id);
  if (instance) return instanceCard(instance, catalog.chip(instance.accelerator), settings.region || undefined, settings.pricing);
  const model = catalog.model(id);
  return model ? modelCard(model, undefined) : null;
}
