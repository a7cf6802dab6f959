import type { Catalog } from '../catalog/catalog';
import { cheapestPrice, priceIn } from '../catalog/prices';
import type { AnalyzedDeployment } from '../engine/analyze';
import type { PoolAnalysis } from '../engine/pools';
import type { Disaggregated } from '../estimator/disaggregated';
import { weightBytes } from '../estimator/memory';
import type { Estimate, Explanation, MemoryEstimate, Range, Slo } from '../estimator/types';
import type { Span } from '../span';
import { chipLabel } from './cards';
import { assumptionLines } from './provenance';
import { FIELD_KEYS } from '../manifest/spec';
import { num, readable, usd } from '../numbers';
import { shareLabel, shareWords } from '../rules/sharedGpu';
import { md } from './markdown';

/** Lenses shown above a deployment, in order. `compare` runs the client's comparison command. */
export type LensKind = 'cost' | 'speed' | 'memory' | 'compare';

export interface Lens {
  readonly kind: LensKind;
  readonly title: string;
}

/** A value with the `≈` that marks an estimate, three significant digits. */
function approx(value: number, unit = ''): string {
  return `≈ ${readable(value)}${unit}`;
}


function unknownReason(estimate: Estimate | undefined, figure: 'speed' | 'cost' | 'memory'): string {
  return estimate?.unavailable.find((u) => u.figure === figure)?.reason ?? 'not enough is declared or known';
}

export function deploymentLenses(deployment: AnalyzedDeployment): Lens[] {
  const e = deployment.estimate;
  const pool = deployment.pool;
  if (e && pool?.combined && pool.other !== undefined) return poolLenses(e, pool.combined, pool.other);
  const lenses: Lens[] = [];
  // Without a declared concurrency the per-token price belongs to the capacity or goodput lens, beside the load it assumes.
  const loadLens = e?.operatingPoint === 'capacity' || e?.operatingPoint === 'goodput';
  // Cost per hour needs only hardware and a price, not the model.
  const perHour = e?.costPerHour ?? deployment.resolution.costPerHour;
  if (perHour !== null && perHour !== undefined) {
    const perToken = !loadLens && e?.costPerMillionOutputTokens != null ? ` · ${perMillion(e.costPerMillionOutputTokens)}` : '';
    lenses.push({ kind: 'cost', title: `${usd(perHour)}/h${perToken}` });
  } else if (deployment.spec.uncoveredCloud) {
    lenses.push({ kind: 'cost', title: `cost unknown: the catalog has no ${deployment.spec.uncoveredCloud} prices` });
  } else if (deployment.spec.gpuShare) {
    lenses.push({ kind: 'cost', title: `cost unknown: ${shareWords(deployment.spec.gpuShare, gpuName(deployment))} shares its machine, at a share not known` });
  } else {
    lenses.push({ kind: 'cost', title: `cost unknown: ${hardwareGap(deployment) ?? unknownReason(e, 'cost')}` });
  }
  // A pool with figures of its own whose other pool has none: said, since its figures cover one phase only.
  if (e && pool?.other !== undefined && pool.unavailable !== undefined) {
    lenses.push({ kind: 'speed', title: `with ${pool.other}: not estimated together — ${pool.unavailable}` });
  }
  if (e && loadLens) {
    lenses.push(...loadLenses(e, deployment.resolution.chip?.name));
  } else if (e?.ttftMs !== null && e?.ttftMs !== undefined && e.perUserTokensPerSecond !== null && e.outputTokensPerSecond !== null) {
    lenses.push({
      kind: 'speed',
      title: `TTFT ${approx(e.ttftMs, ' ms')} · ${approx(e.perUserTokensPerSecond)} tok/s per user · ${approx(e.outputTokensPerSecond)} tok/s total`,
    });
  } else if (e?.tpotMs != null && e.perUserTokensPerSecond !== null) {
    // A part without a published peak: one sequence's decode is timed, nothing else.
    lenses.push({ kind: 'speed', title: `${approx(e.perUserTokensPerSecond)} tok/s per user (TPOT ${approx(e.tpotMs, ' ms')}) · TTFT and throughput unknown` });
  } else if (!e) {
    lenses.push({ kind: 'speed', title: `speed unknown: ${missingInputs(deployment)}` });
  } else if (e.memory?.fits !== false) {
    lenses.push({ kind: 'speed', title: `speed unknown: ${unknownReason(e, 'speed')}` });
  }
  // A GGUF checkpoint's weights are sized at its base model's precision: an upper bound (see Resolution.ggufCheckpoint).
  const assumed = deployment.resolution.ggufCheckpoint ? deployment.resolution.precision : undefined;
  if (e?.memory) lenses.push({ kind: 'memory', title: memoryTitle(e.memory, assumed, enginesOf(deployment)) });
  // Whole-GPU alternatives to part of a GPU would compare unlike with unlike, and Apply would leave the share's request
  // behind; a pod on a platform the catalog does not cover (Cloud Run) has no catalog machine to move from.
  const comparable = !deployment.spec.gpuShare && !(deployment.spec.uncoveredCloud && deployment.spec.format === 'kubernetes');
  if (comparable) lenses.push({ kind: 'compare', title: 'Compare hardware…' });
  return lenses;
}

