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

const id = z.number().int().nonnegative();

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

const tokenUser = z.looseObject({ id });

/** The conversation operations the pipeline needs, over the one Chatwoot transport; answers are zod-checked. */
export class ChatwootClient {
  constructor(private readonly http: ChatwootHttp) {}

  private call<S extends z.ZodType>(schema: S, route: RouteName, options?: RequestOptions): Promise<z.infer<S>> {
    return requestParsed(this.http, route, schema, options);
  }

  /**
   * Does Chatwoot accept this client's token at all? GET /api/v1/profile (the token's own user, no account or inbox
   * rights involved): resolves when it does, throws the ChatwootApiError otherwise (401: revoked or rotated).
   */
  async checkToken(): Promise<void> {
    await this.call(tokenUser, 'getProfile');
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

  /** Adds one label, keeping the others: reads the list and writes it back only when the label is missing. */
  async addLabel(conversationId: number, label: string): Promise<void> {
    const labels = await this.getLabels(conversationId);
    if (!labels.includes(label)) await this.setLabels(conversationId, [...labels, label]);
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

const accountSchema = z.looseObject({ id, features: z.record(z.string(), z.unknown()).nullish() });
const profileSchema = z.looseObject({ id });
export const slaPolicySchema = z.looseObject({
  id,
  name: z.string(),
  first_response_time_threshold: z.number().nullish(),
  resolution_time_threshold: z.number().nullish(),
  only_during_business_hours: z.boolean().nullish(),
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;
export interface SlaPolicyInput {
  name: string;
  description: string;
  first_response_time_threshold: number | null;
  resolution_time_threshold: number | null;
  only_during_business_hours: boolean;
}
const contactSchema = z.looseObject({ id, email: z.string().nullish() });
const createdContact = z.looseObject({ payload: z.looseObject({ contact: contactSchema }) });
const contactSearch = z.looseObject({ meta: z.looseObject({ has_more: z.boolean().nullish() }).nullish(), payload: z.array(contactSchema) });
const createdMessageId = z.looseObject({ id });

/** The calls around the ticket (SLA policies, the account's features, the token's own user, ingest). Same transport and checks. */
export class ChatwootExtraClient {
  constructor(private readonly http: ChatwootHttp) {}

  private call<S extends z.ZodType>(schema: S, route: RouteName, options?: RequestOptions): Promise<z.infer<S>> {
    return requestParsed(this.http, route, schema, options);
  }

  /** The enabled feature flags of the account (Chatwoot lists only enabled ones, each `true`). */
  async accountFeatures(): Promise<Set<string>> {
    const account = await this.call(accountSchema, 'getAccount');
    return new Set(Object.entries(account.features ?? {}).filter(([, on]) => on === true).map(([name]) => name));
  }

  /** The user id behind the API token (so the pipeline can tell its own messages from agents'). */
  async ownUserId(): Promise<number> {
    return (await this.call(profileSchema, 'getProfile')).id;
  }

  async listSlaPolicies(): Promise<SlaPolicy[]> {
    return (await this.call(z.looseObject({ payload: z.array(slaPolicySchema) }), 'listSlaPolicies')).payload;
  }

  async createSlaPolicy(policy: SlaPolicyInput): Promise<SlaPolicy> {
    return (await this.call(z.looseObject({ payload: slaPolicySchema }), 'createSlaPolicy', { body: { sla_policy: policy } })).payload;
  }

  /** Sets the conversation's SLA policy (enterprise; can be set only once — Chatwoot answers 422 afterwards). */
  async applySlaPolicy(conversationId: number, slaPolicyId: number): Promise<void> {
    await this.http.request('updateConversation', { params: { conversation_id: conversationId }, body: { sla_policy_id: slaPolicyId } });
  }

  /** The contact whose email is exactly `email` (search is a substring match over several fields, so filter). */
  async findContactByEmail(email: string): Promise<{ id: number } | undefined> {
    const wanted = email.trim().toLowerCase();
    for (let page = 1; page <= 5; page++) {
      const res = await this.call(contactSearch, 'searchContacts', { query: { q: wanted, page } });
      const hit = res.payload.find((c) => c.email?.toLowerCase() === wanted);
      if (hit) return { id: hit.id };
      // Chatwoot pages 15 contacts; its meta has no has_more (the fake adds one), so a short page is the end.
      if (res.payload.length < 15 || res.meta?.has_more === false) return undefined;
    }
    return undefined;
  }

  async createContact(input: { name?: string; email: string; inboxId: number }): Promise<{ id: number }> {
    const res = await this.call(createdContact, 'createContact', { body: { name: input.name, email: input.email, inbox_id: input.inboxId } });
    return { id: res.payload.contact.id };
  }

  /** A conversation in an (API) inbox whose first message comes from the contact. */
  async createConversationWithIncoming(input: {
    inboxId: number;
    contactId: number;
    content: string;
    additionalAttributes: Record<string, unknown>;
  }): Promise<{ id: number }> {
    const res = await this.call(restConversation, 'createConversation', {
      body: {
        inbox_id: input.inboxId,
        contact_id: input.contactId,
        status: 'open',
        additional_attributes: input.additionalAttributes,
        message: { content: input.content, message_type: 'incoming' },
      },
    });
    return { id: res.id };
  }

  /** A message from the contact (API inboxes only). */
  async createIncomingMessage(conversationId: number, content: string): Promise<{ id: number }> {
    return this.call(createdMessageId, 'createMessage', { params: { conversation_id: conversationId }, body: { content, message_type: 'incoming' } });
  }

  /** A public reply to the customer, as the token's user. */
  async createOutgoingMessage(conversationId: number, content: string): Promise<{ id: number }> {
    return this.call(createdMessageId, 'createMessage', { params: { conversation_id: conversationId }, body: { content, message_type: 'outgoing', private: false } });
  }
}
