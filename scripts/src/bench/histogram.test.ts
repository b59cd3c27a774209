import { describe, expect, it } from 'vitest';
import { histogramBuckets, quantilesBetween } from './histogram.js';

const scrape = (counts: number[]) =>
  [
    '# HELP triage_webhook_commit_seconds How long …',
    '# TYPE triage_webhook_commit_seconds histogram',
    ...['0.001', '0.002', '0.005', '0.01', '0.02', '+Inf'].map((le, i) => `triage_webhook_commit_seconds_bucket{le="${le}"} ${counts[i]}`),
    `triage_webhook_commit_seconds_sum 1.5`,
    `triage_webhook_commit_seconds_count ${counts[5]}`,
    'triage_webhooks_total{outcome="accepted"} 9',
  ].join('\n');

describe('commit-wait quantiles from two scrapes', () => {
  it('reads the cumulative buckets of the named histogram', () => {
    expect([...histogramBuckets(scrape([1, 2, 3, 4, 5, 6]), 'triage_webhook_commit_seconds')]).toEqual([
      [0.001, 1],
      [0.002, 2],
      [0.005, 3],
      [0.01, 4],
      [0.02, 5],
      [Infinity, 6],
    ]);
    expect(histogramBuckets(scrape([1, 2, 3, 4, 5, 6]), 'triage_other_seconds').size).toBe(0);
  });

  it('takes only the observations between the scrapes, and gives the bucket bounds of their p50 and p99', () => {
    const before = histogramBuckets(scrape([50, 50, 50, 50, 50, 50]), 'triage_webhook_commit_seconds');
    // 200 new: 100 under 1 ms, 90 more under 2 ms, 8 more under 10 ms, 2 more under 20 ms.
    const after = histogramBuckets(scrape([150, 240, 240, 248, 250, 250]), 'triage_webhook_commit_seconds');
    expect(quantilesBetween(before, after)).toEqual({ count: 200, p50MsAtMost: 1, p99MsAtMost: 10 });
  });

  it('has no quantile without observations, nor past the last finite bucket', () => {
    const same = histogramBuckets(scrape([1, 1, 1, 1, 1, 1]), 'triage_webhook_commit_seconds');
    expect(quantilesBetween(same, same)).toEqual({ count: 0, p50MsAtMost: null, p99MsAtMost: null });
    const slow = histogramBuckets(scrape([0, 0, 0, 0, 0, 10]), 'triage_webhook_commit_seconds');
    expect(quantilesBetween(new Map(), slow)).toEqual({ count: 10, p50MsAtMost: null, p99MsAtMost: null });
  });
});
