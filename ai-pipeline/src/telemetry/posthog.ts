import type { Logger } from 'pino';
import type { PostHog } from 'posthog-node';
import type { EventMap } from './events.js';

export interface PosthogOptions {
  apiKey: string;
  host: string;
  /** Events held in memory while PostHog is slow or down; the oldest are dropped beyond this. */
  maxQueueSize?: number;
  flushIntervalMs?: number;
  flushAt?: number;
}

/**
 * Fire-and-forget capture: `capture` only appends to posthog-node's bounded in-memory queue, which is sent in
 * batches in the background. A PostHog outage costs memory up to `maxQueueSize` events, never a job's time.
 * posthog-node is imported when the sink is built (only with POSTHOG_PROJECT_API_KEY); events captured while it
 * loads wait for it.
 */
export class EventSink {
  private readonly client: Promise<PostHog | null>;

  constructor(o: PosthogOptions, private readonly logger: Logger) {
    this.client = import('posthog-node').then(
      ({ PostHog }) =>
        this.start(
          new PostHog(o.apiKey, {
            host: o.host,
            flushAt: o.flushAt ?? 20,
            flushInterval: o.flushIntervalMs ?? 5000,
            maxQueueSize: o.maxQueueSize ?? 1000,
            requestTimeout: 5000,
            fetchRetryCount: 2,
            disableGeoip: true,
          }),
        ),
      (e: unknown) => {
        this.logger.warn({ err: (e as Error).message }, 'posthog-node could not be loaded; events are dropped');
        return null;
      },
    );
  }

  private start(client: PostHog): PostHog {
    client.on('error', (e: unknown) => this.logger.warn({ err: (e as Error)?.message?.slice(0, 200) }, 'PostHog capture failed'));
    return client;
  }

  capture<E extends keyof EventMap>(distinctId: string, event: E, properties: EventMap[E]): void {
    void this.client.then((client) => {
      try {
        client?.capture({ distinctId, event, properties: { ...properties, $process_person_profile: false }, disableGeoip: true });
      } catch (e) {
        this.logger.warn({ err: (e as Error).message }, 'PostHog capture failed');
      }
    });
  }

  /** Sends what is queued, waiting at most `timeoutMs`. */
  async shutdown(timeoutMs: number): Promise<void> {
    const client = await this.client;
    await client?.shutdown(timeoutMs).catch((e: unknown) => this.logger.warn({ err: (e as Error).message }, 'PostHog flush on shutdown failed'));
  }
}
