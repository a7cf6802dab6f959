import type { DeploymentSpec, FieldKey } from '../manifest/deployment';
import type { Resolution } from '../resolve/resolve';
import { FIELD_KEYS } from '../manifest/spec';
import { md } from './markdown';

/** How each field is named for a person reading a card. */
const LABELS: Readonly<Record<FieldKey, string>> = {
  model: 'model',
  precision: 'precision',
  kvCachePrecision: 'KV cache precision',
  maxContextTokens: 'maximum context',
  instance: 'instance',
  accelerator: 'accelerator',
  count: 'count',
  acceleratorsPerPod: 'accelerators per pod',
  podsPerReplica: 'nodes per replica',
  tpuTopology: 'TPU topology',
  maxSequences: 'sequences in flight (cap)',
  expertParallel: 'expert parallelism',
  region: 'region',
  pricing: 'pricing',
  tensor: 'tensor parallel size',
  pipeline: 'pipeline parallel size',
  dataParallel: 'data parallel size',
  dataParallelLocal: 'data parallel engines per pod',
  attentionRanks: 'data-parallel attention ranks',
  replicas: 'replicas',
  inputTokens: 'input tokens',
  outputTokens: 'output tokens',
  concurrency: 'concurrency',
  requestsPerSecond: 'requests per second',
  ttftMs: 'TTFT SLO',
  tpotMs: 'TPOT SLO',
};

/**
 * Markdown lines for the values a deployment did not declare: what was assumed
 * (a default of the engine or format) and what was inferred from other text, so
 * every figure built on them says so. `relevant` leaves out the fields that do not
 * bear on this deployment's figures.
 */
export function assumptionLines(
  { spec, resolution }: { readonly spec: DeploymentSpec; readonly resolution: Pick<Resolution, 'precision' | 'precisionFromName' | 'ggufCheckpoint'> },
  relevant: (key: FieldKey) => boolean = () => true,
): string[] {
  const lines: string[] = [];
  for (const key of FIELD_KEYS) {
    const field = spec[key];
    if (!field || field.origin === 'declared' || !relevant(key)) continue;
    const how = field.origin === 'implied' ? 'assumed' : 'inferred';
    lines.push(`- **${LABELS[key]}** ${md(String(field.value))}: ${how} — ${md(field.reason)}`);
  }
  if (resolution.precisionFromName && resolution.precision && spec.model) {
    lines.push(`- **${LABELS.precision}** ${resolution.precision}: inferred — from the model name ${md(spec.model.value)}`);
  }
  if (resolution.ggufCheckpoint && resolution.precision && spec.model) {
    lines.push(`- **${LABELS.precision}** ${resolution.precision}: assumed — the base model's; ${md(spec.model.value)} is a GGUF checkpoint, whose file decides its precision`);
  }
  for (const value of spec.unresolved ?? []) lines.push(`- **${md(value.text)}**: not defined in this file — unknown`);
  return lines;
}
