import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { startPipeline, type RunningPipeline } from '../ai-pipeline/src/app.js';
import { parseConfig, type Config } from '../ai-pipeline/src/config/config.js';
import type { ModelProvider } from '../ai-pipeline/src/model/provider.js';
import type { Clock } from '../ai-pipeline/src/sla/clock.js';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from './fakes/anthropic.js';
import { startFakeChatwoot, type FakeChatwoot } from './fakes/chatwoot-server.js';
import { startFakeEnrichment, type FakeEnrichment } from './fakes/enrichment.js';
import { freePort } from './postgres.js';

export const DEFAULT_ROUTING_YAML = `routes:
  bug-report: { team_id: 101 }
  refund-request: { team_id: 102, agent_id: 2 }
  product-question: { team_id: 103 }
allow_refund_agent_assignment: false
`;

export interface HarnessOptions {
  databaseUrl: string;
  /** Fake Claude behaviour, or 'offline' for no API key. */
  model?: FakeAnthropicOptions | 'offline';
  routingYaml?: string;
  env?: Record<string, string>;
  provider?: ModelProvider;
  /** The SLA watcher's clock (a FakeClock in tests). */
  clock?: Clock;
  logLevel?: string;
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

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const chatwoot = await startFakeChatwoot();
  const anthropic = options.model === 'offline' ? null : await startFakeAnthropic(options.model ?? {});
  const enrichment = await startFakeEnrichment();
  const inbox = chatwoot.addInbox({ name: 'Support', kind: 'email', email: 'support@studyapp.example' });
  for (const name of ['bugs', 'billing', 'questions']) chatwoot.addTeam({ name });
  chatwoot.addAgent({ name: 'Bea Billing', email: 'bea@studyapp.example' });
  const port = await freePort();
  const webhook = chatwoot.addWebhook({ url: `http://127.0.0.1:${port}/webhook`, subscriptions: ['conversation_created', 'message_created', 'conversation_updated'] });
  const dir = await mkdtemp(join(tmpdir(), 'harness-'));
  const routingPath = join(dir, 'routing.yaml');
  await writeFile(routingPath, options.routingYaml ?? DEFAULT_ROUTING_YAML);

  const env: Record<string, string> = {
    PORT: String(port),
    LOG_LEVEL: options.logLevel ?? 'silent',
    CHATWOOT_BASE_URL: chatwoot.url,
    CHATWOOT_API_TOKEN: chatwoot.apiToken,
    CHATWOOT_ACCOUNT_ID: String(chatwoot.accountId),
    CHATWOOT_WEBHOOK_SECRET: webhook.secret,
    DATABASE_URL: options.databaseUrl,
    ENRICHMENT_SERVICE_URL: enrichment.url,
    ENRICHMENT_TOKEN: enrichment.token,
    ENRICHMENT_TIMEOUT_MS: '2000',
    ROUTING_CONFIG: routingPath,
    AUTO_ASSIGN_THRESHOLD: '0.8',
    WORKER_CONCURRENCY: '4',
    JOB_POLL_MS: '50',
    JOB_RETRY_BASE_MS: '100',
    JOB_LEASE_SECONDS: '5',
    SWEEP_INTERVAL_SECONDS: '0',
    ANTHROPIC_MAX_RETRIES: '2',
    ...(anthropic ? { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: anthropic.url, MODEL_PROVIDER: 'anthropic' } : { MODEL_PROVIDER: 'offline' }),
    ...options.env,
  };
  const logger = pino({ level: env.LOG_LEVEL ?? 'silent' });
  let config = parseConfig(env);
  const overrides = { ...(options.provider ? { provider: options.provider } : {}), ...(options.clock ? { clock: options.clock } : {}) };
  let pipeline = await startPipeline(config, logger, overrides);

  const harness: Harness = {
    chatwoot,
    anthropic,
    enrichment,
    get pipeline() {
      return pipeline;
    },
    get config() {
      return config;
    },
    env,
    inboxId: inbox.id,
    webhookSecret: webhook.secret,
    async idle(timeoutMs = 30_000) {
      await chatwoot.waitForDeliveries();
      await waitUntil(async () => {
        const c = await pipeline.queue.counts();
        return !c.queued && !c.running && pipeline.worker.busy === 0;
      }, timeoutMs, 'the job queue to drain');
    },
    async restart(more = {}) {
      await pipeline.stop(0);
      Object.assign(env, more);
      config = parseConfig(env);
      pipeline = await startPipeline(config, logger, overrides);
    },
    async stop() {
      await pipeline.stop(0);
      await Promise.all([chatwoot.close(), anthropic?.close(), enrichment.close()]);
    },
  };
  return harness;
}
