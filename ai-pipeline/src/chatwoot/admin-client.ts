import { z } from 'zod';
import { requestParsed, type ChatwootHttp, type RequestOptions } from './http.js';
import type { RouteName } from './routes.js';

/**
 * Typed set-up operations (labels, attribute definitions, webhooks, dashboard apps, inboxes, contacts,
 * conversations, agents, teams) over the one Chatwoot transport. Every answer is validated; unknown extra
 * fields are kept (Chatwoot adds fields between versions).
 */

const id = z.number().int();

export const accountLabelSchema = z.looseObject({
  id,
  title: z.string(),
  description: z.string().nullable().optional(),
  color: z.string().nullable().optional(),
  show_on_sidebar: z.boolean().nullable().optional(),
});
export type AccountLabel = z.infer<typeof accountLabelSchema>;

export const ATTRIBUTE_DISPLAY_TYPES = ['text', 'number', 'currency', 'percent', 'link', 'date', 'list', 'checkbox'] as const;
export const attributeDefinitionSchema = z.looseObject({
  id,
  attribute_display_name: z.string(),
  attribute_key: z.string(),
  attribute_display_type: z.string(),
  attribute_model: z.string(),
  attribute_values: z.array(z.string()).nullable().optional(),
  attribute_description: z.string().nullable().optional(),
});
export type AttributeDefinition = z.infer<typeof attributeDefinitionSchema>;

export const webhookSchema = z.looseObject({
  id,
  url: z.string(),
  name: z.string().nullable().optional(),
  subscriptions: z.array(z.string()),
  /** Returned to administrators since Chatwoot 4.11.2; absent on older versions. */
  secret: z.string().nullable().optional(),
});
export type AccountWebhook = z.infer<typeof webhookSchema>;

export const dashboardAppSchema = z.looseObject({
  id,
  title: z.string(),
  content: z.array(z.looseObject({ type: z.string(), url: z.string() })),
});
export type DashboardApp = z.infer<typeof dashboardAppSchema>;

/** An agent bot as an administrator sees it (access_token and secret are shown for account bots). */
export const agentBotSchema = z.looseObject({
  id,
  name: z.string(),
  outgoing_url: z.string().nullable().optional(),
  access_token: z.string().nullable().optional(),
  secret: z.string().nullable().optional(),
});
export type ChatwootAgentBot = z.infer<typeof agentBotSchema>;

export const inboxSchema = z.looseObject({
  id,
  name: z.string(),
  channel_type: z.string(),
  webhook_url: z.string().nullable().optional(),
});
export type ChatwootInbox = z.infer<typeof inboxSchema>;

export const contactSchema = z.looseObject({
  id,
  name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
});
export type ChatwootContact = z.infer<typeof contactSchema>;

export const agentSchema = z.looseObject({ id, name: z.string(), email: z.string().optional(), role: z.string().optional() });
export type ChatwootAgent = z.infer<typeof agentSchema>;
export const teamSchema = z.looseObject({ id, name: z.string() });
export type ChatwootTeam = z.infer<typeof teamSchema>;

