import type { Logger } from 'pino';
import type { ConnectionCheck } from '../chatwoot/connection-check.js';

/** What GET /ready answers: ready only when the database answers and Chatwoot accepted the token and account. */
export interface ReadyReport {
  ready: boolean;
  database: 'ok' | 'unreachable';
  chatwoot: 'ok' | 'checking' | 'failed';
  /**
   * PIPELINE_ROLE=web only: whether some worker process takes the jobs ('stalled': due jobs wait and none runs). Not
   * part of `ready`: a router that sends webhooks only to ready processes must keep sending them (the rows wait safely).
   */
  jobs?: 'ok' | 'stalled' | 'unknown';
  /** With jobs 'stalled': what to do about it. */
  warnings?: string[];
  /** One sentence per failing check, naming the setting to fix; never a driver's or Chatwoot's error text. */
  reasons: string[];
}

export interface ReadinessDeps {
  /** A cheap round trip to the database (SELECT 1); rejects when it is unreachable. */
  pingDatabase: () => Promise<unknown>;
  checkChatwoot: () => Promise<ConnectionCheck>;
  /** PIPELINE_ROLE=web: a sentence when the jobs this process enqueues are not being taken, else null (never fails readiness). */
  checkJobs?: () => Promise<string | null>;
  logger: Logger;
  /** Re-check Chatwoot this often while it passes / while it fails (ms). */
  okIntervalMs?: number;
  failingIntervalMs?: number;
  /** Give up on the database ping after this long (ms). */
  databaseTimeoutMs?: number;
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

/**
 * Readiness of the pipeline: the database on every call (cheap), Chatwoot from a check that runs at start
 * and then in the background (more often while it fails, and again on /ready when the last failure is a
 * few seconds old). A failing check never stops the process; it is logged by name when its result changes.
 */
export class Readiness {
  private last: { result: ConnectionCheck; at: number } | null = null;
  private running: Promise<ConnectionCheck> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private jobsStalled = false;

  constructor(private readonly deps: ReadinessDeps) {}

  /** Runs the Chatwoot check now (one at a time) and logs when its outcome changes. */
  checkChatwoot(): Promise<ConnectionCheck> {
    this.running ??= this.deps
      .checkChatwoot()
      .catch((): ConnectionCheck => ({ ok: false, reason: 'the Chatwoot check failed unexpectedly' }))
      .then((result) => {
        this.record(result);
        return result;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Starts the background re-checks (the first check is the caller's, usually awaited at start-up). */
  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The database alone (one SELECT 1 with a short timeout): what GET /health reports. */
  async database(): Promise<ReadyReport['database']> {
    try {
      await withTimeout(this.deps.pingDatabase(), this.deps.databaseTimeoutMs ?? 3_000);
      return 'ok';
    } catch {
      return 'unreachable';
    }
  }

  async report(): Promise<ReadyReport> {
    const stale = this.last && !this.last.result.ok && Date.now() - this.last.at > 5_000;
    if (!this.last || stale) await withTimeout(this.checkChatwoot(), 6_000).catch(() => undefined);
    const database = await this.database();
    const reasons: string[] = [];
    if (database !== 'ok') reasons.push('the database (DATABASE_URL) does not answer');
    const cw = this.last?.result;
    if (!cw) reasons.push('the Chatwoot check has not finished yet');
    else if (!cw.ok) reasons.push(cw.reason);
    const report: ReadyReport = { ready: reasons.length === 0, database, chatwoot: !cw ? 'checking' : cw.ok ? 'ok' : 'failed', reasons };
    if (this.deps.checkJobs && database === 'ok') Object.assign(report, await this.jobs(this.deps.checkJobs));
    return report;
  }

  private async jobs(check: () => Promise<string | null>): Promise<Pick<ReadyReport, 'jobs' | 'warnings'>> {
    let stalled: string | null;
    try {
      stalled = await withTimeout(check(), this.deps.databaseTimeoutMs ?? 3_000);
    } catch {
      return { jobs: 'unknown' };
    }
    const was = this.jobsStalled;
    this.jobsStalled = stalled !== null;
    if (stalled !== null && !was) this.deps.logger.warn(stalled);
    if (stalled === null && was) this.deps.logger.info('jobs are being taken again');
    return stalled === null ? { jobs: 'ok' } : { jobs: 'stalled', warnings: [stalled] };
  }

  private record(result: ConnectionCheck): void {
    const previous = this.last?.result;
    this.last = { result, at: Date.now() };
    const changed = !previous || previous.ok !== result.ok || (!previous.ok && !result.ok && previous.reason !== result.reason);
    if (!changed) return;
    if (result.ok) this.deps.logger.info('Chatwoot check passed: CHATWOOT_BASE_URL answers, CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID accepted');
    else this.deps.logger.warn({ reason: result.reason }, `not ready: ${result.reason} (retrying in the background)`);
  }

  private schedule(): void {
    if (this.stopped) return;
    const ok = this.last?.result.ok ?? false;
    const delay = ok ? (this.deps.okIntervalMs ?? 60_000) : (this.deps.failingIntervalMs ?? 15_000);
    this.timer = setTimeout(() => {
      void this.checkChatwoot().finally(() => this.schedule());
    }, delay);
    this.timer.unref();
  }
}
