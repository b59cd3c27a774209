import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { NewJob } from './queue.js';
import { conversationCopy, SNAPSHOT_MAX_AGE_MS, SNAPSHOT_MAX_BYTES, SNAPSHOT_MAX_ENTRIES, type ConversationCopy, type SnapshotSink } from './snapshots.js';

/** Postgres refuses a NOTIFY payload of 8000 bytes or more. */
export const NOTIFY_PAYLOAD_MAX_BYTES = 7999;
/**
 * A payload is `<signature>.<sentAt>\n<index>\n<copy><copy>…`: the signature is 43 characters of base64url HMAC-SHA256
 * of what follows the dot; sentAt is the web process's clock (ms) when it sent it, so a payload replayed later is
 * dropped; the index is a JSON array with one `[accountId,conversationId,ageMs,length]` per copy, and the copies' JSON
 * texts follow it back to back (`length` in UTF-16 code units), so a worker slices them out without parsing them (a job
 * parses and validates its copy when it takes it).
 */
const SIGNATURE_CHARS = 43;
/** The bytes after the signature and its dot. */
const BODY_MAX_BYTES = NOTIFY_PAYLOAD_MAX_BYTES - SIGNATURE_CHARS - 1;
/** sentAt (13 digits until the year 2286) and its newline, the index's brackets and its newline. */
const BODY_FRAME_BYTES = 14 + 3;
/** How far a worker's clock may be off the web process's before a payload's sentAt no longer counts as now. */
const CLOCK_SKEW_MS = 5_000;

/** The exact bytes a copy adds to a body: its JSON, its index entry (the age at its widest) and the entry's comma. */
function copyBytes(copy: ConversationCopy): number {
  return Buffer.byteLength(copy.json) + Buffer.byteLength(JSON.stringify([copy.accountId, copy.conversationId, SNAPSHOT_MAX_AGE_MS, copy.json.length])) + 1;
}

/**
 * The key that signs the relayed copies, derived from a secret every pipeline process of one deployment has
 * (CHATWOOT_API_TOKEN): a web and a worker process agree without another variable, and a role that may only connect to
 * the database cannot make a worker triage a conversation it made up. After the token changes, copies between processes
 * started with different tokens are dropped (their jobs read the conversation) until every process has restarted.
 */
export function relayKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('chatwoot-triage: conversation copies in NOTIFY triage_jobs').digest();
}

const sign = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('base64url');

interface Pending {
  copy: ConversationCopy;
  bytes: number;
  at: number;
}

/**
 * In a web process (PIPELINE_ROLE=web): the webhooks' conversation copies (jobs/snapshots.ts) wait here for the next
 * NOTIFY, which carries them to every worker process (`JobNotifier`), so the worker that claims the job decides on the
 * webhook's copy instead of reading the conversation from Chatwoot again. Each payload is signed (`relayKey`). A copy
 * too large for one payload is not sent (its worker reads); copies the NOTIFY could not send (the database is away) are
 * lost the same way. Held for milliseconds normally; capped like the store itself, oldest dropped first; each carries
 * its age, so a worker keeps it only for what is left of SNAPSHOT_MAX_AGE_MS.
 */
export class SnapshotRelay implements SnapshotSink {
  private pending: Pending[] = [];
  private bytes = 0;
  private readonly key: Buffer;
  private readonly now: () => number;

  constructor(o: { key: Buffer; now?: () => number }) {
    this.key = o.key;
    this.now = o.now ?? Date.now;
  }

  rememberFrom(body: unknown, jobs: readonly NewJob[]): void {
    const copy = conversationCopy(body, jobs);
    if (!copy) return;
    const bytes = copyBytes(copy);
    if (bytes + BODY_FRAME_BYTES > BODY_MAX_BYTES) return;
    this.pending.push({ copy, bytes, at: this.now() });
    this.bytes += bytes;
    while (this.pending.length > SNAPSHOT_MAX_ENTRIES || this.bytes > SNAPSHOT_MAX_BYTES) this.bytes -= this.pending.shift()!.bytes;
  }

  /** The copies waiting, packed into as few signed NOTIFY payloads as hold them; the relay is empty after. */
  drain(): string[] {
    const now = this.now();
    // A clock stepped back gives an age below 0: it counts as 0 (packBodies), not as a reason to drop the payload.
    const fresh = this.pending.filter((p) => now - p.at <= SNAPSHOT_MAX_AGE_MS);
    this.pending = [];
    this.bytes = 0;
    return packBodies(fresh, now).map((body) => `${sign(this.key, body)}.${body}`);
  }

  get size(): number {
    return this.pending.length;
  }
}

/** The copies packed into as few payload bodies (index + texts) as hold them, each at most BODY_MAX_BYTES. */
function packBodies(pending: readonly Pending[], now: number): string[] {
  const bodies: string[] = [];
  let index: number[][] = [];
  let texts: string[] = [];
  let size = BODY_FRAME_BYTES;
  const flush = () => {
    bodies.push(`${now}\n${JSON.stringify(index)}\n${texts.join('')}`);
    index = [];
    texts = [];
    size = BODY_FRAME_BYTES;
  };
  for (const p of pending) {
    // p.bytes is an upper bound of the copy's text and its index entry (exact but for the age's digits).
    if (index.length > 0 && size + p.bytes > BODY_MAX_BYTES) flush();
    size += p.bytes;
    index.push([p.copy.accountId, p.copy.conversationId, Math.max(0, now - p.at), p.copy.json.length]);
    texts.push(p.copy.json);
  }
  if (index.length > 0) flush();
  return bodies;
}

const id = z.number().int().positive();
const indexSchema = z.array(z.tuple([id, id, z.number().int().min(0), z.number().int().min(2)]));

/** A copy a worker heard, and how old it was when it was sent. */
export interface HeardCopy {
  copy: ConversationCopy;
  ageMs: number;
}

/**
 * The copies in a NOTIFY payload a worker heard at `now`; [] for an empty payload (a plain wake-up), one not signed
 * with `key`, one sent longer ago than a copy lives (replayed), or one whose index does not match its texts (it is only a hint: the job reads the conversation itself). A copy's
 * JSON and shape are checked when a job takes it (`ConversationSnapshots.take`).
 */
export function decodeCopies(payload: string, key: Buffer, now: number = Date.now()): HeardCopy[] {
  const dot = payload.indexOf('.');
  if (dot !== SIGNATURE_CHARS) return [];
  const body = payload.slice(dot + 1);
  const expected = Buffer.from(sign(key, body));
  const given = Buffer.from(payload.slice(0, dot));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return [];
  const first = body.indexOf('\n');
  const newline = body.indexOf('\n', first + 1);
  if (first < 0 || newline < 0) return [];
  // Sent within the copies' lifetime (give or take the clocks' skew): a payload replayed later tells nothing now.
  const sentAt = Number(body.slice(0, first));
  if (!Number.isSafeInteger(sentAt) || now - sentAt > SNAPSHOT_MAX_AGE_MS || sentAt - now > CLOCK_SKEW_MS) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.slice(first + 1, newline));
  } catch {
    return [];
  }
  const index = indexSchema.safeParse(parsed);
  if (!index.success) return [];
  const heard: HeardCopy[] = [];
  let at = newline + 1;
  for (const [accountId, conversationId, ageMs, length] of index.data) {
    const json = body.slice(at, at + length);
    at += length;
    if (json.length !== length) return [];
    // Older by the time it took to arrive (never younger: a worker's clock behind the web process's).
    heard.push({ copy: { accountId, conversationId, json }, ageMs: ageMs + Math.max(0, now - sentAt) });
  }
  return at === body.length ? heard : [];
}
