import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signOff } from '../src/autoreply/sign-off.js';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { CANCEL_ANSWER, cancelOrRefundClaude } from './fixtures/cancel-or-refund-claude.js';
import { startHarness, type Harness } from '../../testkit/harness.js';

/**
 * Issue 14, auto-reply, end to end against the Chatwoot-compatible server and fake Claude: a documented, confident
 * product question is answered once (with the sign-off, label, pending status and a "why" note) and not again on
 * redelivery or a rerun of the job; a refund never is; shadow mode only writes notes; the customer's answer reopens it.
 */

const CANCEL = ['Abo kündigen', 'Hallo, wie kann ich mein Abo kündigen? Ich finde in den Einstellungen nichts dazu.'] as const;
const REFUND = ['Geld zurück', 'Ich will mein Geld zurück, die App hat nie funktioniert. Bitte erstattet mir den Betrag.'] as const;


const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.map((x) => x.stop()));
  harnesses.length = 0;
});

async function start(mode: 'on' | 'shadow'): Promise<Harness> {
  const path = join(mkdtempSync(join(tmpdir(), 'auto-reply-')), 'triage.yaml');
  const h = await startHarness({ databaseUrl: await freshDatabaseUrl(), model: { reply: cancelOrRefundClaude }, env: { HELP_CENTER_PORTAL: 'help', AUTO_REPLY_MODE: mode } });
  harnesses.push(h);
  writeFileSync(
    path,
    `categories:
  - { name: bug-report, description: broken }
  - { name: refund-request, description: money back, sensitive: true }
  - { name: product-question, description: how-to }
  - { name: other, description: anything else }
auto_reply: { categories: [product-question], min_confidence: 0.85, require_article: true, inboxes: [${h.inboxId}] }
`,
  );
  await h.restart({ TRIAGE_CONFIG: path, ROUTING_CONFIG: '' });
  const hc = h.chatwoot.helpCenter;
  const portal = hc.addPortal({ name: 'Help', slug: 'help', locales: ['de'] });
  const de = hc.addCategory(portal, { name: 'Abo', locale: 'de' });
  hc.addArticle(portal, { title: 'Abo kündigen', slug: 'abo-kuendigen', status: 'published', categoryId: de.id, content: 'Du kannst dein Abo jederzeit kündigen: Einstellungen, Abo, Abo kündigen.' });
  expect(await h.pipeline.knowledge!.sync.syncOnce()).toMatchObject({ upserted: 1, errors: [] });
  return h;
}

const messagesOf = (h: Harness, cid: number) => h.chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid);
const publicReplies = (h: Harness, cid: number) => messagesOf(h, cid).filter((m) => !m.private && m.message_type === 1);
const notesOf = (h: Harness, cid: number) => messagesOf(h, cid).filter((m) => m.private).map((m) => m.content ?? '');
const conv = (h: Harness, cid: number) => h.chatwoot.state.conversations.find((c) => c.displayId === cid)!;

async function email(h: Harness, [subject, text]: readonly [string, string], from = 'lena@example.com') {
  const r = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, from: { email: from, name: 'Lena Berg' }, subject, text });
  await h.idle();
  return r;
}

describe('auto-reply (AUTO_REPLY_MODE=on)', () => {
  it('answers a confident documented question once, never a refund, and reopens on the customer answer', async () => {
    const h = await start('on');
    const { conversation, message } = await email(h, CANCEL);
    const cid = conversation.displayId;
    const url = `${h.chatwoot.url}/hc/help/articles/abo-kuendigen`;

    const replies = publicReplies(h, cid);
    expect(replies.map((m) => m.content)).toEqual([`${CANCEL_ANSWER} ${url}\n\n—\n_${signOff('de')}_`]);
    expect(replies[0]!.source_id).toBeNull();
    expect(conv(h, cid).status).toBe('pending');
    expect(conv(h, cid).labels).toContain('ai-auto-replied');
    const notes = notesOf(h, cid);
    expect(notes).toHaveLength(3);
    expect(notes[2]).toBe(
      [
        '**🤖 Auto-replied:** the draft above was sent to the customer with an assistant sign-off; the conversation is pending until the customer answers.',
        '- category product-question, confidence 0.93 ≥ 0.85',
        '- grounded in 1 help-center article(s)',
        '- no person assigned, no flags in the draft check',
        `- articles: ${url}`,
        '- rule: none',
        '',
        `_ai-triage ref triage:1:${cid}/auto-reply_`,
      ].join('\n'),
    );

    // Redelivery of the message and a rerun of the whole job from an empty checkpoint send nothing more.
    await h.chatwoot.waitForDeliveries();
    const delivery = h.chatwoot.deliveries.find((d) => d.event === 'message_created' && d.payload.id === message.id)!;
    await h.chatwoot.redeliver(delivery.deliveryId);
    const modelCalls = h.anthropic!.requests.length;
    await h.pipeline.pool.query(
      `UPDATE triage.jobs SET status = 'queued', run_at = now(), checkpoint = '{}'::jsonb WHERE conversation_id = $1`,
      [cid],
    );
    await h.idle();
    expect(h.anthropic!.requests.length).toBe(modelCalls + 2); // the job really ran again (analyze + draft)
    expect(publicReplies(h, cid)).toHaveLength(1);
    expect(notesOf(h, cid)).toHaveLength(3);

    // A refund is never answered directly: notes only, status untouched.
    const refund = await email(h, REFUND, 'geld@example.com');
    expect(publicReplies(h, refund.conversation.displayId)).toEqual([]);
    expect(conv(h, refund.conversation.displayId).status).toBe('open');
    expect(notesOf(h, refund.conversation.displayId)).toHaveLength(2);

    // The customer's answer gives the conversation back to the agents.
    h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, from: { email: 'lena@example.com', name: 'Lena Berg' }, subject: 'Re: Abo kündigen', text: 'Das hat nicht geklappt.', inReplyTo: message.source_id ?? undefined });
    await h.idle();
    expect(conv(h, cid).status).toBe('open');
    expect(publicReplies(h, cid)).toHaveLength(1);
  });
});

describe('auto-reply (AUTO_REPLY_MODE=shadow)', () => {
  it('writes only a "would have auto-replied" note', async () => {
    const h = await start('shadow');
    const { conversation } = await email(h, CANCEL);
    const cid = conversation.displayId;
    expect(publicReplies(h, cid)).toEqual([]);
    expect(conv(h, cid).status).toBe('open');
    expect(conv(h, cid).labels).not.toContain('ai-auto-replied');
    const notes = notesOf(h, cid);
    expect(notes).toHaveLength(3);
    expect(notes[2]).toMatch(/^\*\*🤖 Would have auto-replied\*\* \(AUTO_REPLY_MODE=shadow\): the draft above would have been sent to the customer\. Nothing was sent\.\n- category product-question, confidence 0\.93/);
  });
});
