import { createServer as createHttpServer, request as httpRequest, type RequestListener, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { EarlyServer } from '../src/health/early-server.js';
import { signWebhook } from '../src/ingress/signature.js';
import type { WebhookOptions } from '../src/ingress/webhook.js';
import type { NewJob } from '../src/jobs/queue.js';
import { createRequestListener, createServer } from '../src/server.js';
import type { WebhookOutcome } from '../src/telemetry/metrics.js';

/**
 * POST /webhook answered outside express (server.ts `createRequestListener`): the body read with the size limit,
 * chunked bodies, the outcome counter, and the same answers as the all-express app gives.
 */

const silent = pino({ level: 'silent' });
const SECRET = 'a-webhook-secret-of-32-characters';
const LIMIT = 4096;

const readiness = { report: async () => ({ ready: true, database: 'ok' as const, chatwoot: 'ok' as const, reasons: [] }), database: async () => 'ok' as const };

interface Fixture {
  url: string;
  outcomes: WebhookOutcome[];
  enqueued: NewJob[][];
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

function deps(o: { queue?: WebhookOptions['queue']; urlToken?: string; secret?: string | null; snapshots?: WebhookOptions['snapshots'] }, outcomes: WebhookOutcome[], enqueued: NewJob[][]) {
  const queue = o.queue ?? {
    enqueue: async (jobs: NewJob[]) => {
      enqueued.push(jobs);
      return jobs.length;
    },
  };
  return {
    readiness,
    logger: silent,
    webhook: {
      rules: { accountId: 1 },
      secret: o.secret === null ? undefined : (o.secret ?? SECRET),
      urlToken: o.urlToken,
      maxBodyBytes: LIMIT,
      maxAgeSeconds: 300,
      queue,
      logger: silent,
      snapshots: o.snapshots,
      countOutcome: (outcome: WebhookOutcome) => outcomes.push(outcome),
    },
  };
}

async function start(
  o: { queue?: WebhookOptions['queue']; urlToken?: string; secret?: string | null; snapshots?: WebhookOptions['snapshots']; express?: boolean } = {},
): Promise<Fixture> {
  const outcomes: WebhookOutcome[] = [];
  const enqueued: NewJob[][] = [];
  const d = deps(o, outcomes, enqueued);
  const listener: RequestListener = o.express ? createServer(d) : createRequestListener(d);
  const server = createHttpServer(listener);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, outcomes, enqueued };
}

const message = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    event: 'message_created',
    id: 10,
    message_type: 'incoming',
    private: false,
    account: { id: 1 },
    inbox: { id: 3 },
    conversation: { id: 5, inbox_id: 3 },
    content: 'Grüße',
    ...over,
  });

function signed(body: string | Buffer, extra: Record<string, string> = {}): Record<string, string> {
  const ts = String(Math.floor(Date.now() / 1000));
  return { 'content-type': 'application/json', 'x-chatwoot-timestamp': ts, 'x-chatwoot-signature': signWebhook(SECRET, ts, body), ...extra };
}

async function post(url: string, body: string | Buffer, headers: Record<string, string>, path = '/webhook') {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, body: (await res.json()) as unknown, type: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after') };
}

