import { efficiencyOfChip } from './assumptions';
import { maxSequences, memoryEstimate, memoryPool } from './capacity';
import { costPerMillion, costs } from './cost';
import { engineWeightBytes, toGB } from './memory';
import { fmt, num } from '../numbers';
import type { Machine } from './performance';
import { dequantizedOnTheFly, machineFor, speed, type Speed } from './speed';
import type { ConcurrencyBound, Estimate, EstimateInput, Explanation, Goodput, LoadPoint, OperatingPoint, Range, SingleUser, Slo, Unavailable } from './types';

/**
 * Estimates memory fit, latency, throughput and cost of one deployment. Pure and total: never throws.
 *
 * A replica with data parallelism runs several engines of tensor × pipeline chips,
 * each serving its own requests: memory and latency are one engine's, at its share
 * of the replica's sequences; throughput and sequences in flight are the engines'
 * sum; cost is the replica's hardware, which data parallelism does not change.
 */
export function estimate(input: EstimateInput): Estimate {
  const unavailable: Unavailable[] = [];
  const explain: Record<string, Explanation> = {};
  const efficiency = efficiencyOfChip(input.assumptions, input.chip);
  const chips = input.tensor * input.pipeline;
  const engines = enginesOf(input);

  // Fit needs capacity only; speed needs bandwidth too (machineFor says which figure is missing).
  const pool = memoryPool(input, chips);
  if (!pool) unavailable.push({ figure: 'memory', reason: `${input.chip.name} has no published memory capacity` });
  const weightsGB = toGB(engineWeightBytes(input));
  const max = pool ? maxSequences(input, pool.gb * input.assumptions.memoryUtilization, weightsGB) : null;
  const machine = pool ? machineFor(input, efficiency, unavailable) : undefined;
  const oneFits = max !== null && max.count >= 1;
  const at = (sequences: number): Speed | undefined => (machine && canTime(machine, sequences) ? speed(input, machine, sequences) : undefined);

  const alone = oneFits ? at(1) : undefined;
  const full = oneFits && max ? at(max.count) : undefined;
  const singleUser = oneFits ? singleUserOf(alone) : null;
  const capacity = oneFits && max ? loadPoint(input, full, max.count) : null;
  const goodput = alone && full && max && hasSlo(input.slo) && machine?.peakFlops !== undefined ? goodputOf(input, machine, max.count, alone, full) : null;

  const { point, sequences, bound } = operatingPoint(input, max, goodput);
  const batchLimit = bound === 'batch-limit' ? batchLimitText(input) : null;
  const why = batchLimit ? `${batchLimit}; memory would hold more` : WHY[point];
  const memory = pool ? (memoryEstimate(input, chips, Math.max(1, sequences ?? 1), explain, why) ?? null) : null;
  const memoryFits = memory !== null && (point === 'declared' ? memory.fits : oneFits);
  const shownMemory = memory && memory.fits !== memoryFits ? { ...memory, fits: memoryFits } : memory;

  let speeds: Speed | undefined;
  if (machine && memoryFits && sequences !== null && sequences >= 1) {
    if (canTime(machine, sequences)) speeds = speed(input, machine, sequences, explain);
  } else if (memory && !memoryFits) {
    unavailable.push({ figure: 'speed', reason: 'the model does not fit in memory at the declared precision and concurrency' });
  } else if (memory && sequences !== null && sequences < 1) {
    unavailable.push({ figure: 'speed', reason: 'no memory is left for the KV cache of a single sequence' });
  }

  // Nothing timed at the operating point (no published peak): explain the one user's figures instead.
  if (!speeds && machine && singleUser) speed(input, machine, 1, explain);

  const outputTokensPerSecond = speeds ? speeds.tokensPerSecond * engines * input.replicas : null;
  if (engines > 1) explainDataParallel(explain, engines, input.replicas, input.expertParallel !== undefined);
  const cost = costs(input, chips * engines, outputTokensPerSecond, unavailable, explain);
  const ttftMs = speeds?.ttftSeconds != null ? speeds.ttftSeconds * 1000 : null;
  const tpotMs = speeds ? speeds.tpotSeconds * 1000 : null;
  const perUserTokensPerSecond = tpotMs === null ? null : 1000 / tpotMs;
  const spread = 1 + efficiency.uncertainty;
  // What the estimate leaves out and measured runs showed to cost (split experts' uneven load,
  // weights dequantized on the fly): the slow side of the ranges reaches the slowest of those runs.
  const slowSides = slowSidesOf(input, machine);
  const slow = Math.max(spread, ...slowSides.map((side) => side.factor));
  // A first token may reach a client later still than the steps' costs say (latent-attention MoE).
  const ttftSides = [...slowSides, ...firstTokenSlowSidesOf(input)];
  const ttftSlow = Math.max(spread, ...ttftSides.map((side) => side.factor));
  if (slow > spread && speeds) explainSlowSide(explain, slow, slowSides, ttftSlow > slow ? ['tpotMs', 'outputTokensPerSecond'] : ['ttftMs', 'tpotMs', 'outputTokensPerSecond']);
  if (ttftSlow > slow && speeds) explainSlowSide(explain, ttftSlow, ttftSides, ['ttftMs']);
  const time = (value: number | null, high = slow): Range | undefined => (value === null ? undefined : { low: value / spread, high: value * high });
  const rate = (value: number | null): Range | undefined => (value === null ? undefined : { low: value / slow, high: value * spread });
  const timedLoad = speeds !== undefined && machine?.peakFlops !== undefined;
  return {
    operatingPoint: point,
    singleUser,
    capacity,
    goodput,
    memory: shownMemory,
    ttftMs,
    tpotMs,
    perUserTokensPerSecond,
    // Without a dense peak only one sequence is timed: that is a latency, not a throughput.
    outputTokensPerSecond: timedLoad ? outputTokensPerSecond : null,
    maxConcurrency: max ? max.count * engines : null,
    concurrency: speeds && sequences !== null ? sequences * engines : null,
    concurrencyBound: speeds ? bound : null,
    batchLimit: speeds ? batchLimit : null,
    requestsPerSecondCapacity: outputTokensPerSecond === null || !timedLoad ? null : outputTokensPerSecond / input.outputTokens,
    replicasNeeded:
      input.requestsPerSecond === undefined || !speeds || !timedLoad
        ? null
        : Math.max(1, Math.ceil(input.requestsPerSecond / ((speeds.tokensPerSecond * engines) / input.outputTokens))),
    ...cost,
    ...(timedLoad ? {} : { costPerMillionOutputTokens: null, energyKWhPerMillionOutputTokens: null }),
    decodeBound: speeds?.decodeBound ?? null,
    prefillBound: ttftMs === null ? null : (speeds?.prefillBound ?? null),
    ranges: dropUndefined({
      ttftMs: time(ttftMs, ttftSlow),
      tpotMs: time(tpotMs),
      perUserTokensPerSecond: rate(perUserTokensPerSecond),
      outputTokensPerSecond: rate(timedLoad ? outputTokensPerSecond : null),
      costPerMillionOutputTokens: time(timedLoad ? cost.costPerMillionOutputTokens : null),
    }),
    explain,
    unavailable,
  };
}

