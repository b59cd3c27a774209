import { createServer, type Server } from 'node:http';
import express from 'express';
import type { WaitingConfig } from '../config/config.js';
import { listenOn } from './listen.js';

/**
 * The pipeline's HTTP surface while setup is unfinished (CHATWOOT_API_TOKEN and/or CHATWOOT_WEBHOOK_SECRET
 * not set yet): alive (GET /health 200), not ready (GET /ready 503 naming what is missing), and the webhook
 * refuses with 503 so Chatwoot's delivery log says why. Nothing touches the database or Chatwoot.
 */
export function createWaitingServer(waiting: Pick<WaitingConfig, 'missing'>): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const reason = `waiting for configuration: set ${waiting.missing.join(' and ')} (see chatwoot-config/setup-notes.md), then restart the pipeline`;
  app.get('/health', (_req, res) => {
    res.json({ status: 'waiting_for_configuration' });
  });
  app.get('/ready', (_req, res) => {
    res.status(503).json({ status: 'waiting_for_configuration', ready: false, missing: waiting.missing, reasons: [reason] });
  });
  app.post('/webhook', (_req, res) => {
    res.status(503).json({ error: reason });
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found: the webhook is POST /webhook, liveness GET /health, readiness GET /ready' });
  });
  return app;
}

/** The waiting server on PORT; rejects naming PORT when it cannot be opened (express 5's app.listen reports that to its callback as success). */
export async function listenWaitingServer(waiting: Pick<WaitingConfig, 'missing' | 'PORT'>): Promise<Server> {
  const server = createServer(createWaitingServer(waiting));
  await listenOn(server, waiting.PORT);
  return server;
}
