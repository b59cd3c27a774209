import { runAutoReply } from '../autoreply/step.js';
import type { EnrichmentResult } from '../enrichment/client.js';
import type { Analysis } from '../model/provider.js';
import { ticketContext } from '../rules/facts.js';
import { analyzeCustomerText } from '../triage/analyze.js';
import { decide, type AppliedField, type Decision } from '../triage/decide.js';
import { unsupportedReferences } from '../triage/draft-check.js';
import { refusedWritesNote, triageNote } from '../triage/notes.js';
import { articleUrls, draftArticles, knowledgeSummary, retrieveForDraft, usedArticleUrls, type Retrieval } from '../knowledge/index.js';
import { applyWrites, decisionWrites, draftNoteFor, postNotes, recordJob } from './apply.js';
import { currentState, loadConversation, ownTextOf, textOf, type ConversationContext } from './conversation-context.js';
import { DeferJob, type JobDeps } from './deps.js';
import { heldForBot } from './bot-hold.js';
import type { ClaimedJob, JobRow } from './queue.js';
import { isPriority } from '../sla/config.js';
import { capForModel, draftReply, StepRunner, totalUsage, withFallback, type ProvidedResult } from './steps.js';

const MAX_WAITS_FOR_MESSAGE = 12;

/** The analyze step's value: the analysis, who made it, and the exact text and messages it saw. */
interface Analysed extends ProvidedResult<Analysis> {
  language: string;
  customerText: string;
  messageIds: number[];
  cutNotice?: string;
}

/**
 * The full triage of a new ticket: load → analyze ‖ enrich → decide → apply (the triage note, labels, attributes,
 * priority, assignment: what agents see first) → retrieve → draft → draft note → record.
 * Every paid step is checkpointed (StepRunner); every write is idempotent.
 */
