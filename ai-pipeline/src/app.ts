import pg from 'pg';
import type { Logger } from 'pino';
import { ChatwootClient, ChatwootExtraClient } from './chatwoot/client.js';
import { checkChatwootConnection, checkTransport, type ChatwootTarget } from './chatwoot/connection-check.js';
import { createChatwootHttp, type ChatwootHttp } from './chatwoot/http.js';
import type { Config } from './config/config.js';
import { resolveUserPath } from './config/paths.js';
import { EMPTY_ROUTING, loadRoutingConfig, resolveTeamNames, routingTargets, type RoutingConfig } from './config/routing.js';
import { EnrichmentClient } from './enrichment/client.js';
import type { EarlyServer } from './health/early-server.js';
import { Readiness } from './health/readiness.js';
import { Directory } from './jobs/directory.js';
import { JobListener, JobNotifier } from './jobs/job-signal.js';
import { JobQueue } from './jobs/queue.js';
import { decodeCopies, relayKey, SnapshotRelay } from './jobs/snapshot-relay.js';
import { listenOn } from './health/listen.js';
import { ConversationSnapshots, type SnapshotSink } from './jobs/snapshots.js';
import { Sweeper } from './jobs/sweep.js';
import { Worker } from './jobs/worker.js';
import { createKnowledgeBase, type KnowledgeBase } from './knowledge/index.js';
import { createProviders, type Providers } from './model/index.js';
import { loadConfiguredTriage, reloadTriage } from './rules/configured.js';
import { triageConfigFromRouting } from './rules/legacy.js';
import { TriageConfigHolder } from './rules/holder.js';
import { categoryNames } from './rules/schema.js';
import { cannotTellCategoriesApart } from './triage/categories.js';
import { createRequestListener, type ServerDeps } from './server.js';
import { sidebarRouter } from './sidebar/routes.js';
import type { Telemetry } from './telemetry/index.js';
import { createTelemetry } from './telemetry/setup.js';
import { migrate } from './store/migrations.js';
import { RecordStore } from './store/records.js';
import { RetentionPurger } from './store/retention.js';
import { runAlone } from './store/advisory-lock.js';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { ingestRouter } from './ingest/router.js';
import { botWebhookRouter } from './ingress/bot-webhook.js';
import type { BotRuntime } from './jobs/bot-reply.js';
import { IngestService } from './ingest/service.js';
import { IngestStore } from './ingest/store.js';
import { systemClock, type Clock } from './sla/clock.js';
import { loadSlaConfig } from './sla/config.js';
import { SlaStarter } from './sla/start.js';
import { SlaStore } from './sla/store.js';
import { cachedOwnUserId } from './translate/job.js';
import { roleParts } from './config/role.js';

/** The chat bot's runtime (its own Chatwoot client with BOT_ACCESS_TOKEN), or null when it is off. */
function botRuntime(config: Config, telemetry: Telemetry): BotRuntime | null {
  if (!config.BOT_WEBHOOK_SECRET || !config.BOT_ACCESS_TOKEN) return null;
  const http = telemetry.metrics.countChatwootErrors(
    createChatwootHttp({ baseUrl: config.CHATWOOT_BASE_URL, apiToken: config.BOT_ACCESS_TOKEN, accountId: config.CHATWOOT_ACCOUNT_ID, timeoutMs: config.CHATWOOT_TIMEOUT_MS }),
  );
  return { client: new ChatwootClient(http), maxTurns: config.BOT_MAX_TURNS, minConfidence: config.BOT_MIN_CONFIDENCE };
}

export interface RunningPipeline {
  port: number;
  telemetry: Telemetry;
  pool: pg.Pool;
  queue: JobQueue;
  /** PIPELINE_ROLE: 'all' takes webhooks and runs jobs, 'web' only takes webhooks, 'worker' only runs jobs. */
  role: Config['PIPELINE_ROLE'];
  /** The job worker (null with PIPELINE_ROLE=web). */
  worker: Worker | null;
  /** The model providers (null with PIPELINE_ROLE=web: that process never calls a model). */
  providers: Providers | null;
  /** The help center (null when neither HELP_CENTER_PORTAL nor KNOWLEDGE_DIR is set). */
  knowledge: KnowledgeBase | null;
  /** The triage configuration in force (categories, rules). */
  triage: TriageConfigHolder;
  /** Re-reads TRIAGE_CONFIG / ROUTING_CONFIG (SIGHUP); an invalid file keeps the old configuration. Returns whether it changed. */
  reloadTriage(): Promise<boolean>;
  stop(graceMs?: number): Promise<void>;
}

