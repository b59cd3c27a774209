import { parseConfig, type Config } from './config.js';
import { loadDotEnv } from './dotenv.js';
import { flushErrorReporting, initErrorReporting } from './error-reporting.js';
import { createLogger } from './logger.js';
import { createApp } from './server.js';
import { createSources } from './sources/index.js';

/** Exit code for a configuration the operator must fix (sysexits EX_CONFIG). */
const EXIT_CONFIG = 78;

loadDotEnv();
const parsed = parseConfig(process.env);
if (parsed.ok) start(parsed.config);
else {
  process.stderr.write(
    `enrichment-service: invalid configuration\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}\nSee .env.example for every variable and its default.\n`,
  );
  process.exitCode = EXIT_CONFIG;
}

function start(config: Config): void {
  if (config.errorReporting) initErrorReporting(config.errorReporting);
  const logger = createLogger(config.logLevel);
  const { sources, close } = createSources(config, logger);
  const app = createApp({ token: config.token, sources, sourceTimeoutMs: config.sourceTimeoutMs, cacheTtlSeconds: config.cacheTtlSeconds, logger });

  const server = app.listen(config.port, () => {
    logger.info(
      {
        port: config.port,
        sentry: config.sentry ? 'configured' : 'not_configured',
        posthog: config.posthog ? 'configured' : 'not_configured',
        account: config.account ? 'configured' : 'not_configured',
        sourceTimeoutMs: config.sourceTimeoutMs,
        cacheTtlSeconds: config.cacheTtlSeconds,
      },
      'enrichment-service listening',
    );
  });
  server.on('error', (err) => {
    logger.fatal({ err: { name: err.name, message: err.message } }, 'cannot listen');
    process.exit(1);
  });

  function shutdown(signal: string): void {
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      void Promise.allSettled([close(), flushErrorReporting()]).finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
