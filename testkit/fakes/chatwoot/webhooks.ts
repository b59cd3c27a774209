import { createHmac, randomUUID } from 'node:crypto';

/** Chatwoot's `Webhook::ALLOWED_WEBHOOK_EVENTS` (v4.15.1). */
export const ALLOWED_WEBHOOK_EVENTS = [
  'conversation_status_changed',
  'conversation_updated',
  'conversation_created',
  'contact_created',
  'contact_updated',
  'message_created',
  'message_updated',
  'webwidget_triggered',
  'inbox_created',
  'inbox_updated',
  'conversation_typing_on',
  'conversation_typing_off',
] as const;
export type WebhookEvent = (typeof ALLOWED_WEBHOOK_EVENTS)[number];

export interface DeliveryAttempt {
  timestamp: number;
  status: number | null;
  error?: string;
}

/** One event sent to one target; redeliveries append attempts under the same delivery id. */
export interface DeliveryRecord {
  deliveryId: string;
  target: { kind: 'account_webhook'; webhookId: number } | { kind: 'api_inbox'; inboxId: number } | { kind: 'agent_bot'; botId: number };
  url: string;
  event: string;
  /** The exact bytes posted (what the signature covers). */
  body: string;
  payload: Record<string, unknown>;
  attempts: DeliveryAttempt[];
  /** Status of the latest attempt (null = no HTTP answer: refused, timed out, still in flight). */
  status: number | null;
  error?: string;
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Sends webhooks the way `lib/webhooks/trigger.rb` does: POST JSON, signed when the target has a secret,
 * fire-and-forget, one attempt, a timeout (5 s by default), errors only recorded.
 */
export class WebhookDispatcher {
  readonly deliveries: DeliveryRecord[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly secrets = new Map<string, string>();

  /** `botRetryDelayMs`: the pause between an agent bot's attempts (Chatwoot: 3 s). */
  constructor(
    private readonly timeoutMs: number,
    private readonly botRetryDelayMs = 3000,
  ) {}

  /**
   * `retry`: AgentBots::WebhookJob — up to 3 attempts on 429/500 only, `botRetryDelayMs` apart; after the last failed
   * attempt (any other failure is the last) `onGiveUp` (Chatwoot opens a pending conversation). Account and API-inbox
   * webhooks are never retried.
   */
  deliver(input: {
    target: DeliveryRecord['target'];
    url: string;
    secret: string;
    event: string;
    payload: Record<string, unknown>;
    retry?: { onGiveUp?: () => void };
  }): DeliveryRecord {
    const record: DeliveryRecord = {
      deliveryId: randomUUID(),
      target: input.target,
      url: input.url,
      event: input.event,
      body: JSON.stringify(input.payload),
      payload: input.payload,
      attempts: [],
      status: null,
    };
    this.secrets.set(record.deliveryId, input.secret);
    this.deliveries.push(record);
    this.track(input.retry ? this.sendWithRetries(record, input.retry.onGiveUp) : this.send(record));
    return record;
  }

  /** Sends a recorded delivery again: same X-Chatwoot-Delivery and body, fresh timestamp and signature. */
  async redeliver(deliveryId: string): Promise<DeliveryRecord> {
    const record = this.deliveries.find((d) => d.deliveryId === deliveryId);
    if (!record) throw new Error(`no delivery ${deliveryId}`);
    const p = this.send(record);
    this.track(p);
    await p;
    return record;
  }

  /** Resolves once every delivery started so far (and any started while waiting) has finished. */
  async waitForDeliveries(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  clear(): void {
    this.deliveries.length = 0;
    this.secrets.clear();
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async sendWithRetries(record: DeliveryRecord, onGiveUp?: () => void): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      await this.send(record);
      if (record.status !== null && record.status >= 200 && record.status < 300) return;
      // Timeouts, refused connections and other statuses are not retried: that failure is the last one.
      if ((record.status !== 429 && record.status !== 500) || attempt === 3) {
        onGiveUp?.();
        return;
      }
      await new Promise((r) => setTimeout(r, this.botRetryDelayMs));
    }
  }

  private async send(record: DeliveryRecord): Promise<void> {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'X-Chatwoot-Delivery': record.deliveryId,
    };
    const secret = this.secrets.get(record.deliveryId);
    if (secret) {
      headers['X-Chatwoot-Timestamp'] = String(timestamp);
      headers['X-Chatwoot-Signature'] = signWebhook(secret, timestamp, record.body);
    }
    const attempt: DeliveryAttempt = { timestamp, status: null };
    record.attempts.push(attempt);
    try {
      const res = await fetch(record.url, { method: 'POST', headers, body: record.body, signal: AbortSignal.timeout(this.timeoutMs) });
      await res.arrayBuffer().catch(() => undefined);
      attempt.status = res.status;
      if (!res.ok) attempt.error = `HTTP ${res.status}`;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      attempt.error = err.name === 'TimeoutError' ? 'timeout' : (err.cause?.code ?? err.message);
    }
    record.status = attempt.status;
    record.error = attempt.error;
  }
}
