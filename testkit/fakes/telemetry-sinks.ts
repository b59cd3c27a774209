import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  return (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}

async function listen(handler: (req: IncomingMessage, body: string) => { status: number; body: string }): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const out = handler(req, body);
        res.writeHead(out.status, { 'content-type': 'application/json' }).end(out.body);
      })
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** One item of a Sentry envelope: its header and its parsed payload. */
export interface EnvelopeItem {
  type: string;
  payload: Record<string, unknown>;
}

/** A loopback Sentry: accepts the SDK's envelopes at /api/<project>/envelope/ and keeps the raw text and the parsed items. */
export async function startFakeSentry(): Promise<{ dsn: string; raw: string[]; items: EnvelopeItem[]; close(): Promise<void> }> {
  const raw: string[] = [];
  const items: EnvelopeItem[] = [];
  const { server, url } = await listen((req, body) => {
    if (req.method !== 'POST' || !/^\/api\/\d+\/envelope\/?/.test(req.url ?? '')) return { status: 404, body: '{}' };
    raw.push(body);
    const lines = body.split('\n');
    for (let i = 1; i + 1 < lines.length; i += 2) {
      try {
        items.push({ type: (JSON.parse(lines[i]!) as { type: string }).type, payload: JSON.parse(lines[i + 1]!) as Record<string, unknown> });
      } catch {
        // a binary or empty item: kept in `raw` only
      }
    }
    return { status: 200, body: '{}' };
  });
  const { host } = new URL(url);
  return { dsn: `http://publickey@${host}/1`, raw, items, close: () => new Promise((r) => server.close(() => r())) };
}

export interface CapturedEvent {
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
}

/** A loopback PostHog capture API (/batch/, /capture/, /i/v0/e/); `down` answers 503 to everything. */
export async function startFakePosthog(): Promise<{ url: string; raw: string[]; events: CapturedEvent[]; down: boolean; close(): Promise<void> }> {
  const state = { down: false };
  const raw: string[] = [];
  const events: CapturedEvent[] = [];
  const { server, url } = await listen((req, body) => {
    if (state.down) return { status: 503, body: '{"error":"down"}' };
    raw.push(body);
    const parsed = JSON.parse(body) as { batch?: CapturedEvent[] } & CapturedEvent;
    events.push(...(parsed.batch ?? [parsed]));
    return { status: 200, body: '{"status":1}' };
  });
  return {
    url,
    raw,
    events,
    get down() {
      return state.down;
    },
    set down(v: boolean) {
      state.down = v;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
