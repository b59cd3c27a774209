import { randomBytes, randomUUID } from 'node:crypto';

/** The in-memory state of the fake Chatwoot (one account). Field names follow Chatwoot's columns. */

export type Role = 'administrator' | 'agent';
export type ChannelKind = 'email' | 'api' | 'web_widget';
export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed';
export type Priority = 'low' | 'medium' | 'high' | 'urgent';

/** Chatwoot's integer message_type (REST); webhooks use the names. */
export const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'] as const;
export type MessageTypeName = (typeof MESSAGE_TYPES)[number];

export interface Agent {
  id: number;
  name: string;
  email: string;
  role: Role;
  accessToken: string;
  availability_status: 'online' | 'busy' | 'offline';
}

export interface Team {
  id: number;
  name: string;
  description: string;
  allow_auto_assign: boolean;
}

export interface Inbox {
  id: number;
  channel_id: number;
  name: string;
  kind: ChannelKind;
  /** Email inboxes: the support address. */
  email: string | null;
  /** API inboxes: where Chatwoot posts every event of the inbox ('' = none). */
  webhook_url: string;
  inbox_identifier: string;
  hmac_token: string;
  /** API inboxes sign their webhooks with this (Chatwoot ≥ 4.13). */
  secret: string;
  created_at: number;
}

export interface Contact {
  id: number;
  name: string;
  email: string | null;
  phone_number: string | null;
  identifier: string | null;
  additional_attributes: Record<string, unknown>;
  custom_attributes: Record<string, unknown>;
  created_at: number;
}

export interface ContactInbox {
  id: number;
  contact_id: number;
  inbox_id: number;
  source_id: string;
  pubsub_token: string;
  created_at: string;
  updated_at: string;
}

export interface Conversation {
  /** Per-account number used in every REST path and as `id` in webhooks. */
  displayId: number;
  /** The row's primary key (never exposed as `id`; differs from displayId on purpose). */
  pk: number;
  uuid: string;
  inbox_id: number;
  contact_id: number;
  contact_inbox_id: number;
  status: ConversationStatus;
  priority: Priority | null;
  labels: string[];
  custom_attributes: Record<string, unknown>;
  additional_attributes: Record<string, unknown>;
  assignee_id: number | null;
  team_id: number | null;
  created_at: number;
  /** Milliseconds, so updates within one second still differ. */
  updated_at_ms: number;
  last_activity_at: number;
  waiting_since: number | null;
  first_reply_created_at: number | null;
  unread_count: number;
  /** Enterprise only: set once (PATCH /conversations/{id}). */
  sla_policy_id?: number | null;
}

/** Enterprise SLA policy (thresholds in seconds). */
export interface SlaPolicy {
  id: number;
  name: string;
  description: string;
  first_response_time_threshold: number | null;
  next_response_time_threshold: number | null;
  resolution_time_threshold: number | null;
  only_during_business_hours: boolean;
}

export type Sender = { type: 'contact'; id: number } | { type: 'user'; id: number } | { type: 'agent_bot'; id: number };

export interface Message {
  id: number;
  conversationDisplayId: number;
  inbox_id: number;
  content: string | null;
  content_type: string;
  content_attributes: Record<string, unknown>;
  additional_attributes: Record<string, unknown>;
  message_type: 0 | 1 | 2 | 3;
  private: boolean;
  source_id: string | null;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  processed_message_content: string | null;
  sender: Sender | null;
  created_at_ms: number;
}

export interface Label {
  id: number;
  title: string;
  description: string;
  color: string;
  show_on_sidebar: boolean;
}

export interface CustomAttributeDefinition {
  id: number;
  attribute_display_name: string;
  attribute_key: string;
  attribute_display_type: string;
  attribute_model: 'conversation_attribute' | 'contact_attribute';
  attribute_values: string[];
  attribute_description: string | null;
  default_value: unknown;
  regex_pattern: string | null;
  regex_cue: string | null;
  created_at: string;
  updated_at: string;
}

export interface Webhook {
  id: number;
  name: string | null;
  url: string;
  subscriptions: string[];
  secret: string;
}

/** An account agent bot (app/models/agent_bot.rb): webhook type, its own access token and signing secret. */
export interface AgentBot {
  id: number;
  name: string;
  description: string;
  outgoing_url: string;
  access_token: string;
  secret: string;
}

export interface DashboardApp {
  id: number;
  title: string;
  content: { type: string; url: string }[];
  created_at: string;
}

