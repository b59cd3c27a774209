import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

const valid = {
  CHATWOOT_BASE_URL: 'http://chatwoot:3000',
  CHATWOOT_API_TOKEN: 'tok-1234567890',
  CHATWOOT_ACCOUNT_ID: '1',
  CHATWOOT_WEBHOOK_SECRET: 'whsec',
  DATABASE_URL: 'postgres://u:p@localhost:5432/db',
};

describe('parseConfig', () => {
  it('applies documented defaults', () => {
    const c = parseConfig(valid);
    expect(c).toMatchObject({ PORT: 3100, AUTO_ASSIGN_THRESHOLD: 0.8, WORKER_CONCURRENCY: 4, MODEL_PROVIDER: 'auto', WEBHOOK_MAX_BODY_BYTES: 1048576 });
  });

  it('reports one line per problem with the variable, what is wrong and an example', () => {
    let error: ConfigError | undefined;
    try {
      parseConfig({ ...valid, CHATWOOT_API_TOKEN: '', PORT: 'abc', AUTO_ASSIGN_THRESHOLD: '2', CHATWOOT_INBOX_IDS: '3;4' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems).toEqual([
      'PORT must be a number, got "abc" (example: PORT=3100)',
      'CHATWOOT_API_TOKEN is required (an administrator access token) (example: CHATWOOT_API_TOKEN=a1b2c3d4e5f6g7h8i9j0)',
      'CHATWOOT_INBOX_IDS must be a comma-separated list of inbox ids (example: CHATWOOT_INBOX_IDS=3,7)',
      'AUTO_ASSIGN_THRESHOLD must be at most 1, got "2" (example: AUTO_ASSIGN_THRESHOLD=0.8)',
    ]);
  });

  it('needs a webhook secret unless the URL-token opt-in is used', () => {
    expect(() => parseConfig({ ...valid, CHATWOOT_WEBHOOK_SECRET: '' })).toThrow(/CHATWOOT_WEBHOOK_SECRET is required/);
    expect(parseConfig({ ...valid, CHATWOOT_WEBHOOK_SECRET: '', WEBHOOK_URL_TOKEN: 'x'.repeat(20) }).WEBHOOK_URL_TOKEN).toBe('x'.repeat(20));
  });
});
