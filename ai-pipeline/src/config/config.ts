import { z } from 'zod';
import { AUTO_REPLY_MODES, DEFAULT_AUTO_REPLY_COOLDOWN_HOURS } from '../autoreply/schema.js';
import { DEFAULT_BOT_MAX_TURNS, DEFAULT_BOT_MIN_CONFIDENCE } from '../bot/handoff.js';
import { databaseUrlSchema } from './database-url.js';
import { DEFAULT_ANTHROPIC_MODEL, DEFAULT_AUTO_ASSIGN_THRESHOLD, DEFAULT_CHATWOOT_TIMEOUT_MS, DEFAULT_PORT } from './defaults.js';
import { PIPELINE_ROLES } from './role.js';

/** Unset and empty (or blank) are the same thing for every variable. */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const httpUrl = (example: string) => z.url({ protocol: /^https?$/, error: `must be an http(s) URL, e.g. ${example}` });
const url = (example: string) => z.preprocess(emptyToUndefined, httpUrl(example));
/** Optional inside the preprocess, so an empty value is "unset" rather than "not a URL". */
const optionalUrl = (example: string) => z.preprocess(emptyToUndefined, httpUrl(example).optional());
/** A whole number written in decimal digits; "acme", "1.5" and "" are rejected with the real reason. */
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
const int = (min: number, max: number, dflt: number) => z.preprocess(emptyToUndefined, wholeNumber(min, max).default(dflt));
/** "true" or "false" (any case); anything else is rejected rather than read as false. */
const bool = (dflt: boolean) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['true', 'false'], { message: 'must be true or false' }))
      .transform((v) => v === 'true')
      .default(dflt),
  );

/**
 * Every variable the pipeline reads, one field each. Fields are checked independently; the rules that
 * involve two variables are in `crossFieldProblems`, so one run reports every problem at once.
 */
