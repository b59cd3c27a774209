import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../testkit/db.js';
import { startHarness, type Harness } from '../../../testkit/harness.js';
import { freePort } from '../../../testkit/postgres.js';

/** A PostHog that accepts connections and never answers, and a Sentry DSN on a port nobody listens on. */
let hanging: Server;
let h: Harness;
let posthogRequests = 0;

beforeAll(async () => {
  hanging = createServer(() => {
    posthogRequests++; // never answers
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  h = await startHarness({
    databaseUrl: await freshDatabaseUrl(),
    env: {
      POSTHOG_PROJECT_API_KEY: 'phc_test_key',
      POSTHOG_CAPTURE_HOST: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
      SENTRY_DSN: `http://publickey@127.0.0.1:${await freePort()}/1`,
    },
  });
}, 60_000);

afterAll(async () => {
  hanging?.closeAllConnections();
  await new Promise((r) => hanging?.close(r));
});

describe('PostHog and Sentry outages', () => {
  it('never delay or fail a job, and shutdown stays bounded', async () => {
    const started = Date.now();
    const ids = [1, 2, 3].map(
      (n) => h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, from: { email: `c${n}@example.com`, name: 'C' }, subject: `Frage ${n}`, text: 'Wie exportiere ich meine Karteikarten als PDF?' }).conversation.displayId,
    );
    await h.idle();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await h.pipeline.queue.counts()).toEqual({ done: expect.any(Number) });
    const triaged = await h.pipeline.pool.query(`SELECT count(*)::int AS n FROM triage.records WHERE kind = 'triage'`);
    expect(triaged.rows[0].n).toBe(3);
    for (const id of ids) expect(h.chatwoot.state.conversations.find((c) => c.displayId === id)!.labels).toContain('ai-processed');

    const stopping = Date.now();
    await h.stop();
    expect(Date.now() - stopping).toBeLessThan(8_000);
    expect(posthogRequests).toBeGreaterThanOrEqual(0);
  }, 60_000);
});
