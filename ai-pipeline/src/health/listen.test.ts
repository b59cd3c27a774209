import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { EarlyServer } from './early-server.js';
import { listenWaitingServer } from './waiting-server.js';

const open: Server[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await new Promise((r) => s.close(r));
});

async function busyPort(): Promise<number> {
  const blocker = createServer();
  open.push(blocker);
  await new Promise<void>((r) => blocker.listen(0, r));
  return (blocker.address() as { port: number }).port;
}

const IN_USE = (port: number) => `PORT=${port} is already in use by another process: stop that process or set PORT to a free port`;

describe('a PORT that is already taken', () => {
  it('stops the start-up naming PORT (the early server of a normal start)', async () => {
    const port = await busyPort();
    await expect(EarlyServer.listen({ port, pingDatabase: async () => undefined })).rejects.toThrow(IN_USE(port));
  });

  it('stops a process waiting for configuration too, instead of logging "waiting" and exiting 0', async () => {
    const port = await busyPort();
    await expect(listenWaitingServer({ PORT: port, missing: ['CHATWOOT_API_TOKEN'] })).rejects.toThrow(IN_USE(port));
    const server = await listenWaitingServer({ PORT: 0, missing: ['CHATWOOT_API_TOKEN'] });
    open.push(server);
    const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/ready`);
    expect(res.status).toBe(503);
  });
});
