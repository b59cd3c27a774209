import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startHarness, type Harness } from '../../testkit/harness.js';
import { contactHash } from '../src/store/contact-hash.js';
import { eraseContact } from '../src/store/erasure.js';
import { purgeExpired } from '../src/store/retention.js';

const ANNA = {
  from: { email: 'anna.keller@example.com', name: 'Anna Keller' },
  subject: 'Doppelt abgebucht',
  text: 'Hallo, mein Jahresabo wurde zweimal von meiner Kreditkarte abgebucht. Bitte erstatten Sie den doppelten Betrag zurück.',
};
const ANNA_PHRASE = 'zweimal von meiner Kreditkarte';
const BOB = {
  from: { email: 'bob.martin@example.org', name: 'Bob Martin' },
  subject: 'Quiz results lost',
  text: 'Hi, my quiz results from yesterday disappeared after syncing my tablet. Can you restore them please?',
};
const BOB_PHRASE = 'disappeared after syncing my tablet';

/** Every (table, column) of the triage schema whose text form contains `needle` (case-insensitive). */
async function findEverywhere(pool: pg.Pool, needle: string): Promise<string[]> {
  const { rows: columns } = await pool.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'triage' ORDER BY 1, 2`,
  );
  expect(columns.length).toBeGreaterThan(10);
  const hits: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM triage."${table}" WHERE lower("${column}"::text) LIKE '%' || lower($1) || '%'`,
      [needle],
    );
    if (rows[0]!.n > 0) hits.push(`${table}.${column}`);
  }
  return hits;
}

let h: Harness;
let pool: pg.Pool;
beforeAll(async () => {
  h = await startHarness({ databaseUrl: await freshDatabaseUrl(), model: 'offline' });
  pool = h.pipeline.pool;
  h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...ANNA });
  h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...BOB });
  await h.idle();
});
afterAll(async () => h?.stop());

describe('an erasure request (npm run erase -- --email)', () => {
  it('stores a hash of the contact e-mail, not the address, on the record and the job', async () => {
    const { rows } = await pool.query(`SELECT r.contact_hash AS r, j.contact_hash AS j FROM triage.records r JOIN triage.jobs j ON j.key = r.job_key`);
    expect(rows.map((x) => x.r).sort()).toEqual([contactHash(ANNA.from.email), contactHash(BOB.from.email)].sort());
    expect(rows.every((x) => x.r === x.j)).toBe(true);
    // Before the erasure the ticket's text is stored (in the job checkpoint).
    expect(await findEverywhere(pool, ANNA_PHRASE)).toEqual(['jobs.checkpoint']);
  });

  it('removes every row about the person and nothing about anyone else', async () => {
    const removed = await eraseContact(pool, ' Anna.Keller@EXAMPLE.com ');
    // The conversation's triage job and the follow-up job of its first message (folded into the triage).
    expect(removed).toEqual({ jobs: 2, records: 1 });
    expect(await findEverywhere(pool, ANNA.from.email)).toEqual([]);
    expect(await findEverywhere(pool, ANNA_PHRASE)).toEqual([]);
    expect(await findEverywhere(pool, contactHash(ANNA.from.email))).toEqual([]);
    expect(await findEverywhere(pool, BOB_PHRASE)).toEqual(['jobs.checkpoint']);
    expect((await pool.query('SELECT count(*)::int AS n FROM triage.records')).rows[0].n).toBe(1);
    // A second request finds nothing left.
    expect(await eraseContact(pool, ANNA.from.email)).toEqual({ jobs: 0, records: 0 });
  });

  it('also removes the rows of conversations Chatwoot lists for the person', async () => {
    const { rows } = await pool.query<{ account_id: number; conversation_id: number }>('SELECT account_id, conversation_id FROM triage.records');
    const bob = rows[0]!;
    const removed = await eraseContact(pool, 'someone.else@example.net', [{ accountId: bob.account_id, conversationId: bob.conversation_id }]);
    expect(removed).toEqual({ jobs: 2, records: 1 });
    expect(await findEverywhere(pool, BOB_PHRASE)).toEqual([]);
  });
});

describe('the retention purge (DATA_RETENTION_DAYS)', () => {
  it('deletes personal data of aged rows and keeps what statistics need', async () => {
    const fresh = { ...ANNA, from: { email: 'carla.fresh@example.com', name: 'Carla Fresh' }, text: `${ANNA.text} Neu.` };
    const aged = { ...BOB, from: { email: 'dana.aged@example.com', name: 'Dana Aged' }, text: `${BOB.text} Aged one.` };
    h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...aged });
    h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...fresh });
    await h.idle();
    const agedRecord = await pool.query<{ conversation_id: number }>('SELECT conversation_id FROM triage.records WHERE contact_hash = $1', [contactHash(aged.from.email)]);
    const agedId = agedRecord.rows[0]!.conversation_id;
    await pool.query(`UPDATE triage.records SET created_at = now() - interval '31 days' WHERE conversation_id = $1`, [agedId]);
    await pool.query(`UPDATE triage.jobs SET finished_at = now() - interval '31 days', updated_at = now() - interval '31 days' WHERE conversation_id = $1`, [agedId]);
    const before = (await pool.query('SELECT * FROM triage.records WHERE conversation_id = $1', [agedId])).rows[0];

    expect(await purgeExpired(pool, 30)).toEqual({ jobs: 2, records: 1 });

    expect(await findEverywhere(pool, 'Aged one')).toEqual([]);
    expect(await findEverywhere(pool, contactHash(aged.from.email))).toEqual([]);
    expect(await findEverywhere(pool, 'Neu.')).toEqual(['jobs.checkpoint']);
    const after = (await pool.query('SELECT * FROM triage.records WHERE conversation_id = $1', [agedId])).rows[0];
    for (const kept of ['category', 'priority', 'confidence', 'language', 'provider', 'model', 'model_calls', 'input_tokens', 'output_tokens', 'latency_ms', 'message_ids', 'actions']) {
      expect(after[kept], kept).toEqual(before[kept]);
    }
    expect(after.analysis).toEqual({ category: before.analysis.category, priority: before.analysis.priority, confidence: before.analysis.confidence });
    expect(after.input_sha256).toBeNull();
    expect(after.purged_at).toBeInstanceOf(Date);
    const job = (await pool.query(`SELECT checkpoint FROM triage.jobs WHERE conversation_id = $1 AND kind = 'triage'`, [agedId])).rows[0].checkpoint;
    expect(Object.keys(job).sort()).toEqual(expect.arrayContaining(['analysis', 'language', 'latencyMs']));
    expect(job).not.toHaveProperty('customerText');
    expect(job).not.toHaveProperty('draft');
    expect(job).not.toHaveProperty('enrichment');
    // Idempotent: nothing more to purge.
    expect(await purgeExpired(pool, 30)).toEqual({ jobs: 0, records: 0 });
  });
});
