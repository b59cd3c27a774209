import type pg from 'pg';
import type { Logger } from 'pino';
import type { EnrichmentResult } from '../enrichment/client.js';
import type { JobRow } from '../jobs/queue.js';
import type { RecordStore } from '../store/records.js';
import type { AppliedField, Decision } from '../triage/decide.js';
import { appliedState, CORRECTION_WINDOW_DAYS, type Correction } from './corrections.js';
import type { EventMap } from './events.js';
import { conversationDistinctId } from './hash.js';
import { PipelineMetrics } from './metrics.js';
import { EventSink, type PosthogOptions } from './posthog.js';
import { estimateCost } from './pricing.js';
import { errorClass, flushSentry, initSentry, reportJobFailure, type SentryOptions } from './sentry.js';
import { TelemetryStore, type DraftOutcome, type TelemetryRecord } from './store.js';

export interface TelemetryOptions {
  pool: pg.Pool;
  records: RecordStore;
  logger: Logger;
  /** Key of the conversation hash sent to PostHog as distinct_id. */
  salt: string;
  sentry?: SentryOptions | null;
  posthog?: PosthogOptions | null;
}

/** What the triage job hands over when its notes are posted. */
export interface TriagedInfo {
  decision: Decision;
  /** The writes Chatwoot refused (jobs/apply.ts): not applied, so never compared as corrections. */
  refused?: AppliedField[];
  draft: string | undefined;
  enrichment: EnrichmentResult | undefined;
}

/**
 * The one place that knows what the pipeline emits: Sentry error reports, PostHog events, Prometheus metrics,
 * and the draft outcomes and corrections kept with the triage records. Nothing here ever fails or delays a job:
 * every method catches and logs its own errors.
 */
export class Telemetry {
  readonly metrics: PipelineMetrics;
  readonly store: TelemetryStore;
  private readonly events: EventSink | null;
  private readonly sweep: NodeJS.Timeout;

  constructor(private readonly o: TelemetryOptions) {
    this.metrics = new PipelineMetrics(o.pool);
    this.store = new TelemetryStore(o.pool);
    if (o.sentry) initSentry(o.sentry);
    this.events = o.posthog ? new EventSink(o.posthog, o.logger) : null;
    this.sweep = setInterval(() => void this.forgetOldDrafts(), 3600_000);
    this.sweep.unref();
  }

  private emit<E extends keyof EventMap>(accountId: number, conversationId: number, event: E, properties: EventMap[E]): void {
    this.events?.capture(conversationDistinctId(this.o.salt, accountId, conversationId), event, properties);
  }