/** Words for the memory explanation: whose KV cache is counted. */
const WHY: Readonly<Record<OperatingPoint, string>> = {
  declared: 'as declared',
  max: 'the most that fit, for "max"',
  capacity: 'the most that fit: no concurrency declared, so the batch at full load',
  goodput: 'the most that meet the SLO',
};

/** The engine's cap on sequences in flight and what sets it, for when it, not memory, limits the batch. */
function batchLimitText(input: EstimateInput): string {
  return `the engine’s batch limit of ${num(input.assumptions.maxBatchSequences)}, ${input.batchLimitOrigin ?? 'assumed (maxBatchSequences): the engine’s own limit is not known here'}`;
}

/** Without a published peak only one sequence can be timed (see Machine.peakFlops). */
function canTime(machine: Machine, sequences: number): boolean {
  return machine.peakFlops !== undefined || sequences === 1;
}

/** Data-parallel engines per replica. */
function enginesOf(input: EstimateInput): number {
  return input.dataParallel ?? 1;
}

/**
 * The sequences in flight on one engine the headline figures assume: as declared
 * (a replica's declared sequences shared by its data-parallel engines, the busiest
 * taking the remainder); the most that fit for "max" or when nothing is declared
 * (capacity); with an SLO and nothing declared, the most that meet it (goodput).
 */
