/**
 * Quantiles of a Prometheus histogram between two scrapes of /metrics: the bench reads the pipeline's
 * `triage_webhook_commit_seconds` around its paced rounds, to tell how much of a webhook's latency was the wait for
 * its commit. Bucket resolution only: a quantile is the upper bound of the bucket it falls in.
 */

/** The cumulative bucket counts of histogram `name` (no labels) in Prometheus text, by upper bound in seconds. */
export function histogramBuckets(text: string, name: string): Map<number, number> {
  const buckets = new Map<number, number>();
  const prefix = `${name}_bucket{le="`;
  for (const line of text.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const end = line.indexOf('"', prefix.length);
    const le = line.slice(prefix.length, end);
    buckets.set(le === '+Inf' ? Infinity : Number(le), Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return buckets;
}

export interface HistogramQuantiles {
  /** Observations between the two scrapes. */
  count: number;
  /** Upper bounds of the buckets holding the 50th and 99th percentiles, in ms (null: none, or past the last bucket). */
  p50MsAtMost: number | null;
  p99MsAtMost: number | null;
}

/** The observations between `before` and `after` (two scrapes' buckets), and the buckets their p50 and p99 fall in. */
export function quantilesBetween(before: Map<number, number>, after: Map<number, number>): HistogramQuantiles {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const delta = bounds.map((le) => [le, (after.get(le) ?? 0) - (before.get(le) ?? 0)] as const);
  const count = delta.length ? delta[delta.length - 1]![1] : 0;
  const at = (q: number): number | null => {
    if (count === 0) return null;
    const hit = delta.find(([, n]) => n >= q * count);
    return hit && Number.isFinite(hit[0]) ? Math.round(hit[0] * 1000 * 10) / 10 : null;
  };
  return { count, p50MsAtMost: at(0.5), p99MsAtMost: at(0.99) };
}