/**
 * A pool whose other pool is in the file: both pools' figures as one service — cost of
 * both, TTFT through prefill and the KV transfer, TPOT of the decode pool, which pool
 * limits and the replica ratio that balances them — then this pool's own memory.
 */
function poolLenses(e: Estimate, both: Disaggregated, other: string): Lens[] {
  const lenses: Lens[] = [];
  if (both.costPerHour === null) {
    lenses.push({ kind: 'cost', title: `cost unknown: ${e.costPerHour === null ? unknownReason(e, 'cost') : `no price for ${other}`}` });
  } else {
    const perToken = both.costPerMillionOutputTokens === null ? '' : ` · ${perMillion(both.costPerMillionOutputTokens)}`;
    lenses.push({ kind: 'cost', title: `${usd(both.costPerHour)}/h both pools${perToken}` });
  }
  lenses.push({
    kind: 'speed',
    title: `with ${other}: TTFT ${approx(both.ttftMs, ' ms')} (prefill ${readable(both.prefillMs)} + KV transfer ${readable(both.transfer.seconds * 1000)} ms) · TPOT ${approx(both.tpotMs, ' ms')} at ${sequencesText(both.decodeSequences)}`,
  });
  lenses.push({
    kind: 'speed',
    title: `${both.limiting} pool limits: prefill ${approx(both.prefillRequestsPerSecond)} req/s · decode ${approx(both.decodeRequestsPerSecond)} req/s · suggested prefill:decode ${both.ratio.prefill}:${both.ratio.decode}`,
  });
  if (e.memory) lenses.push({ kind: 'memory', title: memoryTitle(e.memory) });
  lenses.push({ kind: 'compare', title: 'Compare hardware…' });
  return lenses;
}

/** The pool lines of the details: both pools together, or why not, or that the other pool is elsewhere. */
function poolDetails(pool: PoolAnalysis, name: string): string[] {
  const both = pool.combined;
  if (both && pool.other !== undefined) {
    const money = both.costPerHour === null ? '' : ` · ${usd(both.costPerHour)}/h both pools${both.costPerMillionOutputTokens === null ? '' : ` · ≈ ${usd(both.costPerMillionOutputTokens)} / 1M output tokens`}`;
    return [
      `- **Disaggregated** (${pool.role} pool, with ${md(pool.other)}): TTFT ≈ ${readable(both.ttftMs)} ms = prefill ${readable(both.prefillMs)} ms + KV transfer ${readable(both.transfer.seconds * 1000)} ms (${readable(both.transfer.bytes / 1e6)} MB) · TPOT ≈ ${readable(both.tpotMs)} ms at ${sequencesText(both.decodeSequences)} · ≈ ${readable(both.outputTokensPerSecond)} tok/s${money}`,
      `- **Pools**: prefill ≈ ${readable(both.prefillRequestsPerSecond)} req/s, decode ≈ ${readable(both.decodeRequestsPerSecond)} req/s — the ${both.limiting} pool limits; prefill:decode replicas ${both.ratio.prefill}:${both.ratio.decode} balance them`,
      `- **This pool alone** (below): ${md(name)}'s own figures as if it served whole requests`,
    ];
  }
  if (pool.other !== undefined) return [`- **Disaggregated** (${pool.role} pool, with ${md(pool.other)}): not estimated together — ${md(pool.unavailable ?? 'not enough is known')}`];
  return [`- **Disaggregated**: the ${pool.role} pool of ${md(pool.deployment)}; the other pool is not in this file, so these figures cover only the ${pool.role} phase`];
}

