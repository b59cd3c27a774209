import { reopenAfterAutoReply } from '../autoreply/step.js';
import { detectLanguage } from '../language/detect.js';
import type { Analysis } from '../model/provider.js';
import { unsupportedReferences } from '../triage/draft-check.js';
import { articleUrls, draftArticles, knowledgeSummary, retrieveForDraft } from '../knowledge/index.js';
import { draftNoteFor, postNotes, recordJob } from './apply.js';
import { loadConversation, publicThread, textOf } from './conversation-context.js';
import { DeferJob, type JobDeps } from './deps.js';
import { heldForBot } from './bot-hold.js';
import { jobKey, type ClaimedJob, type JobRow } from './queue.js';
import { capForModel, capThread, draftReply, StepRunner, totalUsage } from './steps.js';

const PLACEHOLDER_ANALYSIS: Analysis = {
  translation: null,
  category: 'other',
  priority: 'medium',
  confidence: 0,
  summary: 'Follow-up message',
};

/**
 * A later customer message: load → draft (with the offline fallback) → post note → record. The same steps as
 * the triage, no enrichment note, no labels. The ticket's first message is folded into the full triage instead.
 * A follow-up never fails a triaged conversation: on its last attempt an unreachable model falls back too.
 */
export async function runFollowUp(job: ClaimedJob, deps: JobDeps): Promise<void> {
  const triage = await triageOf(job, deps);
  if (triage === 'skip') return;
  const messageId = Number(job.message_id);
  const run = new StepRunner(job, deps);
  const ctx = await run.timed('load', () => loadConversation(deps.chatwoot, job.conversation_id));
  if (await heldForBot(deps, job, ctx)) return;
  const message = ctx.customerMessages.find((m) => m.id === messageId);
  if (!message) {
    deps.logger.info({ conversationId: job.conversation_id }, 'follow-up message no longer exists');
    return;
  }
  if (await run.timed('reopen', () => reopenAfterAutoReply(deps.chatwoot, ctx.conversation))) {
    deps.logger.info({ conversationId: job.conversation_id }, 'customer answered an auto-reply: conversation reopened for the agents');
  }
  const latest = capForModel(textOf(message), deps.modelInputMaxChars);
  const earlier = ctx.customerMessages.filter((m) => m.id !== messageId).map((m) => textOf(m));
  // A short message ("Merci !", "👍") takes its language from the subject, the thread and the triage's language.
  const detected = detectLanguage(latest.text, { subject: ctx.subject, thread: earlier, previous: triage?.language }).language;
  const language = detected === 'unknown' ? (triage?.language ?? 'unknown') : detected;
  const thread = capThread(publicThread(ctx), deps.modelInputMaxChars);
  const lastChance = job.attempts >= job.max_attempts;
  const knowledge = await run.step('retrieve', () =>
    retrieveForDraft(deps.knowledge, { subject: null, text: latest.text, language, translation: null }, deps.logger),
  );
  const draft = await run.step('draft', () =>
    draftReply(
      deps,
      { language, customerText: latest.text, subject: ctx.subject, analysis: triage?.analysis ?? PLACEHOLDER_ANALYSIS, customerFacts: '', contactName: ctx.contactName, plan: null, thread, articles: draftArticles(knowledge) },
      { whenUnavailable: lastChance },
    ),
  );
  const unsupported = unsupportedReferences(draft.value, [...thread.map((m) => m.text), ctx.subject ?? '', ...articleUrls(knowledge)]);
  const notice = [latest.cutNotice, draft.fallbackReason].filter(Boolean).join(' ') || undefined;
  const actions = await run.timed('apply', () =>
    postNotes(deps, ctx, job.key, [
      [
        'draft',
        draftNoteFor(job.key, draft, { language, followUp: true, unsupported, fallbackReason: notice, knowledge }),
      ],
    ]),
  );
  await recordJob(deps, job, {
    messageIds: [messageId],
    customerText: latest.text,
    language,
    analysis: null,
    provider: draft.provider,
    model: draft.model,
    usage: totalUsage([draft]),
    latencyMs: run.latency,
    actions,
    contactEmail: ctx.email,
    draftFlags: unsupported,
  });
  if (knowledge) await deps.records.saveKnowledge(job.key, knowledgeSummary(knowledge, draft.usedArticleIds));
}

/** The conversation's triage record; 'skip' when the triage covered this message or failed (a human owns it). */
async function triageOf(job: JobRow, deps: JobDeps) {
  const triageKey = jobKey({ kind: 'triage', accountId: job.account_id, conversationId: job.conversation_id });
  const triageJob = await deps.queue.findByKey(triageKey);
  if (triageJob && (triageJob.status === 'queued' || triageJob.status === 'running')) {
    throw new DeferJob(1000, 'waiting for the conversation’s triage');
  }
  if (triageJob?.status === 'failed') {
    deps.logger.info({ conversationId: job.conversation_id }, 'follow-up skipped: the triage failed and a human owns it');
    return 'skip' as const;
  }
  const triage = await deps.records.get(triageKey);
  if (triage && triage.lastMessageId !== null && Number(job.message_id) <= triage.lastMessageId) {
    deps.logger.debug({ conversationId: job.conversation_id }, 'message was part of the triage; no follow-up');
    return 'skip' as const;
  }
  return triage;
}
