import type pg from 'pg';

/*
 * One task at a time across every pipeline process on the database (several workers, or replicas): a session advisory
 * lock on the task's name, held on one pooled connection while the task runs (its own queries use other connections).
 * The lock ends with the connection, so a process that dies mid-task frees it.
 */

/** Runs `task` unless another process runs the task `name` right now: then { ran: false } at once. */
export async function runAlone<T>(pool: pg.Pool, name: string, task: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [name]);
    if (!rows[0]?.locked) return { ran: false };
    return { ran: true, value: await lockedRun(client, name, task) };
  } finally {
    client.release();
  }
}

/** Runs `task` after any other process's run of the task `name` has finished (queued behind it). */
export async function runInTurn<T>(pool: pg.Pool, name: string, task: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    return await lockedRun(client, name, task);
  } finally {
    client.release();
  }
}

async function lockedRun<T>(client: pg.PoolClient, name: string, task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
  }
}
