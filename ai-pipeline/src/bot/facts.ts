import { LABEL_AUTO_REPLIED, LABEL_NO_AUTO_REPLY } from '../autoreply/decide.js';
import { MESSAGE_TYPE, type RestConversation, type RestMessage } from '../chatwoot/payloads.js';
import type { BotTurnFacts } from './handoff.js';

/**
 * What the chat bot reads from a conversation as Chatwoot has it now (pure): who wrote which public message, how
 * often the bot has answered, and whether the conversation is the bot's to answer (held from the normal triage).
 */

export type SenderKind = 'contact' | 'user' | 'agent_bot' | 'unknown';

/** REST messages name the sender `sender.type` (`contact`, `user`, `agent_bot`) and `sender_type` (`Contact`, `User`, `AgentBot`). */
export function senderKind(m: Pick<RestMessage, 'sender' | 'sender_type'>): SenderKind {
  const t = (m.sender?.type ?? m.sender_type ?? '').toLowerCase().replace('_', '');
  if (t === 'contact') return 'contact';
  if (t === 'user') return 'user';
  if (t === 'agentbot') return 'agent_bot';
  return 'unknown';
}

const isPublicOutgoing = (m: RestMessage) => m.message_type === MESSAGE_TYPE.outgoing && m.private !== true;

/** A person (a Chatwoot user, not a bot) has written a public message in the conversation. */
export function humanReplied(messages: RestMessage[]): boolean {
  return messages.some((m) => isPublicOutgoing(m) && senderKind(m) === 'user');
}

/** Public messages the agent bot has sent (answers and a hand-over message). */
export function botMessages(messages: RestMessage[]): RestMessage[] {
  return messages.filter((m) => isPublicOutgoing(m) && senderKind(m) === 'agent_bot');
}

/** True when a public outgoing message with exactly `content` already follows message `afterId` (a retry must not send twice). */
export function alreadySent(messages: RestMessage[], afterId: number, content: string): boolean {
  return messages.some((m) => m.id > afterId && isPublicOutgoing(m) && (m.content ?? '').trim() === content.trim());
}

/**
 * The facts of a conversation that decide, before any model call, whether the bot may still speak in it
 * (`precheckBotTurn`): its status, assignee, whether a person replied, and the `no-auto-reply` label.
 */
export function turnPrecheckFacts(conversation: RestConversation, messages: RestMessage[], customerText: string): Pick<BotTurnFacts, 'status' | 'assigneeId' | 'humanReplied' | 'noAutoReplyLabel' | 'customerText'> {
  return {
    status: conversation.status ?? null,
    assigneeId: conversation.meta?.assignee?.id ?? null,
    humanReplied: humanReplied(messages),
    noAutoReplyLabel: (conversation.labels ?? []).includes(LABEL_NO_AUTO_REPLY),
    customerText,
  };
}

/**
 * Whether the chat bot holds the conversation (the normal triage waits): the bot is on, the conversation is
 * `pending` (Chatwoot starts conversations of an inbox with an agent bot pending), nobody is assigned, no person
 * has replied, and it carries neither `no-auto-reply` (handed over) nor `ai-auto-replied` (pending after an e-mail
 * auto-reply, which is not the bot's).
 */
export function botHolds(botOn: boolean, conversation: RestConversation, messages: RestMessage[]): boolean {
  if (!botOn || conversation.status !== 'pending') return false;
  if ((conversation.meta?.assignee?.id ?? null) !== null) return false;
  const labels = conversation.labels ?? [];
  if (labels.includes(LABEL_NO_AUTO_REPLY) || labels.includes(LABEL_AUTO_REPLIED)) return false;
  return !humanReplied(messages);
}