/**
 * Wires config → database → queue → server → worker. Used by main.ts, the tests, the demo and the bench.
 * PIPELINE_ROLE picks the halves: 'web' leaves out the worker side (model, worker, sweeper, purger, help-center sync)
 * and tells worker processes of new jobs by NOTIFY; 'worker' leaves out the webhook side and LISTENs.
 */
export async function startPipeline(
  config: Config,
  logger: Logger,
  overrides: Partial<Providers> & { clock?: Clock; /** main.ts: the port is already open; the app takes it over (and the requests it held). */ earlyServer?: EarlyServer } = {},
): Promise<RunningPipeline> {
  const role = roleParts(config.PIPELINE_ROLE);
  // A hung or unreachable database fails fast (connect or wait for a connection 10 s, statements 15 s) instead of hanging webhooks and jobs.
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    // Jobs hold a connection only per statement, so a few more than the webhook and claim loop need is plenty; a web
    // process needs the enqueue, the NOTIFY, /ready and /metrics' two queue reads at once.
    max: role.runsJobs ? Math.min(config.WORKER_CONCURRENCY, 16) + 4 : 6,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 15_000,
    query_timeout: 20_000,
  });
  pool.on('error', (e) => logger.error({ err: e.message }, 'idle database connection failed'));
  await migrate(pool);

  const queue = new JobQueue(pool, { maxAttempts: config.JOB_MAX_ATTEMPTS, leaseSeconds: config.JOB_LEASE_SECONDS });
  const records = new RecordStore(pool);
  const telemetry = createTelemetry(config, pool, records, logger);
  telemetry.telemetry.metrics.role.set({ role: config.PIPELINE_ROLE }, 1);
  const chatwootHttp = telemetry.telemetry.metrics.countChatwootErrors(
    // The jobs' client waits CHATWOOT_TIMEOUT_MS; the readiness check and the token probe (checkTransport) keep their 5 s.
    createChatwootHttp({ ...chatwootTarget(config), timeoutMs: config.CHATWOOT_TIMEOUT_MS }),
  );
  const chatwoot = new ChatwootClient(chatwootHttp);
  const extra = new ChatwootExtraClient(chatwootHttp);

  // TRIAGE_CONFIG (or the old ROUTING_CONFIG); team/agent ids are checked against Chatwoot when it answers.
  const triage = new TriageConfigHolder(await loadConfiguredTriage(config, chatwoot));
  // The old routing file may name teams (`team: billing`): the readiness check resolves them to ids, then the rules are rebuilt.
  const routingPath = !config.TRIAGE_CONFIG && config.ROUTING_CONFIG ? resolveUserPath(config.ROUTING_CONFIG) : null;
  const routing = routingPath ? await loadRoutingConfig(routingPath) : EMPTY_ROUTING;
  // A webhook's copy of the conversation saves its triage a read: kept by the process that runs the jobs; a web process
  // relays it to the workers in the NOTIFY of the new jobs.
  const snapshots = role.runsJobs ? new ConversationSnapshots() : undefined;
  const relay = role.notifiesWorkers ? new SnapshotRelay({ key: relayKey(config.CHATWOOT_API_TOKEN) }) : undefined;
  const jobSide = role.runsJobs
    ? await createJobSide({ config, logger, overrides, chatwootHttp, pool, queue, records, telemetry: telemetry.telemetry, chatwoot, extra, triage, snapshots, listen: role.listensForJobs })
    : null;

  const readiness = createReadiness({ config, logger, pool, chatwoot, triage, routing, routingPath, queue: role.runsJobs ? null : queue });
  const app = createRequestListener({
    readiness,
    logger,
    routes: telemetry.routes,
    ...(role.takesWebhooks ? webSide({ config, logger, pool, queue, telemetry: telemetry.telemetry, chatwoot, extra, snapshots: relay ?? snapshots }) : { webhook: null }),
  });
  const server = overrides.earlyServer ? attach(overrides.earlyServer, app) : await listen(app, config.PORT);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;

  // A web process tells the workers of its new jobs (they claim at once instead of at their next poll).
  const notifier = role.notifiesWorkers ? new JobNotifier(pool, logger, relay) : null;
  if (notifier) queue.events.on('enqueued', notifier.notify);
  await jobSide?.start();
  // The first Chatwoot check is awaited so the start-up line says whether the settings work; a failure
  // is logged by name (readiness) and re-checked in the background, never fatal.
  const chatwoot0 = await readiness.checkChatwoot();
  readiness.start();
  const provider = jobSide?.providers.provider;
  logger.info(
    { port, role: config.PIPELINE_ROLE, provider: provider?.kind, model: provider?.model, concurrency: jobSide ? config.WORKER_CONCURRENCY : undefined, chatwoot: chatwoot0.ok ? 'ok' : 'failed' },
    chatwoot0.ok ? 'ai-pipeline started and ready' : `ai-pipeline started, NOT ready: ${chatwoot0.reason}`,
  );
  if (!role.runsJobs) logger.warn('PIPELINE_ROLE=web: this process runs no jobs; tickets wait in the queue until a PIPELINE_ROLE=worker process runs');

  let stopped: Promise<void> | null = null;
  return {
    port,
    role: config.PIPELINE_ROLE,
    telemetry: telemetry.telemetry,
    pool,
    queue,
    worker: jobSide?.worker ?? null,
    providers: jobSide?.providers ?? null,
    knowledge: jobSide?.knowledge ?? null,
    triage,
    reloadTriage: () => reloadTriage(triage, config, logger, chatwoot),
    async stop(graceMs = 10_000) {
      if (stopped) return stopped;
      stopped = (async () => {
        readiness.stop();
        await jobSide?.stopBackground();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await closed;
        // After the last webhook's answer: its jobs' NOTIFY still goes out (the pool ends after it).
        if (notifier) {
          queue.events.off('enqueued', notifier.notify);
          await notifier.idle();
        }
        await jobSide?.stopWorker(graceMs);
        await telemetry.telemetry.stop(Math.min(graceMs, 3000) || 1000);
        await pool.end();
      })();
      return stopped;
    },
  };
}

