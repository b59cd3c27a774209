import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { pino } from 'pino';
import { bearerMatches } from './auth.js';
import { checkEmail, emailTag } from './email.js';
import { createEnricher } from './enrich.js';
import type { Logger } from './logger.js';
import type { EnrichResponse, Sources } from './section.js';

export interface AppDeps {
  /** The bearer token `/enrich` requires (ENRICHMENT_TOKEN). */
  token: string;
  sources: Sources;
  sourceTimeoutMs: number;
  cacheTtlSeconds: number;
  logger?: Logger;
}

/** The HTTP app; the caller decides where it listens (tests: 127.0.0.1, port 0). */
export function createApp(deps: AppDeps): Express {
  const logger = deps.logger ?? pino({ level: 'silent' });
  const enrich = createEnricher({ sources: deps.sources, timeoutMs: deps.sourceTimeoutMs, cacheTtlSeconds: deps.cacheTtlSeconds });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(accessLog(logger));
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'no-referrer');
    next();
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/enrich', requireToken(deps.token), async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const checked = checkEmail(req.query.email);
    if (!checked.ok) {
      res.status(400).json({ error: checked.error });
      return;
    }
    const result = await enrich(checked.email);
    logOutcome(logger, checked.email, result);
    res.json(result);
  });

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  const onError: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    logger.error({ err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, 'request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  };
  app.use(onError);
  return app;
}

function requireToken(token: string): RequestHandler {
  return (req, res, next) => {
    if (bearerMatches(req.get('authorization'), token)) {
      next();
      return;
    }
    res.set('WWW-Authenticate', 'Bearer');
    res.status(401).json({ error: 'missing or invalid bearer token (send "Authorization: Bearer <ENRICHMENT_TOKEN>")' });
  };
}

/** Method, path (never the query string: it carries the email), status and duration. */
function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) }, 'request');
    });
    next();
  };
}

function logOutcome(logger: Logger, email: string, result: EnrichResponse): void {
  const sections = { sentry: result.sentry, posthog: result.posthog, account: result.account };
  const statuses = Object.fromEntries(Object.entries(sections).map(([name, s]) => [name, s.status]));
  logger.debug({ emailTag: emailTag(email), ...statuses }, 'enriched');
  for (const [name, s] of Object.entries(sections)) {
    if (s.status === 'error' || s.status === 'timeout') logger.warn({ source: name, status: s.status, reason: s.reason }, 'source failed');
  }
}
