import type { Conversation, FakeChatwootStore, Inbox } from './model.js';
import type { Changes, EventSink } from './route-types.js';
import { contactWebhookData, conversationWebhookData, inboxRest, messageWebhookData } from './views.js';
import type { WebhookDispatcher } from './webhooks.js';

/** Events an API inbox's own webhook_url receives (no subscription filter); contact/inbox events go to account webhooks only. */
const BOT_EVENTS = new Set(['message_created', 'message_updated', 'conversation_opened', 'conversation_resolved', 'conversation_status_changed', 'conversation_updated', 'webwidget_triggered']);
const INBOX_SCOPED = new Set(['conversation_created', 'conversation_updated', 'conversation_status_changed', 'message_created', 'message_updated']);

/**
 * Fans Chatwoot's events out like app/listeners/webhook_listener.rb: flat payloads (`event` beside the object's
 * fields) to every account webhook subscribed to the event, plus the API inbox's webhook_url for inbox events.
 * Payloads are serialized at emit time, as Chatwoot builds them when the event is dispatched.
 */
export function createEventSink(getStore: () => FakeChatwootStore, dispatcher: WebhookDispatcher): EventSink {
  /** AgentBotListener: the inbox's active bot gets these events (no subscriptions), signed with its secret, retried on 429/500. */
  const toBot = (event: string, payload: Record<string, unknown>, inbox: Inbox | undefined, onGiveUp?: () => void) => {
    const bot = inbox ? getStore().inboxBot(inbox.id) : undefined;
    if (!bot || !bot.outgoing_url || !BOT_EVENTS.has(event)) return;
    dispatcher.deliver({ target: { kind: 'agent_bot', botId: bot.id }, url: bot.outgoing_url, secret: bot.secret, event, payload: { event, ...payload }, retry: { onGiveUp } });
  };
  const emit = (event: string, payload: Record<string, unknown>, inbox?: Inbox, onBotGiveUp?: () => void) => {
    toBot(event, payload, inbox, onBotGiveUp);
    const store = getStore();
    const body = { event, ...payload };
    for (const hook of store.webhooks) {
      if (!hook.subscriptions.includes(event)) continue;
      dispatcher.deliver({ target: { kind: 'account_webhook', webhookId: hook.id }, url: hook.url, secret: hook.secret, event, payload: body });
    }
    if (inbox && inbox.kind === 'api' && inbox.webhook_url && INBOX_SCOPED.has(event)) {
      dispatcher.deliver({ target: { kind: 'api_inbox', inboxId: inbox.id }, url: inbox.webhook_url, secret: inbox.secret, event, payload: body });
    }
  };
  const inboxOf = (c: Conversation) => getStore().inbox(c.inbox_id);

  const sink: EventSink = {
    conversationCreated(c) {
      emit('conversation_created', conversationWebhookData(getStore(), c), inboxOf(c));
    },
    conversationUpdated(c, changes: Changes) {
      const before = new Date(c.updated_at_ms).toISOString();
      c.updated_at_ms = Math.max(Date.now(), c.updated_at_ms + 1);
      const changed = [
        ...Object.entries(changes).map(([key, change]) => ({ [key]: change })),
        { updated_at: { previous_value: before, current_value: new Date(c.updated_at_ms).toISOString() } },
      ];
      emit('conversation_updated', { ...conversationWebhookData(getStore(), c), changed_attributes: changed }, inboxOf(c));
    },
    conversationStatusChanged(c) {
      // Read after commit, when Rails has cleared the dirty state: Chatwoot sends null here.
      emit('conversation_status_changed', { ...conversationWebhookData(getStore(), c), changed_attributes: null }, inboxOf(c));
      // Bot-only events.
      if (c.status === 'open') toBot('conversation_opened', conversationWebhookData(getStore(), c), inboxOf(c));
      if (c.status === 'resolved') toBot('conversation_resolved', conversationWebhookData(getStore(), c), inboxOf(c));
    },
    messageCreated(m) {
      if (m.message_type === 2) return; // activity messages never reach webhooks
      const store = getStore();
      const c = store.conversation(m.conversationDisplayId);
      // After the bot's last failed attempt on a message event, a pending conversation goes to the people.
      const giveUp = () => {
        if (!c || c.status !== 'pending') return;
        c.status = 'open';
        store.addMessage(c, { content: 'Conversation was opened because the agent bot did not respond', content_type: 'text', content_attributes: {}, additional_attributes: {}, message_type: 2, private: false, source_id: null, processed_message_content: null, sender: null });
        sink.conversationStatusChanged(c);
      };
      emit('message_created', messageWebhookData(store, m), store.inbox(m.inbox_id), giveUp);
    },
    contactCreated(c) {
      emit('contact_created', contactWebhookData(getStore(), c));
    },
    inboxCreated(i) {
      const { secret: _s, hmac_token: _h, ...data } = inboxRest(i) as Record<string, unknown>;
      emit('inbox_created', data);
    },
  };
  return sink;
}
