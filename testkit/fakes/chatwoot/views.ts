import { MESSAGE_TYPES, type Agent, type AgentBot, type Contact, type Conversation, type FakeChatwootStore, type Inbox, type Message, type Team } from './model.js';

/**
 * JSON shapes exactly as Chatwoot renders them. Two families on purpose:
 * - REST (jbuilder views / push_event_data): integer message_type, integer created_at;
 * - webhook (webhook_data): string message_type, ISO created_at, flat with `event` added by the caller.
 */

const CHANNELS = { email: 'Channel::Email', api: 'Channel::Api', web_widget: 'Channel::WebWidget' } as const;
const channelName = (inbox: Inbox) => CHANNELS[inbox.kind];

export function contactPushData(c: Contact) {
  return {
    additional_attributes: c.additional_attributes,
    custom_attributes: c.custom_attributes,
    email: c.email,
    id: c.id,
    identifier: c.identifier,
    name: c.name,
    phone_number: c.phone_number,
    thumbnail: '',
    blocked: false,
    type: 'contact' as const,
  };
}

/** `Contact#webhook_data`: like push data but with avatar/account and no `type`. */
export function contactWebhookData(store: FakeChatwootStore, c: Contact) {
  return {
    account: { id: store.account.id, name: store.account.name },
    additional_attributes: c.additional_attributes,
    avatar: '',
    custom_attributes: c.custom_attributes,
    email: c.email,
    id: c.id,
    identifier: c.identifier,
    name: c.name,
    phone_number: c.phone_number,
    thumbnail: '',
    blocked: false,
  };
}

export function contactRest(store: FakeChatwootStore, c: Contact) {
  return {
    additional_attributes: c.additional_attributes,
    availability_status: 'offline',
    email: c.email,
    id: c.id,
    name: c.name,
    phone_number: c.phone_number,
    blocked: false,
    identifier: c.identifier,
    thumbnail: '',
    custom_attributes: c.custom_attributes,
    last_activity_at: null,
    created_at: c.created_at,
    contact_inboxes: store.contactInboxes
      .filter((ci) => ci.contact_id === c.id)
      .map((ci) => ({ source_id: ci.source_id, inbox: inboxSlim(store.inbox(ci.inbox_id)!) })),
  };
}

export function userPushData(a: Agent) {
  return { id: a.id, name: a.name, available_name: a.name, avatar_url: '', type: 'user' as const, availability_status: a.availability_status, thumbnail: '' };
}

export function agentRest(store: FakeChatwootStore, a: Agent) {
  return {
    id: a.id,
    account_id: store.account.id,
    availability_status: a.availability_status,
    auto_offline: true,
    confirmed: true,
    email: a.email,
    provider: 'email',
    available_name: a.name,
    name: a.name,
    role: a.role,
    thumbnail: '',
  };
}

export function teamRest(store: FakeChatwootStore, t: Team) {
  return { id: t.id, name: t.name, description: t.description, allow_auto_assign: t.allow_auto_assign, account_id: store.account.id, is_member: false };
}

export function inboxSlim(inbox: Inbox) {
  return { id: inbox.id, avatar_url: '', channel_id: inbox.channel_id, name: inbox.name, channel_type: channelName(inbox), provider: null };
}

/** Inbox JSON as an administrator sees it (API inboxes include webhook_url, secret, hmac_token). */
export function inboxRest(inbox: Inbox) {
  const base = {
    id: inbox.id,
    avatar_url: '',
    channel_id: inbox.channel_id,
    name: inbox.name,
    channel_type: channelName(inbox),
    greeting_enabled: false,
    greeting_message: null,
    working_hours_enabled: false,
    enable_email_collect: true,
    csat_survey_enabled: false,
    enable_auto_assignment: true,
    allow_messages_after_resolved: true,
    lock_to_single_conversation: false,
    timezone: 'UTC',
    provider: null,
  };
  if (inbox.kind === 'email') return { ...base, email: inbox.email, imap_enabled: true, smtp_enabled: true };
  if (inbox.kind === 'web_widget') return { ...base, website_url: 'https://www.example.com', website_token: inbox.inbox_identifier, widget_color: '#1f93ff', web_widget_script: '' };
  return {
    ...base,
    webhook_url: inbox.webhook_url,
    inbox_identifier: inbox.inbox_identifier,
    hmac_token: inbox.hmac_token,
    secret: inbox.secret,
    hmac_mandatory: false,
    additional_attributes: {},
  };
}

