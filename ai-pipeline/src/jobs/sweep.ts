import type { Logger } from 'pino';
import type { ChatwootClient } from '../chatwoot/client.js';
import { MESSAGE_TYPE, type RestMessage } from '../chatwoot/payloads.js';
import { classifyMessage, type CustomerMessageFacts, type IngressRules } from '../ingress/classify-event.js';
import type { RunAlone } from '../store/advisory-lock.js';
import type { JobQueue, NewJob } from './queue.js';

export interface SweepOptions {
  accountId: number;
  inboxIds?: number[];
  intervalSeconds: number;
  /** How far back the first sweep after a start looks (default 24 h): messages that came while the pipeline was down. */
  startupWindowSeconds?: number;
  logger: Logger;
  /**
   * Runs a sweep only when no other process sweeps right now (store/advisory-lock.ts: several workers would each list
   * the same conversations); { ran: false }: skipped, and the next sweep here still looks back as far. Absent: always runs.
   */
  alone?: RunAlone<number>;
}

/** A conversation as the list endpoint gives it (only what the sweep reads). */
export interface SweptConversation {
  id: number;
  inbox_id?: number | null;
  additional_attributes?: Record<string, unknown> | null;
}

const TYPE_NAMES: Record<number, CustomerMessageFacts['messageType']> = {
  [MESSAGE_TYPE.incoming]: 'incoming',
  [MESSAGE_TYPE.outgoing]: 'outgoing',
  [MESSAGE_TYPE.activity]: 'activity',
  [MESSAGE_TYPE.template]: 'template',
};

/** The facts the webhook rules read, from a REST message of a listed conversation. */
export function messageFacts(accountId: number, c: SweptConversation, m: RestMessage): CustomerMessageFacts {
  const email = (m.content_attributes as { email?: { auto_reply?: unknown } } | null | undefined)?.email;
  return {
    accountId,
    inboxId: c.inbox_id ?? undefined,
    conversationId: c.id,
    messageId: m.id,
    messageType: TYPE_NAMES[m.message_type] ?? 'unknown',
    private: m.private === true,
    autoReply: email?.auto_reply === true || c.additional_attributes?.auto_reply === true,
  };
}

/** The jobs the webhook would have made for a conversation's newest customer message (none when it would ignore it). */
export function sweepJobs(rules: IngressRules, c: SweptConversation, messages: RestMessage[]): NewJob[] {
  const newest = messages.filter((m) => m.message_type === MESSAGE_TYPE.incoming && m.private !== true).at(-1);
  if (!newest) return [];
  const decision = classifyMessage(messageFacts(rules.accountId, c, newest), rules);
  return decision.action === 'enqueue' ? decision.jobs : [];
}

/**
 * Chatwoot never retries a webhook, and none arrive while the pipeline or its database is down. At start and
 * then every few minutes, look at recently active conversations and enqueue what the webhook would have
 * enqueued for each one's newest customer message; job keys make this a no-op for what is already known.
 */
export class Sweeper {
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;
  /** When the last sweep that finished began: the next one looks back at least that far, so downtime is covered. */
  private lastSuccessAt: number;
  constructor(
    private readonly chatwoot: ChatwootClient,
    private readonly queue: Pick<JobQueue, 'enqueue'>,
    private readonly options: SweepOptions,
  ) {
    this.lastSuccessAt = Date.now() - (options.startupWindowSeconds ?? 86_400) * 1000;
  }

  start(): void {
    if (this.options.intervalSeconds <= 0) return;
    const run = () => {
      const startedAt = Date.now();
      // Look back to the last sweep that finished (plus margin): a database or Chatwoot outage widens the window.
      const windowSeconds = Math.max(this.options.intervalSeconds * 3, (startedAt - this.lastSuccessAt) / 1000 + this.options.intervalSeconds);
      const sweep = () => this.sweep(windowSeconds);
      (this.options.alone ? this.options.alone(sweep) : sweep().then((value) => ({ ran: true as const, value }))).then(
        // Skipped (another process sweeps): the window stays as wide as it was, in case that sweep fails.
        (run) => void (run.ran && (this.lastSuccessAt = startedAt)),
        (e) => this.options.logger.warn({ err: (e as Error).message?.slice(0, 200) }, 'sweep failed'),
      );
    };
    this.first = setTimeout(run, 100);
    this.first.unref();
    this.timer = setInterval(run, this.options.intervalSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.first) clearTimeout(this.first);
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass over conversations active in the last `windowSeconds`; returns how many jobs were new. */
  async sweep(windowSeconds = this.options.intervalSeconds * 3): Promise<number> {
    const rules: IngressRules = { accountId: this.options.accountId, inboxIds: this.options.inboxIds };
    const found = await this.chatwoot.listRecentConversations(windowSeconds);
    let created = 0;
    for (const c of found) {
      // The rules that need no messages first: another inbox or an auto-reply conversation costs no request.
      if (this.options.inboxIds && (c.inbox_id == null || !this.options.inboxIds.includes(c.inbox_id))) continue;
      if (c.additional_attributes?.auto_reply === true) continue;
      const jobs = sweepJobs(rules, c, await this.chatwoot.listMessages(c.id, 20));
      if (jobs.length > 0) created += await this.queue.enqueue(jobs);
    }
    if (created > 0) this.options.logger.info({ created }, 'sweep enqueued messages that had no triage or follow-up');
    return created;
  }
}
