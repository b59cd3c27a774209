import type { ChatwootClient } from '../chatwoot/client.js';
import { ChatwootApiError } from '../chatwoot/http.js';
import type { Analysis, Usage } from '../model/provider.js';
import type { AppliedField, Decision } from '../triage/decide.js';
import { groundedDraftNote, noteMarker, type KnowledgeForNote } from '../triage/notes.js';
import { hasNote, sha256, type ConversationContext } from './conversation-context.js';
import type { JobDeps } from './deps.js';
import type { JobRow } from './queue.js';
import type { ProvidedResult } from './steps.js';

/** Posts a note unless one with the same marker is already there; returns the action taken. */
export async function postNoteOnce(chatwoot: ChatwootClient, ctx: ConversationContext, marker: string, content: string): Promise<string | null> {
  if (hasNote(ctx, marker)) return null;
  await chatwoot.postPrivateNote(ctx.conversation.id, content);
  return `note:${marker.split('/').pop()}`;
}

/** The draft note of a job's draft step (triage or follow-up): who wrote it, its flags, its help-center sources. */
export function draftNoteFor(
  jobKey: string,
  draft: ProvidedResult<string> & { usedArticleIds?: string[] },
  o: { language: string; followUp: boolean; unsupported: string[]; fallbackReason?: string; knowledge: KnowledgeForNote | null },
): string {
  return groundedDraftNote({
    jobKey,
    draft: draft.value,
    language: o.language,
    offline: draft.provider === 'offline',
    followUp: o.followUp,
    unsupported: o.unsupported,
    fallbackReason: o.fallbackReason,
    knowledge: o.knowledge,
    usedArticleIds: draft.usedArticleIds ?? [],
  });
}

/** Posts a job's notes in order, each once (by its marker); returns the actions taken. */
export async function postNotes(
  deps: Pick<JobDeps, 'chatwoot' | 'ownUserId'>,
  ctx: ConversationContext,
  jobKey: string,
  notes: [Parameters<typeof noteMarker>[1], string][],
): Promise<string[]> {
  // A marker counts only on a note the pipeline's own Chatwoot user wrote (when Chatwoot tells us who we are).
  const authorId = (await deps.ownUserId?.().catch(() => null)) ?? null;
  const own = authorId === null ? ctx : { ...ctx, authorId };
  const actions: string[] = [];
  for (const [part, content] of notes) {
    const done = await postNoteOnce(deps.chatwoot, own, noteMarker(jobKey, part), content);
    if (done) actions.push(done);
  }
  return actions;
}

export interface JobOutcome {
  messageIds: number[];
  customerText: string;
  language: string;
  analysis: Analysis | null;
  provider: string;
  model: string;
  usage: Usage;
  latencyMs: Record<string, number>;
  actions: string[];
  draftFlags: string[];
  /** Stored only as a hash (erasure requests find the rows by it); purged with the retention window. */
  contactEmail?: string | null;
}

/** The last step of every job: what it saw, decided, spent and did, in triage.records (an upsert: a rerun rewrites it). */
export async function recordJob(deps: Pick<JobDeps, 'records'>, job: JobRow, o: JobOutcome): Promise<void> {
  await deps.records.save({
    jobKey: job.key,
    kind: job.kind === 'followup' ? 'followup' : 'triage',
    accountId: job.account_id,
    conversationId: job.conversation_id,
    messageIds: o.messageIds,
    lastMessageId: o.messageIds.length > 0 ? Math.max(...o.messageIds) : null,
    inputSha256: sha256(o.customerText),
    language: o.language,
    analysis: o.analysis,
    provider: o.provider,
    model: o.model,
    modelCalls: o.usage.calls,
    // Priced differently, so kept apart: uncached input, and what was read from / written to the prompt cache.
    inputTokens: o.usage.inputTokens,
    cacheReadTokens: o.usage.cacheReadTokens ?? 0,
    cacheWriteTokens: o.usage.cacheWriteTokens ?? 0,
    outputTokens: o.usage.outputTokens,
    latencyMs: o.latencyMs,
    actions: o.actions,
    draftFlags: o.draftFlags,
    contactEmail: o.contactEmail,
    error: null,
  });
}