function senderPushData(store: FakeChatwootStore, m: Message) {
  if (!m.sender) return null;
  if (m.sender.type === 'contact') {
    const c = store.contact(m.sender.id);
    return c ? contactPushData(c) : null;
  }
  if (m.sender.type === 'agent_bot') {
    const b = store.agentBots.find((x) => x.id === m.sender!.id);
    return b ? agentBotPushData(b) : null;
  }
  const a = store.agent(m.sender.id);
  return a ? userPushData(a) : null;
}

/** `AgentBot#push_event_data`. */
export function agentBotPushData(b: AgentBot) {
  return { id: b.id, name: b.name, avatar_url: '', type: 'agent_bot' as const };
}

/** The agent-bot JSON an administrator sees (`_agent_bot.json.jbuilder`: access_token and secret for non-system bots). */
export function agentBotRest(store: FakeChatwootStore, b: AgentBot) {
  return {
    id: b.id,
    name: b.name,
    description: b.description,
    thumbnail: '',
    outgoing_url: b.outgoing_url,
    bot_type: 'webhook',
    bot_config: {},
    account_id: store.account.id,
    access_token: b.access_token,
    secret: b.secret,
    system_bot: false,
  };
}

const SENDER_TYPES = { contact: 'Contact', user: 'User', agent_bot: 'AgentBot' } as const;

/** `Message#push_event_data`: the REST message (integer message_type and created_at). */
export function messageRest(store: FakeChatwootStore, m: Message) {
  const conversation = store.conversation(m.conversationDisplayId)!;
  const contactInbox = store.contactInbox(conversation.contact_inbox_id);
  return {
    id: m.id,
    content: m.content,
    account_id: store.account.id,
    inbox_id: m.inbox_id,
    conversation_id: m.conversationDisplayId,
    message_type: m.message_type,
    created_at: Math.floor(m.created_at_ms / 1000),
    updated_at: new Date(m.created_at_ms).toISOString(),
    private: m.private,
    status: m.status,
    source_id: m.source_id,
    content_type: m.content_type,
    content_attributes: m.content_attributes,
    sender_type: m.sender ? SENDER_TYPES[m.sender.type] : null,
    sender_id: m.sender?.id ?? null,
    external_source_ids: {},
    additional_attributes: m.additional_attributes,
    processed_message_content: m.processed_message_content,
    sentiment: {},
    conversation: {
      assignee_id: conversation.assignee_id,
      unread_count: conversation.unread_count,
      last_activity_at: conversation.last_activity_at,
      contact_inbox: { source_id: contactInbox?.source_id ?? null },
    },
    ...(m.sender ? { sender: senderPushData(store, m) } : {}),
  };
}

function assigneeMeta(store: FakeChatwootStore, c: Conversation) {
  const assignee = c.assignee_id === null ? undefined : store.agent(c.assignee_id);
  const team = c.team_id === null ? undefined : store.team(c.team_id);
  return {
    assignee: assignee ? userPushData(assignee) : null,
    assignee_type: assignee ? 'User' : null,
    team: team ? { id: team.id, name: team.name } : null,
  };
}

const visibleForWebhook = (m: Message) => m.message_type !== 2 && !m.private;

