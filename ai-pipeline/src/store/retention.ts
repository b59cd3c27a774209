import type pg from 'pg';
import { runAlone } from './advisory-lock.js';
import type { Logger } from 'pino';

/**
 * Personal data has a lifetime. After `DATA_RETENTION_DAYS` a finished job's checkpoint and a record keep
 * only what statistics need (category, priority, confidence, language, provider, model, tokens, timings,
 * message counts); customer text, translations, summaries, drafts, enrichment data, error texts and the
 * contact hash are deleted. A purged row is marked `purged_at` and never touched again.
 */

/**
 * What a purged checkpoint keeps: the statistics of its steps (jobs/steps.ts keeps each step's value under
 * `steps.<name>`), never a text. Steps other than these (enrichment, retrieval, …) are dropped whole.
 */
function statsOnly(column: string): string {
  const analyze = `${column}->'steps'->'analyze'`;
  const draft = `${column}->'steps'->'draft'`;
  return `jsonb_strip_nulls(jsonb_build_object(
    'language', ${analyze}->'language',
    'analysisProvider', ${analyze}->'provider', 'analysisModel', ${analyze}->'model', 'analysisUsage', ${analyze}->'usage',
    'draftProvider', ${draft}->'provider', 'draftModel', ${draft}->'model', 'draftUsage', ${draft}->'usage',
    'messageIds', ${analyze}->'messageIds', 'latencyMs', ${column}->'latencyMs', 'attempts', ${column}->'attempts',
    'analysis', CASE WHEN jsonb_typeof(${analyze}->'value') = 'object' THEN jsonb_strip_nulls(jsonb_build_object(
      'category', ${analyze}->'value'->'category', 'priority', ${analyze}->'value'->'priority',
      'confidence', ${analyze}->'value'->'confidence')) END))`;
}
const PURGED_ERROR = 'removed after the data retention period';

export interface PurgeResult {
  jobs: number;
  records: number;
}

/** One purge of everything older than `days` days. Idempotent. */
export async function purgeExpired(pool: pg.Pool, days: number): Promise<PurgeResult> {
  const jobs = await pool.query(
    `UPDATE triage.jobs SET checkpoint = ${statsOnly('checkpoint')},
        last_error = CASE WHEN last_error IS NULL THEN NULL ELSE $2 END,
        contact_hash = NULL, purged_at = now()
      WHERE purged_at IS NULL AND status IN ('done', 'failed')
        AND coalesce(finished_at, updated_at) < now() - make_interval(days => $1)`,
    [days, PURGED_ERROR],
  );
  const records = await pool.query(
    `UPDATE triage.records SET
        analysis = CASE WHEN analysis IS NULL THEN NULL ELSE jsonb_strip_nulls(jsonb_build_object(
          'category', analysis->'category', 'priority', analysis->'priority', 'confidence', analysis->'confidence')) END,
        draft_flags = '{}', input_sha256 = NULL,
        error = CASE WHEN error IS NULL THEN NULL ELSE $2 END,
        contact_hash = NULL, purged_at = now()
      WHERE purged_at IS NULL AND created_at < now() - make_interval(days => $1)`,
    [days, PURGED_ERROR],
  );
  return { jobs: jobs.rowCount ?? 0, records: records.rowCount ?? 0 };
}

export interface RetentionOptions {
  days: number;
  /** How often to purge (default hourly). */
  intervalMs?: number;
  logger: Logger;
}

/** Runs `purgeExpired` at start and then periodically; a failing purge (database down) is logged and retried next time. */
export class RetentionPurger {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: RetentionOptions,
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running ??= this.runOnce().finally(() => {
        this.running = null;
      });
    };
    this.timer = setInterval(tick, this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
    setImmediate(tick);
  }

  async runOnce(): Promise<void> {
    try {
      // One purger at a time across the processes on this database (several workers purge the same rows).
      const run = await runAlone(this.pool, 'triage.retention', () => purgeExpired(this.pool, this.options.days));
      if (!run.ran) return;
      const purged = run.value;
      if (purged.jobs + purged.records > 0) this.options.logger.info({ ...purged, days: this.options.days }, 'retention purge');
    } catch (err) {
      this.options.logger.warn({ err: (err as Error).message }, 'retention purge failed; retrying at the next interval');
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
