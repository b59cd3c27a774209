import type { EnrichmentResult } from '../enrichment/client.js';
import { ModelOutputError } from '../model/errors.js';
import { NO_USAGE, addUsage, type Analysis, type ModelProvider, type Usage } from '../model/provider.js';
import { analyzeCustomerText } from '../triage/analyze.js';
import { decide } from '../triage/decide.js';
import { unsupportedReferences } from '../triage/draft-check.js';
import { draftNote, enrichmentNote, noteMarker, triageNote } from '../triage/notes.js';
import { applyDecision, postNoteOnce } from './apply.js';
import { currentState, loadConversation, sha256, textOf } from './conversation-context.js';
import { DeferJob, elapsed, type JobDeps } from './deps.js';
import type { JobRow } from './queue.js';
import { isPriority } from '../sla/config.js';

/** What a triage job keeps between attempts, so a retry or a restart never pays for a model call twice. */
interface TriageCheckpoint {
  analysis?: Analysis;
  analysisProvider?: 'anthropic' | 'offline';
  analysisModel?: string;
  language?: string;
  customerText?: string;
  messageIds?: number[];
  enrichment?: EnrichmentResult;
  draft?: string;
  draftProvider?: 'anthropic' | 'offline';
  fallbackReason?: string;
  usage?: Usage;
  latencyMs?: Record<string, number>;
  waitsForMessage?: number;
}

const MAX_WAITS_FOR_MESSAGE = 12;

/** Runs `call` on the provider; when its output stays invalid, on the fallback (offline) provider instead. */
async function withFallback<T>(deps: JobDeps, call: (p: ModelProvider) => Promise<T>): Promise<{ value: T; provider: ModelProvider; fallbackReason?: string }> {
  try {
    return { value: await call(deps.provider), provider: deps.provider };
  } catch (err) {
    if (!(err instanceof ModelOutputError) || !deps.fallback) throw err;
    return {
      value: await call(deps.fallback),
      provider: deps.fallback,
      fallbackReason: `Claude's answer was unusable (${err.message}); the offline model was used instead.`,
    };
  }
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

/**
 * The full triage of a new ticket: re-fetch → analyze ‖ enrich → draft → decide → apply → record.
 * Every step's result is checkpointed; every write is idempotent.
 */
export async function runTriage(job: JobRow, deps: JobDeps): Promise<void> {
  const cp: TriageCheckpoint = { ...(job.checkpoint as TriageCheckpoint) };
  const latency = { ...(cp.latencyMs ?? {}) };
  const save = async () => deps.queue.saveCheckpoint(job.id, { ...cp, latencyMs: latency });

  let t = performance.now();
  const ctx = await loadConversation(deps.chatwoot, job.conversation_id);
  latency.load = elapsed(t);
  if (ctx.customerMessages.length === 0) {
    // conversation_created can arrive before the first message is committed.
    cp.waitsForMessage = (cp.waitsForMessage ?? 0) + 1;
    await save();
    if (cp.waitsForMessage <= MAX_WAITS_FOR_MESSAGE) throw new DeferJob(5000, 'no customer message yet');
    deps.logger.info({ conversationId: job.conversation_id }, 'no customer message to triage; giving up waiting');
    return;
  }

  if (!cp.analysis || !cp.enrichment) {
    t = performance.now();
    const text = ctx.customerMessages.map((m) => textOf(m)).join('\n\n');
    const [analysed, enrichment] = await Promise.all([
      cp.analysis
        ? null
        : withFallback(deps, (p) => analyzeCustomerText(p, ctx.subject, text)),
      cp.enrichment ? Promise.resolve(cp.enrichment) : deps.enrichment.lookup(ctx.email),
    ]);
    if (analysed) {
      cp.analysis = analysed.value.analysis;
      cp.language = analysed.value.language.language;
      cp.customerText = analysed.value.customerText;
      cp.analysisProvider = analysed.provider.kind;
      cp.analysisModel = analysed.provider.model;
      cp.fallbackReason = analysed.fallbackReason;
      cp.usage = addUsage(cp.usage ?? NO_USAGE, analysed.value.usage);
    }
    cp.enrichment = enrichment;
    cp.messageIds = ctx.customerMessages.map((m) => m.id);
    latency.analyze = elapsed(t);
    await save();
  }
  const analysis = cp.analysis!;
  const language = cp.language ?? 'unknown';
  const customerText = cp.customerText ?? '';
  const { facts, plan } = plainFacts(cp.enrichment);

  if (cp.draft === undefined) {
    t = performance.now();
    const drafted = await withFallback(deps, (p) =>
      p.draft({ language, customerText, subject: ctx.subject, analysis, customerFacts: facts, contactName: ctx.contactName, plan, thread: [] }),
    );
    cp.draft = drafted.value.value;
    cp.draftProvider = drafted.provider.kind;
    cp.fallbackReason ??= drafted.fallbackReason;
    cp.usage = addUsage(cp.usage ?? NO_USAGE, drafted.value.usage);
    latency.draft = elapsed(t);
    await save();
  }

  t = performance.now();
  // Decide on the state as it is now, not as it was before the model calls (an agent may have acted).
  const fresh = await deps.chatwoot.getConversation(job.conversation_id);
  const decision = decide({ analysis, language, routing: deps.routing, threshold: deps.threshold, current: currentState(fresh) });
  const names = decision.assign || decision.suggest ? await deps.directory.names() : { teams: new Map(), agents: new Map() };
  const offline = cp.analysisProvider === 'offline';
  const model = cp.analysisModel ?? deps.provider.model;
  const unsupported = unsupportedReferences(cp.draft, [customerText, ctx.subject ?? '', facts, JSON.stringify(cp.enrichment)]);

  const actions: string[] = [];
  const notes: [Parameters<typeof noteMarker>[1], string][] = [
    ['enrichment', enrichmentNote(cp.enrichment, job.key)],
    [
      'triage',
      triageNote({ jobKey: job.key, analysis, language, offline, model, decision, names, fallbackReason: cp.fallbackReason }),
    ],
    ['draft', draftNote({ jobKey: job.key, draft: cp.draft, language, offline: cp.draftProvider === 'offline', followUp: false, unsupported })],
  ];
  for (const [part, content] of notes) {
    const done = await postNoteOnce(deps.chatwoot, ctx, noteMarker(job.key, part), content);
    if (done) actions.push(done);
  }
  actions.push(...(await applyDecision(deps.chatwoot, job.conversation_id, decision)));
  // Starts the SLA clock (native policy or the sidecar's watcher); idempotent, so a retried triage is harmless.
  const sla = await deps.slaStarter?.start(job.account_id, job.conversation_id, isPriority(fresh.priority) ? fresh.priority : analysis.priority);
  if (sla) actions.push(sla);
  latency.apply = elapsed(t);

  const usage = cp.usage ?? NO_USAGE;
  await deps.records.save({
    jobKey: job.key,
    kind: 'triage',
    accountId: job.account_id,
    conversationId: job.conversation_id,
    messageIds: cp.messageIds ?? [],
    lastMessageId: Math.max(...(cp.messageIds ?? [0])),
    inputSha256: sha256(customerText),
    language,
    analysis,
    provider: cp.analysisProvider ?? deps.provider.kind,
    model,
    modelCalls: usage.calls,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    latencyMs: latency,
    actions,
    draftFlags: unsupported,
    error: null,
  });
  deps.logger.info(
    { conversationId: job.conversation_id, category: analysis.category, confidence: analysis.confidence, language, actions, calls: usage.calls },
    'triage done',
  );
}
