import type { Rule } from './rule';

/**
 * A TPU slice topology (e.g. 2x4 = 8 chips) must equal the chips each host's pod
 * requests (google.com/tpu) times the hosts the replica spans.
 */
export const tpuTopology: Rule = {
  id: 'tpu-topology',
  check({ spec }) {
    const topology = spec.tpuTopology;
    const perPod = spec.acceleratorsPerPod;
    if (!topology || !perPod) return [];
    const dims = topology.value.split('x').map(Number);
    if (dims.length < 2 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
      return [{ code: 'tpu-topology', severity: 'error', message: `TPU topology "${topology.value}" is not of the form AxB or AxBxC.`, span: topology.span }];
    }
    const chips = dims.reduce((a, b) => a * b, 1);
    const hosts = spec.podsPerReplica?.value ?? 1;
    if (perPod.value * hosts === chips) return [];
    return [
      {
        code: 'tpu-topology',
        severity: 'error',
        message: `Topology ${topology.value} is ${chips} chips, but ${hosts} host${hosts === 1 ? '' : 's'} × google.com/tpu ${perPod.value} = ${perPod.value * hosts}.`,
        span: topology.span,
        related: [{ span: perPod.span, message: 'TPU chips requested per host' }],
      },
    ];
  },
};
