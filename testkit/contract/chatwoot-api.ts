/**
 * The project's own description of the Chatwoot (v4.15.1) Application API the sidecar, its scripts and the
 * testkit fake rely on: method, path, purpose, and the request/response shapes the code depends on — written
 * from what Chatwoot's controllers and views do (not generated from swagger). testkit/chatwoot-contract.test.ts
 * checks that every route the project calls and every route the fake serves is described here, that the fake
 * answers in these shapes, and (when ../shared/chatwoot/swagger.json exists) that each described route is in
 * swagger or marked `notInSwagger`.
 *
 * Paths are complete; `{…}` segments are parameters (compared by position). `{conversation_id}` is the
 * conversation's display id; `{portal}` is a portal's slug in Chatwoot.
 */
import { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ChatwootEndpoint {
  method: HttpMethod;
  path: string;
  purpose: string;
  /** The request body the sidecar sends (only the keys it relies on). */
  request?: z.ZodType;
  /** The response body the sidecar reads (only the keys it relies on; extra keys allowed). */
  response?: z.ZodType;
  /** Why this real Chatwoot route is missing from Chatwoot's swagger.json (checked to still be missing). */
  notInSwagger?: string;
}

const A = '/api/v1/accounts/{account_id}';
const C = `${A}/conversations/{conversation_id}`;
const id = z.number().int().positive();

/** REST messages carry message_type as an integer (0 incoming, 1 outgoing, 2 activity, 3 template), unlike webhooks. */
export const restMessage = z.object({
  id,
  content: z.string().nullable(),
  message_type: z.number().int().min(0).max(3),
  private: z.boolean(),
  created_at: z.number().int(),
  conversation_id: id,
  content_attributes: z.record(z.string(), z.unknown()).optional(),
});
export const conversation = z.object({
  id,
  inbox_id: id,
  status: z.enum(['open', 'resolved', 'pending', 'snoozed']),
  labels: z.array(z.string()),
  custom_attributes: z.record(z.string(), z.unknown()),
  meta: z.object({ sender: z.object({ id, email: z.string().nullable().optional() }).passthrough() }).passthrough(),
  priority: z.enum(['urgent', 'high', 'medium', 'low']).nullable().optional(),
});
const labelsPayload = z.object({ payload: z.array(z.string()) });
const agent = z.object({ id, name: z.string(), email: z.string(), role: z.enum(['agent', 'administrator']) });
const team = z.object({ id, name: z.string() });
const label = z.object({ id, title: z.string(), description: z.string().nullable(), color: z.string(), show_on_sidebar: z.boolean() });
const webhook = z.object({ id, url: z.string(), subscriptions: z.array(z.string()) });
const inbox = z.object({ id, name: z.string(), channel_type: z.string() });
const contact = z.object({ id, email: z.string().nullable(), name: z.string().nullable() });
const attributeDefinition = z.object({ id, attribute_key: z.string(), attribute_display_type: z.string(), attribute_model: z.string() });
const dashboardApp = z.object({ id, title: z.string(), content: z.array(z.object({ type: z.literal('frame'), url: z.string() })) });
const portal = z.object({ id, slug: z.string(), name: z.string() });
const category = z.object({ id, slug: z.string(), name: z.string(), locale: z.string() });
const article = z.object({ id, title: z.string(), content: z.string().nullable(), status: z.enum(['draft', 'published', 'archived']), updated_at: z.number().int() });
const slaPolicy = z.object({ id, name: z.string(), first_response_time_threshold: z.number().nullable() });
const agentBot = z.object({ id, name: z.string(), outgoing_url: z.string().nullable(), access_token: z.string().optional() });
const empty = z.unknown();

const DASHBOARD_GAP = 'dashboard apps (dashboard_apps_controller.rb) are not in swagger';
const SLA_GAP = 'SLA policies are enterprise code and not in swagger';
const HELP_CENTER_GAP = 'swagger documents only the help-center create routes';

export const CHATWOOT_API: readonly ChatwootEndpoint[] = [
  { method: 'GET', path: '/api', purpose: 'version and health of the server', response: z.object({ version: z.string() }), notInSwagger: 'ApiController#index is not in swagger' },
  { method: 'GET', path: '/api/v1/profile', purpose: 'who the token belongs to (its user id, to recognise the sidecar’s own notes)', response: z.object({ id, accounts: z.array(z.object({ id })) }) },
  { method: 'GET', path: A, purpose: 'the account and its enabled feature flags (help_center, sla, agent_bots)', response: z.object({ id, features: z.record(z.string(), z.boolean()).optional() }) },

  // Conversations
  { method: 'GET', path: `${A}/conversations`, purpose: 'list conversations (reconciliation sweep); 25 per page', response: z.object({ data: z.object({ meta: z.object({}).passthrough(), payload: z.array(conversation) }) }) },
  {
    method: 'POST',
    path: `${A}/conversations`,
    purpose: 'create a conversation in an API inbox (seeding, ingest); message.message_type must be "incoming" for the customer',
    request: z.object({ inbox_id: id, contact_id: id, source_id: z.string().optional(), message: z.object({ content: z.string(), message_type: z.literal('incoming') }).optional() }),
    response: conversation,
  },
  { method: 'GET', path: C, purpose: 'read one conversation (contact, labels, attributes, status)', response: conversation },
  { method: 'PATCH', path: C, purpose: 'update a conversation (priority; sla_policy_id on enterprise, settable once)', request: z.object({ priority: z.string().optional(), sla_policy_id: id.optional() }), response: conversation },
  { method: 'GET', path: `${C}/messages`, purpose: 'the latest 20 messages, ascending (REST message_type is an integer)', response: z.object({ payload: z.array(restMessage) }) },
  {
    method: 'POST',
    path: `${C}/messages`,
    purpose: 'post a private note (message_type sent as the string "outgoing", private true)',
    request: z.object({ content: z.string(), message_type: z.literal('outgoing'), private: z.boolean() }),
    response: restMessage,
  },
  { method: 'GET', path: `${C}/labels`, purpose: 'the conversation’s labels', response: labelsPayload },
  { method: 'POST', path: `${C}/labels`, purpose: 'set labels: REPLACES the whole list (read, union, write)', request: z.object({ labels: z.array(z.string()) }), response: labelsPayload },
  {
    method: 'POST',
    path: `${C}/custom_attributes`,
    purpose: 'set conversation custom attributes: REPLACES the whole hash',
    request: z.object({ custom_attributes: z.record(z.string(), z.unknown()) }),
    response: z.object({ custom_attributes: z.record(z.string(), z.unknown()) }),
  },
  { method: 'POST', path: `${C}/toggle_priority`, purpose: 'set the priority (urgent|high|medium|low|null); empty body back', request: z.object({ priority: z.enum(['urgent', 'high', 'medium', 'low']).nullable() }), response: empty },
  {
    method: 'POST',
    path: `${C}/toggle_status`,
    purpose: 'set the status (a bot token opening a pending conversation is the bot handoff)',
    request: z.object({ status: z.enum(['open', 'resolved', 'pending', 'snoozed']) }),
    response: z.object({ payload: z.object({ success: z.boolean().nullable(), conversation_id: id, current_status: z.string() }) }),
  },
  {
    method: 'POST',
    path: `${C}/assignments`,
    purpose: 'assign a team ({team_id}) or an agent ({assignee_id}; wins over team_id)',
    request: z.union([z.object({ team_id: id.nullable() }), z.object({ assignee_id: id.nullable(), assignee_type: z.literal('AgentBot').optional() })]),
    response: z.union([team, agent, z.null()]),
  },

  // Account settings (bootstrap)
  { method: 'GET', path: `${A}/agents`, purpose: 'agents: a bare array', response: z.array(agent) },
  { method: 'GET', path: `${A}/teams/{id}/team_members`, purpose: 'a team’s agents: a bare array', response: z.array(agent) },
  { method: 'GET', path: `${A}/teams`, purpose: 'teams: a bare array', response: z.array(team) },
  { method: 'POST', path: `${A}/teams`, purpose: 'create a team', request: z.object({ team: z.object({ name: z.string() }) }), response: team },
  { method: 'GET', path: `${A}/labels`, purpose: 'account labels', response: z.object({ payload: z.array(label) }) },
  { method: 'POST', path: `${A}/labels`, purpose: 'create a label (title lower-case, no spaces)', request: z.object({ label: z.object({ title: z.string() }) }), response: label },
  { method: 'PATCH', path: `${A}/labels/{id}`, purpose: 'update a label', response: label },
  { method: 'DELETE', path: `${A}/labels/{id}`, purpose: 'delete a label' },
  { method: 'GET', path: `${A}/custom_attribute_definitions`, purpose: 'attribute definitions (attribute_model=1 for conversations)', response: z.array(attributeDefinition) },
  { method: 'POST', path: `${A}/custom_attribute_definitions`, purpose: 'define a conversation attribute', response: attributeDefinition },
  { method: 'PATCH', path: `${A}/custom_attribute_definitions/{id}`, purpose: 'update an attribute definition', response: attributeDefinition },
  { method: 'DELETE', path: `${A}/custom_attribute_definitions/{id}`, purpose: 'delete an attribute definition' },
  { method: 'GET', path: `${A}/webhooks`, purpose: 'account webhooks', response: z.object({ payload: z.object({ webhooks: z.array(webhook) }) }) },
  {
    method: 'POST',
    path: `${A}/webhooks`,
    purpose: 'subscribe the sidecar (the answer carries the signing secret)',
    request: z.object({ webhook: z.object({ url: z.string(), subscriptions: z.array(z.string()).min(1) }) }),
    response: z.object({ payload: z.object({ webhook: webhook.extend({ secret: z.string() }) }) }),
  },
  { method: 'PATCH', path: `${A}/webhooks/{webhook_id}`, purpose: 'update a webhook', response: z.object({ payload: z.object({ webhook }) }) },
  { method: 'DELETE', path: `${A}/webhooks/{webhook_id}`, purpose: 'delete a webhook' },
  { method: 'GET', path: `${A}/dashboard_apps`, purpose: 'dashboard apps (the sidebar)', response: z.array(dashboardApp), notInSwagger: DASHBOARD_GAP },
  { method: 'POST', path: `${A}/dashboard_apps`, purpose: 'register the sidebar', response: dashboardApp, notInSwagger: DASHBOARD_GAP },
  { method: 'PATCH', path: `${A}/dashboard_apps/{id}`, purpose: 'update the sidebar URL', response: dashboardApp, notInSwagger: DASHBOARD_GAP },
  { method: 'DELETE', path: `${A}/dashboard_apps/{id}`, purpose: 'remove a dashboard app', notInSwagger: DASHBOARD_GAP },
  { method: 'GET', path: `${A}/inboxes`, purpose: 'inboxes', response: z.object({ payload: z.array(inbox) }) },
  { method: 'POST', path: `${A}/inboxes`, purpose: 'create an API inbox (demo, seeding)', request: z.object({ name: z.string(), channel: z.object({ type: z.literal('api') }) }), response: inbox },
  { method: 'POST', path: `${A}/inboxes/{inbox_id}/set_agent_bot`, purpose: 'connect (or with null detach) the agent bot; empty body back', request: z.object({ agent_bot: id.nullable() }) },
  { method: 'GET', path: `${A}/agent_bots`, purpose: 'agent bots: a bare array', response: z.array(agentBot) },
  { method: 'POST', path: `${A}/agent_bots`, purpose: 'create the agent bot (top-level keys; answer has access_token and secret)', request: z.object({ name: z.string(), outgoing_url: z.string() }), response: agentBot },
  { method: 'GET', path: `${A}/agent_bots/{id}`, purpose: 'one agent bot', response: agentBot },
  { method: 'PATCH', path: `${A}/agent_bots/{id}`, purpose: 'update the agent bot', response: agentBot },
  { method: 'DELETE', path: `${A}/agent_bots/{id}`, purpose: 'delete the agent bot' },
  { method: 'GET', path: `${A}/inboxes/{inbox_id}/agent_bot`, purpose: 'the inbox’s agent bot' },

  // Contacts
  { method: 'GET', path: `${A}/contacts/search`, purpose: 'find a contact by e-mail (?q=)', response: z.object({ payload: z.array(contact) }) },
  { method: 'GET', path: `${A}/contacts/{id}`, purpose: 'one contact', response: z.object({ payload: contact }) },
  { method: 'POST', path: `${A}/contacts/{id}/contact_inboxes`, purpose: 'add a contact to an inbox (its source_id)', request: z.object({ inbox_id: id }), response: z.object({ source_id: z.string() }) },
  { method: 'GET', path: `${A}/contacts/{id}/conversations`, purpose: 'a contact’s conversations', response: z.object({ payload: z.array(conversation) }) },
  {
    method: 'POST',
    path: `${A}/contacts`,
    purpose: 'create a contact (with inbox_id: its contact_inbox and source_id)',
    request: z.object({ inbox_id: id, name: z.string().optional(), email: z.string().optional() }),
    response: z.object({ payload: z.object({ contact, contact_inbox: z.object({ source_id: z.string() }).optional() }) }),
  },

  // SLA policies (enterprise; gate on features.sla)
  { method: 'GET', path: `${A}/sla_policies`, purpose: 'SLA policies (404 on community edition)', response: z.object({ payload: z.array(slaPolicy) }), notInSwagger: SLA_GAP },
  { method: 'POST', path: `${A}/sla_policies`, purpose: 'create an SLA policy (thresholds in seconds)', request: z.object({ sla_policy: z.object({ name: z.string() }) }), response: z.object({ payload: slaPolicy }), notInSwagger: SLA_GAP },
  { method: 'PATCH', path: `${A}/sla_policies/{id}`, purpose: 'update an SLA policy', response: z.object({ payload: slaPolicy }), notInSwagger: SLA_GAP },

  // Help center (paths use the portal slug)
  { method: 'GET', path: `${A}/portals`, purpose: 'portals', response: z.object({ payload: z.array(portal) }) },
  { method: 'GET', path: `${A}/portals/{portal}`, purpose: 'one portal (by slug)', response: portal, notInSwagger: HELP_CENTER_GAP },
  { method: 'POST', path: `${A}/portals`, purpose: 'create a portal', request: z.object({ portal: z.object({ name: z.string(), slug: z.string() }) }), response: portal },
  { method: 'GET', path: `${A}/portals/{portal}/categories`, purpose: 'a portal’s categories (?locale=)', response: z.object({ payload: z.array(category) }), notInSwagger: HELP_CENTER_GAP },
  { method: 'POST', path: `${A}/portals/{portal}/categories`, purpose: 'create a category', response: z.object({ payload: category }) },
  { method: 'GET', path: `${A}/portals/{portal}/articles`, purpose: 'a portal’s articles (?locale=&status=&page=, 25 per page)', response: z.object({ payload: z.array(article) }), notInSwagger: HELP_CENTER_GAP },
  { method: 'POST', path: `${A}/portals/{portal}/articles`, purpose: 'create an article (author_id required)', request: z.object({ article: z.object({ title: z.string(), content: z.string() }) }), response: z.object({ payload: article }) },
  { method: 'PATCH', path: `${A}/portals/{portal}/articles/{article_id}`, purpose: 'update an article', response: z.object({ payload: article }), notInSwagger: HELP_CENTER_GAP },
];

export const normalizePath = (path: string) => path.replace(/\{[^}]+\}/g, '{}').replace(/\/+$/, '');
export const endpointKey = (method: string, path: string) => `${method.toUpperCase()} ${normalizePath(path)}`;

/** The description of `method path`, or undefined. */
export function describedEndpoint(method: string, path: string): ChatwootEndpoint | undefined {
  const k = endpointKey(method, path);
  return CHATWOOT_API.find((e) => endpointKey(e.method, e.path) === k);
}
