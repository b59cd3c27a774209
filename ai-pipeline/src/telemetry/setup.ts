import { createHash } from 'node:crypto';
import type { Router } from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { RecordStore } from '../store/records.js';
import { Telemetry } from './index.js';
import { telemetryRouter } from './routes.js';

/** Builds the telemetry from the configuration: each sink is on only when its variable is set. */
export function createTelemetry(config: Config, pool: pg.Pool, records: RecordStore, logger: Logger): { telemetry: Telemetry; routes: Router } {
  // Without TELEMETRY_SALT the hash key is derived from the Chatwoot token: secret, and stable across restarts.
  const salt = config.TELEMETRY_SALT ?? createHash('sha256').update(`triage-telemetry:${config.CHATWOOT_API_TOKEN}`).digest('hex');
  const telemetry = new Telemetry({
    pool,
    records,
    logger,
    salt,
    sentry: config.SENTRY_DSN ? { dsn: config.SENTRY_DSN, environment: config.SENTRY_ENVIRONMENT } : null,
    posthog: config.POSTHOG_PROJECT_API_KEY ? { apiKey: config.POSTHOG_PROJECT_API_KEY, host: config.POSTHOG_CAPTURE_HOST } : null,
  });
  const routes = telemetryRouter({ pool, metrics: telemetry.metrics, metricsToken: config.METRICS_TOKEN, insightsToken: config.SIDEBAR_TOKEN });
  logger.info(
    { sentry: Boolean(config.SENTRY_DSN), posthog: Boolean(config.POSTHOG_PROJECT_API_KEY), metricsToken: Boolean(config.METRICS_TOKEN), insights: Boolean(config.SIDEBAR_TOKEN) },
    'telemetry',
  );
  return { telemetry, routes };
}
