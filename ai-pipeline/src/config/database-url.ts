import { z } from 'zod';

/**
 * DATABASE_URL checks shared by the pipeline's configuration, its start-up error and the scripts. The value holds the
 * password, so nothing here ever returns any part of it.
 */

/** What to do when the password holds a character that ends the URL's user-info part early. */
export const DATABASE_URL_ENCODING_ADVICE = 'percent-encode / ? # @ : in the password (%2F %3F %23 %40 %3A), and an @ in a query value as %40';

/**
 * True when the URL parsed, but not as the operator meant it: an unencoded `/`, `?` or `#` in the password ends the
 * authority early, so the rest of the password (and the real `@host`) lands in the path, query or fragment —
 * `postgres://triage:/s3cret@db/x` parses as host "triage" with path "/s3cret@db/x". An `@` after the host part is
 * the sign; the host and port read then are not real either (the port may be the password's first digits).
 */
export function databaseUrlLooksMisSplit(url: URL): boolean {
  // Only a raw @ (the real separator is never encoded): `my%40db` or `?application_name=ops%40eu` are meant so.
  return [url.pathname, url.search, url.hash].some((part) => part.includes('@'));
}

/** A postgres:// URL that parses, but with part of the password in its path, query or fragment. */
function parsesMisSplit(value: string): boolean {
  try {
    return databaseUrlLooksMisSplit(new URL(value));
  } catch {
    return false; // the URL check itself reports a value that does not parse
  }
}

/**
 * DATABASE_URL's one schema, for the pipeline's configuration and the scripts: unset or empty is "is required", a value
 * that is set but wrong is "must be" or "does not parse as intended" — never echoed, it holds the password.
 * `name` starts each message (the pipeline's configuration adds the name itself); `from` says where it is read from.
 */
export function databaseUrlSchema(options: { name?: string; from?: string } = {}) {
  const lead = options.name ? `${options.name} ` : '';
  return z
    .url({
      protocol: /^postgres(ql)?$/,
      error: (issue) =>
        issue.input === undefined || issue.input === ''
          ? `${lead}is required: a postgres:// URL${options.from ? ` (${options.from})` : ''}`
          : // postgres://u:pa?ss@db/x does not parse at all (the port would be "pa"): the same advice applies.
            typeof issue.input === 'string' && /^postgres(ql)?:\/\/.*@/i.test(issue.input)
            ? `${lead}must be a postgres:// URL (postgres://USER:PASSWORD@HOST:5432/DATABASE): ${DATABASE_URL_ENCODING_ADVICE}`
            : `${lead}must be a postgres:// URL (postgres://USER:PASSWORD@HOST:5432/DATABASE)`,
    })
    .refine((v) => !parsesMisSplit(v), { error: `${lead}does not parse as intended (an @ after the host part): ${DATABASE_URL_ENCODING_ADVICE}` });
}
