import { describe, expect, it } from 'vitest';
import { median, roundOrder, spread, summarisePairs } from './rounds.js';

describe('interleaved bench rounds', () => {
  it('median of odd and even counts, spread', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(spread([0.5, 0.25, 0.75])).toEqual({ median: 0.5, min: 0.25, max: 0.75 });
  });

  it('alternates which side goes first', () => {
    expect([0, 1, 2, 3].map((i) => roundOrder(i)[0])).toEqual(['baseline', 'candidate', 'baseline', 'candidate']);
  });

  it('pairs each round’s candidate with the same round’s baseline', () => {
    const f = (requestsPerSecond: number, latencyP99Ms = 10) => ({ requestsPerSecond, latencyP50Ms: 1, latencyP99Ms });
    const s = summarisePairs([f(1000), f(2000), f(4000)], [f(600, 30), f(800, 20), f(2000, 40)]);
    expect(s.ratios).toEqual([0.6, 0.4, 0.5]);
    expect(s.ratio).toEqual({ median: 0.5, min: 0.4, max: 0.6 });
    expect(s.candidate.latencyP99Ms).toEqual({ median: 30, min: 20, max: 40 });
    expect(s.baseline.requestsPerSecond.median).toBe(2000);
    expect(() => summarisePairs([f(1)], [])).toThrow(/one baseline and one candidate/);
  });
});
