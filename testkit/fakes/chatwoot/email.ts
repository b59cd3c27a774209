import { randomUUID } from 'node:crypto';
import type { Contact, Conversation, FakeChatwootStore, Inbox, Message } from './model.js';
import type { EventSink } from './route-types.js';

export interface IncomingEmail {
  inboxId: number;
  from: { email: string; name?: string };
  subject: string;
  /** The customer's new text. */
  text: string;
  html?: string;
  /** Quoted history below the new text (Chatwoot keeps it in `content`; the trimmed text goes to `quoted`). */
  quotedText?: string;
  /** Message-ID without angle brackets (default: a fresh one). */
  messageId?: string;
  /** Message-ID of the mail this replies to: threads into that conversation like Mailbox::ConversationFinder. */
  inReplyTo?: string;
  to?: string[];
}

export interface EmailResult {
  contact: Contact;
  conversation: Conversation;
  message: Message;
  createdConversation: boolean;
  createdContact: boolean;
}

const utcStamp = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/**
 * What Chatwoot's IMAP mailbox does with one new mail (app/mailboxes/imap/imap_mailbox.rb + mailbox_helper.rb):
 * contact by address, contact_inbox with the address as source_id, a conversation with email additional_attributes
 * (unless In-Reply-To matches a known Message-ID), then an `incoming_email` message. Events fire in Chatwoot's order:
 * contact_created, conversation_created (committed before the message exists, so its `messages` is empty), message_created.
 */
export function receiveEmail(store: FakeChatwootStore, events: EventSink, mail: IncomingEmail): EmailResult {
  const inbox: Inbox | undefined = store.inbox(mail.inboxId);
  if (!inbox) throw new Error(`simulateIncomingEmail: no inbox ${mail.inboxId}`);
  if (inbox.kind !== 'email') throw new Error(`simulateIncomingEmail: inbox ${mail.inboxId} is not an email inbox`);
  const address = mail.from.email.toLowerCase();
  let contact = store.contacts.find((c) => c.email === address);
  const createdContact = !contact;
  contact ??= store.addContact({ email: address, name: mail.from.name ?? address.split('@')[0] });
  if (createdContact) events.contactCreated(contact);
  const contactInbox = store.contactInboxFor(contact, inbox, address);

  const messageId = mail.messageId ?? `${randomUUID()}@mail.example.com`;
  const previous = mail.inReplyTo ? store.messages.find((m) => m.inbox_id === inbox.id && m.source_id === mail.inReplyTo) : undefined;
  let conversation = previous ? store.conversation(previous.conversationDisplayId) : undefined;
  const createdConversation = !conversation;
  conversation ??= store.addConversation({
    inbox,
    contact,
    contactInbox,
    additional_attributes: {
      source: 'email',
      in_reply_to: mail.inReplyTo ?? null,
      auto_reply: false,
      mail_subject: mail.subject,
      initiated_at: { timestamp: utcStamp(new Date()) },
    },
  });
  if (createdConversation) events.conversationCreated(conversation);

  const full = mail.quotedText ? `${mail.text}\n\n${mail.quotedText}` : mail.text;
  const htmlFull = mail.html === undefined ? undefined : mail.html;
  const message = store.addMessage(conversation, {
    content: full,
    content_type: 'incoming_email',
    content_attributes: {
      email: {
        bcc: null,
        cc: null,
        content_type: htmlFull ? 'multipart/alternative; boundary=fake-boundary' : 'text/plain; charset=UTF-8',
        date: new Date().toISOString(),
        from: [address],
        headers: null,
        html_content: htmlFull ? { full: htmlFull, reply: htmlFull, quoted: htmlFull } : {},
        text_content: { full, reply: full, quoted: mail.text },
        in_reply_to: mail.inReplyTo ?? null,
        message_id: messageId,
        multipart: Boolean(htmlFull),
        number_of_attachments: 0,
        references: mail.inReplyTo ? [mail.inReplyTo] : [],
        subject: mail.subject,
        to: mail.to ?? [inbox.email ?? ''],
        auto_reply: false,
      },
      cc_email: null,
      bcc_email: null,
    },
    additional_attributes: {},
    message_type: 0,
    private: false,
    source_id: messageId,
    processed_message_content: mail.text,
    sender: { type: 'contact', id: contact.id },
  });
  events.messageCreated(message);
  return { contact, conversation, message, createdConversation, createdContact };
}
