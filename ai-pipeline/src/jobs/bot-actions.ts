import { LABEL_NO_AUTO_REPLY } from '../autoreply/decide.js';
import { handoverMessage } from '../bot/handoff.js';
import { alreadySent } from '../bot/facts.js';
import { botNote, botNoteMarker, type BotNotePart } from '../bot/notes.js';
import type { ChatwootClient } from '../chatwoot/client.js';
import { postNoteOnce } from './apply.js';
import { giveTriageBack } from './bot-hold.js';
import type { BotRuntime, Turn } from './bot-reply.js';
import type { ConversationContext } from './conversation-context.js';
import type { JobDeps } from './deps.js';
import type { JobRow } from './queue.js';
import type { StepRunner } from './steps.js';

/** The chat bot's writes to Chatwoot, each idempotent: its messages, its notes, the hand-over. */

/** Posts `content` as the bot unless the same public message already follows the customer's message. */
export async function sendOnce(client: ChatwootClient, ctx: ConversationContext, afterId: number, content: string): Promise<void> {
  if (alreadySent(ctx.messages, afterId, content)) return;
  await client.postReply(ctx.conversation.id, content);
}

export async function botNoteOnce(deps: JobDeps, ctx: ConversationContext, job: JobRow, part: BotNotePart, turn: Turn): Promise<void> {
  const reason = turn.action.kind === 'answer' ? '' : turn.action.reason;
  await postNoteOnce(deps.chatwoot, ctx, botNoteMarker(job.key, part), botNote({ jobKey: job.key, part, reason, ...turn }));
}

/**
 * The hand-over: tell the customer (in their language), open the conversation with the bot's token (Chatwoot's
 * bot_handoff: notifications, reports, auto-assignment), label it no-auto-reply, say why in a note, and give the
 * conversation's triage back so the people get labels, routing and the summary. Each write is idempotent.
 */
export async function handOver(deps: JobDeps, bot: BotRuntime, run: StepRunner, job: JobRow, ctx: ConversationContext, turn: Turn): Promise<void> {
  const cid = job.conversation_id;
  await sendOnce(bot.client, ctx, Number(job.message_id), handoverMessage(turn.language));
  if (ctx.conversation.status !== 'open') await bot.client.setStatus(cid, 'open');
  await deps.chatwoot.addLabel(cid, LABEL_NO_AUTO_REPLY);
  await botNoteOnce(deps, ctx, job, 'handover', turn);
  await run.timed('triage', () => giveTriageBack(deps, job));
}

/** A bot job that failed for good must not leave the customer talking to nobody: open the conversation for people. */
export async function botGaveUp(deps: JobDeps, job: JobRow): Promise<void> {
  await deps.chatwoot.setStatus(job.conversation_id, 'open');
  await deps.chatwoot.addLabel(job.conversation_id, LABEL_NO_AUTO_REPLY);
  await giveTriageBack(deps, job).catch(() => {});
}

