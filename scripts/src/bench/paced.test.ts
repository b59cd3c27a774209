import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pacedLoad, quantile } from './paced.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

/** A loopback server that answers each POST after `delayMs` and records when each request arrived and its body. */
async function slowServer(delayMs: number): Promise<{ port: number; arrivals: number[]; bodies: string[] }> {
  const arrivals: number[] = [];
  const bodies: string[] = [];
  server = createServer((req, res) => {
    arrivals.push(performance.now());
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      setTimeout(() => res.writeHead(req.url === '/webhook' ? 200 : 404).end('{}'), delayMs);
    });
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return { port: (server!.address() as AddressInfo).port, arrivals, bodies };
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

  it('reads quantiles of sorted latencies', () => {
    expect(quantile([], 0.99)).toBe(0);
    const ms = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(ms, 0.5)).toBe(51);
    expect(quantile(ms, 0.99)).toBe(100);
    expect(quantile([1.234], 0.5)).toBe(1.2);
  });
});
