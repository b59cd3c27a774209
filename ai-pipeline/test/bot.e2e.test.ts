import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signOff } from '../src/autoreply/sign-off.js';
import { handoverMessage } from '../src/bot/handoff.js';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { CANCEL_ANSWER, cancelOrRefundClaude } from './fixtures/cancel-or-refund-claude.js';
import { signWebhook } from '../../testkit/fakes/chatwoot-server.js';
import { startHarness, type Harness } from '../../testkit/harness.js';

/**
 * Issue 14, the chat bot, end to end: the Chatwoot-compatible server delivers a web-widget chat to the agent bot's
 * POST /bot (signed with the bot's secret); the bot answers from the help center in German with its own token, a
 * redelivery answers nothing more, "ich möchte mit einem Menschen sprechen" hands over (open, message, label, note,
 * the triage's notes), an agent's reply silences it, a refund question is handed over at once, a forged signature is refused.
 */


let h: Harness;
let url: string;
beforeAll(async () => {
  h = await startHarness({ databaseUrl: await freshDatabaseUrl('bot'), model: { reply: cancelOrRefundClaude }, bot: true, env: { HELP_CENTER_PORTAL: 'help' } });
  const hc = h.chatwoot.helpCenter;
  const portal = hc.addPortal({ name: 'Help', slug: 'help', locales: ['de'] });
  const de = hc.addCategory(portal, { name: 'Abo', locale: 'de' });
  hc.addArticle(portal, { title: 'Abo kündigen', slug: 'abo-kuendigen', status: 'published', categoryId: de.id, content: 'Du kannst dein Abo jederzeit kündigen: Einstellungen, Abo, Abo kündigen.' });
  expect(await h.pipeline.knowledge!.sync.syncOnce()).toMatchObject({ upserted: 1, errors: [] });
  url = `${h.chatwoot.url}/hc/help/articles/abo-kuendigen`;
}, 60_000);
afterAll(() => h?.stop());

const messagesOf = (cid: number) => h.chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid);
const botReplies = (cid: number) => messagesOf(cid).filter((m) => !m.private && m.message_type === 1 && m.sender?.type === 'agent_bot').map((m) => m.content);
const notesOf = (cid: number) => messagesOf(cid).filter((m) => m.private).map((m) => m.content ?? '');
const conv = (cid: number) => h.chatwoot.state.conversation(cid)!;

async function chat(text: string, conversationId?: number, email = 'lena@example.com') {
  const r = h.chatwoot.simulateWidgetMessage({ inboxId: h.chat!.inboxId, contact: { name: 'Lena Berg', email }, text, ...(conversationId ? { conversationId } : {}) });
  await h.idle();
  return r;
}

