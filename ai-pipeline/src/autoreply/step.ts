import type { ChatwootClient } from '../chatwoot/client.js';
import { MESSAGE_TYPE, type RestConversation, type RestMessage } from '../chatwoot/payloads.js';
import { hasNote, type ConversationContext } from '../jobs/conversation-context.js';
import type { JobDeps } from '../jobs/deps.js';
import { isSensitive } from '../rules/schema.js';
import type { Decision } from '../triage/decide.js';
import { hasUnsafeMarkup } from '../triage/draft-check.js';
import { autoReplyNote, noteMarker } from '../triage/notes.js';
import { decideAutoReply, LABEL_AUTO_REPLIED, type AutoReplyDecision } from './decide.js';
import { DEFAULT_AUTO_REPLY_COOLDOWN_HOURS } from './schema.js';
import { autoReplyMessage } from './sign-off.js';

/** What the triage hands the auto-reply step (all of it already computed and checkpointed). */
export interface AutoReplyInput {
  jobKey: string;
  ctx: ConversationContext;
  decision: Decision;
  category: string;
  confidence: number;
  language: string;
  draft: string;
  usedArticleIds: string[];
  /** Article URLs the draft used, for the note. */
  articles: string[];
  draftFlags: string[];
  draftFallback: boolean;
}

const AUTO_REPLY_MARKER = /ai-triage ref \S+\/auto-reply_/;

/**
 * The auto-reply step of the triage: decides (autoreply/decide.ts) on the conversation as it is now, then in
 * shadow mode posts a "would have auto-replied" note, in `on` mode sends the draft with the sign-off, labels the
 * conversation ai-auto-replied, sets it pending and posts the "why" note. Idempotent: the note's marker and an
 * identical public message already in the conversation are checked before anything is sent.
 */
export async function runAutoReply(deps: JobDeps, input: AutoReplyInput): Promise<string[]> {
  const mode = deps.autoReply?.mode ?? 'off';
  const config = deps.triage?.current;
  if (mode === 'off' || !config?.autoReply) return [];
  const cid = input.ctx.conversation.id;
  const [fresh, messages] = await Promise.all([deps.chatwoot.getConversation(cid), deps.chatwoot.listMessages(cid)]);
  const now = { ...input.ctx, conversation: fresh, messages };
  const marker = noteMarker(input.jobKey, 'auto-reply');
  if (hasNote(now, marker)) return [];
  const content = autoReplyMessage(input.draft, input.language);
  const alreadySent = messages.some((m) => m.message_type === MESSAGE_TYPE.outgoing && !m.private && m.content === content);
  const decision: AutoReplyDecision = alreadySent
    ? { send: true, why: ['sent by an earlier attempt of this job'] }
    : decideAutoReply({
        settings: config.autoReply,
        category: input.category,
        sensitive: isSensitive(config, input.category),
        confidence: input.confidence,
        inboxId: fresh.inbox_id ?? null,
        usedArticleIds: input.usedArticleIds,
        draftFlags: hasUnsafeMarkup(input.draft) ? [...input.draftFlags, 'markup'] : input.draftFlags,
        draftFallback: input.draftFallback,
        assignedPerson: (fresh.meta?.assignee?.id ?? null) !== null || (input.decision.assign?.agentId ?? null) !== null,
        labels: fresh.labels ?? [],
        customerAutoReply: isAutoReplyConversation(fresh, input.ctx.customerMessages),
        lastAutoReplyAt: lastAutoReplyAt(now),
        now: Date.now(),
        cooldownHours: deps.autoReply?.cooldownHours ?? DEFAULT_AUTO_REPLY_COOLDOWN_HOURS,
        draft: input.draft,
      });
  if (!decision.send) {
    deps.logger.info({ conversationId: cid, reason: decision.reason }, 'no auto-reply');
    return [];
  }
  const note = autoReplyNote({ jobKey: input.jobKey, shadow: mode === 'shadow', why: decision.why, rule: input.decision.rule, articles: input.articles });
  if (mode === 'shadow') {
    await deps.chatwoot.postPrivateNote(cid, note);
    return ['note:auto-reply-shadow'];
  }
  if (!alreadySent) await deps.chatwoot.postReply(cid, content);
  await markAutoReplied(deps.chatwoot, fresh);
  await deps.chatwoot.postPrivateNote(cid, note);
  deps.logger.info({ conversationId: cid, category: input.category, confidence: input.confidence }, 'auto-replied');
  return ['auto-reply', `label:${LABEL_AUTO_REPLIED}`, 'status:pending', 'note:auto-reply'];
}

async function markAutoReplied(chatwoot: ChatwootClient, c: RestConversation): Promise<void> {
  await chatwoot.addLabel(c.id, LABEL_AUTO_REPLIED);
  await chatwoot.setStatus(c.id, 'pending');
}

/** The customer's next message gives an auto-replied, pending conversation back to the agents (status open). */
export async function reopenAfterAutoReply(chatwoot: ChatwootClient, c: RestConversation): Promise<boolean> {
  if (c.status !== 'pending' || !(c.labels ?? []).includes(LABEL_AUTO_REPLIED)) return false;
  await chatwoot.setStatus(c.id, 'open');
  return true;
}

function isAutoReplyConversation(c: RestConversation, customerMessages: RestMessage[]): boolean {
  if (c.additional_attributes?.auto_reply === true) return true;
  return customerMessages.some((m) => (m.content_attributes as { email?: { auto_reply?: unknown } } | null | undefined)?.email?.auto_reply === true);
}

/** When the newest auto-reply (or shadow) note of this conversation was written, in ms; null if none. */
function lastAutoReplyAt(ctx: ConversationContext): number | null {
  const times = ctx.messages
    .filter((m) => m.private === true && typeof m.content === 'string' && AUTO_REPLY_MARKER.test(m.content) && typeof m.created_at === 'number')
    .map((m) => m.created_at! * 1000);
  return times.length > 0 ? Math.max(...times) : null;
}