function perMillion(value: number): string {
  return `${approx(value).replace('≈ ', '≈ $')} / 1M output tokens`;
}

function sequencesText(n: number): string {
  return `${num(n, 0)} sequence${n === 1 ? '' : 's'}`;
}

/**
 * "fits: 310 of 576 GB · 70.6 GB weights + 239 GB KV cache of 64 sequences": the KV cache of
 * the batch in flight. `assumedPrecision`: the weights' precision when nothing states it (a
 * GGUF checkpoint), said beside them. With several engines (data-parallel engines, SGLang
 * attention ranks) the figures are one engine's, and the line says so: "fits: 100 of 127 GB
 * on each of 8 engines".
 */
function memoryTitle(m: MemoryEstimate, assumedPrecision?: string, engines?: Engines): string {
  const weights = assumedPrecision ? `${readable(m.weightsGB)} GB weights at ${assumedPrecision} (assumed for GGUF: an upper bound)` : `${readable(m.weightsGB)} GB weights`;
  const each = engines ? ' each' : '';
  const parts = `${weights} + ${readable(m.kvCacheGB)} GB KV cache of ${sequencesText(m.sequences)}${each}`;
  const where = engines ? ` on each of ${engines.count} ${engines.name}s` : '';
  return m.fits ? `fits: ${readable(m.requiredGB)} of ${readable(m.availableGB)} GB${where} · ${parts}` : `does not fit: needs ${readable(m.requiredGB)} of ${readable(m.availableGB)} GB${where} · ${parts}`;
}

/** Engines whose figures are each one's: data-parallel engines, or SGLang's attention ranks. */
export interface Engines {
  readonly count: number;
  readonly name: 'engine' | 'attention rank';
}

/** The replica's engines, when more than one: its estimate's memory figures are one engine's. */
export function enginesOf(deployment: AnalyzedDeployment): Engines | undefined {
  const r = deployment.resolution;
  if (r.attentionRanks) return { count: r.attentionRanks, name: 'attention rank' };
  return r.dataParallel > 1 ? { count: r.dataParallel, name: 'engine' } : undefined;
}

/** An SLO in words: "TTFT ≤ 500 ms, TPOT ≤ 50 ms". */
function sloText(slo: Slo): string {
  return [slo.ttftMs !== undefined ? `TTFT ≤ ${num(slo.ttftMs, 1)} ms` : '', slo.tpotMs !== undefined ? `TPOT ≤ ${num(slo.tpotMs, 1)} ms` : ''].filter(Boolean).join(', ');
}

/**
 * No concurrency declared: two labelled figures instead of one load nobody chose —
 * one user's latency, and the capacity at full load (or, with an SLO, the goodput:
 * the most sequences that meet it).
 */
function loadLenses(e: Estimate, chipName: string | undefined): Lens[] {
  const lenses: Lens[] = [];
  const one = e.singleUser;
  if (one) {
    const ttft = one.ttftMs === null ? 'TTFT unknown' : `TTFT ${approx(one.ttftMs, ' ms')}`;
    lenses.push({ kind: 'speed', title: `single user: ${ttft} · TPOT ${approx(one.tpotMs, ' ms')} (${approx(one.perUserTokensPerSecond)} tok/s)` });
  }
  const money = (value: number | null): string => (value === null ? '' : ` · ${perMillion(value)}`);
  if (e.operatingPoint === 'goodput' && e.goodput) {
    const g = e.goodput;
    lenses.push({
      kind: 'speed',
      title: g.met
        ? `goodput (${sloText(g.slo)}): ${sequencesText(g.concurrency)} · ${approx(g.outputTokensPerSecond)} tok/s${money(g.costPerMillionOutputTokens)}`
        : `goodput: none — one sequence alone misses ${sloText(g.slo)} (TTFT ${approx(g.ttftMs, ' ms')}, TPOT ${approx(g.tpotMs, ' ms')})`,
    });
  } else if (e.capacity) {
    const c = e.capacity;
    lenses.push({ kind: 'speed', title: `capacity: ${approx(c.outputTokensPerSecond)} tok/s at ${sequencesText(c.concurrency)}${money(c.costPerMillionOutputTokens)}` });
  } else if (one) {
    // Only one sequence could be timed: the chip publishes no dense peak.
    lenses.push({ kind: 'speed', title: `capacity unknown: ${chipName ?? 'the chip'} has no published dense peak TFLOPS` });
  } else if (e.memory?.fits !== false) {
    lenses.push({ kind: 'speed', title: `speed unknown: ${unknownReason(e, 'speed')}` });
  }
  return lenses;
}