function operatingPoint(
  input: EstimateInput,
  max: { count: number; bound: ConcurrencyBound } | null,
  goodput: Goodput | null,
): { point: OperatingPoint; sequences: number | null; bound: ConcurrencyBound | null } {
  const engines = enginesOf(input);
  if (input.concurrency !== 'max') return { point: 'declared', sequences: engines > 1 ? Math.ceil(input.concurrency / engines) : input.concurrency, bound: 'declared' };
  if (input.concurrencyDeclared) return { point: 'max', sequences: max?.count ?? null, bound: max?.bound ?? null };
  if (goodput) return { point: 'goodput', sequences: goodput.concurrency / engines, bound: 'slo' };
  return { point: 'capacity', sequences: max?.count ?? null, bound: max?.bound ?? null };
}

function hasSlo(slo: Slo): boolean {
  return slo.ttftMs !== undefined || slo.tpotMs !== undefined;
}

function singleUserOf(alone: Speed | undefined): SingleUser | null {
  if (!alone) return null;
  return { ttftMs: alone.ttftSeconds === null ? null : alone.ttftSeconds * 1000, tpotMs: alone.tpotSeconds * 1000, perUserTokensPerSecond: 1 / alone.tpotSeconds };
}

/** One engine's speed at `sequences` in flight, as a replica's load point (times its engines) over all replicas. */
function loadPoint(input: EstimateInput, s: Speed | undefined, sequences: number): LoadPoint | null {
  if (!s || s.ttftSeconds === null) return null;
  const engines = enginesOf(input);
  const outputTokensPerSecond = s.tokensPerSecond * engines * input.replicas;
  return {
    concurrency: sequences * engines,
    ttftMs: s.ttftSeconds * 1000,
    tpotMs: s.tpotSeconds * 1000,
    outputTokensPerSecond,
    costPerMillionOutputTokens: costPerMillion(input, outputTokensPerSecond),
  };
}

/**
 * The largest number of sequences in flight (1 … the most that fit) whose TTFT and
 * TPOT both meet the SLO. Both grow with the batch, so a bisection finds it in
 * ~log2(max) evaluations, after the one-sequence and full-load speeds already timed.
 * When even one sequence misses, the point is one sequence with `met: false`.
 */
function goodputOf(input: EstimateInput, machine: Machine, most: number, one: Speed, top: Speed): Goodput | null {
  const slo = input.slo;
  const meets = (s: Speed): boolean =>
    (slo.tpotMs === undefined || s.tpotSeconds * 1000 <= slo.tpotMs) && (slo.ttftMs === undefined || (s.ttftSeconds ?? Infinity) * 1000 <= slo.ttftMs);
  if (!meets(one)) {
    const point = loadPoint(input, one, 1);
    return point && { ...point, slo, met: false };
  }
  let low = 1;
  let lowSpeed = one;
  let high = most;
  if (meets(top)) {
    low = most;
    lowSpeed = top;
  } else {
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      const s = speed(input, machine, mid);
      if (meets(s)) {
        low = mid;
        lowSpeed = s;
      } else high = mid;
    }
  }
  const point = loadPoint(input, lowSpeed, low);
  return point && { ...point, slo, met: true };
}

/** The explanations with the data-parallel engines: memory is one engine's, and they multiply one engine's tokens per second. */
function explainDataParallel(explain: Record<string, Explanation>, engines: number, replicas: number, expertsSplit: boolean): void {
  const memory = explain['memory'];
  const holds = expertsSplit ? `the shared weights, 1/${engines} of the routed experts (expert parallelism) and its own KV cache` : 'its own weights and KV cache';
  if (memory) explain['memory'] = { ...memory, inputs: { ...memory.inputs, 'data-parallel engines': `${engines} per replica, each holding ${holds}: the figures are one engine's` } };
  const perEngine = explain['outputTokensPerSecond'];
  if (!perEngine) return;
  explain['outputTokensPerSecond'] = {
    formula: 'sequences in flight per engine × 1000 ÷ TPOT, × data-parallel engines per replica × replicas',
    inputs: { ...perEngine.inputs, 'data-parallel engines per replica': `${engines}`, replicas: `${replicas}` },
  };
}

