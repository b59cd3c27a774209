import { describe, expect, it } from 'vitest';
import type { NewJob } from './queue.js';
import { ConversationSnapshots } from './snapshots.js';

const jobs: NewJob[] = [
  { kind: 'triage', accountId: 1, conversationId: 42 },
  { kind: 'followup', accountId: 1, conversationId: 42, messageId: 7 },
];
/** The `.conversation` of a message_created webhook (REFERENCE §1.5): nested messages in push format (integer message_type). */
const conversation = {
  id: 42,
  inbox_id: 3,
  status: 'open',
  labels: ['vip'],
  custom_attributes: {},
  unread_count: 1,
  agent_last_seen_at: 0,
  messages: [{ id: 7, content: 'Hilfe', message_type: 0, private: false, created_at: 1_781_950_000 }],
  meta: { sender: { id: 5, name: 'Jana', email: 'jana@example.com' }, assignee: null, team: null },
};
const webhook = { event: 'message_created', id: 7, message_type: 'incoming', private: false, account: { id: 1 }, conversation };

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('ConversationSnapshots', () => {
  it("gives the triage's first attempt the webhook's copy once", () => {
    const s = new ConversationSnapshots();
    s.rememberFrom(webhook, jobs);
    const copy = s.take(1, 42);
    expect(copy).toMatchObject({ id: 42, labels: ['vip'], unread_count: 1, meta: { sender: { email: 'jana@example.com' } } });
    expect(copy?.messages?.[0]).toMatchObject({ id: 7, content: 'Hilfe', message_type: 0 });
    expect(s.take(1, 42)).toBeNull();
  });

  it('keeps only what a triage reads (no contact_inbox token, no account, no push data)', () => {
    const s = new ConversationSnapshots();
    const full = {
      ...conversation,
      contact_inbox: { source_id: 'x', pubsub_token: 'secret-token' },
      account: { id: 1, name: 'Study' },
      meta: { ...conversation.meta, sender: { ...conversation.meta.sender, pubsub_token: 'secret-token', additional_attributes: {} }, team: { id: 5, name: 'Bugs' } },
    };
    s.rememberFrom({ ...webhook, conversation: full }, jobs);
    const copy = s.take(1, 42)!;
    expect(JSON.stringify(copy)).not.toContain('secret-token');
    expect(copy).not.toHaveProperty('account');
    expect(copy.meta).toEqual({ sender: { id: 5, name: 'Jana', email: 'jana@example.com' }, assignee: null, team: { id: 5 } });
    expect(copy.messages).toEqual([{ id: 7, content: 'Hilfe', message_type: 0, private: false, created_at: 1_781_950_000 }]);
  });

  it("keeps conversation_created's conversation (the event's body) too", () => {
    const s = new ConversationSnapshots();
    s.rememberFrom({ event: 'conversation_created', ...conversation }, jobs);
    expect(s.take(1, 42)).toMatchObject({ id: 42, unread_count: 1, messages: [{ id: 7, content: 'Hilfe' }] });
  });

  it.each([
    ['no triage job came of it', webhook, jobs.slice(1)],
    ['a conversation_created event before its message', { event: 'conversation_created', ...conversation, unread_count: 0, messages: [] }, jobs],
    ['the conversation has a second unread message', { ...webhook, conversation: { ...conversation, unread_count: 2 } }, jobs],
    ['the event has no conversation', { event: 'message_created' }, jobs],
    ['another event', { event: 'conversation_updated', ...conversation }, jobs],
    ['the body is not an object', null, jobs],
  ])('keeps nothing when %s', (_, body, made) => {
    const s = new ConversationSnapshots();
    s.rememberFrom(body, made);
    expect(s.size).toBe(0);
  });

  it('forgets a copy older than maxAgeMs (the job reads instead)', () => {
    const c = clock();
    const s = new ConversationSnapshots({ maxAgeMs: 20_000, now: c.now });
    s.rememberFrom(webhook, jobs);
    c.t += 20_001;
    expect(s.take(1, 42)).toBeNull();
  });

  it('answers null for a copy that does not have the shape of a conversation or is of another conversation', () => {
    const s = new ConversationSnapshots();
    s.rememberFrom({ ...webhook, conversation: { ...conversation, id: 'x' } }, jobs);
    expect(s.take(1, 42)).toBeNull();
    s.rememberFrom({ ...webhook, conversation: { ...conversation, id: 43 } }, jobs);
    expect(s.take(1, 42)).toBeNull();
    expect(s.take(2, 42)).toBeNull();
  });

  it('keeps at most maxEntries copies and drops expired ones first, oldest first', () => {
    const c = clock();
    const s = new ConversationSnapshots({ maxEntries: 2, maxAgeMs: 10_000, now: c.now });
    const made = (id: number): NewJob[] => [{ kind: 'triage', accountId: 1, conversationId: id }];
    for (const id of [1, 2, 3]) s.rememberFrom({ ...webhook, conversation: { ...conversation, id } }, made(id));
    expect(s.size).toBe(2);
    expect(s.take(1, 1)).toBeNull();
    expect(s.take(1, 3)?.id).toBe(3);
    c.t += 10_001;
    s.rememberFrom({ ...webhook, conversation: { ...conversation, id: 4 } }, made(4));
    expect(s.size).toBe(1);
    expect(s.take(1, 4)?.id).toBe(4);
  });

  it('holds each copy as the JSON of its kept fields, counts its bytes, and gives them back when it is taken', () => {
    const s = new ConversationSnapshots();
    s.rememberFrom({ ...webhook, conversation: { ...conversation, contact_inbox: { pubsub_token: 'secret-token' } } }, jobs);
    const kept = JSON.stringify({ ...conversation, meta: { sender: conversation.meta.sender, assignee: null, team: null } });
    expect(s.sizeBytes).toBe(Buffer.byteLength(kept));
    s.rememberFrom(webhook, jobs); // the same conversation again replaces its copy
    expect(s.size).toBe(1);
    expect(s.sizeBytes).toBe(Buffer.byteLength(kept));
    expect(s.take(1, 42)).toMatchObject({ id: 42, messages: [{ id: 7, content: 'Hilfe' }] });
    expect(s.sizeBytes).toBe(0);
  });

  it('keeps at most maxBytes of copies, oldest dropped first, and none larger than that', () => {
    const one = Buffer.byteLength(JSON.stringify({ ...conversation, meta: { sender: conversation.meta.sender, assignee: null, team: null } }));
    const s = new ConversationSnapshots({ maxBytes: 2 * one + 10 });
    const made = (id: number): NewJob[] => [{ kind: 'triage', accountId: 1, conversationId: id }];
    for (const id of [100, 200, 300]) s.rememberFrom({ ...webhook, conversation: { ...conversation, id } }, made(id));
    expect(s.size).toBe(2);
    expect(s.sizeBytes).toBeLessThanOrEqual(2 * one + 10);
    expect(s.take(1, 100)).toBeNull();
    expect(s.take(1, 300)?.id).toBe(300);
    const long = { ...conversation, id: 400, messages: [{ ...conversation.messages[0]!, content: 'x'.repeat(3 * one) }] };
    s.rememberFrom({ ...webhook, conversation: long }, made(400));
    expect(s.take(1, 400)).toBeNull();
    expect(s.take(1, 200)?.id).toBe(200);
  });
});
