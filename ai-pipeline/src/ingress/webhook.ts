import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { JobQueue, NewJob } from '../jobs/queue.js';
import type { SnapshotSink } from '../jobs/snapshots.js';
import type { WebhookOutcome } from '../telemetry/metrics.js';
import { classifyEvent, type IngressRules } from './classify-event.js';
import { NOT_JSON_MESSAGE } from './json-body.js';
import { verifySignature, verifyUrlToken } from './signature.js';

export interface WebhookOptions {
  rules: IngressRules;
  secret?: string;
  urlToken?: string;
  maxBodyBytes: number;
  maxAgeSeconds: number;
  queue: Pick<JobQueue, 'enqueue'>;
  logger: Logger;
  /** Where an accepted new ticket's conversation copy is kept for its triage's first attempt; absent = not kept. */
  snapshots?: SnapshotSink;
  /** Called once per answered webhook with its outcome (triage_webhooks_total); absent = not counted. */
  countOutcome?: (outcome: WebhookOutcome) => void;
  /** Called with the seconds an accepted webhook waited for its jobs' commit (triage_webhook_commit_seconds); absent = not timed. */
  observeCommit?: (seconds: number) => void;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const JSON_TYPE = 'application/json; charset=utf-8';
const EMPTY = Buffer.alloc(0);
// The constant answers, serialised once.
const NO_SECRET = JSON.stringify({ error: 'signed webhooks are not accepted: CHATWOOT_WEBHOOK_SECRET is not set' });
const BAD_URL_TOKEN = JSON.stringify({ error: 'missing or wrong ?token= (WEBHOOK_URL_TOKEN) and no X-Chatwoot-Signature' });
const NOT_JSON = JSON.stringify({ error: NOT_JSON_MESSAGE });
const QUEUE_DOWN = JSON.stringify({ error: 'the job queue is unavailable; try again later' });
const INTERNAL = JSON.stringify({ error: 'internal error' });

/** The 413 message, the same whether the limit is met in the direct path or by express (server.ts). */
export function tooLargeMessage(maxBodyBytes: number): string {
  return `body larger than the ${maxBodyBytes}-byte limit (WEBHOOK_MAX_BODY_BYTES)`;
}

/** The outcome triage_webhooks_total counts for an answer the handler did not write itself (express: 404, body errors). */
export function webhookOutcome(status: number): WebhookOutcome {
  if (status === 200) return 'accepted';
  if (status === 401 || status === 403) return 'rejected';
  if (status === 413) return 'too_large';
  if (status >= 400 && status < 500) return 'invalid';
  return 'error';
}

/**
 * The request the direct path takes: `POST /webhook` (with or without a query) and a body that is not content-encoded.
 * Anything else — another spelling of the path express would match (`/webhook/`, `/Webhook`), a gzip body, another
 * method — goes to express, which answers it as before (the same handler behind `express.raw`, or 404).
 */
export function isDirectWebhook(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url;
  if (url === undefined || !url.startsWith('/webhook') || (url.length > 8 && url.charCodeAt(8) !== 63 /* ? */)) return false;
  return req.headers['content-encoding'] === undefined;
}

/**
 * POST /webhook: read (with the size limit) → verify → parse → classify → remember the copy → enqueue, and answer.
 * No model or Chatwoot call happens here; nothing is enqueued on any error path, and a 200 "accepted" is written only
 * after the INSERT committed. Answered with `writeHead` + `end` (no express on the direct path); each answer counts
 * its outcome once.
 */
export class WebhookEndpoint {
  private readonly limit: number;
  private readonly tooLargeBody: string;

  constructor(private readonly opts: WebhookOptions) {
    this.limit = opts.maxBodyBytes;
    this.tooLargeBody = JSON.stringify({ error: tooLargeMessage(opts.maxBodyBytes) });
  }

