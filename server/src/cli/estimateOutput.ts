import type { AnalyzedDeployment } from '../core/engine/analyze';
import type { Catalog } from '../core/catalog/catalog';
import { fmt } from '../core/numbers';
import { efficiencyOfChip } from '../core/estimator/assumptions';
import { enginesOf } from '../core/present/estimates';
import { serverlessCosts } from '../core/estimator/serverless';
import { shareLabel } from '../core/rules/sharedGpu';
import { jsonFinding, type CheckedFile } from './findingsOutput';
import { toRegion } from './positions';

/** The `estimate --json` shape: every figure present, `null` where it cannot be computed. */
export function estimateJson(file: CheckedFile, deployment: AnalyzedDeployment, catalog: Catalog): object {
  const e = deployment.estimate;
  const input = deployment.resolution.estimateInput;
  const r = deployment.resolution;
  const api = r.model ? serverlessCosts(catalog, r.model.id, r.inputTokens, r.outputTokens) : [];
  return {
    name: deployment.spec.name,
    file: file.path,
    line: toRegion(file.lines, deployment.spec.anchor).line,
    estimate: {
      memory: e?.memory
        ? {
            fits: e.memory.fits,
            requiredGB: round(e.memory.requiredGB),
            availableGB: round(e.memory.availableGB),
            capacityGB: round(e.memory.capacityGB),
            weightsGB: round(e.memory.weightsGB),
            kvCacheGB: round(e.memory.kvCacheGB),
          }
        : null,
      ttftMs: round(e?.ttftMs),
      tpotMs: round(e?.tpotMs),
      outputTokensPerSecond: round(e?.outputTokensPerSecond),
      perUserTokensPerSecond: round(e?.perUserTokensPerSecond),
      maxConcurrency: e?.maxConcurrency ?? null,
      concurrency: e?.concurrency ?? null,
      concurrencyBound: e?.concurrencyBound ?? null,
      batchLimit: e?.batchLimit ?? null,
      costPerHour: round(e?.costPerHour ?? deployment.resolution.costPerHour),
      costPerMillionOutputTokens: round(e?.costPerMillionOutputTokens),
      energyKWhPerMillionOutputTokens: round(e?.energyKWhPerMillionOutputTokens),
      replicasNeeded: e?.replicasNeeded ?? null,
      limitingBound: e ? { prefill: e.prefillBound, decode: e.decodeBound } : null,
      ranges: Object.fromEntries(Object.entries(e?.ranges ?? {}).map(([k, r]) => [k, { low: round(r.low), high: round(r.high) }])),
      assumptions: input
        ? {
            model: input.model.id,
            accelerator: input.chip.id,
            instance: input.instance?.id ?? null,
            acceleratorsPerReplica: deployment.resolution.acceleratorsPerReplica ?? null,
            tensor: input.tensor,
            pipeline: input.pipeline,
            dataParallel: input.dataParallel ?? 1,
            replicas: input.replicas,
            precision: input.precision,
            kvCachePrecision: input.kvPrecision,
            inputTokens: input.inputTokens,
            outputTokens: input.outputTokens,
            concurrency: input.concurrency,
            region: deployment.resolution.region ?? null,
            pricing: deployment.resolution.pricing,
            price: input.price ?? null,
            priceOrigin: deployment.resolution.priceOrigin ?? null,
            memoryUtilization: input.assumptions.memoryUtilization,
            utilization: input.assumptions.utilization,
            maxBatchSequences: input.assumptions.maxBatchSequences,
            efficiency: efficiencyOfChip(input.assumptions, input.chip),
          }
        : {},
      explain: e?.explain ?? {},
      serverless: api.map((c) => ({
        id: c.offer.id,
        provider: c.offer.provider,
        usdPerMillionInputTokens: c.offer.usdPerMillionInputTokens,
        usdPerMillionOutputTokens: c.offer.usdPerMillionOutputTokens,
        costPerMillionOutputTokens: round(c.usdPerMillionOutputTokens),
        asOf: c.offer.asOf,
        source: c.offer.source,
      })),
    },
    disaggregated: disaggregatedJson(deployment),
    findings: deployment.findings.map((f) => jsonFinding(file, f)),
  };
}

