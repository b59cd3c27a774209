import express, { type NextFunction, type Request, type Response } from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import { webhookRouter, type WebhookOptions } from './ingress/webhook.js';
import type { JobQueue } from './jobs/queue.js';

export interface ServerDeps {
  webhook: WebhookOptions;
  pool: pg.Pool;
  queue: Pick<JobQueue, 'counts'>;
  logger: Logger;
  /** Extra routers (e.g. POST /ingest when INGEST_TOKEN and INGEST_INBOX_ID are set). */
  routers?: express.Router[];
}

/** The pipeline's HTTP surface: POST /webhook, GET /health. */
export function createServer(deps: ServerDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(webhookRouter(deps.webhook));
  for (const router of deps.routers ?? []) app.use(router);

  app.get('/health', async (_req, res) => {
    try {
      await deps.pool.query('SELECT 1');
      res.json({ status: 'ok', database: 'ok', jobs: await deps.queue.counts() });
    } catch (e) {
      res.status(503).json({ status: 'unavailable', database: (e as Error).message });
    }
  });

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found: the webhook is POST /webhook, health is GET /health' });
  });

  // Body-parser errors carry a status (413 too large, 400 bad encoding); anything else is ours.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { status?: number; type?: string; message?: string };
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: `body larger than the ${deps.webhook.maxBodyBytes}-byte limit (WEBHOOK_MAX_BODY_BYTES)` });
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
