import type { Contact, Conversation, FakeChatwootStore, Message } from './model.js';
import type { EventSink } from './route-types.js';

export interface WidgetMessage {
  inboxId: number;
  /** The visitor (found by e-mail when given, else a new anonymous contact). */
  contact?: { name?: string; email?: string };
  text: string;
  /** Continue this conversation (display id) instead of starting one. */
  conversationId?: number;
}

export interface WidgetResult {
  contact: Contact;
  conversation: Conversation;
  message: Message;
}

/**
 * What the web widget does for a visitor's message (app/controllers/api/v1/widget/messages_controller.rb): a contact
 * and contact_inbox, a conversation (pending when the inbox has an active agent bot), an incoming `text` message.
 */
export function receiveWidgetMessage(store: FakeChatwootStore, events: EventSink, input: WidgetMessage): WidgetResult {
  const inbox = store.inbox(input.inboxId);
  if (!inbox) throw new Error(`simulateWidgetMessage: no inbox ${input.inboxId}`);
  if (inbox.kind !== 'web_widget') throw new Error(`simulateWidgetMessage: inbox ${input.inboxId} is not a web-widget inbox`);
  let conversation = input.conversationId === undefined ? undefined : store.conversation(input.conversationId);
  if (input.conversationId !== undefined && !conversation) throw new Error(`simulateWidgetMessage: no conversation ${input.conversationId}`);
  let contact = conversation ? store.contact(conversation.contact_id) : input.contact?.email ? store.contacts.find((c) => c.email === input.contact!.email!.toLowerCase()) : undefined;
  if (!contact) {
    contact = store.addContact({ name: input.contact?.name ?? 'Visitor', email: input.contact?.email?.toLowerCase() ?? null });
    events.contactCreated(contact);
  }
  if (!conversation) {
    conversation = store.addConversation({ inbox, contact, contactInbox: store.contactInboxFor(contact, inbox), additional_attributes: { browser: { browser_name: 'Firefox' } } });
    events.conversationCreated(conversation);
  } else if (conversation.status === 'resolved' && store.inboxBots.has(inbox.id)) {
    // Message#reopen_resolved_conversation: back to the bot.
    conversation.status = 'pending';
  }
  const message = store.addMessage(conversation, {
    content: input.text,
    content_type: 'text',
    content_attributes: {},
    additional_attributes: {},
    message_type: 0,
    private: false,
    source_id: null,
    processed_message_content: input.text,
    sender: { type: 'contact', id: contact.id },
  });
  events.messageCreated(message);
  return { contact, conversation, message };
}
