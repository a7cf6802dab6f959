/**
 * The extension's settings, defined once: the server reads them with defaults,
 * the client contributes them (package.json `contributes.configuration` is
 * checked against this table by a test).
 */
import { PRICING_MODELS, type PricingModel } from '../core/catalog/types';

export const SETTINGS_SECTION = 'inferenceLens';

export interface Settings {
  /** Region for prices when a manifest names none; empty: the cheapest listed region. */
  readonly region: string;
  readonly pricing: PricingModel;
  /** Fraction of capacity a deployment is busy, for cost per token without a target load. */
  readonly utilization: number;
  /** Fraction of accelerator memory the serving engine may use. */
  readonly memoryUtilization: number;
  /** Catalog files merged over the bundled catalog, in order (workspace-relative or absolute). */
  readonly catalogPaths: readonly string[];
  readonly codeLensEnabled: boolean;
  readonly inlayHintsEnabled: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  region: '',
  pricing: 'on-demand',
  utilization: 1,
  memoryUtilization: 0.9,
  catalogPaths: [],
  codeLensEnabled: true,
  inlayHintsEnabled: true,
};

/** Each setting as contributed to VS Code: key under the section, JSON Schema, and where it lives in `Settings`. */
export const SETTINGS_SCHEMA = {
  region: {
    field: 'region',
    schema: { type: 'string', default: '', markdownDescription: 'Region for prices when a manifest declares none (e.g. `us-east-1`). Empty: the cheapest region the catalog lists.' },
  },
  pricing: {
    field: 'pricing',
    schema: { type: 'string', enum: [...PRICING_MODELS], default: 'on-demand', markdownDescription: 'Pricing model when a manifest declares none.' },
  },
  utilization: {
    field: 'utilization',
    schema: { type: 'number', minimum: 0.01, maximum: 1, default: 1, markdownDescription: 'Share of capacity a deployment is busy, for cost per token when no `requestsPerSecond` is declared.' },
  },
  memoryUtilization: {
    field: 'memoryUtilization',
    schema: { type: 'number', minimum: 0.1, maximum: 1, default: 0.9, markdownDescription: 'Share of accelerator memory the serving engine may use (vLLM `gpu_memory_utilization`).' },
  },
  'catalog.paths': {
    field: 'catalogPaths',
    schema: { type: 'array', items: { type: 'string' }, default: [], scope: 'machine-overridable', markdownDescription: 'Catalog files merged over the bundled catalog, in order (workspace-relative or absolute). `.inference-lens/catalog.yaml` in the workspace is always read.' },
  },
  'codeLens.enable': {
    field: 'codeLensEnabled',
    schema: { type: 'boolean', default: true, markdownDescription: 'Show cost, speed and memory lenses above deployments.' },
  },
  'inlayHints.enable': {
    field: 'inlayHintsEnabled',
    schema: { type: 'boolean', default: true, markdownDescription: 'Show hardware, model size and cost hints after values.' },
  },
} as const;

/** Reads raw client settings tolerantly: anything missing, mistyped or out of range keeps its default. */
export function normalizeSettings(raw: unknown): Settings {
  const get = (path: string): unknown => {
    let value: unknown = raw;
    for (const key of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    return value;
  };
  const fraction = (value: unknown, fallback: number, min: number): number =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= 1 ? value : fallback;
  const region = get('region');
  const pricing = get('pricing');
  const paths = get('catalog.paths');
  const lens = get('codeLens.enable');
  const hints = get('inlayHints.enable');
  return {
    region: typeof region === 'string' ? region.trim() : DEFAULT_SETTINGS.region,
    pricing: PRICING_MODELS.includes(pricing as PricingModel) ? (pricing as PricingModel) : DEFAULT_SETTINGS.pricing,
    utilization: fraction(get('utilization'), DEFAULT_SETTINGS.utilization, 0.01),
    memoryUtilization: fraction(get('memoryUtilization'), DEFAULT_SETTINGS.memoryUtilization, 0.1),
    catalogPaths: Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : DEFAULT_SETTINGS.catalogPaths,
    codeLensEnabled: typeof lens === 'boolean' ? lens : DEFAULT_SETTINGS.codeLensEnabled,
    inlayHintsEnabled: typeof hints === 'boolean' ? hints : DEFAULT_SETTINGS.inlayHintsEnabled,
  };
}