/**
 * Id spaces start at different offsets so that a test (or client) mixing a conversation display id with a
 * message/contact/inbox primary key fails instead of passing by accident.
 */
const ID_OFFSETS = {
  user: 1,
  team: 101,
  inbox: 201,
  contact: 301,
  label: 5001,
  attribute: 6001,
  webhook: 7001,
  dashboardApp: 8001,
  slaPolicy: 8501,
  agentBot: 8701,
  contactInbox: 3001,
  conversationPk: 9001,
  message: 10001,
} as const;
type IdSpace = keyof typeof ID_OFFSETS;

export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

export class FakeChatwootStore {
  readonly account: { id: number; name: string };
  agents: Agent[] = [];
  teams: Team[] = [];
  inboxes: Inbox[] = [];
  contacts: Contact[] = [];
  contactInboxes: ContactInbox[] = [];
  conversations: Conversation[] = [];
  messages: Message[] = [];
  labels: Label[] = [];
  attributeDefinitions: CustomAttributeDefinition[] = [];
  webhooks: Webhook[] = [];
  dashboardApps: DashboardApp[] = [];
  agentBots: AgentBot[] = [];
  /** agent_bot_inboxes: inbox id → the active bot's id (set_agent_bot). */
  inboxBots = new Map<number, number>();
  /** Conversations a bot handed to people (toggle_status open by the bot on a pending conversation: bot_handoff). */
  botHandoffs: number[] = [];
  /** The account's enabled feature flags, as `GET /api/v1/accounts/{id}` lists them under `features`. */
  features: string[] = ['agent_bots', 'macros', 'automations', 'custom_attributes', 'canned_responses', 'help_center', 'integrations'];
  /** True = enterprise code present (`/sla_policies` served, `sla_policy_id` accepted); false = the `-ce` image. */
  enterprise = false;
  slaPolicies: SlaPolicy[] = [];
  private counters = new Map<IdSpace | 'display', number>();

  constructor(accountId: number, adminToken: string) {
    this.account = { id: accountId, name: 'Acme Support' };
    this.addAgent({ name: 'Admin', email: 'admin@example.com', role: 'administrator', accessToken: adminToken });
  }

  nextId(space: IdSpace | 'display'): number {
    const start = space === 'display' ? 1 : ID_OFFSETS[space];
    const next = this.counters.get(space) ?? start;
    this.counters.set(space, next + 1);
    return next;
  }

  /** The administrator whose token the fake was started with. */
  get admin(): Agent {
    return this.agents[0]!;
  }

  addAgent(input: { name: string; email: string; role?: Role; accessToken?: string }): Agent {
    const agent: Agent = {
      id: this.nextId('user'),
      name: input.name,
      email: input.email,
      role: input.role ?? 'agent',
      accessToken: input.accessToken ?? newSecret(),
      availability_status: 'online',
    };
    this.agents.push(agent);
    return agent;
  }

  addTeam(input: { name: string; description?: string; allow_auto_assign?: boolean }): Team {
    const team: Team = {
      id: this.nextId('team'),
      name: input.name.toLowerCase(),
      description: input.description ?? '',
      allow_auto_assign: input.allow_auto_assign ?? true,
    };
    this.teams.push(team);
    return team;
  }

  addInbox(input: { name: string; kind: ChannelKind; email?: string; webhookUrl?: string }): Inbox {
    const id = this.nextId('inbox');
    const inbox: Inbox = {
      id,
      channel_id: id + 40,
      name: input.name,
      kind: input.kind,
      email: input.kind === 'email' ? (input.email ?? `support-${id}@example.com`) : null,
      webhook_url: input.webhookUrl ?? '',
      inbox_identifier: randomBytes(12).toString('base64url'),
      hmac_token: randomBytes(12).toString('base64url'),
      secret: newSecret(),
      created_at: nowSeconds(),
    };
    this.inboxes.push(inbox);
    return inbox;
  }

  addContact(input: Partial<Omit<Contact, 'id' | 'created_at'>>): Contact {
    const contact: Contact = {
      id: this.nextId('contact'),
      name: input.name ?? input.email?.split('@')[0] ?? 'Unknown',
      email: input.email ?? null,
      phone_number: input.phone_number ?? null,
      identifier: input.identifier ?? null,
      additional_attributes: input.additional_attributes ?? {},
      custom_attributes: input.custom_attributes ?? {},
      created_at: nowSeconds(),
    };
    this.contacts.push(contact);
    return contact;
  }