/** A pool estimated with its other pool: the pair's figures, as the lens shows them; null for any other deployment. */
function disaggregatedJson(deployment: AnalyzedDeployment): object | null {
  const pool = deployment.pool;
  if (!pool?.combined || !pool.other) return null;
  const c = pool.combined;
  return {
    role: pool.role,
    with: pool.other,
    ttftMs: round(c.ttftMs),
    prefillMs: round(c.prefillMs),
    kvTransferMs: round(c.transfer.seconds * 1000),
    tpotMs: round(c.tpotMs),
    prefillRequestsPerSecond: round(c.prefillRequestsPerSecond),
    decodeRequestsPerSecond: round(c.decodeRequestsPerSecond),
    limiting: c.limiting,
    ratio: c.ratio,
    outputTokensPerSecond: round(c.outputTokensPerSecond),
    costPerHour: round(c.costPerHour),
    costPerMillionOutputTokens: round(c.costPerMillionOutputTokens),
  };
}

function round(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return Number(fmt(value));
}

const COLUMNS = ['deployment', 'hardware', 'fits (GB)', 'TTFT ms', 'TPOT ms', 'tok/s/user', 'tok/s total', '$/h', '$/1M out'] as const;

/** One row per deployment, for people: unknown figures show as "—". */
export function estimateTable(files: readonly CheckedFile[]): string {
  const rows: string[][] = [];
  let paired = false;
  let perEngine = false;
  for (const file of files) {
    for (const d of file.analysis.deployments) {
      const e = d.estimate;
      const r = d.resolution;
      // A CPU host is named without a count: it has no accelerators.
      const count = r.chip?.type === 'cpu' ? '' : `${r.acceleratorsPerReplica ?? '?'}× `;
      const share = d.spec.gpuShare;
      const hardware = share
        ? `${shareLabel(share, r.chip?.id)}${r.replicas > 1 ? ` ×${r.replicas}` : ''}`
        : r.chip
        ? `${count}${r.chip.id}${r.instance ? ` (${r.instance.id})` : ''}${r.replicas > 1 ? ` ×${r.replicas}` : ''}`
        : d.spec.pins?.resource
          ? `${r.chipsPerPod ?? '?'}× ? (${d.spec.pins.resource})`
          : '—';
      // With data-parallel engines (or SGLang attention ranks) the memory figures are one engine's.
      const engineShare = enginesOf(d) !== undefined && e?.memory !== null && e?.memory !== undefined;
      perEngine ||= engineShare;
      const memory = e?.memory ? `${e.memory.fits ? 'yes' : 'NO'} ${fmt(e.memory.requiredGB)}/${fmt(e.memory.availableGB)}${engineShare ? ' †' : ''}` : '—';
      // A pool estimated with its other pool shows the pair's figures, as its lens does.
      const pair = d.pool?.combined;
      if (pair) {
        paired = true;
        rows.push([`${d.spec.name} *`, hardware, memory, cell(pair.ttftMs), cell(pair.tpotMs), cell(1000 / pair.tpotMs), cell(pair.outputTokensPerSecond), money(pair.costPerHour), money(pair.costPerMillionOutputTokens)]);
        continue;
      }
      // Cost per hour needs only the hardware and its price, not the model.
      const perHour = e?.costPerHour ?? r.costPerHour;
      rows.push([
        `${d.spec.name}`,
        hardware,
        memory,
        cell(e?.ttftMs),
        cell(e?.tpotMs),
        cell(e?.perUserTokensPerSecond),
        cell(e?.outputTokensPerSecond),
        money(perHour),
        money(e?.costPerMillionOutputTokens),
      ]);
    }
  }
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const table = [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  if (paired || perEngine) table.push('');
  if (paired) table.push('* a prefill or decode pool estimated with its other pool: TTFT (prefill + KV transfer), TPOT, tokens/s and cost are both pools\'.');
  if (perEngine) table.push('† one engine\'s memory: the replica runs several data-parallel engines (or attention ranks), each holding its own share.');
  return table.join('\n');
}

function money(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `$${fmt(value)}`;
}

function cell(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `≈${fmt(value)}`;
}
