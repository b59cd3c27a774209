import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PosthogConfig } from '../src/config.js';
import { runSource } from '../src/run-source.js';
import { createPosthogSource } from '../src/sources/posthog.js';

const HOST = 'https://eu.posthog.test';
const config: PosthogConfig = { host: HOST, apiKey: 'phx_secret', projectId: '321' };
const EMAIL = 'jane@example.com';
const JANE = { uuid: '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee', distinct_ids: ['jane-device', 'user_42'], properties: { email: 'Jane@Example.com' } };

const rec = (id: string, distinctId: string, start: string, duration = 125) => ({
  id,
  distinct_id: distinctId,
  start_time: start,
  end_time: start,
  recording_duration: duration,
  person: { id: 1 },
});

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});

function personsMock(results: unknown[]) {
  return nock(HOST, { reqheaders: { authorization: 'Bearer phx_secret' } })
    .get('/api/projects/321/persons/')
    .query({ email: EMAIL })
    .reply(200, { next: null, results });
}

describe('PostHog source', () => {
  it('finds the person by email, then their recordings by person_uuid, with exact paths and queries', async () => {
    const persons = personsMock([JANE]);
    const recordings = nock(HOST, { reqheaders: { authorization: 'Bearer phx_secret' } })
      .get('/api/projects/321/session_recordings/')
      .query({ person_uuid: JANE.uuid, limit: '5', date_from: '-30d' })
      .reply(200, {
        results: [rec('s-old', 'jane-device', '2026-11-01T09:00:00Z', 61.6), rec('s-new', 'user_42', '2026-11-23T17:45:00.000Z')],
        has_next: false,
      });

    const section = await runSource('PostHog', createPosthogSource(config), EMAIL, 1000);

    expect(persons.isDone()).toBe(true);
    expect(recordings.isDone()).toBe(true);
    expect(section).toEqual({
      status: 'ok',
      data: {
        personUrl: 'https://eu.posthog.test/project/321/person/jane-device',
        recordings: [
          { id: 's-new', startTime: '2026-11-23T17:45:00.000Z', durationSeconds: 125, link: 'https://eu.posthog.test/project/321/replay/s-new' },
          { id: 's-old', startTime: '2026-11-01T09:00:00.000Z', durationSeconds: 62, link: 'https://eu.posthog.test/project/321/replay/s-old' },
        ],
      },
    });
  });

  it('never returns recordings of other people, even if PostHog ignored the filter', async () => {
    personsMock([JANE]);
    nock(HOST)
      .get('/api/projects/321/session_recordings/')
      .query(true)
      .reply(200, {
        results: [
          rec('someone-else-1', 'bob-device', '2026-11-24T10:00:00Z'),
          rec('jane-1', 'user_42', '2026-11-20T10:00:00Z'),
          rec('someone-else-2', 'mallory', '2026-11-22T10:00:00Z'),
          { ...rec('no-owner', 'x', '2026-11-21T10:00:00Z'), distinct_id: null },
        ],
      });
    const section = await runSource('PostHog', createPosthogSource(config), EMAIL, 1000);
    expect(section.status === 'ok' && section.data.recordings.map((r) => r.id)).toEqual(['jane-1']);
  });

  it('keeps at most 5 recordings, newest first', async () => {
    personsMock([JANE]);
    const seven = Array.from({ length: 7 }, (_, i) => rec(`r${i}`, 'user_42', `2026-11-1${i}T00:00:00Z`));
    nock(HOST).get('/api/projects/321/session_recordings/').query(true).reply(200, { results: seven });
    const section = await runSource('PostHog', createPosthogSource(config), EMAIL, 1000);
    expect(section.status === 'ok' && section.data.recordings.map((r) => r.id)).toEqual(['r6', 'r5', 'r4', 'r3', 'r2']);
  });

  it('is not_found when no person has that email (and makes no recordings call)', async () => {
    personsMock([]);
    expect(await runSource('PostHog', createPosthogSource(config), EMAIL, 1000)).toEqual({ status: 'not_found' });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('is not_found when the persons filter was ignored and only other people came back', async () => {
    personsMock([{ uuid: 'u-bob', distinct_ids: ['bob'], properties: { email: 'bob@example.com' } }]);
    expect(await runSource('PostHog', createPosthogSource(config), EMAIL, 1000)).toEqual({ status: 'not_found' });
  });

  it('an ok with no recordings when the person has none', async () => {
    personsMock([JANE]);
    nock(HOST).get('/api/projects/321/session_recordings/').query(true).reply(200, { results: [] });
    expect(await runSource('PostHog', createPosthogSource(config), EMAIL, 1000)).toEqual({
      status: 'ok',
      data: { personUrl: 'https://eu.posthog.test/project/321/person/jane-device', recordings: [] },
    });
  });

  it('errors say which step failed and why', async () => {
    nock(HOST).get('/api/projects/321/persons/').query(true).reply(403, { detail: 'scope' });
    expect(await runSource('PostHog', createPosthogSource(config), EMAIL, 1000)).toEqual({
      status: 'error',
      reason: 'PostHog answered HTTP 403: the API token lacks a needed scope',
    });

    personsMock([JANE]);
    nock(HOST).get('/api/projects/321/session_recordings/').query(true).reply(500, 'oops');
    expect(await runSource('PostHog', createPosthogSource(config), EMAIL, 1000)).toEqual({ status: 'error', reason: 'PostHog answered HTTP 500' });

    nock(HOST).get('/api/projects/321/persons/').query(true).reply(200, '<html>login</html>');
    expect(await runSource('PostHog', createPosthogSource(config), EMAIL, 1000)).toEqual({
      status: 'error',
      reason: 'PostHog answered the person lookup with an unexpected shape',
    });
  });

  it('a hanging PostHog is a timeout within the deadline', async () => {
    personsMock([JANE]);
    nock(HOST).get('/api/projects/321/session_recordings/').query(true).delay(10_000).reply(200, { results: [] });
    const started = Date.now();
    const section = await runSource('PostHog', createPosthogSource(config), EMAIL, 300);
    expect(Date.now() - started).toBeLessThan(300 + 200);
    expect(section).toEqual({ status: 'timeout', reason: 'PostHog did not answer within 300 ms' });
  });
});
