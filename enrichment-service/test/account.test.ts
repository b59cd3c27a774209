import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../testkit/db.js';
import type {} from '../../testkit/global-setup.js'; // declares the injected pgAdminUrl for the type checker
import { DEFAULT_ACCOUNT_QUERY } from '../src/config.js';
import { runSource } from '../src/run-source.js';
import { createAccountSource, rowToAccount, type AccountSource } from '../src/sources/account.js';
import { startApp } from './helpers.js';

let url: string;
let admin: pg.Client;
const opened: AccountSource[] = [];

function source(query = DEFAULT_ACCOUNT_QUERY, timeoutMs = 2000): AccountSource {
  const s = createAccountSource({ databaseUrl: url, query }, timeoutMs);
  opened.push(s);
  return s;
}

async function tableExists(name: string): Promise<boolean> {
  const { rows } = await admin.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]);
  return rows[0]?.t === name;
}

beforeAll(async () => {
  url = await freshDatabaseUrl('enrich_account');
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`
    CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, plan text, created_at timestamptz NOT NULL,
                        seats int, trial boolean, mrr numeric(10,2), settings jsonb);
    INSERT INTO users (email, plan, created_at, seats, trial, mrr, settings) VALUES
      ('Jane@Example.com', 'pro', '2024-03-05T12:00:00Z', 12, false, 490.00, '{"sso": true}'),
      ('free@example.com', NULL, '2025-01-01T00:00:00Z', NULL, true, NULL, NULL);
  `);
});

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await admin.end();
});

describe('account source (real Postgres)', () => {
  it('default query: plan and sign-up date of a users(email, plan, created_at) row, case-insensitive', async () => {
    expect(await runSource('Account', source().source, 'jane@example.com', 2000)).toEqual({
      status: 'ok',
      data: { plan: 'pro', signedUpAt: '2024-03-05T12:00:00.000Z', attributes: {} },
    });
    expect(await runSource('Account', source().source, 'free@example.com', 2000)).toEqual({
      status: 'ok',
      data: { plan: null, signedUpAt: '2025-01-01T00:00:00.000Z', attributes: {} },
    });
  });

  it('not_found when there is no row', async () => {
    expect(await runSource('Account', source().source, 'nobody@example.com', 2000)).toEqual({ status: 'not_found' });
  });

  it('a configured query returns every other column as an attribute', async () => {
    const s = source('SELECT plan, created_at, seats, trial, mrr, settings, id FROM users WHERE lower(email) = $1');
    expect(await runSource('Account', s.source, 'jane@example.com', 2000)).toEqual({
      status: 'ok',
      data: {
        plan: 'pro',
        signedUpAt: '2024-03-05T12:00:00.000Z',
        attributes: { seats: 12, trial: false, mrr: '490.00', settings: '{"sso":true}', id: 1 },
      },
    });
  });

  it('the connection is read-only: a query that writes is refused', async () => {
    const writer = source("WITH w AS (UPDATE users SET plan = 'hacked' WHERE lower(email) = $1 RETURNING plan) SELECT plan FROM w");
    expect(await runSource('Account', writer.source, 'jane@example.com', 2000)).toEqual({
      status: 'error',
      reason: 'account database error 25006: the account query tried to write; the connection is read-only',
    });
    const { rows } = await admin.query<{ plan: string }>("SELECT plan FROM users WHERE email = 'Jane@Example.com'");
    expect(rows[0]?.plan).toBe('pro');
  });

  it('statement_timeout is set on the session', async () => {
    const s = source("SELECT current_setting('statement_timeout') AS st, current_setting('default_transaction_read_only') AS ro WHERE $1 <> ''", 1500);
    expect(await runSource('Account', s.source, 'x@example.com', 2000)).toEqual({
      status: 'ok',
      data: { plan: null, signedUpAt: null, attributes: { st: '1500ms', ro: 'on' } },
    });
  });

  it('a slow query is a timeout (the runner deadline, or Postgres cancelling it)', async () => {
    const slow = source('SELECT plan FROM users, pg_sleep(5) WHERE lower(email) = $1', 300);
    const started = Date.now();
    const section = await runSource('Account', slow.source, 'jane@example.com', 300);
    expect(Date.now() - started).toBeLessThan(300 + 200);
    expect(section.status).toBe('timeout');

    const cancelledByPostgres = source('SELECT plan FROM users, pg_sleep(5) WHERE lower(email) = $1', 200);
    expect(await runSource('Account', cancelledByPostgres.source, 'jane@example.com', 2000)).toEqual({
      status: 'timeout',
      reason: 'the account query exceeded its statement_timeout',
    });
  });

  it('a broken query or an unreachable database is an error without leaking SQL or data', async () => {
    const missing = source('SELECT plan FROM no_such_table WHERE email = $1');
    expect(await runSource('Account', missing.source, 'jane@example.com', 2000)).toEqual({
      status: 'error',
      reason: 'account database error 42P01: a table named in the account query does not exist',
    });
    const down = createAccountSource({ databaseUrl: 'postgres://u:p@127.0.0.1:1/none', query: DEFAULT_ACCOUNT_QUERY }, 1000);
    opened.push(down);
    expect(await runSource('Account', down.source, 'jane@example.com', 1000)).toEqual({
      status: 'error',
      reason: 'account database is unreachable (ECONNREFUSED)',
    });
  });

  it('an SQL injection attempt in the email is only ever a parameter', async () => {
    const evil = "x'; DROP TABLE users;--@example.com";
    expect(await runSource('Account', source().source, evil, 2000)).toEqual({ status: 'not_found' });
    expect(await tableExists('users')).toBe(true);

    // Through the HTTP API the address is rejected before it reaches the database at all.
    const app = await startApp({ sources: { account: source().source } });
    try {
      const res = await app.get(`/enrich?email=${encodeURIComponent(evil)}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'email is not a valid address (expected something like jane@example.com)' });
      const ok = await app.get(`/enrich?email=${encodeURIComponent('JANE@example.com')}`);
      expect((ok.body as { account: unknown }).account).toEqual({
        status: 'ok',
        data: { plan: 'pro', signedUpAt: '2024-03-05T12:00:00.000Z', attributes: {} },
      });
    } finally {
      await app.close();
    }
    expect(await tableExists('users')).toBe(true);
  });
});

describe('rowToAccount', () => {
  it('prefers signed_up_at, keeps a non-date created_at as an attribute, stringifies odd types', () => {
    expect(
      rowToAccount({ plan: 3, signed_up_at: null, created_at: 'yesterday', big: 10n, raw: Buffer.from('hi'), when: new Date('2020-01-01T00:00:00Z') }),
    ).toEqual({
      plan: '3',
      signedUpAt: null,
      attributes: { created_at: 'yesterday', big: '10', raw: 'aGk=', when: '2020-01-01T00:00:00.000Z' },
    });
  });
});