/** The GPU a share is of, as the hint names it, when known. */
function gpuName(deployment: AnalyzedDeployment): string | undefined {
  return deployment.resolution.chip ? chipLabel(deployment.resolution.chip) : undefined;
}

/** What a deployment lacks for an estimate, in the words of its manifest. */
function missingInputs(deployment: AnalyzedDeployment): string {
  const r = deployment.resolution;
  if (!deployment.spec.model) return 'no model declared';
  if (!r.model) return `unknown model "${deployment.spec.model.value}"`;
  const hardware = hardwareGap(deployment);
  if (hardware || !r.chip) return hardware ?? 'unknown hardware';
  if (deployment.spec.gpuShare) return `it runs on ${shareWords(deployment.spec.gpuShare, gpuName(deployment))}, and the estimator times whole GPUs`;
  const cpu = r.chip.type === 'cpu';
  if (!cpu && (r.tensor === undefined || r.acceleratorsPerReplica === undefined || r.tensor * r.pipeline * r.dataParallel > r.acceleratorsPerReplica)) {
    return 'parallelism does not match the accelerators';
  }
  return 'not enough is declared or known';
}

/** What is missing about the hardware, if anything: nothing named, a request that leaves the model to the cluster, or a name the catalog lacks. */
function hardwareGap(deployment: AnalyzedDeployment): string | undefined {
  const { spec, resolution: r } = deployment;
  if (r.chip) return undefined;
  if (spec.instance || spec.accelerator) return 'unknown hardware';
  return spec.acceleratorsPerPod || spec.pins?.resource ? 'the accelerator model is not named' : 'no hardware declared';
}

export interface Hint {
  /** Where the hint goes: the end of the value it describes. */
  readonly offset: number;
  readonly label: string;
  readonly tooltip?: string;
}

/** Short facts after values: the hardware behind an instance, a model's size, the replicas' cost. */
export function deploymentHints(deployment: AnalyzedDeployment): Hint[] {
  const { spec, resolution: r, estimate: e } = deployment;
  const hints: Hint[] = [];
  if (spec.instance && r.instance && r.chip) {
    const memory = r.instance.acceleratorMemoryGB ?? (r.chip.memoryGB !== undefined ? r.chip.memoryGB * r.instance.acceleratorCount : undefined);
    hints.push({ offset: spec.instance.span.end, label: `${r.instance.acceleratorCount}× ${chipLabel(r.chip)}${memory !== undefined ? ` · ${num(memory, 0)} GB` : ''}` });
  } else if (spec.accelerator && r.chip && !spec.instance) {
    // "4× WSE-3 · 44 GB SRAM each": the count a replica gets, and memory per chip.
    // A CPU counts no accelerators: its name alone is shown.
    const count = r.chip.type === 'cpu' ? undefined : r.acceleratorsPerReplica;
    const each = count !== undefined && count > 1 ? ' each' : '';
    const memory = r.chip.memoryGB !== undefined ? `${num(r.chip.memoryGB, 0)} GB${each}` : r.chip.sramMB !== undefined ? `${num(r.chip.sramMB / 1000, 0)} GB SRAM${each}` : undefined;
    const chips = count !== undefined ? `${num(count, 0)}× ${chipLabel(r.chip)}` : chipLabel(r.chip);
    const share = spec.gpuShare;
    const label = share ? shareLabel(share, chipLabel(r.chip)) : [chips, memory].filter(Boolean).join(' · ');
    hints.push({ offset: spec.accelerator.span.end, label });
  }
  if (spec.model && r.model && r.precision) {
    hints.push({ offset: spec.model.span.end, label: `${num(r.model.parametersB, 1)}B · ${num(weightBytes(r.model, r.precision) / 1e9, 0)} GB @ ${r.precision}` });
  }
  // A tensor degree the hardware cannot hold: the hint says what the estimate uses, as the finding does.
  const refit = r.parallelismRefit;
  if (spec.tensor && refit) {
    const unit = refit.unit ? `${num(spec.tensor.value, 0)} ${refit.unit.name} = ${num(refit.tensor, 0)} chips` : 'the hardware declared';
    hints.push({ offset: spec.tensor.span.end, label: `estimated as tensor ${num(refit.tensor, 0)} (${unit})` });
  }
  const perHour = e?.costPerHour ?? r.costPerHour;
  if (spec.replicas && perHour !== null && perHour !== undefined) {
    const tooltip = explanationText(e?.explain['costPerHour']);
    hints.push({ offset: spec.replicas.span.end, label: `${usd(perHour)}/h`, ...(tooltip ? { tooltip } : {}) });
  }
  return hints;
}

