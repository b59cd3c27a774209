import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { LeaseLost } from '../errors.js';
import { storageSafe, storageSafeDeep } from '../util/safe-text.js';

export type JobKind = 'triage' | 'followup' | 'outcome' | 'correction' | 'sla' | 'translate' | 'bot';

export interface JobRow {
  /** A bigserial, read as a number (store/pg-types.ts: every id stays below 2^53). */
  id: number;
  key: string;
  kind: JobKind;
  account_id: number;
  conversation_id: number;
  /** Chatwoot's message id (bigint, read as a number like `id`). */
  message_id: number | null;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  checkpoint: Record<string, unknown>;
  last_error: string | null;
}

/**
 * One claim of a job by one worker: what every write of the running job is fenced by. The row changes only while it
 * is still `running` under this worker and this attempt (the claim counts attempts up, so a later claim of the same
 * job, even by the same worker, is a different lease). `revoke()` marks it lost without a round trip: the worker does
 * that when its heartbeat no longer finds the job, or when it claims the same job again.
 */
export class JobLease {
  private lost = false;

  constructor(
    readonly jobId: number,
    readonly jobKey: string,
    readonly worker: string,
    readonly attempt: number,
  ) {}

  get isLost(): boolean {
    return this.lost;
  }

  revoke(): void {
    this.lost = true;
  }

  /** Throws LeaseLost once the lease is known to be gone. */
  check(): void {
    if (this.lost) throw new LeaseLost(this.jobKey);
  }
}

/** A job as `claim` hands it to a worker: the row and the lease its writes go through. */
export interface ClaimedJob extends JobRow {
  lease: JobLease;
}

export interface NewJob {
  kind: JobKind;
  accountId: number;
  conversationId: number;
  messageId?: number;
  deliveryId?: string;
  /** Correction jobs: what tells one conversation_updated from another (its updated_at). */
  eventKey?: string;
}

/** One full triage per conversation, one follow-up per later customer message, one SLA watcher per conversation, one translation per agent note. */
export function jobKey(job: Pick<NewJob, 'kind' | 'accountId' | 'conversationId' | 'messageId' | 'eventKey'>): string {
  if (job.kind === 'outcome') return `outcome:${job.accountId}:${job.messageId ?? 'none'}`;
  if (job.kind === 'correction') return `correction:${job.accountId}:${job.conversationId}:${job.eventKey ?? 'none'}`;
  if (job.kind === 'sla') return `sla:${job.accountId}:${job.conversationId}`;
  if (job.kind === 'translate') return `translate:${job.accountId}:${job.messageId ?? 'none'}`;
  if (job.kind === 'bot') return `bot:${job.accountId}:${job.messageId ?? 'none'}`;
  return job.kind === 'triage'
    ? `triage:${job.accountId}:${job.conversationId}`
    : `followup:${job.accountId}:${job.messageId ?? 'none'}`;
}

/**
 * bigint columns (id, message_id) come as numbers already (store/pg-types.ts); the integer ones are made sure of here.
 */
function toJobRow(row: JobRow): JobRow {
  return { ...row, account_id: Number(row.account_id), conversation_id: Number(row.conversation_id) };
}

interface PendingEnqueue {
  jobs: NewJob[];
  resolve(created: number): void;
  reject(err: unknown): void;
}

/** Most jobs in one group-commit INSERT. */
const MAX_BATCH_JOBS = 500;
/**
 * Group-commit INSERTs in flight at once. One: the calls that arrive while it commits all go in the next single
 * statement. Two back-to-back `npm run bench -- --only ingress` runs on 2 shared cores: two in flight made 1.5× the
 * commits per webhook (0.063 against 0.042) and cost more CPU per webhook in the pipeline (+30 %) and in Postgres
 * (+60 %), for no more throughput (the service is bound by CPU, not by its commits). Correctness does not depend on it: the same key in two
 * statements makes Postgres wait for the first's commit and take the ON CONFLICT path in the second.
 */
const MAX_FLUSHERS = 1;

/**
 * Takes from the front of `pending` the calls that can share one INSERT: no key twice (ON CONFLICT cannot
 * touch a row twice in one statement; a repeat waits for the next batch) and at most MAX_BATCH_JOBS jobs.
 * Always takes at least the first call. Mutates `pending`.
 */
