import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRetryable, LeaseLost, retryAfterOf } from '../errors.js';
import { LABEL_FAILED, LABEL_PROCESSED } from '../triage/decide.js';
import { failureNote, noteMarker } from '../triage/notes.js';
import { backoffDelay } from '../util/retry.js';
import { Wakeup } from '../util/wakeup.js';
import { ChatwootApiError, isAccessRefused } from '../chatwoot/http.js';
import { postNoteOnce } from './apply.js';
import { AdaptiveLimit } from './concurrency.js';
import { loadConversation } from './conversation-context.js';
import { DeferJob, type JobDeps } from './deps.js';
import { runFollowUp } from './follow-up.js';
import { isFeedbackJob, runFeedback } from './outcome.js';
import type { ClaimedJob, JobLease } from './queue.js';
import { runTriage } from './triage.js';
import { runSlaWatch } from '../sla/watcher.js';
import { runTranslate } from '../translate/job.js';
import { botGaveUp } from './bot-actions.js';
import { runBotReply } from './bot-reply.js';
import { TokenCheck } from './token-check.js';

export interface WorkerOptions {
  /** Jobs at once: the fixed number, or with `adaptive` the ceiling. */
  concurrency: number;
  /** Start below the ceiling, grow while jobs succeed, halve on 429/529/retry-after (WORKER_ADAPTIVE). */
  adaptive?: boolean;
  pollMs: number;
  leaseSeconds: number;
  retryBaseMs: number;
  retryMaxMs?: number;
}

/**
 * How many refusals of the token a job meets before it fails: it waits after each of the first MAX_ACCESS_WAITS - 1
 * (checkpoint `accessWaits`) and fails at the last. The wait doubles from JOB_RETRY_BASE_MS up to the worker's retry
 * maximum (5 min) with jitter, so the waits last roughly 20 hours — time for an operator to replace the token. The
 * ticket is not lost meanwhile: it keeps its attempts and is triaged at its next wait after the fix.
 */
export const MAX_ACCESS_WAITS = 300;

/** Jobs that fail rather than wait for the token: a chat answered hours later (bot; its hand-over is the better end), an agent's reply sent hours late (translate). */
const NO_ACCESS_WAIT = new Set<ClaimedJob['kind']>(['bot', 'translate']);

function describe(err: unknown): string {
  return (err as Error)?.message?.slice(0, 500) ?? String(err);
}

/** A job this worker runs: its lease and the run's promise (never rejects). */
interface ActiveJob {
  lease: JobLease;
  run: Promise<void>;
}

/**
 * Claims jobs (at most `concurrency` at once), runs them, and settles each: done, retried later with
 * backoff and jitter, deferred, or failed — a failed job leaves the `ai-failed` label and a note.
 * Every write of a running job goes through its lease (JobQueue.fenced): a run whose job another worker took over
 * stops with LeaseLost and settles nothing.
 */
export class Worker {
  readonly id = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly active = new Map<number, ActiveJob>();
  private running = false;
  private loop: Promise<void> | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  /** The loop's sleep between polls, cut short by news: a job enqueued in this process, a run finished, stop(). */
  private readonly wakeup = new Wakeup();
  private readonly limiter: AdaptiveLimit | null;
  /** After a 401/403: does Chatwoot refuse the token itself (wait), or only this conversation (fail)? */
  private readonly tokenCheck: TokenCheck;

  constructor(
    private readonly deps: JobDeps,
    private readonly options: WorkerOptions,
  ) {
    this.limiter = options.adaptive ? new AdaptiveLimit({ ceiling: options.concurrency }) : null;
    this.tokenCheck = new TokenCheck(deps.checkToken ?? (() => deps.chatwoot.checkToken()), {
      onRefused: (e) =>
        deps.logger.error(
          { err: describe(e) },
          'Chatwoot refuses CHATWOOT_API_TOKEN (GET /api/v1/profile): replace it with a valid token of an administrator; jobs refused meanwhile wait without using up attempts',
        ),
    });
  }

