/**
 * DATABASE_URL checks shared by the pipeline's configuration, its start-up error and the scripts. The value holds the
 * password, so nothing here ever returns any part of it.
 */

/** What to do when the password holds a character that ends the URL's user-info part early. */
export const DATABASE_URL_ENCODING_ADVICE = 'percent-encode / ? # @ : in the password (%2F %3F %23 %40 %3A)';

/**
 * True when the URL parsed, but not as the operator meant it: an unencoded `/`, `?` or `#` in the password ends the
 * authority early, so the rest of the password (and the real `@host`) lands in the path, query or fragment —
 * `postgres://triage:/s3cret@db/x` parses as host "triage" with path "/s3cret@db/x". An `@` after the host part is
 * the sign; the host and port read then are not real either (the port may be the password's first digits).
 */
export function databaseUrlLooksMisSplit(url: URL): boolean {
  return [url.pathname, url.search, url.hash].some((part) => part.includes('@') || safeDecode(part).includes('@'));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
