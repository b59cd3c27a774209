import { setTimeout as sleep } from 'node:timers/promises';
import { ChatwootApiError } from '../chatwoot/http.js';
import type { ChatwootExtraClient } from '../chatwoot/client.js';
import { messageContent, type IngestMessage, type IngestTicket } from './schema.js';
import type { IngestStore } from './store.js';

export class IngestBusyError extends Error {
  constructor() {
    super('another request for this external_id is still creating its conversation; retry shortly');
    this.name = 'IngestBusyError';
  }
}

export interface IngestResult {
  conversationId: number;
  created: boolean;
}

/**
 * Tickets from outside Chatwoot: finds or creates the contact, opens a conversation in the API inbox with the
 * body as the customer's incoming message (Chatwoot's webhook then triggers the normal triage). Idempotent
 * by (source, external_id), also under concurrent requests.
 */
export class IngestService {
  constructor(
    private readonly client: ChatwootExtraClient,
    private readonly store: IngestStore,
    private readonly inboxId: number,
    private readonly waitMs = 15_000,
  ) {}

  async ingest(ticket: IngestTicket): Promise<IngestResult> {
    const claim = await this.store.claim(ticket.source, ticket.external_id);
    if (!claim.owner) return { conversationId: claim.conversationId ?? (await this.waitForConversation(ticket)), created: false };
    try {
      const contactId = await this.contactFor(ticket);
      const conversation = await this.client.createConversationWithIncoming({
        inboxId: this.inboxId,
        contactId,
        content: messageContent(ticket.body, ticket.attachments_urls),
        additionalAttributes: {
          ...(ticket.subject ? { mail_subject: ticket.subject } : {}),
          ingest_source: ticket.source,
          ingest_external_id: ticket.external_id,
          ...(ticket.language ? { ingest_language: ticket.language } : {}),
        },
      });
      await this.store.complete(ticket.source, ticket.external_id, conversation.id);
      return { conversationId: conversation.id, created: true };
    } catch (e) {
      await this.store.release(ticket.source, ticket.external_id).catch(() => {});
      throw e;
    }
  }

  /** Appends a customer message to the conversation of (source, external_id); null when that ticket is unknown. */
  async append(source: string, externalId: string, message: IngestMessage): Promise<{ conversationId: number; messageId: number } | null> {
    const conversationId = await this.store.conversationOf(source, externalId);
    if (conversationId === null) return null;
    const created = await this.client.createIncomingMessage(conversationId, messageContent(message.body, message.attachments_urls));
    return { conversationId, messageId: created.id };
  }

  private async contactFor(ticket: IngestTicket): Promise<number> {
    const found = await this.client.findContactByEmail(ticket.email);
    if (found) return found.id;
    try {
      return (await this.client.createContact({ name: ticket.name, email: ticket.email, inboxId: this.inboxId })).id;
    } catch (e) {
      // Another request created the same contact in between ("Email has already been taken").
      if (e instanceof ChatwootApiError && e.status === 422) {
        const again = await this.client.findContactByEmail(ticket.email);
        if (again) return again.id;
      }
      throw e;
    }
  }

  private async waitForConversation(ticket: IngestTicket): Promise<number> {
    const end = Date.now() + this.waitMs;
    while (Date.now() < end) {
      await sleep(100);
      const id = await this.store.conversationOf(ticket.source, ticket.external_id);
      if (id !== null) return id;
    }
    throw new IngestBusyError();
  }
}
