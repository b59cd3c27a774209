import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toolName, userText, type FakeReply } from '../../testkit/fakes/anthropic.js';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startHarness, type Harness } from '../../testkit/harness.js';

const GERMAN_TICKET = {
  from: { email: 'anna.keller@example.com', name: 'Anna Keller' },
  subject: 'App stürzt beim Export ab',
  text: 'Hallo zusammen,\n\nseit dem letzten Update stürzt die App jedes Mal ab, wenn ich meine Karteikarten als PDF exportieren will. Ich habe morgen Prüfung!\n\nViele Grüße\nAnna',
  quotedText: 'Am Mo., 3. März 2025 um 10:00 Uhr schrieb Support <support@studyapp.example>:\n> Hello Anna, thanks for your message.',
};

const ANALYSIS = {
  translation: 'Hello all, since the last update the app crashes every time I try to export my flashcards as PDF. I have an exam tomorrow! Best regards, Anna',
  category: 'bug-report',
  priority: 'urgent',
  confidence: 0.93,
  summary: 'The app crashes when exporting flashcards to PDF since the last update.',
};
const DRAFT = 'Hallo Anna,\n\ndanke für Ihre Nachricht. Wir schauen uns den Absturz beim PDF-Export sofort an.\n\nViele Grüße\nIhr Support-Team';

function claude(req: Parameters<typeof toolName>[0]): FakeReply {
  return toolName(req) === 'write_draft' ? { kind: 'tool', input: { reply: DRAFT } } : { kind: 'tool', input: ANALYSIS };
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ databaseUrl: await freshDatabaseUrl(), model: { reply: claude } });
});
afterAll(async () => h?.stop());
beforeEach(() => {
  h.chatwoot.requests.length = 0;
  h.anthropic!.requests.length = 0;
});

const notesOf = (h: Harness, displayId: number) =>
  h.chatwoot.state.messages.filter((m) => m.conversationDisplayId === displayId && m.private).map((m) => m.content ?? '');
const conversationReads = (h: Harness) =>
  h.chatwoot.requests.filter((r) => r.method === 'GET' && r.path.includes('/conversations/')).map((r) => r.path.replace(/^\/api\/v1\/accounts\/1/, ''));
/** A routed ticket's writes: the triage note, labels, attributes, priority, team, then the draft note. */
const triageWrites = (cid: number) =>
  ['messages', 'labels', 'custom_attributes', 'toggle_priority', 'assignments', 'messages'].map((p) => `POST /conversations/${cid}/${p}`);
