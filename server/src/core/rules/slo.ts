import { fmt } from '../numbers';
import type { Estimate } from '../estimator/types';
import type { Rule, RuleContext } from './rule';

function sloRule(code: 'slo-ttft' | 'slo-tpot', figure: 'ttftMs' | 'tpotMs', label: string): Rule {
  return {
    id: code,
    check({ spec, estimate }: RuleContext) {
      const target = spec[figure];
      const value = estimate?.[figure as keyof Estimate] as number | null | undefined;
      if (!target || value === null || value === undefined || value <= target.value) return [];
      const bound = figure === 'ttftMs' ? estimate?.prefillBound : estimate?.decodeBound;
      // With fewer sequences in flight the SLO may hold: say how many (the goodput).
      const goodput = estimate?.goodput;
      const fewer =
        goodput?.met && estimate?.concurrency != null && goodput.concurrency < estimate.concurrency
          ? ` At most ${goodput.concurrency} sequence${goodput.concurrency === 1 ? '' : 's'} in flight per replica would meet it.`
          : '';
      return [
        {
          code,
          severity: 'warning',
          message: `Estimated ${label} ≈ ${fmt(value)} ms misses the SLO of ${fmt(target.value)} ms${bound ? ` (limited by ${bound.replace('-', ' ')})` : ''}.${fewer}`,
          span: target.span,
        },
      ];
    },
  };
}

/** The estimate must meet the declared latency targets. */
export const sloTtft = sloRule('slo-ttft', 'ttftMs', 'time to first token');
export const sloTpot = sloRule('slo-tpot', 'tpotMs', 'time per output token');
