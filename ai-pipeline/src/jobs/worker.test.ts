import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jobQueueDatabase } from '../../../testkit/db.js';
import { waitUntil } from '../../../testkit/harness.js';
import { ChatwootClient } from '../chatwoot/client.js';
import { createChatwootHttp } from '../chatwoot/http.js';
import type { JobDeps } from './deps.js';
import type { JobKind } from './queue.js';
import { Worker, type WorkerOptions } from './worker.js';

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

function startWorker(options: Partial<WorkerOptions> = {}) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    }),
  );
  // One attempt per call: the worker sees each answer as it is, with no waiting in the transport.
  const http = createChatwootHttp({ baseUrl, apiToken: 'test-token', accountId: 1, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
  const deps = { chatwoot: new ChatwootClient(http), queue: db.queue, logger, translate: null } as unknown as JobDeps;
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
