import type { Server } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import pg from 'pg';
import type { Logger } from 'pino';
import type { RunningPipeline } from './app.js';
import { ConfigError, loadConfig, type Config, type WaitingConfig } from './config/config.js';
import { EXIT_CONFIG, startFailureExitCode } from './config/exit-codes.js';
import { loadDotEnv } from './config/paths.js';
import { EarlyServer } from './health/early-server.js';
import { createLogger } from './logger.js';
import { describeDatabaseStartError } from './store/database-error.js';

/**
 * Start-up only: config → database (SELECT 1) → the port opens (GET /health, webhooks held) → the rest of the
 * pipeline is loaded and started (queue → server → worker) and takes the port over; SIGTERM/SIGINT stop it gracefully.
 */
async function main(): Promise<void> {
  let loaded;
  try {
    loadDotEnv();
    loaded = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`ai-pipeline: ${e.message}\nSee .env.example for every variable and its default.\n`);
      process.exitCode = EXIT_CONFIG;
      return;
    }
    throw e;
  }
  if (loaded.status === 'waiting') {
    await waitForConfiguration(loaded.waiting);
    return;
  }
  const config = loaded.config;
  // A burst's garbage otherwise piles up to ~4× the live heap before V8 collects it (peak RSS 240 → 170 MB at 20 %).
  if (config.HEAP_GROWING_PERCENT > 0) setFlagsFromString(`--heap-growing-percent=${config.HEAP_GROWING_PERCENT}`);
  const logger = createLogger(config.LOG_LEVEL);
  // Last resort: a rejection or exception nobody handled (a socket reset in a driver callback) is logged — its
  // kind and code, never its text, which may quote customer data — and the process keeps serving.
  const lastResort = (kind: string) => (err: unknown) => {
    const e = err as { name?: unknown; code?: unknown } | null;
    logger.error({ kind, name: typeof e?.name === 'string' ? e.name : typeof err, code: typeof e?.code === 'string' ? e.code : undefined }, 'unhandled error; still running');
  };
  process.on('unhandledRejection', lastResort('unhandledRejection'));
  process.on('uncaughtException', lastResort('uncaughtException'));
  let pipeline: RunningPipeline;
  try {
    pipeline = await startInStages(config, logger);
  } catch (e) {
    process.stderr.write(`ai-pipeline: could not start: ${(e as Error).message}\n`);
    process.exit(startFailureExitCode(e));
  }
  onSignals(logger, () => pipeline.stop(15_000));
  // SIGHUP: re-read the triage configuration; running jobs finish with the old one, an invalid file is logged and ignored.
  process.on('SIGHUP', () => void pipeline.reloadTriage());
}

/**
 * The port opens once the database answered, before the pipeline's modules are even loaded (they are most of the
 * start-up time), so /health answers within a fraction of a second; /ready says "starting" until the app is attached.
 */
async function startInStages(config: Config, logger: Logger): Promise<RunningPipeline> {
  const ping = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1, connectionTimeoutMillis: 5000, idleTimeoutMillis: 1000, query_timeout: 5000 });
  ping.on('error', () => undefined);
  try {
    await ping.query('SELECT 1').catch((e: unknown) => {
      throw new Error(describeDatabaseStartError(e, config.DATABASE_URL));
    });
    const early = await EarlyServer.listen({ port: config.PORT, pingDatabase: () => ping.query('SELECT 1') });
    const { startPipeline } = await import('./app.js');
    return await startPipeline(config, logger, { earlyServer: early });
  } finally {
    await ping.end().catch(() => undefined);
  }
}

/** Setup is unfinished: stay up (no crash loop), say what is missing, answer /health, /ready and /webhook. */
async function waitForConfiguration(waiting: WaitingConfig): Promise<void> {
  const logger = createLogger(waiting.LOG_LEVEL);
  const { listenWaitingServer } = await import('./health/waiting-server.js');
  let server: Server;
  try {
    server = await listenWaitingServer(waiting);
  } catch (e) {
    process.stderr.write(`ai-pipeline: could not start: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  logger.warn(
    { missing: waiting.missing, port: waiting.PORT },
    `ai-pipeline is waiting for configuration: ${waiting.problems.join('; ')}. Set them in .env and restart (docker compose up -d ai-pipeline).`,
  );
  onSignals(logger, () => new Promise<void>((resolve) => server.close(() => resolve())));
  process.on('SIGHUP', () => logger.info('SIGHUP: nothing to reload while waiting for configuration'));
}

function onSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: no new jobs; finishing or releasing running ones');
    stop()
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        logger.error({ err: (e as Error).message }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