/** `GET /conversations/{id}` (the `_conversation` jbuilder partial). */
export function conversationRest(store: FakeChatwootStore, c: Conversation) {
  const inbox = store.inbox(c.inbox_id)!;
  const contact = store.contact(c.contact_id)!;
  const msgs = store.messagesOf(c.displayId);
  const last = msgs.at(-1);
  const lastNonActivity = msgs.filter((m) => m.message_type !== 2).at(-1);
  return {
    meta: { sender: contactPushData(contact), channel: channelName(inbox), ...assigneeMeta(store, c), hmac_verified: false },
    id: c.displayId,
    messages: last ? [messageRest(store, last)] : [],
    account_id: store.account.id,
    uuid: c.uuid,
    additional_attributes: c.additional_attributes,
    agent_last_seen_at: 0,
    assignee_last_seen_at: 0,
    can_reply: true,
    contact_last_seen_at: 0,
    custom_attributes: c.custom_attributes,
    inbox_id: c.inbox_id,
    labels: [...c.labels],
    muted: false,
    snoozed_until: null,
    status: c.status,
    created_at: c.created_at,
    updated_at: c.updated_at_ms / 1000,
    timestamp: c.last_activity_at,
    first_reply_created_at: c.first_reply_created_at,
    unread_count: c.unread_count,
    last_non_activity_message: lastNonActivity ? messageRest(store, lastNonActivity) : null,
    last_activity_at: c.last_activity_at,
    priority: c.priority,
    waiting_since: c.waiting_since ?? 0,
    sla_policy_id: c.sla_policy_id ?? null,
  };
}

/** `Conversation#webhook_data` (top level of conversation_* events and `.conversation` of message events). */
export function conversationWebhookData(store: FakeChatwootStore, c: Conversation) {
  const inbox = store.inbox(c.inbox_id)!;
  const contact = store.contact(c.contact_id)!;
  const ci = store.contactInbox(c.contact_inbox_id)!;
  const lastVisible = store.messagesOf(c.displayId).filter(visibleForWebhook).at(-1);
  return {
    additional_attributes: c.additional_attributes,
    can_reply: true,
    channel: channelName(inbox),
    contact_inbox: { ...ci, hmac_verified: false },
    id: c.displayId,
    inbox_id: c.inbox_id,
    messages: lastVisible ? [messageRest(store, lastVisible)] : [],
    labels: [...c.labels],
    meta: { sender: contactPushData(contact), ...assigneeMeta(store, c), hmac_verified: false },
    status: c.status,
    custom_attributes: c.custom_attributes,
    snoozed_until: null,
    unread_count: c.unread_count,
    first_reply_created_at: c.first_reply_created_at === null ? null : new Date(c.first_reply_created_at * 1000).toISOString(),
    priority: c.priority,
    waiting_since: c.waiting_since ?? 0,
    agent_last_seen_at: 0,
    contact_last_seen_at: 0,
    last_activity_at: c.last_activity_at,
    timestamp: c.last_activity_at,
    created_at: c.created_at,
    updated_at: c.updated_at_ms / 1000,
    account: { id: store.account.id, name: store.account.name },
  };
}

/** `Message#webhook_data`: string message_type, ISO created_at, no top-level contact. */
export function messageWebhookData(store: FakeChatwootStore, m: Message) {
  const conversation = store.conversation(m.conversationDisplayId)!;
  const inbox = store.inbox(m.inbox_id)!;
  let sender: unknown = null;
  if (m.sender?.type === 'contact') {
    const c = store.contact(m.sender.id);
    sender = c ? contactWebhookData(store, c) : null;
  } else if (m.sender?.type === 'user') {
    const a = store.agent(m.sender.id);
    sender = a ? { id: a.id, name: a.name, email: a.email, type: 'user' } : null;
  } else if (m.sender?.type === 'agent_bot') {
    const b = store.agentBots.find((x) => x.id === m.sender!.id);
    sender = b ? agentBotPushData(b) : null;
  }
  return {
    id: m.id,
    content: m.content === null ? null : m.content.replace(/\n+$/, ''),
    content_type: m.content_type,
    content_attributes: m.content_attributes,
    additional_attributes: m.additional_attributes,
    message_type: MESSAGE_TYPES[m.message_type],
    private: m.private,
    source_id: m.source_id,
    created_at: new Date(m.created_at_ms).toISOString(),
    sender,
    inbox: { id: inbox.id, name: inbox.name },
    account: { id: store.account.id, name: store.account.name },
    conversation: conversationWebhookData(store, conversation),
  };
}
