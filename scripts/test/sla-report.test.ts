import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlaStore } from '../../ai-pipeline/src/sla/store.js';
import { migrate } from '../../ai-pipeline/src/store/migrations.js';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { main } from '../src/sla-report.js';

let url: string;
const saved = { DATABASE_URL: process.env.DATABASE_URL, CHATWOOT_ACCOUNT_ID: process.env.CHATWOOT_ACCOUNT_ID };
beforeAll(async () => {
  url = await freshDatabaseUrl();
  const pool = new pg.Pool({ connectionString: url });
  await migrate(pool);
  const store = new SlaStore(pool);
  const base = { accountId: 1, priority: 'high', teamId: null, startedAt: new Date(0), pausedSince: null, paused: { first_response: 0, resolution: 0 }, announced: [], targets: {}, elapsed: {}, finished: true };
  await store.save({ ...base, conversationId: 1, outcome: { first_response: 'met', resolution: 'met' } });
  await store.save({ ...base, conversationId: 2, outcome: { first_response: 'breached', resolution: 'running' } });
  await pool.end();
  process.env.DATABASE_URL = url;
  process.env.CHATWOOT_ACCOUNT_ID = '1';
});
afterAll(() => Object.assign(process.env, saved));

describe('npm run sla-report', () => {
  it('prints attainment per priority, team and clock from triage.sla_clocks', async () => {
    const lines: string[] = [];
    expect(await main([], (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toBe(
      [
        'priority  team  clock           met  breached  open  attainment',
        'high      -     first_response  1    1         0     50.0 %',
        'high      -     resolution      1    0         1     100.0 %',
      ].join('\n'),
    );
  });
});
