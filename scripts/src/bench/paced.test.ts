import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signWebhook } from '../../../ai-pipeline/src/ingress/signature.js';
import { pacedLoad, pacedRoundInChild, poolRounds, quantile } from './paced.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

/** A loopback server that answers each POST after `delayMs` and records when each request arrived and its body. */
async function slowServer(delayMs: number): Promise<{ port: number; arrivals: number[]; bodies: string[]; signatures: Map<string, string> }> {
  const arrivals: number[] = [];
  const bodies: string[] = [];
  const signatures = new Map<string, string>(); // body → whether its signature matched
  server = createServer((req, res) => {
    arrivals.push(performance.now());
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      const ts = String(req.headers['x-chatwoot-timestamp']);
      signatures.set(body, req.headers['x-chatwoot-signature'] === signWebhook('s3cret', ts, body) ? 'valid' : 'invalid');
      setTimeout(() => res.writeHead(req.url === '/webhook' ? 200 : 404).end('{}'), delayMs);
    });
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return { port: (server!.address() as AddressInfo).port, arrivals, bodies, signatures };
}

describe('paced load', () => {
  it('sends rate × duration requests evenly spaced, not one burst per second, and times them from their schedule', async () => {
    const s = await slowServer(20);
    let id = 0;
    const run = await pacedLoad(s.port, () => ({ id: ++id, body: `{"id":${id}}`, headers: { 'content-type': 'application/json' } }), {
      rate: 100,
      connections: 10,
      durationSeconds: 0.6,
    });
    expect(run.sent).toBe(60);
    expect(run.errors).toBe(0);
    expect([...run.answered.values()].every((status) => status === 200)).toBe(true);
    expect(run.answered.size).toBe(60);
    expect(s.bodies).toContain('{"id":60}');
    // Evenly spaced: in no 100 ms window more than ~10 requests arrive (a burst would bring all of a second's at once).
    const most = Math.max(...s.arrivals.map((t) => s.arrivals.filter((u) => u >= t && u < t + 100).length));
    expect(most).toBeLessThanOrEqual(14);
    expect(run.figures.latencyP50Ms).toBeGreaterThanOrEqual(20);
    expect(run.figures.latencyP99Ms).toBeGreaterThanOrEqual(run.figures.latencyP50Ms);
  });

  it('a round in its own process sends rate × duration webhooks, numbered from firstId and signed, and brings back the run', async () => {
    const s = await slowServer(5);
    const run = await pacedRoundInChild({
      port: s.port,
      secret: 's3cret',
      template: { event: 'message_created', id: 0, conversation: { id: 0, unread_count: 1 } },
      firstId: 500,
      rate: 100,
      connections: 5,
      durationSeconds: 0.3,
    });
    expect(run.sent).toBe(30);
    expect(run.errors).toBe(0);
    expect([...run.answered.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => 500 + i));
    expect(new Set(run.answered.values())).toEqual(new Set([200]));
    expect(run.latencies).toHaveLength(30);
    expect(run.figures.latencyP50Ms).toBeGreaterThanOrEqual(5);
    expect(JSON.parse(s.bodies.find((b) => b.includes('"id":529'))!)).toEqual({ event: 'message_created', id: 529, conversation: { id: 529, unread_count: 1 } });
    expect(new Set(s.signatures.values())).toEqual(new Set(['valid']));
  });

  it('reads quantiles of sorted latencies', () => {
    expect(quantile([], 0.99)).toBe(0);
    const ms = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(ms, 0.5)).toBe(51);
    expect(quantile(ms, 0.99)).toBe(100);
    expect(quantile([1.234], 0.5)).toBe(1.2);
  });
});

describe('pooling paced rounds', () => {
  const run = (latencies: number[], rps: number) => ({
    sent: latencies.length,
    answered: new Map<number, number>(),
    errors: 0,
    figures: { requestsPerSecond: rps, latencyP50Ms: quantile(latencies, 0.5), latencyP99Ms: quantile(latencies, 0.99) },
    latencies,
  });

  it('takes p50/p99 over every request of the rounds, not the median of their p99s, and keeps the per-round range', () => {
    const calm = Array.from({ length: 100 }, (_, i) => 1 + i / 100);
    // One round with a stall: its 5 slowest requests waited 50 ms, which decides that round's p99 alone.
    const stalled = [...Array.from({ length: 95 }, (_, i) => 1 + i / 100), 50, 50, 50, 50, 50];
    const pooled = poolRounds([run(calm, 200), run(stalled, 198), run(calm, 202)]);
    expect(pooled.rounds).toBe(3);
    expect(pooled.latencyP99MsRange).toEqual([2, 50]);
    // 5 of 300 requests stalled: above the 99th percentile's 3 requests, so the pooled p99 still shows the stall.
    expect(pooled.latencyP99Ms).toBe(50);
    expect(pooled.latencyP50Ms).toBe(1.5);
    expect(pooled.requestsPerSecond).toBe(200);
    // Two stalled requests of 300 (under 1 %) do not make the pooled p99.
    const rare = [...Array.from({ length: 98 }, (_, i) => 1 + i / 100), 50, 50];
    expect(poolRounds([run(calm, 200), run(rare, 200), run(calm, 200)]).latencyP99Ms).toBeLessThan(3);
  });
});
