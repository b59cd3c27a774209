import { inject } from 'vitest';
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
