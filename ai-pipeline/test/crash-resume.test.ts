import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolName } from '../../testkit/fakes/anthropic.js';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { waitUntil } from '../../testkit/harness.js';
import { FAST_TEST_ENV, startStack, type Stack } from '../../testkit/stack.js';

let h: Stack;
beforeAll(async () => {
  // The real pipeline (src/main.ts) runs in a child process the test starts, so it can be killed with SIGKILL.
  h = await startStack({ databaseUrl: await freshDatabaseUrl(), model: {}, env: { ...FAST_TEST_ENV }, pipeline: 'none' });
});
afterAll(async () => {
  await h?.stop().catch(() => {});
});

describe('a worker killed between two Chatwoot writes', () => {
  it('finishes the ticket after restart with no duplicate note and no second model call', async () => {
    let blockLabels = true;
    // Labels keep failing (as if Chatwoot hiccuped), so the job is caught after its triage note (sent beside the
    // labels) and before its draft.
    h.chatwoot.failNext((r) => blockLabels && r.routeName === 'setConversationLabels', 503, 1_000_000);
    const env = { JOB_LEASE_SECONDS: '2', JOB_RETRY_BASE_MS: '200', JOB_MAX_ATTEMPTS: '50' };
    const child = await h.spawnChild(env);

    const { conversation } = h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'crash@example.com', name: 'Carla' },
      subject: 'Export kaputt',
      text: 'Der Export nach PDF stürzt ab. Bitte helfen!',
    });
    const cid = conversation.displayId;
    const notes = () => h.chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid && m.private);
    await waitUntil(() => notes().length === 1 && h.chatwoot.requests.some((r) => r.route === 'setConversationLabels'), 30_000, 'triage note posted, labels failing');

    await child.kill9();
    blockLabels = false;
    await h.spawnChild(env);
    const db = new pg.Client({ connectionString: h.env.DATABASE_URL });
    await db.connect();
    const settled = async () => (await db.query(`SELECT 1 FROM triage.records WHERE job_key = $1`, [`triage:1:${cid}`])).rowCount === 1;
    await waitUntil(settled, 30_000, 'the resumed job to record its triage').finally(() => db.end());

    expect(notes().map((m) => (m.content ?? '').match(/ref (\S+)_$/)?.[1])).toEqual([
      `triage:1:${cid}/triage`,
      `triage:1:${cid}/draft`,
    ]);
    expect(h.anthropic!.requests.map(toolName)).toEqual(['record_triage', 'write_draft']);
    const conv = h.chatwoot.state.conversations.find((c) => c.displayId === cid)!;
    expect(conv.labels).toEqual(['bug-report', 'high-confidence', 'ai-processed']);
    expect(conv.team_id).toBe(101);
  }, 90_000);
});
