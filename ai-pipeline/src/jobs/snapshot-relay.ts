import { z } from 'zod';
import type { NewJob } from './queue.js';
import { conversationCopy, SNAPSHOT_MAX_AGE_MS, SNAPSHOT_MAX_BYTES, SNAPSHOT_MAX_ENTRIES, type ConversationCopy, type SnapshotSink } from './snapshots.js';

/** Postgres refuses a NOTIFY payload of 8000 bytes or more. */
export const NOTIFY_PAYLOAD_MAX_BYTES = 7999;

interface Pending {
  /** `[accountId,conversationId,{…}]`: one element of a payload's array. */
  element: string;
  bytes: number;
  at: number;
}

/**
 * In a web process (PIPELINE_ROLE=web): the webhooks' conversation copies (jobs/snapshots.ts) wait here for the next
 * NOTIFY, which carries them to every worker process (`JobNotifier`), so the worker that claims the job decides on the
 * webhook's copy instead of reading the conversation from Chatwoot again. A copy too large for one payload is not sent
 * (its worker reads); copies the NOTIFY could not send (the database is away) are lost the same way. Held for
 * milliseconds normally; capped like the store itself, oldest dropped first.
 */
export class SnapshotRelay implements SnapshotSink {
  private pending: Pending[] = [];
  private bytes = 0;
  private readonly now: () => number;

  constructor(o: { now?: () => number } = {}) {
    this.now = o.now ?? Date.now;
  }

  rememberFrom(body: unknown, jobs: readonly NewJob[]): void {
    const copy = conversationCopy(body, jobs);
    if (!copy) return;
    const element = `[${copy.accountId},${copy.conversationId},${copy.json}]`;
    const bytes = Buffer.byteLength(element);
    // The array's brackets go around it.
    if (bytes + 2 > NOTIFY_PAYLOAD_MAX_BYTES) return;
    this.pending.push({ element, bytes, at: this.now() });
    this.bytes += bytes;
    while (this.pending.length > SNAPSHOT_MAX_ENTRIES || this.bytes > SNAPSHOT_MAX_BYTES) this.bytes -= this.pending.shift()!.bytes;
  }

  /** The copies waiting, packed into as few NOTIFY payloads as hold them (JSON arrays); the relay is empty after. */
  drain(): string[] {
    const cutoff = this.now() - SNAPSHOT_MAX_AGE_MS;
    const fresh = this.pending.filter((p) => p.at >= cutoff);
    this.pending = [];
    this.bytes = 0;
    return packPayloads(fresh);
  }

  get size(): number {
    return this.pending.length;
  }
}

/** Elements (each under the limit with its brackets) joined into JSON arrays of at most NOTIFY_PAYLOAD_MAX_BYTES. */
function packPayloads(elements: readonly Pending[]): string[] {
  const payloads: string[] = [];
  let parts: string[] = [];
  let size = 2; // "[" and "]"
  for (const e of elements) {
    if (parts.length > 0 && size + 1 + e.bytes > NOTIFY_PAYLOAD_MAX_BYTES) {
      payloads.push(`[${parts.join(',')}]`);
      parts = [];
      size = 2;
    }
    size += (parts.length > 0 ? 1 : 0) + e.bytes;
    parts.push(e.element);
  }
  if (parts.length > 0) payloads.push(`[${parts.join(',')}]`);
  return payloads;
}

const id = z.number().int().positive();
const payloadSchema = z.array(z.tuple([id, id, z.record(z.string(), z.unknown())]));

/**
 * The copies in a NOTIFY payload a worker heard; [] for an empty payload (a plain wake-up) or one it cannot read (it
 * is only a hint: the job reads the conversation itself). The copy's shape is checked when a job takes it.
 */
export function decodeCopies(payload: string): ConversationCopy[] {
  if (payload === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return [];
  }
  const result = payloadSchema.safeParse(parsed);
  if (!result.success) return [];
  return result.data.map(([accountId, conversationId, conversation]) => ({ accountId, conversationId, json: JSON.stringify(conversation) }));
}
