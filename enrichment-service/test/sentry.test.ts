import nock from 'nock';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { runSource } from '../src/run-source.js';
import { createSentrySource, sentryIssueQuery } from '../src/sources/sentry.js';
import type { SentryConfig } from '../src/config.js';

const BASE = 'https://sentry.test';
const config: SentryConfig = { baseUrl: BASE, authToken: 'sntry-secret', orgSlug: 'acme', projectSlug: undefined };
const EMAIL = 'jane@example.com';

const issue = (id: string, lastSeen: string, extra: Record<string, unknown> = {}) => ({
  id,
  title: `TypeError ${id}`,
  level: 'error',
  count: '17',
  lastSeen,
  permalink: `https://acme.sentry.io/issues/${id}/`,
  ...extra,
});

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});

describe('Sentry source', () => {
  it('asks for unresolved issues of the last 14 days, newest first, at most 10, with Bearer auth', async () => {
    const scope = nock(BASE, { reqheaders: { authorization: 'Bearer sntry-secret' } })
      .get('/api/0/organizations/acme/issues/')
      .query({ query: 'is:unresolved user.email:"jane@example.com"', statsPeriod: '14d', sort: 'date', limit: '10' })
      .reply(200, [issue('2', '2026-11-20T10:00:00Z'), issue('1', '2026-11-24T08:30:00.000Z', { count: 3 })]);

    const section = await runSource('Sentry', createSentrySource(config), EMAIL, 1000);

    expect(scope.isDone()).toBe(true);
    expect(section).toEqual({
      status: 'ok',
      data: {
        issues: [
          { id: '1', title: 'TypeError 1', level: 'error', count: 3, lastSeen: '2026-11-24T08:30:00.000Z', link: 'https://acme.sentry.io/issues/1/' },
          { id: '2', title: 'TypeError 2', level: 'error', count: 17, lastSeen: '2026-11-20T10:00:00.000Z', link: 'https://acme.sentry.io/issues/2/' },
        ],
      },
    });
  });

  it('sends exactly this raw query string', async () => {
    let seenPath = '';
    nock(BASE)
      .get(() => true)
      .reply(function () {
        seenPath = this.req.path;
        return [200, []];
      });
    await createSentrySource(config)(EMAIL, new AbortController().signal);
    expect(seenPath).toBe(
      '/api/0/organizations/acme/issues/?query=is%3Aunresolved+user.email%3A%22jane%40example.com%22&statsPeriod=14d&sort=date&limit=10',
    );
  });

  it('resolves SENTRY_PROJECT_SLUG to the numeric id once and filters with project=<id>', async () => {
    const project = nock(BASE).get('/api/0/projects/acme/web-app/').once().reply(200, { id: '4509', slug: 'web-app' });
    const issues = nock(BASE)
      .get('/api/0/organizations/acme/issues/')
      .query({ query: 'is:unresolved user.email:"jane@example.com"', statsPeriod: '14d', sort: 'date', limit: '10', project: '4509' })
      .twice()
      .reply(200, []);
    const source = createSentrySource({ ...config, projectSlug: 'web-app' });

    expect(await source(EMAIL, new AbortController().signal)).toEqual({ status: 'ok', data: { issues: [] } });
    expect(await source(EMAIL, new AbortController().signal)).toEqual({ status: 'ok', data: { issues: [] } });
    expect(project.isDone()).toBe(true);
    expect(issues.isDone()).toBe(true);
  });

  it('is an error naming the project when the slug does not exist, and tries the slug again next time', async () => {
    nock(BASE).get('/api/0/projects/acme/nope/').twice().reply(404, { detail: 'The requested resource does not exist' });
    const source = createSentrySource({ ...config, projectSlug: 'nope' });
    const first = await runSource('Sentry', source, EMAIL, 1000);
    expect(first).toEqual({
      status: 'error',
      reason: 'Sentry answered HTTP 404: project "nope" not found in organization "acme" (check SENTRY_PROJECT_SLUG)',
    });
    expect((await runSource('Sentry', source, EMAIL, 1000)).status).toBe('error');
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('shortens very long titles to 300 characters', async () => {
    nock(BASE).get('/api/0/organizations/acme/issues/').query(true).reply(200, [issue('1', '2026-11-24T00:00:00Z', { title: 'x'.repeat(5000) })]);
    const section = await runSource('Sentry', createSentrySource(config), EMAIL, 1000);
    expect(section.status === 'ok' && section.data.issues[0]!.title).toBe(`${'x'.repeat(299)}…`);
  });

  it('caps the list at 10 issues', async () => {
    const many = Array.from({ length: 12 }, (_, i) => issue(String(i), `2026-11-${String(10 + i).padStart(2, '0')}T00:00:00Z`));
    nock(BASE).get('/api/0/organizations/acme/issues/').query(true).reply(200, many);
    const section = await runSource('Sentry', createSentrySource(config), EMAIL, 1000);
    expect(section.status === 'ok' && section.data.issues.map((i) => i.id)).toEqual(['11', '10', '9', '8', '7', '6', '5', '4', '3', '2']);
  });

  it('Sentry down is an error, never an empty ok', async () => {
    nock(BASE).get('/api/0/organizations/acme/issues/').query(true).reply(502, 'Bad Gateway');
    expect(await runSource('Sentry', createSentrySource(config), EMAIL, 1000)).toEqual({ status: 'error', reason: 'Sentry answered HTTP 502' });

    nock(BASE).get('/api/0/organizations/acme/issues/').query(true).reply(401, { detail: 'Invalid token' });
    expect(await runSource('Sentry', createSentrySource(config), EMAIL, 1000)).toEqual({
      status: 'error',
      reason: 'Sentry answered HTTP 401: the API token was rejected',
    });

    nock(BASE).get('/api/0/organizations/acme/issues/').query(true).replyWithError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
    expect(await runSource('Sentry', createSentrySource(config), EMAIL, 1000)).toEqual({
      status: 'error',
      reason: 'Sentry is unreachable (ECONNREFUSED)',
    });

    nock(BASE).get('/api/0/organizations/acme/issues/').query(true).reply(200, { not: 'a list' });
    expect(await runSource('Sentry', createSentrySource(config), EMAIL, 1000)).toEqual({
      status: 'error',
      reason: 'Sentry answered with an unexpected shape',
    });
  });

  it('a slow Sentry is a timeout within the deadline', async () => {
    nock(BASE).get('/api/0/organizations/acme/issues/').query(true).delay(5000).reply(200, []);
    const started = Date.now();
    const section = await runSource('Sentry', createSentrySource(config), EMAIL, 300);
    expect(Date.now() - started).toBeLessThan(300 + 200);
    expect(section).toEqual({ status: 'timeout', reason: 'Sentry did not answer within 300 ms' });
  });

  it('escapes quotes and backslashes in the search value', () => {
    expect(sentryIssueQuery('a"b\\c@example.com')).toBe('is:unresolved user.email:"a\\"b\\\\c@example.com"');
  });
});
