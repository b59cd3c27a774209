import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The default account query: a `users(email, plan, created_at)` table. */
export const DEFAULT_ACCOUNT_QUERY =
  'SELECT plan, created_at AS signed_up_at FROM users WHERE lower(email) = lower($1) ORDER BY created_at DESC LIMIT 1';

export interface SentryConfig {
  baseUrl: string;
  authToken: string;
  orgSlug: string;
  projectSlug: string | undefined;
}
export interface PosthogConfig {
  host: string;
  apiKey: string;
  projectId: string;
}
export interface AccountConfig {
  databaseUrl: string;
  query: string;
}
export interface Config {
  port: number;
  token: string;
  sourceTimeoutMs: number;
  cacheTtlSeconds: number;
  logLevel: LogLevel;
  /** null = not configured (all of its variables unset). */
  sentry: SentryConfig | null;
  posthog: PosthogConfig | null;
  account: AccountConfig | null;
  /** Where this service reports its own errors (SENTRY_DSN); null = off. Not the Sentry it reads for agents. */
  errorReporting: { dsn: string; environment: string } | null;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** An example value per variable, quoted in every error message about it. */
const EXAMPLES = {
  ENRICHMENT_PORT: '3200',
  ENRICHMENT_TOKEN: '<random string of 16+ characters, e.g. from `openssl rand -hex 32`>',
  SENTRY_BASE_URL: 'https://sentry.io',
  SENTRY_AUTH_TOKEN: 'sntryu_0123abcd… (a token with event:read, project:read, org:read)',
  SENTRY_ORG_SLUG: 'acme',
  SENTRY_PROJECT_SLUG: 'web-app',
  POSTHOG_HOST: 'https://eu.posthog.com',
  POSTHOG_API_KEY: 'phx_0123abcd… (a personal API key with person:read, session_recording:read)',
  POSTHOG_PROJECT_ID: '12345',
  INTERNAL_DB_URL: 'postgres://readonly:secret@db.internal:5432/product',
  ACCOUNT_QUERY: '@/etc/enrichment/account.sql  or  SELECT plan, created_at AS signed_up_at FROM users WHERE email = $1',
  SOURCE_TIMEOUT_MS: '2000',
  CACHE_TTL_SECONDS: '60',
  LOG_LEVEL: 'info',
  SENTRY_DSN: 'https://<key>@o0.ingest.sentry.io/<project> (where this service reports its own errors)',
  SENTRY_ENVIRONMENT: 'production',
} as const;
type VarName = keyof typeof EXAMPLES;

/** Unset and empty are the same thing for every variable. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, value: z.output<T>) =>
  z.preprocess(blankToUndefined, schema.default(value as never));

const intIn = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));

const slug = z.string().trim().regex(/^[A-Za-z0-9_.-]+$/, 'must be a slug (letters, digits, "-", "_", ".")');

/**
 * Every variable the service reads. The port has its own name (not PORT) because the pipeline and this
 * service read the same `.env` when both run on one host.
 */
const envSchema = z.object({
  ENRICHMENT_PORT: withDefault(intIn(1, 65535), 3200),
  ENRICHMENT_TOKEN: z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'is required (clients send it as "Authorization: Bearer <token>")' })
      .min(16, 'must be at least 16 characters long'),
  ),
  SENTRY_BASE_URL: withDefault(httpUrl, 'https://sentry.io'),
  SENTRY_AUTH_TOKEN: optional(z.string().trim()),
  SENTRY_ORG_SLUG: optional(slug),
  SENTRY_PROJECT_SLUG: optional(slug),
  POSTHOG_HOST: optional(httpUrl),
  POSTHOG_API_KEY: optional(z.string().trim()),
  POSTHOG_PROJECT_ID: optional(z.string().trim().regex(/^\d+$/, 'must be the numeric project id')),
  INTERNAL_DB_URL: optional(
    z.string().trim().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// connection URL'),
  ),
  ACCOUNT_QUERY: optional(z.string()),
  SENTRY_DSN: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) DSN URL' })),
  SENTRY_ENVIRONMENT: withDefault(z.string().trim().max(64, 'must be at most 64 characters'), 'production'),
  SOURCE_TIMEOUT_MS: withDefault(intIn(50, 60_000), 2000),
  CACHE_TTL_SECONDS: withDefault(intIn(0, 86_400), 60),
  LOG_LEVEL: withDefault(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }), 'info'),
});
type Env = z.output<typeof envSchema>;

/** The name of every environment variable the service reads (.env.example must list each one). */
export const ENRICHMENT_ENV_KEYS = Object.keys(envSchema.shape) as VarName[];

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

