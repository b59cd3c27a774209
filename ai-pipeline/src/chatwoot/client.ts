import { z } from 'zod';
import { ChatwootResponseError, requestParsed, type ChatwootHttp, type RequestOptions } from './http.js';
import {
  createdMessage,
  labelsResponse,
  MESSAGE_TYPE,
  namedList,
  restConversation,
  restMessageList,
  type RestConversation,
  type RestMessage,
} from './payloads.js';
import type { RouteName } from './routes.js';

const conversationList = z.looseObject({
  data: z.looseObject({
    payload: z.array(
      z.looseObject({
        id: z.number().int(),
        inbox_id: z.number().int().nullish(),
        created_at: z.number().nullish(),
        additional_attributes: z.record(z.string(), z.unknown()).nullish(),
      }),
    ),
  }),
});

/** The conversation operations the pipeline needs, over the one Chatwoot transport; answers are zod-checked. */
export class ChatwootClient {
  constructor(private readonly http: ChatwootHttp) {}

  private call<S extends z.ZodType>(schema: S, route: RouteName, options?: RequestOptions): Promise<z.infer<S>> {
    return requestParsed(this.http, route, schema, options);
  }

  getConversation(conversationId: number): Promise<RestConversation> {
    return this.call(restConversation, 'getConversation', { params: { conversation_id: conversationId } });
  }

  /** Every message of the conversation, oldest first (Chatwoot pages 20 at a time backwards with `before`). */
  async listMessages(conversationId: number, max = 500): Promise<RestMessage[]> {
    const all: RestMessage[] = [];
    let before: number | undefined;
    while (all.length < max) {
      const page = await this.call(restMessageList, 'listMessages', {
        params: { conversation_id: conversationId },
        query: before === undefined ? undefined : { before },
      });
      const fresh = page.payload.filter((m) => before === undefined || m.id < before);
      if (fresh.length === 0) break;
      all.unshift(...fresh);
      before = Math.min(...fresh.map((m) => m.id));
      if (page.payload.length < 20) break;
    }
    return all.sort((a, b) => a.id - b.id);
  }

  /**
   * A private note: never delivered to the customer. The answer must be the created private note; anything
   * else (a proxy's 200 page, another message) throws ChatwootResponseError instead of counting as posted.
   */
  async postPrivateNote(conversationId: number, content: string): Promise<RestMessage> {
    const note = await this.call(createdMessage, 'createMessage', {
      params: { conversation_id: conversationId },
      body: { content, message_type: 'outgoing', private: true },
    });
    if (!note.private || note.message_type !== MESSAGE_TYPE.outgoing) {
      throw new ChatwootResponseError('createMessage', [`private: expected true, got ${String(note.private)}; message_type: expected 1, got ${note.message_type}`]);
    }
    return note;
  }

  /**
   * A public reply to the customer (Chatwoot delivers it by the inbox's channel). Never sets source_id: that is
   * for messages that came from the channel. The answer must be the created public outgoing message.
   */
  async postReply(conversationId: number, content: string): Promise<RestMessage> {
    const msg = await this.call(createdMessage, 'createMessage', {
      params: { conversation_id: conversationId },
      body: { content, message_type: 'outgoing', private: false },
    });
    if (msg.private || msg.message_type !== MESSAGE_TYPE.outgoing) {
      throw new ChatwootResponseError('createMessage', [`private: expected false, got ${String(msg.private)}; message_type: expected 1, got ${msg.message_type}`]);
    }
    return msg;
  }

  /** Sets the conversation's status (open, pending = waiting for the customer, resolved, snoozed). */
  async setStatus(conversationId: number, status: 'open' | 'pending' | 'resolved' | 'snoozed'): Promise<void> {
    await this.http.request('toggleStatus', { params: { conversation_id: conversationId }, body: { status } });
  }

  async getLabels(conversationId: number): Promise<string[]> {
    return (await this.call(labelsResponse, 'getConversationLabels', { params: { conversation_id: conversationId } })).payload;
  }

  /** Chatwoot REPLACES the whole list: pass the merged list. */
  async setLabels(conversationId: number, labels: string[]): Promise<void> {
    const res = await this.call(labelsResponse, 'setConversationLabels', { params: { conversation_id: conversationId }, body: { labels } });
    const missing = labels.filter((l) => !res.payload.includes(l.toLowerCase()) && !res.payload.includes(l));
    if (missing.length > 0) throw new ChatwootResponseError('setConversationLabels', [`payload: labels ${missing.join(', ')} are not in the answer`]);
  }

  /** Chatwoot REPLACES the whole hash: pass the merged hash. */
  async setCustomAttributes(conversationId: number, customAttributes: Record<string, unknown>): Promise<void> {
    await this.http.request('setCustomAttributes', {
      params: { conversation_id: conversationId },
      body: { custom_attributes: customAttributes },
    });
  }

  async setPriority(conversationId: number, priority: string): Promise<void> {
    await this.http.request('togglePriority', { params: { conversation_id: conversationId }, body: { priority } });
  }

  async assignTeam(conversationId: number, teamId: number): Promise<void> {
    await this.http.request('assign', { params: { conversation_id: conversationId }, body: { team_id: teamId } });
  }

  async assignAgent(conversationId: number, agentId: number): Promise<void> {
    await this.http.request('assign', { params: { conversation_id: conversationId }, body: { assignee_id: agentId } });
  }

  /** Conversations of any status updated within the last `seconds` (first 4 pages of 25). */
  async listRecentConversations(seconds: number): Promise<z.infer<typeof conversationList>['data']['payload']> {
    const out: z.infer<typeof conversationList>['data']['payload'] = [];
    for (let page = 1; page <= 4; page++) {
      const res = await this.call(conversationList, 'listConversations', {
        query: { status: 'all', assignee_type: 'all', updated_within: Math.ceil(seconds), page },
      });
      out.push(...res.data.payload);
      if (res.data.payload.length < 25) break;
    }
    return out;
  }

  async listTeams(): Promise<{ id: number; name: string }[]> {
    return (await this.call(namedList, 'listTeams', {})).map((t) => ({ id: t.id, name: t.name ?? `team ${t.id}` }));
  }

  async listAgents(): Promise<{ id: number; name: string }[]> {
    return (await this.call(namedList, 'listAgents', {})).map((a) => ({ id: a.id, name: a.name ?? `agent ${a.id}` }));
  }
}
