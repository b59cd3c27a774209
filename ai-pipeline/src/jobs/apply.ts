import type { ChatwootClient } from '../chatwoot/client.js';
import type { Analysis, Usage } from '../model/provider.js';
import type { Decision } from '../triage/decide.js';
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

/** Runs writes one after the other (a failure stops the rest: the retry redoes only what is missing); returns their actions. */
export async function inOrder(writes: (() => Promise<string[]>)[]): Promise<string[]> {
  const done: string[] = [];
  for (const write of writes) done.push(...(await write()));
  return done;
}

/**
 * A decision's writes, each with the action it records, or none when the conversation already has it (so a
 * rerun changes nothing). Team then agent stay in one write, in that order.
 */
export function decisionWrites(chatwoot: ChatwootClient, conversationId: number, d: Decision): (() => Promise<string[]>)[] {
  const writes: (() => Promise<string[]>)[] = [];
  const labels = d.labels;
  if (labels) writes.push(async () => (await chatwoot.setLabels(conversationId, labels), [`labels:${d.addLabels.join(',')}`]));
  const attributes = d.customAttributes;
  if (attributes) writes.push(async () => (await chatwoot.setCustomAttributes(conversationId, attributes), ['custom_attributes']));
  const priority = d.priority;
  if (priority) writes.push(async () => (await chatwoot.setPriority(conversationId, priority), [`priority:${priority}`]));
  const assign = d.assign;
  if (assign && (assign.teamId != null || assign.agentId != null)) {
    // Two calls: when both keys are sent Chatwoot keeps assignee_id and ignores team_id.
    writes.push(async () => {
      const done: string[] = [];
      if (assign.teamId != null) {
        await chatwoot.assignTeam(conversationId, assign.teamId);
        done.push(`team:${assign.teamId}`);
      }
      if (assign.agentId != null) {
        await chatwoot.assignAgent(conversationId, assign.agentId);
        done.push(`agent:${assign.agentId}`);
      }
      return done;
    });
  }
  return writes;
}