export type FileReader = (path: string) => string;
const readUtf8: FileReader = (path) => readFileSync(path, 'utf8');

/**
 * Parses the environment once. Every problem becomes one line naming the variable, what is wrong and an
 * example value. A source whose variables are all unset is simply not configured; a half-configured one
 * is an error naming what is missing.
 */
export function parseConfig(env: NodeJS.ProcessEnv, readFile: FileReader = readUtf8): ConfigResult {
  const errors: string[] = [];
  const fail = (name: VarName, problem: string) => errors.push(`${name}: ${problem} (example: ${name}=${EXAMPLES[name]})`);

  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fail(String(issue.path[0]) as VarName, issue.message);
  }

  // Which sources are switched on depends only on which variables are set, so a typo in one value does
  // not hide that another one is missing.
  const isSet = (name: VarName) => blankToUndefined(env[name]) !== undefined;
  // `passive` variables are needed once the source is on but do not switch it on by themselves (a shipped
  // default such as POSTHOG_HOST=https://eu.posthog.com with no key is simply "PostHog not configured").
  const group = (source: string, required: VarName[], optionalVars: VarName[] = [], passive: VarName[] = []): boolean => {
    const set = [...required, ...optionalVars].filter(isSet);
    if (set.length === 0) return false;
    for (const name of [...passive, ...required].filter((n) => !isSet(n))) {
      fail(name, `is missing: ${source} is half-configured (${set.join(', ')} set); set it too, or unset ${set.join(', ')} to turn ${source} off`);
    }
    return true;
  };
  const sentryOn = group('Sentry', ['SENTRY_AUTH_TOKEN', 'SENTRY_ORG_SLUG'], ['SENTRY_PROJECT_SLUG']);
  const posthogOn = group('PostHog', ['POSTHOG_API_KEY', 'POSTHOG_PROJECT_ID'], [], ['POSTHOG_HOST']);
  const accountOn = group('the account source', ['INTERNAL_DB_URL'], ['ACCOUNT_QUERY']);

  let accountQuery = DEFAULT_ACCOUNT_QUERY;
  const rawQuery = env.ACCOUNT_QUERY;
  if (rawQuery !== undefined && rawQuery.trim() !== '') {
    const loaded = loadAccountQuery(rawQuery, readFile);
    if ('error' in loaded) fail('ACCOUNT_QUERY', loaded.error);
    else accountQuery = loaded.query;
  }

  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  const e: Env = parsed.data;
  return {
    ok: true,
    config: {
      port: e.ENRICHMENT_PORT,
      token: e.ENRICHMENT_TOKEN,
      sourceTimeoutMs: e.SOURCE_TIMEOUT_MS,
      cacheTtlSeconds: e.CACHE_TTL_SECONDS,
      logLevel: e.LOG_LEVEL,
      sentry: sentryOn
        ? { baseUrl: e.SENTRY_BASE_URL, authToken: e.SENTRY_AUTH_TOKEN!, orgSlug: e.SENTRY_ORG_SLUG!, projectSlug: e.SENTRY_PROJECT_SLUG }
        : null,
      posthog: posthogOn ? { host: e.POSTHOG_HOST!, apiKey: e.POSTHOG_API_KEY!, projectId: e.POSTHOG_PROJECT_ID! } : null,
      account: accountOn ? { databaseUrl: e.INTERNAL_DB_URL!, query: accountQuery } : null,
      errorReporting: e.SENTRY_DSN ? { dsn: e.SENTRY_DSN, environment: e.SENTRY_ENVIRONMENT } : null,
    },
  };
}

/** Inline SQL, or `@/path/to/file.sql`; must use exactly one parameter, `$1` (the email). */
export function loadAccountQuery(value: string, readFile: FileReader): { query: string } | { error: string } {
  let query = value;
  if (value.startsWith('@')) {
    const path = value.slice(1).trim();
    try {
      query = readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      return { error: `cannot read the SQL file ${path} (${code})` };
    }
  }
  query = query.trim().replace(/;\s*$/, '');
  if (query === '') return { error: 'is empty' };
  const params = new Set([...query.matchAll(/\$(\d+)/g)].map((m) => m[1]));
  if (!params.has('1')) return { error: 'must use the email parameter $1 (e.g. WHERE email = $1)' };
  const others = [...params].filter((p) => p !== '1');
  if (others.length > 0) {
    return { error: `must have exactly one parameter, $1; found also ${others.map((p) => `$${p}`).join(', ')}` };
  }
  return { query };
}
