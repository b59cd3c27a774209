import pg from 'pg';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { JobQueue } from '../ai-pipeline/src/jobs/queue.js';
import { migrate } from '../ai-pipeline/src/store/migrations.js';
import { createDatabase } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's Postgres server (testkit/global-setup.ts). */
    pgAdminUrl: string;
  }
}

/** A fresh database for one test file, on the run's shared Postgres server. */
export function freshDatabaseUrl(prefix?: string): Promise<string> {
  return createDatabase(inject('pgAdminUrl'), prefix);
}

/**
 * For a test file of the job queue: a fresh, migrated database and a JobQueue on it (5 attempts, 30 s leases), each
 * test starting with no jobs. Call at the top of the file; read `pool` and `queue` inside the tests.
 */
export function jobQueueDatabase(): { readonly pool: pg.Pool; readonly queue: JobQueue } {
  const handle = {} as { pool: pg.Pool; queue: JobQueue };
  beforeAll(async () => {
    handle.pool = new pg.Pool({ connectionString: await freshDatabaseUrl() });
    await migrate(handle.pool);
    handle.queue = new JobQueue(handle.pool, { maxAttempts: 5, leaseSeconds: 30 });
  });
  afterAll(async () => {
    await handle.pool?.end();
  });
  beforeEach(async () => {
    await handle.pool.query('DELETE FROM triage.jobs');
  });
  return handle;
}
