import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

/** Sets KEY=value in env-file text: replaces the first KEY= line (commented-out ones are left alone) or appends. */
export function upsertEnvLine(text: string, key: string, value: string): string {
  const line = `${key}=${value}`;
  const pattern = new RegExp(`^\\s*(export\\s+)?${key}\\s*=.*$`, 'm');
  if (pattern.test(text)) return text.replace(pattern, line);
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  return `${text}${sep}${line}\n`;
}

export function writeEnvValue(path: string, key: string, value: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  writeFileSync(path, upsertEnvLine(text, key, value), { mode: 0o600 });
}

/**
 * DATABASE_URL as the scripts read it (environment or .env): unset or empty is "required", a value that is set but
 * not a postgres:// URL is "must be" (never echoed: it holds the password).
 */
export const databaseUrlSchema = z.url({
  protocol: /^postgres(ql)?$/,
  error: (issue) =>
    issue.input === undefined || issue.input === ''
      ? 'DATABASE_URL is required: a postgres:// URL (environment or .env)'
      : 'DATABASE_URL must be a postgres:// URL (postgres://USER:PASSWORD@HOST:5432/DATABASE)',
});
