import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactHash } from '../../ai-pipeline/src/store/contact-hash.js';
import { migrate } from '../../ai-pipeline/src/store/migrations.js';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startFakeChatwoot } from '../../testkit/fakes/chatwoot-server.js';
import { freePort } from '../../testkit/postgres.js';
import { main } from '../src/erase.js';

let pool: pg.Pool;
let envFile: string;

async function seed(): Promise<void> {
  await pool.query('DELETE FROM triage.jobs; DELETE FROM triage.records');
  const checkpoint = JSON.stringify({ customerText: 'Ich wurde doppelt belastet, Rechnung 4711', enrichment: { email: 'erin@example.com' }, language: 'de' });
  await pool.query(
    `INSERT INTO triage.jobs (key, kind, account_id, conversation_id, max_attempts, status, checkpoint, contact_hash)
     VALUES ('triage:1:7', 'triage', 1, 7, 6, 'done', $1, $2), ('followup:1:99', 'followup', 1, 7, 6, 'done', '{}', NULL),
            ('triage:1:8', 'triage', 1, 8, 6, 'done', '{"customerText":"other person"}', $3)`,
    [checkpoint, contactHash('erin@example.com'), contactHash('frank@example.com')],
  );
  await pool.query(
    `INSERT INTO triage.records (job_key, kind, account_id, conversation_id, message_ids, analysis, contact_hash)
     VALUES ('triage:1:7', 'triage', 1, 7, '{99}', '{"summary":"Rechnung 4711 doppelt"}', $1), ('triage:1:8', 'triage', 1, 8, '{100}', '{}', $2)`,
    [contactHash('erin@example.com'), contactHash('frank@example.com')],
  );
}

beforeAll(async () => {
  const url = await freshDatabaseUrl('erase');
  pool = new pg.Pool({ connectionString: url });
  await migrate(pool);
  const dir = await mkdtemp(join(tmpdir(), 'erase-'));
  envFile = join(dir, '.env');
  await writeFile(envFile, `DATABASE_URL=${url}\nCHATWOOT_BASE_URL=http://127.0.0.1:${await freePort()}\nCHATWOOT_API_TOKEN=x\nCHATWOOT_ACCOUNT_ID=1\n`);
});
afterAll(async () => pool?.end());

describe('npm run erase', () => {
  it('removes every row about the person, prints the counts per table and keeps everyone else', async () => {
    await seed();
    const out: string[] = [];
    expect(await main(['--email', 'Erin@Example.com', '--no-chatwoot', '--env-file', envFile], (l) => out.push(l), (l) => out.push(l))).toBe(0);
    expect(out).toEqual(['Removed rows:', '  triage.jobs: 2', '  triage.records: 1', 'Total: 3']);
    const left = await pool.query(`SELECT key FROM triage.jobs UNION ALL SELECT job_key FROM triage.records`);
    expect(left.rows.map((r) => r.key)).toEqual(['triage:1:8', 'triage:1:8']);
  });

  it('still erases what the database holds when Chatwoot does not answer, and says so', async () => {
    await seed();
    const out: string[] = [];
    expect(await main(['--email', 'erin@example.com', '--env-file', envFile], (l) => out.push(l), (l) => out.push(l))).toBe(0);
    expect(out[0]).toMatch(/^Chatwoot: not asked \(.+\); erasing by what the database holds$/);
    expect(out.slice(1)).toEqual(['Removed rows:', '  triage.jobs: 2', '  triage.records: 1', 'Total: 3']);
  });

  it('also removes the conversations Chatwoot lists for the contact', async () => {
    const chatwoot = await startFakeChatwoot();
    try {
      const inbox = chatwoot.addInbox({ name: 'Support', kind: 'email', email: 'support@example.com' });
      const { conversation } = chatwoot.simulateIncomingEmail({ inboxId: inbox.id, from: { email: 'gina@example.com', name: 'Gina' }, subject: 'Hi', text: 'Hello there' });
      const displayId = conversation.displayId;
      await pool.query('DELETE FROM triage.jobs; DELETE FROM triage.records');
      // A job with no hash and no address in it (e.g. a follow-up that failed early): only Chatwoot knows it is Gina's.
      await pool.query(
        `INSERT INTO triage.jobs (key, kind, account_id, conversation_id, max_attempts, checkpoint) VALUES ($1, 'followup', $2, $3, 6, '{"latest":"Hello there"}')`,
        [`followup:${chatwoot.accountId}:1`, chatwoot.accountId, displayId],
      );
      const out: string[] = [];
      const args = ['--email', 'gina@example.com', '--env-file', envFile, '--base-url', `http://127.0.0.1:${chatwoot.port}`, '--token', chatwoot.apiToken, '--account-id', String(chatwoot.accountId)];
      expect(await main(args, (l) => out.push(l), (l) => out.push(l))).toBe(0);
      expect(out).toEqual(['Chatwoot: 1 conversation(s) of this contact', 'Removed rows:', '  triage.jobs: 1', '  triage.records: 0', 'Total: 1']);
    } finally {
      await chatwoot.close();
    }
  });

  it('rejects a missing or malformed address with exit code 2', async () => {
    const err: string[] = [];
    expect(await main(['--env-file', envFile], () => {}, (l) => err.push(l))).toBe(2);
    expect(err[0]).toMatch(/^erase: --email is required/);
    expect(await main(['--email', 'not-an-address', '--env-file', envFile], () => {}, (l) => err.push(l))).toBe(2);
    expect(err[1]).toMatch(/^erase: --email must be an e-mail address/);
  });
});
