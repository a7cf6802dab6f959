import { disaggregate, type Disaggregated, type PoolEstimate } from '../estimator/disaggregated';
import type { Finding } from '../findings';
import type { Estimate } from '../estimator/types';
import type { DeploymentSpec, Pool } from '../manifest/deployment';
import type { Resolution } from '../resolve/resolve';

/** What pairing needs of an analyzed deployment (`AnalyzedDeployment`, without importing the module that imports this one). */
interface Analyzed {
  readonly spec: DeploymentSpec;
  readonly resolution: Resolution;
  readonly estimate: Estimate | undefined;
  readonly findings: readonly Finding[];
  readonly pool?: PoolAnalysis;
}

/** A pool of a disaggregated deployment, as the file shows it: estimated with its other pool when the file holds both. */
export interface PoolAnalysis {
  readonly role: Pool['role'];
  readonly deployment: string;
  /** The other pool's name, when it is in the same file. */
  readonly other?: string;
  /** Both pools estimated together. */
  readonly combined?: Disaggregated;
  /** Why both pools are in the file but could not be estimated together. */
  readonly unavailable?: string;
}

const OTHER: Readonly<Record<Pool['role'], Pool['role']>> = { prefill: 'decode', decode: 'prefill' };

/**
 * Pairs the pools of each disaggregated deployment in a file — wherever they sit,
 * one document or two — and estimates them together; a pool whose other pool is
 * not in the file gets an info finding. Done over the whole file on every analysis
 * (it is cheap: one prefill and one decode timed per pair), so an edit of one pool,
 * even one that leaves the other's document in the cache, re-estimates both.
 */
export function pairPools<T extends Analyzed>(deployments: readonly T[]): { deployments: T[]; findings: Finding[] } {
  const groups = new Map<string, T[]>();
  for (const d of deployments) {
    const pool = d.spec.pool;
    if (!pool) continue;
    const group = groups.get(pool.deployment) ?? [];
    group.push(d);
    groups.set(pool.deployment, group);
  }
  if (groups.size === 0) return { deployments: [...deployments], findings: [] };
  const findings: Finding[] = [];
  const result = deployments.map((d): T => {
    const pool = d.spec.pool;
    const group = pool && groups.get(pool.deployment);
    if (!pool || !group) return d;
    const other = group.find((g) => g.spec.pool?.role === OTHER[pool.role]);
    if (!other) {
      const finding = phaseOnly(d, pool);
      if (!finding) return { ...d, pool: { role: pool.role, deployment: pool.deployment } };
      findings.push(finding);
      return { ...d, pool: { role: pool.role, deployment: pool.deployment }, findings: [...d.findings, finding] };
    }
    const [prefill, decode] = pool.role === 'prefill' ? [d, other] : [other, d];
    return { ...d, pool: { role: pool.role, deployment: pool.deployment, other: other.spec.name, ...combine(prefill, decode) } };
  });
  return { deployments: result, findings };
}

function combine(prefill: Analyzed, decode: Analyzed): { combined: Disaggregated } | { unavailable: string } {
  const p = poolEstimate(prefill);
  const d = poolEstimate(decode);
  if (!p) return { unavailable: `the prefill pool ${prefill.spec.name} has no estimate` };
  if (!d) return { unavailable: `the decode pool ${decode.spec.name} has no estimate` };
  const pairing = disaggregate(p, d);
  return pairing.kind === 'combined' ? { combined: pairing.figures } : { unavailable: pairing.reason };
}

function poolEstimate(d: Analyzed): PoolEstimate | undefined {
  const input = d.resolution.estimateInput;
  return input && d.estimate ? { name: d.spec.name, input, estimate: d.estimate } : undefined;
}

/** A pool alone in its file: its figures are its own, as if it served whole requests. Said only when there are figures. */
function phaseOnly(d: Analyzed, pool: Pool): Finding | undefined {
  if (!d.estimate) return undefined;
  return {
    code: 'pool-phase-only',
    severity: 'info',
    message: `${d.spec.name} is the ${pool.role} pool of ${pool.deployment}, whose ${OTHER[pool.role]} pool is not in this file: its figures are this pool's alone, as if it served whole requests, so read them for the ${pool.role} phase only. Put both pools in one file to estimate them together (KV-cache transfer, the limiting pool, the replica ratio).`,
    span: d.spec.anchor,
  };
}