describe('chat bot', () => {
  it('answers in German, once, and hands over when asked for a person', async () => {
    const { conversation, message } = await chat('Hallo, wie kann ich mein Abo kündigen?');
    const cid = conversation.displayId;
    expect(conv(cid).status).toBe('pending');
    expect(botReplies(cid)).toEqual([`${CANCEL_ANSWER} ${url}\n\n—\n_${signOff('de')}_`]);
    // The triage waited for the bot: only the bot's note, and the triage job is marked held.
    expect(notesOf(cid)).toHaveLength(1);
    expect(notesOf(cid)[0]).toMatch(/^\*\*🤖 Chat bot answered\*\*[\s\S]*- category product-question, confidence 0\.93\n[\s\S]*_ai-triage ref bot:1:\d+\/bot-answer_$/);
    const triage = await h.pipeline.queue.findByKey(`triage:1:${cid}`);
    expect(triage).toMatchObject({ status: 'done', checkpoint: { heldByBot: true } });

    // Chatwoot redelivers the same bot event: accepted, nothing new.
    const delivery = h.chatwoot.deliveries.find((d) => d.target.kind === 'agent_bot' && d.event === 'message_created' && d.payload.id === message.id)!;
    expect(delivery.status).toBe(200);
    const calls = h.anthropic!.requests.length;
    await h.chatwoot.redeliver(delivery.deliveryId);
    await h.idle();
    expect(botReplies(cid)).toEqual([`${CANCEL_ANSWER} ${url}\n\n—\n_${signOff('de')}_`]);
    expect(h.anthropic!.requests.length).toBe(calls);

    // The customer asks for a person: hand-over.
    await chat('ich möchte mit einem Menschen sprechen', cid);
    expect(conv(cid).status).toBe('open');
    expect(h.chatwoot.state.botHandoffs).toEqual([cid]);
    expect(botReplies(cid)).toEqual([`${CANCEL_ANSWER} ${url}\n\n—\n_${signOff('de')}_`, handoverMessage('de')]);
    expect(conv(cid).labels).toContain('no-auto-reply');
    const notes = notesOf(cid);
    expect(notes.find((n) => n.includes('/handover_'))).toMatch(/^\*\*🤖 Chat bot handed over:\*\* the customer asked for a person\./);
    // The triage's two notes (customer context is the last section of the triage note), each once.
    for (const part of ['triage', 'draft']) expect(notes.filter((n) => n.includes(`ai-triage ref triage:1:${cid}/${part}_`))).toHaveLength(1);
    expect(notes.some((n) => n.includes(`ai-triage ref triage:1:${cid}/enrichment_`))).toBe(false);
    expect(conv(cid).labels).toContain('product-question');

    // Now the people have it: the bot stays silent.
    await chat('Hallo? Ist da jemand?', cid);
    expect(botReplies(cid)).toHaveLength(2);
  });

  it('stays silent once an agent has replied in a pending chat, and the triage runs', async () => {
    const { conversation } = await chat('Wie kann ich mein Abo kündigen? Bitte schnell.', undefined, 'kai@example.com');
    const cid = conversation.displayId;
    expect(botReplies(cid)).toHaveLength(1);
    h.chatwoot.simulateAgentReply(cid, 2, 'Hallo Kai, ich schaue mir das an.');
    await h.idle();
    await chat('Danke, und wie ändere ich meine E-Mail-Adresse?', cid, 'kai@example.com');
    expect(botReplies(cid)).toHaveLength(1);
    expect(conv(cid).status).toBe('pending');
    expect(notesOf(cid).some((n) => n.includes(`ai-triage ref triage:1:${cid}/triage_`))).toBe(true);
  });

  it('hands a refund question over at once (sensitive category)', async () => {
    const { conversation } = await chat('Ich will mein Geld zurück, die App funktioniert nicht.', undefined, 'geld@example.com');
    const cid = conversation.displayId;
    expect(botReplies(cid)).toEqual([handoverMessage('de')]);
    expect(conv(cid).status).toBe('open');
    expect(notesOf(cid).find((n) => n.includes('/handover_'))).toMatch(/^\*\*🤖 Chat bot handed over:\*\* sensitive category\.[\s\S]*- category refund-request, confidence 0\.97/);
    expect(conv(cid).labels).toEqual(expect.arrayContaining(['no-auto-reply', 'refund-request']));
  });

  it('refuses a forged signature and makes no job', async () => {
    const body = JSON.stringify({ event: 'message_created', id: 999, message_type: 'incoming', private: false, account: { id: 1 }, conversation: { id: 1 } });
    const ts = Math.floor(Date.now() / 1000);
    const post = (signature: string) =>
      fetch(`http://127.0.0.1:${h.pipeline.port}/bot`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-chatwoot-timestamp': String(ts), 'x-chatwoot-signature': signature },
        body,
      });
    const forged = await post(signWebhook('not-the-bot-secret-at-all', ts, body));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: 'signature does not match (check BOT_WEBHOOK_SECRET)' });
    // The account webhook's secret is not the bot's either.
    expect((await post(signWebhook(h.webhookSecret, ts, body))).status).toBe(401);
    expect(await h.pipeline.queue.findByKey('bot:1:999')).toBeUndefined();
    // The bot's own secret is accepted.
    const ok = await post(signWebhook(h.chat!.bot.secret, ts, body));
    expect(ok.status).toBe(200);
  });
});
