import { inject } from 'vitest';
import { createDatabase } from './postgres.js';

/** A fresh database for one test file, on the run's shared Postgres server. */
export function freshDatabaseUrl(prefix?: string): Promise<string> {
  return createDatabase(inject('pgAdminUrl'), prefix);
}
