import { couldNotCreate, HttpError, notFound } from './http-error.js';
import type { AgentBot, Conversation, FakeChatwootStore, Message, Priority } from './model.js';
import { optionalString, plainObject, toInt, truthy } from './params.js';
import type { Changes, FakeRoute, RouteContext } from './route-types.js';
import { agentRest, contactPushData, conversationRest, messageRest, teamRest, userPushData } from './views.js';

/** The raw team row Chatwoot renders after a team assignment (no is_member). */
function teamRow(ctx: RouteContext, id: number) {
  const { is_member: _ignored, ...row } = teamRest(ctx.store, ctx.store.team(id)!);
  const now = new Date().toISOString();
  return { ...row, created_at: now, updated_at: now };
}

const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
const STATUSES = ['open', 'resolved', 'pending', 'snoozed'] as const;
const PAGE_SIZE = 25;

function findConversation(ctx: RouteContext): Conversation {
  const c = ctx.store.conversation(toInt(ctx.params.conversation_id, 'conversation_id'));
  if (!c) throw notFound();
  return c;
}

/** Applies `update` and, when something changed, announces conversation_updated with changed_attributes. */
function updateConversation(ctx: RouteContext, c: Conversation, update: Partial<Conversation>): Changes {
  const changes: Changes = {};
  for (const [key, value] of Object.entries(update) as [keyof Conversation, unknown][]) {
    const before = c[key];
    if (JSON.stringify(before) === JSON.stringify(value)) continue;
    const name = key === 'labels' ? 'label_list' : key;
    changes[name] = { previous_value: before, current_value: value };
    (c as unknown as Record<string, unknown>)[key] = value;
  }
  if (Object.keys(changes).length > 0) ctx.events.conversationUpdated(c, changes);
  return changes;
}

/**
 * Builds a message like Messages::MessageBuilder: `message_type` is compared with the STRING 'outgoing' to pick
 * the sender, so an integer 1 is stored as outgoing but attributed to the contact (a real Chatwoot trap).
 */
export function buildMessage(store: FakeChatwootStore, c: Conversation, callerId: number, input: Record<string, unknown>, bot?: AgentBot): Omit<Message, 'id' | 'conversationDisplayId' | 'inbox_id' | 'created_at_ms' | 'status'> {
  const inbox = store.inbox(c.inbox_id)!;
  const raw = input.message_type ?? 'outgoing';
  const names = ['incoming', 'outgoing', 'activity', 'template'];
  let type: 0 | 1 | 2 | 3;
  if (typeof raw === 'number' && [0, 1, 2, 3].includes(raw)) type = raw as 0 | 1 | 2 | 3;
  else if (typeof raw === 'string' && names.includes(raw)) type = names.indexOf(raw) as 0 | 1 | 2 | 3;
  else throw couldNotCreate(`'${String(raw)}' is not a valid message_type`);
  if (type === 0 && inbox.kind !== 'api') throw couldNotCreate('Incoming messages are only allowed in Api inboxes');
  const content = optionalString(input.content) ?? null;
  if (content !== null && content.length > 150_000) throw couldNotCreate('Content is too long (maximum is 150000 characters)');
  const senderIsUser = raw === 'outgoing' || raw === 'template';
  return {
    content,
    content_type: optionalString(input.content_type) ?? 'text',
    content_attributes: plainObject(input.content_attributes),
    additional_attributes: plainObject(input.additional_attributes),
    message_type: type,
    private: truthy(input.private),
    source_id: optionalString(input.source_id) ?? null,
    processed_message_content: content,
    // A bot token's messages are the bot's (Messages::MessageBuilder#message_sender).
    sender: senderIsUser ? (bot ? { type: 'agent_bot', id: bot.id } : { type: 'user', id: callerId }) : { type: 'contact', id: c.contact_id },
  };
}

/** GET …/messages: latest 20; before → 20 older; after → up to 100 newer; both → up to 1000 between. */
export function pageMessages(all: Message[], query: URLSearchParams): Message[] {
  let msgs = truthy(query.get('filter_internal_messages')) ? all.filter((m) => !m.private && m.message_type !== 2) : all;
  const before = query.get('before');
  const after = query.get('after');
  if (before && after) return msgs.filter((m) => m.id > Number(after) && m.id < Number(before)).slice(0, 1000);
  if (after) return msgs.filter((m) => m.id > Number(after)).slice(0, 100);
  if (before) msgs = msgs.filter((m) => m.id < Number(before));
  return msgs.slice(-20);
}

