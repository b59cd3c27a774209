import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { NewJob } from '../jobs/queue.js';
import { botWebhookRouter, classifyBotEvent } from './bot-webhook.js';
import { signWebhook } from './signature.js';

const SECRET = 'bot-secret-0123456789';
const incoming = { event: 'message_created', id: 10001, message_type: 'incoming', private: false, account: { id: 1 }, conversation: { id: 7 } };

function app(opts: { secret?: string; fail?: boolean } = {}) {
  const jobs: NewJob[] = [];
  const queue = {
    enqueue: async (js: NewJob[]) => {
      if (opts.fail) throw new Error('connect ECONNREFUSED');
      jobs.push(...js);
      return js.length;
    },
  };
  const a = express().use(botWebhookRouter({ secret: 'secret' in opts ? opts.secret : SECRET, accountId: 1, maxBodyBytes: 65536, maxAgeSeconds: 300, queue, logger: pino({ level: 'silent' }) }));
  return { a, jobs };
}

function post(a: express.Express, body: unknown, secret = SECRET) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  return request(a).post('/bot').set('content-type', 'application/json').set('x-chatwoot-timestamp', ts).set('x-chatwoot-signature', signWebhook(secret, ts, raw)).send(raw);
}

describe('classifyBotEvent', () => {
  it('makes one bot job per customer message, keyed by the message', () => {
    expect(classifyBotEvent(incoming, 1, 'd1')).toEqual({ action: 'enqueue', job: { kind: 'bot', accountId: 1, conversationId: 7, messageId: 10001, deliveryId: 'd1' } });
  });

  it.each<[Record<string, unknown>, string]>([
    [{ message_type: 'outgoing' }, 'outgoing message'],
    [{ private: true }, 'private note'],
    [{ account: { id: 2 } }, 'account 2 is not CHATWOOT_ACCOUNT_ID'],
    [{ event: 'conversation_opened' }, 'event conversation_opened is not acted on'],
  ])('ignores %o', (change, reason) => expect(classifyBotEvent({ ...incoming, ...change }, 1)).toEqual({ action: 'ignore', reason }));

  it('names the field of an invalid payload', () => {
    expect(classifyBotEvent({ ...incoming, conversation: {} }, 1)).toEqual({ action: 'invalid', error: 'invalid bot payload at "conversation.id": Invalid input: expected number, received undefined' });
  });
});

describe('POST /bot', () => {
  it('accepts a signed customer message and enqueues it', async () => {
    const { a, jobs } = app();
    const res = await post(a, incoming);
    expect([res.status, res.body]).toEqual([200, { status: 'accepted', created: 1 }]);
    expect(jobs.map((j) => j.kind)).toEqual(['bot']);
  });

  it('refuses a forged signature (401), answers 500 while the queue is down (Chatwoot retries 500), 404 when off', async () => {
    const forged = await post(app().a, incoming, 'another-secret-0123456789');
    expect([forged.status, forged.body]).toEqual([401, { error: 'signature does not match (check BOT_WEBHOOK_SECRET)' }]);
    expect((await post(app({ fail: true }).a, incoming)).status).toBe(500);
    const off = await post(app({ secret: undefined }).a, incoming);
    expect(off.status).toBe(404);
    expect(off.body.error).toMatch(/^the chat bot is off: set BOT_WEBHOOK_SECRET and BOT_ACCESS_TOKEN/);
  });

  it('answers 400 to a signed body that is not JSON, and enqueues nothing', async () => {
    const { a, jobs } = app();
    const res = await post(a, '{"event": "message_created",');
    expect([res.status, res.body]).toEqual([400, { error: 'body is not valid JSON' }]);
    expect(jobs).toEqual([]);
  });
});
