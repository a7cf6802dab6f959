import { efficiencyOfChip } from './assumptions';
import { kvBytesForSequence } from './memory';
import { fmt, ms } from '../numbers';
import { decodeStep, prefillAlone, prefillShare, requestOverheadSeconds, type Machine, type Workload } from './performance';
import { machineFor } from './speed';
import type { Estimate, EstimateInput, Explanation } from './types';

/**
 * A disaggregated deployment estimated as one service: the prefill pool runs every
 * prompt, hands its KV cache over the network to the decode pool, which generates
 * the output. A request's first token waits for its prefill and the transfer; its
 * later tokens come at the decode pool's step time; the service sustains the lower
 * of the two pools' request rates.
 */

/** One pool as the engine found it: its spec's name, what it resolved to and its own estimate. */
export interface PoolEstimate {
  readonly name: string;
  readonly input: EstimateInput;
  readonly estimate: Estimate;
}

/** Moving one prompt's KV cache from a prefill replica to a decode replica. */
export interface KvTransfer {
  readonly bytes: number;
  /** Effective bytes per second between the two replicas. */
  readonly bytesPerSecond: number;
  readonly seconds: number;
}

export interface Disaggregated {
  /** Prefill of one prompt alone on the prefill pool plus the KV transfer. */
  readonly ttftMs: number;
  /** The prefill pool's part: the request's overhead and its prompt's prefill alone. */
  readonly prefillMs: number;
  readonly transfer: KvTransfer;
  /** One decode step of the decode pool at its sequences in flight: no prefill interleaves there. */
  readonly tpotMs: number;
  readonly decodeSequences: number;
  /** Requests per second each pool sustains, over all its replicas. */
  readonly prefillRequestsPerSecond: number;
  readonly decodeRequestsPerSecond: number;
  readonly limiting: 'prefill' | 'decode';
  /** Replicas of prefill to replicas of decode that give both pools the same request rate, in small whole numbers. */
  readonly ratio: { readonly prefill: number; readonly decode: number };
  /** Output tokens per second the service sustains: the limiting pool's request rate × output tokens. */
  readonly outputTokensPerSecond: number;
  /** Both pools' cost per hour; null when either pool has no price. */
  readonly costPerHour: number | null;
  readonly costPerMillionOutputTokens: number | null;
  readonly explain: Readonly<Record<'disaggregatedTtftMs' | 'poolBalance', Explanation>>;
}

export type Pairing = { readonly kind: 'combined'; readonly figures: Disaggregated } | { readonly kind: 'unavailable'; readonly reason: string };

/** The largest term of a suggested ratio: beyond it, the ratio is written as 1:N (or N:1). */
const RATIO_TERMS = 8;