const fields = {
  PORT: int(0, 65535, DEFAULT_PORT),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  CHATWOOT_BASE_URL: url('http://chatwoot:3000'),
  /** Required, but its absence alone puts the process in "waiting for configuration" (see loadConfig). */
  CHATWOOT_API_TOKEN: z.preprocess(emptyToUndefined, z.string().min(8, 'looks too short').optional()),
  CHATWOOT_ACCOUNT_ID: z.preprocess(emptyToUndefined, z.string({ error: 'is required' }).pipe(wholeNumber(1, Number.MAX_SAFE_INTEGER))),
  CHATWOOT_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  CHATWOOT_INBOX_IDS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be a comma-separated list of inbox ids')
      .transform((s) => s.split(',').map((x) => Number(x.trim())))
      .optional(),
  ),
  /** One Chatwoot call of the jobs (each of its retries waits as long); a slow self-hosted Chatwoot may need more. */
  CHATWOOT_TIMEOUT_MS: int(1000, 120_000, DEFAULT_CHATWOOT_TIMEOUT_MS),
  WEBHOOK_URL_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  WEBHOOK_MAX_BODY_BYTES: int(1024, 50 * 1024 * 1024, 1024 * 1024),
  WEBHOOK_MAX_AGE_SECONDS: int(10, 86_400, 300),
  // A value that is set but wrong must not read "is required"; the value itself is never shown (it holds the password).
  DATABASE_URL: z.preprocess(emptyToUndefined, databaseUrlSchema()),
  ENRICHMENT_SERVICE_URL: optionalUrl('http://enrichment-service:3200'),
  ENRICHMENT_TOKEN: optionalString,
  ENRICHMENT_TIMEOUT_MS: int(100, 60_000, 3000),
  MODEL_PROVIDER: z.preprocess(emptyToUndefined, z.enum(['auto', 'anthropic', 'offline']).default('auto')),
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalUrl('https://api.anthropic.com'),
  ANTHROPIC_MODEL: z.preprocess(emptyToUndefined, z.string().default(DEFAULT_ANTHROPIC_MODEL)),
  ANTHROPIC_MAX_RETRIES: int(0, 10, 3),
  ANTHROPIC_TIMEOUT_MS: int(1000, 600_000, 60_000),
  TICKETS_DIR: z.preprocess(emptyToUndefined, z.string().default('tickets')),
  ROUTING_CONFIG: optionalString,
  TRIAGE_CONFIG: optionalString,
  AUTO_ASSIGN_THRESHOLD: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(1).default(DEFAULT_AUTO_ASSIGN_THRESHOLD)),
  PIPELINE_ROLE: z.preprocess(emptyToUndefined, z.enum(PIPELINE_ROLES).default('all')),
  WORKER_CONCURRENCY: int(1, 256, 32),
  WORKER_ADAPTIVE: bool(true),
  OFFLINE_MODEL_THREAD: bool(true),
  /** V8's old-generation growing factor, 1 + n/100 (main.ts); 0 leaves V8's own (up to 4×, more garbage kept). */
  HEAP_GROWING_PERCENT: int(0, 300, 20),
  JOB_MAX_ATTEMPTS: int(1, 50, 6),
  JOB_LEASE_SECONDS: int(2, 3600, 60),
  JOB_POLL_MS: int(20, 60_000, 500),
  JOB_RETRY_BASE_MS: int(10, 600_000, 2000),
  SWEEP_INTERVAL_SECONDS: int(0, 86_400, 300),
  DATA_RETENTION_DAYS: int(1, 3650, 30),
  SIDEBAR_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  SIDEBAR_ALLOWED_ORIGIN: optionalUrl('https://chatwoot.example.com'),
  MODEL_INPUT_MAX_CHARS: int(1000, 1_000_000, 20_000),
  // Auto-reply (ai-pipeline/src/autoreply): what to do when TRIAGE_CONFIG's auto_reply section allows a direct answer.
  AUTO_REPLY_MODE: z.preprocess(emptyToUndefined, z.enum(AUTO_REPLY_MODES).default('off')),
  AUTO_REPLY_COOLDOWN_HOURS: int(0, 8760, DEFAULT_AUTO_REPLY_COOLDOWN_HOURS),
  // Chat bot (ai-pipeline/src/bot, POST /bot): off unless BOT_WEBHOOK_SECRET and BOT_ACCESS_TOKEN are both set.
  BOT_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  BOT_ACCESS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(8, 'looks too short').optional()),
  BOT_MAX_TURNS: int(1, 50, DEFAULT_BOT_MAX_TURNS),
  BOT_MIN_CONFIDENCE: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(1).default(DEFAULT_BOT_MIN_CONFIDENCE)),
  // Telemetry (ai-pipeline/src/telemetry): all off when unset.
  SENTRY_DSN: optionalUrl('https://<key>@o0.ingest.sentry.io/<project>'),
  SENTRY_ENVIRONMENT: z.preprocess(emptyToUndefined, z.string().max(64).default('production')),
  POSTHOG_PROJECT_API_KEY: optionalString,
  POSTHOG_CAPTURE_HOST: z.preprocess(emptyToUndefined, httpUrl('https://eu.i.posthog.com').default('https://us.i.posthog.com')),
  TELEMETRY_SALT: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  // Help center (ai-pipeline/src/knowledge): off unless HELP_CENTER_PORTAL or KNOWLEDGE_DIR is set.
  HELP_CENTER_PORTAL: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'must be a portal slug (letters, digits, - or _)').optional(),
  ),
  HELP_CENTER_SYNC_SECONDS: int(10, 86_400, 600),
  HELP_CENTER_BASE_URL: optionalUrl('https://help.example.com'),
  KNOWLEDGE_DIR: optionalString,
  KNOWLEDGE_MIN_SCORE: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(1).default(0.42)),
  // /translate and /send on agents' private notes (ai-pipeline/src/translate).
  ALLOW_TRANSLATE_SEND: z.preprocess(
    emptyToUndefined,
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').transform((v) => v === 'true'),
  ),
  // POST /ingest (ai-pipeline/src/ingest): off unless INGEST_TOKEN and INGEST_INBOX_ID are set.
  INGEST_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  INGEST_INBOX_ID: z.preprocess(emptyToUndefined, z.string().pipe(wholeNumber(1, Number.MAX_SAFE_INTEGER)).optional()),
  INGEST_RATE_PER_MINUTE: int(1, 100_000, 60),
  INGEST_MAX_BODY_BYTES: int(1024, 10 * 1024 * 1024, 256 * 1024),
};
const envSchema = z.object(fields);

/** The name of every environment variable the pipeline reads (.env.example must list each one). */
export const PIPELINE_ENV_KEYS = Object.keys(fields) as (keyof typeof fields)[];

type ParsedEnv = z.infer<typeof envSchema>;
export type Config = Omit<ParsedEnv, 'CHATWOOT_API_TOKEN'> & { CHATWOOT_API_TOKEN: string };

