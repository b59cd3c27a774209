import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback stand-in for the enrichment service's GET /enrich (the pipeline's view of it). */
export interface FakeEnrichment {
  url: string;
  token: string;
  calls: string[];
  /** Answer per email; default: an account on the Pro plan, no Sentry issues, PostHog not configured. */
  answer: (email: string) => { status: number; body: unknown; delayMs?: number };
  close(): Promise<void>;
}

export function defaultEnrichmentAnswer(email: string): { status: number; body: unknown } {
  return {
    status: 200,
    body: {
      email,
      sentry: { status: 'ok', data: { issues: [] } },
      posthog: { status: 'not_configured' },
      account: { status: 'ok', data: { plan: 'pro', signedUpAt: '2025-02-01T09:00:00.000Z', attributes: { email, plan: 'pro', created_at: '2025-02-01T09:00:00.000Z' } } },
    },
  };
}

export async function startFakeEnrichment(token = 'enrich-token'): Promise<FakeEnrichment> {
  const fake: FakeEnrichment = { url: '', token, calls: [], answer: defaultEnrichmentAnswer, close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/enrich') return void res.writeHead(404).end();
    if (req.headers.authorization !== `Bearer ${fake.token}`) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
    const email = url.searchParams.get('email') ?? '';
    fake.calls.push(email);
    const a = fake.answer(email);
    if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
    res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return fake;
}