/**
 * The hints of a file's deployments, each once: deployments that share a line (SageMaker
 * production variants of one model, Kubernetes pods of one template) would otherwise put
 * the same hint twice after the same value.
 */
export function documentHints(deployments: readonly AnalyzedDeployment[]): Hint[] {
  const seen = new Set<string>();
  return deployments.flatMap(deploymentHints).filter((hint) => {
    const key = `${hint.offset}\0${hint.label}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const FIGURES: readonly { key: keyof Estimate & keyof Estimate['ranges'] | 'costPerHour'; label: string; unit: string }[] = [
  { key: 'ttftMs', label: 'Time to first token', unit: ' ms' },
  { key: 'tpotMs', label: 'Time per output token', unit: ' ms' },
  { key: 'perUserTokensPerSecond', label: 'Speed per user', unit: ' tok/s' },
  { key: 'outputTokensPerSecond', label: 'Throughput, all replicas', unit: ' tok/s' },
  { key: 'costPerHour', label: 'Cost per hour', unit: '' },
  { key: 'costPerMillionOutputTokens', label: 'Cost per 1M output tokens', unit: '' },
];

const BOUND_WORDS = {
  compute: 'compute',
  'memory-bandwidth': 'memory bandwidth',
  interconnect: 'interconnect (all-reduce and pipeline hops)',
  overhead: 'per-step overhead',
} as const;

/**
 * What the other values a manifest allows would mean, when the hardware was picked from
 * several (node affinity's `In` list): each instance type with its price where the estimate
 * is priced, each accelerator with the chip it is; the estimate shows one of them.
 */
function alternativeLines({ spec, resolution }: AnalyzedDeployment, catalog: Catalog): string[] {
  const lines: string[] = [];
  // A machine no text names (a chip label and a count, a machine family): the estimate's is one the catalog picked.
  if (resolution.instanceInferred && resolution.instance && resolution.chip && !spec.instance && !spec.gpuShare && spec.format !== 'skypilot') {
    const count = resolution.chipsPerPod ?? resolution.instance.acceleratorCount;
    const family = spec.machineFamily ? ` (in the ${md(spec.machineFamily)} family the node labels name)` : '';
    lines.push(
      spec.tpuTopology
        ? `- **Instance** ${md(resolution.instance.id)}: the slice of ${resolution.instance.acceleratorCount} × ${md(chipLabel(resolution.chip))} the topology ${md(spec.tpuTopology.value)} names`
        : `- **Instance** ${md(resolution.instance.id)}: assumed — the cheapest catalog machine holding ${count} × ${md(chipLabel(resolution.chip))}${family}; the cluster may place the pod on another`,
    );
  }
  const instance = spec.instance;
  if (instance?.origin === 'inferred' && instance.alternatives) {
    const where = resolution.region ?? 'its cheapest region';
    const priced = instance.alternatives.map((name) => {
      const found = catalog.instance(name);
      const price = found && (resolution.region ? priceIn(found, resolution.pricing, resolution.region) : cheapestPrice(found, resolution.pricing));
      const figure = !found ? 'not in the catalog' : price ? `${usd(price.usdPerHour)}/h` : `no ${resolution.pricing} price in ${where}`;
      return `${md(name)} ${figure}${name === instance.value ? ' (assumed)' : ''}`;
    });
    lines.push(`- **Instance types allowed**: ${priced.join(' · ')} — ${resolution.pricing}, per instance, in ${md(where)}`);
  }
  const accelerator = spec.accelerator;
  if (accelerator?.origin === 'inferred' && accelerator.alternatives) {
    const chips = accelerator.alternatives.map((name) => {
      const chip = catalog.chip(name);
      return `${md(name)} (${chip ? chipLabel(chip) : 'not in the catalog'})${name === accelerator.value ? ' (assumed)' : ''}`;
    });
    lines.push(`- **Accelerators allowed**: ${chips.join(' · ')}`);
  }
  return lines;
}

/** The whole estimate of a deployment: each figure with its range, what limits it, its formula and inputs. */
export function estimateDetails(deployment: AnalyzedDeployment, catalog: Catalog): string {
  const e = deployment.estimate;
  const title = `**${md(deployment.spec.name)}** — estimate`;
  if (!e) return [`${title}\n\nNo estimate: ${missingInputs(deployment)}.`, ...alternativeLines(deployment, catalog)].join('\n');
  const lines = [title, '', ...(deployment.pool ? poolDetails(deployment.pool, deployment.spec.name) : [])];
  for (const figure of FIGURES) {
    const value = e[figure.key];
    if (value === null) continue;
    const range = figure.key === 'costPerHour' ? undefined : e.ranges[figure.key];
    const money = figure.key.startsWith('cost');
    const shown = money ? usd(value) : `${readable(value)}${figure.unit}`;
    lines.push(`- **${figure.label}**: ${money && figure.key === 'costPerHour' ? '' : '≈ '}${shown}${range ? ` (likely ${formatRange(range, money, figure.unit)})` : ''}`);
  }
  // The estimate's figures are one engine's: a data-parallel engine, or an SGLang attention rank.
  const engines = enginesOf(deployment);
  const engineName = `data-parallel ${engines?.name ?? 'engine'}`;
  const perEngine = engines ? ` per ${engineName}` : '';
  if (e.memory) {
    lines.push(
      `- **Memory**: ${e.memory.fits ? 'fits' : 'does not fit'} — ${readable(e.memory.requiredGB)} of ${readable(e.memory.availableGB)} GB usable${perEngine} (${readable(e.memory.weightsGB)} GB weights, ${readable(e.memory.kvCacheGB)} GB KV cache of ${sequencesText(e.memory.sequences)})`,
    );
  }
  if (e.concurrency !== null) {
    const why =
      e.concurrencyBound === 'memory-capacity'
        ? 'limited by memory for the KV cache'
        : e.concurrencyBound === 'batch-limit'
          ? (e.batchLimit ?? 'the engine’s batch limit')
          : e.concurrencyBound === 'slo'
            ? 'the most that meet the SLO'
            : 'as declared';
    const undeclared = e.operatingPoint === 'capacity' || e.operatingPoint === 'goodput' ? '; no concurrency declared' : '';
    const shared = engines ? `, over ${engines.count} ${engineName}s` : '';
    lines.push(`- **Sequences in flight**: ${num(e.concurrency)} per replica (${why}${undeclared}${shared})`);
  }
  if (e.singleUser) {
    const one = e.singleUser;
    lines.push(`- **Single user**: ${one.ttftMs === null ? 'TTFT unknown' : `TTFT ≈ ${readable(one.ttftMs)} ms`} · TPOT ≈ ${readable(one.tpotMs)} ms (≈ ${readable(one.perUserTokensPerSecond)} tok/s)`);
  }
  if (e.capacity) {
    const c = e.capacity;
    lines.push(`- **Capacity** (full load, ${sequencesText(c.concurrency)}): ≈ ${readable(c.outputTokensPerSecond)} tok/s${c.costPerMillionOutputTokens === null ? '' : ` · ≈ ${usd(c.costPerMillionOutputTokens)} / 1M output tokens`}`);
  }
  if (e.goodput) {
    const g = e.goodput;
    lines.push(
      g.met
        ? `- **Goodput** (${sloText(g.slo)}): ${sequencesText(g.concurrency)} · ≈ ${readable(g.outputTokensPerSecond)} tok/s${g.costPerMillionOutputTokens === null ? '' : ` · ≈ ${usd(g.costPerMillionOutputTokens)} / 1M output tokens`}`
        : `- **Goodput** (${sloText(g.slo)}): none — one sequence alone has TTFT ≈ ${readable(g.ttftMs)} ms, TPOT ≈ ${readable(g.tpotMs)} ms`,
    );
  }
  const parallelism = parallelismLine(deployment);
  if (parallelism) lines.push(parallelism);
  if (e.prefillBound) lines.push(`- **Limited by**: prefill — ${BOUND_WORDS[e.prefillBound]}; decode — ${e.decodeBound ? BOUND_WORDS[e.decodeBound] : 'n/a'}`);
  for (const u of e.unavailable) lines.push(`- **${u.figure}**: unknown — ${md(u.reason)}`);
  // Whether experts are split matters only where there are experts to split over several chips.
  const r = deployment.resolution;
  const splittable = r.model?.moe !== undefined && (r.tensor ?? 1) * r.dataParallel > 1;
  lines.push(...assumptionLines(deployment, (key) => key !== 'expertParallel' || splittable));
  lines.push(...alternativeLines(deployment, catalog));
  const offers = deployment.resolution.model ? catalog.serverlessFor(deployment.resolution.model.id).slice(0, 3) : [];
  if (offers.length > 0) {
    const ratio = deployment.resolution.inputTokens / deployment.resolution.outputTokens;
    lines.push(`- **On an API**: ${offers.map((o) => `${md(o.provider)} ${usd(ratio * o.usdPerMillionInputTokens + o.usdPerMillionOutputTokens)} / 1M output tokens`).join(' · ')}`);
  }
  for (const [key, explanation] of [...Object.entries(deployment.pool?.combined?.explain ?? {}), ...Object.entries(e.explain)]) {
    lines.push('', `**${key}** = ${md(explanation.formula)}`, '', ...Object.entries(explanation.inputs).map(([k, v]) => `- ${md(k)}: ${md(v)}`));
  }
  return lines.join('\n');
}

/**
 * How the replica's chips are split, when it is more than one tensor × pipeline
 * engine as declared: the data-parallel engines, and a degree refitted to the hardware.
 */
function parallelismLine(deployment: AnalyzedDeployment): string | undefined {
  const r = deployment.resolution;
  const refit = r.parallelismRefit;
  if (r.attentionRanks) {
    const chips = (r.tensor ?? 0) / r.attentionRanks;
    return `- **Parallelism**: tensor ${r.tensor} with ${r.attentionRanks} data-parallel attention ranks of ${chips} ${chips === 1 ? 'chip' : 'chips'}: each attends for its own requests with its own KV cache, and the experts are split over all ${r.tensor} chips`;
  }
  if (!refit && r.dataParallel <= 1) return undefined;
  const engine = `tensor ${refit?.tensor ?? r.tensor} × pipeline ${r.pipeline} chips`;
  const split = r.dataParallel > 1 ? `${r.dataParallel} data-parallel engines of ${engine} each` : engine;
  return `- **Parallelism**: ${split}${refit ? `, the hardware declared (declared ${refit.declared}${refit.unit ? ` ${refit.unit.name}` : ''})` : ''}`;
}

function formatRange(range: Range, money: boolean, unit: string): string {
  return money ? `${usd(range.low)}–${usd(range.high)}` : `${readable(range.low)}–${readable(range.high)}${unit}`;
}

/** A figure's explanation as plain text, for tooltips. */
function explanationText(explanation: Explanation | undefined): string | undefined {
  if (!explanation) return undefined;
  return [explanation.formula, ...Object.entries(explanation.inputs).map(([k, v]) => `${k}: ${v}`)].join('\n');
}

/**
 * The deployment whose document contains an offset: of several in one document (the
 * pools of a Dynamo graph or an LLMInferenceService), the one whose name or one of
 * whose values is there, else the first.
 */
export function deploymentAt(deployments: readonly AnalyzedDeployment[], offset: number): AnalyzedDeployment | undefined {
  const around = deployments.filter((d) => contains(d.spec.span, offset));
  if (around.length <= 1) return around[0];
  const owns = (d: AnalyzedDeployment): boolean => FIELD_KEYS.some((key) => {
    const field = d.spec[key];
    return field !== undefined && contains(field.span, offset);
  });
  return around.find((d) => contains(d.spec.anchor, offset)) ?? around.find(owns) ?? around[0];
}

export function contains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}