export async function runTriage(job: ClaimedJob, deps: JobDeps): Promise<void> {
  const run = new StepRunner(job, deps);
  // A first attempt that has not checkpointed its analysis has written nothing (every write comes after it), so a
  // single-message conversation needs no message list. A reclaimed job (its lease ran out, maybe while an earlier
  // run was still writing) counts a second attempt and lists every message for the marker checks.
  const firstRun = job.attempts <= 1 && !Object.hasOwn(run.checkpoint.steps ?? {}, 'analyze');
  // A first attempt may decide on the webhook's copy of the conversation (jobs/snapshots.ts): no read at all. Not a
  // triage the chat bot gave back: a copy would show the chat as it was while the bot held it.
  const firstLook = firstRun && run.checkpoint.givenBack !== true;
  const snapshot = firstLook ? (deps.snapshots?.take(job.account_id, job.conversation_id) ?? null) : null;
  const ctx = await run.timed('load', () => loadConversation(deps.chatwoot, job.conversation_id, { trustOnlyMessage: firstRun, snapshot }));
  if (ctx.customerMessages.length === 0) return waitForFirstMessage(run, job, deps);
  if (await heldForBot(deps, job, ctx, run)) return;
  const [analysed, enrichment] = await Promise.all([
    run.step('analyze', () => analyzeStep(deps, ctx)),
    run.step('enrich', () => deps.enrichment.lookup(ctx.email)),
  ]);
  const { facts, plan } = plainFacts(enrichment);
  const { actions, decision, refused } = await run.timed('apply', () => decideAndApply(deps, job, ctx, { analysed, enrichment }));
  const knowledge = await run.step('retrieve', () =>
    retrieveForDraft(deps.knowledge, { subject: ctx.subject, text: analysed.customerText, language: analysed.language, translation: analysed.value.translation }, deps.logger),
  );
  const draft = await run.step('draft', () =>
    draftReply(deps, { language: analysed.language, customerText: analysed.customerText, ownText: capForModel(ctx.customerMessages.map((m) => ownTextOf(m, ctx.subject)).join('\n\n'), deps.modelInputMaxChars).text, subject: ctx.subject, analysis: analysed.value, customerFacts: facts, contactName: ctx.contactName, plan, thread: [], articles: draftArticles(knowledge) }),
  );
  const gathered: Gathered = { analysed, enrichment, knowledge, draft, facts };
  const draftFlags = unsupportedReferences(draft.value, draftSources(gathered, ctx));
  actions.push(
    ...(await run.timed('draftNote', () =>
      postNotes(deps, ctx, job.key, [
        ['draft', draftNoteFor(job.key, draft, { language: analysed.language, followUp: false, unsupported: draftFlags, fallbackReason: draft.fallbackReason, knowledge })],
      ]),
    )),
  );
  actions.push(
    ...(await run.step('autoReply', () =>
      runAutoReply(deps, {
        jobKey: job.key,
        ctx,
        decision,
        category: analysed.value.category,
        confidence: analysed.value.confidence,
        language: analysed.language,
        draft: draft.value,
        usedArticleIds: draft.usedArticleIds ?? [],
        articles: usedArticleUrls(knowledge, draft.usedArticleIds ?? []),
        draftFlags,
        draftFallback: draft.fallbackReason !== undefined || analysed.fallbackReason !== undefined,
      }),
    )),
  );
  const usage = totalUsage([analysed, draft]);
  await recordJob(deps, job, {
    messageIds: analysed.messageIds,
    customerText: analysed.customerText,
    language: analysed.language,
    analysis: analysed.value,
    provider: analysed.provider,
    model: analysed.model,
    usage,
    latencyMs: run.latency,
    actions,
    contactEmail: ctx.email,
    draftFlags,
  });
  if (knowledge) await deps.records.saveKnowledge(job.key, knowledgeSummary(knowledge, draft.usedArticleIds));
  deps.logger.info(
    {
      conversationId: job.conversation_id,
      category: analysed.value.category,
      confidence: analysed.value.confidence,
      language: analysed.language,
      actions,
      tokens: { input: usage.inputTokens, cacheRead: usage.cacheReadTokens ?? 0, cacheWrite: usage.cacheWriteTokens ?? 0, output: usage.outputTokens },
    },
    'triage done',
  );
  await deps.telemetry?.onTriaged(job, { decision, refused, draft: draft.value, enrichment });
}

/** conversation_created can arrive before the first message is committed: wait a little, then give up quietly. */
async function waitForFirstMessage(run: StepRunner, job: JobRow, deps: JobDeps): Promise<void> {
  run.checkpoint.waitsForMessage = (run.checkpoint.waitsForMessage ?? 0) + 1;
  await run.save();
  if (run.checkpoint.waitsForMessage <= MAX_WAITS_FOR_MESSAGE) throw new DeferJob(5000, 'no customer message yet');
  deps.logger.info({ conversationId: job.conversation_id }, 'no customer message to triage; giving up waiting');
}

async function analyzeStep(deps: JobDeps, ctx: ConversationContext): Promise<Analysed> {
  const input = capForModel(ctx.customerMessages.map((m) => textOf(m, ctx.subject)).join('\n\n'), deps.modelInputMaxChars);
  const r = await withFallback(deps, (p) => analyzeCustomerText(p, ctx.subject, input.text).then((a) => ({ value: a, usage: a.usage })));
  return {
    ...r,
    value: r.value.analysis,
    language: r.value.language.language,
    customerText: r.value.customerText,
    messageIds: ctx.customerMessages.map((m) => m.id),
    ...(input.cutNotice ? { cutNotice: input.cutNotice } : {}),
  };
}

/** What the paid and remote steps produced, for the notes and the record. */
interface Gathered {
  analysed: Analysed;
  enrichment: EnrichmentResult;
  knowledge: Retrieval | null;
  draft: ProvidedResult<string> & { usedArticleIds?: string[] };
  facts: string;
}

