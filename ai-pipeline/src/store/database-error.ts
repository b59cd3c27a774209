import { DATABASE_URL_ENCODING_ADVICE, databaseUrlLooksMisSplit } from '../config/database-url.js';

/** A database name is shown only when it is plainly one (letters, digits, _ . -); anything else may be password. */
const PLAIN_DATABASE_NAME = /^[\w.-]+$/;

/**
 * What start-up says when the database does not answer its first `SELECT 1`: the variable to fix (DATABASE_URL),
 * where it pointed (host, port, database, user — never the password) and the likely fix for the usual causes.
 */
export function describeDatabaseStartError(err: unknown, databaseUrl: string): string {
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  let where = 'DATABASE_URL';
  let user = '';
  let misSplit = false;
  try {
    const u = new URL(databaseUrl);
    if (databaseUrlLooksMisSplit(u)) {
      // Host, port, user and path are all pieces of the password here: show none of them.
      misSplit = true;
      where = `DATABASE_URL (it does not parse as intended: ${DATABASE_URL_ENCODING_ADVICE})`;
    } else {
      user = decodeURIComponent(u.username);
      const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
      const shownDatabase = PLAIN_DATABASE_NAME.test(database) ? `, database "${database}"` : '';
      where = `DATABASE_URL (host ${u.hostname}:${u.port || '5432'}${shownDatabase}${user ? `, user "${user}"` : ''})`;
    }
  } catch {
    // parseConfig only lets a postgres:// URL through; keep the variable's name alone if it still does not parse.
  }
  const ofUser = user ? ` of user "${user}"` : '';
  const known: Record<string, string> = {
    ECONNREFUSED: 'nothing listens there: start Postgres or correct the host and port in DATABASE_URL',
    ENOTFOUND: 'the host name does not resolve: correct the host in DATABASE_URL',
    EAI_AGAIN: 'the host name does not resolve (yet): correct the host in DATABASE_URL or check DNS',
    ETIMEDOUT: 'no answer in time: check the host and port in DATABASE_URL and any firewall in between',
    '28P01': `the password${ofUser} was rejected: correct the password in DATABASE_URL (${DATABASE_URL_ENCODING_ADVICE})`,
    '28000': `${user ? `user "${user}"` : 'that user'} may not log in: correct the user in DATABASE_URL or the server's pg_hba.conf`,
    '3D000': 'that database does not exist: create it or correct the database name in DATABASE_URL',
  };
  // The driver's own message may quote what it read as host or database; when the URL is mis-split that is password.
  const message = typeof e.message === 'string' && e.message ? e.message : 'no answer';
  const shown = misSplit ? 'no answer' : message;
  const reason = code && known[code] ? `${known[code]} (${code})` : /timeout/i.test(message) ? known.ETIMEDOUT : `${shown}${code ? ` (${code})` : ''}`;
  return `the database at ${where}: ${reason}`;
}
