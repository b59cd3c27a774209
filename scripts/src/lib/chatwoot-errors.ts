import { ChatwootApiError } from '../../../ai-pipeline/src/chatwoot/http.js';

/** "Chatwoot answered 422: Title is invalid" / "no answer from Chatwoot (ECONNREFUSED)" / the error's own message. */
export function describeChatwootError(err: unknown): string {
  if (err instanceof ChatwootApiError) {
    if (err.status === null) return `no answer from Chatwoot (${err.detail})`;
    return `Chatwoot answered ${err.status}${err.detail ? `: ${err.detail}` : ''}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Errors after which no further step can succeed: a refused token, Chatwoot unreachable, or (on a list call,
 * which has no id of its own to miss) a 404 that means the account does not exist.
 */
export function fatalHint(err: unknown, baseUrl: string, accountId: number, onListCall: boolean): string | undefined {
  if (!(err instanceof ChatwootApiError)) return undefined;
  if (err.status === 401)
    return `the token was refused (401 ${err.detail}): the token is not an administrator's token, or is wrong. Use the access token of an administrator (Profile settings → Access token).`;
  if (err.status === null) return `cannot reach Chatwoot at ${baseUrl} (${err.detail}). Is it running, and is --base-url right?`;
  if (err.status === 404 && onListCall) return `account ${accountId} was not found at ${baseUrl} (check --account-id / CHATWOOT_ACCOUNT_ID)`;
  return undefined;
}
