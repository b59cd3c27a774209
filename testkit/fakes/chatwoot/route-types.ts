import type { Agent, AgentBot, Contact, Conversation, FakeChatwootStore, Inbox, Message } from './model.js';
import type { Json } from './params.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** `{attr: {previous_value, current_value}}` entries for conversation_updated's changed_attributes. */
export type Changes = Record<string, { previous_value: unknown; current_value: unknown }>;

/** Everything Chatwoot would announce to webhooks. */
export interface EventSink {
  conversationCreated(c: Conversation): void;
  conversationUpdated(c: Conversation, changes: Changes): void;
  conversationStatusChanged(c: Conversation): void;
  messageCreated(m: Message): void;
  contactCreated(c: Contact): void;
  inboxCreated(i: Inbox): void;
}

export interface RouteContext {
  store: FakeChatwootStore;
  caller: Agent;
  /** Set when the request came with an agent bot's access token (then `caller` is the account's administrator, unused). */
  bot?: AgentBot;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json;
  events: EventSink;
}

export interface RouteResult {
  status: number;
  /** undefined = empty body (Rails `head :ok`). */
  body?: unknown;
}

/** One served route. `path` is relative to /api/v1/accounts/{account_id} and uses swagger's parameter names. */
export interface FakeRoute {
  name: string;
  method: Method;
  path: string;
  adminOnly?: boolean;
  handle(ctx: RouteContext): RouteResult;
}