/**
 * GET /ready's checks: the database, Chatwoot (then the old routing file's team names become ids; missing ones block
 * readiness) and, given the queue of a PIPELINE_ROLE=web process, whether any worker takes its jobs (a warning only).
 */
function createReadiness(d: {
  config: Config;
  logger: Logger;
  pool: pg.Pool;
  chatwoot: ChatwootClient;
  triage: TriageConfigHolder;
  routing: RoutingConfig;
  routingPath: string | null;
  queue: JobQueue | null;
}): Readiness {
  const { config, chatwoot, routing, routingPath, triage, queue } = d;
  const target = chatwootTarget(config);
  const checkHttp = checkTransport(target);
  const teamNames = routingTargets(routing).teamNames;
  return new Readiness({
    pingDatabase: () => d.pool.query('SELECT 1'),
    checkChatwoot: async () => {
      const connection = await checkChatwootConnection(checkHttp, target);
      if (!connection.ok || teamNames.length === 0) return connection;
      const { missing } = resolveTeamNames(routing, await chatwoot.listTeams());
      if (routingPath && triage.current.legacy) triage.replace(triageConfigFromRouting(routing, config.AUTO_ASSIGN_THRESHOLD, routingPath));
      if (missing.length === 0) return connection;
      return { ok: false, reason: `ROUTING_CONFIG names team(s) Chatwoot does not have: ${missing.join(', ')} (scripts/bootstrap-chatwoot creates them)` };
    },
    checkJobs: queue ? () => unclaimedJobs(queue) : undefined,
    logger: d.logger,
  });
}

/** Where Chatwoot is and how the pipeline signs in: the one shape every Chatwoot transport here is built from. */
function chatwootTarget(config: Config): ChatwootTarget {
  return { baseUrl: config.CHATWOOT_BASE_URL, apiToken: config.CHATWOOT_API_TOKEN, accountId: config.CHATWOOT_ACCOUNT_ID };
}

async function listen(app: RequestListener, port: number): Promise<Server> {
  const server = createHttpServer(app);
  await listenOn(server, port);
  return server;
}

interface SideDeps {
  config: Config;
  logger: Logger;
  pool: pg.Pool;
  queue: JobQueue;
  telemetry: Telemetry;
  chatwoot: ChatwootClient;
  extra: ChatwootExtraClient;
  snapshots: SnapshotSink | undefined;
}

