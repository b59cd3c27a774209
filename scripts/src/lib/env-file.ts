import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { databaseUrlSchema as pipelineDatabaseUrlSchema } from '../../../ai-pipeline/src/config/database-url.js';

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
 * DATABASE_URL as the scripts read it (environment or .env): the pipeline's own schema (ai-pipeline/src/config/database-url.ts),
 * with each message naming the variable. The value is never echoed: it holds the password.
 */
export const databaseUrlSchema = pipelineDatabaseUrlSchema({ name: 'DATABASE_URL', from: 'environment or .env' });
