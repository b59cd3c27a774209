import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file sits at ai-pipeline/{src,dist}/config/). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** Where the user ran npm from (npm sets INIT_CWD; `npm run … --workspace` changes cwd to the workspace). */
export function userCwd(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

/** Resolves a configured relative path against where the user ran the command, then the repo root. */
export function resolveUserPath(path: string): string {
  if (isAbsolute(path)) return path;
  const fromUser = resolve(userCwd(), path);
  if (existsSync(fromUser)) return fromUser;
  const fromRoot = resolve(REPO_ROOT, path);
  return existsSync(fromRoot) ? fromRoot : fromUser;
}

/** Loads `.env` from where the user ran the command, if there is one (real environment variables win). */
export function loadDotEnv(): string | null {
  const file = resolve(userCwd(), '.env');
  if (!existsSync(file)) return null;
  const before = { ...process.env };
  process.loadEnvFile(file);
  Object.assign(process.env, before);
  return file;
}