  /**
   * The direct path (server.ts puts it in front of express for `isDirectWebhook` requests): reads the body itself.
   * A declared or streamed body past WEBHOOK_MAX_BODY_BYTES is answered 413 at once; the rest is neither read nor
   * kept (the connection closes after the answer).
   */
  readonly handle: Handler = (req, res) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > this.limit) {
      this.tooLarge(req, res);
      return;
    }
    let first: Buffer | null = null;
    let more: Buffer[] | null = null;
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > this.limit) {
        first = more = null;
        req.removeListener('data', onData);
        req.removeListener('end', onEnd);
        this.tooLarge(req, res);
        return;
      }
      if (first === null) first = chunk;
      else (more ??= [first]).push(chunk);
    };
    const onEnd = (): void => {
      // One chunk (the usual webhook) is used as it is; several are copied together once.
      const raw = more !== null ? Buffer.concat(more, size) : (first ?? EMPTY);
      this.process(req, res, raw);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    // An aborted upload: nothing to answer, nothing enqueued.
    req.on('error', noop);
  };

  /**
   * The express path, for the requests `isDirectWebhook` leaves to express: `express.raw` reads the body (it also
   * inflates a content-encoded one and answers its own 413/415), then the same handler. Requests under /webhook that
   * the handler does not answer (another method → 404, a body error) are counted when their answer is written.
   */
  router(): Router {
    const router = express.Router();
    const handled = (res: Response) => (res.locals as { webhookAnswered?: boolean }).webhookAnswered === true;
    router.use('/webhook', (_req: Request, res: Response, next: NextFunction) => {
      res.once('finish', () => {
        if (!handled(res)) this.opts.countOutcome?.(webhookOutcome(res.statusCode));
      });
      next();
    });
    router.post('/webhook', express.raw({ type: () => true, limit: this.limit }), (req: Request, res: Response) => {
      // From here the handler answers (and counts) every request itself.
      (res.locals as { webhookAnswered?: boolean }).webhookAnswered = true;
      this.process(req, res, Buffer.isBuffer(req.body) ? req.body : EMPTY);
    });
    return router;
  }

  private process(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    try {
      this.decide(req, res, raw);
    } catch (e) {
      this.failed(res, e);
    }
  }

  private decide(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const { opts } = this;
    const headers = req.headers;
    const deliveryId = header(headers['x-chatwoot-delivery'])?.slice(0, 100);
    // No per-request child logger: the delivery id goes into the few lines that are written.
    const log = opts.logger;

    const signature = header(headers['x-chatwoot-signature']);
    if (signature !== undefined || !opts.urlToken) {
      if (!opts.secret) {
        this.answer(res, 401, NO_SECRET, 'rejected');
        return;
      }
      const check = verifySignature({
        secret: opts.secret,
        rawBody: raw,
        signature,
        timestamp: header(headers['x-chatwoot-timestamp']),
        maxAgeSeconds: opts.maxAgeSeconds,
      });
      if (!check.ok) {
        log.warn({ deliveryId, reason: check.reason }, 'webhook rejected');
        this.answer(res, 401, JSON.stringify({ error: check.reason }), 'rejected');
        return;
      }
    } else if (!verifyUrlToken(opts.urlToken, queryToken(req.url))) {
      log.warn({ deliveryId }, 'webhook rejected: bad or missing URL token');
      this.answer(res, 401, BAD_URL_TOKEN, 'rejected');
      return;
    }

    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      this.answer(res, 400, NOT_JSON, 'invalid');
      return;
    }
    const decision = classifyEvent(body, opts.rules, deliveryId);
    if (decision.action === 'invalid') {
      log.warn({ deliveryId, error: decision.error }, 'webhook payload invalid');
      this.answer(res, 400, JSON.stringify({ error: decision.error }), 'invalid');
      return;
    }
    if (decision.action === 'ignore') {
      if (log.isLevelEnabled('debug')) log.debug({ deliveryId, reason: decision.reason }, 'webhook ignored');
      this.answer(res, 200, JSON.stringify({ status: 'ignored', reason: decision.reason }), 'ignored');
      return;
    }
    opts.snapshots?.rememberFrom(body, decision.jobs);
    void this.enqueue(res, decision.jobs, deliveryId, decision.reason);
  }

  /** The 200 only after the jobs' INSERT committed; 503 + Retry-After when the queue (Postgres) is away. */
  private async enqueue(res: ServerResponse, jobs: NewJob[], deliveryId: string | undefined, reason: string): Promise<void> {
    const log = this.opts.logger;
    let created: number;
    const started = performance.now();
    try {
      created = await this.opts.queue.enqueue(jobs);
      this.opts.observeCommit?.((performance.now() - started) / 1000);
    } catch (e) {
      // The sender may retry; the reconciliation sweep finds the message later.
      log.error({ deliveryId, err: (e as Error).message?.slice(0, 200) }, 'webhook not enqueued: the job queue is unavailable');
      this.answer(res, 503, QUEUE_DOWN, 'error', true);
      return;
    }
    try {
      // Per accepted delivery only at debug: the job row keeps its delivery ids, triage_webhooks_total counts it.
      if (log.isLevelEnabled('debug')) log.debug({ deliveryId, reason, jobs: jobs.map((j) => j.kind), created }, 'webhook accepted');
      this.answer(res, 200, `{"status":"accepted","created":${created}}`, 'accepted');
    } catch (e) {
      this.failed(res, e);
    }
  }

  private tooLarge(req: IncomingMessage, res: ServerResponse): void {
    // Stop reading: what is not read yet stays unread, and the connection closes once the answer is written.
    req.pause();
    if (res.headersSent) return;
    this.opts.countOutcome?.('too_large');
    res.writeHead(413, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(this.tooLargeBody), connection: 'close' });
    res.end(this.tooLargeBody);
  }

  /** A bug on this path: logged without the request, answered 500 like express's error handler. */
  private failed(res: ServerResponse, e: unknown): void {
    const err = e as { message?: string; type?: string } | null;
    this.opts.logger.error({ err: { message: err?.message, type: err?.type } }, 'request failed');
    if (!res.headersSent) this.answer(res, 500, INTERNAL, 'error');
  }

  private answer(res: ServerResponse, status: number, body: string, outcome: WebhookOutcome, retryAfter = false): void {
    this.opts.countOutcome?.(outcome);
    res.writeHead(
      status,
      retryAfter
        ? { 'retry-after': '5', 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body) }
        : { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body) },
    );
    res.end(body);
  }
}

function noop(): void {}

/** A header as express's `req.get` gives it (Node joins repeated `x-` headers with ", "). */
function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** `?token=` as express reads its query (node:querystring: a repeated key is an array, which no token equals). */
function queryToken(url: string | undefined): unknown {
  const at = url?.indexOf('?') ?? -1;
  return at < 0 ? undefined : parseQuery(url!.slice(at + 1)).token;
}

/** The webhook as an express router only (tests; the pipeline puts `WebhookEndpoint.handle` in front of express). */
export function webhookRouter(opts: WebhookOptions): Router {
  return new WebhookEndpoint(opts).router();
}
