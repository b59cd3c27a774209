import pg from 'pg';
import type { Logger } from 'pino';
import { backoffDelay } from '../util/retry.js';

/**
 * The Postgres channel on which a process that enqueued jobs tells worker processes to claim now
 * (PIPELINE_ROLE=web → PIPELINE_ROLE=worker). Only a hint: a worker that misses it claims at its next poll (JOB_POLL_MS).
 */
export const JOBS_CHANNEL = 'triage_jobs';

/**
 * Sends `NOTIFY triage_jobs` after jobs were enqueued in this process. At most one NOTIFY is in flight: news that comes
 * while one is sent is folded into one more after it, so a burst of webhooks costs a few notifications, not one each.
 * With a payload source (the webhooks' conversation copies, jobs/snapshot-relay.ts) the notifications carry its
 * payloads, all in one statement; without payloads it is a plain NOTIFY.
 * Never throws: a failed NOTIFY is logged and the workers' poll picks the jobs up.
 */
export class JobNotifier {
  private sending: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly pool: Pick<pg.Pool, 'query'>,
    private readonly logger: Logger,
    private readonly payloads?: { drain(): string[] },
  ) {}

  /** Queues a NOTIFY (a bound function: it is the queue's 'enqueued' listener). */
  readonly notify = (): void => {
    if (this.sending) {
      this.again = true;
      return;
    }
    this.again = false;
    this.sending = this.send().finally(() => {
      this.sending = null;
      if (this.again) this.notify();
    });
  };

  /** Resolves when no NOTIFY is in flight or queued (stop: before the pool ends). */
  async idle(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private async send(): Promise<void> {
    const payloads = this.payloads?.drain() ?? [];
    try {
      if (payloads.length === 0) await this.pool.query(`NOTIFY ${JOBS_CHANNEL}`);
      // Each payload its own text parameter: as one text[] parameter the driver escaped every quote of the JSON.
      else await this.pool.query(`SELECT ${payloads.map((_, i) => `pg_notify($1, $${i + 2})`).join(', ')}`, [JOBS_CHANNEL, ...payloads]);
    } catch (e) {
      const err = (e as Error).message;
      // The copies are lost (their jobs read the conversation); the wake-up need not be.
      if (payloads.length > 0 && (await this.plainNotify())) {
        this.logger.warn({ err }, 'could not send the conversation copies with the NOTIFY; the workers read the conversations instead');
        return;
      }
      this.logger.warn({ err }, 'could not notify the workers of new jobs; they find them at their next poll');
    }
  }

  private async plainNotify(): Promise<boolean> {
    try {
      await this.pool.query(`NOTIFY ${JOBS_CHANNEL}`);
      return true;
    } catch {
      return false;
    }
  }
}

export interface JobListenerOptions {
  connectionString: string;
  /**
   * Called with the payload of every notification ('' for a plain one), and with '' after each (re)connect (news may
   * have been missed while it was away).
   */
  onJobs: (payload: string) => void;
  /** Called with true once the LISTEN is in place, with false when a connection (or an attempt) is lost or stopped (metrics). */
  onListening?: (listening: boolean) => void;
  logger: Logger;
  /** First reconnect delay (doubles up to maxDelayMs). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * `LISTEN triage_jobs` on a connection of its own (a pooled one would be handed to queries), reconnecting with backoff
 * when the database goes away. While it is away the worker still claims at every poll, so nothing waits for it.
 */
export class JobListener {
  /** The connection being opened or listening; null while waiting to reconnect or stopped. */
  private client: pg.Client | null = null;
  private stopped = true;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly options: JobListenerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  /** Ends the connection (one being opened too); a half-open socket that does not close within a second is destroyed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    if (client) this.options.onListening?.(false);
    if (client) await endWithin(client, 1000);
  }

  private async connect(): Promise<void> {
    // Keep-alive probes after 10 s idle: a connection cut without a reset (failover, a NAT) fails in about a minute
    // instead of the operating system's two hours, and the worker listens again.
    const client = new pg.Client({ connectionString: this.options.connectionString, keepAlive: true, keepAliveInitialDelayMillis: 10_000, connectionTimeoutMillis: 10_000 });
    this.client = client;
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      if (this.client !== client) return; // stopped: stop() ends it
      this.client = null;
      this.options.onListening?.(false);
      void endWithin(client, 1000);
      if (!this.stopped) this.reconnectLater(reason);
    };
    client.on('error', (e) => onLost(e.message));
    client.on('end', () => onLost('connection ended'));
    client.on('notification', (n) => {
      if (n.channel === JOBS_CHANNEL) this.options.onJobs(n.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${JOBS_CHANNEL}`);
    } catch (e) {
      onLost((e as Error).message);
      return;
    }
    if (lost || this.client !== client) return;
    this.options.onListening?.(true);
    if (this.failures > 0) this.options.logger.info({ failures: this.failures }, 'listening for new jobs again');
    this.failures = 0;
    this.options.onJobs('');
  }

  private reconnectLater(reason: string): void {
    this.failures += 1;
    const delay = backoffDelay({ attempts: Infinity, baseDelayMs: this.options.baseDelayMs ?? 1000, maxDelayMs: this.options.maxDelayMs ?? 30_000 }, Math.min(this.failures - 1, 10));
    this.options.logger.warn({ err: reason, retryInMs: delay }, 'not listening for new jobs; polling meanwhile');
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.stopped) void this.connect();
    }, delay);
    this.retry.unref();
  }
}

/** `client.end()`, or its socket destroyed when the server does not answer the goodbye within `ms`. */
async function endWithin(client: pg.Client, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const ended = client.end().catch(() => undefined);
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  if ((await Promise.race([ended, late])) === 'late') (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  clearTimeout(timer);
}
