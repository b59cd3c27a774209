import type { Logger } from 'pino';
import type { ChatwootClient } from '../chatwoot/client.js';
import type { JobQueue } from './queue.js';

export interface SweepOptions {
  accountId: number;
  inboxIds?: number[];
  intervalSeconds: number;
  logger: Logger;
}

/**
 * Chatwoot never retries a webhook. Every few minutes, enqueue a triage for each conversation created
 * since the last sweeps; the job key makes this a no-op for conversations already known.
 */
export class Sweeper {
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly chatwoot: ChatwootClient,
    private readonly queue: JobQueue,
    private readonly options: SweepOptions,
  ) {}

  start(): void {
    if (this.options.intervalSeconds <= 0) return;
    this.timer = setInterval(() => void this.sweep().catch((e) => this.options.logger.warn({ err: (e as Error).message }, 'sweep failed')), this.options.intervalSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    const windowSeconds = this.options.intervalSeconds * 3;
    const since = Date.now() / 1000 - windowSeconds;
    const found = await this.chatwoot.listRecentConversations(windowSeconds);
    const fresh = found.filter(
      (c) => (c.created_at ?? 0) >= since && (!this.options.inboxIds || (c.inbox_id != null && this.options.inboxIds.includes(c.inbox_id))),
    );
    const created = await this.queue.enqueue(fresh.map((c) => ({ kind: 'triage' as const, accountId: this.options.accountId, conversationId: c.id })));
    if (created > 0) this.options.logger.info({ created }, 'sweep enqueued conversations that had no triage');
    return created;
  }
}