  /** Finds or creates the contact's link to an inbox; API inboxes get a UUID source_id, email inboxes the address. */
  contactInboxFor(contact: Contact, inbox: Inbox, sourceId?: string): ContactInbox {
    const existing = this.contactInboxes.find((ci) => ci.contact_id === contact.id && ci.inbox_id === inbox.id);
    if (existing) return existing;
    const iso = new Date().toISOString();
    const ci: ContactInbox = {
      id: this.nextId('contactInbox'),
      contact_id: contact.id,
      inbox_id: inbox.id,
      source_id: sourceId ?? (inbox.kind === 'email' && contact.email ? contact.email : randomUUID()),
      pubsub_token: randomBytes(16).toString('hex'),
      created_at: iso,
      updated_at: iso,
    };
    this.contactInboxes.push(ci);
    return ci;
  }

  addConversation(input: {
    inbox: Inbox;
    contact: Contact;
    contactInbox: ContactInbox;
    status?: ConversationStatus;
    additional_attributes?: Record<string, unknown>;
    custom_attributes?: Record<string, unknown>;
    assignee_id?: number | null;
    team_id?: number | null;
  }): Conversation {
    const now = Date.now();
    const conversation: Conversation = {
      displayId: this.nextId('display'),
      pk: this.nextId('conversationPk'),
      uuid: randomUUID(),
      inbox_id: input.inbox.id,
      contact_id: input.contact.id,
      contact_inbox_id: input.contactInbox.id,
      // Conversation#determine_conversation_status: pending while the inbox has an active bot.
      status: input.status ?? (this.inboxBots.has(input.inbox.id) ? 'pending' : 'open'),
      priority: null,
      labels: [],
      custom_attributes: input.custom_attributes ?? {},
      additional_attributes: input.additional_attributes ?? {},
      assignee_id: input.assignee_id ?? null,
      team_id: input.team_id ?? null,
      created_at: Math.floor(now / 1000),
      updated_at_ms: now,
      last_activity_at: Math.floor(now / 1000),
      waiting_since: null,
      first_reply_created_at: null,
      unread_count: 0,
    };
    this.conversations.push(conversation);
    return conversation;
  }

  addMessage(conversation: Conversation, input: Omit<Message, 'id' | 'conversationDisplayId' | 'inbox_id' | 'created_at_ms' | 'status'> & { status?: Message['status'] }): Message {
    const now = Date.now();
    const message: Message = {
      ...input,
      status: input.status ?? 'sent',
      id: this.nextId('message'),
      conversationDisplayId: conversation.displayId,
      inbox_id: conversation.inbox_id,
      created_at_ms: now,
    };
    this.messages.push(message);
    if (message.message_type !== 2) conversation.last_activity_at = Math.floor(now / 1000);
    // Message#valid_first_reply?: the first public outgoing message by a human user.
    if (message.message_type === 1 && !message.private && message.sender?.type === 'user' && conversation.first_reply_created_at === null) {
      conversation.first_reply_created_at = Math.floor(now / 1000);
    }
    if (message.message_type === 0) {
      conversation.unread_count += 1;
      conversation.waiting_since ??= Math.floor(now / 1000);
    }
    return message;
  }

  addAgentBot(input: { name: string; outgoingUrl: string; description?: string }): AgentBot {
    const bot: AgentBot = {
      id: this.nextId('agentBot'),
      name: input.name,
      description: input.description ?? '',
      outgoing_url: input.outgoingUrl,
      access_token: newSecret(),
      secret: newSecret(),
    };
    this.agentBots.push(bot);
    return bot;
  }

  /** The inbox's active agent bot, if any. */
  inboxBot(inboxId: number): AgentBot | undefined {
    const id = this.inboxBots.get(inboxId);
    return id === undefined ? undefined : this.agentBots.find((b) => b.id === id);
  }

  conversation(displayId: number): Conversation | undefined {
    return this.conversations.find((c) => c.displayId === displayId);
  }
  contact(id: number): Contact | undefined {
    return this.contacts.find((c) => c.id === id);
  }
  inbox(id: number): Inbox | undefined {
    return this.inboxes.find((i) => i.id === id);
  }
  agent(id: number): Agent | undefined {
    return this.agents.find((a) => a.id === id);
  }
  team(id: number): Team | undefined {
    return this.teams.find((t) => t.id === id);
  }
  contactInbox(id: number): ContactInbox | undefined {
    return this.contactInboxes.find((ci) => ci.id === id);
  }
  messagesOf(displayId: number): Message[] {
    return this.messages.filter((m) => m.conversationDisplayId === displayId);
  }
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
