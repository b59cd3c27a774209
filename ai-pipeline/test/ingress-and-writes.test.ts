import express from 'express';
import pg from 'pg';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startFakeChatwoot, type FakeChatwoot } from '../../testkit/fakes/chatwoot-server.js';
import { ChatwootClient } from '../src/chatwoot/client.js';
import { ChatwootResponseError, createChatwootHttp } from '../src/chatwoot/http.js';
import { classifyHttpFailure, isRetryable, PipelineError } from '../src/errors.js';
import { webhookRouter } from '../src/ingress/webhook.js';
import { hasNote, type ConversationContext } from '../src/jobs/conversation-context.js';
import { JobQueue } from '../src/jobs/queue.js';
import { ModelOutputError, ModelUnavailableError } from '../src/model/errors.js';
import { migrate } from '../src/store/migrations.js';
import { storageSafe, storageSafeDeep } from '../src/util/safe-text.js';

const logger = pino({ level: 'silent' });
const TOKEN = 'a-url-token-of-32-characters-xx';

function app(queue: Pick<JobQueue, 'enqueue'>) {
  const a = express();
  a.use(webhookRouter({ rules: { accountId: 1 }, urlToken: TOKEN, maxBodyBytes: 1 << 20, maxAgeSeconds: 300, queue, logger }));
  return a;
}

const message = (ids: { account?: number; conversation?: number; message?: number; inbox?: number } = {}) => ({
  event: 'message_created',
  id: ids.message ?? 10,
  message_type: 'incoming',
  private: false,
  account: { id: ids.account ?? 1 },
  inbox: { id: ids.inbox ?? 3 },
  conversation: { id: ids.conversation ?? 5, inbox_id: ids.inbox ?? 3 },
});

let pool: pg.Pool;
let queue: JobQueue;
beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await freshDatabaseUrl('ingresswrites'), max: 2 });
  await migrate(pool);
  queue = new JobQueue(pool, { maxAttempts: 3, leaseSeconds: 5 });
});
afterAll(async () => pool?.end());

