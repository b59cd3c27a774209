import { describe, expect, it } from 'vitest';
import type { RestConversation, RestMessage } from '../chatwoot/payloads.js';
import { alreadySent, botHolds, botMessages, humanReplied, senderKind } from './facts.js';

const msg = (id: number, type: number, sender: string, more: Partial<RestMessage> = {}): RestMessage =>
  ({ id, message_type: type, private: false, content: `m${id}`, sender: { id: 1, type: sender }, ...more }) as RestMessage;
const customer = msg(1, 0, 'contact');
const botAnswer = msg(2, 1, 'agent_bot');
const agentReply = msg(3, 1, 'user');
const agentNote = msg(4, 1, 'user', { private: true });
const pending = { id: 7, status: 'pending', labels: [], meta: {} } as unknown as RestConversation;

describe('bot facts', () => {
  it('tells senders apart by sender.type or sender_type', () => {
    expect([customer, botAnswer, agentReply].map(senderKind)).toEqual(['contact', 'agent_bot', 'user']);
    expect(senderKind({ sender: null, sender_type: 'AgentBot' })).toBe('agent_bot');
  });

  it('a person replied only with a public message; notes and bot answers do not count', () => {
    expect(humanReplied([customer, botAnswer, agentNote])).toBe(false);
    expect(humanReplied([customer, agentReply])).toBe(true);
    expect(botMessages([customer, botAnswer, agentReply])).toEqual([botAnswer]);
  });

  it('finds an identical public message after the customer message', () => {
    expect(alreadySent([customer, botAnswer], 1, ' m2 ')).toBe(true);
    expect(alreadySent([customer, botAnswer], 2, 'm2')).toBe(false);
  });

  it('holds a pending, unassigned conversation nobody has answered, only while the bot is on', () => {
    expect(botHolds(true, pending, [customer, botAnswer])).toBe(true);
    expect(botHolds(false, pending, [customer])).toBe(false);
    expect(botHolds(true, { ...pending, status: 'open' }, [customer])).toBe(false);
    expect(botHolds(true, { ...pending, meta: { assignee: { id: 2 } } } as RestConversation, [customer])).toBe(false);
    expect(botHolds(true, { ...pending, labels: ['no-auto-reply'] }, [customer])).toBe(false);
    expect(botHolds(true, { ...pending, labels: ['ai-auto-replied'] }, [customer])).toBe(false);
    expect(botHolds(true, pending, [customer, agentReply])).toBe(false);
  });
});
