import { describe, expect, it } from 'vitest';
import type { NewJob } from './queue.js';
import { decodeCopies, NOTIFY_PAYLOAD_MAX_BYTES, SnapshotRelay } from './snapshot-relay.js';
import { ConversationSnapshots, SNAPSHOT_MAX_AGE_MS } from './snapshots.js';

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

describe('SnapshotRelay and decodeCopies', () => {
  it("carries a webhook's copy to a worker's store: the worker's job takes what the web process's own store would have", () => {
    const relay = new SnapshotRelay();
    const local = new ConversationSnapshots();
    relay.rememberFrom(webhook(42), jobsFor(42));
    local.rememberFrom(webhook(42), jobsFor(42));
    const payloads = relay.drain();
    expect(payloads).toHaveLength(1);
    expect(payloads[0]).not.toContain('secret-token');
    expect(relay.drain()).toEqual([]);

    const worker = new ConversationSnapshots();
    for (const copy of decodeCopies(payloads[0]!)) worker.keep(copy);
    const taken = worker.take(1, 42);
    expect(taken).toMatchObject({ id: 42, unread_count: 1, messages: [{ id: 7, content: 'Hilfe', message_type: 0 }] });
    expect(taken).toEqual(local.take(1, 42));
  });

  it('packs many copies into as few payloads as Postgres accepts (each under 8000 bytes), none lost or split', () => {
    const relay = new SnapshotRelay();
    const text = 'Die App stürzt beim Export ab. '.repeat(20); // ~640 bytes with the umlauts
    for (let cid = 1; cid <= 40; cid++) relay.rememberFrom(webhook(cid, text), jobsFor(cid));
    const payloads = relay.drain();
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.length).toBeLessThan(10);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(NOTIFY_PAYLOAD_MAX_BYTES);
    const copies = payloads.flatMap(decodeCopies);
    expect(copies.map((c) => c.conversationId)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(copies.every((c) => (JSON.parse(c.json) as { messages: { content: string }[] }).messages[0]!.content === text)).toBe(true);
  });

  it('does not send a copy too large for one payload (its worker reads the conversation), nor one older than the store keeps', () => {
    const c = { t: 1_000_000 };
    const relay = new SnapshotRelay({ now: () => c.t });
    relay.rememberFrom(webhook(1, 'x'.repeat(NOTIFY_PAYLOAD_MAX_BYTES)), jobsFor(1));
    expect(relay.size).toBe(0);
    relay.rememberFrom(webhook(2), jobsFor(2));
    c.t += SNAPSHOT_MAX_AGE_MS + 1;
    relay.rememberFrom(webhook(3), jobsFor(3));
    expect(relay.drain().flatMap(decodeCopies).map((copy) => copy.conversationId)).toEqual([3]);
  });

  it('keeps nothing from a webhook the store would not keep (no triage job, a second unread message)', () => {
    const relay = new SnapshotRelay();
    relay.rememberFrom(webhook(1), jobsFor(1).slice(1));
    relay.rememberFrom({ ...webhook(2), conversation: { ...webhook(2).conversation, unread_count: 2 } }, jobsFor(2));
    expect(relay.drain()).toEqual([]);
  });

  it.each([
    ['a plain wake-up', ''],
    ['not JSON', '{"oops'],
    ['not an array', '{"a":1}'],
    ['a wrong element', '[[1,"42",{}]]'],
    ['an id that is not positive', '[[1,0,{}]]'],
    ['a conversation that is not an object', '[[1,42,"text"]]'],
  ])('reads no copy from %s', (_, payload) => {
    expect(decodeCopies(payload)).toEqual([]);
  });
});