/** One Chatwoot write of the apply step: what it sets, in words for the agents ("the labels"), and the write itself (its actions). */
export interface Write {
  field: AppliedField;
  what: string;
  run: () => Promise<string[]>;
}

/** A write Chatwoot refused: which, its status, and its message as Chatwoot sent it (outside text: sanitise before showing it). */
export interface Refusal {
  field: AppliedField;
  what: string;
  status: number;
  detail: string;
}

/**
 * THE decision of the apply step on a failed write. Pure. A refusal is Chatwoot answering this one write with a 4xx
 * that retrying cannot change (400, 402, 422 other than the flood guard, …): the triage goes on without it and the
 * agents are told. Anything else is not a refusal and stops the job as before: 401/403 (the token check decides
 * whether it waits), 404 (the conversation is gone: fails once), 408/409/425/429, the flood guard's 422, 5xx and no
 * answer (retried), an answer of the wrong shape, a database error.
 */
export function refusalOf(write: Pick<Write, 'field' | 'what'>, err: unknown): Refusal | null {
  if (!(err instanceof ChatwootApiError) || err.status === null || err.retryable) return null;
  const status = err.status;
  if (status < 400 || status >= 500 || status === 401 || status === 403 || status === 404) return null;
  return { field: write.field, what: write.what, status, detail: err.detail };
}

/**
 * Runs writes one after the other. A refused write (refusalOf) is skipped and reported, even when every write is
 * refused: the notes still carry the triage, and a retry (which leaves out what the conversation already has) would
 * otherwise judge "all refused" on a different set of writes than its first attempt. Any other failure stops the rest
 * (the retry redoes only what is missing). Returns the actions and refusals.
 */
export async function applyWrites(writes: Write[]): Promise<{ actions: string[]; refused: Refusal[] }> {
  const actions: string[] = [];
  const refused: Refusal[] = [];
  for (const write of writes) {
    try {
      actions.push(...(await write.run()));
    } catch (err) {
      const refusal = refusalOf(write, err);
      if (!refusal) throw err;
      refused.push(refusal);
    }
  }
  return { actions, refused };
}

/**
 * A decision's writes, each with the action it records, or none when the conversation already has it (so a
 * rerun changes nothing). Team then agent, in that order (two calls: when both keys are sent Chatwoot keeps
 * assignee_id and ignores team_id); one refused does not stop the other.
 */
export function decisionWrites(chatwoot: ChatwootClient, conversationId: number, d: Decision): Write[] {
  const writes: Write[] = [];
  const labels = d.labels;
  if (labels) writes.push({ field: 'labels', what: 'the labels', run: async () => (await chatwoot.setLabels(conversationId, labels), [`labels:${d.addLabels.join(',')}`]) });
  const attributes = d.customAttributes;
  if (attributes) writes.push({ field: 'custom_attributes', what: 'the custom attributes', run: async () => (await chatwoot.setCustomAttributes(conversationId, attributes), ['custom_attributes']) });
  const priority = d.priority;
  if (priority) writes.push({ field: 'priority', what: `the priority (${priority})`, run: async () => (await chatwoot.setPriority(conversationId, priority), [`priority:${priority}`]) });
  const teamId = d.assign?.teamId;
  if (teamId != null) writes.push({ field: 'team', what: 'the team assignment', run: async () => (await chatwoot.assignTeam(conversationId, teamId), [`team:${teamId}`]) });
  const agentId = d.assign?.agentId;
  if (agentId != null) writes.push({ field: 'agent', what: 'the agent assignment', run: async () => (await chatwoot.assignAgent(conversationId, agentId), [`agent:${agentId}`]) });
  return writes;
}
