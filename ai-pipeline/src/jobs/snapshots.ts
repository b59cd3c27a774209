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

interface Entry {
  at: number;
  /** The kept fields as JSON, in memory outside the JavaScript heap (see `rememberFrom`). */
  json: Buffer;
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

  /**
   * Keeps the conversation of an authenticated webhook that makes a triage job (the body of `conversation_created`,
   * `.conversation` of `message_created`) when it holds one unread message. Called before the job is enqueued, so
   * the job's first attempt finds it. Cheap: no validation here.
   *
   * Kept as the JSON of the fields a triage reads (the fields `restConversation` declares, at every depth: not the rest
   * of the webhook, such as contact_inbox with its pubsub_token, account or push data), in a Buffer of its own. A copy
   * lives for seconds, long enough to outlast the young generation: kept as objects, every webhook's copy was promoted
   * into V8's old generation, whose major collections slow the webhook's answers; a Buffer's bytes are outside the heap
   * the collector walks. The total is capped in bytes, not only in count, since a conversation can be a long thread.
   */
  rememberFrom(body: unknown, jobs: readonly NewJob[]): void {
    const triage = jobs.find((j) => j.kind === 'triage');
    if (!triage) return;
    const event = body as { event?: unknown; unread_count?: unknown; conversation?: { unread_count?: unknown } } | null;
    const conversation = event?.event === 'message_created' ? event.conversation : event?.event === 'conversation_created' ? event : undefined;
    if (conversation?.unread_count !== 1) return;
    const key = keyOf(triage.accountId, triage.conversationId);
    this.forget(key);
    const text = JSON.stringify(keptFields(conversation));
    const bytes = Buffer.byteLength(text);
    if (bytes > this.maxBytes) return;
    const json = Buffer.allocUnsafeSlow(bytes);
    json.write(text);
    this.entries.set(key, { at: this.now(), json });
    this.bytes += json.length;
    this.evict();
  }

  /** The conversation's copy, once (it is forgotten), when it is recent and has the shape of Chatwoot's conversation; otherwise null. */
  take(accountId: number, conversationId: number): RestConversation | null {
    const key = keyOf(accountId, conversationId);
    const entry = this.forget(key);
    if (!entry) return null;
    if (this.now() - entry.at > this.maxAgeMs) return null;
    const parsed = restConversation.safeParse(JSON.parse(entry.json.toString('utf8')));
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
