import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ChatwootHttp } from '../chatwoot/http.js';

export type WebhookOutcome = 'accepted' | 'ignored' | 'invalid' | 'rejected' | 'too_large' | 'error';

/**
 * The pipeline's Prometheus metrics, in a registry of its own (several pipelines can share a process in tests).
 * Job and queue figures are read from the database on each scrape, so they are the same on every replica and
 * always match `triage.jobs`; the rest count what this process saw since it started.
 */
export class PipelineMetrics {
  readonly registry = new Registry();
  readonly webhooks = new Counter({ name: 'triage_webhooks_total', help: 'Webhooks answered, by outcome', labelNames: ['outcome'], registers: [this.registry] });
  readonly webhookCommitSeconds = new Histogram({
    name: 'triage_webhook_commit_seconds',
    help: 'How long an accepted webhook waited for its jobs to be committed in Postgres before its 200 (group commit included)',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });
  readonly tickets = new Counter({ name: 'triage_tickets_total', help: 'Tickets triaged, by category and language', labelNames: ['category', 'language'], registers: [this.registry] });
  readonly stepSeconds = new Histogram({
    name: 'triage_step_duration_seconds',
    help: 'Duration of each triage step (load, analyze, draft, apply) and of webhook→notes (total)',
    labelNames: ['step'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  readonly modelCalls = new Counter({ name: 'triage_model_calls_total', help: 'Model calls, by provider and model', labelNames: ['provider', 'model'], registers: [this.registry] });
  readonly modelTokens = new Counter({
    name: 'triage_model_tokens_total',
    help: 'Model tokens, by provider, model and direction (input: uncached, cache_read, cache_write, output)',
    labelNames: ['provider', 'model', 'direction'],
    registers: [this.registry],
  });
  readonly modelCost = new Counter({ name: 'triage_model_cost_usd_total', help: 'Estimated model cost in US dollars (list prices)', labelNames: ['provider', 'model'], registers: [this.registry] });
  readonly chatwootErrors = new Counter({ name: 'triage_chatwoot_errors_total', help: 'Failed Chatwoot API calls (after retries), by route', labelNames: ['route'], registers: [this.registry] });
  readonly enrichmentErrors = new Counter({ name: 'triage_enrichment_errors_total', help: 'Enrichment look-ups that failed, by reason', labelNames: ['reason'], registers: [this.registry] });
  readonly drafts = new Counter({ name: 'triage_drafts_total', help: 'Drafts compared with the agent\'s first reply, by result (used/rewritten)', labelNames: ['result'], registers: [this.registry] });
  readonly corrections = new Counter({ name: 'triage_corrections_total', help: 'Changes people made to what the triage set, by field', labelNames: ['field'], registers: [this.registry] });
  readonly role = new Gauge({ name: 'triage_pipeline_role', help: 'This process\'s PIPELINE_ROLE (all, web or worker), as a label; the value is 1', labelNames: ['role'], registers: [this.registry] });
  /** Registered only by a PIPELINE_ROLE=worker process (`listenerGauge`): a 0 elsewhere would read as a lost connection. */
  private jobListener: Gauge | null = null;
  readonly failures = new Counter({ name: 'triage_jobs_failed_total', help: 'Jobs that ended ai-failed in this process, by kind and error class', labelNames: ['kind', 'error_class'], registers: [this.registry] });

  constructor(pool: pg.Pool) {
    collectDefaultMetrics({ register: this.registry });
    // One pair of queries per scrape, shared by the four gauges (each awaits it before being read); the queued part uses the jobs_ready index.
    let pending: Promise<void> | null = null;
    const refresh = async (): Promise<void> => {
      pending ??= this.readQueue(pool, jobs, retries, depth, oldest).finally(() => {
        pending = null;
      });
      await pending;
    };
    const jobs = new Gauge({ name: 'triage_jobs', help: 'Jobs in the database, by kind and status (done/failed/queued/running)', labelNames: ['kind', 'status'], registers: [this.registry], collect: refresh });
    const retries = new Gauge({ name: 'triage_job_retries', help: 'Attempts beyond the first, summed over the jobs in the database, by kind', labelNames: ['kind'], registers: [this.registry], collect: refresh });
    const depth = new Gauge({ name: 'triage_queue_depth', help: 'Jobs due to run now and not yet claimed', registers: [this.registry], collect: refresh });
    const oldest = new Gauge({ name: 'triage_queue_oldest_age_seconds', help: 'How long the oldest due job has been waiting (0 when none)', registers: [this.registry], collect: refresh });
  }

  /** PIPELINE_ROLE=worker: the gauge its LISTEN connection sets (registered at the first call). */
  listenerGauge(): Gauge {
    this.jobListener ??= new Gauge({
      name: 'triage_job_listener_connected',
      help: 'PIPELINE_ROLE=worker: 1 while LISTEN triage_jobs is in place, 0 while it reconnects (the worker polls every JOB_POLL_MS meanwhile)',
      registers: [this.registry],
    });
    return this.jobListener;
  }

  private async readQueue(pool: pg.Pool, jobs: Gauge<'kind' | 'status'>, retries: Gauge<'kind'>, depth: Gauge, oldest: Gauge): Promise<void> {
    const [byStatus, queue] = await Promise.all([
      pool.query<{ kind: string; status: string; n: string; retries: string }>(
        'SELECT kind, status, count(*) AS n, sum(greatest(attempts - 1, 0)) AS retries FROM triage.jobs GROUP BY kind, status',
      ),
      pool.query<{ n: string; age: number | null }>(
        `SELECT count(*) AS n, extract(epoch FROM now() - min(run_at))::float8 AS age FROM triage.jobs WHERE status = 'queued' AND run_at <= now()`,
      ),
    ]);
    jobs.reset();
    retries.reset();
    const retryByKind = new Map<string, number>();
    for (const r of byStatus.rows) {
      jobs.set({ kind: r.kind, status: r.status }, Number(r.n));
      retryByKind.set(r.kind, (retryByKind.get(r.kind) ?? 0) + Number(r.retries));
    }
    for (const [kind, n] of retryByKind) retries.set({ kind }, n);
    depth.set(Number(queue.rows[0]?.n ?? 0));
    oldest.set(Math.max(0, queue.rows[0]?.age ?? 0));
  }

  /** Wraps the Chatwoot HTTP layer so every call that fails for good is counted by route. */
  countChatwootErrors(http: ChatwootHttp): ChatwootHttp {
    const errors = this.chatwootErrors;
    return {
      accountId: http.accountId,
      async request(route, options) {
        try {
          return await http.request(route, options);
        } catch (e) {
          errors.inc({ route });
          throw e;
        }
      },
    } as ChatwootHttp;
  }
}