/**
 * Decides on the conversation as loaded at the start of this attempt (right before the analysis; on a retry with
 * the analysis checkpointed, right before these writes), then posts the triage note and makes the writes one after
 * the other (sent together, one run of the Chatwoot-outage fault test saw webhook deliveries time out: kept safe).
 * A write Chatwoot refuses (applyWrites) does not stop the others or the draft: a short note names it.
 */
async function decideAndApply(
  deps: JobDeps,
  job: JobRow,
  ctx: ConversationContext,
  g: Pick<Gathered, 'analysed' | 'enrichment'>,
): Promise<{ actions: string[]; decision: Decision; refused: AppliedField[] }> {
  const { analysed, enrichment } = g;
  const conversation = ctx.conversation;
  const analysis = analysed.value;
  const language = analysed.language;
  const decision = decide({
    analysis,
    language,
    config: deps.triage?.current,
    routing: deps.routing,
    threshold: deps.threshold,
    context: ticketContext({ customerText: analysed.customerText, conversation, enrichment }),
    current: currentState(conversation),
  });
  const names = decision.assign || decision.suggest ? await deps.directory.names() : { teams: new Map(), agents: new Map() };
  const note = triageNote({
    jobKey: job.key,
    analysis,
    language,
    offline: analysed.provider === 'offline',
    model: analysed.model,
    decision,
    names,
    fallbackReason: [analysed.cutNotice, analysed.fallbackReason].filter(Boolean).join(' ') || undefined,
    rule: decision.rule,
    enrichment,
  });
  const actions = await postNotes(deps, ctx, job.key, [['triage', note]]);
  const writes = decisionWrites(deps.chatwoot, job.conversation_id, decision);
  const slaStarter = deps.slaStarter;
  if (slaStarter) {
    // Starts the SLA clock (native policy or the sidecar's watcher); idempotent, so a retried triage is harmless.
    const priority = isPriority(conversation.priority) ? conversation.priority : analysis.priority;
    writes.push({ field: 'sla', what: 'the SLA', run: async () => [await slaStarter.start(job.account_id, job.conversation_id, priority)].filter((a) => a !== null) });
  }
  const { actions: applied, refused } = await applyWrites(writes);
  actions.push(...applied);
  if (refused.length > 0) {
    // Named once where agents look (a note of its own, once by its marker) and in the log: status and which write only,
    // since Chatwoot's message may echo what was sent (the summary in the attributes).
    deps.logger.warn(
      { conversationId: job.conversation_id, refused: refused.map((r) => ({ write: r.what, status: r.status })) },
      'Chatwoot refused writes of the triage (some or all); the notes go on',
    );
    actions.push(...(await postNotes(deps, ctx, job.key, [['refused', refusedWritesNote(job.key, refused)]])));
  }
  return { actions, decision, refused: refused.map((r) => r.field) };
}

/** Everything a draft may legitimately quote a link or address from. */
function draftSources(g: Gathered, ctx: ConversationContext): string[] {
  return [g.analysed.customerText, ctx.subject ?? '', g.facts, JSON.stringify(g.enrichment), ...articleUrls(g.knowledge)];
}

function plainFacts(e: EnrichmentResult): { facts: string; plan: string | null } {
  if (e.status !== 'ok') return { facts: '', plan: null };
  const { account, sentry } = e.enrichment;
  const facts: string[] = [];
  let plan: string | null = null;
  if (account.status === 'ok') {
    plan = account.data.plan;
    facts.push(`Plan: ${account.data.plan ?? 'unknown'}; signed up: ${account.data.signedUpAt?.slice(0, 10) ?? 'unknown'}`);
  }
  if (sentry.status === 'ok' && sentry.data.issues.length > 0) {
    facts.push(`Recent errors seen for this customer: ${sentry.data.issues.slice(0, 3).map((i) => i.title).join('; ')}`);
  }
  return { facts: facts.join('\n'), plan };
}
