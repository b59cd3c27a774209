import { describe, expect, it } from 'vitest';
import { takeBatch, type NewJob } from './queue.js';

const triage = (conversationId: number): NewJob => ({ kind: 'triage', accountId: 1, conversationId });

describe('takeBatch (group commit)', () => {
  it('takes every waiting call whose keys are new to the batch, and leaves repeats for the next one, in order', () => {
    const pending = [{ jobs: [triage(1)] }, { jobs: [triage(2)] }, { jobs: [triage(1)] }, { jobs: [triage(3), triage(2)] }, { jobs: [triage(4)] }];
    const first = takeBatch(pending);
    expect(first.map((p) => p.jobs.map((j) => j.conversationId))).toEqual([[1], [2], [4]]);
    expect(pending.map((p) => p.jobs.map((j) => j.conversationId))).toEqual([[1], [3, 2]]);
    expect(takeBatch(pending).map((p) => p.jobs.map((j) => j.conversationId))).toEqual([[1], [3, 2]]);
    expect(pending).toEqual([]);
  });

  it('always takes the first call, and caps a batch at 500 jobs', () => {
    const big = { jobs: Array.from({ length: 600 }, (_, i) => triage(i)) };
    const pending = [big, { jobs: [triage(10_000)] }];
    expect(takeBatch(pending)).toEqual([big]);
    expect(pending).toHaveLength(1);
  });
});
