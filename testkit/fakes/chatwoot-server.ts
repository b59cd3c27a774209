import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { conversationRoutes } from './chatwoot/conversation-routes.js';
import { receiveEmail, type EmailResult, type IncomingEmail } from './chatwoot/email.js';
import { createEventSink } from './chatwoot/events.js';
import { FaultControls, type RouteMatcher } from './chatwoot/faults.js';
import { HttpError, notFound, unauthorized } from './chatwoot/http-error.js';
import { FakeChatwootStore, newSecret, type Agent, type AgentBot, type ChannelKind, type Inbox, type Role, type Team, type Webhook } from './chatwoot/model.js';
import type { Json } from './chatwoot/params.js';
import type { FakeRoute, Method } from './chatwoot/route-types.js';
import { settingsRoutes } from './chatwoot/settings-routes.js';
import { helpCenterOf, helpCenterRoutes, type FakeHelpCenter } from './chatwoot/help-center-routes.js';
import { accountRoutes, profileJson } from './chatwoot/account-routes.js';
import { agentBotRoutes } from './chatwoot/agent-bot-routes.js';
import { receiveWidgetMessage, type WidgetMessage, type WidgetResult } from './chatwoot/widget.js';
import { ALLOWED_WEBHOOK_EVENTS, WebhookDispatcher, type DeliveryRecord } from './chatwoot/webhooks.js';

/**
 * An in-process Chatwoot (v4.15.1 semantics, see /work/shared/chatwoot/REFERENCE.md) on 127.0.0.1 for tests,
 * the demo and the bench: the REST routes the project calls, signed flat webhooks, and fault controls.
 */

export type { DeliveryRecord, IncomingEmail, EmailResult, RouteMatcher, WidgetMessage, WidgetResult, AgentBot };

/**
 * What an agent bot's token may call (AccessTokenAuthHelper::BOT_ACCESSIBLE_ENDPOINTS): conversation show, create,
 * update, toggle_status, toggle_priority, custom_attributes, creating messages, assignments, labels. Everything
 * else (listing messages included) is 401 for a bot.
 */
export const BOT_ACCESSIBLE_ROUTES: ReadonlySet<string> = new Set([
  'getConversation',
  'createConversation',
  'updateConversation',
  'toggleStatus',
  'togglePriority',
  'setCustomAttributes',
  'createMessage',
  'assign',
  'getConversationLabels',
  'setConversationLabels',
]);
export { ALLOWED_WEBHOOK_EVENTS };
export { signWebhook } from './chatwoot/webhooks.js';
export { startWebhookReceiver, type ReceivedWebhook } from './chatwoot/receiver.js';
export type { FakeChatwootStore } from './chatwoot/model.js';
export type { FakeHelpCenter, FakeArticle, FakePortal } from './chatwoot/help-center-routes.js';

/** Every account-scoped route the fake serves (paths relative to /api/v1/accounts/{account_id}). */
export const FAKE_CHATWOOT_ROUTES: readonly { name: string; method: Method; path: string }[] = [...conversationRoutes, ...settingsRoutes, ...helpCenterRoutes, ...accountRoutes, ...agentBotRoutes].map(
  ({ name, method, path }) => ({ name, method, path }),
);
/** Routes outside /api/v1/accounts/… that the fake also serves. */
export const FAKE_CHATWOOT_EXTRA_ROUTES = [
  { method: 'GET', path: '/api' },
  { method: 'GET', path: '/api/v1/profile' },
] as const;

export const FAKE_CHATWOOT_VERSION = '4.15.1';

export interface FakeChatwootOptions {
  /** The administrator's access token (default 'fake-admin-token'). */
  apiToken?: string;
  accountId?: number;
  /** Requests allowed per window before 429 + Retry-After (default: unlimited). */
  floodLimitPerMinute?: number;
  /** Length of the flood window (default 60 000 ms; tests shorten it). */
  floodWindowMs?: number;
  /** Webhook delivery timeout (Chatwoot's WEBHOOK_TIMEOUT, default 5000 ms). */
  webhookTimeoutMs?: number;
  /** Pause between an agent bot's delivery attempts on 429/500 (Chatwoot: 3000 ms; tests shorten it). */
  botRetryDelayMs?: number;
  port?: number;
}

