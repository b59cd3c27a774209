import { detectLanguage } from '../language/detect.js';
import type { Analysis } from '../model/provider.js';
import { unsupportedReferences } from '../triage/draft-check.js';
import { draftNote, noteMarker } from '../triage/notes.js';
import { postNoteOnce } from './apply.js';
import { loadConversation, publicThread, sha256, textOf } from './conversation-context.js';
import { DeferJob, elapsed, type JobDeps } from './deps.js';
import { jobKey, type JobRow } from './queue.js';

const PLACEHOLDER_ANALYSIS: Analysis = {
  translation: null,
  category: 'other',
  priority: 'medium',
  confidence: 0,
  summary: 'Follow-up message',
};

/**
 * A later customer message: one new draft that sees the whole thread. No enrichment note, no labels.
 * The ticket's first message is folded into the full triage instead.
 */
export async function runFollowUp(job: JobRow, deps: JobDeps): Promise<void> {
  const triageKey = jobKey({ kind: 'triage', accountId: job.account_id, conversationId: job.conversation_id });
  const triageJob = await deps.queue.findByKey(triageKey);
  if (triageJob && (triageJob.status === 'queued' || triageJob.status === 'running')) {
    throw new DeferJob(1000, 'waiting for the conversation’s triage');
  }
  if (triageJob?.status === 'failed') {
    deps.logger.info({ conversationId: job.conversation_id }, 'follow-up skipped: the triage failed and a human owns it');
    return;
  }
  const triage = await deps.records.get(triageKey);
  const messageId = Number(job.message_id);
  if (triage && triage.lastMessageId !== null && messageId <= triage.lastMessageId) {
    deps.logger.debug({ conversationId: job.conversation_id }, 'message was part of the triage; no follow-up');
    return;
  }

  const t = performance.now();
  const ctx = await loadConversation(deps.chatwoot, job.conversation_id);
  const message = ctx.customerMessages.find((m) => m.id === messageId);
  if (!message) {
    deps.logger.info({ conversationId: job.conversation_id }, 'follow-up message no longer exists');
    return;
  }
  const latest = textOf(message);
  const thread = publicThread(ctx);
  const earlier = ctx.customerMessages.filter((m) => m.id !== messageId).map((m) => textOf(m));
  const detected = detectLanguage(latest, { subject: ctx.subject, thread: earlier, previous: triage?.language }).language;
  // A message with no language of its own ("👍") is answered in the conversation's language, and labelled so.
  const language = detected === 'unknown' ? (triage?.language ?? 'unknown') : detected;
  const analysis = triage?.analysis ?? PLACEHOLDER_ANALYSIS;
  const { value: draft, usage } = await deps.provider.draft({
    language,
    customerText: latest,
    subject: ctx.subject,
    analysis,
    customerFacts: '',
    contactName: ctx.contactName,
    plan: null,
    thread,
  });
  const unsupported = unsupportedReferences(draft, [...thread.map((m) => m.text), ctx.subject ?? '']);
  const done = await postNoteOnce(
    deps.chatwoot,
    ctx,
    noteMarker(job.key, 'draft'),
    draftNote({ jobKey: job.key, draft, language, offline: deps.provider.kind === 'offline', followUp: true, unsupported }),
  );
  await deps.records.save({
    jobKey: job.key,
    kind: 'followup',
    accountId: job.account_id,
    conversationId: job.conversation_id,
    messageIds: [messageId],
    lastMessageId: messageId,
    inputSha256: sha256(latest),
    language,
    analysis: null,
    provider: deps.provider.kind,
    model: deps.provider.model,
    modelCalls: usage.calls,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    latencyMs: { total: elapsed(t) },
    actions: done ? [done] : [],
    draftFlags: unsupported,
    error: null,
  });
}
