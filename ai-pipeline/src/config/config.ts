import { z } from 'zod';
import { DEFAULT_ANTHROPIC_MODEL, DEFAULT_AUTO_ASSIGN_THRESHOLD, DEFAULT_PORT } from './defaults.js';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const url = (example: string) =>
  z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, error: `must be an http(s) URL, e.g. ${example}` }));
const int = (min: number, max: number, dflt: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(dflt));

/** The pipeline's whole environment, parsed once at start-up. Each key's example is shown when it is wrong. */
const envSchema = z
  .object({
    PORT: int(0, 65535, DEFAULT_PORT),
    LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
    CHATWOOT_BASE_URL: url('http://chatwoot:3000'),
    CHATWOOT_API_TOKEN: z.preprocess(emptyToUndefined, z.string({ error: 'is required (an administrator access token)' }).min(8, 'looks too short')),
    CHATWOOT_ACCOUNT_ID: z.preprocess(emptyToUndefined, z.coerce.number({ error: 'is required' }).int().positive()),
    CHATWOOT_WEBHOOK_SECRET: optionalString,
    CHATWOOT_INBOX_IDS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be a comma-separated list of inbox ids')
        .transform((s) => s.split(',').map((x) => Number(x.trim())))
        .optional(),
    ),
    WEBHOOK_URL_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
    WEBHOOK_MAX_BODY_BYTES: int(1024, 50 * 1024 * 1024, 1024 * 1024),
    WEBHOOK_MAX_AGE_SECONDS: int(10, 86_400, 300),
    DATABASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^postgres(ql)?$/, error: 'is required: a postgres:// URL' })),
    ENRICHMENT_SERVICE_URL: url('http://enrichment-service:3200').optional(),
    ENRICHMENT_TOKEN: optionalString,
    ENRICHMENT_TIMEOUT_MS: int(100, 60_000, 3000),
    MODEL_PROVIDER: z.preprocess(emptyToUndefined, z.enum(['auto', 'anthropic', 'offline']).default('auto')),
    ANTHROPIC_API_KEY: optionalString,
    ANTHROPIC_BASE_URL: url('https://api.anthropic.com').optional(),
    ANTHROPIC_MODEL: z.preprocess(emptyToUndefined, z.string().default(DEFAULT_ANTHROPIC_MODEL)),
    ANTHROPIC_MAX_RETRIES: int(0, 10, 3),
    ANTHROPIC_TIMEOUT_MS: int(1000, 600_000, 60_000),
    TICKETS_DIR: z.preprocess(emptyToUndefined, z.string().default('tickets')),
    ROUTING_CONFIG: optionalString,
    AUTO_ASSIGN_THRESHOLD: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(1).default(DEFAULT_AUTO_ASSIGN_THRESHOLD)),
    WORKER_CONCURRENCY: int(1, 64, 4),
    JOB_MAX_ATTEMPTS: int(1, 50, 6),
    JOB_LEASE_SECONDS: int(2, 3600, 60),
    JOB_POLL_MS: int(20, 60_000, 500),
    JOB_RETRY_BASE_MS: int(10, 600_000, 2000),
    SWEEP_INTERVAL_SECONDS: int(0, 86_400, 300),
    TRIAGE_CONFIG: optionalString,
    ALLOW_TRANSLATE_SEND: z.preprocess(
      emptyToUndefined,
      z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').transform((v) => v === 'true'),
    ),
    INGEST_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
    INGEST_INBOX_ID: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().optional()),
    INGEST_RATE_PER_MINUTE: int(1, 100_000, 60),
    INGEST_MAX_BODY_BYTES: int(1024, 10 * 1024 * 1024, 256 * 1024),
  })
  .superRefine((env, ctx) => {
    if (!env.CHATWOOT_WEBHOOK_SECRET && !env.WEBHOOK_URL_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['CHATWOOT_WEBHOOK_SECRET'],
        message: 'is required (or set WEBHOOK_URL_TOKEN for Chatwoot < 4.11.2, which does not sign webhooks)',
      });
    }
    if (env.MODEL_PROVIDER === 'anthropic' && !env.ANTHROPIC_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['ANTHROPIC_API_KEY'], message: 'is required when MODEL_PROVIDER=anthropic' });
    }
    if (env.ENRICHMENT_SERVICE_URL && !env.ENRICHMENT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['ENRICHMENT_TOKEN'], message: 'is required when ENRICHMENT_SERVICE_URL is set' });
    }
  });

export type Config = z.infer<typeof envSchema>;

const EXAMPLES: Record<string, string> = {
  PORT: '3100',
  CHATWOOT_BASE_URL: 'http://chatwoot:3000',
  CHATWOOT_API_TOKEN: 'a1b2c3d4e5f6g7h8i9j0',
  CHATWOOT_ACCOUNT_ID: '1',
  CHATWOOT_WEBHOOK_SECRET: '<secret printed by scripts/bootstrap-chatwoot>',
  CHATWOOT_INBOX_IDS: '3,7',
  WEBHOOK_URL_TOKEN: '<32 random characters>',
  DATABASE_URL: 'postgres://triage:secret@postgres:5432/chatwoot',
  ENRICHMENT_SERVICE_URL: 'http://enrichment-service:3200',
  ENRICHMENT_TOKEN: '<same value as the enrichment service>',
  MODEL_PROVIDER: 'auto',
  ANTHROPIC_API_KEY: 'sk-ant-...',
  ANTHROPIC_BASE_URL: 'https://api.anthropic.com',
  AUTO_ASSIGN_THRESHOLD: '0.8',
  WORKER_CONCURRENCY: '4',
  LOG_LEVEL: 'info',
  TRIAGE_CONFIG: 'config/triage.yaml',
  ALLOW_TRANSLATE_SEND: 'false',
  INGEST_TOKEN: '<32 random characters>',
  INGEST_INBOX_ID: '7',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function humanize(message: string, got: string | undefined): string {
  if (got === undefined || got === '') return /^Invalid input/.test(message) ? 'is required' : /^is required/.test(message) ? message : `is required: it ${message}`;
  const shown = JSON.stringify(got.length > 40 ? `${got.slice(0, 40)}…` : got);
  return message
    .replace(/^Invalid input: expected (number|int), received NaN$/, `must be a number, got ${shown}`)
    .replace(/^Invalid option: expected one of (.*)$/, `must be one of $1, got ${shown}`)
    .replace(/^Too big: expected number to be <=?(.*)$/, `must be at most $1, got ${shown}`)
    .replace(/^Too small: expected number to be >=?(.*)$/, `must be at least $1, got ${shown}`)
    .replace(/^Invalid input: expected int, received number$/, `must be a whole number, got ${shown}`);
}

/** Parses the environment; throws ConfigError with one line per problem (variable, what is wrong, an example). */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(environment)');
    const got = env[name];
    const what = humanize(issue.message, got);
    const example = EXAMPLES[name];
    return `${name} ${what}${example && !what.includes(example) ? ` (example: ${name}=${example})` : ''}`;
  });
  throw new ConfigError(problems);
}
