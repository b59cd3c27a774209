import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningPipeline } from '../ai-pipeline/src/app.js';
import type { Config } from '../ai-pipeline/src/config/config.js';
import type { Clock } from '../ai-pipeline/src/sla/clock.js';
import type { ModelProvider } from '../ai-pipeline/src/model/provider.js';
import type { FakeAnthropic, FakeAnthropicOptions } from './fakes/anthropic.js';
import type { FakeChatwoot } from './fakes/chatwoot-server.js';
import type { FakeEnrichment } from './fakes/enrichment.js';
import { DEFAULT_ROUTING_YAML, FAST_TEST_ENV, startStack, type Stack } from './stack.js';

export { DEFAULT_ROUTING_YAML };

export interface HarnessOptions {
  databaseUrl: string;
  /** Fake Claude behaviour, or 'offline' for no API key. */
  model?: FakeAnthropicOptions | 'offline';
  routingYaml?: string;
  env?: Record<string, string>;
  provider?: ModelProvider;
  /** A fake clock for the SLA watcher. */
  clock?: Clock;
  /** The fake Chatwoot's webhook delivery timeout (default 5000 ms, Chatwoot's own). */
  webhookTimeoutMs?: number;
  logLevel?: string;
  /** A web-widget inbox with an agent bot pointing at POST /bot (see testkit/stack.ts). */
  bot?: boolean;
  botRetryDelayMs?: number;
}

/**
 * The whole system on loopback: Chatwoot-compatible fake (an email inbox, two teams' worth of routing,
 * a signed account webhook pointing at the pipeline), fake Claude, fake enrichment, the real pipeline.
 */
export interface Harness {
  chatwoot: FakeChatwoot;
  anthropic: FakeAnthropic | null;
  enrichment: FakeEnrichment;
  pipeline: RunningPipeline;
  config: Config;
  env: Record<string, string>;
  inboxId: number;
  webhookSecret: string;
  /** With `bot`: the web-widget inbox and its agent bot. */
  chat: Stack['chat'];
  /** Resolves when no job is queued or running. */
  idle(timeoutMs?: number): Promise<void>;
  restart(overrides?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export async function jobCounts(pipeline: RunningPipeline): Promise<Record<string, number>> {
  return pipeline.queue.counts();
}

export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(25);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** The in-process pipeline over testkit/stack.ts's fakes, with fast test timings. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const stack = await startStack({
    databaseUrl: options.databaseUrl,
    model: options.model,
    ...(options.routingYaml !== undefined ? { routing: options.routingYaml } : {}),
    env: { ...FAST_TEST_ENV, ...options.env },
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.webhookTimeoutMs ? { webhookTimeoutMs: options.webhookTimeoutMs } : {}),
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    ...(options.bot ? { bot: true } : {}),
    ...(options.botRetryDelayMs !== undefined ? { botRetryDelayMs: options.botRetryDelayMs } : {}),
  });
  const running = () => {
    if (!stack.pipeline) throw new Error('harness: the pipeline is not running');
    return stack.pipeline;
  };
  return {
    chatwoot: stack.chatwoot,
    anthropic: stack.anthropic,
    enrichment: stack.fakeEnrichment!,
    get pipeline() {
      return running();
    },
    get config() {
      return stack.config;
    },
    env: stack.env,
    inboxId: stack.inboxId,
    webhookSecret: stack.webhookSecret,
    chat: stack.chat,
    async idle(timeoutMs = 30_000) {
      await stack.chatwoot.waitForDeliveries();
      await waitUntil(async () => {
        const c = await running().queue.counts();
        return !c.queued && !c.running && (running().worker?.busy ?? 0) === 0;
      }, timeoutMs, 'the job queue to drain');
    },
    async restart(more = {}) {
      await stack.restart(more);
    },
    stop: () => stack.stop(),
  };
}