export const conversationSummarySchema = z.looseObject({
  id,
  inbox_id: id,
  status: z.string(),
  custom_attributes: z.record(z.string(), z.unknown()).nullable().optional(),
  additional_attributes: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

const createdContactSchema = z.looseObject({
  payload: z.looseObject({
    contact: contactSchema,
    contact_inbox: z.looseObject({ source_id: z.string() }).nullable().optional(),
  }),
});
const contactSearchSchema = z.looseObject({ meta: z.looseObject({}).optional(), payload: z.array(contactSchema) });
const conversationListSchema = z.looseObject({
  data: z.looseObject({ meta: z.looseObject({}).optional(), payload: z.array(conversationSummarySchema) }),
});

export interface LabelInput {
  title: string;
  description?: string;
  color?: string;
  show_on_sidebar?: boolean;
}
export interface AttributeDefinitionInput {
  attribute_display_name: string;
  attribute_key: string;
  attribute_display_type: (typeof ATTRIBUTE_DISPLAY_TYPES)[number];
  attribute_model: 'conversation_attribute' | 'contact_attribute';
  attribute_description?: string;
  attribute_values?: string[];
}
export interface WebhookInput {
  url: string;
  name?: string;
  subscriptions: string[];
}
export interface DashboardAppInput {
  title: string;
  url: string;
}
export interface ContactInput {
  name?: string;
  email?: string;
  inbox_id?: number;
  custom_attributes?: Record<string, unknown>;
  additional_attributes?: Record<string, unknown>;
}
export interface ConversationInput {
  inbox_id: number;
  contact_id: number;
  source_id?: string;
  status?: 'open' | 'pending' | 'resolved';
  custom_attributes?: Record<string, unknown>;
  additional_attributes?: Record<string, unknown>;
  message?: { content: string; message_type: 'incoming' | 'outgoing' };
}

export function createAdminClient(http: ChatwootHttp) {
  const call = <S extends z.ZodType>(route: RouteName, schema: S, options?: RequestOptions) => requestParsed(http, route, schema, options);

  return {
    listLabels: async () => (await call('listLabels', z.looseObject({ payload: z.array(accountLabelSchema) }))).payload,
    createLabel: (label: LabelInput) => call('createLabel', accountLabelSchema, { body: { label } }),
    updateLabel: (labelId: number, label: Partial<LabelInput>) => call('updateLabel', accountLabelSchema, { params: { id: labelId }, body: { label } }),

    listAttributeDefinitions: (model: 'conversation_attribute' | 'contact_attribute') =>
      call('listCustomAttributeDefinitions', z.array(attributeDefinitionSchema), { query: { attribute_model: model } }),
    createAttributeDefinition: (definition: AttributeDefinitionInput) =>
      call('createCustomAttributeDefinition', attributeDefinitionSchema, { body: { custom_attribute_definition: definition } }),
    updateAttributeDefinition: (definitionId: number, definition: Partial<AttributeDefinitionInput>) =>
      call('updateCustomAttributeDefinition', attributeDefinitionSchema, { params: { id: definitionId }, body: { custom_attribute_definition: definition } }),

    listWebhooks: async () => (await call('listWebhooks', z.looseObject({ payload: z.looseObject({ webhooks: z.array(webhookSchema) }) }))).payload.webhooks,
    createWebhook: async (webhook: WebhookInput) =>
      (await call('createWebhook', z.looseObject({ payload: z.looseObject({ webhook: webhookSchema }) }), { body: { webhook } })).payload.webhook,
    updateWebhook: async (webhookId: number, webhook: Partial<WebhookInput>) =>
      (await call('updateWebhook', z.looseObject({ payload: z.looseObject({ webhook: webhookSchema }) }), { params: { webhook_id: webhookId }, body: { webhook } }))
        .payload.webhook,

    listDashboardApps: () => call('listDashboardApps', z.array(dashboardAppSchema)),
    createDashboardApp: (app: DashboardAppInput) =>
      call('createDashboardApp', dashboardAppSchema, { body: { dashboard_app: { title: app.title, content: [{ type: 'frame', url: app.url }] } } }),
    updateDashboardApp: (appId: number, app: DashboardAppInput) =>
      call('updateDashboardApp', dashboardAppSchema, {
        params: { id: appId },
        body: { dashboard_app: { title: app.title, content: [{ type: 'frame', url: app.url }] } },
      }),

    listInboxes: async () => (await call('listInboxes', z.looseObject({ payload: z.array(inboxSchema) }))).payload,
    /** An API-channel inbox; `webhookUrl` '' means Chatwoot posts nothing itself (the account webhook covers it). */
    createApiInbox: (name: string, webhookUrl = '') =>
      call('createInbox', inboxSchema, { body: { name, channel: { type: 'api', webhook_url: webhookUrl } } }),

    searchContacts: async (q: string, page = 1) => call('searchContacts', contactSearchSchema, { query: { q, page } }),
    /** The contact with exactly this email (case-insensitive), or undefined. Search is a substring match, so filter. */
    async findContactByEmail(email: string): Promise<ChatwootContact | undefined> {
      const wanted = email.trim().toLowerCase();
      for (let page = 1; page <= 20; page++) {
        const res = await call('searchContacts', contactSearchSchema, { query: { q: wanted, page } });
        const hit = res.payload.find((c) => c.email?.toLowerCase() === wanted);
        if (hit) return hit;
        if (res.payload.length < 15 || (res.meta as { has_more?: boolean } | undefined)?.has_more === false) return undefined;
      }
      return undefined;
    },
    /** The ids (display ids) of every conversation of a contact. */
    listContactConversations: async (contactId: number) =>
      (await call('listContactConversations', z.looseObject({ payload: z.array(z.looseObject({ id: z.number().int() })) }), { params: { id: contactId } })).payload.map(
        (c) => c.id,
      ),
    createContact: async (contact: ContactInput) => (await call('createContact', createdContactSchema, { body: contact })).payload,

    /** One page (25) of conversations; `status: 'all'` includes resolved ones. */
    listConversations: async (query: { inbox_id?: number; status?: 'open' | 'resolved' | 'pending' | 'snoozed' | 'all'; page?: number }) =>
      (await call('listConversations', conversationListSchema, { query })).data.payload,
    createConversation: (conversation: ConversationInput) => call('createConversation', conversationSummarySchema, { body: conversation }),

    listAgents: () => call('listAgents', z.array(agentSchema)),
    listAgentBots: () => call('listAgentBots', z.array(agentBotSchema)),
    createAgentBot: (bot: { name: string; description: string; outgoing_url: string }) =>
      call('createAgentBot', agentBotSchema, { body: { ...bot, bot_type: 'webhook' } }),
    /** Connects the bot to the inbox (Chatwoot answers 200 with an empty body). */
    setInboxAgentBot: async (inboxId: number, botId: number) => {
      await http.request('setInboxAgentBot', { params: { id: inboxId }, body: { agent_bot: botId } });
    },
    listTeams: () => call('listTeams', z.array(teamSchema)),
    /** Chatwoot stores the name in lower case and refuses a duplicate name in the account (422). */
    createTeam: (name: string, description = '') => call('createTeam', teamSchema, { body: { name, description, allow_auto_assign: true } }),
  };
}
export type AdminClient = ReturnType<typeof createAdminClient>;
