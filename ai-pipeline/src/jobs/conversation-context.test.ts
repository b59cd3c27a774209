import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPE, type RestConversation, type RestMessage } from '../chatwoot/payloads.js';
import { onlyCustomerMessage } from './conversation-context.js';

const incoming: RestMessage = { id: 7, content: 'Help', message_type: MESSAGE_TYPE.incoming, private: false };
const fresh: RestConversation = { id: 1, messages: [incoming], last_non_activity_message: incoming, unread_count: 1, agent_last_seen_at: 0 };

describe('onlyCustomerMessage (a first attempt may skip the message list)', () => {
  it('takes the one incoming message of a conversation no agent has opened', () => {
    expect(onlyCustomerMessage(fresh)).toEqual(incoming);
    expect(onlyCustomerMessage({ ...fresh, agent_last_seen_at: null, last_non_activity_message: undefined })).toEqual(incoming);
  });

  it.each([
    ['two incoming messages', { unread_count: 2 }],
    ['an agent has seen it (unread_count no longer counts every message)', { agent_last_seen_at: 1_781_950_000 }],
    ['the last message is a note', { last_non_activity_message: { ...incoming, message_type: MESSAGE_TYPE.outgoing, private: true } }],
    ['the last message is an agent reply', { last_non_activity_message: { ...incoming, message_type: MESSAGE_TYPE.outgoing } }],
    ['no message yet', { messages: [], last_non_activity_message: null, unread_count: 0 }],
    ['Chatwoot did not say how many', { unread_count: undefined }],
  ])('lists the messages when %s', (_, change) => {
    expect(onlyCustomerMessage({ ...fresh, ...change } as RestConversation)).toBeNull();
  });
});