const writes = (h: Harness) => h.chatwoot.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.replace(/^\/api\/v1\/accounts\/1/, '')}`);

describe('a German email ticket, end to end', () => {
  it('posts the exact notes, labels, attributes, priority and assignment', async () => {
    const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...GERMAN_TICKET });
    await h.idle();
    const cid = conversation.displayId;
    const key = `triage:1:${cid}`;

    // What Claude was given: the customer's own text only (no quoted mail), as delimited data.
    const analysisPrompt = userText(h.anthropic!.requests[0]!);
    expect(analysisPrompt).toContain('Detected language (local detector): de');
    expect(analysisPrompt).toContain('<ticket>\nSubject: App stürzt beim Export ab');
    expect(analysisPrompt).toContain('als PDF exportieren');
    expect(analysisPrompt).not.toContain('thanks for your message');
    expect(h.anthropic!.requests.map(toolName)).toEqual(['record_triage', 'write_draft']);

    expect(notesOf(h, cid)).toEqual([
      [
        '**🤖 AI triage** · bug-report · priority urgent · confidence 0.93 · German (de)',
        '',
        '**Summary:** The app crashes when exporting flashcards to PDF since the last update.',
        '',
        '**Translation (English):**',
        `> ${ANALYSIS.translation}`,
        '',
        '**Assigned** to team bugs (confidence 0.93 ≥ threshold 0.80).',
        '**Labels:** bug-report, high-confidence, ai-processed',
        '',
        '---',
        '',
        '**🔎 Customer context** (enrichment)',
        '- Account: plan **pro**, signed up 2025-02-01',
        '- Sentry: no unresolved issues in the last 14 days',
        '- PostHog: not configured',
        '',
        `_ai-triage ref ${key}/triage_`,
      ].join('\n'),
      [
        '**✉️ Draft reply** in German (de) — review before sending; it has NOT been sent to the customer.',
        '',
        '---',
        '',
        DRAFT,
        '',
        `_ai-triage ref ${key}/draft_`,
      ].join('\n'),
    ]);

    const conv = h.chatwoot.state.conversations.find((c) => c.displayId === cid)!;
    expect(conv.labels).toEqual(['bug-report', 'high-confidence', 'ai-processed']);
    expect(conv.custom_attributes).toEqual({
      ai_category: 'bug-report',
      ai_priority: 'urgent',
      ai_confidence: 0.93,
      ai_language: 'de',
      ai_summary: ANALYSIS.summary,
    });
    expect(conv.priority).toBe('urgent');
    expect(conv.team_id).toBe(101);
    expect(conv.assignee_id).toBeNull();
    // The triage note and the triage's writes right after the analysis, the draft note last; no read of the
    // conversation: the first attempt decides on the signed webhook's copy of it (jobs/snapshots.ts).
    expect(writes(h)).toEqual(triageWrites(cid));
    expect(conversationReads(h)).toEqual([]);
    expect(h.enrichment.calls).toContain('anna.keller@example.com');

    const { rows } = await h.pipeline.pool.query('SELECT * FROM triage.records WHERE job_key = $1', [key]);
    expect(rows[0]).toMatchObject({ language: 'de', category: 'bug-report', priority: 'urgent', confidence: 0.93, provider: 'anthropic', model: 'claude-sonnet-4-6', model_calls: 2, error: null });
    expect(rows[0].input_tokens).toBeGreaterThan(0);
    expect(Object.keys(rows[0].latency_ms)).toEqual(expect.arrayContaining(['load', 'analyze', 'draft', 'apply']));
  });
});

describe("without the webhook's copy of the conversation", () => {
  it('a triage the webhook did not start (the sweep, a restart) reads the conversation once and writes the same', async () => {
    // Chatwoot's webhook is off while the mail arrives: the job comes from elsewhere, with no copy in memory.
    const hooks = h.chatwoot.state.webhooks.splice(0);
    const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...GERMAN_TICKET, from: { email: 'no-hook@example.com', name: 'Nora Hook' } });
    h.chatwoot.state.webhooks.push(...hooks);
    const cid = conversation.displayId;
    await h.pipeline.queue.enqueue([{ kind: 'triage', accountId: 1, conversationId: cid }]);
    await h.idle();
    expect(conversationReads(h)).toEqual([`/conversations/${cid}`]);
    expect(writes(h)).toEqual(triageWrites(cid));
    expect(h.chatwoot.state.conversations.find((c) => c.displayId === cid)!.labels).toEqual(['bug-report', 'high-confidence', 'ai-processed']);
  });
});

describe('idempotency', () => {
  it('5 concurrent re-deliveries plus conversation_created give one triage', async () => {
    const before = h.chatwoot.deliveries.length;
    const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...GERMAN_TICKET, from: { email: 'dup@example.com', name: 'Dup' } });
    await h.chatwoot.waitForDeliveries();
    const mine = h.chatwoot.deliveries.slice(before).filter((d) => d.event === 'conversation_created' || d.event === 'message_created');
    expect(mine.map((d) => d.event)).toEqual(['conversation_created', 'message_created']);
    const messageDelivery = mine[1]!;
    await Promise.all([...Array(5)].map(() => h.chatwoot.redeliver(messageDelivery.deliveryId)).concat([h.chatwoot.redeliver(mine[0]!.deliveryId)]));
    await h.idle();
    const cid = conversation.displayId;
    const notes = notesOf(h, cid);
    expect(notes.filter((n) => n.includes('/triage_'))).toHaveLength(1);
    expect(notes.filter((n) => n.includes('/draft_'))).toHaveLength(1);
    expect(notes).toHaveLength(2);
    expect(writes(h).filter((w) => w.endsWith('/labels'))).toHaveLength(1);
    expect(h.anthropic!.requests).toHaveLength(2);
    const { rows } = await h.pipeline.pool.query(`SELECT kind, status, cardinality(delivery_ids) AS deliveries FROM triage.jobs WHERE conversation_id = $1 ORDER BY kind`, [cid]);
    expect(rows).toEqual([
      { kind: 'followup', status: 'done', deliveries: 1 },
      { kind: 'triage', status: 'done', deliveries: 2 },
    ]);
  });
});

describe('follow-up messages', () => {
  it('a later customer message gets one new draft and nothing else', async () => {
    const first = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...GERMAN_TICKET, from: { email: 'follow@example.com', name: 'Fritz' } });
    await h.idle();
    const cid = first.conversation.displayId;
    h.chatwoot.requests.length = 0;
    h.anthropic!.requests.length = 0;
    const second = h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'follow@example.com', name: 'Fritz' },
      subject: 'Re: App stürzt beim Export ab',
      text: 'Es geht immer noch nicht, auch nach einem Neustart.',
      inReplyTo: first.message.source_id ?? undefined,
    });
    expect(second.conversation.displayId).toBe(cid);
    await h.idle();
    expect(h.anthropic!.requests.map(toolName)).toEqual(['write_draft']);
    const prompt = userText(h.anthropic!.requests[0]!);
    expect(prompt).toContain('<thread>');
    expect(prompt).toContain('Es geht immer noch nicht');
    expect(prompt).toContain('als PDF exportieren');
    expect(writes(h)).toEqual([`POST /conversations/${cid}/messages`]);
    const notes = notesOf(h, cid);
    expect(notes).toHaveLength(3);
    expect(notes[2]).toContain('**✉️ Draft reply to the latest message** in German (de)');
    expect(notes[2]).toContain(`_ai-triage ref followup:1:${second.message.id}/draft_`);
  });
});

describe('mail a machine wrote', () => {
  it('a bounce is triaged but gets no model draft: the draft note says why', async () => {
    const bounce = h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'mailer-daemon@mx.school.example', name: 'Mail Delivery System' },
      subject: 'Undeliverable: Your weekly study recap',
      text: 'Delivery has failed to these recipients or groups:\n\nkim@school.example\nRemote Server returned 550 5.1.1 RESOLVER.ADR.RecipientNotFound',
    });
    await h.idle();
    const cid = bounce.conversation.displayId;
    expect(h.anthropic!.requests.map(toolName)).toEqual(['record_triage']);
    const notes = notesOf(h, cid);
    expect(notes).toHaveLength(2);
    expect(notes[1]).toBe(
      `**✉️ No reply drafted** — The message reads as a delivery failure report (a mail to this address bounced): there is nothing to answer.\n\n_ai-triage ref triage:1:${cid}/draft_`,
    );
  });
});

describe('model failures', () => {
  it('Anthropic answering 429 then 200 is retried and succeeds', async () => {
    h.anthropic!.queue.push({ kind: 'http', status: 429, headers: { 'retry-after': '0' } });
    const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...GERMAN_TICKET, from: { email: 'retry@example.com' } });
    await h.idle();
    expect(h.anthropic!.requests.map(toolName)).toEqual(['record_triage', 'record_triage', 'write_draft']);
    expect(h.chatwoot.state.conversations.find((c) => c.displayId === conversation.displayId)!.labels).toContain('ai-processed');
  });

  it('an answer outside the schema is repaired once, and never written as is', async () => {
    h.anthropic!.queue.push({ kind: 'tool', input: { ...ANALYSIS, category: 'billing', confidence: 7 } });
    const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...GERMAN_TICKET, from: { email: 'repair@example.com' } });
    await h.idle();
    const repair = h.anthropic!.requests[1]!;
    expect(JSON.stringify(repair.messages[2])).toContain('"is_error":true');
    expect(JSON.stringify(repair.messages[2])).toContain('category');
    const conv = h.chatwoot.state.conversations.find((c) => c.displayId === conversation.displayId)!;
    expect(conv.labels).toEqual(['bug-report', 'high-confidence', 'ai-processed']);
    expect(JSON.stringify(h.chatwoot.requests.map((r) => r.body))).not.toContain('billing');
  });

  it('an answer still invalid after the repair falls back to the offline model and says so', async () => {
    const bad: FakeReply = { kind: 'tool', input: { category: 'refund-approved', priority: 'asap' } };
    h.anthropic!.queue.push(bad, bad);
    const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...GERMAN_TICKET, from: { email: 'fallback@example.com' } });
    await h.idle();
    const cid = conversation.displayId;
    const triage = notesOf(h, cid).find((n) => n.includes('/triage_'))!;
    expect(triage).toContain("Claude's answer was unusable");
    expect(triage).toContain('Made offline (offline-nb-4');
    const conv = h.chatwoot.state.conversations.find((c) => c.displayId === cid)!;
    expect(conv.labels.every((l) => ['bug-report', 'refund-request', 'product-question', 'other', 'high-confidence', 'needs-triage', 'ai-processed'].includes(l))).toBe(true);
    expect(JSON.stringify(h.chatwoot.requests.map((r) => r.body))).not.toMatch(/refund-approved|asap/);
  });
});

describe('ingress rejects without enqueueing or calling Chatwoot', () => {
  const post = async (body: string, headers: Record<string, string>) =>
    fetch(`http://127.0.0.1:${h.pipeline.port}/webhook`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const sign = async (body: string, ts = Math.floor(Date.now() / 1000)) => {
    const { signWebhook } = await import('../src/ingress/signature.js');
    return { 'x-chatwoot-timestamp': String(ts), 'x-chatwoot-signature': signWebhook(h.webhookSecret, String(ts), body) };
  };
  const jobCount = async () => Number((await h.pipeline.pool.query('SELECT count(*) AS n FROM triage.jobs')).rows[0].n);
  const incoming = JSON.stringify({ event: 'message_created', id: 999999, message_type: 'incoming', private: false, account: { id: 1 }, inbox: { id: 201 }, conversation: { id: 4242 } });

  it.each([
    ['a bad signature', async () => post(incoming, { ...(await sign(incoming)), 'x-chatwoot-signature': 'sha256=' + '0'.repeat(64) }), 401, 'signature does not match'],
    ['a missing signature', async () => post(incoming, {}), 401, 'missing X-Chatwoot-Signature'],
    ['a stale timestamp', async () => post(incoming, await sign(incoming, Math.floor(Date.now() / 1000) - 301)), 401, 'stale X-Chatwoot-Timestamp'],
    ['malformed JSON', async () => post('{"event":', await sign('{"event":')), 400, 'not valid JSON'],
    ['a schema violation', async () => { const b = incoming.replace('"private":false', '"private":"no"'); return post(b, await sign(b)); }, 400, 'expected boolean, received string'],
    ['an oversize body', async () => { const b = JSON.stringify({ event: 'message_created', pad: 'x'.repeat(1_100_000) }); return post(b, await sign(b)); }, 413, '1048576-byte limit'],
    ['an unknown event', async () => { const b = JSON.stringify({ event: 'contact_created', id: 1 }); return post(b, await sign(b)); }, 200, 'not acted on'],
    ['our own private note echoed back', async () => { const b = incoming.replace('"incoming"', '"outgoing"').replace('"private":false', '"private":true'); return post(b, await sign(b)); }, 200, 'outgoing message'],
  ])('%s', async (_name, send, status, text) => {
    const jobsBefore = await jobCount();
    const res = await send();
    expect(res.status).toBe(status);
    expect(JSON.stringify(await res.json())).toContain(text);
    expect(await jobCount()).toBe(jobsBefore);
    expect(h.chatwoot.requests).toHaveLength(0);
  });
});
