import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body exactly as received (what the signature covers). */
  raw: string;
  json: Record<string, unknown>;
}

/** A tiny HTTP endpoint on 127.0.0.1 that records what the fake Chatwoot posts to it (status configurable). */
export async function startWebhookReceiver(opts: { status?: number; delayMs?: number } = {}) {
  const received: ReceivedWebhook[] = [];
  let status = opts.status ?? 200;
  let delayMs = opts.delayMs ?? 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        /* not JSON */
      }
      received.push({ path: req.url ?? '/', headers: req.headers, raw, json });
      setTimeout(() => res.writeHead(status).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    setStatus: (s: number) => void (status = s),
    setDelay: (ms: number) => void (delayMs = ms),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
