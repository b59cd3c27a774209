import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Loads `.env` from where the user ran the command (npm sets INIT_CWD; a workspace script runs elsewhere),
 * if there is one. Real environment variables win over the file, as in the pipeline.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const file = resolve(env.INIT_CWD ?? process.cwd(), '.env');
  if (!existsSync(file)) return null;
  const before = { ...env };
  process.loadEnvFile(file);
  Object.assign(env, before);
  return file;
}