/** The webhook side's routes: POST /webhook, /bot, /ingest and the sidebar, each when configured. */
function webSide({ config, logger, pool, queue, telemetry, chatwoot, extra, snapshots }: SideDeps): Pick<ServerDeps, 'webhook' | 'sidebar' | 'routers'> {
  return {
    sidebar: config.SIDEBAR_TOKEN
      ? sidebarRouter({
          token: config.SIDEBAR_TOKEN,
          chatwootOrigin: config.SIDEBAR_ALLOWED_ORIGIN ?? config.CHATWOOT_BASE_URL,
          chatwoot,
          enrichment: enrichmentClient(config),
          logger,
        })
      : undefined,
    webhook: {
      rules: { accountId: config.CHATWOOT_ACCOUNT_ID, inboxIds: config.CHATWOOT_INBOX_IDS },
      secret: config.CHATWOOT_WEBHOOK_SECRET,
      urlToken: config.WEBHOOK_URL_TOKEN,
      maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
      maxAgeSeconds: config.WEBHOOK_MAX_AGE_SECONDS,
      queue,
      logger,
      snapshots,
      countOutcome: (outcome) => telemetry.metrics.webhooks.inc({ outcome }),
      observeCommit: (seconds) => telemetry.metrics.webhookCommitSeconds.observe(seconds),
    },
    routers: [
      botWebhookRouter({
        secret: config.BOT_WEBHOOK_SECRET && config.BOT_ACCESS_TOKEN ? config.BOT_WEBHOOK_SECRET : undefined,
        accountId: config.CHATWOOT_ACCOUNT_ID,
        maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
        maxAgeSeconds: config.WEBHOOK_MAX_AGE_SECONDS,
        queue,
        logger,
      }),
      ...(config.INGEST_TOKEN && config.INGEST_INBOX_ID
        ? [
            ingestRouter({
              token: config.INGEST_TOKEN,
              service: new IngestService(extra, new IngestStore(pool), config.INGEST_INBOX_ID),
              maxBodyBytes: config.INGEST_MAX_BODY_BYTES,
              ratePerMinute: config.INGEST_RATE_PER_MINUTE,
              logger,
            }),
          ]
        : []),
    ],
  };
}

interface JobSide {
  worker: Worker;
  providers: Providers;
  knowledge: KnowledgeBase | null;
  /** The first help-center sync, then the worker, the sweeper, the purger and (in a worker-only process) the LISTEN. */
  start(): Promise<void>;
  /** Stops what works in the background (sweeper, purger, sync, LISTEN); the worker keeps finishing its jobs. */
  stopBackground(): Promise<void>;
  /** Stops the worker (running jobs get `graceMs`, then are handed back) and the model's thread. */
  stopWorker(graceMs: number): Promise<void>;
}