const EXAMPLES: Record<string, string> = {
  PORT: '3100',
  CHATWOOT_BASE_URL: 'http://chatwoot:3000',
  CHATWOOT_API_TOKEN: 'a1b2c3d4e5f6g7h8i9j0',
  CHATWOOT_ACCOUNT_ID: '1',
  CHATWOOT_WEBHOOK_SECRET: '<secret printed by scripts/bootstrap-chatwoot>',
  CHATWOOT_INBOX_IDS: '3,7',
  CHATWOOT_TIMEOUT_MS: '30000',
  WEBHOOK_URL_TOKEN: '<32 random characters>',
  DATABASE_URL: 'postgres://triage:secret@postgres:5432/chatwoot',
  ENRICHMENT_SERVICE_URL: 'http://enrichment-service:3200',
  ENRICHMENT_TOKEN: '<same value as the enrichment service>',
  MODEL_PROVIDER: 'auto',
  ANTHROPIC_API_KEY: 'sk-ant-...',
  ANTHROPIC_BASE_URL: 'https://api.anthropic.com',
  AUTO_ASSIGN_THRESHOLD: '0.8',
  TRIAGE_CONFIG: 'chatwoot-config/triage.example.yaml',
  PIPELINE_ROLE: 'web',
  WORKER_CONCURRENCY: '32',
  LOG_LEVEL: 'info',
  DATA_RETENTION_DAYS: '30',
  SIDEBAR_TOKEN: '<32 random characters, not ENRICHMENT_TOKEN>',
  SIDEBAR_ALLOWED_ORIGIN: 'https://chatwoot.example.com',
  SENTRY_DSN: 'https://<key>@o0.ingest.sentry.io/<project>',
  POSTHOG_PROJECT_API_KEY: 'phc_...',
  POSTHOG_CAPTURE_HOST: 'https://eu.i.posthog.com',
  TELEMETRY_SALT: '<32 random characters>',
  METRICS_TOKEN: '<32 random characters>',
  HELP_CENTER_PORTAL: 'help',
  HELP_CENTER_BASE_URL: 'https://help.example.com',
  KNOWLEDGE_MIN_SCORE: '0.42',
  BOT_WEBHOOK_SECRET: '<the agent bot\'s secret, printed by scripts/bootstrap-chatwoot --agent-bot>',
  BOT_ACCESS_TOKEN: '<the agent bot\'s access token, printed by scripts/bootstrap-chatwoot --agent-bot>',
  BOT_MIN_CONFIDENCE: '0.6',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** One problem with one variable. `awaitable`: the operator fills it in during setup; the process waits for it. */
interface Problem {
  name: string;
  message: string;
  awaitable?: boolean;
}

/** The variables whose absence means "setup is not finished yet" rather than "misconfigured". */
export const AWAITED_VARIABLES = ['CHATWOOT_API_TOKEN', 'CHATWOOT_WEBHOOK_SECRET'] as const;

function humanize(message: string, got: string | undefined): string {
  if (got === undefined || got.trim() === '') {
    return /^Invalid input/.test(message) ? 'is required' : /^is required/.test(message) ? message : `is required: it ${message}`;
  }
  const shown = JSON.stringify(got.length > 40 ? `${got.slice(0, 40)}…` : got);
  if (/^must be (a whole number|at least -?\d+|at most -?\d+)$/.test(message)) return `${message}, got ${shown}`;
  return message
    .replace(/^Invalid input: expected (number|int), received NaN$/, `must be a number, got ${shown}`)
    .replace(/^Invalid option: expected one of (.*)$/, `must be one of $1, got ${shown}`)
    .replace(/^Too big: expected number to be <=?(.*)$/, `must be at most $1, got ${shown}`)
    .replace(/^Too small: expected number to be >=?(.*)$/, `must be at least $1, got ${shown}`);
}

const isSet = (env: NodeJS.ProcessEnv, name: string) => emptyToUndefined(env[name]) !== undefined;

/** Rules between variables, judged on what is set, so they are reported together with the field problems. */
function crossFieldProblems(env: NodeJS.ProcessEnv): Problem[] {
  const problems: Problem[] = [];
  if (!isSet(env, 'CHATWOOT_API_TOKEN')) {
    problems.push({
      name: 'CHATWOOT_API_TOKEN',
      message: 'is required (an administrator access token: Chatwoot → Profile settings → Access Token)',
      awaitable: true,
    });
  }
  // A PIPELINE_ROLE=worker process takes no webhooks, so it needs neither (compose does not give it them).
  if (!isSet(env, 'CHATWOOT_WEBHOOK_SECRET') && !isSet(env, 'WEBHOOK_URL_TOKEN') && env.PIPELINE_ROLE?.trim() !== 'worker') {
    problems.push({
      name: 'CHATWOOT_WEBHOOK_SECRET',
      message: 'is required (scripts/bootstrap-chatwoot --write-env .env writes it; or set WEBHOOK_URL_TOKEN for Chatwoot < 4.11.2, which does not sign webhooks)',
      awaitable: true,
    });
  }
  if (env.MODEL_PROVIDER?.trim() === 'anthropic' && !isSet(env, 'ANTHROPIC_API_KEY')) {
    problems.push({ name: 'ANTHROPIC_API_KEY', message: 'is required when MODEL_PROVIDER=anthropic' });
  }
  if (isSet(env, 'TRIAGE_CONFIG') && isSet(env, 'ROUTING_CONFIG')) {
    problems.push({ name: 'ROUTING_CONFIG', message: 'must be empty when TRIAGE_CONFIG is set (TRIAGE_CONFIG replaces the routing file; move its routes into rules)' });
  }
  if (isSet(env, 'ENRICHMENT_SERVICE_URL') && !isSet(env, 'ENRICHMENT_TOKEN')) {
    problems.push({ name: 'ENRICHMENT_TOKEN', message: 'is required when ENRICHMENT_SERVICE_URL is set (or empty ENRICHMENT_SERVICE_URL to turn enrichment off)' });
  }
  for (const [set, missing] of [
    ['BOT_WEBHOOK_SECRET', 'BOT_ACCESS_TOKEN'],
    ['BOT_ACCESS_TOKEN', 'BOT_WEBHOOK_SECRET'],
  ] as const) {
    if (isSet(env, set) && !isSet(env, missing)) {
      problems.push({ name: missing, message: `is required when ${set} is set (the chat bot needs both; empty both to turn it off)` });
    }
  }
  return problems;
}

function formatProblem(p: Problem): string {
  const example = EXAMPLES[p.name];
  return `${p.name} ${p.message}${example && !p.message.includes(`e.g. ${example}`) ? ` (example: ${p.name}=${example})` : ''}`;
}

/** Every problem of the environment at once (field and cross-field), in the order the variables are declared. */
function check(env: NodeJS.ProcessEnv): { parsed: ParsedEnv | null; problems: Problem[] } {
  const result = envSchema.safeParse(env);
  const fieldProblems: Problem[] = result.success
    ? []
    : result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '(environment)');
        return { name, message: humanize(issue.message, env[name]) };
      });
  const order = (p: Problem) => {
    const i = (PIPELINE_ENV_KEYS as string[]).indexOf(p.name);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  const problems = [...fieldProblems, ...crossFieldProblems(env)]
    .map((p, i) => ({ p, i }))
    .sort((a, b) => order(a.p) - order(b.p) || a.i - b.i)
    .map(({ p }) => p);
  return { parsed: result.success ? result.data : null, problems };
}