export const conversationRoutes: FakeRoute[] = [
  {
    name: 'listConversations',
    method: 'GET',
    path: '/conversations',
    handle(ctx) {
      const status = ctx.query.get('status') ?? 'open';
      const inboxId = ctx.query.get('inbox_id');
      const teamId = ctx.query.get('team_id');
      const within = ctx.query.get('updated_within');
      const page = Math.max(1, Number(ctx.query.get('page') ?? '1') || 1);
      let list = ctx.store.conversations.filter((c) => status === 'all' || c.status === status);
      if (inboxId) list = list.filter((c) => c.inbox_id === Number(inboxId));
      if (teamId) list = list.filter((c) => c.team_id === Number(teamId));
      if (within) list = list.filter((c) => c.updated_at_ms >= Date.now() - Number(within) * 1000);
      list = [...list].sort((a, b) => b.last_activity_at - a.last_activity_at || b.displayId - a.displayId);
      const assigned = list.filter((c) => c.assignee_id !== null).length;
      return {
        status: 200,
        body: {
          data: {
            meta: {
              mine_count: list.filter((c) => c.assignee_id === ctx.caller.id).length,
              assigned_count: assigned,
              unassigned_count: list.length - assigned,
              all_count: list.length,
            },
            payload: list.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((c) => conversationRest(ctx.store, c)),
          },
        },
      };
    },
  },
  {
    name: 'createConversation',
    method: 'POST',
    path: '/conversations',
    handle(ctx) {
      const { store, body } = ctx;
      const inbox = body.inbox_id === undefined ? undefined : store.inbox(toInt(body.inbox_id, 'inbox_id'));
      if (!inbox) throw notFound();
      let contact = body.contact_id === undefined ? undefined : store.contact(toInt(body.contact_id, 'contact_id'));
      let contactInbox;
      if (contact) {
        contactInbox = store.contactInboxFor(contact, inbox, optionalString(body.source_id));
      } else {
        contactInbox = store.contactInboxes.find((ci) => ci.source_id === optionalString(body.source_id));
        contact = contactInbox && store.contact(contactInbox.contact_id);
      }
      if (!contact || !contactInbox) throw notFound();
      const status = optionalString(body.status) ?? 'open';
      if (!(STATUSES as readonly string[]).includes(status)) throw couldNotCreate(`'${status}' is not a valid status`);
      const assignee = body.assignee_id == null ? undefined : store.agent(toInt(body.assignee_id, 'assignee_id'));
      const team = body.team_id == null ? undefined : store.team(toInt(body.team_id, 'team_id'));
      const message = body.message && typeof body.message === 'object' ? (body.message as Record<string, unknown>) : undefined;
      const conversation = store.addConversation({
        inbox,
        contact,
        contactInbox,
        status: status as Conversation['status'],
        additional_attributes: plainObject(body.additional_attributes),
        custom_attributes: plainObject(body.custom_attributes),
        assignee_id: assignee?.id ?? null,
        team_id: team?.id ?? null,
      });
      let created: Message | undefined;
      try {
        if (message) created = store.addMessage(conversation, buildMessage(store, conversation, ctx.caller.id, message, ctx.bot));
      } catch (e) {
        store.conversations.splice(store.conversations.indexOf(conversation), 1); // the transaction rolls back
        throw e;
      }
      ctx.events.conversationCreated(conversation);
      if (created) ctx.events.messageCreated(created);
      return { status: 200, body: conversationRest(store, conversation) };
    },
  },
  {
    name: 'getConversation',
    method: 'GET',
    path: '/conversations/{conversation_id}',
    handle: (ctx) => ({ status: 200, body: conversationRest(ctx.store, findConversation(ctx)) }),
  },
  {
    name: 'listMessages',
    method: 'GET',
    path: '/conversations/{conversation_id}/messages',
    handle(ctx) {
      const c = findConversation(ctx);
      const contact = ctx.store.contact(c.contact_id)!;
      const assignee = c.assignee_id === null ? undefined : ctx.store.agent(c.assignee_id);
      return {
        status: 200,
        body: {
          meta: {
            labels: [...c.labels],
            additional_attributes: c.additional_attributes,
            contact: contactPushData(contact),
            assignee: assignee ? userPushData(assignee) : null,
            agent_last_seen_at: null,
            assignee_last_seen_at: null,
          },
          payload: pageMessages(ctx.store.messagesOf(c.displayId), ctx.query).map((m) => messageRest(ctx.store, m)),
        },
      };
    },
  },
  {
    name: 'createMessage',
    method: 'POST',
    path: '/conversations/{conversation_id}/messages',
    handle(ctx) {
      const c = findConversation(ctx);
      const m = ctx.store.addMessage(c, buildMessage(ctx.store, c, ctx.caller.id, ctx.body, ctx.bot));
      if (m.message_type !== 2) ctx.events.messageCreated(m);
      return { status: 200, body: { ...messageRest(ctx.store, m), ...(ctx.body.echo_id ? { echo_id: ctx.body.echo_id } : {}) } };
    },
  },
  {
    name: 'getConversationLabels',
    method: 'GET',
    path: '/conversations/{conversation_id}/labels',
    handle: (ctx) => ({ status: 200, body: { payload: [...findConversation(ctx).labels] } }),
  },
  {
    name: 'setConversationLabels',
    method: 'POST',
    path: '/conversations/{conversation_id}/labels',
    handle(ctx) {
      const c = findConversation(ctx);
      const raw = Array.isArray(ctx.body.labels) ? ctx.body.labels : [];
      // REPLACES the list (Labelable#update_labels); titles are not checked against account labels.
      const labels = [...new Set(raw.map((l) => String(l).trim()).filter((l) => l !== ''))];
      updateConversation(ctx, c, { labels });
      return { status: 200, body: { payload: [...c.labels] } };
    },
  },
  {
    name: 'setCustomAttributes',
    method: 'POST',
    path: '/conversations/{conversation_id}/custom_attributes',
    handle(ctx) {
      const c = findConversation(ctx);
      // REPLACES the whole hash.
      updateConversation(ctx, c, { custom_attributes: plainObject(ctx.body.custom_attributes) });
      return { status: 200, body: { custom_attributes: c.custom_attributes } };
    },
  },
  {
    name: 'togglePriority',
    method: 'POST',
    path: '/conversations/{conversation_id}/toggle_priority',
    handle(ctx) {
      const c = findConversation(ctx);
      const p = ctx.body.priority ?? null;
      if (p !== null && !(PRIORITIES as readonly unknown[]).includes(p)) throw couldNotCreate(`'${String(p)}' is not a valid priority`);
      updateConversation(ctx, c, { priority: p as Priority | null });
      return { status: 200 };
    },
  },
  {
    name: 'toggleStatus',
    method: 'POST',
    path: '/conversations/{conversation_id}/toggle_status',
    handle(ctx) {
      const c = findConversation(ctx);
      const requested = optionalString(ctx.body.status);
      if (requested !== undefined && !(STATUSES as readonly string[]).includes(requested)) throw couldNotCreate(`'${requested}' is not a valid status`);
      const next = (requested ?? (c.status === 'open' ? 'resolved' : 'open')) as Conversation['status'];
      // A bot opening a pending conversation is a hand-over (Conversation#bot_handoff!): waiting_since, bot_handoff event.
      const handoff = ctx.bot !== undefined && c.status === 'pending' && next === 'open';
      if (handoff) {
        c.waiting_since ??= Math.floor(Date.now() / 1000);
        ctx.store.botHandoffs.push(c.displayId);
      }
      const changes = updateConversation(ctx, c, { status: next });
      if (changes.status) ctx.events.conversationStatusChanged(c);
      return { status: 200, body: { meta: {}, payload: { success: handoff ? null : true, conversation_id: c.displayId, current_status: c.status, snoozed_until: null } } };
    },
  },
  {
    name: 'assign',
    method: 'POST',
    path: '/conversations/{conversation_id}/assignments',
    handle(ctx) {
      const c = findConversation(ctx);
      // assignee_id wins when both are sent; an unknown id silently clears (Current.account.users.find_by).
      if ('assignee_id' in ctx.body) {
        const agent = ctx.body.assignee_id == null ? undefined : ctx.store.agent(toInt(ctx.body.assignee_id, 'assignee_id'));
        updateConversation(ctx, c, { assignee_id: agent?.id ?? null });
        return { status: 200, body: agent ? agentRest(ctx.store, agent) : null };
      }
      if ('team_id' in ctx.body) {
        const team = ctx.body.team_id == null ? undefined : ctx.store.team(toInt(ctx.body.team_id, 'team_id'));
        updateConversation(ctx, c, { team_id: team?.id ?? null });
        return { status: 200, body: team ? teamRow(ctx, team.id) : null };
      }
      throw new HttpError(422, { error: 'assignee_id or team_id is required' });
    },
  },
];
