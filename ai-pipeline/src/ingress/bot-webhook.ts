import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { messageCreatedWebhook, webhookEnvelope } from '../chatwoot/payloads.js';
import type { JobQueue, NewJob } from '../jobs/queue.js';
import { verifySignature } from './signature.js';
import { parseJsonOr400 } from './json-body.js';

export interface BotWebhookOptions {
  /** BOT_WEBHOOK_SECRET; undefined = the chat bot is off (404). */
  secret?: string;
  accountId: number;
  maxBodyBytes: number;
  maxAgeSeconds: number;
  queue: Pick<JobQueue, 'enqueue'>;
  logger: Logger;
}

export type BotEventDecision = { action: 'enqueue'; job: NewJob } | { action: 'ignore'; reason: string } | { action: 'invalid'; error: string };

function invalid(error: z.ZodError): BotEventDecision {
  const first = error.issues[0];
  return { action: 'invalid', error: `invalid bot payload at "${first?.path.join('.') || '(root)'}": ${first?.message ?? 'invalid'}` };
}

/**
 * What an agent-bot delivery means (pure): only a customer's public message (`message_created`, incoming, not
 * private) in CHATWOOT_ACCOUNT_ID makes a `bot` job, keyed by the message id, so a redelivery makes none. The bot
 * also receives its own messages, agents' replies, notes and conversation events: all ignored here (the job
 * re-reads the conversation anyway).
 */
export function classifyBotEvent(body: unknown, accountId: number, deliveryId?: string): BotEventDecision {
  const envelope = webhookEnvelope.safeParse(body);
  if (!envelope.success) return invalid(envelope.error);
  if (envelope.data.event !== 'message_created') return { action: 'ignore', reason: `event ${envelope.data.event.slice(0, 40)} is not acted on` };
  const parsed = messageCreatedWebhook.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const m = parsed.data;
  if (m.message_type !== 'incoming') return { action: 'ignore', reason: `${m.message_type} message` };
  if (m.private) return { action: 'ignore', reason: 'private note' };
  if (m.account.id !== accountId) return { action: 'ignore', reason: `account ${m.account.id} is not CHATWOOT_ACCOUNT_ID` };
  return { action: 'enqueue', job: { kind: 'bot', accountId: m.account.id, conversationId: m.conversation.id, messageId: m.id, deliveryId } };
}

/**
 * POST /bot: Chatwoot's agent-bot deliveries, signed like account webhooks (with the bot's secret). Verify → parse →
 * classify → enqueue, then 200 at once; the answer is written by the worker (jobs/bot-reply.ts). Chatwoot retries a
 * bot delivery only on 429 and 500, so a queue outage answers 500.
 */
export function botWebhookRouter(opts: BotWebhookOptions): Router {
  const router = express.Router();
  router.post('/bot', express.raw({ type: () => true, limit: opts.maxBodyBytes }), async (req: Request, res: Response) => {
    if (!opts.secret) {
      res.status(404).json({ error: 'the chat bot is off: set BOT_WEBHOOK_SECRET and BOT_ACCESS_TOKEN (scripts/bootstrap-chatwoot --agent-bot prints both)' });
      return;
    }
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const deliveryId = req.get('x-chatwoot-delivery')?.slice(0, 100);
    const log = opts.logger.child({ deliveryId, route: '/bot' });
    const check = verifySignature({
      secret: opts.secret,
      rawBody: raw,
      signature: req.get('x-chatwoot-signature'),
      timestamp: req.get('x-chatwoot-timestamp'),
      maxAgeSeconds: opts.maxAgeSeconds,
      secretName: 'BOT_WEBHOOK_SECRET',
    });
    if (!check.ok) {
      log.warn({ reason: check.reason }, 'bot delivery rejected');
      res.status(401).json({ error: check.reason });
      return;
    }
    const parsed = parseJsonOr400(raw, res);
    if (!parsed) return;
    const decision = classifyBotEvent(parsed.body, opts.accountId, deliveryId);
    if (decision.action === 'invalid') {
      log.warn({ error: decision.error }, 'bot payload invalid');
      res.status(400).json({ error: decision.error });
      return;
    }
    if (decision.action === 'ignore') {
      res.status(200).json({ status: 'ignored', reason: decision.reason });
      return;
    }
    let created: number;
    try {
      created = await opts.queue.enqueue([decision.job]);
    } catch (e) {
      log.error({ err: (e as Error).message?.slice(0, 200) }, 'bot delivery not enqueued: the job queue is unavailable');
      res.status(500).json({ error: 'the job queue is unavailable; Chatwoot retries bot deliveries on 500' });
      return;
    }
    log.info({ created }, 'bot delivery accepted');
    res.status(200).json({ status: 'accepted', created });
  });
  return router;
}
