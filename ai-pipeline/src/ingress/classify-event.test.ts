import { describe, expect, it } from 'vitest';
import { classifyEvent } from './classify-event.js';

const rules = { accountId: 1 };
const message = (over: Record<string, unknown> = {}) => ({
  event: 'message_created',
  id: 1001,
  message_type: 'incoming',
  private: false,
  content: 'Hallo',
  inbox: { id: 3, name: 'Support' },
  account: { id: 1, name: 'Acme' },
  conversation: { id: 42, inbox_id: 3, additional_attributes: {} },
  ...over,
});

describe('classifyEvent', () => {
  it('customer message → triage (by conversation) and follow-up (by message) jobs', () => {
    expect(classifyEvent(message(), rules, 'd-1')).toEqual({
      action: 'enqueue',
      reason: 'customer message',
      jobs: [
        { kind: 'triage', accountId: 1, conversationId: 42, deliveryId: 'd-1' },
        { kind: 'followup', accountId: 1, conversationId: 42, deliveryId: 'd-1', messageId: 1001 },
      ],
    });
  });

  it('conversation_created → one triage job', () => {
    const d = classifyEvent({ event: 'conversation_created', id: 42, inbox_id: 3, account: { id: 1 }, messages: [] }, rules);
    expect(d).toEqual({ action: 'enqueue', reason: 'new conversation', jobs: [{ kind: 'triage', accountId: 1, conversationId: 42, deliveryId: undefined }] });
  });

  it.each([
    ['our private note', message({ message_type: 'outgoing', private: true }), 'outgoing message'],
    ['an incoming private note', message({ private: true }), 'private note'],
    ['an agent reply', message({ message_type: 'outgoing' }), 'outgoing message'],
    ['activity', message({ message_type: 'activity' }), 'activity message'],
    ['an auto-reply', message({ content_attributes: { email: { auto_reply: true } } }), 'auto-reply'],
    ['another account', message({ account: { id: 2 } }), 'account 2 is not CHATWOOT_ACCOUNT_ID'],
    ['conversation_updated', { event: 'conversation_updated', id: 42 }, 'event conversation_updated is not acted on'],
  ])('ignores %s', (_name, body, reason) => {
    expect(classifyEvent(body, rules)).toEqual({ action: 'ignore', reason });
  });

  it('ignores inboxes outside the allow-list', () => {
    expect(classifyEvent(message(), { accountId: 1, inboxIds: [7] })).toEqual({ action: 'ignore', reason: 'inbox 3 is not in CHATWOOT_INBOX_IDS' });
  });

  it('names the bad field of an invalid payload', () => {
    expect(classifyEvent(message({ conversation: { id: 'x' } }), rules)).toEqual({
      action: 'invalid',
      error: 'invalid webhook payload at "conversation.id": Invalid input: expected number, received string',
    });
    expect(classifyEvent({ id: 1 }, rules)).toMatchObject({ action: 'invalid', error: expect.stringContaining('"event"') });
  });
});
