import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sectionTtlMs, TtlCache } from '../src/cache.js';
import type { AccountData, PosthogData, SentryData } from '../src/section.js';
import { createSentrySource } from '../src/sources/sentry.js';
import { fakeSource, startApp, TOKEN, type RunningApp } from './helpers.js';

const apps: RunningApp[] = [];
async function app(...args: Parameters<typeof startApp>): Promise<RunningApp> {
  const a = await startApp(...args);
  apps.push(a);
  return a;
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());
afterEach(async () => {
  nock.abortPendingRequests();
  nock.cleanAll();
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

const SENTRY_OK = { status: 'ok' as const, data: { issues: [] } satisfies SentryData };
const POSTHOG_OK = { status: 'ok' as const, data: { personUrl: 'https://ph/project/1/person/x', recordings: [] } satisfies PosthogData };
const ACCOUNT_OK = { status: 'ok' as const, data: { plan: 'pro', signedUpAt: null, attributes: { seats: 3 } } satisfies AccountData };

describe('HTTP API', () => {
  it('GET /health needs no auth', async () => {
    const a = await app();
    expect(await a.get('/health', null)).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('/enrich requires the bearer token', async () => {
    const account = fakeSource(ACCOUNT_OK);
    const a = await app({ sources: { account } });
    for (const auth of [null, 'Bearer wrong-token', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, TOKEN]) {
      const res = await a.get('/enrich?email=jane@example.com', auth);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'missing or invalid bearer token (send "Authorization: Bearer <ENRICHMENT_TOKEN>")' });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect(account.calls).toBe(0);
  });

  it('/enrich answers 400 with what is wrong for a missing or invalid email', async () => {
    const a = await app();
    expect(await a.get('/enrich')).toMatchObject({ status: 400, body: { error: 'email is missing: pass ?email=<address>' } });
    expect(await a.get('/enrich?email=')).toMatchObject({ status: 400, body: { error: 'email is empty: pass ?email=<address>' } });
    expect(await a.get('/enrich?email=not-an-email')).toMatchObject({
      status: 400,
      body: { error: 'email is not a valid address (expected something like jane@example.com)' },
    });
    expect(await a.get('/enrich?email=a@b.co&email=c@d.co')).toMatchObject({
      status: 400,
      body: { error: 'email was given more than once; pass exactly one ?email=' },
    });
    expect(await a.get(`/enrich?email=${'a'.repeat(250)}@x.io`)).toMatchObject({
      status: 400,
      body: { error: 'email is longer than 254 characters' },
    });
  });

  it('answers the documented shape, with the email normalised', async () => {
    const a = await app({ sources: { sentry: fakeSource(SENTRY_OK), posthog: fakeSource({ status: 'not_found' }), account: fakeSource(ACCOUNT_OK) } });
    const res = await a.get('/enrich?email=%20Jane@Example.COM%20');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({ email: 'jane@example.com', sentry: SENTRY_OK, posthog: { status: 'not_found' }, account: ACCOUNT_OK });
  });

  it('unconfigured sources are not_configured', async () => {
    const a = await app();
    expect((await a.get('/enrich?email=jane@example.com')).body).toEqual({
      email: 'jane@example.com',
      sentry: { status: 'not_configured' },
      posthog: { status: 'not_configured' },
      account: { status: 'not_configured' },
    });
  });

  it('a source that throws is an error with a safe reason; the others still answer', async () => {
    const a = await app({
      sources: {
        sentry: async () => {
          throw new Error('connect to https://user:secret@internal failed');
        },
        account: fakeSource(ACCOUNT_OK),
      },
    });
    const body = (await a.get('/enrich?email=jane@example.com')).body as Record<string, unknown>;
    expect(body.sentry).toEqual({ status: 'error', reason: 'Sentry lookup failed unexpectedly' });
    expect(body.account).toEqual(ACCOUNT_OK);
  });

  it('sources run in parallel and a hanging one does not delay the answer beyond its timeout', async () => {
    const a = await app({
      sourceTimeoutMs: 300,
      sources: { sentry: fakeSource(SENTRY_OK, 'hang'), posthog: fakeSource(POSTHOG_OK, 250), account: fakeSource(ACCOUNT_OK, 250) },
    });
    const started = Date.now();
    const res = await a.get('/enrich?email=jane@example.com');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(300 + 200);
    expect(res.body).toEqual({
      email: 'jane@example.com',
      sentry: { status: 'timeout', reason: 'Sentry did not answer within 300 ms' },
      posthog: POSTHOG_OK,
      account: ACCOUNT_OK,
    });
  });

  it('a cache hit makes no outbound call (real Sentry source, nock)', async () => {
    const scope = nock('https://sentry.test')
      .get('/api/0/organizations/acme/issues/')
      .query(true)
      .once()
      .reply(200, [{ id: '9', title: 'Boom', level: 'error', count: '1', lastSeen: '2026-11-24T00:00:00Z', permalink: 'https://s/9' }]);
    const sentry = createSentrySource({ baseUrl: 'https://sentry.test', authToken: 't', orgSlug: 'acme', projectSlug: undefined });
    const a = await app({ sources: { sentry } });

    const first = await a.get('/enrich?email=jane@example.com');
    expect(scope.isDone()).toBe(true);
    // Same customer, different spelling: same cache entry. No interceptor is left, so any call would fail.
    const second = await a.get('/enrich?email=JANE@example.com');
    expect(second.body).toEqual(first.body);
    expect((second.body as { sentry: { status: string } }).sentry.status).toBe('ok');
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('concurrent identical requests share one lookup', async () => {
    const sentry = fakeSource(SENTRY_OK, 100);
    const account = fakeSource(ACCOUNT_OK, 100);
    const a = await app({ sources: { sentry, account } });
    const answers = await Promise.all(Array.from({ length: 5 }, () => a.get('/enrich?email=jane@example.com')));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(sentry.calls).toBe(1);
    expect(account.calls).toBe(1);
  });

  it('errors are cached shorter than answers', async () => {
    const sentry = fakeSource<SentryData>({ status: 'error', reason: 'down' });
    const account = fakeSource(ACCOUNT_OK);
    const a = await app({ sources: { sentry, account }, cacheTtlSeconds: 1 }); // errors kept 200 ms
    await a.get('/enrich?email=jane@example.com');
    await a.get('/enrich?email=jane@example.com');
    expect([sentry.calls, account.calls]).toEqual([1, 1]);
    await new Promise((r) => setTimeout(r, 260));
    await a.get('/enrich?email=jane@example.com');
    expect([sentry.calls, account.calls]).toEqual([2, 1]);
  });

  it('unknown paths are 404 JSON', async () => {
    const a = await app();
    expect(await a.get('/nope')).toMatchObject({ status: 404, body: { error: 'not found' } });
  });
});

describe('cache', () => {
  it('TTL: full for answers, a fifth (at most 10 s) for errors and timeouts', () => {
    expect(sectionTtlMs('ok', 60)).toBe(60_000);
    expect(sectionTtlMs('not_found', 60)).toBe(60_000);
    expect(sectionTtlMs('error', 60)).toBe(10_000);
    expect(sectionTtlMs('timeout', 20)).toBe(4_000);
    expect(sectionTtlMs('error', 0)).toBe(0);
  });

  it('expires entries, forgets rejected loads and stays bounded', async () => {
    let now = 0;
    const cache = new TtlCache<string>((v) => (v === 'short' ? 10 : 100), 2, () => now);
    let loads = 0;
    const load = (v: string) => () => {
      loads += 1;
      return Promise.resolve(v);
    };
    await cache.getOrLoad('a', load('long'));
    await cache.getOrLoad('a', load('long'));
    expect(loads).toBe(1);
    now = 101;
    await cache.getOrLoad('a', load('long'));
    expect(loads).toBe(2);

    await expect(cache.getOrLoad('b', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await Promise.resolve();
    expect(await cache.getOrLoad('b', load('short'))).toBe('short');

    await cache.getOrLoad('c', load('long'));
    expect(cache.size).toBe(2);
  });
});
