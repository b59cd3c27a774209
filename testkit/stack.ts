import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startPipeline, type RunningPipeline } from '../ai-pipeline/src/app.js';
import { parseConfig, type Config } from '../ai-pipeline/src/config/config.js';
import type { Clock } from '../ai-pipeline/src/sla/clock.js';
import type { ModelProvider } from '../ai-pipeline/src/model/provider.js';
import { spawnPipeline, type ChildPipeline } from './child-pipeline.js';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from './fakes/anthropic.js';
import { startFakeChatwoot, type FakeChatwoot } from './fakes/chatwoot-server.js';
import { startFakeEnrichment, type FakeEnrichment } from './fakes/enrichment.js';
import { createDatabase, freePort, startPostgres, type PostgresServer } from './postgres.js';
import { seedProductDatabase, startEnrichmentService, type EnrichmentService, type ProductCustomer } from './stack/product-enrichment.js';

export { seedProductDatabase, startEnrichmentService, type EnrichmentService, type ProductCustomer };

/** The routing the default teams (ids 101–103 in the fake) and agent 2 are made for. */
export const DEFAULT_ROUTING_YAML = `routes:
  bug-report: { team_id: 101 }
  refund-request: { team_id: 102, agent_id: 2 }
  product-question: { team_id: 103 }
allow_refund_agent_assignment: false
`;

/** Short polls, retries and leases so tests do not wait on production timings. */
export const FAST_TEST_ENV: Readonly<Record<string, string>> = {
  ENRICHMENT_TIMEOUT_MS: '2000',
  AUTO_ASSIGN_THRESHOLD: '0.8',
  WORKER_CONCURRENCY: '4',
  JOB_POLL_MS: '50',
  JOB_RETRY_BASE_MS: '100',
  JOB_LEASE_SECONDS: '5',
  ANTHROPIC_MAX_RETRIES: '2',
};

type Team = ReturnType<FakeChatwoot['addTeam']>;
type InboxInput = Parameters<FakeChatwoot['addInbox']>[0];
type AgentInput = Parameters<FakeChatwoot['addAgent']>[0];

export interface StackOptions {
  /** The pipeline's database. Default: a fresh one on DATABASE_URL's server, or on a throw-away embedded Postgres. */
  databaseUrl?: string;
  /** Fake Claude behaviour; 'offline' for no API key; 'inherit' to leave the model to `baseEnv` (real Claude with a key). */
  model?: FakeAnthropicOptions | 'offline' | 'inherit';
  /** 'fake' (default): the loopback stand-in; customers: the real enrichment service over a product database with them; 'none'. */
  enrichment?: 'fake' | 'none' | { customers: readonly ProductCustomer[] };
  inbox?: InboxInput;
  teams?: readonly string[];
  agents?: readonly AgentInput[];
  webhookEvents?: readonly string[];
  /** ROUTING_CONFIG contents (or built from the created teams); default DEFAULT_ROUTING_YAML. */
  routing?: string | ((teams: readonly Team[]) => string);
  /** Runs after the fakes exist and before the pipeline starts; returns more environment (e.g. a TRIAGE_CONFIG). */
  configure?: (ctx: { chatwoot: FakeChatwoot; teams: readonly Team[]; dir: string }) => Promise<Record<string, string>> | Record<string, string>;
  /** Environment below the stack's wiring (e.g. process.env for the demo). */
  baseEnv?: Record<string, string | undefined>;
  /** Environment over the stack's wiring. */
  env?: Record<string, string>;
  /** 'in-process' (default): startPipeline here; 'child': ai-pipeline/src/main.ts in its own process; 'none'. */
  pipeline?: 'in-process' | 'child' | 'none';
  provider?: ModelProvider;
  /** A fake clock for the SLA watcher (in-process pipeline only). */
  clock?: Clock;
  /** With pipeline 'child': run the built service (ai-pipeline/dist/main.js, what npm start runs) instead of the TypeScript source. */
  childBuilt?: boolean;
  /** With pipeline 'child': node options before the script (e.g. --cpu-prof, which NODE_OPTIONS does not take). */
  childNodeArgs?: string[];
  /** The fake Chatwoot's webhook delivery timeout (Chatwoot's WEBHOOK_TIMEOUT; default 5000 ms). */
  webhookTimeoutMs?: number;
  logLevel?: string;
  /** Also a web-widget inbox ("Chat") with an agent bot pointing at the pipeline's POST /bot (BOT_* set). */
  bot?: boolean;
  /** The fake's pause between an agent bot's attempts on 429/500 (default 3000 ms, Chatwoot's). */
  botRetryDelayMs?: number;
}

