import { describe, expect, it } from 'vitest';
import { jobQueueDatabase } from '../../../testkit/db.js';
import { runAlone } from './advisory-lock.js';

const db = jobQueueDatabase();
/** Other test files share the Postgres server: only this file's database. */
const THIS_DATABASE = `database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

/** A task that records when it starts and ends, and ends when released. */
function held(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  const task = async () => {
    log.push(`${name} start`);
    await done;
    log.push(`${name} end`);
    return name;
  };
  return { task, release };
}

describe('runAlone (one task at a time across processes)', () => {
  it('runAlone skips at once while another holds the task, and runs again once it is free', async () => {
    const log: string[] = [];
    const a = held(log, 'a');
    const first = runAlone(db.pool, 'test.alone', a.task);
    await new Promise((r) => setTimeout(r, 50));
    expect(await runAlone(db.pool, 'test.alone', async () => 'b')).toEqual({ ran: false });
    expect(await runAlone(db.pool, 'test.other', async () => 'c')).toEqual({ ran: true, value: 'c' });
    a.release();
    expect(await first).toEqual({ ran: true, value: 'a' });
    expect(await runAlone(db.pool, 'test.alone', async () => 'd')).toEqual({ ran: true, value: 'd' });
  });

  it('a task that throws frees the lock; a lock taken by another session on the same name under one key is not ours', async () => {
    await expect(runAlone(db.pool, 'test.throw', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await runAlone(db.pool, 'test.throw', async () => 'free')).toEqual({ ran: true, value: 'free' });
    // Chatwoot (or anyone on a shared database) taking the one-part key hashtext(name) does not block the sidecar's task.
    const other = await db.pool.connect();
    try {
      await other.query('SELECT pg_advisory_lock(hashtext($1))', ['test.shared']);
      expect(await runAlone(db.pool, 'test.shared', async () => 'ours')).toEqual({ ran: true, value: 'ours' });
    } finally {
      await other.query('SELECT pg_advisory_unlock_all()');
      other.release();
    }
  });

  it('a connection that fails while it holds the lock is destroyed, not pooled: the lock is free for the next run', async () => {
    const first = runAlone(db.pool, 'test.broken', async () => {
      await db.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() AND ${THIS_DATABASE}`);
      await new Promise((r) => setTimeout(r, 100));
      return 'done';
    });
    expect(await first).toEqual({ ran: true, value: 'done' });
    expect(await runAlone(db.pool, 'test.broken', async () => 'again')).toEqual({ ran: true, value: 'again' });
    const { rows } = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND ${THIS_DATABASE}`);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
