import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { ChatwootApiError } from '../chatwoot/http.js';
import { describeIssue, ingestMessageSchema, ingestPathSchema, ingestTicketSchema } from './schema.js';
import { IngestBusyError, type IngestService } from './service.js';

export interface IngestRouterOptions {
  token: string;
  service: IngestService;
  maxBodyBytes: number;
  ratePerMinute: number;
  logger: Logger;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `POST /ingest` and `POST /ingest/{source}/{external_id}/messages` (see docs/ingest.openapi.yaml). */
export function ingestRouter(opts: IngestRouterOptions): express.Router {
  const router = express.Router();
  const expected = digest(opts.token);
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: opts.ratePerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    message: { error: `rate limit exceeded: at most ${opts.ratePerMinute} ingest requests per minute (INGEST_RATE_PER_MINUTE)` },
  });

  const authorize = (req: Request, res: Response, next: NextFunction) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m || !timingSafeEqual(digest(m[1]!), expected)) {
      res.status(401).set('www-authenticate', 'Bearer').json({ error: 'missing or wrong bearer token (INGEST_TOKEN)' });
      return;
    }
    next();
  };
  const json = express.json({ limit: opts.maxBodyBytes, type: () => true });

  const fail = (res: Response, e: unknown) => {
    if (e instanceof IngestBusyError) {
      res.status(503).set('retry-after', '2').json({ error: e.message });
      return;
    }
    const status = e instanceof ChatwootApiError ? e.status : null;
    opts.logger.warn({ err: (e as Error).message?.slice(0, 300), chatwootStatus: status }, 'ingest failed');
    res.status(502).json({ error: 'Chatwoot could not create the conversation; retry later' });
  };

  router.post('/ingest', limiter, authorize, json, async (req, res) => {
    const parsed = ingestTicketSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: `invalid ingest request: ${describeIssue(parsed.error)}` });
      return;
    }
    try {
      const r = await opts.service.ingest(parsed.data);
      res.status(r.created ? 201 : 200).json({ conversation_id: r.conversationId, created: r.created });
    } catch (e) {
      fail(res, e);
    }
  });

  router.post('/ingest/:source/:external_id/messages', limiter, authorize, json, async (req, res) => {
    const path = ingestPathSchema.safeParse(req.params);
    const parsed = ingestMessageSchema.safeParse(req.body);
    if (!path.success || !parsed.success) {
      res.status(400).json({ error: `invalid ingest request: ${describeIssue((path.error ?? parsed.error)!)}` });
      return;
    }
    try {
      const r = await opts.service.append(path.data.source, path.data.external_id, parsed.data);
      if (!r) {
        res.status(404).json({ error: `no ticket ingested with source "${path.data.source}" and this external_id` });
        return;
      }
      res.status(201).json({ conversation_id: r.conversationId, message_id: r.messageId });
    } catch (e) {
      fail(res, e);
    }
  });

  // Body errors of these routes: 413 over INGEST_MAX_BODY_BYTES, 400 malformed JSON.
  router.use('/ingest', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: `body larger than the ${opts.maxBodyBytes}-byte limit (INGEST_MAX_BODY_BYTES)` });
      return;
    }
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: `invalid ingest request: the body is not valid JSON (${e.message ?? 'parse error'})` });
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: `invalid ingest request: ${e.message ?? 'bad request'}` });
      return;
    }
    next(err);
  });
  return router;
}
