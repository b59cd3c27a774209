import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { handoverMessage } from '../../src/bot/handoff.js';
import { freshDatabaseUrl } from '../../../testkit/db.js';
import { defaultReply, toolName, userText, type FakeMessagesRequest, type FakeReply } from '../../../testkit/fakes/anthropic.js';
import { startHarness, waitUntil, type Harness } from '../../../testkit/harness.js';

/**
 * The chat bot under faults: Chatwoot redelivering the same bot event many times at once (and the job re-run from
 * an empty checkpoint) gives one answer; Claude down makes the bot hand over instead of going silent; the database
 * away makes /bot answer 500, which Chatwoot retries, and the answer comes once it is back.
 */

function claude(req: FakeMessagesRequest): FakeReply {
  const text = userText(req);
  if (/Störung/.test(text)) return { kind: 'http', status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } };
  if (toolName(req) === 'record_triage') {
    return { kind: 'tool', input: { translation: 'How do I cancel?', category: 'product-question', priority: 'low', confidence: 0.93, summary: 'Asks how to cancel.' } };
  }
  const first = /<article id=\\?"(A\d+)\\?"[^>]*?url=\\?"([^"\\]+)\\?"/.exec(text);
  if (!first) return defaultReply(req);
  return { kind: 'tool', input: { reply: `So kündigst du: Einstellungen, Abo, Abo kündigen. ${first[2]}`, used_article_ids: [first[1]] } };
}

let h: Harness;
let databaseUrl: string;
beforeAll(async () => {
  databaseUrl = await freshDatabaseUrl('botfaults');
  h = await startHarness({
    databaseUrl,
    model: { reply: claude },
    bot: true,
    botRetryDelayMs: 2000,
    env: { HELP_CENTER_PORTAL: 'help', ANTHROPIC_MAX_RETRIES: '0', JOB_MAX_ATTEMPTS: '2', JOB_RETRY_BASE_MS: '100' },
  });
  const hc = h.chatwoot.helpCenter;
  const portal = hc.addPortal({ name: 'Help', slug: 'help', locales: ['de'] });
  const de = hc.addCategory(portal, { name: 'Abo', locale: 'de' });
  hc.addArticle(portal, { title: 'Abo kündigen', slug: 'abo-kuendigen', status: 'published', categoryId: de.id, content: 'Du kannst dein Abo jederzeit kündigen: Einstellungen, Abo, Abo kündigen.' });
  await h.pipeline.knowledge!.sync.syncOnce();
}, 60_000);
afterAll(() => h?.stop());

const botReplies = (cid: number) =>
  h.chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid && !m.private && m.message_type === 1 && m.sender?.type === 'agent_bot').map((m) => m.content);
const chat = (text: string, email: string) => h.chatwoot.simulateWidgetMessage({ inboxId: h.chat!.inboxId, contact: { name: 'Kim', email }, text });

describe('chat bot faults', () => {
  it('answers once under a storm of redeliveries and a re-run of its job', async () => {
    const { conversation, message } = chat('Wie kann ich mein Abo kündigen?', 'storm@example.com');
    await h.idle();
    const cid = conversation.displayId;
    expect(botReplies(cid)).toHaveLength(1);
    const delivery = h.chatwoot.deliveries.find((d) => d.target.kind === 'agent_bot' && d.event === 'message_created' && d.payload.id === message.id)!;
    await Promise.all(Array.from({ length: 8 }, () => h.chatwoot.redeliver(delivery.deliveryId)));
    expect(delivery.attempts.map((a) => a.status)).toEqual(Array(9).fill(200));
    await h.pipeline.pool.query(`UPDATE triage.jobs SET status = 'queued', run_at = now(), checkpoint = '{}'::jsonb WHERE key = $1`, [`bot:1:${message.id}`]);
    await h.idle();
    expect(botReplies(cid)).toHaveLength(1);
  });

  it('hands over when Claude is down, never silent', async () => {
    const { conversation } = chat('Störung: wie kann ich mein Abo kündigen?', 'outage@example.com');
    await h.idle();
    const cid = conversation.displayId;
    expect(botReplies(cid)).toEqual([handoverMessage('de')]);
    const c = h.chatwoot.state.conversation(cid)!;
    expect(c.status).toBe('open');
    expect(c.labels).toContain('no-auto-reply');
    const notes = h.chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid && m.private).map((m) => m.content ?? '');
    expect(notes.find((n) => n.includes('/handover_'))).toMatch(/^\*\*🤖 Chat bot handed over:\*\* the model is unavailable\./);
  });

  it('answers 500 while the database is away (Chatwoot retries) and answers once it is back', async () => {
    const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    const ident = `"${name.replace(/"/g, '""')}"`;
    try {
      await admin.query(`ALTER DATABASE ${ident} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      const { conversation, message } = chat('Und wie kann ich mein Abo kündigen?', 'dbdown@example.com');
      const delivery = () => h.chatwoot.deliveries.find((d) => d.target.kind === 'agent_bot' && d.event === 'message_created' && d.payload.id === message.id);
      await waitUntil(() => delivery()?.attempts[0]?.status === 500, 20_000, 'the first bot delivery to fail with 500');
      await admin.query(`ALTER DATABASE ${ident} ALLOW_CONNECTIONS true`);
      await h.idle(60_000);
      expect(delivery()!.attempts.map((a) => a.status).at(-1)).toBe(200);
      expect(delivery()!.attempts[0]!.status).toBe(500);
      expect(botReplies(conversation.displayId)).toHaveLength(1);
      expect(h.chatwoot.state.conversation(conversation.displayId)!.status).toBe('pending');
    } finally {
      await admin.query(`ALTER DATABASE ${ident} ALLOW_CONNECTIONS true`).catch(() => {});
      await admin.end();
    }
  });
});
