import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChatwootConnection, checkTransport, describeFailure } from '../src/chatwoot/connection-check.js';
import { ChatwootApiError } from '../src/chatwoot/http.js';
import { Readiness } from '../src/health/readiness.js';
import { createServer } from '../src/server.js';
import { startFakeChatwoot, type FakeChatwoot } from '../../testkit/fakes/chatwoot-server.js';
import { freePort } from '../../testkit/postgres.js';
import { createWaitingServer } from '../src/health/waiting-server.js';
import type { Server } from 'node:http';

const silent = pino({ level: 'silent' });
let chatwoot: FakeChatwoot;

beforeAll(async () => {
  chatwoot = await startFakeChatwoot();
});
afterAll(async () => {
  await chatwoot.close();
});

const target = (over: Partial<{ baseUrl: string; apiToken: string; accountId: number }> = {}) => ({
  baseUrl: chatwoot.url,
  apiToken: chatwoot.apiToken,
  accountId: chatwoot.accountId,
  ...over,
});
const check = (t: ReturnType<typeof target>) => checkChatwootConnection(checkTransport(t, 2000), t);

describe('the Chatwoot connection check', () => {
  it('passes with the right URL, token and account, through the account-scoped inbox list', async () => {
    chatwoot.requests.length = 0;
    expect(await check(target())).toEqual({ ok: true });
    expect(chatwoot.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/v1/accounts/${chatwoot.accountId}/inboxes`]);
  });

  it('names the setting that is wrong', async () => {
    expect(await check(target({ apiToken: 'not-the-token' }))).toEqual({
      ok: false,
      reason: `CHATWOOT_API_TOKEN was rejected (401): not a valid access token, or its user is not a member of account CHATWOOT_ACCOUNT_ID=${chatwoot.accountId}`,
    });
    expect(await check(target({ accountId: 999 }))).toEqual({
      ok: false,
      reason: `CHATWOOT_ACCOUNT_ID=999 was not found (404) at CHATWOOT_BASE_URL=${chatwoot.url}`,
    });
    const port = await freePort();
    expect(await check(target({ baseUrl: `http://127.0.0.1:${port}` }))).toEqual({
      ok: false,
      reason: `Chatwoot is unreachable at CHATWOOT_BASE_URL=http://127.0.0.1:${port} (ECONNREFUSED)`,
    });
  });

  it('never repeats a credential from the URL or Chatwoot’s answer text', () => {
    const reason = describeFailure(new ChatwootApiError('listInboxes', 500, 'PG::ConnectionBad password=hunter2', true), {
      baseUrl: 'http://admin:hunter2@chatwoot.internal:3000/some/path?x=1',
      accountId: 1,
    });
    expect(reason).toBe('Chatwoot answered 500 at CHATWOOT_BASE_URL=http://chatwoot.internal:3000');
  });
});

async function listen(app: ReturnType<typeof createServer>): Promise<{ url: string; server: Server }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server };
}

