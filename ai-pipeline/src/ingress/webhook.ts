import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { JobQueue } from '../jobs/queue.js';
import type { ConversationSnapshots } from '../jobs/snapshots.js';
import { classifyEvent, type IngressRules } from './classify-event.js';
import { verifySignature, verifyUrlToken } from './signature.js';
import { parseJsonOr400 } from './json-body.js';

export interface WebhookOptions {
  rules: IngressRules;
  secret?: string;
  urlToken?: string;
  maxBodyBytes: number;
  maxAgeSeconds: number;
  queue: Pick<JobQueue, 'enqueue'>;
  logger: Logger;
  /** Where an accepted new ticket's conversation copy is kept for its triage's first attempt; absent = not kept. */
  snapshots?: Pick<ConversationSnapshots, 'rememberFrom'>;
}

/**
 * POST /webhook: verify → parse → classify → enqueue, and answer. No model or Chatwoot call happens here;
 * nothing is enqueued on any error path.
 */
export function webhookRouter(opts: WebhookOptions): Router {
  const router = express.Router();
  router.post(
    '/webhook',
    express.raw({ type: () => true, limit: opts.maxBodyBytes }),
    async (req: Request, res: Response) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const deliveryId = req.get('x-chatwoot-delivery')?.slice(0, 100);
      // No per-request child logger: the delivery id goes into the few lines that are written.
      const log = opts.logger;

      const signature = req.get('x-chatwoot-signature');
      if (signature !== undefined || !opts.urlToken) {
        if (!opts.secret) {
          res.status(401).json({ error: 'signed webhooks are not accepted: CHATWOOT_WEBHOOK_SECRET is not set' });
          return;
        }
        const check = verifySignature({
          secret: opts.secret,
          rawBody: raw,
          signature,
          timestamp: req.get('x-chatwoot-timestamp'),
          maxAgeSeconds: opts.maxAgeSeconds,
        });
        if (!check.ok) {
          log.warn({ deliveryId, reason: check.reason }, 'webhook rejected');
          res.status(401).json({ error: check.reason });
          return;
        }
      } else if (!verifyUrlToken(opts.urlToken, req.query.token)) {
        log.warn({ deliveryId }, 'webhook rejected: bad or missing URL token');
        res.status(401).json({ error: 'missing or wrong ?token= (WEBHOOK_URL_TOKEN) and no X-Chatwoot-Signature' });
        return;
      }

      const parsed = parseJsonOr400(raw, res);
      if (!parsed) return;
      const decision = classifyEvent(parsed.body, opts.rules, deliveryId);
      if (decision.action === 'invalid') {
        log.warn({ deliveryId, error: decision.error }, 'webhook payload invalid');
        res.status(400).json({ error: decision.error });
        return;
      }
      if (decision.action === 'ignore') {
        if (log.isLevelEnabled('debug')) log.debug({ deliveryId, reason: decision.reason }, 'webhook ignored');
        res.status(200).json({ status: 'ignored', reason: decision.reason });
        return;
      }
      opts.snapshots?.rememberFrom(parsed.body, decision.jobs);
      let created: number;
      try {
        created = await opts.queue.enqueue(decision.jobs);
      } catch (e) {
        // The queue (Postgres) is away: say so, so the sender may retry; the reconciliation sweep finds the message later.
        log.error({ deliveryId, err: (e as Error).message?.slice(0, 200) }, 'webhook not enqueued: the job queue is unavailable');
        res.status(503).set('retry-after', '5').json({ error: 'the job queue is unavailable; try again later' });
        return;
      }
      // Per accepted delivery only at debug: the job row keeps its delivery ids, triage_webhooks_total counts it.
      if (log.isLevelEnabled('debug')) log.debug({ deliveryId, reason: decision.reason, jobs: decision.jobs.map((j) => j.kind), created }, 'webhook accepted');
      res.status(200).json({ status: 'accepted', created });
    },
  );
  return router;
}
