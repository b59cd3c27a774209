import { restConversation, type RestConversation } from '../chatwoot/payloads.js';
import { declaredPicker } from '../util/pick-declared.js';
import type { NewJob } from './queue.js';

/** How long a webhook's copy of a conversation may stand in for a fresh read (the job's own model call takes longer). */
export const SNAPSHOT_MAX_AGE_MS = 20_000;
/** At most this many copies are kept (a burst larger than that reads the rest). */
export const SNAPSHOT_MAX_ENTRIES = 1_000;
/** At most this many bytes of copies in all (long e-mail threads are large; the ones past it read instead). */
export const SNAPSHOT_MAX_BYTES = 8 * 1024 * 1024;

/** The fields of a conversation a triage reads (`restConversation`), walked once. */
const keptFields = declaredPicker(restConversation);

/** A webhook's copy of one conversation: the JSON of the fields a triage reads. */
export interface ConversationCopy {
  accountId: number;
  conversationId: number;
  json: string;
}

/** Where the webhook handler leaves the copies of the webhooks it accepts (this process's store, or the relay to the workers). */
export interface SnapshotSink {
  rememberFrom(body: unknown, jobs: readonly NewJob[]): void;
}

/**
 * The conversation an authenticated webhook that makes a triage job shows (the body of `conversation_created`,
 * `.conversation` of `message_created`), when it holds one unread message (the only case a first attempt can trust
 * without the message list); otherwise null. Cheap: no validation here (`take` validates). Only the fields
 * `restConversation` declares, at every depth: not the rest of the webhook, such as contact_inbox with its
 * pubsub_token, account or push data.
 */
export function conversationCopy(body: unknown, jobs: readonly NewJob[]): ConversationCopy | null {
  const triage = jobs.find((j) => j.kind === 'triage');
  if (!triage) return null;
  const event = body as { event?: unknown; unread_count?: unknown; conversation?: { unread_count?: unknown } } | null;
  const conversation = event?.event === 'message_created' ? event.conversation : event?.event === 'conversation_created' ? event : undefined;
  if (conversation?.unread_count !== 1) return null;
  return { accountId: triage.accountId, conversationId: triage.conversationId, json: JSON.stringify(keptFields(conversation)) };
}

interface Entry {
  at: number;
  /** The kept fields as JSON, in memory outside the JavaScript heap (see `keep`). */
  json: Buffer;
}

/**
 * The conversation as the authenticated webhook that started its triage showed it, kept in memory
 * for a few seconds so the triage's first attempt can decide on it instead of reading the conversation again: one
 * Chatwoot request fewer per ticket. Only a conversation with a single unread customer message is kept (the only
 * case a first attempt can trust without the message list). In a worker process (PIPELINE_ROLE=worker) the copies come
 * from the web processes in their NOTIFY (jobs/snapshot-relay.ts). Never stored anywhere: a restart forgets them and
 * the job reads, as does a job that starts more than SNAPSHOT_MAX_AGE_MS after its webhook, or a retry.
 */
export class ConversationSnapshots implements SnapshotSink {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(o: { maxAgeMs?: number; maxEntries?: number; maxBytes?: number; now?: () => number } = {}) {
    this.maxAgeMs = o.maxAgeMs ?? SNAPSHOT_MAX_AGE_MS;
    this.maxEntries = o.maxEntries ?? SNAPSHOT_MAX_ENTRIES;
    this.maxBytes = o.maxBytes ?? SNAPSHOT_MAX_BYTES;
    this.now = o.now ?? Date.now;
  }

  /** Keeps the copy `conversationCopy` finds in an authenticated webhook (called before its jobs are enqueued). */
  rememberFrom(body: unknown, jobs: readonly NewJob[]): void {
    const copy = conversationCopy(body, jobs);
    if (copy) this.keep(copy);
  }

  /**
   * Keeps a copy until it is `maxAgeMs` old: one from a webhook of this process, or one a web process sent in a NOTIFY
   * (jobs/snapshot-relay.ts), which was `ageMs` old when it was sent. A copy lives for seconds, long enough to outlast the young generation: kept as objects,
   * every webhook's copy was promoted into V8's old generation, whose major collections slow the webhook's answers; so
   * it is kept as JSON in a Buffer of its own, whose bytes are outside the heap the collector walks. The total is capped
   * in bytes, not only in count, since a conversation can be a long thread.
   */
  keep(copy: ConversationCopy, ageMs = 0): void {
    const key = keyOf(copy.accountId, copy.conversationId);
    this.forget(key);
    const bytes = Buffer.byteLength(copy.json);
    if (bytes > this.maxBytes) return;
    const json = Buffer.allocUnsafeSlow(bytes);
    json.write(copy.json);
    this.entries.set(key, { at: this.now() - Math.max(0, ageMs), json });
    this.bytes += json.length;
    this.evict();
  }

  /** The conversation's copy, once (it is forgotten), when it is recent and has the shape of Chatwoot's conversation; otherwise null. */
  take(accountId: number, conversationId: number): RestConversation | null {
    const key = keyOf(accountId, conversationId);
    const entry = this.forget(key);
    if (!entry) return null;
    if (this.now() - entry.at > this.maxAgeMs) return null;
    let json: unknown;
    try {
      json = JSON.parse(entry.json.toString('utf8'));
    } catch {
      return null; // a relayed copy is checked only here
    }
    const parsed = restConversation.safeParse(json);
    return parsed.success && parsed.data.id === conversationId ? parsed.data : null;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held by the copies. */
  get sizeBytes(): number {
    return this.bytes;
  }

  private forget(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.bytes -= entry.json.length;
    }
    return entry;
  }

  /** Oldest first (a Map keeps insertion order): drops expired copies and any beyond the caps. */
  private evict(): void {
    const cutoff = this.now() - this.maxAgeMs;
    for (const [key, entry] of this.entries) {
      if (entry.at >= cutoff && this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.forget(key);
    }
  }
}

function keyOf(accountId: number, conversationId: number): string {
  return `${accountId}:${conversationId}`;
}
