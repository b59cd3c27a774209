import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshDatabaseUrl } from './db.js';

describe('test Postgres', () => {
  it('is a real server and each file gets its own database', async () => {
    const a = await freshDatabaseUrl();
    const b = await freshDatabaseUrl();
    expect(a).not.toBe(b);
    const client = new pg.Client({ connectionString: a });
    await client.connect();
    const { rows } = await client.query<{ v: string }>('SELECT current_setting($$server_version$$) AS v');
    await client.end();
    expect(Number.parseInt(rows[0]!.v, 10)).toBeGreaterThanOrEqual(13);
  });
});
