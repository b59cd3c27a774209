import { describe, expect, it } from 'vitest';
import { jobQueueDatabase } from '../../../testkit/db.js';
import { CLAIM_SQL, UNCLAIMED_WAIT_SQL } from './queue.js';

/** Which jobs a claim takes, in which order, and that it reads the indexes rather than every waiting job. */
const db = jobQueueDatabase();

/** `n` queued triage jobs for conversations from..from+n-1, run_at `ago` seconds back (one statement: ids ascend). */
async function queued(from: number, n: number, ago = 0): Promise<void> {
  await db.pool.query(
    `INSERT INTO triage.jobs (key, kind, account_id, conversation_id, max_attempts, run_at)
     SELECT 'triage:1:' || g, 'triage', 1, g, 5, now() - make_interval(secs => $3) FROM generate_series($1::int, $2::int) g`,
    [from, from + n - 1, ago],
  );
}

/** Jobs of conversations `ids` as running under a worker whose lease ran out `ago` seconds back. */
async function expired(ids: number[], ago: number): Promise<void> {
  await db.pool.query(
    `UPDATE triage.jobs SET status = 'running', worker = 'dead', attempts = 1, lease_until = now() - make_interval(secs => $2)
      WHERE conversation_id = ANY($1::int[])`,
    [ids, ago],
  );
}

/** The claimed jobs' conversations, ascending (a claim returns its rows in no particular order). */
const conversations = (jobs: { conversation_id: number }[]) => jobs.map((j) => j.conversation_id).sort((a, b) => a - b);

describe('JobQueue.claim', () => {
  it('takes jobs with an expired lease first (longest expired first), then the oldest due queued jobs by run_at and id', async () => {
    await queued(1, 3, 60);
    await queued(4, 3, 10);
    await expired([5], 5);
    await expired([2], 30);
    await db.pool.query(`UPDATE triage.jobs SET run_at = now() + interval '1 hour' WHERE conversation_id = 1`);

    const first = await db.queue.claim(2, 'w1');
    expect(conversations(first)).toEqual([2, 5]);
    expect(first.map((j) => j.attempts)).toEqual([2, 2]);
    const second = await db.queue.claim(2, 'w1');
    expect(conversations(second)).toEqual([3, 4]);
    expect(second.map((j) => [j.status, j.attempts])).toEqual([
      ['running', 1],
      ['running', 1],
    ]);
    const { rows } = await db.pool.query(`SELECT conversation_id, status, worker FROM triage.jobs ORDER BY conversation_id`);
    expect(rows).toEqual([
      { conversation_id: 1, status: 'queued', worker: null },
      { conversation_id: 2, status: 'running', worker: 'w1' },
      { conversation_id: 3, status: 'running', worker: 'w1' },
      { conversation_id: 4, status: 'running', worker: 'w1' },
      { conversation_id: 5, status: 'running', worker: 'w1' },
      { conversation_id: 6, status: 'queued', worker: null },
    ]);
  });

  it('never takes more than the limit, however the expired and queued jobs split it', async () => {
    await queued(1, 6);
    await expired([3], 30);
    await expired([1], 20);
    await expired([2], 10);
    expect(conversations(await db.queue.claim(2, 'w1'))).toEqual([1, 3]);
    expect(conversations(await db.queue.claim(2, 'w1'))).toEqual([2, 4]);
    expect(conversations(await db.queue.claim(5, 'w1'))).toEqual([5, 6]);
    expect(await db.queue.claim(5, 'w1')).toEqual([]);
  });

  it('two workers claiming at once never get the same job', async () => {
    await queued(1, 40);
    const [a, b] = await Promise.all([db.queue.claim(25, 'wa'), db.queue.claim(25, 'wb')]);
    const all = [...conversations(a), ...conversations(b)];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(40);
  });

  it('with 20,000 jobs waiting, reads the two partial indexes in order and sorts no more than the limit', async () => {
    await queued(1, 20_000);
    await expired([7, 8], 1);
    await db.pool.query('ANALYZE triage.jobs');
    const nodes = await planNodes(CLAIM_SQL, [4, 'w1', 30]);
    expect(nodes.filter((n) => n.type === 'Seq Scan')).toEqual([]);
    // The only sorts: the expired leases (few) and the window over the claimed rows, never the waiting jobs.
    expect(nodes.filter((n) => n.type.endsWith('Sort') && n.rows > 4)).toEqual([]);
    expect(nodes.map((n) => n.index).filter(Boolean)).toEqual(expect.arrayContaining(['jobs_leased', 'jobs_ready']));
  });
});

/** The plan's nodes, depth first: type, estimated rows and index. */
async function planNodes(sql: string, params: unknown[] = []): Promise<{ type: string; rows: number; index?: string }[]> {
  const { rows } = await db.pool.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const nodes: { type: string; rows: number; index?: string }[] = [];
  const walk = (n: { 'Node Type': string; 'Plan Rows': number; 'Index Name'?: string; Plans?: unknown[] }) => {
    nodes.push({ type: n['Node Type'], rows: n['Plan Rows'], ...(n['Index Name'] ? { index: n['Index Name'] } : {}) });
    for (const c of (n.Plans ?? []) as (typeof n)[]) walk(c);
  };
  walk((rows[0]!['QUERY PLAN'] as { Plan: Parameters<typeof walk>[0] }[])[0]!.Plan);
  return nodes;
}

describe('JobQueue.unclaimedWaitSeconds (a web process: does any worker take the jobs?)', () => {
  it('is null with nothing due, and null with jobs not due yet', async () => {
    expect(await db.queue.unclaimedWaitSeconds()).toBeNull();
    await queued(1, 2, -3600);
    expect(await db.queue.unclaimedWaitSeconds()).toBeNull();
  });

  it('is the age of the oldest due job while no job runs under a live lease, also when only dead leases remain', async () => {
    await queued(1, 1, 300);
    await queued(2, 1, 30);
    expect(Math.round((await db.queue.unclaimedWaitSeconds())!)).toBe(300);
    await expired([2], 10);
    expect(Math.round((await db.queue.unclaimedWaitSeconds())!)).toBe(300);
  });

  it('is null while some job runs under a live lease (a worker is there, only busy)', async () => {
    await queued(1, 3, 300);
    expect(await db.queue.claim(1, 'w1')).toHaveLength(1);
    expect(await db.queue.unclaimedWaitSeconds()).toBeNull();
  });

  it('with 20,000 jobs waiting, reads the two partial indexes, never the whole table', async () => {
    await queued(1, 20_000);
    await expired([7, 8], 1);
    await db.pool.query('ANALYZE triage.jobs');
    const nodes = await planNodes(UNCLAIMED_WAIT_SQL);
    expect(nodes.filter((n) => n.type === 'Seq Scan')).toEqual([]);
    expect(nodes.map((n) => n.index).filter(Boolean)).toEqual(expect.arrayContaining(['jobs_leased', 'jobs_ready']));
  });
});
