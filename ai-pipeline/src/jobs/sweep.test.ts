import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ChatwootClient } from '../chatwoot/client.js';
import type { RestMessage } from '../chatwoot/payloads.js';
import type { NewJob } from './queue.js';
import { Sweeper, sweepJobs } from './sweep.js';

const incoming = (id: number, extra: Partial<RestMessage> = {}): RestMessage => ({ id, message_type: 0, private: false, content: `m${id}`, ...extra });
const note = (id: number): RestMessage => ({ id, message_type: 1, private: true, content: 'note' });
const rules = { accountId: 1, inboxIds: [3] };

describe('sweepJobs: the webhook rules for a conversation’s newest customer message', () => {
  it('enqueues the triage and a follow-up for the newest customer message, past our own notes', () => {
    expect(sweepJobs(rules, { id: 5, inbox_id: 3 }, [incoming(1), note(2), incoming(3), note(4)])).toEqual([
      { kind: 'triage', accountId: 1, conversationId: 5, deliveryId: undefined },
      { kind: 'followup', accountId: 1, conversationId: 5, deliveryId: undefined, messageId: 3 },
    ]);
  });

  it('ignores auto-replies, other inboxes and conversations without a customer message', () => {
    const autoReply = incoming(3, { content_attributes: { email: { auto_reply: true } } });
    expect(sweepJobs(rules, { id: 5, inbox_id: 3 }, [incoming(1), autoReply])).toEqual([]);
    expect(sweepJobs(rules, { id: 5, inbox_id: 3, additional_attributes: { auto_reply: true } }, [incoming(1)])).toEqual([]);
    expect(sweepJobs(rules, { id: 5, inbox_id: 4 }, [incoming(1)])).toEqual([]);
    expect(sweepJobs(rules, { id: 5, inbox_id: 3 }, [note(1)])).toEqual([]);
  });
});

describe('Sweeper.sweep', () => {
  it('looks at every recently active conversation, not only new ones, and skips what the rules exclude without fetching', async () => {
    const conversations = [
      { id: 1, inbox_id: 3, created_at: 0 }, // old conversation, new message
      { id: 2, inbox_id: 9 }, // another inbox: no message fetch
      { id: 3, inbox_id: 3, additional_attributes: { auto_reply: true } },
    ];
    const fetched: number[] = [];
    const chatwoot = {
      listRecentConversations: async () => conversations,
      listMessages: async (id: number) => {
        fetched.push(id);
        return [incoming(10), note(11), incoming(12)];
      },
    } as unknown as ChatwootClient;
    const enqueued: NewJob[] = [];
    const queue = { enqueue: async (jobs: NewJob[]) => (enqueued.push(...jobs), jobs.length) };
    const sweeper = new Sweeper(chatwoot, queue, { accountId: 1, inboxIds: [3], intervalSeconds: 60, logger: pino({ level: 'silent' }) });
    expect(await sweeper.sweep()).toBe(2);
    expect(fetched).toEqual([1]);
    expect(enqueued.map((j) => `${j.kind}:${j.conversationId}:${j.messageId ?? ''}`)).toEqual(['triage:1:', 'followup:1:12']);
  });
});
