import type { z } from 'zod';
import { conversationCreatedWebhook, messageCreatedWebhook, webhookEnvelope } from '../chatwoot/payloads.js';
import type { NewJob } from '../jobs/queue.js';

export type EventDecision =
  | { action: 'enqueue'; jobs: NewJob[]; reason: string }
  | { action: 'ignore'; reason: string }
  | { action: 'invalid'; error: string };

export interface IngressRules {
  accountId: number;
  /** Inboxes to triage; undefined = all. */
  inboxIds?: number[];
}

function invalid(error: z.ZodError): EventDecision {
  const first = error.issues[0];
  const path = first?.path.join('.') || '(root)';
  return { action: 'invalid', error: `invalid webhook payload at "${path}": ${first?.message ?? 'invalid'}` };
}

function outOfScope(rules: IngressRules, accountId: number, inboxId: number | undefined): string | null {
  if (accountId !== rules.accountId) return `account ${accountId} is not CHATWOOT_ACCOUNT_ID`;
  if (rules.inboxIds && (inboxId === undefined || !rules.inboxIds.includes(inboxId))) return `inbox ${inboxId ?? '?'} is not in CHATWOOT_INBOX_IDS`;
  return null;
}

/** A customer message as both the webhook and the reconciliation sweep see it. */
export interface CustomerMessageFacts {
  accountId: number;
  inboxId: number | undefined;
  conversationId: number;
  messageId: number;
  messageType: 'incoming' | 'outgoing' | 'activity' | 'template' | 'unknown';
  private: boolean;
  /** The email's or the conversation's auto_reply flag. */
  autoReply: boolean;
}

/**
 * THE rules for a new message, shared by the webhook and the sweep: only a customer's (incoming, public)
 * message in the configured account and inboxes that is not an auto-reply makes jobs — the conversation's
 * triage (a no-op when it exists) and a follow-up for this message (a no-op when the triage covered it).
 */
export function classifyMessage(m: CustomerMessageFacts, rules: IngressRules, deliveryId?: string): EventDecision {
  if (m.messageType !== 'incoming') return { action: 'ignore', reason: `${m.messageType} message` };
  if (m.private) return { action: 'ignore', reason: 'private note' };
  const scope = outOfScope(rules, m.accountId, m.inboxId);
  if (scope) return { action: 'ignore', reason: scope };
  if (m.autoReply) return { action: 'ignore', reason: 'auto-reply' };
  const base = { accountId: m.accountId, conversationId: m.conversationId, deliveryId };
  return {
    action: 'enqueue',
    reason: 'customer message',
    jobs: [
      { kind: 'triage', ...base },
      { kind: 'followup', ...base, messageId: m.messageId },
    ],
  };
}

/**
 * Decides what a verified webhook means: customer input to triage, or something to ignore (our own
 * notes, agents' replies, activity, updates, other inboxes, auto-replies). Pure: no I/O.
 */
export function classifyEvent(body: unknown, rules: IngressRules, deliveryId?: string): EventDecision {
  const envelope = webhookEnvelope.safeParse(body);
  if (!envelope.success) return invalid(envelope.error);

  switch (envelope.data.event) {
    case 'message_created': {
      const parsed = messageCreatedWebhook.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      const m = parsed.data;
      return classifyMessage(
        {
          accountId: m.account.id,
          inboxId: m.inbox?.id ?? m.conversation.inbox_id,
          conversationId: m.conversation.id,
          messageId: m.id,
          messageType: m.message_type,
          private: m.private,
          autoReply: !!(m.content_attributes?.email?.auto_reply || m.conversation.additional_attributes?.auto_reply),
        },
        rules,
        deliveryId,
      );
    }
    case 'conversation_created': {
      const parsed = conversationCreatedWebhook.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      const c = parsed.data;
      const scope = outOfScope(rules, c.account.id, c.inbox_id);
      if (scope) return { action: 'ignore', reason: scope };
      if (c.additional_attributes?.auto_reply) return { action: 'ignore', reason: 'auto-reply' };
      return {
        action: 'enqueue',
        reason: 'new conversation',
        jobs: [{ kind: 'triage', accountId: c.account.id, conversationId: c.id, deliveryId }],
      };
    }
    default:
      return { action: 'ignore', reason: `event ${envelope.data.event.slice(0, 40)} is not acted on` };
  }
}
