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

  // express 5 hands a listen error to this callback too: only a port that opened is "listening" ('error' below).
  const server = app.listen(config.port, (err?: Error) => {
    if (err) return;
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
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'it is already in use by another process: stop that process or set ENRICHMENT_PORT to a free port' : err.message;
    logger.fatal({ err: { name: err.name, message: err.message } }, `cannot listen on ENRICHMENT_PORT=${config.port}: ${why}`);
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
