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
} as const satisfies Readonly<Record<string, { readonly field: keyof Settings; readonly schema: SettingSchema }>>;

/** The JSON Schema of one setting, as far as reading it needs. */
interface SettingSchema {
  readonly type: 'string' | 'number' | 'boolean' | 'array';
  readonly default: unknown;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly markdownDescription: string;
  readonly items?: { readonly type: 'string' };
  readonly scope?: string;
}

/** Every setting's default, from its schema. */
export const DEFAULT_SETTINGS: Settings = Object.fromEntries(Object.values(SETTINGS_SCHEMA).map(({ field, schema }) => [field, schema.default])) as unknown as Settings;

/** Reads raw client settings tolerantly: anything missing, mistyped or outside its schema keeps its default. */
export function normalizeSettings(raw: unknown): Settings {
  const settings: Record<string, unknown> = {};
  for (const [key, { field, schema }] of Object.entries(SETTINGS_SCHEMA)) {
    const value = valueAt(raw, key);
    settings[field] = accepted(schema, value) ?? schema.default;
  }
  return settings as unknown as Settings;
}

function valueAt(raw: unknown, path: string): unknown {
  let value: unknown = raw;
  for (const key of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** The value as the setting takes it (strings trimmed, empty paths dropped), or undefined when its schema rejects it. */
function accepted(schema: SettingSchema, value: unknown): unknown {
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return undefined;
      return schema.enum === undefined || schema.enum.includes(value) ? value.trim() : undefined;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      return value >= (schema.minimum ?? -Infinity) && value <= (schema.maximum ?? Infinity) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'array':
      return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : undefined;
  }
}