describe('GET /health and GET /ready', () => {
  it('/health is the process and its database only; /ready is 503 with reasons by name and no driver text, then 200 once fixed', async () => {
    let databaseUp = false;
    let chatwootOk = false;
    const readiness = new Readiness({
      pingDatabase: async () => {
        if (!databaseUp) throw new Error('connect ECONNREFUSED 10.0.0.5:5432 password authentication failed for user "triage"');
      },
      checkChatwoot: async () => (chatwootOk ? { ok: true } : { ok: false, reason: 'CHATWOOT_API_TOKEN was rejected (401)' }),
      logger: silent,
    });
    const webhook = { rules: { accountId: 1 }, maxBodyBytes: 1024, maxAgeSeconds: 300, logger: silent } as unknown as Parameters<typeof createServer>[0]['webhook'];
    const { url, server } = await listen(createServer({ readiness, logger: silent, webhook }));
    try {
      const health = await fetch(`${url}/health`);
      expect([health.status, await health.text()]).toEqual([503, '{"status":"unavailable","database":"unreachable"}']);
      databaseUp = true;
      const healthy = await fetch(`${url}/health`);
      expect([healthy.status, await healthy.json()]).toEqual([200, { status: 'ok', database: 'ok' }]);
      databaseUp = false;

      const notReady = await fetch(`${url}/ready`);
      const text = await notReady.text();
      expect(notReady.status).toBe(503);
      expect(JSON.parse(text)).toEqual({
        status: 'not_ready',
        ready: false,
        database: 'unreachable',
        chatwoot: 'failed',
        reasons: ['the database (DATABASE_URL) does not answer', 'CHATWOOT_API_TOKEN was rejected (401)'],
      });
      expect(text).not.toMatch(/ECONNREFUSED|password|10\.0\.0\.5/);

      databaseUp = true;
      chatwootOk = true;
      await readiness.checkChatwoot();
      const ready = await fetch(`${url}/ready`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', ready: true, database: 'ok', chatwoot: 'ok', reasons: [] }]);
    } finally {
      server.close();
    }
  });

  it('PIPELINE_ROLE=web: stalled jobs are a warning in /ready (logged once per change), never a reason to be unready; a slow check is "unknown"', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => lines.push((JSON.parse(l) as { msg: string }).msg) });
    let jobs: 'ok' | 'stalled' | 'hang' = 'ok';
    const readiness = new Readiness({
      pingDatabase: async () => undefined,
      checkChatwoot: async () => ({ ok: true }),
      checkJobs: () => (jobs === 'hang' ? new Promise<never>(() => undefined) : Promise.resolve(jobs === 'stalled' ? 'no worker runs any' : null)),
      databaseTimeoutMs: 100,
      logger,
    });
    await readiness.checkChatwoot();
    const base = { ready: true, database: 'ok', chatwoot: 'ok', reasons: [] };
    expect(await readiness.report()).toEqual({ ...base, jobs: 'ok' });
    jobs = 'stalled';
    expect(await readiness.report()).toEqual({ ...base, jobs: 'stalled', warnings: ['no worker runs any'] });
    expect(await readiness.report()).toEqual({ ...base, jobs: 'stalled', warnings: ['no worker runs any'] });
    jobs = 'hang';
    expect(await readiness.report()).toEqual({ ...base, jobs: 'unknown' });
    jobs = 'ok';
    expect(await readiness.report()).toEqual({ ...base, jobs: 'ok' });
    expect(lines.filter((l) => !l.startsWith('Chatwoot check passed'))).toEqual(['no worker runs any', 'jobs are being taken again']);
  });

  it('re-checks Chatwoot in the background while it fails and logs each change by name', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => lines.push((JSON.parse(l) as { msg: string }).msg) });
    let answers = [{ ok: false as const, reason: 'Chatwoot is unreachable at CHATWOOT_BASE_URL=http://chatwoot:3000 (ECONNREFUSED)' }] as (
      | { ok: true }
      | { ok: false; reason: string }
    )[];
    let calls = 0;
    const readiness = new Readiness({
      pingDatabase: async () => undefined,
      checkChatwoot: async () => {
        calls++;
        return answers[0]!;
      },
      logger,
      failingIntervalMs: 20,
      okIntervalMs: 60_000,
    });
    await readiness.checkChatwoot();
    readiness.start();
    await new Promise((r) => setTimeout(r, 120));
    expect(calls).toBeGreaterThan(2);
    answers = [{ ok: true }];
    await new Promise((r) => setTimeout(r, 120));
    readiness.stop();
    expect(lines).toEqual([
      'not ready: Chatwoot is unreachable at CHATWOOT_BASE_URL=http://chatwoot:3000 (ECONNREFUSED) (retrying in the background)',
      'Chatwoot check passed: CHATWOOT_BASE_URL answers, CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID accepted',
    ]);
    expect((await readiness.report()).ready).toBe(true);
  });
});

describe('the waiting-for-configuration server', () => {
  it('is alive, not ready (naming what is missing), and refuses webhooks with 503', async () => {
    const { url, server } = await listen(createWaitingServer({ missing: ['CHATWOOT_API_TOKEN', 'CHATWOOT_WEBHOOK_SECRET'] }));
    try {
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const ready = await fetch(`${url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({
        status: 'waiting_for_configuration',
        ready: false,
        missing: ['CHATWOOT_API_TOKEN', 'CHATWOOT_WEBHOOK_SECRET'],
        reasons: [
          'waiting for configuration: set CHATWOOT_API_TOKEN and CHATWOOT_WEBHOOK_SECRET (see chatwoot-config/setup-notes.md), then restart the pipeline',
        ],
      });
      expect((await fetch(`${url}/webhook`, { method: 'POST', body: '{}' })).status).toBe(503);
    } finally {
      server.close();
    }
  });
});