export interface RecordedRequest {
  method: string;
  /** Full path, e.g. /api/v1/accounts/1/conversations/3/labels */
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  /** Name of the fake's route that matched, if any. */
  route?: string;
  status: number;
}

export interface FakeChatwoot {
  readonly url: string;
  readonly port: number;
  readonly accountId: number;
  readonly apiToken: string;
  /** Live state: conversations (labels, custom_attributes, priority, assignee_id, team_id), messages, labels, webhooks… */
  readonly state: FakeChatwootStore;
  /** Every HTTP request received, in order. */
  readonly requests: RecordedRequest[];
  /** Every webhook delivery made, in order. */
  readonly deliveries: DeliveryRecord[];
  readonly routes: typeof FAKE_CHATWOOT_ROUTES;
  /** Help Center state (portals, categories, articles): tests add, update, unpublish and delete articles here. */
  readonly helpCenter: FakeHelpCenter;
  addAgent(input: { name: string; email: string; role?: Role; accessToken?: string }): Agent;
  addTeam(input: { name: string; description?: string; allowAutoAssign?: boolean }): Team;
  addInbox(input: { name: string; kind: ChannelKind; email?: string; webhookUrl?: string }): Inbox;
  /** Registers an account webhook directly (as if created by an admin); returns it with its secret. */
  addWebhook(input: { url: string; subscriptions?: string[]; name?: string }): Webhook;
  simulateIncomingEmail(mail: IncomingEmail): EmailResult;
  /** Creates an agent bot (as an administrator would); returns it with its access token and secret. */
  addAgentBot(input: { name: string; outgoingUrl: string }): AgentBot;
  /** Connects the bot to the inbox (set_agent_bot); null disconnects. */
  setInboxBot(inboxId: number, botId: number | null): void;
  /** A visitor writes in a web-widget inbox (a new conversation unless `conversationId` is given). */
  simulateWidgetMessage(message: WidgetMessage): WidgetResult;
  /** A person (an agent's token) posts a public reply, as from the dashboard. */
  simulateAgentReply(conversationId: number, agentId: number, content: string): void;
  redeliver(deliveryId: string): Promise<DeliveryRecord>;
  waitForDeliveries(): Promise<void>;
  /** 'refuse' closes the listening socket (ECONNREFUSED); 'http502' answers 502 like a proxy; null restores (same port). */
  setOutage(mode: 'refuse' | 'http502' | null): Promise<void>;
  /**
   * The next `times` requests matching `matcher` get `status` (with `headers`, e.g. Retry-After), and `body` when given:
   * a string is sent as text/html (a proxy's error page), anything else as JSON (Chatwoot's own `{"error": …}`).
   */
  failNext(matcher: RouteMatcher, status: number, times?: number, headers?: Record<string, string>, body?: unknown): void;
  /** The next `times` requests matching `matcher` are answered `ms` later; they are still carried out if the client gave up meanwhile. */
  delayNext(matcher: RouteMatcher, ms: number, times?: number): void;
  setFloodLimit(perWindow: number | null): void;
  /** Empties all data, requests, deliveries and fault rules (keeps the port and the admin token). */
  reset(): void;
  close(): Promise<void>;
}

interface CompiledRoute {
  route: FakeRoute;
  regex: RegExp;
  names: string[];
}

