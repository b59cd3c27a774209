import { createHmac } from 'node:crypto';

/** PostHog's distinct_id for a conversation: a keyed hash, so the id cannot be turned back into the conversation without the salt. */
export function conversationDistinctId(salt: string, accountId: number, conversationId: number): string {
  return createHmac('sha256', salt).update(`${accountId}:${conversationId}`).digest('hex').slice(0, 32);
}