/** Everything the sidecar talks to, on loopback, plus the pipeline itself. */
export interface Stack {
  /** The Postgres server the stack started (null when `databaseUrl` was given). */
  postgres: PostgresServer | null;
  chatwoot: FakeChatwoot;
  anthropic: FakeAnthropic | null;
  /** The fake enrichment (enrichment: 'fake'), else null. */
  fakeEnrichment: FakeEnrichment | null;
  /** The real enrichment service (enrichment: { customers }), else null. */
  enrichmentService: EnrichmentService | null;
  /** The in-process pipeline, while one runs. */
  readonly pipeline: RunningPipeline | null;
  /** The child-process pipeline, while one runs. */
  readonly child: ChildPipeline | null;
  readonly config: Config;
  /** The pipeline's complete environment (PORT fixed, so a restarted or child pipeline keeps the webhook's URL). */
  env: Record<string, string>;
  inboxId: number;
  teams: readonly Team[];
  webhookSecret: string;
  /** With `bot`: the web-widget inbox and its agent bot. */
  chat: { inboxId: number; bot: ReturnType<FakeChatwoot['addAgentBot']> } | null;
  /** Stops the running pipeline and starts it in process again with `overrides` merged into `env`. */
  restart(overrides?: Record<string, string>): Promise<RunningPipeline>;
  /** Stops the running pipeline and starts main.ts in a child process with `env` plus `overrides` (not kept). */
  spawnChild(overrides?: Record<string, string>): Promise<ChildPipeline>;
  /** Stops the pipeline (a child gets SIGKILL) without closing the fakes. */
  stopPipeline(): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_TEAMS = ['bugs', 'billing', 'questions'];
const DEFAULT_AGENTS: AgentInput[] = [{ name: 'Bea Billing', email: 'bea@studyapp.example' }];
const DEFAULT_EVENTS = ['conversation_created', 'message_created', 'conversation_updated'];

function modelEnv(anthropic: FakeAnthropic | null, model: StackOptions['model']): Record<string, string> {
  if (anthropic) return { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: anthropic.url, MODEL_PROVIDER: 'anthropic' };
  return model === 'inherit' ? {} : { MODEL_PROVIDER: 'offline' };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    closers.length = 0;
  };
  try {
    const wantsProductDb = typeof options.enrichment === 'object';
    const postgres = options.databaseUrl && !wantsProductDb ? null : await startPostgres(process.env.DATABASE_URL || undefined);
    if (postgres) closers.push(() => postgres.stop());
    const databaseUrl = options.databaseUrl ?? (await createDatabase(postgres!.adminUrl, 'stack_triage'));

    const chatwoot = await startFakeChatwoot({
      ...(options.webhookTimeoutMs ? { webhookTimeoutMs: options.webhookTimeoutMs } : {}),
      ...(options.botRetryDelayMs !== undefined ? { botRetryDelayMs: options.botRetryDelayMs } : {}),
    });
    closers.push(() => chatwoot.close());
    const anthropic = options.model === 'offline' || options.model === 'inherit' ? null : await startFakeAnthropic(options.model ?? {});
    if (anthropic) closers.push(() => anthropic.close());

    let fakeEnrichment: FakeEnrichment | null = null;
    let enrichmentService: EnrichmentService | null = null;
    if (typeof options.enrichment === 'object') {
      const productDb = await createDatabase(postgres!.adminUrl, 'stack_product');
      await seedProductDatabase(productDb, options.enrichment.customers);
      enrichmentService = await startEnrichmentService(productDb, 'stack-enrichment-token-0123456789');
      closers.push(() => enrichmentService!.close());
    } else if (options.enrichment !== 'none') {
      fakeEnrichment = await startFakeEnrichment();
      closers.push(() => fakeEnrichment!.close());
    }
    const enrichment = enrichmentService ?? fakeEnrichment;

    const inbox = chatwoot.addInbox(options.inbox ?? { name: 'Support', kind: 'email', email: 'support@studyapp.example' });
    const teams = (options.teams ?? DEFAULT_TEAMS).map((name) => chatwoot.addTeam({ name }));
    for (const agent of options.agents ?? DEFAULT_AGENTS) chatwoot.addAgent(agent);
    const port = await freePort();
    const webhook = chatwoot.addWebhook({ url: `http://127.0.0.1:${port}/webhook`, subscriptions: [...(options.webhookEvents ?? DEFAULT_EVENTS)] });
    let chat: Stack['chat'] = null;
    if (options.bot) {
      const chatInbox = chatwoot.addInbox({ name: 'Chat', kind: 'web_widget' });
      const bot = chatwoot.addAgentBot({ name: 'Help-center bot', outgoingUrl: `http://127.0.0.1:${port}/bot` });
      chatwoot.setInboxBot(chatInbox.id, bot.id);
      chat = { inboxId: chatInbox.id, bot };
    }
    const dir = await mkdtemp(join(tmpdir(), 'stack-'));
    const routingPath = join(dir, 'routing.yaml');
    const routing = options.routing ?? DEFAULT_ROUTING_YAML;
    await writeFile(routingPath, typeof routing === 'function' ? routing(teams) : routing);
    const configured = (await options.configure?.({ chatwoot, teams, dir })) ?? {};

    const base = Object.fromEntries(Object.entries(options.baseEnv ?? {}).filter((e): e is [string, string] => e[1] !== undefined));
    const env: Record<string, string> = {
      ...base,
      PORT: String(port),
      LOG_LEVEL: options.logLevel ?? base.LOG_LEVEL ?? 'silent',
      CHATWOOT_BASE_URL: chatwoot.url,
      CHATWOOT_API_TOKEN: chatwoot.apiToken,
      CHATWOOT_ACCOUNT_ID: String(chatwoot.accountId),
      CHATWOOT_WEBHOOK_SECRET: webhook.secret,
      DATABASE_URL: databaseUrl,
      ...(enrichment ? { ENRICHMENT_SERVICE_URL: enrichment.url, ENRICHMENT_TOKEN: enrichment.token } : {}),
      ROUTING_CONFIG: routingPath,
      SWEEP_INTERVAL_SECONDS: '0',
      ...modelEnv(anthropic, options.model),
      ...(chat ? { BOT_WEBHOOK_SECRET: chat.bot.secret, BOT_ACCESS_TOKEN: chat.bot.access_token } : {}),
      ...configured,
      ...options.env,
    };
    const logger = pino({ level: env.LOG_LEVEL ?? 'silent' });
    const overrides = { ...(options.provider ? { provider: options.provider } : {}), ...(options.clock ? { clock: options.clock } : {}) };
    let config = parseConfig(env);
    let pipeline: RunningPipeline | null = null;
    let child: ChildPipeline | null = null;
    const stopPipeline = async () => {
      await pipeline?.stop(0);
      await child?.kill9();
      pipeline = null;
      child = null;
    };
    closers.push(stopPipeline);
    if (options.pipeline === 'child') child = await spawnPipeline(env, { built: options.childBuilt, nodeArgs: options.childNodeArgs });
    else if (options.pipeline !== 'none') pipeline = await startPipeline(config, logger, overrides);

    return {
      postgres,
      chatwoot,
      anthropic,
      fakeEnrichment,
      enrichmentService,
      get pipeline() {
        return pipeline;
      },
      get child() {
        return child;
      },
      get config() {
        return config;
      },
      env,
      inboxId: inbox.id,
      teams,
      webhookSecret: webhook.secret,
      chat,
      async restart(more = {}) {
        await stopPipeline();
        Object.assign(env, more);
        config = parseConfig(env);
        pipeline = await startPipeline(config, logger, overrides);
        return pipeline;
      },
      async spawnChild(more = {}) {
        await stopPipeline();
        child = await spawnPipeline({ ...env, ...more });
        return child;
      },
      stopPipeline,
      stop: closeAll,
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
