import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_QUERY, loadAccountQuery, parseConfig } from '../src/config.js';

const TOKEN = { ENRICHMENT_TOKEN: 'a-token-of-enough-length' };

function errorsOf(env: NodeJS.ProcessEnv, readFile?: (p: string) => string): string[] {
  const result = parseConfig(env, readFile);
  if (result.ok) throw new Error('expected a configuration error');
  return result.errors;
}

describe('parseConfig', () => {
  it('applies the documented defaults and leaves unset sources not configured', () => {
    const result = parseConfig({ ...TOKEN });
    expect(result).toEqual({
      ok: true,
      config: {
        port: 3200,
        token: 'a-token-of-enough-length',
        sourceTimeoutMs: 2000,
        cacheTtlSeconds: 60,
        logLevel: 'info',
        sentry: null,
        posthog: null,
        account: null,
        errorReporting: null,
      },
    });
  });

  it('treats empty values as unset', () => {
    const result = parseConfig({ ...TOKEN, ENRICHMENT_PORT: '', SENTRY_AUTH_TOKEN: '', POSTHOG_HOST: ' ', INTERNAL_DB_URL: '' });
    expect(result.ok && result.config.port).toBe(3200);
    expect(result.ok && [result.config.sentry, result.config.posthog, result.config.account]).toEqual([null, null, null]);
  });

  it('parses fully configured sources', () => {
    const result = parseConfig({
      ...TOKEN,
      ENRICHMENT_PORT: '4000',
      SENTRY_BASE_URL: 'https://sentry.example.com/',
      SENTRY_AUTH_TOKEN: 'sntry',
      SENTRY_ORG_SLUG: 'acme',
      SENTRY_PROJECT_SLUG: 'web',
      POSTHOG_HOST: 'https://eu.posthog.com',
      POSTHOG_API_KEY: 'phx_1',
      POSTHOG_PROJECT_ID: '42',
      INTERNAL_DB_URL: 'postgres://u:p@db:5432/app',
      SOURCE_TIMEOUT_MS: '300',
      CACHE_TTL_SECONDS: '0',
      LOG_LEVEL: 'debug',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        port: 4000,
        token: TOKEN.ENRICHMENT_TOKEN,
        sourceTimeoutMs: 300,
        cacheTtlSeconds: 0,
        logLevel: 'debug',
        sentry: { baseUrl: 'https://sentry.example.com', authToken: 'sntry', orgSlug: 'acme', projectSlug: 'web' },
        posthog: { host: 'https://eu.posthog.com', apiKey: 'phx_1', projectId: '42' },
        account: { databaseUrl: 'postgres://u:p@db:5432/app', query: DEFAULT_ACCOUNT_QUERY },
        errorReporting: null,
      },
    });
  });

  it('requires ENRICHMENT_TOKEN and names it', () => {
    expect(errorsOf({})).toEqual([
      'ENRICHMENT_TOKEN: is required (clients send it as "Authorization: Bearer <token>") (example: ENRICHMENT_TOKEN=<random string of 16+ characters, e.g. from `openssl rand -hex 32`>)',
    ]);
    expect(errorsOf({ ENRICHMENT_TOKEN: 'short' })[0]).toMatch(/^ENRICHMENT_TOKEN: must be at least 16 characters long \(example: /);
  });

  it('gives one line per bad value, each naming the variable and an example', () => {
    const errors = errorsOf({
      ...TOKEN,
      ENRICHMENT_PORT: '70000',
      SOURCE_TIMEOUT_MS: 'soon',
      CACHE_TTL_SECONDS: '-1',
      LOG_LEVEL: 'loud',
      SENTRY_BASE_URL: 'ftp://sentry',
    });
    expect(errors).toHaveLength(5);
    expect(errors).toContain('ENRICHMENT_PORT: must be at most 65535 (example: ENRICHMENT_PORT=3200)');
    expect(errors).toContain('SOURCE_TIMEOUT_MS: must be a whole number between 50 and 60000 (example: SOURCE_TIMEOUT_MS=2000)');
    expect(errors).toContain('CACHE_TTL_SECONDS: must be a whole number between 0 and 86400 (example: CACHE_TTL_SECONDS=60)');
    expect(errors).toContain('LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (example: LOG_LEVEL=info)');
    expect(errors).toContain('SENTRY_BASE_URL: must be an http(s) URL (example: SENTRY_BASE_URL=https://sentry.io)');
  });

  it('names the missing variable of a half-configured source', () => {
    const errors = errorsOf({ ...TOKEN, SENTRY_AUTH_TOKEN: 'sntry' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^SENTRY_ORG_SLUG: is missing: Sentry is half-configured \(SENTRY_AUTH_TOKEN set\)/);
    expect(errors[0]).toContain('(example: SENTRY_ORG_SLUG=acme)');

    const posthog = errorsOf({ ...TOKEN, POSTHOG_API_KEY: 'phx', POSTHOG_PROJECT_ID: '1' });
    expect(posthog.map((e) => e.split(':')[0])).toEqual(['POSTHOG_HOST']);

    const account = errorsOf({ ...TOKEN, ACCOUNT_QUERY: 'SELECT 1 WHERE $1 = $1' });
    expect(account.map((e) => e.split(':')[0])).toEqual(['INTERNAL_DB_URL']);
  });

  it('validates the account query: exactly one parameter, $1', () => {
    const base = { ...TOKEN, INTERNAL_DB_URL: 'postgres://u@h/db' };
    expect(errorsOf({ ...base, ACCOUNT_QUERY: 'SELECT * FROM users' })[0]).toMatch(/^ACCOUNT_QUERY: must use the email parameter \$1/);
    expect(errorsOf({ ...base, ACCOUNT_QUERY: 'SELECT * FROM users WHERE email = $1 AND id = $2' })[0]).toMatch(
      /^ACCOUNT_QUERY: must have exactly one parameter, \$1; found also \$2/,
    );
    const ok = parseConfig({ ...base, ACCOUNT_QUERY: 'SELECT plan FROM users WHERE email = $1;' });
    expect(ok.ok && ok.config.account?.query).toBe('SELECT plan FROM users WHERE email = $1');
  });

  it('reads ACCOUNT_QUERY=@file and reports an unreadable file', () => {
    const files: Record<string, string> = { '/q.sql': 'SELECT tier AS plan FROM accounts WHERE email = $1\n' };
    const reader = (path: string) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return text;
    };
    const ok = parseConfig({ ...TOKEN, INTERNAL_DB_URL: 'postgres://u@h/db', ACCOUNT_QUERY: '@/q.sql' }, reader);
    expect(ok.ok && ok.config.account?.query).toBe('SELECT tier AS plan FROM accounts WHERE email = $1');
    expect(errorsOf({ ...TOKEN, INTERNAL_DB_URL: 'postgres://u@h/db', ACCOUNT_QUERY: '@/missing.sql' }, reader)[0]).toMatch(
      /^ACCOUNT_QUERY: cannot read the SQL file \/missing.sql \(ENOENT\)/,
    );
    expect(loadAccountQuery('   ', reader)).toEqual({ error: 'is empty' });
  });

  it('rejects a non-postgres INTERNAL_DB_URL and a non-numeric POSTHOG_PROJECT_ID', () => {
    const errors = errorsOf({
      ...TOKEN,
      INTERNAL_DB_URL: 'mysql://x',
      POSTHOG_HOST: 'https://eu.posthog.com',
      POSTHOG_API_KEY: 'k',
      POSTHOG_PROJECT_ID: 'my-project',
    });
    expect(errors.map((e) => e.split(':')[0]).sort()).toEqual(['INTERNAL_DB_URL', 'POSTHOG_PROJECT_ID']);
  });
});

describe('parseConfig with the shipped defaults', () => {
  it('leaves PostHog off when only its default host is set (no key)', () => {
    const result = parseConfig({ ...TOKEN, POSTHOG_HOST: 'https://eu.posthog.com', SENTRY_BASE_URL: 'https://sentry.io' });
    expect(result.ok && result.config.posthog).toBe(null);
    expect(result.ok && result.config.sentry).toBe(null);
  });

  it('reports every problem in one wave: bad values and half-configured sources together', () => {
    const errors = errorsOf({ ENRICHMENT_PORT: 'x', POSTHOG_API_KEY: 'phx', SENTRY_AUTH_TOKEN: 's' });
    expect(errors.map((e) => e.split(':')[0])).toEqual(['ENRICHMENT_PORT', 'ENRICHMENT_TOKEN', 'SENTRY_ORG_SLUG', 'POSTHOG_HOST', 'POSTHOG_PROJECT_ID']);
  });
});
