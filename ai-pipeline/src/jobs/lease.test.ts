import { describe, expect, expectTypeOf, it } from 'vitest';
import { jobQueueDatabase } from '../../../testkit/db.js';
import { LeaseLost } from '../errors.js';
import { JobLease, JobQueue, type ClaimedJob, type JobRow } from './queue.js';

/**
 * Every write of a running job is fenced by its lease (worker and attempt): a worker whose lease ran out and whose job
 * another worker claimed changes nothing and gets LeaseLost; the new owner settles the job as usual.
 */
const db = jobQueueDatabase();

/** The lease ends as if the worker had stalled past it (no waiting in the test). */
const expireLease = (id: number) => db.pool.query(`UPDATE triage.jobs SET lease_until = now() - interval '1 second' WHERE id = $1`, [id]);

async function row(id: number) {
  const { rows } = await db.pool.query(`SELECT status, worker, attempts, checkpoint, last_error, run_at > now() AS later FROM triage.jobs WHERE id = $1`, [id]);
  return rows[0];
}

async function claimOne(worker: string): Promise<ClaimedJob> {
  const [job] = await db.queue.claim(1, worker);
  if (!job) throw new Error(`${worker} claimed nothing`);
  return job;
}

/** A's lease as A holds it, not yet known to be lost in this process: each write must be stopped by the database. */
const copy = (l: JobLease) => new JobLease(l.jobId, l.jobKey, l.worker, l.attempt);

