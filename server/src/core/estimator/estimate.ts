import { efficiencyFor } from './assumptions';
import { maxSequences, memoryEstimate } from './capacity';
import { costs } from './cost';
import { machineFor, speed, type Speed } from './speed';
import type { ConcurrencyBound, Estimate, EstimateInput, Explanation, Range, Unavailable } from './types';

/** Estimates memory fit, latency, throughput and cost of one deployment. Pure and total: never throws. */
export function estimate(input: EstimateInput): Estimate {
  const unavailable: Unavailable[] = [];
  const explain: Record<string, Explanation> = {};
  const efficiency = efficiencyFor(input.assumptions, input.chip.family);
  const chips = input.tensor * input.pipeline;

  const memory = memoryEstimate(input, chips, explain) ?? null;
  if (!memory) unavailable.push({ figure: 'memory', reason: `${input.chip.name} has no published memory capacity and bandwidth` });
  const machine = memory ? machineFor(input, efficiency, unavailable) : undefined;
  const max = memory ? maxSequences(input, memory) : null;
  const concurrency = input.concurrency === 'max' ? (max?.count ?? null) : input.concurrency;
  const concurrencyBound: ConcurrencyBound | null = input.concurrency === 'max' ? (max?.bound ?? null) : 'declared';

  let speeds: Speed | undefined;
  if (machine && memory?.fits && concurrency !== null && concurrency >= 1) {
    speeds = speed(input, machine, concurrency, explain);
  } else if (memory && !memory.fits) {
    unavailable.push({ figure: 'speed', reason: 'the model does not fit in memory at the declared precision and concurrency' });
  } else if (memory && concurrency !== null && concurrency < 1) {
    unavailable.push({ figure: 'speed', reason: 'no memory is left for the KV cache of a single sequence' });
  }

  const outputTokensPerSecond = speeds ? speeds.tokensPerSecond * input.replicas : null;
  const cost = costs(input, chips, outputTokensPerSecond, unavailable, explain);
  const ttftMs = speeds ? speeds.ttftSeconds * 1000 : null;
  const tpotMs = speeds ? speeds.tpotSeconds * 1000 : null;
  const perUserTokensPerSecond = tpotMs === null ? null : 1000 / tpotMs;
  const spread = 1 + efficiency.uncertainty;
  const around = (value: number | null): Range | undefined => (value === null ? undefined : { low: value / spread, high: value * spread });
  return {
    memory,
    ttftMs,
    tpotMs,
    perUserTokensPerSecond,
    outputTokensPerSecond,
    maxConcurrency: max?.count ?? null,
    concurrency: speeds ? concurrency : null,
    concurrencyBound: speeds ? concurrencyBound : null,
    requestsPerSecondCapacity: outputTokensPerSecond === null ? null : outputTokensPerSecond / input.outputTokens,
    replicasNeeded:
      input.requestsPerSecond === undefined || !speeds
        ? null
        : Math.max(1, Math.ceil(input.requestsPerSecond / (speeds.tokensPerSecond / input.outputTokens))),
    ...cost,
    decodeBound: speeds?.decodeBound ?? null,
    prefillBound: speeds?.prefillBound ?? null,
    ranges: dropUndefined({
      ttftMs: around(ttftMs),
      tpotMs: around(tpotMs),
      perUserTokensPerSecond: around(perUserTokensPerSecond),
      outputTokensPerSecond: around(outputTokensPerSecond),
      costPerMillionOutputTokens: around(cost.costPerMillionOutputTokens),
    }),
    explain,
    unavailable,
  };
}

function dropUndefined<T extends object>(record: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