export function takeBatch<T extends { jobs: NewJob[] }>(pending: T[]): T[] {
  const batch: T[] = [];
  const rest: T[] = [];
  const keys = new Set<string>();
  let size = 0;
  for (const p of pending) {
    const ks = p.jobs.map(jobKey);
    const fits = batch.length === 0 || (size + ks.length <= MAX_BATCH_JOBS && !ks.some((k) => keys.has(k)));
    if (!fits) {
      rest.push(p);
      continue;
    }
    batch.push(p);
    size += ks.length;
    for (const k of ks) keys.add(k);
  }
  pending.splice(0, pending.length, ...rest);
  return batch;
}

/**
 * The claim: $1 limit, $2 worker, $3 lease seconds. Two locking reads, one per partial index (`jobs_leased` by
 * lease_until, `jobs_ready` by run_at and id), each ordered by its index and cut at the limit, instead of one read with
 * `OR` across both: the planner cannot serve that from an index, so it read and sorted every waiting job on each claim
 * (40 ms of Postgres CPU per claim with 60,000 queued, against 0.4 ms this way). Expired leases go first and the
 * queued read takes only what they left; `FOR UPDATE SKIP LOCKED` keeps concurrent workers off each other's rows.
 */
export const CLAIM_SQL = `
  WITH expired AS (
         SELECT id FROM triage.jobs
          WHERE status = 'running' AND lease_until < now()
          ORDER BY lease_until, id
          FOR UPDATE SKIP LOCKED
          LIMIT $1),
       due AS (
         SELECT id, row_number() OVER (ORDER BY run_at, id) AS n FROM (
           SELECT id, run_at FROM triage.jobs
            WHERE status = 'queued' AND run_at <= now()
            ORDER BY run_at, id
            FOR UPDATE SKIP LOCKED
            LIMIT $1) AS oldest)
  UPDATE triage.jobs j
     SET status = 'running', attempts = j.attempts + 1, worker = $2,
         lease_until = now() + make_interval(secs => $3), updated_at = now()
   WHERE j.id IN (SELECT id FROM expired
                  UNION ALL
                  SELECT id FROM due WHERE n <= $1 - (SELECT count(*) FROM expired))
  RETURNING j.id, j.key, j.kind, j.account_id, j.conversation_id, j.message_id, j.status, j.attempts,
            j.max_attempts, j.checkpoint, j.last_error`;

/** `unclaimedWaitSeconds`: a live lease anywhere → NULL; otherwise the age of the oldest due queued job (NULL: none). */
export const UNCLAIMED_WAIT_SQL = `
  SELECT CASE WHEN EXISTS (SELECT 1 FROM triage.jobs WHERE status = 'running' AND lease_until > now()) THEN NULL
              ELSE extract(epoch FROM now() - (SELECT min(run_at) FROM triage.jobs WHERE status = 'queued' AND run_at <= now()))::float8
         END AS waited`;

export interface QueueOptions {
  maxAttempts: number;
  leaseSeconds: number;
}

/** Back in the queue, due in $4 ms, off its worker and lease (`retryLater`, `waitForAccess` add what else changes). */
const REQUEUE_SET = `status = 'queued', lease_until = NULL, worker = NULL, run_at = now() + make_interval(secs => $4::double precision / 1000), updated_at = now()`;

/**
 * A durable job table in Postgres (`triage.jobs`): unique keys make enqueueing idempotent forever,
 * `FOR UPDATE SKIP LOCKED` lets any number of workers/replicas claim jobs, and a lease (renewed while
 * a job runs) brings back the jobs of a process that died.
 */