function compile(route: FakeRoute): CompiledRoute {
  const names: string[] = [];
  const pattern = route.path.replace(/\{(\w+)\}/g, (_, n: string) => {
    names.push(n);
    return '([^/]+)';
  });
  return { route, regex: new RegExp(`^${pattern}/?$`), names };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

const BAD_GATEWAY = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

export async function startFakeChatwoot(opts: FakeChatwootOptions = {}): Promise<FakeChatwoot> {
  const apiToken = opts.apiToken ?? 'fake-admin-token';
  const accountId = opts.accountId ?? 1;
  let store = new FakeChatwootStore(accountId, apiToken);
  const requests: RecordedRequest[] = [];
  const dispatcher = new WebhookDispatcher(opts.webhookTimeoutMs ?? 5_000, opts.botRetryDelayMs ?? 3_000);
  const events = createEventSink(() => store, dispatcher);
  const faults = new FaultControls(opts.floodLimitPerMinute ?? null, opts.floodWindowMs ?? 60_000);
  const compiled = [...conversationRoutes, ...settingsRoutes, ...helpCenterRoutes, ...accountRoutes, ...agentBotRoutes].map(compile);
  let outage: 'refuse' | 'http502' | null = null;
  const sockets = new Set<Socket>();
  const accountPrefix = `/api/v1/accounts/`;

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (body === undefined) {
      res.writeHead(status, headers).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    let body: unknown = raw === '' ? {} : raw;
    try {
      if (raw !== '') body = JSON.parse(raw);
    } catch {
      /* keep the raw text; routes will see no fields */
    }
    const record: RecordedRequest = { method, path: url.pathname, query: queryObject(url.searchParams), body, status: 0 };
    requests.push(record);
    const reply = (status: number, payload: unknown, headers?: Record<string, string>) => {
      record.status = status;
      send(res, status, payload, headers);
    };

    if (outage === 'http502') {
      record.status = 502;
      res.writeHead(502, { 'content-type': 'text/html' }).end(BAD_GATEWAY);
      return;
    }
    const wait = faults.throttle();
    if (wait !== undefined) {
      record.status = 429;
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': String(wait) }).end('Retry later\n');
      return;
    }
    if (method === 'GET' && (url.pathname === '/api' || url.pathname === '/api/')) {
      reply(200, { version: FAKE_CHATWOOT_VERSION, timestamp: new Date().toISOString(), queue_services: 'ok', data_services: 'ok' });
      return;
    }

    // /api/v1/accounts/{account_id}/<route>
    const m = /^\/api\/v1\/accounts\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const rest = m?.[2] ?? '';
    let matched: { route: FakeRoute; params: Record<string, string> } | undefined;
    if (m) {
      for (const c of compiled) {
        if (c.route.method !== method) continue;
        const hit = c.regex.exec(rest);
        if (!hit) continue;
        matched = { route: c.route, params: Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(hit[i + 1]!)])) };
        break;
      }
    }
    if (matched) record.route = matched.route.name;

    const slow = faults.takeDelay({ method, path: url.pathname, route: matched?.route });
    if (slow > 0) await new Promise((r) => setTimeout(r, slow));
    const injected = faults.takeFailure({ method, path: url.pathname, route: matched?.route });
    if (injected) {
      if (typeof injected.body === 'string') {
        record.status = injected.status;
        res.writeHead(injected.status, { 'content-type': 'text/html', ...injected.headers }).end(injected.body);
        return;
      }
      if (injected.body !== undefined) {
        reply(injected.status, injected.body, injected.headers);
        return;
      }
      const text = injected.status === 429 ? 'Retry later\n' : undefined;
      if (text) {
        record.status = injected.status;
        res.writeHead(injected.status, { 'content-type': 'text/plain', ...injected.headers }).end(text);
      } else {
        reply(injected.status, { error: `injected failure ${injected.status}` }, injected.headers);
      }
      return;
    }

    try {
      const token = req.headers['api_access_token'];
      const bot = typeof token === 'string' ? store.agentBots.find((b) => b.access_token === token) : undefined;
      const caller = bot ? store.admin : typeof token === 'string' ? store.agents.find((a) => a.accessToken === token) : undefined;
      if (!caller) throw unauthorized('Invalid Access Token');
      if (bot && !(matched && BOT_ACCESSIBLE_ROUTES.has(matched.route.name))) throw unauthorized('Access to this endpoint is not authorized for bots');
      if (method === 'GET' && url.pathname.replace(/\/$/, '') === '/api/v1/profile') {
        reply(200, profileJson(store, caller));
        return;
      }
      if (!m || !url.pathname.startsWith(accountPrefix)) throw notFound();
      if (Number(m[1]) !== store.account.id) throw notFound();
      if (!matched) throw notFound();
      if (matched.route.adminOnly && (bot || caller.role !== 'administrator')) throw unauthorized();
      const result = matched.route.handle({
        store,
        caller,
        ...(bot ? { bot } : {}),
        params: matched.params,
        query: url.searchParams,
        body: body && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : {},
        events,
      });
      reply(result.status, result.body);
    } catch (e) {
      if (e instanceof HttpError) reply(e.status, e.body);
      else reply(500, { error: (e as Error).message });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(e));
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        const addr = server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });

  const port = await listen(opts.port ?? 0);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    accountId,
    apiToken,
    get state() {
      return store;
    },
    requests,
    deliveries: dispatcher.deliveries,
    routes: FAKE_CHATWOOT_ROUTES,
    get helpCenter() {
      return helpCenterOf(store);
    },
    addAgent: (input) => store.addAgent(input),
    addTeam: (input) => store.addTeam({ name: input.name, description: input.description, allow_auto_assign: input.allowAutoAssign }),
    addInbox: (input) => store.addInbox(input),
    addWebhook(input) {
      const subscriptions = input.subscriptions ?? ['conversation_created', 'message_created', 'conversation_updated'];
      const bad = subscriptions.filter((s) => !(ALLOWED_WEBHOOK_EVENTS as readonly string[]).includes(s));
      if (bad.length) throw new Error(`addWebhook: not Chatwoot events: ${bad.join(', ')}`);
      const hook: Webhook = { id: store.nextId('webhook'), name: input.name ?? null, url: input.url, subscriptions, secret: newSecret() };
      store.webhooks.push(hook);
      return hook;
    },
    simulateIncomingEmail: (mail) => receiveEmail(store, events, mail),
    addAgentBot: (input) => store.addAgentBot(input),
    setInboxBot(inboxId, botId) {
      if (botId === null) store.inboxBots.delete(inboxId);
      else store.inboxBots.set(inboxId, botId);
    },
    simulateWidgetMessage: (message) => receiveWidgetMessage(store, events, message),
    simulateAgentReply(conversationId, agentId, content) {
      const c = store.conversation(conversationId);
      if (!c) throw new Error(`simulateAgentReply: no conversation ${conversationId}`);
      const m = store.addMessage(c, { content, content_type: 'text', content_attributes: {}, additional_attributes: {}, message_type: 1, private: false, source_id: null, processed_message_content: content, sender: { type: 'user', id: agentId } });
      events.messageCreated(m);
    },
    redeliver: (id) => dispatcher.redeliver(id),
    waitForDeliveries: () => dispatcher.waitForDeliveries(),
    async setOutage(mode) {
      if (mode === 'refuse') {
        await stop();
        // Let keep-alive clients notice their pooled sockets closed, so their next call opens a new one (ECONNREFUSED).
        await new Promise((r) => setTimeout(r, 25));
      } else if (!server.listening) await listen(port);
      outage = mode;
    },
    failNext: (matcher, status, times = 1, headers = {}, body) => faults.failNext(matcher, status, times, headers, body),
    delayNext: (matcher, ms, times = 1) => faults.delayNext(matcher, ms, times),
    setFloodLimit(perWindow) {
      faults.floodLimit = perWindow;
    },
    reset() {
      store = new FakeChatwootStore(accountId, apiToken);
      requests.length = 0;
      dispatcher.clear();
      faults.reset();
    },
    async close() {
      await dispatcher.waitForDeliveries();
      await stop();
    },
  };
}
