import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startHarness, type Harness } from '../../testkit/harness.js';

/** POST /ingest against the fake Chatwoot (API inbox), with the normal webhook-driven triage behind it. */
const TOKEN = 'ingest-token-0123456789abcdef';

let h: Harness;
let apiInbox: number;
beforeAll(async () => {
  h = await startHarness({ databaseUrl: await freshDatabaseUrl() });
});
afterAll(async () => h?.stop());

const url = () => `http://127.0.0.1:${h.pipeline.port}`;
async function ingest(body: unknown, opts: { token?: string | null; path?: string; raw?: string } = {}) {
  const token = opts.token === undefined ? TOKEN : opts.token;
  const res = await fetch(`${url()}${opts.path ?? '/ingest'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: opts.raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

const TICKET = {
  external_id: 'ZD-1001',
  source: 'zendesk',
  email: 'Ola.Nordmann@example.com',
  name: 'Ola Nordmann',
  subject: 'Cannot log in',
  body: 'Since this morning the app says my password is wrong, but I reset it twice.',
  attachments_urls: ['https://files.example.com/screenshot.png'],
};

describe('POST /ingest', () => {
  it('is off (404) unless INGEST_TOKEN and INGEST_INBOX_ID are set', async () => {
    expect((await ingest(TICKET)).status).toBe(404);
    apiInbox = h.chatwoot.addInbox({ name: 'Other systems', kind: 'api' }).id;
    await h.restart({ INGEST_TOKEN: TOKEN, INGEST_INBOX_ID: String(apiInbox), INGEST_MAX_BODY_BYTES: '4096', INGEST_RATE_PER_MINUTE: '40' });
  });

  it('401 without or with a wrong token, 400 naming the field, 413 over the limit', async () => {
    expect(await ingest(TICKET, { token: null })).toEqual({ status: 401, body: { error: 'missing or wrong bearer token (INGEST_TOKEN)' } });
    expect((await ingest(TICKET, { token: 'wrong-token-0123456789' })).status).toBe(401);
    expect(await ingest({ ...TICKET, email: 'not-an-email' })).toEqual({ status: 400, body: { error: 'invalid ingest request: email: Invalid email address' } });
    expect(await ingest({ ...TICKET, body: undefined })).toEqual({ status: 400, body: { error: 'invalid ingest request: body: is required (string)' } });
    expect((await ingest({ ...TICKET, priority: 'urgent' })).body).toEqual({ error: 'invalid ingest request: (body): unknown field "priority" (see docs/ingest.openapi.yaml)' });
    expect((await ingest({ ...TICKET, attachments_urls: ['file:///etc/passwd'] })).body).toEqual({ error: 'invalid ingest request: attachments_urls.0: must be an http(s) URL' });
    const malformed = await ingest(null, { raw: '{"external_id": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body?.error).toMatch(/^invalid ingest request: the body is not valid JSON \(/);
    expect((await ingest({ ...TICKET, body: 'x'.repeat(5000) })).status).toBe(413);
    expect(h.chatwoot.state.conversations.filter((c) => c.inbox_id === apiInbox)).toEqual([]);
  });

  it('the same external id sent five times at once yields one conversation; the webhook triages it', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => ingest(TICKET)));
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(4);
    const cid = created[0]!.body!.conversation_id as number;
    expect(answers.map((a) => a.body)).toEqual(answers.map((a) => ({ conversation_id: cid, created: a.status === 201 })));

    const conversations = h.chatwoot.state.conversations.filter((c) => c.inbox_id === apiInbox);
    expect(conversations.map((c) => c.displayId)).toEqual([cid]);
    expect(conversations[0]!.additional_attributes).toEqual({ mail_subject: 'Cannot log in', ingest_source: 'zendesk', ingest_external_id: 'ZD-1001' });
    expect(h.chatwoot.state.contacts.filter((c) => c.email === 'ola.nordmann@example.com')).toHaveLength(1);
    const messages = h.chatwoot.state.messagesOf(cid);
    expect(messages.map((m) => [m.message_type, m.private, m.sender?.type, m.content])).toEqual([
      [0, false, 'contact', `${TICKET.body}\n\nAttachments:\n- https://files.example.com/screenshot.png`],
    ]);

    await h.idle();
    expect(h.chatwoot.state.conversation(cid)!.labels).toContain('ai-processed');
    expect(h.chatwoot.state.messagesOf(cid).filter((m) => m.private && m.content?.includes(`ai-triage ref triage:1:${cid}/triage`))).toHaveLength(1);

    // Later: same answer, no new conversation.
    expect(await ingest(TICKET)).toEqual({ status: 200, body: { conversation_id: cid, created: false } });
  });

  it('POST /ingest/{source}/{external_id}/messages appends an incoming message (404 for an unknown ticket)', async () => {
    const cid = (await ingest(TICKET)).body!.conversation_id as number;
    const r = await ingest({ body: 'Still broken, please hurry.' }, { path: '/ingest/zendesk/ZD-1001/messages' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ conversation_id: cid });
    const last = h.chatwoot.state.messagesOf(cid).filter((m) => m.message_type === 0).at(-1)!;
    expect([last.id, last.content, last.sender?.type]).toEqual([r.body!.message_id, 'Still broken, please hurry.', 'contact']);
    expect((await ingest({ body: 'x' }, { path: '/ingest/zendesk/NOPE-1/messages' })).status).toBe(404);
    expect((await ingest({ body: 'x' }, { path: '/ingest/zendesk/ZD-1001/messages', token: null })).status).toBe(401);
    await h.idle();
  });

  it('429 once a caller exceeds INGEST_RATE_PER_MINUTE', async () => {
    await h.restart({ INGEST_RATE_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await ingest(TICKET, { token: null })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
