import type pg from 'pg';

/*
 * One task at a time across every pipeline process on the database (several workers, or replicas): a session advisory
 * lock on the task's name, held on one pooled connection while the task runs (its own queries use other connections).
 * The lock ends with the connection, so a process that dies mid-task frees it. Keys are two-part, (the sidecar's
 * namespace, hashtext(name)), apart from the one-part keys other users of a shared database (Chatwoot) may take.
 */
const NAMESPACE = 'chatwoot-triage';

/** What a task run alone gave: its value, or { ran: false } when another process was running it. */
export type AloneRun<T> = { ran: true; value: T } | { ran: false };
/** `runAlone` with its pool and name bound: what a periodic task (sweep, sync) is given. */
export type RunAlone<T> = (task: () => Promise<T>) => Promise<AloneRun<T>>;

/** Runs `task` unless another process runs the task `name` right now: then { ran: false } at once. */
export async function runAlone<T>(pool: pg.Pool, name: string, task: () => Promise<T>): Promise<AloneRun<T>> {
  const client = await pool.connect();
  // pg-pool listens for errors only on idle connections: an error on this silent checked-out one would otherwise be an
  // uncaught exception. A connection that failed, or whose unlock failed, is destroyed rather than returned to the pool,
  // so it cannot keep the lock.
  let broken: Error | undefined;
  const onError = (e: Error) => void (broken ??= e);
  client.on('error', onError);
  try {
    const { rows } = await client
      .query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked', [NAMESPACE, name])
      .catch((e: unknown) => {
        broken ??= e as Error;
        throw e;
      });
    if (!rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, value: await task() };
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [NAMESPACE, name]).catch((e: unknown) => void (broken ??= e as Error));
    }
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
