import pg from 'pg';
import type { Logger } from 'pino';
import { ChatwootClient, ChatwootExtraClient } from './chatwoot/client.js';
import { createChatwootHttp } from './chatwoot/http.js';
import type { Config } from './config/config.js';
import { resolveUserPath } from './config/paths.js';
import { EMPTY_ROUTING, loadRoutingConfig } from './config/routing.js';
import { EnrichmentClient } from './enrichment/client.js';
import { Directory } from './jobs/directory.js';
import { JobQueue } from './jobs/queue.js';
import { Sweeper } from './jobs/sweep.js';
import { Worker } from './jobs/worker.js';
import { createProviders, type Providers } from './model/index.js';
import { createServer } from './server.js';
import { migrate } from './store/migrations.js';
import { RecordStore } from './store/records.js';
import type { Server } from 'node:http';
import { ingestRouter } from './ingest/router.js';
import { IngestService } from './ingest/service.js';
import { IngestStore } from './ingest/store.js';
import { systemClock, type Clock } from './sla/clock.js';
import { loadSlaConfig } from './sla/config.js';
import { SlaStarter } from './sla/start.js';
import { SlaStore } from './sla/store.js';
import { cachedOwnUserId } from './translate/job.js';

export interface RunningPipeline {
  port: number;
  pool: pg.Pool;
  queue: JobQueue;
  worker: Worker;
  providers: Providers;
  stop(graceMs?: number): Promise<void>;
}

/** Wires config → database → queue → server → worker. Used by main.ts, the tests, the demo and the bench. */
export async function startPipeline(config: Config, logger: Logger, overrides: Partial<Providers> & { clock?: Clock } = {}): Promise<RunningPipeline> {
  const slaConfig = config.TRIAGE_CONFIG ? await loadSlaConfig(resolveUserPath(config.TRIAGE_CONFIG)) : null;
  const routing = config.ROUTING_CONFIG ? await loadRoutingConfig(resolveUserPath(config.ROUTING_CONFIG)) : EMPTY_ROUTING;
  const providers = overrides.provider ? { provider: overrides.provider, fallback: overrides.fallback ?? null } : await createProviders(config);

  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: config.WORKER_CONCURRENCY + 4 });
  pool.on('error', (e) => logger.error({ err: e.message }, 'idle database connection failed'));
  await migrate(pool);

  const queue = new JobQueue(pool, { maxAttempts: config.JOB_MAX_ATTEMPTS, leaseSeconds: config.JOB_LEASE_SECONDS });
  const chatwootHttp = createChatwootHttp({ baseUrl: config.CHATWOOT_BASE_URL, apiToken: config.CHATWOOT_API_TOKEN, accountId: config.CHATWOOT_ACCOUNT_ID });
  const chatwoot = new ChatwootClient(chatwootHttp);
  const extra = new ChatwootExtraClient(chatwootHttp);
  const worker = new Worker(
    {
      chatwoot,
      enrichment: new EnrichmentClient({ baseUrl: config.ENRICHMENT_SERVICE_URL, token: config.ENRICHMENT_TOKEN, timeoutMs: config.ENRICHMENT_TIMEOUT_MS }),
      provider: providers.provider,
      fallback: providers.fallback,
      routing,
      threshold: config.AUTO_ASSIGN_THRESHOLD,
      records: new RecordStore(pool),
      queue,
      directory: new Directory(chatwoot),
      logger,
      sla: slaConfig ? { config: slaConfig, clock: overrides.clock ?? systemClock, store: new SlaStore(pool) } : null,
      slaStarter: slaConfig ? new SlaStarter(extra, slaConfig, queue) : null,
      translate: { allowSend: config.ALLOW_TRANSLATE_SEND, client: extra, ownUserId: cachedOwnUserId(extra) },
    },
    { concurrency: config.WORKER_CONCURRENCY, pollMs: config.JOB_POLL_MS, leaseSeconds: config.JOB_LEASE_SECONDS, retryBaseMs: config.JOB_RETRY_BASE_MS },
  );

  const app = createServer({
    pool,
    queue,
    logger,
    webhook: {
      rules: { accountId: config.CHATWOOT_ACCOUNT_ID, inboxIds: config.CHATWOOT_INBOX_IDS },
      secret: config.CHATWOOT_WEBHOOK_SECRET,
      urlToken: config.WEBHOOK_URL_TOKEN,
      maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
      maxAgeSeconds: config.WEBHOOK_MAX_AGE_SECONDS,
      queue,
      logger,
    },
    routers:
      config.INGEST_TOKEN && config.INGEST_INBOX_ID
        ? [
            ingestRouter({
              token: config.INGEST_TOKEN,
              service: new IngestService(extra, new IngestStore(pool), config.INGEST_INBOX_ID),
              maxBodyBytes: config.INGEST_MAX_BODY_BYTES,
              ratePerMinute: config.INGEST_RATE_PER_MINUTE,
              logger,
            }),
          ]
        : [],
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.PORT, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;

  const sweeper = new Sweeper(chatwoot, queue, {
    accountId: config.CHATWOOT_ACCOUNT_ID,
    inboxIds: config.CHATWOOT_INBOX_IDS,
    intervalSeconds: config.SWEEP_INTERVAL_SECONDS,
    logger,
  });
  worker.start();
  sweeper.start();
  logger.info({ port, provider: providers.provider.kind, model: providers.provider.model, concurrency: config.WORKER_CONCURRENCY }, 'ai-pipeline started');

  let stopped: Promise<void> | null = null;
  return {
    port,
    pool,
    queue,
    worker,
    providers,
    async stop(graceMs = 10_000) {
      if (stopped) return stopped;
      stopped = (async () => {
        sweeper.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await closed;
        await worker.stop(graceMs);
        await pool.end();
      })();
      return stopped;
    },
  };
}