  private async guard(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.o.logger.warn({ err: (e as Error).message?.slice(0, 300), what }, 'telemetry step failed (the job is not affected)');
    }
  }

  /** After a triage's notes and writes: keep the draft and what was set, count, and send ticket_triaged. */
  async onTriaged(job: JobRow, info: TriagedInfo): Promise<void> {
    await this.guard('ticket_triaged', async () => {
      const rec = await this.o.records.get(job.key);
      if (!rec || !rec.analysis) return;
      const cache = { cacheReadTokens: rec.cacheReadTokens ?? 0, cacheWriteTokens: rec.cacheWriteTokens ?? 0 };
      const cost = rec.model ? estimateCost(rec.model, rec.inputTokens, rec.outputTokens, cache) : null;
      const costUsd = rec.provider === 'offline' ? 0 : cost;
      const times = await this.store.saveTriaged(job.key, { draft: info.draft ?? null, applied: appliedState(info.decision, info.refused), costUsd });
      const seconds = times?.webhookAt ? (times.notesAt.getTime() - times.webhookAt.getTime()) / 1000 : null;

      const m = this.metrics;
      const provider = rec.provider ?? 'unknown';
      const model = rec.model ?? 'unknown';
      m.tickets.inc({ category: rec.analysis.category, language: rec.language ?? 'unknown' });
      m.modelCalls.inc({ provider, model }, rec.modelCalls);
      m.modelTokens.inc({ provider, model, direction: 'input' }, rec.inputTokens);
      if (cache.cacheReadTokens) m.modelTokens.inc({ provider, model, direction: 'cache_read' }, cache.cacheReadTokens);
      if (cache.cacheWriteTokens) m.modelTokens.inc({ provider, model, direction: 'cache_write' }, cache.cacheWriteTokens);
      m.modelTokens.inc({ provider, model, direction: 'output' }, rec.outputTokens);
      if (costUsd !== null) m.modelCost.inc({ provider, model }, costUsd);
      for (const [step, ms] of Object.entries(rec.latencyMs)) m.stepSeconds.observe({ step }, ms / 1000);
      if (seconds !== null) m.stepSeconds.observe({ step: 'webhook_to_notes' }, seconds);
      const enrichment = info.enrichment?.status ?? 'skipped';
      if (enrichment === 'unavailable') m.enrichmentErrors.inc({ reason: 'unavailable' });

      const d = info.decision as Decision & { rule?: unknown };
      this.emit(job.account_id, job.conversation_id, 'ticket_triaged', {
        category: rec.analysis.category,
        priority: rec.analysis.priority ?? null,
        confidence: rec.analysis.confidence ?? null,
        language: rec.language,
        provider: rec.provider,
        model: rec.model,
        model_calls: rec.modelCalls,
        input_tokens: rec.inputTokens,
        cache_read_tokens: cache.cacheReadTokens,
        cache_write_tokens: cache.cacheWriteTokens,
        output_tokens: rec.outputTokens,
        cost_usd: costUsd,
        seconds_webhook_to_notes: seconds,
        assignment: d.assign ? 'assigned' : d.suggest ? 'suggested' : 'none',
        rule: typeof d.rule === 'string' ? d.rule.slice(0, 60) : null,
        enrichment,
      });
    });
  }

  /** A job that ends ai-failed: Sentry (tags: kind, attempts, error class), a metric, and triage_failed. */
  onJobFailed(job: JobRow, err: unknown): void {
    try {
      const cls = errorClass(err);
      this.metrics.failures.inc({ kind: job.kind, error_class: cls });
      reportJobFailure(job, err);
      this.emit(job.account_id, job.conversation_id, 'triage_failed', { job_kind: job.kind, attempts: job.attempts, error_class: cls });
    } catch (e) {
      this.o.logger.warn({ err: (e as Error).message }, 'reporting a failed job failed');
    }
  }

  onDraftOutcome(rec: TelemetryRecord, o: DraftOutcome): void {
    this.metrics.drafts.inc({ result: o.used ? 'used' : 'rewritten' });
    this.emit(rec.accountId, rec.conversationId, 'draft_outcome', {
      category: rec.category,
      language: rec.language,
      similarity: o.similarity,
      outcome: o.used ? 'used' : 'rewritten',
      seconds_draft_to_reply: o.seconds,
    });
  }

  onCorrections(rec: TelemetryRecord, corrections: Correction[]): void {
    const days = rec.notesAt ? Math.round(((Date.now() - rec.notesAt.getTime()) / 86_400_000) * 100) / 100 : 0;
    for (const c of corrections) {
      this.metrics.corrections.inc({ field: c.field });
      this.emit(rec.accountId, rec.conversationId, 'triage_corrected', {
        category: rec.category,
        language: rec.language,
        field: c.field,
        from: c.from,
        to: c.to,
        days_after_triage: days,
      });
    }
  }

  private async forgetOldDrafts(): Promise<void> {
    await this.guard('forget old drafts', async () => {
      await this.store.forgetOldDrafts(CORRECTION_WINDOW_DAYS);
    });
  }

  /** Sends what PostHog and Sentry still hold (bounded by `timeoutMs`). */
  async stop(timeoutMs = 3000): Promise<void> {
    clearInterval(this.sweep);
    await Promise.all([this.events?.shutdown(timeoutMs), flushSentry(timeoutMs)]);
  }
}