/** The job side: model providers, the worker and its background helpers (built, not started). */
async function createJobSide(
  d: Omit<SideDeps, 'snapshots'> & {
    chatwootHttp: ChatwootHttp;
    overrides: Partial<Providers> & { clock?: Clock };
    records: RecordStore;
    triage: TriageConfigHolder;
    snapshots: ConversationSnapshots | undefined;
    listen: boolean;
  },
): Promise<JobSide> {
  const { config, logger, pool, queue, chatwoot, extra, triage, overrides } = d;
  const slaConfig = config.TRIAGE_CONFIG ? await loadSlaConfig(resolveUserPath(config.TRIAGE_CONFIG)) : null;
  const providers = overrides.provider ? { provider: overrides.provider, fallback: overrides.fallback ?? null } : await createProviders(config, triage);
  if (providers.categoriesWithoutExamples?.length) {
    logger.warn({ categories: providers.categoriesWithoutExamples }, 'no example tickets for these categories: the offline model gives them a low confidence');
    if (cannotTellCategoriesApart(categoryNames(triage.current), providers.categoriesWithoutExamples)) {
      logger.warn('fewer than two categories have example tickets (TICKETS_DIR): the offline model cannot tell them apart and gives every answer a low confidence');
    }
  }
  const knowledge = createKnowledgeBase(config, pool, d.chatwootHttp, logger);
  const ownUserId = cachedOwnUserId(extra);
  // One attempt within 5 s (the readiness check's transport), not the job client's retries.
  const tokenProbe = new ChatwootClient(checkTransport(chatwootTarget(config)));
  const worker = new Worker(
    {
      chatwoot,
      enrichment: enrichmentClient(config),
      provider: providers.provider,
      fallback: providers.fallback,
      routing: EMPTY_ROUTING,
      threshold: config.AUTO_ASSIGN_THRESHOLD,
      triage,
      records: d.records,
      queue,
      directory: new Directory(chatwoot),
      logger,
      modelInputMaxChars: config.MODEL_INPUT_MAX_CHARS,
      telemetry: d.telemetry,
      knowledge,
      sla: slaConfig ? { config: slaConfig, clock: overrides.clock ?? systemClock, store: new SlaStore(pool) } : null,
      slaStarter: slaConfig ? new SlaStarter(extra, slaConfig, queue) : null,
      translate: { allowSend: config.ALLOW_TRANSLATE_SEND, client: extra, ownUserId },
      ownUserId,
      autoReply: { mode: config.AUTO_REPLY_MODE, cooldownHours: config.AUTO_REPLY_COOLDOWN_HOURS },
      bot: botRuntime(config, d.telemetry),
      snapshots: d.snapshots,
      checkToken: () => tokenProbe.checkToken(),
    },
    { concurrency: config.WORKER_CONCURRENCY, adaptive: config.WORKER_ADAPTIVE, pollMs: config.JOB_POLL_MS, leaseSeconds: config.JOB_LEASE_SECONDS, retryBaseMs: config.JOB_RETRY_BASE_MS },
  );
  const sweeper = new Sweeper(chatwoot, queue, {
    accountId: config.CHATWOOT_ACCOUNT_ID,
    inboxIds: config.CHATWOOT_INBOX_IDS,
    intervalSeconds: config.SWEEP_INTERVAL_SECONDS,
    logger,
    alone: (sweep) => runAlone(pool, 'triage.sweep', sweep),
  });
  const retention = new RetentionPurger(pool, { days: config.DATA_RETENTION_DAYS, logger });
  // A worker-only process hears of new jobs from the web processes by LISTEN (jobs/job-signal.ts), with the copies of
  // their webhooks' conversations (jobs/snapshot-relay.ts).
  const key = relayKey(config.CHATWOOT_API_TOKEN);
  const hearJobs = (payload: string) => {
    for (const heard of decodeCopies(payload, key)) d.snapshots?.keep(heard.copy, heard.ageMs);
    worker.wake();
  };
  const listener = d.listen
    ? new JobListener({ connectionString: config.DATABASE_URL, onJobs: hearJobs, onListening: (up) => d.telemetry.metrics.listenerGauge().set(up ? 1 : 0), logger })
    : null;
  if (listener) d.telemetry.metrics.listenerGauge().set(0);
  return {
    worker,
    providers,
    knowledge,
    async start() {
      // The first help-center sync runs before the worker starts, so the first ticket already sees the articles.
      if (knowledge) await knowledge.sync.start(config.HELP_CENTER_SYNC_SECONDS);
      worker.start();
      listener?.start();
      sweeper.start();
      retention.start();
    },
    async stopBackground() {
      sweeper.stop();
      await listener?.stop();
      await retention.stop();
      knowledge?.sync.stop();
    },
    async stopWorker(graceMs) {
      await worker.stop(graceMs);
      await providers.close?.();
    },
  };
}

/** How long due jobs may wait with no job running before a web process's /ready warns that no worker takes them. */
export const UNCLAIMED_JOBS_READY_SECONDS = 120;

async function unclaimedJobs(queue: JobQueue): Promise<string | null> {
  const waited = await queue.unclaimedWaitSeconds();
  if (waited === null || waited < UNCLAIMED_JOBS_READY_SECONDS) return null;
  return `jobs have waited ${Math.round(waited)} s and no worker runs any: this process is PIPELINE_ROLE=web, start a PIPELINE_ROLE=worker process (docker compose: COMPOSE_PROFILES=split)`;
}

function enrichmentClient(config: Config): EnrichmentClient {
  return new EnrichmentClient({ baseUrl: config.ENRICHMENT_SERVICE_URL, token: config.ENRICHMENT_TOKEN, timeoutMs: config.ENRICHMENT_TIMEOUT_MS });
}

function attach(early: EarlyServer, app: RequestListener): Server {
  early.attach(app);
  return early.server;
}
