import { describe, expect, it } from 'vitest';
import { connectionFrom, withOptionalValues } from '../src/lib/cli-options.js';
import { databaseUrlSchema, upsertEnvLine } from '../src/lib/env-file.js';
import { isPrivateNetworkUrl } from '../src/lib/private-network.js';

describe('withOptionalValues', () => {
  it('inserts the default only when the flag has no value of its own', () => {
    const d = { '--write-env': '.env', '--api-inbox': 'Sample tickets' };
    expect(withOptionalValues(['--write-env', '--dry-run'], d)).toEqual(['--write-env', '.env', '--dry-run']);
    expect(withOptionalValues(['--write-env', 'x.env'], d)).toEqual(['--write-env', 'x.env']);
    expect(withOptionalValues(['--api-inbox'], d)).toEqual(['--api-inbox', 'Sample tickets']);
  });
});

describe('upsertEnvLine', () => {
  it('replaces an existing line, appends otherwise, leaves comments alone', () => {
    expect(upsertEnvLine('A=1\nKEY=old\nB=2\n', 'KEY', 'new')).toBe('A=1\nKEY=new\nB=2\n');
    expect(upsertEnvLine('# KEY=doc\nA=1', 'KEY', 'v')).toBe('# KEY=doc\nA=1\nKEY=v\n');
    expect(upsertEnvLine('', 'KEY', 'v')).toBe('KEY=v\n');
  });
});

describe('isPrivateNetworkUrl', () => {
  it.each([
    ['http://ai-pipeline:3100/webhook', true],
    ['http://localhost:3100/webhook', true],
    ['http://127.0.0.1:3100', true],
    ['http://10.1.2.3/x', true],
    ['http://172.20.0.5/x', true],
    ['http://192.168.1.9/x', true],
    ['http://host.docker.internal:3100', true],
    ['http://[::1]:3100', true],
    ['https://triage.example.com/webhook', false],
    ['http://172.32.0.1/x', false],
    ['http://8.8.8.8/x', false],
  ])('%s → %s', (url, expected) => expect(isPrivateNetworkUrl(url)).toBe(expected));
});

describe('connectionFrom', () => {
  it('prefers flags over the environment and names what is missing', () => {
    expect(connectionFrom({ 'base-url': 'http://cw:3000/', token: 't' }, { CHATWOOT_ACCOUNT_ID: '4', CHATWOOT_BASE_URL: 'http://other' })).toEqual({
      baseUrl: 'http://cw:3000',
      apiToken: 't',
      accountId: 4,
    });
    expect(() => connectionFrom({}, {})).toThrow(/--base-url \/ CHATWOOT_BASE_URL .*--token \/ CHATWOOT_API_TOKEN is required.*--account-id \/ CHATWOOT_ACCOUNT_ID is required/);
  });
});

describe('DATABASE_URL of the scripts (stats, export-corrections)', () => {
  const problem = (v: string) => {
    const r = databaseUrlSchema.safeParse(v);
    return r.success ? null : r.error.issues[0]!.message;
  };
  it('says "required" only when it is unset; a wrong value is "must be", without echoing it', () => {
    expect(problem('postgres://u:p@db:5432/x')).toBeNull();
    expect(problem('')).toBe('DATABASE_URL is required: a postgres:// URL (environment or .env)');
    expect(problem('mysql://u:hunter2@db/x')).toBe('DATABASE_URL must be a postgres:// URL (postgres://USER:PASSWORD@HOST:5432/DATABASE)');
  });

  it('is the pipeline schema: a password that splits the URL is rejected with the advice, without echoing it', () => {
    const text = problem('postgres://triage:/s3cret@db/x');
    expect(text).toBe('DATABASE_URL does not parse as intended (an @ after the host part): percent-encode / ? # @ : in the password (%2F %3F %23 %40 %3A), and an @ in a query value as %40');
    expect(problem('postgres://triage:%2Fs3cret@db/x')).toBeNull();
  });
});
