import { startPipeline } from './app.js';
import { ConfigError, parseConfig } from './config/config.js';
import { loadDotEnv } from './config/paths.js';
import { createLogger } from './logger.js';

/** Start-up only: config → database → queue → server → worker; SIGTERM/SIGINT stop it gracefully. */
async function main(): Promise<void> {
  let config;
  try {
    loadDotEnv();
    config = parseConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`ai-pipeline: ${e.message}\nSee .env.example for every variable and its default.\n`);
      process.exit(1);
    }
    throw e;
  }
  const logger = createLogger(config.LOG_LEVEL);
  let pipeline;
  try {
    pipeline = await startPipeline(config, logger);
  } catch (e) {
    process.stderr.write(`ai-pipeline: could not start: ${(e as Error).message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: no new jobs; finishing or releasing running ones');
    pipeline
      .stop(15_000)
      .then(() => process.exit(0))
      .catch((e) => {
        logger.error({ err: (e as Error).message }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // SIGHUP: re-read the triage configuration; running jobs finish with the old one, an invalid file is logged and ignored.
  process.on('SIGHUP', () => void pipeline.reloadTriage());
}

void main();
