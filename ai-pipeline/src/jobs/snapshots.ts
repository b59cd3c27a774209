import { restConversation, type RestConversation } from '../chatwoot/payloads.js';
import type { NewJob } from './queue.js';

/** How long a webhook's copy of a conversation may stand in for a fresh read (the job's own model call takes longer). */
export const SNAPSHOT_MAX_AGE_MS = 20_000;
/** At most this many copies are kept (a burst larger than that reads the rest). */
export const SNAPSHOT_MAX_ENTRIES = 1_000;

interface Entry {
  at: number;
  raw: unknown;
}

/**
 * The conversation as the authenticated webhook that started its triage showed it, kept in memory
 * for a few seconds so the triage's first attempt can decide on it instead of reading the conversation again: one
 * Chatwoot request fewer per ticket. Only a conversation with a single unread customer message is kept (the only
 * case a first attempt can trust without the message list). Never stored anywhere: a restart forgets them and the
 * job reads, as does a job that starts more than SNAPSHOT_MAX_AGE_MS after its webhook, or a retry.
 */
export class ConversationSnapshots {
  private readonly entries = new Map<string, Entry>();
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(o: { maxAgeMs?: number; maxEntries?: number; now?: () => number } = {}) {
    this.maxAgeMs = o.maxAgeMs ?? SNAPSHOT_MAX_AGE_MS;
    this.maxEntries = o.maxEntries ?? SNAPSHOT_MAX_ENTRIES;
    this.now = o.now ?? Date.now;
  }

  /**
   * Keeps the conversation of an authenticated webhook that makes a triage job (the body of `conversation_created`,
   * `.conversation` of `message_created`) when it holds one unread message. Called before the job is enqueued, so
   * the job's first attempt finds it. Cheap: no parsing here.
   */
  rememberFrom(body: unknown, jobs: readonly NewJob[]): void {
    const triage = jobs.find((j) => j.kind === 'triage');
    if (!triage) return;
    const event = body as { event?: unknown; unread_count?: unknown; conversation?: { unread_count?: unknown } } | null;
    const conversation = event?.event === 'message_created' ? event.conversation : event?.event === 'conversation_created' ? event : undefined;
    if (conversation?.unread_count !== 1) return;
    const key = keyOf(triage.accountId, triage.conversationId);
    this.entries.delete(key);
    this.entries.set(key, { at: this.now(), raw: compact(conversation as Record<string, unknown>) });
    this.evict();
  }

  /** The conversation's copy, once (it is forgotten), when it is recent and has the shape of Chatwoot's conversation; otherwise null. */
  take(accountId: number, conversationId: number): RestConversation | null {
    const key = keyOf(accountId, conversationId);
    const entry = this.entries.get(key);
    if (!entry) return null;
    this.entries.delete(key);
    if (this.now() - entry.at > this.maxAgeMs) return null;
    const parsed = restConversation.safeParse(entry.raw);
    return parsed.success && parsed.data.id === conversationId ? parsed.data : null;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Oldest first (a Map keeps insertion order): drops expired copies and any beyond the cap. */
  private evict(): void {
    const cutoff = this.now() - this.maxAgeMs;
    for (const [key, entry] of this.entries) {
      if (entry.at >= cutoff && this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

function keyOf(accountId: number, conversationId: number): string {
  return `${accountId}:${conversationId}`;
}

type Loose = Record<string, unknown> | null | undefined;

/**
 * Only what a triage reads of the conversation (the fields of `restConversation`, the last message): the rest of a
 * webhook (contact_inbox with its pubsub_token, account, push data) is not kept, and a burst holds less memory.
 */
function compact(c: Record<string, unknown>): Record<string, unknown> {
  const meta = c.meta as Loose;
  const sender = meta?.sender as Loose;
  const last = (Array.isArray(c.messages) ? c.messages.at(-1) : undefined) as Loose;
  const idOnly = (v: unknown) => (v && typeof v === 'object' ? { id: (v as { id?: unknown }).id } : v);
  return {
    id: c.id,
    inbox_id: c.inbox_id,
    status: c.status,
    priority: c.priority,
    labels: c.labels,
    custom_attributes: c.custom_attributes,
    additional_attributes: c.additional_attributes,
    unread_count: c.unread_count,
    agent_last_seen_at: c.agent_last_seen_at,
    meta: meta && { sender: sender && { id: sender.id, name: sender.name, email: sender.email }, assignee: idOnly(meta.assignee), team: idOnly(meta.team) },
    messages: last ? [messageFields(last)] : [],
  };
}

function messageFields(m: Record<string, unknown>): Record<string, unknown> {
  const sender = m.sender as Loose;
  return {
    id: m.id,
    content: m.content,
    message_type: m.message_type,
    private: m.private,
    content_type: m.content_type,
    content_attributes: m.content_attributes,
    created_at: m.created_at,
    sender_type: m.sender_type,
    sender: sender && { id: sender.id, name: sender.name, type: sender.type },
  };
}
