import * as Sentry from '@sentry/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSentry } from '../../testkit/fakes/telemetry-sinks.js';
import { parseConfig } from '../src/config.js';
import { flushErrorReporting, initErrorReporting, maskText, scrubErrorEvent } from '../src/error-reporting.js';

let sentry: Awaited<ReturnType<typeof startFakeSentry>>;
beforeAll(async () => {
  sentry = await startFakeSentry();
});
afterAll(async () => sentry?.close());

describe('the enrichment service reports its own errors to Sentry', () => {
  it('is off unless SENTRY_DSN is set, and SENTRY_DSN must be a URL', () => {
    const base = { ENRICHMENT_TOKEN: '0123456789abcdef0123' };
    const off = parseConfig(base);
    expect(off.ok && off.config.errorReporting).toBeNull();
    const on = parseConfig({ ...base, SENTRY_DSN: 'https://k@o1.ingest.sentry.io/2', SENTRY_ENVIRONMENT: 'staging' });
    expect(on.ok && on.config.errorReporting).toEqual({ dsn: 'https://k@o1.ingest.sentry.io/2', environment: 'staging' });
    const bad = parseConfig({ ...base, SENTRY_DSN: 'not a url' });
    expect(bad.ok ? [] : bad.errors[0]).toMatch(/^SENTRY_DSN: must be an http\(s\) DSN URL/);
  });

  it('the scrubber keeps class, frames and tags, and drops request, user, breadcrumbs and extra', () => {
    const out = scrubErrorEvent({
      level: 'error',
      tags: { route: 'enrich' },
      exception: { values: [{ type: 'TypeError', value: 'lookup of jane.doe@example.com failed, token=abc123', stacktrace: { frames: [{ filename: 'a.js', function: 'f', lineno: 1, colno: 2, in_app: true, context_line: 'const email = "jane.doe@example.com"', vars: { text: 'x' } }] } }] },
      request: { url: 'http://x/enrich?email=jane.doe@example.com', headers: { authorization: 'Bearer t' } },
      user: { email: 'jane.doe@example.com' },
      breadcrumbs: [{ message: 'x' }],
      extra: { email: 'jane.doe@example.com' },
    });
    expect(out).toEqual({ level: 'error', tags: { route: 'enrich' }, exception: { values: [{ type: 'TypeError', value: 'lookup of [email] failed, token=[redacted]', stacktrace: { frames: [{ filename: 'a.js', module: undefined, function: 'f', lineno: 1, colno: 2, in_app: true }] } }] } });
    expect(maskText('GET https://sentry.io/api/0/issues/?query=user.email:jane@x.io')).toBe('GET https://sentry.io/api/0/issues/?[query]');
  });

  it('sends a scrubbed envelope to the DSN', async () => {
    initErrorReporting({ dsn: sentry.dsn, environment: 'test' });
    Sentry.captureException(new Error('PostHog lookup for jane.doe@example.com failed with Bearer phx_secretsecretsecret123'));
    await flushErrorReporting();
    const event = sentry.items.find((i) => i.type === 'event')!.payload;
    expect(event.environment).toBe('test');
    expect(JSON.stringify(event.exception)).toContain('PostHog lookup for [email] failed with Bearer [redacted]');
    expect(sentry.raw.join('\n')).not.toContain('jane.doe');
    expect(sentry.raw.join('\n')).not.toContain('phx_secret');
  });
});