describe('webhook while the database is down', () => {
  it('answers 503 with Retry-After, not 500', async () => {
    const down = { enqueue: () => Promise.reject(Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' })) };
    const res = await request(app(down)).post(`/webhook?token=${TOKEN}`).send(message());
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toEqual({ error: 'the job queue is unavailable; try again later' });
  });
});

describe('group commit', () => {
  it('enqueues of one event-loop turn share one INSERT; each resolves after the commit with its own count, a repeated key counts once', async () => {
    const inserts: string[] = [];
    const counting = new Proxy(pool, {
      get(target, prop) {
        if (prop !== 'query') return Reflect.get(target, prop, target) as unknown;
        return (text: string, values?: unknown[]) => {
          if (text.includes('INSERT INTO triage.jobs')) inserts.push(text);
          return target.query(text, values);
        };
      },
    });
    const q = new JobQueue(counting, { maxAttempts: 3, leaseSeconds: 5 });
    const job = (conversationId: number) => ({ kind: 'triage' as const, accountId: 1, conversationId });
    const created = await Promise.all([q.enqueue([job(700), job(701)]), q.enqueue([job(702)]), q.enqueue([job(703)])]);
    expect(created).toEqual([2, 1, 1]);
    expect(inserts).toHaveLength(1);
    // The same key twice in one turn: two statements (ON CONFLICT cannot touch a row twice in one), one new job.
    const again = await Promise.all([q.enqueue([job(704)]), q.enqueue([job(704)]), q.enqueue([job(700)])]);
    expect(again).toEqual([1, 0, 0]);
    expect(inserts).toHaveLength(3);
    const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM triage.jobs WHERE conversation_id BETWEEN 700 AND 704 AND kind = 'triage'");
    expect(Number(rows[0]!.n)).toBe(5);
  });
});

describe('ids above 2^31-1', () => {
  it('are accepted at the webhook and stored (bigint columns)', async () => {
    const big = 2 ** 31 + 7;
    const res = await request(app(queue)).post(`/webhook?token=${TOKEN}`).send(message({ conversation: big, message: big + 1, inbox: big + 2 }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'accepted', created: 2 });
    const job = await queue.findByKey(`triage:1:${big}`);
    expect(job).toMatchObject({ conversation_id: big, account_id: 1 });
    expect(Number((await queue.findByKey(`followup:1:${big + 1}`))?.message_id)).toBe(big + 1);
  });

  it('ids beyond what a number holds exactly get 400 naming the field', async () => {
    const res = await request(app(queue)).post(`/webhook?token=${TOKEN}`).send({ ...message(), conversation: { id: 2 ** 60, inbox_id: 3 } });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('"conversation.id"');
  });
});

describe('storage-safe text', () => {
  it('removes NUL and replaces lone surrogates, keeps real emoji', () => {
    expect(storageSafe('a\u0000b \uD83D c \uDE00 d 😀')).toBe('ab \uFFFD c \uFFFD d 😀');
    expect(storageSafeDeep({ 'k\u0000': ['x\u0000', 1, null] })).toEqual({ k: ['x', 1, null] });
  });
});

describe('one error type, one HTTP classification', () => {
  it('classifies statuses and Retry-After', () => {
    expect(classifyHttpFailure(null)).toEqual({ retryable: true });
    expect(classifyHttpFailure(429, '3')).toEqual({ retryable: true, retryAfterMs: 3000 });
    expect(classifyHttpFailure(503)).toEqual({ retryable: true });
    expect(classifyHttpFailure(400, '3')).toEqual({ retryable: false });
    expect(classifyHttpFailure(404)).toEqual({ retryable: false });
  });

  it('model errors are PipelineErrors; unknown errors (a database reset) are retryable', () => {
    expect(new ModelOutputError('x')).toBeInstanceOf(PipelineError);
    expect(isRetryable(new ModelOutputError('x'))).toBe(false);
    expect(isRetryable(new ModelUnavailableError('x', true, 10))).toBe(true);
    expect(isRetryable(new Error('Connection terminated'))).toBe(true);
  });
});

describe('writes to Chatwoot', () => {
  let cw: FakeChatwoot;
  let client: ChatwootClient;
  beforeAll(async () => {
    cw = await startFakeChatwoot();
    client = new ChatwootClient(createChatwootHttp({ baseUrl: cw.url, apiToken: cw.apiToken, accountId: cw.accountId, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }));
  });
  afterAll(async () => cw?.close());

  it('a 200 whose body is not the created note is an error, not "posted"', async () => {
    const inbox = cw.addInbox({ name: 'Mail', kind: 'email', email: 'in@example.com' });
    const { conversation } = cw.simulateIncomingEmail({ inboxId: inbox.id, from: { email: 'c@example.com' }, subject: 's', text: 't' });
    await expect(client.postPrivateNote(conversation.displayId, 'ok')).resolves.toMatchObject({ private: true, content: 'ok' });
    cw.failNext('createMessage', 200, 1);
    await expect(client.postPrivateNote(conversation.displayId, 'again')).rejects.toBeInstanceOf(ChatwootResponseError);
  });

  it('a note post that failed with 502 is not re-posted blindly; a label write is', async () => {
    const inbox = cw.addInbox({ name: 'Mail2', kind: 'email', email: 'in2@example.com' });
    const { conversation } = cw.simulateIncomingEmail({ inboxId: inbox.id, from: { email: 'd@example.com' }, subject: 's', text: 't' });
    const cid = conversation.displayId;
    cw.requests.length = 0;
    cw.failNext('createMessage', 502, 1);
    await expect(client.postPrivateNote(cid, 'note')).rejects.toMatchObject({ status: 502, retryable: true });
    expect(cw.requests.filter((r) => r.route === 'createMessage')).toHaveLength(1);
    cw.failNext('setConversationLabels', 502, 1);
    await client.setLabels(cid, ['billing']);
    expect(cw.requests.filter((r) => r.route === 'setConversationLabels').map((r) => r.status)).toEqual([502, 200]);
  });
});

describe('note markers', () => {
  const ctx = (messages: ConversationContext['messages'], authorId?: number): ConversationContext => ({
    conversation: { id: 1 },
    messages,
    customerMessages: [],
    subject: null,
    email: null,
    contactName: null,
    authorId,
  });
  const marker = '_ai-triage ref followup:1:9/draft_';

  it('count only on private notes the pipeline could have written', () => {
    const byContact = { id: 1, content: `hi ${marker}`, message_type: 0, private: false, sender: { id: 4, type: 'contact' } };
    expect(hasNote(ctx([byContact]), marker)).toBe(false);
    const byUser = { id: 2, content: `note ${marker}`, message_type: 1, private: true, sender: { id: 7, type: 'user' } };
    expect(hasNote(ctx([byUser]), marker)).toBe(true);
    expect(hasNote(ctx([byUser], 8), marker)).toBe(false); // another agent's note quoting our marker
    expect(hasNote(ctx([byUser], 7), marker)).toBe(true);
    const byBot = { id: 3, content: `note ${marker}`, message_type: 1, private: true, sender_type: 'AgentBot' };
    expect(hasNote(ctx([byBot]), marker)).toBe(true);
  });
});
