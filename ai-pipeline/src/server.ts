import type { RequestListener } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { ReadyReport } from './health/readiness.js';
import { isDirectWebhook, tooLargeMessage, WebhookEndpoint, type WebhookOptions } from './ingress/webhook.js';

export interface ServerDeps {
  /** POST /webhook; null in a PIPELINE_ROLE=worker process, which answers the webhook routes with a 404 that says so. */
  webhook: WebhookOptions | null;
  /** GET /ready: the database and the Chatwoot check (see health/readiness.ts). */
  readiness: { report(): Promise<ReadyReport>; database(): Promise<ReadyReport['database']> };
  logger: Logger;
  /** The Chatwoot dashboard app (GET /sidebar, GET /sidebar/context), when SIDEBAR_TOKEN is set. */
  sidebar?: express.Router;
  /** Extra routes mounted before the webhook (telemetry: /metrics, /insights). */
  routes?: express.Router;
  /** Extra routers (e.g. POST /ingest when INGEST_TOKEN and INGEST_INBOX_ID are set). */
  routers?: express.Router[];
}

/**
 * The pipeline's request listener: `POST /webhook` goes straight to the webhook's own handler (it reads the body
 * itself and answers with writeHead/end: express costs about as much CPU as the rest of the webhook), every other
 * request to the express app (health, ready, metrics, sidebar, /bot, /ingest, 404, and the rare webhook request the
 * direct path leaves to express, see `isDirectWebhook`).
 */
export function createRequestListener(deps: ServerDeps): RequestListener {
  const webhook = deps.webhook ? new WebhookEndpoint(deps.webhook) : null;
  const app = expressApp(deps, webhook);
  if (!webhook) return app;
  const direct = webhook.handle;
  return (req, res) => {
    if (isDirectWebhook(req)) direct(req, res);
    else app(req, res);
  };
}

/** The pipeline's HTTP surface as one express app (POST /webhook through express too): GET /health (liveness), GET /ready (readiness). */
export function createServer(deps: ServerDeps): express.Express {
  return expressApp(deps, deps.webhook ? new WebhookEndpoint(deps.webhook) : null);
}

/** A worker-only process's answer to a request meant for the web process (Chatwoot or /ingest pointed at the wrong one). */
const WORKER_ONLY = {
  error: 'this process runs PIPELINE_ROLE=worker and takes no webhooks, /bot, /ingest or /sidebar requests: send them to the PIPELINE_ROLE=web (or all) process',
};

/**
 * A 404 that says what to fix: a path of an optional feature names the feature's routes and the variables that turn
 * it on (the ingest router is mounted only when it is on, so its answer holds whether it is on or off).
 */
export function notFoundMessage(path: string, sidebarOn: boolean): string {
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  if (under('/ingest')) {
    return 'not found: the ingest API is POST /ingest and POST /ingest/{source}/{external_id}/messages, and is on only when INGEST_TOKEN and INGEST_INBOX_ID are set';
  }
  if (under('/sidebar')) {
    return sidebarOn
      ? 'not found: the sidebar is GET /sidebar and GET /sidebar/context?conversation_id=N'
      : 'the sidebar is off: set SIDEBAR_TOKEN (16+ characters; scripts/bootstrap-chatwoot registers the dashboard app with it)';
  }
  return 'not found: the webhook is POST /webhook, liveness GET /health, readiness GET /ready';
}

function expressApp(deps: ServerDeps, webhook: WebhookEndpoint | null): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.routes) app.use(deps.routes);
  if (webhook) app.use(webhook.router());
  else app.use(['/webhook', '/bot', '/ingest', '/sidebar'], (_req, res) => void res.status(404).json(WORKER_ONLY));
  for (const router of deps.routers ?? []) app.use(router);

  // Health: the process serves HTTP and its database answers one SELECT 1 (no count, no Chatwoot call). While the
  // database is down this is 503, like the webhook; the process itself keeps running and recovers on its own.
  app.get('/health', async (_req, res) => {
    const database = await deps.readiness.database();
    res.status(database === 'ok' ? 200 : 503).json({ status: database === 'ok' ? 'ok' : 'unavailable', database });
  });

  // Readiness: 503 with the reasons (by setting name) until the database answers and Chatwoot accepts us.
  app.get('/ready', async (_req, res) => {
    const report = await deps.readiness.report();
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'not_ready', ...report });
  });

  if (deps.sidebar) app.use(deps.sidebar);

  app.use((req, res) => {
    res.status(404).json({ error: notFoundMessage(req.path, deps.sidebar !== undefined) });
  });

  // Body-parser errors carry a status (413 too large, 400 bad encoding); anything else is ours.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { status?: number; type?: string; message?: string };
    if (e.type === 'entity.too.large' && deps.webhook) {
      res.status(413).json({ error: tooLargeMessage(deps.webhook.maxBodyBytes) });
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: e.message ?? 'bad request' });
      return;
    }
    deps.logger.error({ err: { message: e.message, type: e.type } }, 'request failed');
    res.status(500).json({ error: 'internal error' });
  });
  return app;
}