/** A raw chunked POST: each part is written as its own chunk, with a pause between them. */
function postChunked(url: string, parts: Buffer[], headers: Record<string, string>): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/webhook`, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    void (async () => {
      for (const part of parts) {
        req.write(part);
        await new Promise((r) => setTimeout(r, 5));
      }
      req.end();
    })();
  });
}

describe('POST /webhook outside express', () => {
  it('accepts a chunked body in several pieces, after the enqueue, and counts it', async () => {
    const f = await start();
    const body = Buffer.from(message());
    const parts = [body.subarray(0, 7), body.subarray(7, 60), body.subarray(60)];
    const res = await postChunked(f.url, parts, signed(body));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'accepted', created: 2 });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(f.enqueued).toEqual([
      [
        { kind: 'triage', accountId: 1, conversationId: 5, deliveryId: undefined },
        { kind: 'followup', accountId: 1, conversationId: 5, deliveryId: undefined, messageId: 10 },
      ],
    ]);
    expect(f.outcomes).toEqual(['accepted']);
  });

  it('answers 200 only once the enqueue has resolved (durable before the answer)', async () => {
    let release: (n: number) => void = () => undefined;
    const f = await start({ queue: { enqueue: () => new Promise<number>((r) => (release = r)) } });
    let answered = false;
    const answer = post(f.url, message(), signed(message())).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(answered).toBe(false);
    release(2);
    expect((await answer).body).toEqual({ status: 'accepted', created: 2 });
  });

  it('answers 413 as soon as a chunked body passes the limit, without reading the rest, and counts it', async () => {
    const f = await start();
    let sent = 0;
    // An upload that never ends on its own: only the early answer can finish this request.
    const endless = new ReadableStream<Uint8Array>({
      async pull(c) {
        await new Promise((r) => setTimeout(r, 2));
        sent += 1024;
        c.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    const res = await fetch(`${f.url}/webhook`, { method: 'POST', headers: signed('x'), body: endless, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toEqual({ error: `body larger than the ${LIMIT}-byte limit (WEBHOOK_MAX_BODY_BYTES)` });
    await endless.cancel().catch(() => undefined);
    expect(sent).toBeLessThan(LIMIT * 50);
    expect(f.outcomes).toEqual(['too_large']);
    expect(f.enqueued).toEqual([]);
  });

  it('answers 413 for a declared Content-Length over the limit, and the same body as express', async () => {
    const f = await start();
    const e = await start({ express: true });
    const big = message({ padding: 'y'.repeat(LIMIT) });
    const direct = await post(f.url, big, signed(big));
    const viaExpress = await post(e.url, big, signed(big));
    expect(direct.status).toBe(413);
    expect(direct).toEqual(viaExpress);
    expect(f.outcomes).toEqual(['too_large']);
    expect(e.outcomes).toEqual(['too_large']);
  });

  it('counts each outcome once and answers exactly as the all-express app does', async () => {
    const cases: [string, () => { body: string | Buffer; headers: Record<string, string>; path?: string }][] = [
      ['accepted', () => ({ body: message(), headers: signed(message()) })],
      ['ignored', () => ({ body: message({ private: true }), headers: signed(message({ private: true })) })],
      ['invalid JSON', () => ({ body: '{"event":', headers: signed('{"event":') })],
      ['invalid payload', () => ({ body: message({ id: 'x' }), headers: signed(message({ id: 'x' })) })],
      ['bad signature', () => ({ body: message(), headers: { ...signed(message()), 'x-chatwoot-signature': `sha256=${'0'.repeat(64)}` } })],
      ['stale', () => ({ body: message(), headers: { ...signed(message()), 'x-chatwoot-timestamp': '1000' } })],
      ['unsigned', () => ({ body: message(), headers: { 'content-type': 'application/json' } })],
      ['any content type', () => ({ body: message(), headers: { ...signed(message()), 'content-type': 'text/plain' } })],
      ['empty body', () => ({ body: '', headers: signed('') })],
      ['trailing slash (express path)', () => ({ body: message(), headers: signed(message()), path: '/webhook/' })],
    ];
    const direct = await start();
    const viaExpress = await start({ express: true });
    for (const [name, make] of cases) {
      const c = make();
      const a = await post(direct.url, c.body, c.headers, c.path);
      const b = await post(viaExpress.url, c.body, c.headers, c.path);
      expect(a, name).toEqual(b);
    }
    const expected: WebhookOutcome[] = ['accepted', 'ignored', 'invalid', 'invalid', 'rejected', 'rejected', 'rejected', 'accepted', 'invalid', 'accepted'];
    expect(direct.outcomes).toEqual(expected);
    expect(viaExpress.outcomes).toEqual(expected);
  });

  it('503 with Retry-After when the queue is down, 500 on a bug, and express answers other methods (404, counted)', async () => {
    const down = await start({ queue: { enqueue: () => Promise.reject(new Error('Connection terminated unexpectedly')) } });
    const res = await post(down.url, message(), signed(message()));
    expect(res).toEqual({ status: 503, body: { error: 'the job queue is unavailable; try again later' }, type: 'application/json; charset=utf-8', retryAfter: '5' });

    const broken = await start({
      snapshots: {
        rememberFrom: () => {
          throw new Error('bug');
        },
      },
    });
    expect(await post(broken.url, message(), signed(message()))).toMatchObject({ status: 500, body: { error: 'internal error' } });
    const get = await fetch(`${broken.url}/webhook`);
    expect(get.status).toBe(404);
    expect(down.outcomes).toEqual(['error']);
    expect(broken.outcomes).toEqual(['error', 'invalid']);
    expect(broken.enqueued).toEqual([]);
  });

  it('the URL token as express reads the query; a gzip body goes through express (inflated, then verified)', async () => {
    const f = await start({ urlToken: 'a-url-token-of-32-characters-xx', secret: null });
    const plain = { 'content-type': 'application/json' };
    expect((await post(f.url, message(), plain, '/webhook?token=a-url-token-of-32-characters-xx')).status).toBe(200);
    expect((await post(f.url, message(), plain, '/webhook?token=a-url-token-of-32-characters-xx&token=a-url-token-of-32-characters-xx')).status).toBe(401);
    expect(await post(f.url, message(), plain, '/webhook?token=wrong')).toMatchObject({
      status: 401,
      body: { error: 'missing or wrong ?token= (WEBHOOK_URL_TOKEN) and no X-Chatwoot-Signature' },
    });
    expect(await post(f.url, message(), { ...signed(message()) }, '/webhook?token=a-url-token-of-32-characters-xx')).toMatchObject({
      status: 401,
      body: { error: 'signed webhooks are not accepted: CHATWOOT_WEBHOOK_SECRET is not set' },
    });
    expect(f.outcomes).toEqual(['accepted', 'rejected', 'rejected', 'rejected']);

    const g = await start();
    const body = message();
    const zipped = await post(g.url, gzipSync(body), { ...signed(body), 'content-encoding': 'gzip' });
    expect(zipped).toMatchObject({ status: 200, body: { status: 'accepted', created: 2 } });
    expect(g.outcomes).toEqual(['accepted']);
  });

  it('a webhook held by the early server while starting is read and answered by the direct path once attached', async () => {
    const early = await EarlyServer.listen({ port: 0, pingDatabase: async () => undefined });
    servers.push(early.server);
    const body = message();
    const answer = post(`http://127.0.0.1:${early.port}`, body, signed(body));
    for (let i = 0; i < 200 && early.heldCount === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(early.heldCount).toBe(1);
    const outcomes: WebhookOutcome[] = [];
    const enqueued: NewJob[][] = [];
    early.attach(createRequestListener(deps({}, outcomes, enqueued)));
    expect(await answer).toMatchObject({ status: 200, body: { status: 'accepted', created: 2 } });
    expect(outcomes).toEqual(['accepted']);
    expect(enqueued).toHaveLength(1);
  });
});
