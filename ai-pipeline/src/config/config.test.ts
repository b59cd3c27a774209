import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig, PIPELINE_ENV_KEYS } from './config.js';

const valid = {
  CHATWOOT_BASE_URL: 'http://chatwoot:3000',
  CHATWOOT_API_TOKEN: 'tok-1234567890',
  CHATWOOT_ACCOUNT_ID: '1',
  CHATWOOT_WEBHOOK_SECRET: 'whsec-0123456789abcdef',
  DATABASE_URL: 'postgres://u:p@localhost:5432/db',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies documented defaults', () => {
    const c = parseConfig(valid);
    expect(c).toMatchObject({ PORT: 3100, AUTO_ASSIGN_THRESHOLD: 0.8, WORKER_CONCURRENCY: 32, WORKER_ADAPTIVE: true, MODEL_PROVIDER: 'auto', WEBHOOK_MAX_BODY_BYTES: 1048576 });
  });

  it('reports one line per problem with the variable, what is wrong and an example', () => {
    expect(problemsOf({ ...valid, CHATWOOT_API_TOKEN: '', PORT: 'abc', AUTO_ASSIGN_THRESHOLD: '2', CHATWOOT_INBOX_IDS: '3;4' })).toEqual([
      'PORT must be a whole number, got "abc" (example: PORT=3100)',
      'CHATWOOT_API_TOKEN is required (an administrator access token: Chatwoot → Profile settings → Access Token) (example: CHATWOOT_API_TOKEN=a1b2c3d4e5f6g7h8i9j0)',
      'CHATWOOT_INBOX_IDS must be a comma-separated list of inbox ids (example: CHATWOOT_INBOX_IDS=3,7)',
      'AUTO_ASSIGN_THRESHOLD must be at most 1, got "2" (example: AUTO_ASSIGN_THRESHOLD=0.8)',
    ]);
  });

  it('CHATWOOT_TIMEOUT_MS: 10 s by default, a whole number of ms from 1000 to 120000, each problem named with the variable', () => {
    expect(parseConfig(valid).CHATWOOT_TIMEOUT_MS).toBe(10_000);
    expect(parseConfig({ ...valid, CHATWOOT_TIMEOUT_MS: ' 45000 ' }).CHATWOOT_TIMEOUT_MS).toBe(45_000);
    expect(parseConfig({ ...valid, CHATWOOT_TIMEOUT_MS: '' }).CHATWOOT_TIMEOUT_MS).toBe(10_000);
    expect(problemsOf({ ...valid, CHATWOOT_TIMEOUT_MS: '500' })).toEqual(['CHATWOOT_TIMEOUT_MS must be at least 1000, got "500" (example: CHATWOOT_TIMEOUT_MS=30000)']);
    expect(problemsOf({ ...valid, CHATWOOT_TIMEOUT_MS: '600000' })).toEqual(['CHATWOOT_TIMEOUT_MS must be at most 120000, got "600000" (example: CHATWOOT_TIMEOUT_MS=30000)']);
    expect(problemsOf({ ...valid, CHATWOOT_TIMEOUT_MS: '10s' })).toEqual(['CHATWOOT_TIMEOUT_MS must be a whole number, got "10s" (example: CHATWOOT_TIMEOUT_MS=30000)']);
    expect(problemsOf({ ...valid, CHATWOOT_TIMEOUT_MS: '1500.5' })).toEqual(['CHATWOOT_TIMEOUT_MS must be a whole number, got "1500.5" (example: CHATWOOT_TIMEOUT_MS=30000)']);
  });

  it('says a non-numeric account id must be a whole number, not that it is required', () => {
    expect(problemsOf({ ...valid, CHATWOOT_ACCOUNT_ID: 'acme' })).toEqual(['CHATWOOT_ACCOUNT_ID must be a whole number, got "acme" (example: CHATWOOT_ACCOUNT_ID=1)']);
    expect(problemsOf({ ...valid, CHATWOOT_ACCOUNT_ID: '1.5' })).toEqual(['CHATWOOT_ACCOUNT_ID must be a whole number, got "1.5" (example: CHATWOOT_ACCOUNT_ID=1)']);
    expect(problemsOf({ ...valid, CHATWOOT_ACCOUNT_ID: '0' })).toEqual(['CHATWOOT_ACCOUNT_ID must be at least 1, got "0" (example: CHATWOOT_ACCOUNT_ID=1)']);
    expect(problemsOf({ ...valid, CHATWOOT_ACCOUNT_ID: '' })).toEqual(['CHATWOOT_ACCOUNT_ID is required (example: CHATWOOT_ACCOUNT_ID=1)']);
  });

  it('lists cross-field problems together with field problems, in variable order', () => {
    expect(
      problemsOf({ ...valid, CHATWOOT_ACCOUNT_ID: 'acme', CHATWOOT_WEBHOOK_SECRET: '', ENRICHMENT_SERVICE_URL: 'http://enrichment-service:3200', WORKER_CONCURRENCY: '0' }),
    ).toEqual([
      'CHATWOOT_ACCOUNT_ID must be a whole number, got "acme" (example: CHATWOOT_ACCOUNT_ID=1)',
      'CHATWOOT_WEBHOOK_SECRET is required (scripts/bootstrap-chatwoot --write-env .env writes it; or set WEBHOOK_URL_TOKEN for Chatwoot < 4.11.2, which does not sign webhooks) (example: CHATWOOT_WEBHOOK_SECRET=<secret printed by scripts/bootstrap-chatwoot>)',
      'ENRICHMENT_TOKEN is required when ENRICHMENT_SERVICE_URL is set (or empty ENRICHMENT_SERVICE_URL to turn enrichment off) (example: ENRICHMENT_TOKEN=<same value as the enrichment service>)',
      'WORKER_CONCURRENCY must be at least 1, got "0" (example: WORKER_CONCURRENCY=32)',
    ]);
  });

  it('turns the chat bot on only with both BOT_WEBHOOK_SECRET and BOT_ACCESS_TOKEN', () => {
    const off = parseConfig(valid);
    expect([off.BOT_WEBHOOK_SECRET, off.BOT_ACCESS_TOKEN, off.BOT_MAX_TURNS, off.BOT_MIN_CONFIDENCE]).toEqual([undefined, undefined, 4, 0.6]);
    expect(problemsOf({ ...valid, BOT_WEBHOOK_SECRET: 'bot-secret-0123456789' })).toEqual([
      "BOT_ACCESS_TOKEN is required when BOT_WEBHOOK_SECRET is set (the chat bot needs both; empty both to turn it off) (example: BOT_ACCESS_TOKEN=<the agent bot's access token, printed by scripts/bootstrap-chatwoot --agent-bot>)",
    ]);
    expect(problemsOf({ ...valid, BOT_ACCESS_TOKEN: 'bot-token-123', BOT_MAX_TURNS: '0', BOT_MIN_CONFIDENCE: '2' })).toEqual([
      "BOT_WEBHOOK_SECRET is required when BOT_ACCESS_TOKEN is set (the chat bot needs both; empty both to turn it off) (example: BOT_WEBHOOK_SECRET=<the agent bot's secret, printed by scripts/bootstrap-chatwoot --agent-bot>)",
      'BOT_MAX_TURNS must be at least 1, got "0"',
      'BOT_MIN_CONFIDENCE must be at most 1, got "2" (example: BOT_MIN_CONFIDENCE=0.6)',
    ]);
  });

  it('needs a webhook secret of 16+ characters unless the URL-token opt-in is used', () => {
    expect(problemsOf({ ...valid, CHATWOOT_WEBHOOK_SECRET: 'short-secret' })).toEqual([
      'CHATWOOT_WEBHOOK_SECRET must be at least 16 characters (example: CHATWOOT_WEBHOOK_SECRET=<secret printed by scripts/bootstrap-chatwoot>)',
    ]);
    expect(() => parseConfig({ ...valid, CHATWOOT_WEBHOOK_SECRET: '' })).toThrow(/CHATWOOT_WEBHOOK_SECRET is required/);
    expect(parseConfig({ ...valid, CHATWOOT_WEBHOOK_SECRET: '', WEBHOOK_URL_TOKEN: 'x'.repeat(20) }).WEBHOOK_URL_TOKEN).toBe('x'.repeat(20));
  });

  it('PIPELINE_ROLE: all by default; a worker needs no webhook secret (it takes no webhooks), a web process does; anything else is named', () => {
    expect(parseConfig(valid).PIPELINE_ROLE).toBe('all');
    expect(parseConfig({ ...valid, PIPELINE_ROLE: 'worker', CHATWOOT_WEBHOOK_SECRET: '' })).toMatchObject({ PIPELINE_ROLE: 'worker', CHATWOOT_WEBHOOK_SECRET: undefined });
    expect(loadConfig({ ...valid, PIPELINE_ROLE: 'worker', CHATWOOT_WEBHOOK_SECRET: '' }).status).toBe('ready');
    expect(loadConfig({ ...valid, PIPELINE_ROLE: 'web', CHATWOOT_WEBHOOK_SECRET: '' }).status).toBe('waiting');
    expect(problemsOf({ ...valid, PIPELINE_ROLE: 'sidekiq' })).toEqual(['PIPELINE_ROLE must be one of "all"|"web"|"worker", got "sidekiq" (example: PIPELINE_ROLE=web)']);
  });

  it('treats an empty value as unset for every variable (defaults apply, optional ones stay off)', () => {
    const blanks = Object.fromEntries(PIPELINE_ENV_KEYS.filter((k) => !(k in valid)).map((k) => [k, '']));
    const c = parseConfig({ ...valid, ...blanks });
    expect(c).toMatchObject({ PORT: 3100, MODEL_PROVIDER: 'auto', ANTHROPIC_MODEL: 'claude-sonnet-4-6', TICKETS_DIR: 'tickets', SWEEP_INTERVAL_SECONDS: 300 });
    expect([c.ANTHROPIC_BASE_URL, c.ENRICHMENT_SERVICE_URL, c.ANTHROPIC_API_KEY, c.ROUTING_CONFIG, c.CHATWOOT_INBOX_IDS]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('says a DATABASE_URL that is set but not a postgres:// URL is wrong (not missing), without echoing it', () => {
    for (const bad of ['mysql://u:hunter2pass@db/x', 'localhost:5432/hunter2pass']) {
      const problems = problemsOf({ ...valid, DATABASE_URL: bad });
      expect(problems).toEqual([
        'DATABASE_URL must be a postgres:// URL (postgres://USER:PASSWORD@HOST:5432/DATABASE) (example: DATABASE_URL=postgres://triage:secret@postgres:5432/chatwoot)',
      ]);
      expect(problems.join('\n')).not.toContain('hunter2pass');
    }
    expect(problemsOf({ ...valid, DATABASE_URL: '' })).toEqual(['DATABASE_URL is required: a postgres:// URL (example: DATABASE_URL=postgres://triage:secret@postgres:5432/chatwoot)']);
  });

  it('rejects a DATABASE_URL whose password splits it (an unencoded / ? # @), with the advice and without echoing it', () => {
    const advice = 'percent-encode / ? # @ : in the password (%2F %3F %23 %40 %3A), and an @ in a query value as %40';
    for (const [bad, secret] of [
      ['postgres://triage:/s3cret@db/x', 's3cret'],
      ['postgres://u:1234/abc@db/x', 'abc'],
      ['postgres://u:1234?abc@db/x', 'abc'],
      ['postgres://u:12#abc@db/x', 'abc'],
    ]) {
      const problems = problemsOf({ ...valid, DATABASE_URL: bad });
      expect(problems).toEqual([`DATABASE_URL does not parse as intended (an @ after the host part): ${advice} (example: DATABASE_URL=postgres://triage:secret@postgres:5432/chatwoot)`]);
      expect(problems.join('\n')).not.toContain(secret!);
    }
    // A ? right after letters makes the "port" non-numeric: the URL does not parse at all; same advice.
    const problems = problemsOf({ ...valid, DATABASE_URL: 'postgres://u:pa?hunter2@db/x' });
    expect(problems).toEqual([
      `DATABASE_URL must be a postgres:// URL (postgres://USER:PASSWORD@HOST:5432/DATABASE): ${advice} (example: DATABASE_URL=postgres://triage:secret@postgres:5432/chatwoot)`,
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
    // An encoded password, and an @ or : that the parser places in the password anyway, are fine.
    for (const good of [
      'postgres://triage:%2Fs3cret@db/x',
      'postgres://u:p@ss@db:5432/x',
      'postgres://u:a:b@db/x?sslmode=require',
      // An encoded @ after the host part is meant so (the separator is never encoded).
      'postgres://u:p@db/my%40db',
      'postgres://u:p@db/x?application_name=ops%40eu',
    ]) {
      expect(parseConfig({ ...valid, DATABASE_URL: good }).DATABASE_URL).toBe(good);
    }
  });

  it('never echoes a secret value in a problem', () => {
    const problems = problemsOf({ ...valid, CHATWOOT_WEBHOOK_SECRET: 'tiny-secret-1', WEBHOOK_URL_TOKEN: 'tiny-token', CHATWOOT_API_TOKEN: 'abc' });
    expect(problems.join('\n')).not.toMatch(/tiny-secret-1|tiny-token|"abc"/);
  });
});

describe('loadConfig', () => {
  it('is ready when the configuration is complete', () => {
    expect(loadConfig(valid)).toMatchObject({ status: 'ready', config: { CHATWOOT_ACCOUNT_ID: 1 } });
  });

  it('waits (instead of failing) when only the Chatwoot token and/or webhook secret are missing', () => {
    const waiting = loadConfig({ ...valid, CHATWOOT_API_TOKEN: '', CHATWOOT_WEBHOOK_SECRET: '', PORT: '4100' });
    expect(waiting).toMatchObject({ status: 'waiting', waiting: { PORT: 4100, LOG_LEVEL: 'info', missing: ['CHATWOOT_API_TOKEN', 'CHATWOOT_WEBHOOK_SECRET'] } });
    expect(loadConfig({ ...valid, CHATWOOT_WEBHOOK_SECRET: '' })).toMatchObject({ status: 'waiting', waiting: { missing: ['CHATWOOT_WEBHOOK_SECRET'] } });
  });

  it('still stops on any other problem, listing the awaited variables with it', () => {
    expect(() => loadConfig({ ...valid, CHATWOOT_API_TOKEN: '', CHATWOOT_ACCOUNT_ID: 'acme' })).toThrow(ConfigError);
    try {
      loadConfig({ ...valid, CHATWOOT_API_TOKEN: '', CHATWOOT_ACCOUNT_ID: 'acme' });
    } catch (e) {
      expect((e as ConfigError).problems.map((p) => p.split(' ')[0])).toEqual(['CHATWOOT_API_TOKEN', 'CHATWOOT_ACCOUNT_ID']);
    }
  });
});
