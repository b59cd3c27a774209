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

const agentNote = z.object({
  content: z.string().nullish(),
  sender: z.object({ id: z.number().int().nullish(), type: z.string().nullish() }).nullish(),
});

/**
 * A private note by a human agent that starts with `/translate` or `/send` → one translate job keyed by the
 * message. Never customer text (incoming), never bots or contacts; the job also skips the pipeline's own user.
 */
function agentCommand(body: unknown, m: MessageCreatedWebhook, rules: IngressRules, deliveryId?: string): EventDecision | null {
  if (!m.private || m.message_type !== 'outgoing') return null;
  const note = agentNote.safeParse(body);
  if (!note.success || note.data.sender?.type !== 'user' || !parseTranslateCommand(note.data.content)) return null;
  return agentMessageJob(m, rules, 'translate', 'agent translate command', deliveryId);
}

/** One job keyed by an agent's message (a translate command, a reply to compare with the draft), in scope only. */
function agentMessageJob(m: MessageCreatedWebhook, rules: IngressRules, kind: 'translate' | 'outcome', reason: string, deliveryId?: string): EventDecision {
  const scope = outOfScope(rules, m.account.id, m.inbox?.id ?? m.conversation.inbox_id);
  if (scope) return { action: 'ignore', reason: scope };
  return { action: 'enqueue', reason, jobs: [{ kind, accountId: m.account.id, conversationId: m.conversation.id, messageId: m.id, deliveryId }] };
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
      const reply = agentReply(m, body, rules, deliveryId);
      if (reply) return reply;
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
    case 'conversation_updated':
      return correctionCandidate(body, rules, deliveryId);
    default:
      return { action: 'ignore', reason: `event ${envelope.data.event.slice(0, 40)} is not acted on` };
  }
}

// ── Learning from agents (issue 13): an agent's public reply and a person's changes are compared with the triage ──

const userSender = z.object({ sender: z.object({ type: z.literal('user') }) });

/** An agent's public reply becomes an outcome job (keyed by message id), compared with the draft if there was one. */
function agentReply(m: MessageCreatedWebhook, body: unknown, rules: IngressRules, deliveryId?: string): EventDecision | null {
  if (m.message_type !== 'outgoing' || m.private || !userSender.safeParse(body).success) return null;
  return agentMessageJob(m, rules, 'outcome', 'agent reply', deliveryId);
}

/** The fields whose change may be a correction of the triage (Chatwoot's attribute names). */
export const WATCHED_ATTRIBUTES = ['label_list', 'cached_label_list', 'custom_attributes', 'team_id', 'assignee_id', 'priority'] as const;

const conversationUpdatedWebhook = z.object({
  event: z.literal('conversation_updated'),
  id: z.number().int().nonnegative(),
  inbox_id: z.number().int().nonnegative().nullish(),
  account: z.object({ id: z.number().int().nonnegative() }),
  changed_attributes: z.array(z.record(z.string(), z.unknown())).nullish(),
});

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? v.split(',') : []);
const empty = (v: unknown) => v === null || v === undefined || v === '';

/**
 * True when an update takes something away or replaces a value that was already there. The triage only ever adds
 * (labels, its ai_* attributes, a priority/team/agent where none was set), so its own writes never pass this.
 */
export function replacesSomething(name: string, change: unknown): boolean {
  const { previous_value: before, current_value: after } = (change ?? {}) as { previous_value?: unknown; current_value?: unknown };
  if (name === 'label_list' || name === 'cached_label_list') {
    const now = asList(after);
    return asList(before).some((l) => !now.includes(l));
  }
  if (name === 'custom_attributes') {
    const was = (before ?? {}) as Record<string, unknown>;
    const is = (after ?? {}) as Record<string, unknown>;
    return Object.keys(was).some((k) => JSON.stringify(was[k]) !== JSON.stringify(is[k]));
  }
  return !empty(before) && JSON.stringify(before) !== JSON.stringify(after);
}

function correctionCandidate(body: unknown, rules: IngressRules, deliveryId?: string): EventDecision {
  const parsed = conversationUpdatedWebhook.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const c = parsed.data;
  const watched = (c.changed_attributes ?? []).flatMap((entry) => Object.entries(entry)).filter(([k]) => (WATCHED_ATTRIBUTES as readonly string[]).includes(k));
  if (watched.length === 0) return { action: 'ignore', reason: 'conversation update without triage fields' };
  if (!watched.some(([k, change]) => replacesSomething(k, change))) return { action: 'ignore', reason: 'conversation update only adds' };
  const scope = outOfScope(rules, c.account.id, c.inbox_id ?? undefined);
  if (scope) return { action: 'ignore', reason: scope };
  const updatedAt = (c.changed_attributes ?? []).find((e) => 'updated_at' in e)?.updated_at as { current_value?: unknown } | undefined;
  const eventKey = String(updatedAt?.current_value ?? deliveryId ?? 'unknown').slice(0, 64);
  return {
    action: 'enqueue',
    reason: 'conversation update',
    jobs: [{ kind: 'correction', accountId: c.account.id, conversationId: c.id, eventKey, deliveryId }],
  };
}
