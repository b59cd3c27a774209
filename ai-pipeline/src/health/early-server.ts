import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { listenOn } from './listen.js';

/** What GET /ready answers until the pipeline is attached. */
export const STARTING_REASON = 'the pipeline is starting (migrations, triage configuration, first Chatwoot check)';

export interface EarlyServerOptions {
  port: number;
  /** One cheap round trip to the database (SELECT 1); rejects when it does not answer. */
  pingDatabase: () => Promise<unknown>;
  /** Requests held while starting, at most; beyond it they get 503 with Retry-After (Chatwoot redelivers). */
  maxHeld?: number;
}

/**
 * The port, opened as soon as the configuration is valid and the database answered, before the rest of the
 * pipeline (express, the Chatwoot client, the rules, the worker) is even loaded: GET /health answers like the
 * pipeline's own (200 while the database answers), GET /ready is 503 "starting", and every other request —
 * a webhook — is held, unread, and handed to the pipeline once it is attached. Nothing is answered 200 before
 * the pipeline has written it down.
 */
export class EarlyServer {
  readonly server: Server;
  private handler: RequestListener | null = null;
  private held: [IncomingMessage, ServerResponse][] = [];

  private constructor(private readonly o: EarlyServerOptions) {
    this.server = createServer((req, res) => this.route(req, res));
  }

  static async listen(o: EarlyServerOptions): Promise<EarlyServer> {
    const early = new EarlyServer(o);
    await listenOn(early.server, o.port);
    return early;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : this.o.port;
  }

  /** Requests held so far and not yet handed over. */
  get heldCount(): number {
    return this.held.length;
  }

  /** From now on the pipeline answers every request; the ones held meanwhile go to it first, in arrival order. */
  attach(handler: RequestListener): void {
    this.handler = handler;
    const held = this.held;
    this.held = [];
    for (const [req, res] of held) if (!res.writableEnded && !req.destroyed) handler(req, res);
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    if (this.handler) {
      this.handler(req, res);
      return;
    }
    const path = (req.url ?? '/').split('?', 1)[0];
    if (req.method === 'GET' && path === '/health') {
      void this.health(res);
      return;
    }
    if (req.method === 'GET' && path === '/ready') {
      json(res, 503, { status: 'starting', ready: false, reasons: [STARTING_REASON] });
      return;
    }
    if (this.held.length >= (this.o.maxHeld ?? 1000)) {
      res.setHeader('retry-after', '1');
      json(res, 503, { error: `${STARTING_REASON}; retry` });
      return;
    }
    this.held.push([req, res]);
  }

  private async health(res: ServerResponse): Promise<void> {
    const ok = await this.o.pingDatabase().then(
      () => true,
      () => false,
    );
    json(res, ok ? 200 : 503, ok ? { status: 'ok', database: 'ok' } : { status: 'unavailable', database: 'unreachable' });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
