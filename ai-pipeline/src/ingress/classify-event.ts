import { z } from 'zod';
import { conversationCreatedWebhook, messageCreatedWebhook, webhookEnvelope, type MessageCreatedWebhook } from '../chatwoot/payloads.js';
import { parseTranslateCommand } from '../translate/command.js';
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

const agentNote = z.looseObject({
  content: z.string().nullish(),
  sender: z.looseObject({ id: z.number().int().nullish(), type: z.string().nullish() }).nullish(),
});

/**
 * A private note by a human agent that starts with `/translate` or `/send` → one translate job keyed by the
 * message. Never customer text (incoming), never bots or contacts; the job also skips the pipeline's own user.
 */
function agentCommand(body: unknown, m: MessageCreatedWebhook, rules: IngressRules, deliveryId?: string): EventDecision | null {
  if (!m.private || m.message_type !== 'outgoing') return null;
  const note = agentNote.safeParse(body);
  if (!note.success || note.data.sender?.type !== 'user' || !parseTranslateCommand(note.data.content)) return null;
  const scope = outOfScope(rules, m.account.id, m.inbox?.id ?? m.conversation.inbox_id);
  if (scope) return { action: 'ignore', reason: scope };
  return {
    action: 'enqueue',
    reason: 'agent translate command',
    jobs: [{ kind: 'translate', accountId: m.account.id, conversationId: m.conversation.id, messageId: m.id, deliveryId }],
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
      const command = agentCommand(body, m, rules, deliveryId);
      if (command) return command;
      if (m.message_type !== 'incoming') return { action: 'ignore', reason: `${m.message_type} message` };
      if (m.private) return { action: 'ignore', reason: 'private note' };
      const scope = outOfScope(rules, m.account.id, m.inbox?.id ?? m.conversation.inbox_id);
      if (scope) return { action: 'ignore', reason: scope };
      if (m.content_attributes?.email?.auto_reply || m.conversation.additional_attributes?.auto_reply) {
        return { action: 'ignore', reason: 'auto-reply' };
      }
      const base = { accountId: m.account.id, conversationId: m.conversation.id, deliveryId };
      // The triage job is keyed by conversation, so for a new ticket this is the same job conversation_created made;
      // the follow-up job notices when its message was already covered by the triage and does nothing.
      return {
        action: 'enqueue',
        reason: 'customer message',
        jobs: [
          { kind: 'triage', ...base },
          { kind: 'followup', ...base, messageId: m.id },
        ],
      };
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
