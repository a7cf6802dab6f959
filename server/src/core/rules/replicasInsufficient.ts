import { fmt } from '../numbers';
import { numberFix, type Rule } from './rule';

/** Enough replicas to serve the declared requests per second at the estimated throughput. */
export const replicasInsufficient: Rule = {
  id: 'replicas-insufficient',
  check({ spec, resolution, estimate }) {
    const target = spec.requestsPerSecond;
    const needed = estimate?.replicasNeeded;
    if (!target || needed === null || needed === undefined || needed <= resolution.replicas) return [];
    const perReplica = (estimate?.requestsPerSecondCapacity ?? 0) / resolution.replicas;
    const where = spec.replicas ?? target;
    return [
      {
        code: 'replicas-insufficient',
        severity: 'warning',
        message: `${resolution.replicas} replica${resolution.replicas === 1 ? ' serves' : 's serve'} ≈ ${fmt(perReplica * resolution.replicas)} requests/s, below the target of ${fmt(target.value)}: ${needed} replicas needed (≈ ${fmt(perReplica)} requests/s each).`,
        span: where.span,
        ...(spec.replicas ? numberFix(spec.replicas, needed) : {}),
        related: spec.replicas ? [{ span: target.span, message: 'the target load' }] : [],
      },
    ];
  },
};
