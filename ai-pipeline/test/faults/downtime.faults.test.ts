import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { afterAll, describe, expect, it } from 'vitest';
import type { FakeChatwoot } from '../../../testkit/fakes/chatwoot-server.js';
import { freshDatabaseUrl } from '../../../testkit/db.js';
import { startHarness, waitUntil } from '../../../testkit/harness.js';
import { spawnWorkerProcess } from '../../../testkit/child-pipeline.js';
import { FAST_TEST_ENV, startStack } from '../../../testkit/stack.js';
import { JOBS_CHANNEL } from '../../src/jobs/job-signal.js';
import { forbiddenWrites, notTriagedOnce } from './invariants.js';

const harnesses: { stop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const h of harnesses) await h.stop().catch(() => {});
});

const processed = (h: { chatwoot: FakeChatwoot }) => h.chatwoot.state.conversations.filter((c) => c.labels.includes('ai-processed')).map((c) => c.displayId);
const notesOf = (h: { chatwoot: FakeChatwoot }, cid: number) => h.chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid && m.private).map((m) => m.content ?? '');

/** Takes one database away from the shared server (new connections refused, open ones terminated) and brings it back. */
async function databaseSwitch(databaseUrl: string) {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  const ident = `"${name.replace(/"/g, '""')}"`;
  return {
    async down() {
      await admin.query(`ALTER DATABASE ${ident} ALLOW_CONNECTIONS false`);
      const { rows } = await admin.query<{ n: string }>(
        'SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      return Number(rows[0]!.n);
    },
    async up() {
      await admin.query(`ALTER DATABASE ${ident} ALLOW_CONNECTIONS true`);
    },
    close: () => admin.end(),
  };
}

describe('Postgres goes away in the middle of a job', () => {
  it('the process keeps running, webhooks answer 503 while it is down, and every ticket finishes once, after it returns', async () => {
    const databaseUrl = await freshDatabaseUrl('pgrestart');
    // The real process (main.ts, with its last-resort handlers), not the in-process pipeline.
    const h = await startStack({
      databaseUrl,
      model: { delayMs: 1500 },
      env: { ...FAST_TEST_ENV, JOB_LEASE_SECONDS: '3', JOB_RETRY_BASE_MS: '200', SWEEP_INTERVAL_SECONDS: '2' },
      pipeline: 'child',
    });
    harnesses.push(h);
    const child = h.child!;
    const db = await databaseSwitch(databaseUrl);

    h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'first@example.com', name: 'Frida' },
      subject: 'Export crashes',
      text: 'The app crashes every time I export my flashcards to PDF.',
    });
    await h.chatwoot.waitForDeliveries();
    await waitUntil(() => h.anthropic!.requests.length >= 1, 20_000, 'the first model call to be in flight');

    const terminated = await db.down();
    expect(terminated).toBeGreaterThan(0);
    // While the database is down: the webhook answers 503 (not 500), /health 503, and the process stays up.
    const before = h.chatwoot.deliveries.length;
    h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'second@example.com', name: 'Sam' },
      subject: 'Refund',
      text: 'I was charged twice this month and would like a refund for the second payment.',
    });
    await h.chatwoot.waitForDeliveries();
    expect(h.chatwoot.deliveries.slice(before).map((d) => d.status)).toEqual([503, 503]);
    expect((await fetch(`http://127.0.0.1:${child.port}/health`)).status).toBe(503);
    await sleep(4000); // the in-flight model call ends; settling it fails; the worker keeps polling
    expect(child.process.exitCode).toBeNull();
    expect(child.process.signalCode).toBeNull();

    await db.up();
    await db.close();
    // The interrupted job comes back when its lease ends; the message whose webhook got 503 comes in with the sweep.
    await waitUntil(() => processed(h).length === 2, 60_000, 'both tickets processed after the database returned').catch(async (e) => {
      const p = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      const { rows } = await p.query('SELECT key, status, attempts, last_error FROM triage.jobs');
      await p.end();
      throw new Error(`${(e as Error).message}; processed ${JSON.stringify(processed(h))}; jobs ${JSON.stringify(rows)}`);
    });
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    await waitUntil(async () => {
      const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM triage.jobs WHERE status IN ('queued', 'running')");
      return Number(rows[0]!.n) === 0;
    }, 60_000, 'the queue to drain');
    const { rows } = await pool.query<{ kind: string; status: string }>('SELECT kind, status FROM triage.jobs ORDER BY kind, key');
    await pool.end();
    expect(child.process.exitCode).toBeNull();
    await child.stop();

    // Each ticket: its triage and the follow-up job of its message (which found the message covered by the triage).
    expect(rows).toEqual([
      { kind: 'followup', status: 'done' },
      { kind: 'followup', status: 'done' },
      { kind: 'triage', status: 'done' },
      { kind: 'triage', status: 'done' },
    ]);
    expect(notTriagedOnce(h.chatwoot)).toEqual([]); // exactly the two notes each, no duplicate
    expect(forbiddenWrites(h.chatwoot.requests)).toEqual([]);
    for (const cid of processed(h)) expect(h.chatwoot.state.conversations.find((c) => c.displayId === cid)!.labels).not.toContain('ai-failed');
  }, 180_000);
});

