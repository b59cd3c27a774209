import { MESSAGE_TYPE, type RestMessage } from '../chatwoot/payloads.js';
import { CORRECTION_WINDOW_DAYS, diffApplied } from '../telemetry/corrections.js';
import { DRAFT_USED_THRESHOLD, textSimilarity } from '../telemetry/similarity.js';
import { currentState, textOf } from './conversation-context.js';
import type { JobDeps } from './deps.js';
import type { JobRow } from './queue.js';

/** Learning from agents: the job kinds that compare what people did with what the triage did. */
export function isFeedbackJob(job: Pick<JobRow, 'kind'>): boolean {
  return job.kind === 'outcome' || job.kind === 'correction';
}

export async function runFeedback(job: JobRow, deps: JobDeps): Promise<void> {
  if (job.kind === 'outcome') await runOutcome(job, deps);
  else await runCorrection(job, deps);
}

const isAgentReply = (m: RestMessage) => m.message_type === MESSAGE_TYPE.outgoing && !m.private && m.sender?.type === 'user';

/**
 * An agent's public reply: when it is the first one after the triage's draft, how much of the draft it kept.
 * Reads only the database until a draft is known to be waiting; stores the outcome once and forgets the draft.
 */
export async function runOutcome(job: JobRow, deps: JobDeps): Promise<void> {
  const telemetry = deps.telemetry;
  const messageId = Number(job.message_id);
  if (!telemetry || !Number.isFinite(messageId)) return;
  const rec = await telemetry.store.forConversation(job.account_id, job.conversation_id);
  if (!rec || rec.draft === null || !rec.notesAt) return;
  if (rec.outcomeMessageId !== null && rec.outcomeMessageId <= messageId) return;

  const messages = await deps.chatwoot.listMessages(job.conversation_id);
  const reply = messages.find((m) => m.id === messageId);
  const draftAt = rec.notesAt.getTime() / 1000;
  const after = (m: RestMessage) => (m.created_at ?? 0) >= Math.floor(draftAt);
  if (!reply || !isAgentReply(reply) || !after(reply)) return;
  if (messages.some((m) => m.id < messageId && isAgentReply(m) && after(m))) return; // an earlier reply is the first one

  const similarity = textSimilarity(textOf(reply), rec.draft);
  const outcome = {
    messageId,
    similarity,
    used: similarity >= DRAFT_USED_THRESHOLD,
    seconds: Math.max(0, Math.round((reply.created_at ?? draftAt) - draftAt)),
  };
  if (await telemetry.store.saveOutcome(rec.jobKey, outcome)) telemetry.onDraftOutcome(rec, outcome);
}

/**
 * A conversation changed: within the window, every field the triage set that now differs is a correction.
 * The triage's own writes leave the state equal to what it recorded, so they never count.
 */
export async function runCorrection(job: JobRow, deps: JobDeps): Promise<void> {
  const telemetry = deps.telemetry;
  if (!telemetry) return;
  const rec = await telemetry.store.forConversation(job.account_id, job.conversation_id);
  if (!rec?.applied || !rec.notesAt) return;
  if (Date.now() - rec.notesAt.getTime() > CORRECTION_WINDOW_DAYS * 86_400_000) return;
  // The triage's own writes all happen before its notes time: their updates need no look at Chatwoot.
  const updatedAt = Date.parse(job.key.split(':').slice(3).join(':'));
  if (Number.isFinite(updatedAt) && updatedAt <= rec.notesAt.getTime()) return;
  const conversation = await deps.chatwoot.getConversation(job.conversation_id);
  const added = await telemetry.store.saveCorrections(rec, diffApplied(rec.applied, currentState(conversation)));
  if (added.length > 0) telemetry.onCorrections(rec, added);
}