  /** How many jobs may run at once right now. */
  get concurrencyLimit(): number {
    return this.limiter?.limit ?? this.options.concurrency;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.deps.queue.events.on('enqueued', this.wake);
    this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(1000, (this.options.leaseSeconds * 1000) / 3));
    this.heartbeat.unref();
    this.loop = this.run();
  }

  /** News of jobs: enqueued in this process, or a NOTIFY from a web process (jobs/job-signal.ts). Claims now, not at the next poll. */
  readonly wake = (): void => this.wakeup.wake();

  /**
   * Extends the leases of the running jobs; a job the heartbeat no longer finds under this worker has a new owner (or
   * was settled meanwhile): its lease is revoked here, so its run throws LeaseLost at its next step or checkpoint
   * (StepRunner) instead of finding out only at its next database write. A flag on the lease rather than an abort of
   * the run's HTTP calls: a Chatwoot write cut off mid-request may or may not have happened, and the run's next
   * boundary comes soon enough. Only the leases sent are revoked: a job claimed again meanwhile keeps its new lease.
   */
  private async renewLeases(): Promise<void> {
    const leases = [...this.active.values()].map((a) => a.lease);
    try {
      const owned = new Set(await this.deps.queue.heartbeat(leases.map((l) => l.jobId), this.id));
      for (const lease of leases) if (!owned.has(lease.jobId)) lease.revoke();
    } catch (e) {
      this.deps.logger.warn({ err: describe(e) }, 'heartbeat failed');
    }
  }

  private async run(): Promise<void> {
    let claimFailures = 0;
    while (this.running) {
      const free = this.concurrencyLimit - this.active.size;
      let claimed: ClaimedJob[] = [];
      if (free > 0) {
        try {
          claimed = await this.deps.queue.claim(free, this.id);
          claimFailures = 0;
        } catch (e) {
          // The database is away: keep polling, less often each time (up to 5 s), until it is back.
          claimFailures += 1;
          this.deps.logger.error({ err: describe(e), failures: claimFailures }, 'claiming jobs failed');
          if (!this.running) break;
          await this.wakeup.wait(backoffDelay({ attempts: Infinity, baseDelayMs: this.options.pollMs, maxDelayMs: 5000 }, Math.min(claimFailures, 10)));
          continue;
        }
      }
      for (const job of claimed) {
        // Claimed again while an earlier run of it is still here (its lease ran out, e.g. the database was away):
        // that run is stale and stops at its next step; the fence on the attempt keeps its writes out meanwhile.
        this.active.get(job.id)?.lease.revoke();
        const run = this.handle(job).finally(() => {
          if (this.active.get(job.id)?.lease === job.lease) this.active.delete(job.id);
          this.wakeup.wake();
        });
        this.active.set(job.id, { lease: job.lease, run });
      }
      if (claimed.length > 0 && claimed.length === free) continue;
      if (!this.running) break;
      await this.wakeup.wait(this.options.pollMs);
    }
  }

  /** Never rejects: a job that cannot be settled (the database is gone) stays leased and comes back when its lease ends. */
  private async handle(job: ClaimedJob): Promise<void> {
    const log = this.deps.logger.child({ job: job.key, attempt: job.attempts });
    let outcome: unknown = null;
    try {
      if (job.kind === 'triage') await runTriage(job, this.deps);
      else if (isFeedbackJob(job)) await runFeedback(job, this.deps);
      else if (job.kind === 'sla') await runSlaWatch(job, this.deps);
      else if (job.kind === 'translate') await runTranslate(job, this.deps);
      else if (job.kind === 'bot') await runBotReply(job, this.deps);
      else await runFollowUp(job, this.deps);
    } catch (err) {
      outcome = err;
    }
    // Another worker runs the job now: nothing to settle (no retry, no fail, no ai-failed note); the new owner does.
    if (outcome instanceof LeaseLost) return this.leaseLost(log);
    if (outcome === null) {
      this.limiter?.onSuccess();
      this.tokenCheck.forget();
    }
    else if (!(outcome instanceof DeferJob)) this.limiter?.onFailure(outcome);
    try {
      await this.settle(job, outcome, log);
    } catch (e) {
      if (e instanceof LeaseLost) this.leaseLost(log);
      else log.error({ err: describe(e) }, 'could not settle the job; it runs again when its lease ends');
    }
  }

  private leaseLost(log: JobDeps['logger']): void {
    log.warn('lease lost; another worker owns the job now');
  }

  private async settle(job: ClaimedJob, err: unknown, log: JobDeps['logger']): Promise<void> {
    if (err === null) {
      await this.deps.queue.complete(job.lease);
      return;
    }
    if (err instanceof DeferJob) {
      await this.deps.queue.retryLater(job.lease, err.delayMs, null, false);
      return;
    }
    let message = describe(err);
    const accessWaits = Number((job.checkpoint as { accessWaits?: unknown } | null)?.accessWaits ?? 0) || 0;
    // A 401/403 waits only while Chatwoot refuses the token itself (the profile check: no answer counts as refused); a
    // token it accepts was refused this conversation or inbox (Pundit answers 401 for that too): the ticket fails now.
    if (isAccessRefused(err) && !NO_ACCESS_WAIT.has(job.kind) && accessWaits + 1 < MAX_ACCESS_WAITS) {
      if ((await this.tokenCheck.verdict()) !== 'accepted') {
        const delay = backoffDelay(
          { attempts: Infinity, baseDelayMs: this.options.retryBaseMs, maxDelayMs: this.options.retryMaxMs ?? 5 * 60_000 },
          Math.min(accessWaits, 20),
        );
        // Warn, one line per job and wait: the error line is the token check's, once a minute at most.
        log.warn(
          { err: message, retryInMs: delay, accessWaits: accessWaits + 1 },
          `Chatwoot refused the API token (HTTP ${err.status}): check CHATWOOT_API_TOKEN (an administrator's token); the job waits without using up an attempt`,
        );
        await this.deps.queue.waitForAccess(job.lease, delay, message);
        return;
      }
      message = `${message} (the token itself works: its user may not access this conversation or inbox)`;
    }
    if (isRetryable(err) && job.attempts < job.max_attempts) {
      const delay = backoffDelay(
        { attempts: job.max_attempts, baseDelayMs: this.options.retryBaseMs, maxDelayMs: this.options.retryMaxMs ?? 5 * 60_000 },
        job.attempts - 1,
        retryAfterOf(err),
      );
      log.warn({ err: message, retryInMs: delay }, 'job failed; will retry');
      await this.deps.queue.retryLater(job.lease, delay, message);
      return;
    }
    log.error({ err: message }, 'job failed for good');
    this.deps.telemetry?.onJobFailed(job, err);
    await this.giveUp(job, message);
  }

  /**
   * Marks the job failed. A failed triage tells the humans (label ai-failed and a note, both idempotent, best
   * effort); a failed follow-up does not: its conversation is triaged already, and nothing asks a human to redo that.
   * The lease is renewed first (LeaseLost when another worker took the job over): no ai-failed note beside its run.
   */
  private async giveUp(job: ClaimedJob, error: string): Promise<void> {
    if (job.kind === 'triage' || job.kind === 'bot') await this.deps.queue.renew(job.lease);
    if (job.kind === 'triage') {
      try {
        const ctx = await loadConversation(this.deps.chatwoot, job.conversation_id);
        await postNoteOnce(this.deps.chatwoot, ctx, noteMarker(job.key, 'failed'), failureNote(job.key, error, job.attempts));
        // A triage that wrote its labels and then failed (a later write failed for good) is not processed: ai-processed goes,
        // so no filter on it shows the conversation as done beside the note asking a human to triage it.
        const labels = ctx.conversation.labels ?? [];
        if (!labels.includes(LABEL_FAILED) || labels.includes(LABEL_PROCESSED)) {
          await this.deps.chatwoot.setLabels(job.conversation_id, [...labels.filter((l) => l !== LABEL_PROCESSED && l !== LABEL_FAILED), LABEL_FAILED]);
        }
      } catch (e) {
        // A conversation deleted in Chatwoot has nowhere to take a note: the job's own failure line says the rest.
        if (e instanceof ChatwootApiError && e.status === 404) this.deps.logger.info({ job: job.key }, 'the conversation no longer exists in Chatwoot: no ai-failed note or label');
        else this.deps.logger.error({ job: job.key, err: describe(e) }, 'could not post the ai-failed label/note');
      }
    }
    if (job.kind === 'bot') await botGaveUp(this.deps, job).catch((e) => this.deps.logger.error({ job: job.key, err: describe(e) }, 'could not hand the chat over'));
    await this.deps.queue.fail(job.lease, error);
  }

  /** Stops taking jobs, waits up to `graceMs` for running ones, then hands the rest back to the queue. */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    this.deps.queue.events.off('enqueued', this.wake);
    this.wakeup.wake();
    await this.loop;
    const pending = Promise.allSettled([...this.active.values()].map((a) => a.run));
    const timer = sleep(graceMs).then(() => 'timeout' as const);
    const outcome = await Promise.race([pending.then(() => 'done' as const), timer]);
    if (outcome === 'timeout') {
      // Handed back: the runs still going stop at their next step (their writes are fenced out already).
      const leases = [...this.active.values()].map((a) => a.lease);
      for (const lease of leases) lease.revoke();
      await this.deps.queue.release(leases.map((l) => l.jobId), this.id);
    }
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  get busy(): number {
    return this.active.size;
  }
}

