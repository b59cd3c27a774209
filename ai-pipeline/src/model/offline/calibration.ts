/** Softmax of raw scores divided by a temperature: turns classifier scores into probabilities. */
export function softmax(scores: readonly number[], temperature: number): number[] {
  const scaled = scores.map((s) => s / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Mean negative log-likelihood of the true labels under softmax(scores / T). */
export function negativeLogLikelihood(scores: readonly number[][], truth: readonly number[], temperature: number): number {
  let total = 0;
  scores.forEach((row, i) => {
    const p = softmax(row, temperature)[truth[i] as number] ?? 0;
    total -= Math.log(Math.max(p, 1e-12));
  });
  return total / Math.max(scores.length, 1);
}

/**
 * The temperature that makes softmax(scores / T) best calibrated on held-out predictions (minimum NLL),
 * searched on a log grid from 0.05 to 50 and refined around the best point.
 */
export function fitTemperature(scores: readonly number[][], truth: readonly number[]): number {
  if (scores.length === 0) return 1;
  let best = 1;
  let bestLoss = Infinity;
  const consider = (t: number): void => {
    const loss = negativeLogLikelihood(scores, truth, t);
    if (loss < bestLoss) {
      bestLoss = loss;
      best = t;
    }
  };
  for (let e = -3; e <= 4; e += 0.1) consider(Math.exp(e));
  const centre = best;
  for (let f = 0.8; f <= 1.25; f += 0.01) consider(centre * f);
  return best;
}