describe('Postgres goes away under PIPELINE_ROLE=web + PIPELINE_ROLE=worker', () => {
  it('both processes stay up; afterwards the worker LISTENs again and a new ticket is triaged at once, not at its 30 s poll', async () => {
    const databaseUrl = await freshDatabaseUrl('splitrestart');
    const slowPoll = { JOB_POLL_MS: '30000' };
    const h = await startStack({ databaseUrl, model: {}, env: { ...FAST_TEST_ENV, ...slowPoll, PIPELINE_ROLE: 'web' }, pipeline: 'child' });
    harnesses.push(h);
    const worker = await spawnWorkerProcess(h.env);
    harnesses.push({ stop: () => worker.kill9() });
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    pool.on('error', () => undefined); // its idle connection is cut when the database goes away
    const closing: (() => Promise<unknown>)[] = [() => pool.end()];
    const listening = async () =>
      Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query = $1', [`LISTEN ${JOBS_CHANNEL}`])).rows[0]!.n);
    const ticket = (from: string, subject: string) =>
      h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, from: { email: `${from}@example.com`, name: from }, subject, text: `${subject}: it fails every time since the update.` });
    try {
      await waitUntil(async () => (await listening()) === 1, 20_000, 'the worker to LISTEN');
      const first = ticket('frida', 'Export crashes');
      await waitUntil(() => processed(h).includes(first.conversation.displayId), 20_000, 'the first ticket');

      const db = await databaseSwitch(databaseUrl);
      closing.push(() => db.close());
      expect(await db.down()).toBeGreaterThan(0);
      await sleep(3000); // both processes find the database gone (the worker's LISTEN connection too)
      await db.up();
      const after = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      closing.push(() => after.end());
      const listeningAgain = async () =>
        Number((await after.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query = $1', [`LISTEN ${JOBS_CHANNEL}`])).rows[0]!.n);
      await waitUntil(async () => (await listeningAgain()) === 1, 30_000, 'the worker to LISTEN again');
      await sleep(200);

      const second = ticket('sam', 'Sync broken');
      await waitUntil(() => processed(h).includes(second.conversation.displayId), 15_000, 'the second ticket, woken by NOTIFY');
      // Its draft note comes after the labels: then each ticket has its two notes, once.
      await waitUntil(() => notTriagedOnce(h.chatwoot).length === 0, 15_000, 'both notes of each ticket');
      for (const p of [h.child!, worker]) {
        expect(p.process.exitCode).toBeNull();
        expect(p.process.signalCode).toBeNull();
      }
      expect(notTriagedOnce(h.chatwoot)).toEqual([]);
      expect(forbiddenWrites(h.chatwoot.requests)).toEqual([]);
    } finally {
      for (const close of closing) await close().catch(() => undefined);
    }
  }, 120_000);
});

describe('messages that arrive while the pipeline is down', () => {
  it('the sweep at start triages a new ticket, drafts a follow-up and ignores an auto-reply, like the webhook would', async () => {
    const h = await startHarness({ databaseUrl: await freshDatabaseUrl('downtime'), model: {} });
    harnesses.push(h);
    const first = h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'known@example.com', name: 'Kim' },
      subject: 'Login fails',
      text: 'I cannot log in since yesterday, the password reset mail never arrives.',
    });
    await h.idle();
    const known = first.conversation.displayId;
    expect(notesOf(h, known)).toHaveLength(2);

    await h.pipeline.stop(0);
    const followUp = h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'known@example.com', name: 'Kim' },
      subject: 'Re: Login fails',
      text: 'Any news? I still cannot log in and my exam is tomorrow.',
      inReplyTo: first.message.source_id ?? undefined,
    });
    const fresh = h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'new@example.com', name: 'Nina' },
      subject: 'Double charge',
      text: 'I was charged twice for the yearly plan. Please refund one payment.',
    });
    const auto = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, from: { email: 'ooo@example.com' }, subject: 'Out of office', text: 'I am out of the office until Monday.' });
    (auto.message.content_attributes.email as Record<string, unknown>).auto_reply = true;
    await h.chatwoot.waitForDeliveries();
    // No webhook reached the pipeline (it was down).
    expect(h.chatwoot.deliveries.slice(-5).every((d) => d.status !== 200)).toBe(true);

    await h.restart({ SWEEP_INTERVAL_SECONDS: '60' });
    await waitUntil(() => processed(h).includes(fresh.conversation.displayId) && notesOf(h, known).length === 3, 30_000, 'the sweep to catch up');
    await h.idle();

    expect(notesOf(h, fresh.conversation.displayId)).toHaveLength(2);
    expect(notesOf(h, known)[2]).toContain(`_ai-triage ref followup:1:${followUp.message.id}/draft_`);
    expect(notesOf(h, auto.conversation.displayId)).toEqual([]);
    const { rows } = await h.pipeline.pool.query('SELECT key FROM triage.jobs WHERE conversation_id = $1', [auto.conversation.displayId]);
    expect(rows).toEqual([]);
    expect(notesOf(h, known)).toHaveLength(3); // the follow-up draft, once
  }, 120_000);
});
