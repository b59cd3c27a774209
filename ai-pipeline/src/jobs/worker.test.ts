import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jobQueueDatabase } from '../../../testkit/db.js';
import { capturingLogger } from '../../../testkit/log-capture.js';
import { waitUntil } from '../../../testkit/harness.js';
import { ChatwootClient } from '../chatwoot/client.js';
import { ChatwootApiError, createChatwootHttp } from '../chatwoot/http.js';
import type { JobDeps } from './deps.js';
import type { JobKind } from './queue.js';
import { MAX_ACCESS_WAITS, Worker, type WorkerOptions } from './worker.js';

/**
 * The worker settling jobs whose Chatwoot calls fail, over a real queue and a real Chatwoot transport: a stand-in
 * Chatwoot on loopback answers every request with what the test says (`answer`), so the errors the worker sees are the
 * ones the transport makes of Chatwoot's answers.
 */
const db = jobQueueDatabase();

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
let answer: (req: IncomingMessage) => Answer = () => ({ status: 200, body: {} });
const requests: string[] = [];
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    const a = answer(req);
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(JSON.stringify(a.body ?? {}));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop(1000)));
  requests.length = 0;
});

function startWorker(options: Partial<WorkerOptions> = {}, extraDeps: Partial<JobDeps> = {}) {
  const { logger, lines } = capturingLogger();
  // One attempt per call: the worker sees each answer as it is, with no waiting in the transport.
  const http = createChatwootHttp({ baseUrl, apiToken: 'test-token', accountId: 1, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
  const chatwoot = new ChatwootClient(http);
  const deps = {
    chatwoot,
    queue: db.queue,
    logger,
    translate: { allowSend: false, client: null, ownUserId: () => Promise.resolve(null) },
    bot: { client: chatwoot, maxTurns: 3, minConfidence: 0.5 },
    ...extraDeps,
  } as unknown as JobDeps;
  const worker = new Worker(deps, { concurrency: 16, pollMs: 20, leaseSeconds: 30, retryBaseMs: 60_000, ...options });
  workers.push(worker);
  worker.start();
  return { worker, lines };
}

async function jobRow(conversationId: number, kind: JobKind = 'triage') {
  const { rows } = await db.pool.query<{ status: string; attempts: number; checkpoint: { accessWaits?: number }; last_error: string | null }>(
    `SELECT status, attempts, checkpoint, last_error FROM triage.jobs WHERE kind = $1 AND conversation_id = $2`,
    [kind, conversationId],
  );
  return rows[0];
}

/** Waits until the job was settled once (put back or failed) after its run. */
const settled = (conversationId: number, kind: JobKind = 'triage') =>
  waitUntil(async () => {
    const row = await jobRow(conversationId, kind);
    return row !== undefined && row.status !== 'running' && (row.last_error !== null || row.status === 'failed');
  }, 10_000, `job ${kind} ${conversationId} settled`);

describe('the adaptive limit and Chatwoot limits', () => {
  it("Chatwoot's flood guard (422 Too many messages, one conversation's limit) does not cut the worker's concurrency", async () => {
    answer = () => ({ status: 422, body: { message: 'Too many messages', attributes: ['base'] } });
    const { worker } = startWorker({ adaptive: true });
    expect(worker.concurrencyLimit).toBe(8);
    await db.queue.enqueue([{ kind: 'triage', accountId: 1, conversationId: 11 }]);
    await settled(11);
    // Retried after the conversation's minute, as before; the other tickets keep the worker's full pace.
    expect(await jobRow(11)).toMatchObject({ status: 'queued', attempts: 1, last_error: expect.stringMatching(/422 Too many messages/) });
    expect(worker.concurrencyLimit).toBe(8);
  });

  it('a 429 with Retry-After (Chatwoot rate limiting this client) still halves it', async () => {
    answer = () => ({ status: 429, body: { error: 'slow down' }, headers: { 'Retry-After': '30' } });
    const { worker } = startWorker({ adaptive: true });
    await db.queue.enqueue([{ kind: 'triage', accountId: 1, conversationId: 12 }]);
    await settled(12);
    expect(worker.concurrencyLimit).toBe(4);
  });
});

/** Pundit's answer when the token's user may not act on a record, and when the token is unknown. */
const notAuthorized = { status: 401, body: { error: 'You are not authorized to do this action' } };
const invalidToken = { status: 401, body: { error: 'Invalid Access Token' } };
/** Every conversation call refused; the profile check answered `profile`. */
const refusedWithProfile = (profile: Answer) => (req: IncomingMessage) => (req.url === '/api/v1/profile' ? profile : notAuthorized);
const profileChecks = () => requests.filter((r) => r === 'GET /api/v1/profile').length;
const waitLines = (lines: Record<string, unknown>[]) => lines.filter((l) => String(l.msg).startsWith('Chatwoot refused the API token'));

describe('Chatwoot refusing the token (401/403)', () => {
  it('the profile check refused too (a revoked token): the jobs wait without using up attempts, one check for the burst, the waits logged at warn', async () => {
    answer = refusedWithProfile(invalidToken);
    await db.queue.enqueue([21, 22, 23].map((conversationId) => ({ kind: 'triage' as const, accountId: 1, conversationId })));
    const { lines } = startWorker();
    for (const cid of [21, 22, 23]) await settled(cid);
    for (const cid of [21, 22, 23]) {
      expect(await jobRow(cid)).toMatchObject({ status: 'queued', attempts: 0, checkpoint: { accessWaits: 1 }, last_error: expect.stringMatching(/401 You are not authorized/) });
    }
    expect(profileChecks()).toBe(1);
    expect(waitLines(lines)).toHaveLength(3);
    expect(waitLines(lines).every((l) => l.level === 40)).toBe(true);
    // The error channel gets one line for the check, not one per job and wait.
    expect(lines.filter((l) => Number(l.level) >= 50).map((l) => l.msg)).toEqual([expect.stringMatching(/^Chatwoot refuses CHATWOOT_API_TOKEN/)]);

    // Due again and refused again: the count grows; the check is still the kept one.
    await db.pool.query(`UPDATE triage.jobs SET run_at = now() WHERE conversation_id = 21`);
    await waitUntil(async () => (await jobRow(21))?.checkpoint.accessWaits === 2, 10_000, 'a second wait');
    expect(await jobRow(21)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(profileChecks()).toBe(1);
  });

  it('the token itself works (a conversation or inbox its user may not access): the ticket fails at once, as any 4xx', async () => {
    answer = refusedWithProfile({ status: 200, body: { id: 1, name: 'Triage bot' } });
    await db.queue.enqueue([{ kind: 'triage', accountId: 1, conversationId: 31 }]);
    startWorker();
    await settled(31);
    const row = await jobRow(31);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringMatching(/401 You are not authorized.*the token itself works/) });
    expect(row!.checkpoint.accessWaits).toBeUndefined();
    expect(profileChecks()).toBe(1);
  });

  it("asks the given token probe (the app's one short attempt) instead of the job client, whose retries would hold the slots", async () => {
    answer = refusedWithProfile({ status: 200, body: { id: 1, name: 'Triage bot' } });
    await db.queue.enqueue([{ kind: 'triage', accountId: 1, conversationId: 35 }]);
    let probes = 0;
    startWorker({}, { checkToken: () => (probes++, Promise.reject(new ChatwootApiError('getProfile', 401, 'Invalid Access Token', false))) });
    await settled(35);
    expect(await jobRow(35)).toMatchObject({ status: 'queued', attempts: 0, checkpoint: { accessWaits: 1 } });
    expect(probes).toBe(1);
    expect(profileChecks()).toBe(0);
  });

  it(`the refusal that would be wait number ${MAX_ACCESS_WAITS} fails the job instead`, async () => {
    answer = refusedWithProfile(invalidToken);
    await db.queue.enqueue([41, 42].map((conversationId) => ({ kind: 'triage' as const, accountId: 1, conversationId })));
    await db.pool.query(`UPDATE triage.jobs SET checkpoint = jsonb_build_object('accessWaits', $1::int) WHERE conversation_id = 41`, [MAX_ACCESS_WAITS - 2]);
    await db.pool.query(`UPDATE triage.jobs SET checkpoint = jsonb_build_object('accessWaits', $1::int) WHERE conversation_id = 42`, [MAX_ACCESS_WAITS - 1]);
    startWorker();
    await settled(41);
    await settled(42);
    expect(await jobRow(41)).toMatchObject({ status: 'queued', attempts: 0, checkpoint: { accessWaits: MAX_ACCESS_WAITS - 1 } });
    expect(await jobRow(42)).toMatchObject({ status: 'failed', attempts: 1, checkpoint: { accessWaits: MAX_ACCESS_WAITS - 1 }, last_error: expect.stringMatching(/401/) });
  });

  it('translate and bot jobs do not wait for the token: they fail at once (a reply sent hours late, a chat answered hours late)', async () => {
    answer = refusedWithProfile(invalidToken);
    await db.queue.enqueue([
      { kind: 'translate', accountId: 1, conversationId: 51, messageId: 501 },
      { kind: 'bot', accountId: 1, conversationId: 52, messageId: 502 },
    ]);
    startWorker();
    await settled(51, 'translate');
    await settled(52, 'bot');
    for (const [cid, kind] of [[51, 'translate'], [52, 'bot']] as const) {
      const row = await jobRow(cid, kind);
      expect(row).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringMatching(/401/) });
      expect(row!.checkpoint.accessWaits).toBeUndefined();
    }
  });
});

describe('a conversation deleted in Chatwoot before its job ran', () => {
  it('fails the job with one error line, not a second one for the ai-failed note it has nowhere to post', async () => {
    answer = () => ({ status: 404, body: { error: 'Resource could not be found' } });
    await db.queue.enqueue([{ kind: 'triage', accountId: 1, conversationId: 61 }]);
    const { lines } = startWorker();
    await settled(61);
    expect(await jobRow(61)).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringMatching(/404/) });
    await waitUntil(() => lines.some((l) => String(l.msg).startsWith('the conversation no longer exists')), 5_000, 'the give-up line');
    expect(lines.filter((l) => Number(l.level) >= 50).map((l) => l.msg)).toEqual(['job failed for good']);
    expect(requests.filter((r) => r.startsWith('POST'))).toEqual([]);
  });
});