/** Estimates a prefill pool and a decode pool of one deployment together. Pure and total. */
export function disaggregate(prefill: PoolEstimate, decode: PoolEstimate): Pairing {
  const prefillMachine = machineOf(prefill.input);
  const decodeMachine = machineOf(decode.input);
  if (!prefillMachine || prefillMachine.peakFlops === undefined) return unavailable(`the prefill pool ${prefill.name} cannot time prefill: ${reasonOf(prefill.estimate)}`);
  if (!decodeMachine) return unavailable(`the decode pool ${decode.name} cannot time decode: ${reasonOf(decode.estimate)}`);
  if (prefill.estimate.memory?.fits === false) return unavailable(`the model does not fit the prefill pool ${prefill.name}`);
  // Per engine: a replica's sequences in flight are shared by its data-parallel engines.
  const decodeEngines = decode.input.dataParallel ?? 1;
  const sequences = decode.estimate.concurrency === null ? null : decode.estimate.concurrency / decodeEngines;
  if (decode.estimate.memory?.fits === false || sequences === null || sequences < 1) return unavailable(`the decode pool ${decode.name} has no sequences in flight: ${reasonOf(decode.estimate)}`);
  // The decode pool with no published peak can time one sequence only (see Machine.peakFlops).
  const decodeSequences = decodeMachine.peakFlops === undefined ? 1 : sequences;

  const promptTokens = prefill.input.inputTokens;
  const prefillTime = prefillAlone(prefillMachine, workOf(prefill.input), promptTokens);
  const transfer = kvTransfer(prefill.input, decode.input, promptTokens);
  const context = decode.input.inputTokens + decode.input.outputTokens / 2;
  const step = decodeStep(decodeMachine, workOf(decode.input), decodeSequences, context);

  // A prefill-only replica keeps its chips busy with prompts back to back: pipeline stages work in parallel.
  const prefillEngines = prefill.input.dataParallel ?? 1;
  const perPrompt = prefillShare(prefillMachine, workOf(prefill.input), promptTokens);
  const prefillPerReplica = prefillEngines / perPrompt;
  const decodePerReplica = (decodeEngines * decodeSequences) / (decode.input.outputTokens * step.seconds);
  const prefillRate = prefillPerReplica * prefill.input.replicas;
  const decodeRate = decodePerReplica * decode.input.replicas;
  const limiting = prefillRate < decodeRate ? 'prefill' : 'decode';
  const ratio = balancedRatio(decodePerReplica / prefillPerReplica);
  const rate = Math.min(prefillRate, decodeRate);
  const outputTokensPerSecond = rate * decode.input.outputTokens;

  const costPerHour = prefill.estimate.costPerHour === null || decode.estimate.costPerHour === null ? null : prefill.estimate.costPerHour + decode.estimate.costPerHour;
  const served = servedTokensPerSecond(decode.input, outputTokensPerSecond);
  const perMillion = costPerHour === null || served <= 0 ? null : (costPerHour / (served * 3600)) * 1e6;

  // The request's own overhead is paid on the prefill pool, where it arrives.
  const prefillMs = (requestOverheadSeconds(prefillMachine) + prefillTime.seconds) * 1000;
  const figures: Disaggregated = {
    ttftMs: prefillMs + transfer.seconds * 1000,
    prefillMs,
    transfer,
    tpotMs: step.seconds * 1000,
    decodeSequences,
    prefillRequestsPerSecond: prefillRate,
    decodeRequestsPerSecond: decodeRate,
    limiting,
    ratio,
    outputTokensPerSecond,
    costPerHour,
    costPerMillionOutputTokens: perMillion !== null && Number.isFinite(perMillion) ? perMillion : null,
    explain: {
      disaggregatedTtftMs: {
        formula: 'the request overhead + prefill of the prompt alone on the prefill pool + KV-cache transfer to the decode pool (KV bytes of the prompt ÷ effective network bandwidth + latency)',
        inputs: {
          'prompt tokens': `${promptTokens}`,
          'request overhead': `${ms(requestOverheadSeconds(prefillMachine))} on ${prefill.name}`,
          prefill: `${ms(prefillTime.seconds)} on ${prefill.name}`,
          'KV cache of the prompt': `${fmt(transfer.bytes / 1e6)} MB (${prefill.input.kvPrecision})`,
          ...networkInputs(prefill, decode),
          'KV transfer': ms(transfer.seconds),
          'time per output token': `${ms(step.seconds)}: one decode step of ${decode.name} at ${decodeSequences} sequence${decodeSequences === 1 ? '' : 's'} (no prefill interleaves)`,
        },
        bound: transfer.seconds > prefillTime.seconds ? 'interconnect' : prefillTime.bound,
      },
      poolBalance: {
        formula:
          'prefill requests/s = replicas ÷ prefill time per prompt; decode requests/s = replicas × sequences in flight ÷ (output tokens × decode step); the lower limits; prefill:decode replicas that balance = decode rate per replica : prefill rate per replica',
        inputs: {
          'prefill per replica': `${fmt(prefillPerReplica)} requests/s (${enginesText(prefillEngines)}${ms(perPrompt)} per prompt of ${promptTokens} tokens)`,
          'decode per replica': `${fmt(decodePerReplica)} requests/s (${enginesText(decodeEngines)}${decodeSequences} sequences × ${decode.input.outputTokens} output tokens at ${ms(step.seconds)} a step)`,
          'prefill pool': `${fmt(prefillRate)} requests/s over ${prefill.input.replicas} replica${prefill.input.replicas === 1 ? '' : 's'}`,
          'decode pool': `${fmt(decodeRate)} requests/s over ${decode.input.replicas} replica${decode.input.replicas === 1 ? '' : 's'}`,
          limits: `${limiting} (${limiting === 'prefill' ? prefill.name : decode.name})`,
          'balanced prefill:decode': `${fmt(decodePerReplica / prefillPerReplica)} : 1, suggested ${ratio.prefill}:${ratio.decode}`,
          'cost per hour': costPerHour === null ? 'unknown: a pool has no price' : `$${fmt(costPerHour)} (both pools)`,
          'output tokens per second': `${fmt(outputTokensPerSecond)} at the limiting pool's rate`,
        },
      },
    },
  };
  return { kind: 'combined', figures };
}

/**
 * The KV cache of one prompt crossing the network from a prefill replica to a
 * decode replica: each replica has its share of its instances' network (a replica
 * on 1 of 8 GPUs has an eighth of the NICs), the slower side limits, at the
 * transfer's efficiency, plus one network latency.
 */
