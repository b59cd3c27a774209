import express from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { EarlyServer, STARTING_REASON } from './early-server.js';

let early: EarlyServer | null = null;
afterEach(async () => {
  const server = early?.server;
  early = null;
  if (server) await new Promise((r) => server.close(r)).then(() => undefined, () => undefined);
  server?.closeAllConnections();
});

async function open(ping: () => Promise<unknown> = async () => undefined, maxHeld?: number): Promise<{ early: EarlyServer; url: string }> {
  early = await EarlyServer.listen({ port: 0, pingDatabase: ping, ...(maxHeld === undefined ? {} : { maxHeld }) });
  return { early, url: `http://127.0.0.1:${early.port}` };
}

describe('EarlyServer (the port while the pipeline starts)', () => {
  it('answers /health from the database ping and /ready 503 "starting"', async () => {
    let up = true;
    const { url } = await open(async () => {
      if (!up) throw new Error('down');
    });
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
    up = false;
    const down = await fetch(`${url}/health`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'starting', ready: false, reasons: [STARTING_REASON] });
  });

  it('holds a webhook, unread, until the app is attached, which then answers it with the whole body', async () => {
    const { early: server, url } = await open();
    const body = JSON.stringify({ event: 'message_created', content: 'x'.repeat(100_000) });
    const answer = fetch(`${url}/webhook?token=abc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    for (let i = 0; i < 200 && server.heldCount === 0; i++) await sleep(10);
    expect(server.heldCount).toBe(1);

    const app = express();
    app.post('/webhook', express.raw({ type: '*/*', limit: '1mb' }), (req, res) => {
      res.json({ path: req.originalUrl, bytes: (req.body as Buffer).length, same: (req.body as Buffer).toString() === body });
    });
    server.attach(app);
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ path: '/webhook?token=abc', bytes: Buffer.byteLength(body), same: true });
    expect(server.heldCount).toBe(0);
    // Once attached, the app answers everything, /health and /ready included.
    expect((await fetch(`${url}/ready`)).status).toBe(404);
  });

  it('refuses with 503 and Retry-After beyond maxHeld instead of holding without bound', async () => {
    const { early: server, url } = await open(undefined, 1);
    const first = fetch(`${url}/webhook`, { method: 'POST', body: '{}' });
    for (let i = 0; i < 200 && server.heldCount === 0; i++) await sleep(10);
    const second = await fetch(`${url}/webhook`, { method: 'POST', body: '{}' });
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('1');
    server.attach((_req, res) => res.end('late'));
    expect(await (await first).text()).toBe('late');
  });
});
