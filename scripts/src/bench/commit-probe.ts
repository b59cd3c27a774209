import type pg from 'pg';
import { median } from './rounds.js';

export interface CommitProbe {
  /** The server's durability settings as the bench ran (SHOW): the pipeline's 200 waits for a commit under them. */
  fsync: string;
  synchronousCommit: string;
  walSyncMethod: string;
  /** Latency of one single-row INSERT committed on its own (autocommit), over `samples` in a row. */
  samples: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * What one durable commit costs on this machine right now: `samples` single-row INSERTs into a WAL-logged table,
 * each its own transaction, timed one by one. The floor under any webhook's latency when the 200 waits for the commit.
 */
export async function probeCommits(db: pg.Client, samples = 200): Promise<CommitProbe> {
  const show = async (name: string) => (await db.query<Record<string, string>>(`SHOW ${name}`)).rows[0]![name]!;
  await db.query('CREATE TABLE IF NOT EXISTS bench_commit_probe (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())');
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await db.query('INSERT INTO bench_commit_probe DEFAULT VALUES');
    ms.push(performance.now() - t);
  }
  await db.query('DROP TABLE bench_commit_probe');
  ms.sort((a, b) => a - b);
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    fsync: await show('fsync'),
    synchronousCommit: await show('synchronous_commit'),
    walSyncMethod: await show('wal_sync_method'),
    samples,
    p50Ms: round1(median(ms)),
    p99Ms: round1(ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.99) - 1)]!),
  };
}
