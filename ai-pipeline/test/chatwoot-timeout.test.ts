import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startHarness, type Harness } from '../../testkit/harness.js';
import { outcomes, triageNotes } from './faults/invariants.js';

/**
 * CHATWOOT_TIMEOUT_MS reaches the jobs' Chatwoot client, and a note whose create timed out (Chatwoot may still make
 * it: Rails finishes a request after the client left) is not posted a second time by the job's retry.
 */
const TIMEOUT_MS = 1500;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    databaseUrl: await freshDatabaseUrl('cwtimeout'),
    env: { CHATWOOT_TIMEOUT_MS: String(TIMEOUT_MS), JOB_MAX_ATTEMPTS: '4', JOB_RETRY_BASE_MS: '20' },
  });
});
afterAll(async () => h?.stop());

const conversationPath = (cid: number) => `/api/v1/accounts/1/conversations/${cid}`;
const notesOf = (cid: number) => h.chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid && m.private);

describe('CHATWOOT_TIMEOUT_MS', () => {
  it('a draft note answered after the timeout (and made by Chatwoot all the same): the job retries, finds the note, and posts it once', async () => {
    const cid = h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'slow@example.com', name: 'Robin' },
      subject: 'Export crashes',
      text: 'Hello, the app crashes every time I export my flashcards to PDF. Please help.',
    }).conversation.displayId;
    // The second note create of this conversation (the draft) is answered 1 s after the client gave up.
    let seen = 0;
    h.chatwoot.delayNext((r) => r.method === 'POST' && r.path === `${conversationPath(cid)}/messages` && ++seen === 2, TIMEOUT_MS + 1000, 1);
    const started = Date.now();
    await h.idle(30_000);
    const { rows } = await h.pipeline.pool.query<{ status: string; attempts: number; last_error: string | null }>(
      `SELECT status, attempts, last_error FROM triage.jobs WHERE key = $1`,
      [`triage:1:${cid}`],
    );
    expect(rows[0]).toMatchObject({ status: 'done', attempts: 2 });
    // The first attempt gave up on the draft after CHATWOOT_TIMEOUT_MS, not the 10 s default.
    expect(Date.now() - started).toBeLessThan(10_000);
    // Two note creates (the triage note, the draft that timed out); the retry, after waiting as long again, found the draft.
    const creates = h.chatwoot.requests.filter((r) => r.method === 'POST' && r.path === `${conversationPath(cid)}/messages`);
    expect(creates).toHaveLength(2);
    expect(h.chatwoot.requests.filter((r) => r.path.startsWith(conversationPath(cid))).map((r) => `${r.method} ${r.path.slice(conversationPath(cid).length) || '/'}`)).toEqual([
      'POST /messages',
      'POST /labels',
      'POST /custom_attributes',
      'POST /toggle_priority',
      'POST /assignments',
      'POST /messages',
      'GET /',
      'GET /messages',
    ]);
    expect(outcomes(h.chatwoot).get(cid)!.notes).toEqual(triageNotes(cid));
    expect(notesOf(cid)).toHaveLength(2);
  }, 40_000);
});
