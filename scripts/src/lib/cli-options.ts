import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';

/**
 * `node:util` parseArgs has no "flag with an optional value". This inserts the default value after such a
 * flag when the next token is missing or is another flag, e.g. `--write-env --dry-run` → `--write-env .env --dry-run`.
 */
export function withOptionalValues(argv: string[], defaults: Record<string, string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    out.push(arg);
    const fallback = defaults[arg];
    if (fallback !== undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) out.push(fallback);
    }
  }
  return out;
}

/** The process environment over an optional env file (the file never overrides what is already set). */
export function loadEnvironment(envFile: string | undefined, env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const path = envFile ?? (existsSync('.env') ? '.env' : undefined);
  if (!path) return { ...env };
  if (!existsSync(path)) throw new Error(`--env-file: ${path} does not exist`);
  return { ...parseEnv(readFileSync(path, 'utf8')), ...env };
}

const connectionSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://localhost:3000' }),
  apiToken: z.string().min(1, 'is required (an administrator access token: Profile settings → Access token)'),
  accountId: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number({ error: 'is required (a number)' }).int('must be a whole number').positive('must be positive')),
});
export type Connection = z.infer<typeof connectionSchema>;

/** Chatwoot connection from flags, falling back to CHATWOOT_BASE_URL / CHATWOOT_API_TOKEN / CHATWOOT_ACCOUNT_ID. */
export function connectionFrom(
  flags: { 'base-url'?: string; token?: string; 'account-id'?: string },
  env: Record<string, string | undefined>,
): Connection {
  const raw = {
    baseUrl: flags['base-url'] ?? env.CHATWOOT_BASE_URL ?? '',
    apiToken: flags.token ?? env.CHATWOOT_API_TOKEN ?? '',
    accountId: flags['account-id'] ?? env.CHATWOOT_ACCOUNT_ID ?? '',
  };
  const parsed = connectionSchema.safeParse(raw);
  if (parsed.success) return { ...parsed.data, baseUrl: parsed.data.baseUrl.replace(/\/+$/, '').replace(/\/api$/, '') };
  const names: Record<string, string> = {
    baseUrl: '--base-url / CHATWOOT_BASE_URL',
    apiToken: '--token / CHATWOOT_API_TOKEN',
    accountId: '--account-id / CHATWOOT_ACCOUNT_ID',
  };
  throw new Error(parsed.error.issues.map((i) => `${names[String(i.path[0])] ?? String(i.path[0])} ${i.message}`).join('; '));
}

export const CONNECTION_OPTIONS = {
  'base-url': { type: 'string' },
  token: { type: 'string' },
  'account-id': { type: 'string' },
  'env-file': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const CONNECTION_HELP = `Connection (defaults from the environment, then from ./.env if present):
  --base-url URL       Chatwoot base URL, no /api (CHATWOOT_BASE_URL)
  --token TOKEN        an administrator's access token (CHATWOOT_API_TOKEN)
  --account-id N       account id, the number in /app/accounts/N (CHATWOOT_ACCOUNT_ID)
  --env-file PATH      read defaults from this file instead of ./.env`;
