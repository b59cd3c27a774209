import { createAdminClient, type AdminClient, type ChatwootContact } from '../../../ai-pipeline/src/chatwoot/admin-client.js';
import { ChatwootApiError, type ChatwootHttp } from '../../../ai-pipeline/src/chatwoot/http.js';
import type { Ticket } from '../../../ai-pipeline/src/tickets/ticket.js';
import { describeChatwootError } from './chatwoot-errors.js';

/** Where a seeded conversation remembers its ticket (custom attribute, and additional_attributes as a backup that nothing else writes). */
export const TICKET_ID_KEY = 'sample_ticket_id';

export type SeedOutcome = 'created' | 'skipped' | 'failed';

export interface SeedProgress {
  index: number;
  total: number;
  ticketId: string;
  outcome: SeedOutcome;
  conversationId?: number;
  error?: string;
}

export interface SeedResult {
  created: number;
  skipped: number;
  failed: { ticketId: string; error: string }[];
  /** ticket id → conversation display id, for every created or already present ticket. */
  conversations: Record<string, number>;
}

export interface SeedOptions {
  http: ChatwootHttp;
  inboxId: number;
  tickets: Ticket[];
  limit?: number;
  onProgress?: (p: SeedProgress) => void;
}

const PAGE_SIZE = 25;
const MAX_PAGES = 2_000;

/** ticket id → conversation id for every conversation of the inbox that carries one (any status). */
async function seededConversations(admin: AdminClient, inboxId: number): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    const batch = await admin.listConversations({ inbox_id: inboxId, status: 'all', page });
    for (const c of batch) {
      const id = c.custom_attributes?.[TICKET_ID_KEY] ?? c.additional_attributes?.[TICKET_ID_KEY];
      if (typeof id === 'string' && !found.has(id)) found.set(id, c.id);
    }
    if (batch.length < PAGE_SIZE) break;
  }
  return found;
}

/** Checks the inbox exists and is an API inbox (only those accept customer ("incoming") messages from the API). */
export async function checkSeedInbox(admin: AdminClient, inboxId: number): Promise<void> {
  const inboxes = await admin.listInboxes();
  const inbox = inboxes.find((i) => i.id === inboxId);
  const apiInboxes = inboxes.filter((i) => i.channel_type === 'Channel::Api').map((i) => `${i.id} "${i.name}"`);
  if (!inbox) throw new Error(`inbox ${inboxId} does not exist (API inboxes: ${apiInboxes.join(', ') || 'none; create one with scripts/bootstrap-chatwoot --api-inbox'})`);
  if (inbox.channel_type !== 'Channel::Api') {
    throw new Error(`inbox ${inboxId} "${inbox.name}" is a ${inbox.channel_type} inbox; Chatwoot only accepts imported customer messages in API inboxes (${apiInboxes.join(', ') || 'none yet'})`);
  }
}

/**
 * Imports tickets into an API inbox: one contact per sender (found by email, else created), one conversation per
 * ticket with the body as the customer's incoming message and the subject as mail_subject. Idempotent by ticket id:
 * tickets whose conversation already exists in the inbox are skipped. A failing ticket is reported and the rest go on.
 */
export async function seedTickets(o: SeedOptions): Promise<SeedResult> {
  const admin = createAdminClient(o.http);
  const tickets = o.limit === undefined ? o.tickets : o.tickets.slice(0, Math.max(0, o.limit));
  const existing = await seededConversations(admin, o.inboxId);
  const contacts = new Map<string, ChatwootContact>();
  const result: SeedResult = { created: 0, skipped: 0, failed: [], conversations: {} };

  async function contactFor(t: Ticket): Promise<ChatwootContact> {
    const email = t.from_email.toLowerCase();
    const cached = contacts.get(email);
    if (cached) return cached;
    let contact = await admin.findContactByEmail(email);
    if (!contact) {
      try {
        contact = (await admin.createContact({ inbox_id: o.inboxId, email, name: t.from_name ?? email.split('@')[0] })).contact;
      } catch (err) {
        // Someone created it between search and create: search again rather than fail the ticket.
        if (!(err instanceof ChatwootApiError && err.status === 422)) throw err;
        contact = await admin.findContactByEmail(email);
        if (!contact) throw err;
      }
    }
    contacts.set(email, contact);
    return contact;
  }

  for (const [i, t] of tickets.entries()) {
    const progress = { index: i + 1, total: tickets.length, ticketId: t.id };
    const already = existing.get(t.id);
    if (already !== undefined) {
      result.skipped += 1;
      result.conversations[t.id] = already;
      o.onProgress?.({ ...progress, outcome: 'skipped', conversationId: already });
      continue;
    }
    try {
      const contact = await contactFor(t);
      const conversation = await admin.createConversation({
        inbox_id: o.inboxId,
        contact_id: contact.id,
        status: 'open',
        additional_attributes: { mail_subject: t.subject, [TICKET_ID_KEY]: t.id },
        custom_attributes: { [TICKET_ID_KEY]: t.id },
        message: { content: t.body, message_type: 'incoming' },
      });
      existing.set(t.id, conversation.id);
      result.created += 1;
      result.conversations[t.id] = conversation.id;
      o.onProgress?.({ ...progress, outcome: 'created', conversationId: conversation.id });
    } catch (err) {
      const error = describeChatwootError(err);
      result.failed.push({ ticketId: t.id, error });
      o.onProgress?.({ ...progress, outcome: 'failed', error });
    }
  }
  return result;
}