export function kvTransfer(prefill: EstimateInput, decode: EstimateInput, promptTokens: number): KvTransfer {
  const bytes = kvBytesForSequence(prefill.model, prefill.kvPrecision, promptTokens);
  const gbps = Math.min(replicaNetworkGbps(prefill), replicaNetworkGbps(decode));
  const { kvTransferEfficiency, networkLatencyUs } = prefill.assumptions;
  const bytesPerSecond = (gbps * 1e9 * kvTransferEfficiency) / 8;
  return { bytes, bytesPerSecond, seconds: networkLatencyUs * 1e-6 + bytes / bytesPerSecond };
}

/**
 * A replica's share of its instances' network, Gbps: the instance's figure, or the
 * named assumption when it has none, times the instances the replica uses (a bare
 * accelerator is taken as a system of its own).
 */
function replicaNetworkGbps(input: EstimateInput): number {
  const instanceGbps = input.instance?.networkGbps ?? input.assumptions.networkGbpsWithoutFigure;
  return input.instance ? instanceGbps * input.instancesPerReplica : instanceGbps;
}

/** "4 data-parallel engines × " before a per-engine figure, nothing for one engine. */
function enginesText(engines: number): string {
  return engines > 1 ? `${engines} data-parallel engines × ` : '';
}

function networkInputs(prefill: PoolEstimate, decode: PoolEstimate): Record<string, string> {
  const side = (pool: PoolEstimate): string => {
    const instance = pool.input.instance;
    const gbps = replicaNetworkGbps(pool.input);
    const assumed = pool.input.assumptions.networkGbpsWithoutFigure;
    if (!instance) return `${fmt(gbps)} Gbps — assumed: bare accelerators have no published network bandwidth (networkGbpsWithoutFigure)`;
    const figure = instance.networkGbps === undefined ? `an assumed ${fmt(assumed)} Gbps: ${instance.id} has no published network bandwidth (networkGbpsWithoutFigure)` : `${instance.id}'s ${fmt(instance.networkGbps)} Gbps`;
    return `${fmt(gbps)} Gbps (${fmt(pool.input.instancesPerReplica)} of ${figure})`;
  };
  return {
    'network of a prefill replica': side(prefill),
    'network of a decode replica': side(decode),
    'transfer efficiency': `${prefill.input.assumptions.kvTransferEfficiency} (kvTransferEfficiency)`,
    'network latency': `${fmt(prefill.input.assumptions.networkLatencyUs)} µs (networkLatencyUs)`,
  };
}

/**
 * Small whole numbers p:d close to the balanced ratio (`decodeRate ÷ prefillRate`
 * per replica, i.e. prefill replicas per decode replica): the pair of terms up to
 * RATIO_TERMS nearest in log ratio, smallest first; beyond the range, 1:N or N:1.
 */
export function balancedRatio(prefillPerDecode: number): { prefill: number; decode: number } {
  if (!(prefillPerDecode > 0) || !Number.isFinite(prefillPerDecode)) return { prefill: 1, decode: 1 };
  if (prefillPerDecode < 1 / RATIO_TERMS) return { prefill: 1, decode: Math.round(1 / prefillPerDecode) };
  if (prefillPerDecode > RATIO_TERMS) return { prefill: Math.round(prefillPerDecode), decode: 1 };
  let best = { prefill: 1, decode: 1 };
  let bestError = Infinity;
  for (let d = 1; d <= RATIO_TERMS; d++) {
    for (let p = 1; p <= RATIO_TERMS; p++) {
      const error = Math.abs(Math.log(p / d / prefillPerDecode));
      // Within 1% counts as equal: the smaller terms win.
      if (error < bestError - 0.01) {
        best = { prefill: p, decode: d };
        bestError = error;
      }
    }
  }
  return best;
}

/** Output tokens per second served: the declared target load, else the utilization assumption (as the pools' own cost). */
function servedTokensPerSecond(input: EstimateInput, capacity: number): number {
  if (input.requestsPerSecond === undefined) return capacity * input.assumptions.utilization;
  return Math.min(capacity, input.requestsPerSecond * input.outputTokens);
}

function machineOf(input: EstimateInput): Machine | undefined {
  return machineFor(input, efficiencyOfChip(input.assumptions, input.chip), []);
}

function workOf(input: EstimateInput): Workload {
  return { model: input.model, precision: input.precision, kvPrecision: input.kvPrecision };
}

function reasonOf(estimate: Estimate): string {
  return estimate.unavailable.find((u) => u.figure === 'speed' || u.figure === 'memory')?.reason ?? 'not enough is known';
}

function unavailable(reason: string): Pairing {
  return { kind: 'unavailable', reason };
}
