import { z } from 'zod';
import { ChatwootApiError, createChatwootHttp, requestParsed, type ChatwootHttp } from './http.js';

export interface ChatwootTarget {
  baseUrl: string;
  apiToken: string;
  accountId: number;
}

export type ConnectionCheck = { ok: true } | { ok: false; reason: string };

const inboxList = z.looseObject({ payload: z.array(z.looseObject({ id: z.number().int() })) });

/** A transport for the check: one attempt, short timeout (the caller repeats the check on its own schedule). */
export function checkTransport(target: ChatwootTarget, timeoutMs = 5_000): ChatwootHttp {
  return createChatwootHttp({ ...target, timeoutMs, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
}

/**
 * Does Chatwoot answer at CHATWOOT_BASE_URL, accept CHATWOOT_API_TOKEN and know CHATWOOT_ACCOUNT_ID? One
 * account-scoped read (the account's inboxes). A failure names the variable to fix; it never carries
 * Chatwoot's answer body or a low-level error text.
 */
export async function checkChatwootConnection(http: ChatwootHttp, target: Pick<ChatwootTarget, 'baseUrl' | 'accountId'>): Promise<ConnectionCheck> {
  try {
    await requestParsed(http, 'listInboxes', inboxList);
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: describeFailure(e, target) };
  }
}

/** Pure: which setting a failed check points at. */
export function describeFailure(e: unknown, target: Pick<ChatwootTarget, 'baseUrl' | 'accountId'>): string {
  const base = `CHATWOOT_BASE_URL=${safeUrl(target.baseUrl)}`;
  if (e instanceof ChatwootApiError) {
    if (e.status === null) return `Chatwoot is unreachable at ${base} (${/^[A-Z_]+$/.test(e.detail) ? e.detail : 'no answer'})`;
    if (e.status === 401) {
      return `CHATWOOT_API_TOKEN was rejected (401): not a valid access token, or its user is not a member of account CHATWOOT_ACCOUNT_ID=${target.accountId}`;
    }
    if (e.status === 403) return `CHATWOOT_API_TOKEN may not read account CHATWOOT_ACCOUNT_ID=${target.accountId} (403)`;
    if (e.status === 404) return `CHATWOOT_ACCOUNT_ID=${target.accountId} was not found (404) at ${base}`;
    return `Chatwoot answered ${e.status} at ${base}`;
  }
  return `${base} did not answer like Chatwoot (unexpected response shape)`;
}

/** The URL without user info, path or query (never a credential in a log line or a response). */
function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(not a URL)';
  }
}
