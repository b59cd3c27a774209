/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are asserted field by field */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeChatwoot, startWebhookReceiver, type FakeChatwoot } from './chatwoot-server.js';

type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

let cw: FakeChatwoot;
let hooks: Receiver;

async function api(method: string, path: string, body?: unknown, token?: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.api_access_token = token ?? cw.apiToken;
  const res = await fetch(`${cw.url}/api/v1/accounts/${cw.accountId}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = text;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, headers: res.headers };
}

beforeAll(async () => {
  cw = await startFakeChatwoot({ apiToken: 'admin-token', accountId: 7 });
  hooks = await startWebhookReceiver();
});
afterAll(async () => {
  await cw.close();
  await hooks.close();
});
afterEach(async () => {
  await cw.waitForDeliveries();
  await cw.setOutage(null);
  cw.reset();
  hooks.received.length = 0;
});

function seedEmailTicket() {
  const inbox = cw.addInbox({ name: 'Support', kind: 'email', email: 'support@acme.test' });
  const created = cw.simulateIncomingEmail({
    inboxId: inbox.id,
    from: { email: 'Jane@Example.com', name: 'Jane Doe' },
    subject: 'Double charge',
    text: 'I was charged twice.',
    quotedText: '> On Monday you wrote:\n> hello',
    messageId: 'abc123@mail.example.com',
  });
  return { inbox, ...created };
}

describe('fake Chatwoot: REST vs webhook shapes', () => {
  it('simulateIncomingEmail emits conversation_created then message_created, flat, with webhook types', async () => {
    cw.addWebhook({ url: `${hooks.url}/webhook`, subscriptions: ['conversation_created', 'message_created'] });
    const { conversation, message, contact, inbox } = seedEmailTicket();
    await cw.waitForDeliveries();

    expect(conversation.displayId).toBe(1);
    expect(message.id).toBeGreaterThanOrEqual(10_001);
    expect(contact.id).not.toBe(conversation.displayId);
    expect(hooks.received.map((r) => r.json.event)).toEqual(['conversation_created', 'message_created']);

    const conv = hooks.received[0]!.json;
    expect(conv.id).toBe(1);
    expect(conv.messages).toEqual([]); // committed before the message existed
    expect(conv.additional_attributes).toMatchObject({ source: 'email', mail_subject: 'Double charge' });
    expect(conv).not.toHaveProperty('data');

    const msg = hooks.received[1]!.json as any;
    expect(msg.message_type).toBe('incoming');
    expect(typeof msg.created_at).toBe('string');
    expect(msg.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(msg.content_type).toBe('incoming_email');
    expect(msg.source_id).toBe('abc123@mail.example.com');
    expect(msg.content).toBe('I was charged twice.\n\n> On Monday you wrote:\n> hello');
    expect(msg.content_attributes.email.text_content.quoted).toBe('I was charged twice.');
    expect(msg.content_attributes.email.from).toEqual(['jane@example.com']);
    expect(msg.sender).toMatchObject({ id: contact.id, email: 'jane@example.com', name: 'Jane Doe' });
    expect(msg.sender).not.toHaveProperty('type');
    expect(msg.inbox).toEqual({ id: inbox.id, name: 'Support' });
    expect(msg.conversation.id).toBe(1);
    expect(msg.conversation.messages[0].message_type).toBe(0); // push format inside the conversation
    expect(msg.conversation.meta.sender.type).toBe('contact');
    expect(msg).not.toHaveProperty('contact');

    const rest = await api('GET', '/conversations/1/messages');
    expect(rest.status).toBe(200);
    expect(rest.json.payload).toHaveLength(1);
    expect(rest.json.payload[0]).toMatchObject({ id: message.id, message_type: 0, conversation_id: 1, private: false });
    expect(typeof rest.json.payload[0].created_at).toBe('number');
    expect(rest.json.meta.contact.email).toBe('jane@example.com');

    const show = await api('GET', '/conversations/1');
    expect(show.json).toMatchObject({ id: 1, inbox_id: inbox.id, status: 'open', labels: [], priority: null, custom_attributes: {} });
    expect(show.json.meta.sender).toMatchObject({ email: 'jane@example.com', name: 'Jane Doe', type: 'contact' });
    expect(show.json.messages).toHaveLength(1);
  });

  it('a private note comes back as message_created outgoing/private with a user sender; REST answers ints', async () => {
    cw.addWebhook({ url: `${hooks.url}/webhook`, subscriptions: ['message_created'] });
    seedEmailTicket();
    await cw.waitForDeliveries();
    hooks.received.length = 0;

    const note = await api('POST', '/conversations/1/messages', { content: 'AI triage', message_type: 'outgoing', private: true });
    expect(note.status).toBe(200);
    expect(note.json).toMatchObject({ message_type: 1, private: true, conversation_id: 1, content: 'AI triage' });
    await cw.waitForDeliveries();
    expect(hooks.received).toHaveLength(1);
    expect(hooks.received[0]!.json).toMatchObject({ event: 'message_created', message_type: 'outgoing', private: true, sender: { type: 'user', id: 1 } });
    expect(cw.state.messages.at(-1)).toMatchObject({ private: true, content: 'AI triage' });
  });

  it('incoming messages are refused outside API inboxes; API conversations keep mail_subject', async () => {
    seedEmailTicket();
    const refused = await api('POST', '/conversations/1/messages', { content: 'x', message_type: 'incoming' });
    expect(refused).toMatchObject({ status: 422, json: { error: 'Incoming messages are only allowed in Api inboxes' } });

    const apiInbox = await api('POST', '/inboxes', { name: 'Samples', channel: { type: 'api', webhook_url: '' } });
    expect(apiInbox.json.channel_type).toBe('Channel::Api');
    const contact = await api('POST', '/contacts', { inbox_id: apiInbox.json.id, name: 'Max', email: 'max@example.de' });
    const conv = await api('POST', '/conversations', {
      inbox_id: apiInbox.json.id,
      contact_id: contact.json.payload.contact.id,
      additional_attributes: { mail_subject: 'Hallo' },
      message: { content: 'Body', message_type: 'incoming' },
    });
    expect(conv.status).toBe(200);
    expect(conv.json).toMatchObject({ id: 2, additional_attributes: { mail_subject: 'Hallo' } });
    expect(conv.json.messages[0]).toMatchObject({ message_type: 0, content: 'Body' });
  });

  it('GET messages pages by id: latest 20, before, after', async () => {
    seedEmailTicket();
    for (let i = 0; i < 29; i++) await api('POST', '/conversations/1/messages', { content: `n${i}`, private: true });
    const ids = cw.state.messages.map((m) => m.id);
    const latest = await api('GET', '/conversations/1/messages');
    expect(latest.json.payload.map((m: any) => m.id)).toEqual(ids.slice(-20));
    const older = await api('GET', `/conversations/1/messages?before=${ids[10]}`);
    expect(older.json.payload.map((m: any) => m.id)).toEqual(ids.slice(0, 10));
    const newer = await api('GET', `/conversations/1/messages?after=${ids[25]}`);
    expect(newer.json.payload.map((m: any) => m.id)).toEqual(ids.slice(26));
    const publicOnly = await api('GET', '/conversations/1/messages?filter_internal_messages=true');
    expect(publicOnly.json.payload.map((m: any) => m.id)).toEqual([ids[0]]);
  });
});

describe('fake Chatwoot: replacing writes and conversation_updated', () => {
  it('labels and custom attributes replace, and announce changed_attributes', async () => {
    cw.addWebhook({ url: `${hooks.url}/webhook`, subscriptions: ['conversation_updated'] });
    seedEmailTicket();
    expect((await api('POST', '/conversations/1/labels', { labels: ['bug-report', 'needs-triage'] })).json).toEqual({ payload: ['bug-report', 'needs-triage'] });
    expect((await api('POST', '/conversations/1/labels', { labels: ['ai-processed'] })).json).toEqual({ payload: ['ai-processed'] });
    expect((await api('GET', '/conversations/1/labels')).json).toEqual({ payload: ['ai-processed'] });

    await api('POST', '/conversations/1/custom_attributes', { custom_attributes: { ai_category: 'other', ai_confidence: 0.4 } });
    const second = await api('POST', '/conversations/1/custom_attributes', { custom_attributes: { ai_language: 'de' } });
    expect(second.json).toEqual({ custom_attributes: { ai_language: 'de' } });

    const prio = await api('POST', '/conversations/1/toggle_priority', { priority: 'high' });
    expect(prio).toMatchObject({ status: 200, json: undefined });

    const team = cw.addTeam({ name: 'Billing' });
    const agent = cw.addAgent({ name: 'Ann', email: 'ann@acme.test' });
    const both = await api('POST', '/conversations/1/assignments', { assignee_id: agent.id, team_id: team.id });
    expect(both.json).toMatchObject({ id: agent.id, email: 'ann@acme.test' });
    expect((await api('POST', '/conversations/1/assignments', { team_id: team.id })).json).toMatchObject({ id: team.id, name: 'billing' });

    expect(cw.state.conversation(1)).toMatchObject({
      labels: ['ai-processed'],
      custom_attributes: { ai_language: 'de' },
      priority: 'high',
      assignee_id: agent.id,
      team_id: team.id,
    });

    await cw.waitForDeliveries();
    const changed = hooks.received.map((r) => (r.json.changed_attributes as Record<string, unknown>[]).map((c) => Object.keys(c)[0]));
    expect(changed).toEqual([
      ['label_list', 'updated_at'],
      ['label_list', 'updated_at'],
      ['custom_attributes', 'updated_at'],
      ['custom_attributes', 'updated_at'],
      ['priority', 'updated_at'],
      ['assignee_id', 'updated_at'],
      ['team_id', 'updated_at'],
    ]);
    expect((hooks.received[1]!.json.changed_attributes as any[])[0]).toEqual({ label_list: { previous_value: ['bug-report', 'needs-triage'], current_value: ['ai-processed'] } });
    expect(hooks.received.every((r) => r.json.event === 'conversation_updated' && r.json.id === 1)).toBe(true);
  });

  it('account labels validate title format and uniqueness (422)', async () => {
    const ok = await api('POST', '/labels', { label: { title: 'Bug-Report', color: '#ff0000' } });
    expect(ok.json).toMatchObject({ title: 'bug-report', color: '#ff0000' });
    expect(await api('POST', '/labels', { label: { title: 'bug-report' } })).toMatchObject({ status: 422, json: { message: 'Title has already been taken', attributes: ['title'] } });
    expect((await api('POST', '/labels', { label: { title: 'has space' } })).status).toBe(422);
    expect((await api('POST', '/labels', { label: { title: 'x' } })).status).toBe(422);
    expect((await api('POST', '/labels', { label: { title: 'straße_2' } })).status).toBe(200);
  });

  it('webhooks validate subscriptions and URL uniqueness, and return a secret', async () => {
    const bad = await api('POST', '/webhooks', { webhook: { url: `${hooks.url}/w`, subscriptions: ['message_created', 'nope'] } });
    expect(bad.status).toBe(422);
    const ok = await api('POST', '/webhooks', { webhook: { url: `${hooks.url}/w`, subscriptions: ['message_created'] } });
    expect(ok.json.payload.webhook).toMatchObject({ url: `${hooks.url}/w`, subscriptions: ['message_created'], account_id: 7 });
    expect(ok.json.payload.webhook.secret).toMatch(/^[\w-]{20,}$/);
    const dup = await api('POST', '/webhooks', { webhook: { url: `${hooks.url}/w`, subscriptions: ['message_created'] } });
    expect(dup).toMatchObject({ status: 422, json: { message: 'Url has already been taken' } });
  });
});

describe('fake Chatwoot: auth, limits, signatures, outages', () => {
  it('answers 401 {error} for a missing or wrong token, and for a non-admin on admin routes', async () => {
    expect(await api('GET', '/labels', undefined, null)).toMatchObject({ status: 401, json: { error: 'Invalid Access Token' } });
    expect((await api('GET', '/labels', undefined, 'wrong')).status).toBe(401);
    cw.addAgent({ name: 'Agent', email: 'a@acme.test', accessToken: 'agent-token' });
    expect((await api('GET', '/labels', undefined, 'agent-token')).status).toBe(200);
    expect(await api('POST', '/labels', { title: 'x1' }, 'agent-token')).toMatchObject({ status: 401, json: { error: 'You are not authorized to do this action' } });
  });

  it('throttles above the flood limit with 429 and Retry-After', async () => {
    cw.setFloodLimit(3);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await api('GET', '/agents'));
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 200, 429]);
    expect(Number(statuses[3]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    cw.setFloodLimit(null);
  });

  it('failNext answers the chosen status for matching routes only, the given number of times', async () => {
    seedEmailTicket();
    cw.failNext('setConversationLabels', 500, 2);
    expect((await api('GET', '/conversations/1')).status).toBe(200);
    expect((await api('POST', '/conversations/1/labels', { labels: ['a1'] })).status).toBe(500);
    expect((await api('POST', '/conversations/1/labels', { labels: ['a1'] })).status).toBe(500);
    expect((await api('POST', '/conversations/1/labels', { labels: ['a1'] })).status).toBe(200);
    cw.failNext('GET /conversations/{conversation_id}', 429, 1, { 'Retry-After': '2' });
    const limited = await api('GET', '/conversations/1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
  });

  it('signs deliveries with HMAC-SHA256(secret, "<ts>.<body>") and redelivers with the same delivery id', async () => {
    const created = await api('POST', '/webhooks', { webhook: { url: `${hooks.url}/webhook`, subscriptions: ['conversation_created', 'message_created'] } });
    const secret: string = created.json.payload.webhook.secret;
    seedEmailTicket();
    await cw.waitForDeliveries();
    expect(hooks.received).toHaveLength(2);
    const deliveryIds = new Set<string>();
    for (const r of hooks.received) {
      const ts = r.headers['x-chatwoot-timestamp'] as string;
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['accept']).toBe('application/json');
      expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
      const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${r.raw}`).digest('hex')}`;
      expect(r.headers['x-chatwoot-signature']).toBe(expected);
      deliveryIds.add(r.headers['x-chatwoot-delivery'] as string);
    }
    expect(deliveryIds.size).toBe(2);
    expect(cw.deliveries.map((d) => [d.event, d.status])).toEqual([
      ['conversation_created', 200],
      ['message_created', 200],
    ]);

    const first = cw.deliveries[0]!;
    await cw.redeliver(first.deliveryId);
    const again = hooks.received[2]!;
    expect(again.headers['x-chatwoot-delivery']).toBe(first.deliveryId);
    expect(again.raw).toBe(hooks.received[0]!.raw);
    expect(first.attempts).toHaveLength(2);
  });

  it('records failed deliveries without retrying', async () => {
    cw.addWebhook({ url: `${hooks.url}/webhook`, subscriptions: ['message_created'] });
    hooks.setStatus(500);
    seedEmailTicket();
    await cw.waitForDeliveries();
    hooks.setStatus(200);
    expect(cw.deliveries).toHaveLength(1);
    expect(cw.deliveries[0]).toMatchObject({ event: 'message_created', status: 500, error: 'HTTP 500' });
    expect(cw.deliveries[0]!.attempts).toHaveLength(1);
  });

  it("outage 'refuse' closes the port (ECONNREFUSED) and null reopens the same port; 'http502' answers 502", async () => {
    await cw.setOutage('refuse');
    const err = await fetch(`${cw.url}/api`).then(
      () => null,
      (e: Error & { cause?: { code?: string } }) => e.cause?.code,
    );
    expect(err).toBe('ECONNREFUSED');
    await cw.setOutage('http502');
    const bad = await fetch(`${cw.url}/api/v1/accounts/7/agents`, { headers: { api_access_token: 'admin-token' } });
    expect(bad.status).toBe(502);
    await cw.setOutage(null);
    expect((await api('GET', '/agents')).status).toBe(200);
  });

  it('records every API call with method, path, query and body', async () => {
    await api('GET', '/contacts/search?q=jane');
    await api('POST', '/labels', { label: { title: 'other' } });
    expect(cw.requests.map(({ method, path, query, body, status }) => ({ method, path, query, body, status }))).toEqual([
      { method: 'GET', path: '/api/v1/accounts/7/contacts/search', query: { q: 'jane' }, body: {}, status: 200 },
      { method: 'POST', path: '/api/v1/accounts/7/labels', query: {}, body: { label: { title: 'other' } }, status: 200 },
    ]);
  });
});

describe('fake Chatwoot: agent bots', () => {
  it('a bot inbox starts chats pending, sends the bot signed events, and the bot token may only use bot endpoints', async () => {
    const inbox = cw.addInbox({ name: 'Chat', kind: 'web_widget' });
    const created = await api('POST', '/agent_bots', { name: 'Helper', outgoing_url: `${hooks.url}/bot` });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ name: 'Helper', outgoing_url: `${hooks.url}/bot`, bot_type: 'webhook', system_bot: false });
    const bot = created.json as { id: number; access_token: string; secret: string };
    expect((await api('POST', `/inboxes/${inbox.id}/set_agent_bot`, { agent_bot: bot.id })).status).toBe(200);
    expect((await api('GET', `/inboxes/${inbox.id}/agent_bot`)).json.agent_bot.id).toBe(bot.id);

    const { conversation } = cw.simulateWidgetMessage({ inboxId: inbox.id, contact: { name: 'Lena' }, text: 'Hallo?' });
    await cw.waitForDeliveries();
    expect(conversation.status).toBe('pending');
    // conversation_created is never sent to bots; the message is, signed with the bot's secret.
    expect(hooks.received.map((r) => r.json.event)).toEqual(['message_created']);
    const got = hooks.received[0]!;
    const ts = String(got.headers['x-chatwoot-timestamp']);
    expect(got.headers['x-chatwoot-signature']).toBe(`sha256=${createHmac('sha256', bot.secret).update(`${ts}.${got.raw}`).digest('hex')}`);

    const reply = await api('POST', `/conversations/${conversation.displayId}/messages`, { content: 'Hi!', message_type: 'outgoing' }, bot.access_token);
    expect(reply.json).toMatchObject({ sender_type: 'AgentBot', sender: { id: bot.id, type: 'agent_bot' }, message_type: 1 });
    expect(await api('GET', `/conversations/${conversation.displayId}/messages`, undefined, bot.access_token)).toMatchObject({
      status: 401,
      json: { error: 'Access to this endpoint is not authorized for bots' },
    });
    const handoff = await api('POST', `/conversations/${conversation.displayId}/toggle_status`, { status: 'open' }, bot.access_token);
    expect(handoff.json.payload).toMatchObject({ success: null, current_status: 'open' });
    expect(cw.state.botHandoffs).toEqual([conversation.displayId]);
  });

  it('retries a bot delivery on 500, and opens the pending chat after the last failure', async () => {
    const slow = await startFakeChatwoot({ botRetryDelayMs: 10 });
    try {
      hooks.setStatus(500);
      const inbox = slow.addInbox({ name: 'Chat', kind: 'web_widget' });
      const bot = slow.addAgentBot({ name: 'Helper', outgoingUrl: `${hooks.url}/bot` });
      slow.setInboxBot(inbox.id, bot.id);
      const { conversation } = slow.simulateWidgetMessage({ inboxId: inbox.id, text: 'Hallo?' });
      await slow.waitForDeliveries();
      const delivery = slow.deliveries.find((d) => d.target.kind === 'agent_bot' && d.event === 'message_created')!;
      expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 500]);
      expect(conversation.status).toBe('open');
    } finally {
      hooks.setStatus(200);
      await slow.close();
    }
  });
});

describe('fake Chatwoot: an agent bot that is not there', () => {
  it('opens the pending chat after one refused delivery (not retried)', async () => {
    const fake = await startFakeChatwoot({ botRetryDelayMs: 10 });
    try {
      const inbox = fake.addInbox({ name: 'Chat', kind: 'web_widget' });
      const bot = fake.addAgentBot({ name: 'Helper', outgoingUrl: 'http://127.0.0.1:9/bot' });
      fake.setInboxBot(inbox.id, bot.id);
      const { conversation } = fake.simulateWidgetMessage({ inboxId: inbox.id, text: 'Hallo?' });
      await fake.waitForDeliveries();
      expect(fake.deliveries.find((d) => d.target.kind === 'agent_bot')!.attempts).toHaveLength(1);
      expect(conversation.status).toBe('open');
    } finally {
      await fake.close();
    }
  });
});