/** A cost the estimate leaves out, the assumption that says how far it may reach, and why. */
interface SlowSide {
  readonly factor: number;
  readonly assumption: 'splitExpertsSlowdown' | 'dequantizedWeightsSlowdown' | 'latentMoeTtftSlowdown' | 'tritonAttentionSlowdown';
  readonly why: string;
}

/** The costs this deployment pays that the estimate leaves out, each with how much slower measured runs came out. */
function slowSidesOf(input: EstimateInput, machine: Machine | undefined): SlowSide[] {
  const sides: SlowSide[] = [];
  if (machine?.topology.experts) {
    sides.push({
      factor: input.assumptions.splitExpertsSlowdown,
      assumption: 'splitExpertsSlowdown',
      why: 'the estimate assumes every chip gets an even share of the routed tokens, and the 20 runs measured with experts split over chips came out from 1.8× faster to 1.8× slower than estimated, 1.01× slower at the median (DeepSeek-R1, Qwen3-235B, Qwen3-Coder-480B and Llama 4 on H100, H200, B200, GB200, MI300X and TPU7x)',
    });
  }
  if (dequantizedOnTheFly(input.chip, input.precision)) {
    sides.push({
      factor: input.assumptions.dequantizedWeightsSlowdown,
      assumption: 'dequantizedWeightsSlowdown',
      why: `${input.chip.name} has no ${input.precision} matrix unit, so the engine dequantizes the weights on the fly, which the estimate does not time; TensorRT-LLM's gpt-oss runs with fp4 weights on H100 and H200 came out 1.2–1.9× slower than estimated`,
    });
  }
  if (tritonAttention(input)) {
    sides.push({
      factor: input.assumptions.tritonAttentionSlowdown,
      assumption: 'tritonAttentionSlowdown',
      why: "SGLang runs attention on its Triton kernels (--attention-backend triton), and the estimate times it as the default kernels run it; SGLang's cookbook runs of GLM-4.7-Flash on one B200 with them came out 1.25–2.16× slower than estimated at 14–91 requests, the more so the longer the contexts in flight",
    });
  }
  return sides;
}

/**
 * Whether the serving command puts attention on SGLang's Triton kernels on an NVIDIA GPU, where
 * SGLang's defaults are FlashInfer's, FlashAttention's, FlashMLA's or TensorRT-LLM's. The runs
 * that measured the cost were on a B200; on other vendors' chips no run with Triton's kernels
 * was measured apart from one with the chip's default, so there is nothing to widen the range by.
 */
function tritonAttention(input: EstimateInput): boolean {
  return input.attentionBackend?.engine === 'sglang' && input.attentionBackend.name.toLowerCase() === 'triton' && input.chip.vendor === 'nvidia';
}

/**
 * What only the first token pays beyond the estimate: a MoE model with latent attention
 * (DeepSeek-R1's architecture), whose first token measured runs saw far later than estimated.
 */
function firstTokenSlowSidesOf(input: EstimateInput): SlowSide[] {
  if (!input.model.moe || !input.model.mla) return [];
  return [
    {
      factor: input.assumptions.latentMoeTtftSlowdown,
      assumption: 'latentMoeTtftSlowdown',
      why: "InferenceX's DeepSeek-R1 runs on 4–8 H200, B200, MI325X and MI355X (SGLang, TensorRT-LLM, ATOM) measured the first token at the client 1.1–6.6× later than estimated, 1.8× at the median: the estimate times the engine's prefill and a request overhead fitted on dense models",
    },
  ];
}

/** Why the ranges of `figures` reach further on the slow side than the family's spread (the assumptions the sides name). */
function explainSlowSide(explain: Record<string, Explanation>, slow: number, sides: readonly SlowSide[], figures: readonly string[]): void {
  const why = `up to ${fmt(slow)}× slower than this figure (${sides.map((side) => side.assumption).join(', ')}): ${sides.map((side) => side.why).join('; ')}`;
  for (const figure of figures) {
    const shown = explain[figure];
    if (shown) explain[figure] = { ...shown, inputs: { ...shown.inputs, 'likely range, slow side': why } };
  }
}

function dropUndefined<T extends object>(record: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
