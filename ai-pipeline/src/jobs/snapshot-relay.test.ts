import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NewJob } from './queue.js';
import { decodeCopies, NOTIFY_PAYLOAD_MAX_BYTES, relayKey, SnapshotRelay } from './snapshot-relay.js';
import { ConversationSnapshots, SNAPSHOT_MAX_AGE_MS } from './snapshots.js';

const key = relayKey('chatwoot-api-token-of-this-deployment');
const jobsFor = (conversationId: number): NewJob[] => [
  { kind: 'triage', accountId: 1, conversationId },
  { kind: 'followup', accountId: 1, conversationId, messageId: 7 },
];
/** A message_created webhook (REFERENCE §1.5) whose conversation holds one unread message of `content`. */
const webhook = (conversationId: number, content = 'Hilfe') => ({
  event: 'message_created',
  id: 7,
  message_type: 'incoming',
  account: { id: 1 },
  conversation: {
    id: conversationId,
    inbox_id: 3,
    status: 'open',
    labels: [],
    unread_count: 1,
    contact_inbox: { pubsub_token: 'secret-token' },
    messages: [{ id: 7, content, message_type: 0, private: false, created_at: 1_781_950_000 }],
    meta: { sender: { id: 5, name: 'Jana', email: 'jana@example.com' }, assignee: null, team: null },
  },
});
const ids = (payloads: string[], now?: number) => payloads.flatMap((p) => decodeCopies(p, key, now)).map((h) => h.copy.conversationId);