describe('fenced writes of a running job', () => {
  it('a stale worker changes nothing and gets LeaseLost; the new owner completes normally', async () => {
    await db.queue.enqueue([{ kind: 'triage', accountId: 1, conversationId: 7 }]);
    const a = await claimOne('worker-A');
    await db.queue.saveCheckpoint(a.lease, { steps: { analyze: 'by A' } });
    await expireLease(a.id);
    const b = await claimOne('worker-B');
    expect(b.id).toBe(a.id);
    expect(b.lease.attempt).toBe(2);
    expect(b.checkpoint).toEqual({ steps: { analyze: 'by A' } });
    await db.queue.saveCheckpoint(b.lease, { steps: { analyze: 'by B' } });
    const before = await row(a.id);

    await expect(db.queue.saveCheckpoint(copy(a.lease), { steps: { analyze: 'stale' } })).rejects.toBeInstanceOf(LeaseLost);
    await expect(db.queue.complete(copy(a.lease))).rejects.toBeInstanceOf(LeaseLost);
    await expect(db.queue.retryLater(copy(a.lease), 60_000, 'stale retry')).rejects.toBeInstanceOf(LeaseLost);
    await expect(db.queue.retryLater(copy(a.lease), 60_000, null, false)).rejects.toBeInstanceOf(LeaseLost);
    await expect(db.queue.fail(copy(a.lease), 'stale failure')).rejects.toBeInstanceOf(LeaseLost);
    await expect(db.queue.renew(copy(a.lease))).rejects.toBeInstanceOf(LeaseLost);
    expect(await row(a.id)).toEqual(before);
    expect(before).toMatchObject({ status: 'running', worker: 'worker-B', attempts: 2, checkpoint: { steps: { analyze: 'by B' } } });

    // Once a write found the lease lost, the lease says so: later writes stop without a round trip.
    await expect(db.queue.complete(a.lease)).rejects.toBeInstanceOf(LeaseLost);
    expect(a.lease.isLost).toBe(true);
    await expect(db.queue.complete(a.lease)).rejects.toThrow(/lease lost on triage:1:7/);
    const err = await db.queue.complete(a.lease).catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: false, jobKey: 'triage:1:7' });

    await db.queue.complete(b.lease);
    expect(await row(a.id)).toMatchObject({ status: 'done', worker: 'worker-B', checkpoint: { steps: { analyze: 'by B' } }, last_error: null });
    // Settled: not even the owner writes to it again.
    await expect(db.queue.saveCheckpoint(copy(b.lease), {})).rejects.toBeInstanceOf(LeaseLost);
  });

  it('the same worker claiming its job again holds a new lease; the old run of it is fenced out by the attempt', async () => {
    await db.queue.enqueue([{ kind: 'followup', accountId: 1, conversationId: 8, messageId: 80 }]);
    const first = await claimOne('worker-A');
    await expireLease(first.id);
    const second = await claimOne('worker-A');
    await expect(db.queue.saveCheckpoint(copy(first.lease), { stale: true })).rejects.toBeInstanceOf(LeaseLost);
    await expect(db.queue.fail(copy(first.lease), 'stale')).rejects.toBeInstanceOf(LeaseLost);
    await db.queue.saveCheckpoint(second.lease, { fresh: true });
    await db.queue.retryLater(second.lease, 60_000, 'model overloaded');
    expect(await row(first.id)).toMatchObject({ status: 'queued', worker: null, attempts: 2, checkpoint: { fresh: true }, last_error: 'model overloaded', later: true });
  });

  it('the owner defers and fails as before', async () => {
    await db.queue.enqueue([
      { kind: 'triage', accountId: 1, conversationId: 9 },
      { kind: 'triage', accountId: 1, conversationId: 10 },
    ]);
    const [x, y] = await db.queue.claim(2, 'worker-A');
    await db.queue.retryLater(x!.lease, 0, null, false);
    expect(await row(x!.id)).toMatchObject({ status: 'queued', worker: null, attempts: 0 });
    await db.queue.fail(y!.lease, 'no such conversation');
    expect(await row(y!.id)).toMatchObject({ status: 'failed', worker: 'worker-A', last_error: 'no such conversation' });
  });

  it('types job and message ids as the numbers they are at runtime (bigint read by store/pg-types.ts)', async () => {
    // Type level (checked by `npm run typecheck`): the id a lease and the heartbeat carry is a number, not a string.
    expectTypeOf<JobRow['id']>().toEqualTypeOf<number>();
    expectTypeOf<JobRow['message_id']>().toEqualTypeOf<number | null>();
    expectTypeOf<JobLease['jobId']>().toEqualTypeOf<number>();
    expectTypeOf<Awaited<ReturnType<JobQueue['heartbeat']>>>().toEqualTypeOf<number[]>();
    await db.queue.enqueue([{ kind: 'followup', accountId: 1, conversationId: 13, messageId: 4_000_000_001 }]);
    const job = await claimOne('worker-A');
    expect(typeof job.id).toBe('number');
    expect(job.lease.jobId).toBe(job.id);
    expect(job.message_id).toBe(4_000_000_001);
    expect(await db.queue.heartbeat([job.id], 'worker-A')).toEqual([job.id]);
    expect(await db.queue.findByKey(job.key)).toMatchObject({ id: job.id, message_id: 4_000_000_001 });
  });

  it('heartbeat renews and returns only the jobs the worker still owns; release hands back only its own', async () => {
    await db.queue.enqueue([
      { kind: 'triage', accountId: 1, conversationId: 11 },
      { kind: 'triage', accountId: 1, conversationId: 12 },
    ]);
    const [kept, lost] = await db.queue.claim(2, 'worker-A');
    await expireLease(kept!.id);
    await expireLease(lost!.id);
    const taken = await claimOne('worker-B');
    // claim takes by run_at then id: B got the first one; A keeps the other (its lease expired, but no one took it).
    const mine = taken.id === kept!.id ? lost! : kept!;
    expect(await db.queue.heartbeat([kept!.id, lost!.id], 'worker-A')).toEqual([mine.id]);
    const { rows } = await db.pool.query(`SELECT lease_until > now() AS leased FROM triage.jobs WHERE id = $1`, [mine.id]);
    expect(rows[0].leased).toBe(true);
    expect(await db.queue.heartbeat([], 'worker-A')).toEqual([]);

    await db.queue.release([kept!.id, lost!.id], 'worker-A');
    expect(await row(taken.id)).toMatchObject({ status: 'running', worker: 'worker-B' });
    expect(await row(mine.id)).toMatchObject({ status: 'queued', worker: null });
    // A released run that goes on is fenced out too.
    await expect(db.queue.saveCheckpoint(copy(mine.lease), {})).rejects.toBeInstanceOf(LeaseLost);
  });
});