/** Parses the environment; throws ConfigError with one line per problem (variable, what is wrong, an example). */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const { parsed, problems } = check(env);
  if (problems.length > 0 || !parsed) throw new ConfigError(problems.map(formatProblem));
  return parsed as Config;
}

/** What start-up needs when the only gaps are the values an operator fills in during setup. */
export interface WaitingConfig {
  PORT: number;
  LOG_LEVEL: Config['LOG_LEVEL'];
  /** The missing variables, by name (CHATWOOT_API_TOKEN, CHATWOOT_WEBHOOK_SECRET). */
  missing: string[];
  /** One line per missing variable, saying where its value comes from. */
  problems: string[];
}

export type LoadedConfig = { status: 'ready'; config: Config } | { status: 'waiting'; waiting: WaitingConfig };

/**
 * Like parseConfig, but a configuration whose only gaps are CHATWOOT_API_TOKEN and/or CHATWOOT_WEBHOOK_SECRET
 * (not created yet during setup) is "waiting" instead of an error: the process stays up and says what it waits
 * for. Any other problem still throws ConfigError listing every problem.
 */
export function loadConfig(env: NodeJS.ProcessEnv): LoadedConfig {
  const { parsed, problems } = check(env);
  if (problems.length === 0 && parsed) return { status: 'ready', config: parsed as Config };
  if (problems.some((p) => !p.awaitable)) throw new ConfigError(problems.map(formatProblem));
  const settings = envSchema.pick({ PORT: true, LOG_LEVEL: true }).parse(env);
  return {
    status: 'waiting',
    waiting: { ...settings, missing: problems.map((p) => p.name), problems: problems.map(formatProblem) },
  };
}