describe('SnapshotRelay and decodeCopies', () => {
  it("carries a webhook's copy to a worker's store: the worker's job takes what the web process's own store would have", () => {
    const relay = new SnapshotRelay({ key });
    const local = new ConversationSnapshots();
    relay.rememberFrom(webhook(42), jobsFor(42));
    local.rememberFrom(webhook(42), jobsFor(42));
    const payloads = relay.drain();
    expect(payloads).toHaveLength(1);
    expect(payloads[0]).not.toContain('secret-token');
    expect(relay.drain()).toEqual([]);

    const worker = new ConversationSnapshots();
    for (const heard of decodeCopies(payloads[0]!, key)) worker.keep(heard.copy, heard.ageMs);
    const taken = worker.take(1, 42);
    expect(taken).toMatchObject({ id: 42, unread_count: 1, messages: [{ id: 7, content: 'Hilfe', message_type: 0 }] });
    expect(taken).toEqual(local.take(1, 42));
  });

  it('packs many copies into as few payloads as Postgres accepts (each under 8000 bytes), none lost or split', () => {
    const relay = new SnapshotRelay({ key });
    const text = 'Die App stürzt beim Export ab. '.repeat(20); // ~640 bytes with the umlauts
    for (let cid = 1; cid <= 40; cid++) relay.rememberFrom(webhook(cid, text), jobsFor(cid));
    const payloads = relay.drain();
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.length).toBeLessThan(10);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(NOTIFY_PAYLOAD_MAX_BYTES);
    expect(ids(payloads)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const copies = payloads.flatMap((p) => decodeCopies(p, key));
    expect(copies.every((h) => (JSON.parse(h.copy.json) as { messages: { content: string }[] }).messages[0]!.content === text)).toBe(true);
  });

  it('sends a copy only when it fits one payload, and only while it is younger than the store keeps copies', () => {
    const c = { t: 1_000_000 };
    const relay = new SnapshotRelay({ key, now: () => c.t });
    relay.rememberFrom(webhook(1, 'x'.repeat(NOTIFY_PAYLOAD_MAX_BYTES)), jobsFor(1));
    expect(relay.size).toBe(0);
    relay.rememberFrom(webhook(2, 'x'.repeat(7_500)), jobsFor(2)); // the largest that still fits, signature and all
    relay.rememberFrom(webhook(3), jobsFor(3));
    expect(relay.size).toBe(2);
    const sent = relay.drain();
    expect(ids(sent, c.t)).toEqual([2, 3]);
    for (const p of sent) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(NOTIFY_PAYLOAD_MAX_BYTES);
    relay.rememberFrom(webhook(3), jobsFor(3));
    c.t += SNAPSHOT_MAX_AGE_MS + 1;
    relay.rememberFrom(webhook(4), jobsFor(4));
    expect(ids(relay.drain(), c.t)).toEqual([4]);
  });

  it('tells the worker how old a copy was when sent: the worker keeps it only for what is left of the 20 s', () => {
    const c = { t: 1_000_000 };
    const relay = new SnapshotRelay({ key, now: () => c.t });
    relay.rememberFrom(webhook(42), jobsFor(42));
    c.t += 15_000; // the copy waited in the relay (its job's enqueue created nothing new)
    const payload = relay.drain()[0]!;
    const [heard] = decodeCopies(payload, key, c.t);
    expect(heard!.ageMs).toBe(15_000);
    // Heard 3 s after it was sent (a slow LISTEN connection): 3 s older.
    expect(decodeCopies(payload, key, c.t + 3_000)[0]!.ageMs).toBe(18_000);
    const worker = new ConversationSnapshots({ now: () => c.t });
    worker.keep(heard!.copy, heard!.ageMs);
    c.t += 5_001;
    expect(worker.take(1, 42)).toBeNull();
  });

  it('a clock stepped back makes a copy younger (age 0), not the whole payload unreadable', () => {
    const c = { t: 1_000_000 };
    const relay = new SnapshotRelay({ key, now: () => c.t });
    relay.rememberFrom(webhook(42), jobsFor(42));
    c.t -= 2_000;
    const heard = decodeCopies(relay.drain()[0]!, key, c.t);
    expect(heard.map((h) => [h.copy.conversationId, h.ageMs])).toEqual([[42, 0]]);
  });

  it('keeps every payload under 8000 bytes with the largest ids and four-byte characters, packed to the limit', () => {
    const relay = new SnapshotRelay({ key });
    const big = Number.MAX_SAFE_INTEGER;
    for (let i = 0; i < 60; i++) {
      const cid = big - i;
      relay.rememberFrom({ ...webhook(cid, '😀'.repeat(50 + ((i * 37) % 300))), account: { id: big } }, [{ kind: 'triage', accountId: big, conversationId: cid }]);
    }
    const payloads = relay.drain();
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(NOTIFY_PAYLOAD_MAX_BYTES);
    expect(Math.max(...payloads.map((p) => Buffer.byteLength(p)))).toBeGreaterThan(NOTIFY_PAYLOAD_MAX_BYTES - 1_500);
    expect(ids(payloads)).toEqual(Array.from({ length: 60 }, (_, i) => big - i));
  });

  it('keeps nothing from a webhook the store would not keep (no triage job, a second unread message)', () => {
    const relay = new SnapshotRelay({ key });
    relay.rememberFrom(webhook(1), jobsFor(1).slice(1));
    relay.rememberFrom({ ...webhook(2), conversation: { ...webhook(2).conversation, unread_count: 2 } }, jobsFor(2));
    expect(relay.drain()).toEqual([]);
  });

  it('reads no copy that another key signed (a forged NOTIFY, or a process started with another Chatwoot token)', () => {
    const relay = new SnapshotRelay({ key: relayKey('another-token') });
    relay.rememberFrom(webhook(42), jobsFor(42));
    const [payload] = relay.drain();
    expect(decodeCopies(payload!, relayKey('another-token'))).toHaveLength(1);
    expect(decodeCopies(payload!, key)).toEqual([]);
    // The same body with its signature cut or altered.
    const body = payload!.slice(payload!.indexOf('.') + 1);
    expect(decodeCopies(body, key)).toEqual([]);
    expect(decodeCopies(`${'A'.repeat(43)}.${body}`, key)).toEqual([]);
  });

  const signed = (body: string, sentAt = Date.now()) => {
    const b = `${sentAt}\n${body}`;
    return `${createHmac('sha256', key).update(b).digest('base64url')}.${b}`;
  };
  it.each([
    ['a plain wake-up', ''],
    ['no index line', signed('[[1,42,0,9]]')],
    ['a send time that is not a number', signed('[[1,42,0,9]]\n{"id":42}').replace(/\.\d+\n/, '.soon\n')],
    ['an index that is not JSON', signed('[[1,42\n{"id":42}')],
    ['an index that is not an array', signed('{"a":1}\n{"id":42}')],
    ['a wrong index entry', signed('[[1,"42",0,9]]\n{"id":42}')],
    ['an id that is not positive', signed('[[1,0,0,9]]\n{"id":42}')],
    ['a negative age', signed('[[1,42,-5,9]]\n{"id":42}')],
    ['lengths longer than the texts', signed('[[1,42,0,20]]\n{"id":42}')],
    ['texts longer than the lengths', signed('[[1,42,0,9]]\n{"id":42}{"id":43}')],
    ['a payload sent longer ago than a copy lives (replayed)', signed('[[1,42,0,9]]\n{"id":42}', Date.now() - SNAPSHOT_MAX_AGE_MS - 1_000)],
    ['a payload sent from well in the future', signed('[[1,42,0,9]]\n{"id":42}', Date.now() + 60_000)],
  ])('reads no copy from %s', (_, payload) => {
    expect(decodeCopies(payload, key)).toEqual([]);
  });
  it('reads a correctly signed payload (the cases above fail for their content, not their signature)', () => {
    const now = Date.now();
    expect(decodeCopies(signed('[[1,42,0,9],[1,43,5,9]]\n{"id":42}{"id":43}', now), key, now)).toEqual([
      { copy: { accountId: 1, conversationId: 42, json: '{"id":42}' }, ageMs: 0 },
      { copy: { accountId: 1, conversationId: 43, json: '{"id":43}' }, ageMs: 5 },
    ]);
  });

  it("a copy whose text is not a conversation is read, and its job's take() finds nothing (the job reads the conversation)", () => {
    const worker = new ConversationSnapshots();
    const now = Date.now();
    for (const h of decodeCopies(signed('[[1,42,0,6],[1,43,0,9]]\n{"id":{"id":41}', now), key, now)) worker.keep(h.copy, h.ageMs);
    expect(worker.size).toBe(2);
    expect(worker.take(1, 42)).toBeNull(); // not JSON
    expect(worker.take(1, 43)).toBeNull(); // another conversation's id
  });
});