export class JobQueue {
  /** Emits 'enqueued' so a worker in the same process can start without waiting for its next poll. */
  readonly events = new EventEmitter();

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: QueueOptions,
  ) {}

  /**
   * Inserts the jobs that do not exist yet; returns how many were new. Group commit: while one INSERT is in
   * flight, the calls that arrive meanwhile wait and then go together in the next single statement (one
   * commit for all of them), so a burst of webhooks costs a few round trips rather than one each. Each call's
   * jobs are in exactly one statement (all or none), and the promise resolves only after that commit.
   */
  enqueue(jobs: NewJob[]): Promise<number> {
    if (jobs.length === 0) return Promise.resolve(0);
    return new Promise<number>((resolve, reject) => {
      this.pending.push({ jobs, resolve, reject });
      this.scheduleFlush();
    });
  }

  private pending: PendingEnqueue[] = [];
  /** INSERTs in flight (at most MAX_FLUSHERS); the next batch gathers while one commits. */
  private flushers = 0;
  private flushScheduled = false;

  /**
   * Starts a flusher when one is free, after the current turn of the event loop (setImmediate): every webhook whose
   * body arrived in the same turn joins the same INSERT, instead of the first one going alone. No timer, no added wait.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushers >= MAX_FLUSHERS) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.pending.length > 0 && this.flushers < MAX_FLUSHERS) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushers++;
    try {
      while (this.pending.length > 0) {
        const batch = takeBatch(this.pending);
        try {
          const created = await this.insert(batch.flatMap((p) => p.jobs));
          for (const p of batch) p.resolve(p.jobs.filter((j) => created.has(jobKey(j))).length);
          if (created.size > 0) this.events.emit('enqueued');
        } catch (e) {
          for (const p of batch) p.reject(e);
        }
      }
    } finally {
      this.flushers--;
    }
  }

  /** One INSERT for `jobs` (keys distinct); returns the keys that were new. */
  private async insert(jobs: NewJob[]): Promise<Set<string>> {
    // A known key only gains the delivery id (kept for tracing, at most 20), so re-deliveries enqueue nothing.
    const { rows } = await this.pool.query<{ key: string; inserted: boolean }>(
      `INSERT INTO triage.jobs AS j (key, kind, account_id, conversation_id, message_id, max_attempts, delivery_ids)
       SELECT key, kind, account_id, conversation_id, message_id, $6,
              CASE WHEN delivery_id IS NULL THEN '{}'::text[] ELSE ARRAY[delivery_id] END
         FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $7::text[])
              AS t(key, kind, account_id, conversation_id, message_id, delivery_id)
       ON CONFLICT (key) DO UPDATE
         SET delivery_ids = CASE WHEN cardinality(j.delivery_ids) < 20 AND NOT (EXCLUDED.delivery_ids <@ j.delivery_ids)
                                 THEN j.delivery_ids || EXCLUDED.delivery_ids ELSE j.delivery_ids END
       RETURNING j.key, (xmax = 0) AS inserted`,
      [
        jobs.map(jobKey),
        jobs.map((j) => j.kind),
        jobs.map((j) => j.accountId),
        jobs.map((j) => j.conversationId),
        jobs.map((j) => j.messageId ?? null),
        this.options.maxAttempts,
        jobs.map((j) => j.deliveryId ?? null),
      ],
    );
    return new Set(rows.filter((r) => r.inserted).map((r) => r.key));
  }

  /**
   * Claims up to `limit` ready jobs, each with its lease: first running jobs whose lease ran out (a worker that died),
   * then queued jobs that are due, oldest first. Each half reads its own partial index in order and stops at `limit`
   * (CLAIM_SQL), so a claim costs the same with 10 or 100,000 jobs waiting.
   */
  async claim(limit: number, worker: string): Promise<ClaimedJob[]> {
    if (limit <= 0) return [];
    const { rows } = await this.pool.query<JobRow>(CLAIM_SQL, [limit, worker, this.options.leaseSeconds]);
    return rows.map((row) => {
      const job = toJobRow(row);
      return { ...job, lease: new JobLease(job.id, job.key, worker, job.attempts) };
    });
  }

  /** Extends the lease of jobs this worker is still running; returns the ids it still owns (the others are lost). */
  async heartbeat(ids: number[], worker: string): Promise<number[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<{ id: number }>(
      `UPDATE triage.jobs SET lease_until = now() + make_interval(secs => $3)
        WHERE id = ANY($1::bigint[]) AND worker = $2 AND status = 'running'
        RETURNING id`,
      [ids, worker, this.options.leaseSeconds],
    );
    // The same parse as claim's ids (store/pg-types.ts), so the worker can match them against its own.
    return rows.map((r) => r.id);
  }

  /** Renews one lease now, or throws LeaseLost: for a run about to do something another owner must not see twice. */
  async renew(lease: JobLease): Promise<void> {
    await this.fenced(lease, `lease_until = now() + make_interval(secs => $4)`, [this.options.leaseSeconds]);
  }

  /**
   * Runs `UPDATE triage.jobs SET <set>` on the lease's job only while this lease still holds it ($1 id, $2 worker,
   * $3 attempt; `params` are $4…); no row changed means another worker owns the job (or it was settled or released):
   * the lease is marked lost and LeaseLost thrown, so the stale run stops before its next side effect.
   */
  private async fenced(lease: JobLease, set: string, params: unknown[]): Promise<void> {
    lease.check();
    const { rowCount } = await this.pool.query(
      `UPDATE triage.jobs SET ${set}
        WHERE id = $1 AND worker = $2 AND attempts = $3 AND status = 'running'`,
      [lease.jobId, lease.worker, lease.attempt, ...params],
    );
    if ((rowCount ?? 0) === 0) {
      lease.revoke();
      throw new LeaseLost(lease.jobKey);
    }
  }

  /** Saves intermediate results so a retried or resumed job does not pay for them again. */
  async saveCheckpoint(lease: JobLease, checkpoint: Record<string, unknown>): Promise<void> {
    // jsonb rejects U+0000 and lone surrogates: one bad character must not make every later attempt fail here.
    await this.fenced(lease, 'checkpoint = $4, updated_at = now()', [storageSafeDeep(checkpoint)]);
  }

  async complete(lease: JobLease): Promise<void> {
    await this.fenced(lease, `status = 'done', lease_until = NULL, last_error = NULL, finished_at = now(), updated_at = now()`, []);
  }

  /** Puts a job back to run after `delayMs`; `countAttempt: false` gives the claimed attempt back (a deferral, not a failure). */
  async retryLater(lease: JobLease, delayMs: number, error: string | null, countAttempt = true): Promise<void> {
    await this.fenced(
      lease,
      `${REQUEUE_SET}, last_error = COALESCE($5, last_error),
       attempts = CASE WHEN $6 THEN attempts ELSE greatest(attempts - 1, 0) END`,
      [delayMs, error === null ? null : storageSafe(error), countAttempt],
    );
  }

  /**
   * Puts a job back after `delayMs` without using up its attempt, and counts the wait in its checkpoint
   * (`accessWaits`, which the next claim reads): for a failure that is no fault of the job and ends when an operator
   * fixes it (Chatwoot refusing the pipeline's token). The count is updated in SQL, so a checkpoint the run saved keeps
   * its steps.
   */
  async waitForAccess(lease: JobLease, delayMs: number, error: string): Promise<void> {
    await this.fenced(
      lease,
      `${REQUEUE_SET}, last_error = $5, attempts = greatest(attempts - 1, 0),
       checkpoint = jsonb_set(checkpoint, '{accessWaits}', to_jsonb(COALESCE((checkpoint->>'accessWaits')::int, 0) + 1))`,
      [delayMs, storageSafe(error)],
    );
  }

  async fail(lease: JobLease, error: string): Promise<void> {
    await this.fenced(lease, `status = 'failed', lease_until = NULL, last_error = $4, finished_at = now(), updated_at = now()`, [storageSafe(error)]);
  }

  /** Hands running jobs of this worker back to the queue at once (graceful shutdown), without counting the attempt. */
  async release(ids: number[], worker: string): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query(
      `UPDATE triage.jobs SET status = 'queued', lease_until = NULL, worker = NULL, run_at = now(),
              attempts = greatest(attempts - 1, 0), updated_at = now()
        WHERE id = ANY($1::bigint[]) AND worker = $2 AND status = 'running'`,
      [ids, worker],
    );
  }

  /**
   * Runs a finished job again from an empty checkpoint, but only one that finished while held for the chat bot
   * (its checkpoint says `heldByBot`): the hand-over gives the conversation's triage back. Returns whether it did.
   */
  async rerunHeld(key: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE triage.jobs
          SET status = 'queued', attempts = 0, checkpoint = '{"givenBack": true}'::jsonb, last_error = NULL, lease_until = NULL, worker = NULL,
              run_at = now(), finished_at = NULL, updated_at = now()
        WHERE key = $1 AND status = 'done' AND checkpoint->>'heldByBot' = 'true'`,
      [key],
    );
    if ((rowCount ?? 0) > 0) this.events.emit('enqueued');
    return (rowCount ?? 0) > 0;
  }

  /**
   * Seconds the oldest due job has waited unclaimed while no job runs under a live lease (no worker takes jobs), or
   * null when none waits or some worker is running jobs. Both halves read a partial index (`jobs_leased`, `jobs_ready`).
   */
  async unclaimedWaitSeconds(): Promise<number | null> {
    const { rows } = await this.pool.query<{ waited: number | null }>(UNCLAIMED_WAIT_SQL);
    return rows[0]?.waited ?? null;
  }

  async findByKey(key: string): Promise<JobRow | undefined> {
    const { rows } = await this.pool.query<JobRow>(
      `SELECT id, key, kind, account_id, conversation_id, message_id, status, attempts, max_attempts, checkpoint, last_error
         FROM triage.jobs WHERE key = $1`,
      [key],
    );
    return rows[0] && toJobRow(rows[0]);
  }

  /** Counts by status, for /health and the demo. */
  async counts(): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM triage.jobs GROUP BY status');
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
