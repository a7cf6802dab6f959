/**
 * Ranks that meet at every layer wait for the busiest one. With the experts split over
 * data-parallel engines (attention data parallelism), each engine takes its own requests, but
 * every step's MoE layers exchange tokens between all of them: a step lasts as long as its
 * slowest engine. Decode work is even across engines; new prompts are not. An engine that
 * prefills a prompt in a step holds the others back for that prefill, so a step pays the
 * prefills of the engine that got the most that step, not the average engine's.
 *
 * TensorRT-LLM's "ADP Balance Strategy" blog measures the loss (DeepSeek V3 on 8 GB200, attention
 * data parallelism over 8 with the experts split over 8, in-flight batching): its baseline
 * scheduler's iterations averaged a balance ratio (mean ÷ busiest rank's tokens) of 54%, and
 * throughput 25,664 tok/s where even iterations would give 39,552.
 */

/**
 * The mean number of new prompts the busiest of `ranks` engines takes in one step, when each
 * takes prompts as random (Poisson) arrivals at `perRank` a step: E[max of `ranks` Poisson(λ)]
 * = Σₖ (1 − F(k)^ranks), F the Poisson distribution function. One engine: `perRank` itself.
 */
export function busiestRankArrivals(perRank: number, ranks: number): number {
  if (!(perRank > 0)) return 0;
  if (ranks <= 1) return perRank;
  // The terms vanish a dozen standard deviations past the mean; the log keeps e^−λ from underflowing.
  const last = Math.ceil(perRank + 12 * Math.sqrt(perRank) + 12);
  const logRate = Math.log(perRank);
  let logPmf = -perRank;
  let cdf = 0;
  let mean = 0;
  for (let k = 0; k <= last; k++) {
    if (k > 0) logPmf += logRate - Math.log(k);
    cdf = Math.min(1, cdf + Math.exp(logPmf));
    mean += 1 - cdf ** ranks;
  }
  return mean;
}
