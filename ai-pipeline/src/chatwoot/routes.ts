/**
 * Every Chatwoot REST route this project calls, in one table. Paths are relative to
 * `/api/v1/accounts/{account_id}` and use Chatwoot's swagger parameter names. The contract test
 * checks each one against Chatwoot's swagger.json; clients build URLs only through `routePath`.
 */
export const CHATWOOT_ROUTES = {
  getConversation: { method: 'GET', path: '/conversations/{conversation_id}' },
  listConversations: { method: 'GET', path: '/conversations' },
  createConversation: { method: 'POST', path: '/conversations' },
  listMessages: { method: 'GET', path: '/conversations/{conversation_id}/messages' },
  createMessage: { method: 'POST', path: '/conversations/{conversation_id}/messages' },
  getConversationLabels: { method: 'GET', path: '/conversations/{conversation_id}/labels' },
  setConversationLabels: { method: 'POST', path: '/conversations/{conversation_id}/labels' },
  setCustomAttributes: { method: 'POST', path: '/conversations/{conversation_id}/custom_attributes' },
  togglePriority: { method: 'POST', path: '/conversations/{conversation_id}/toggle_priority' },
  toggleStatus: { method: 'POST', path: '/conversations/{conversation_id}/toggle_status' },
  assign: { method: 'POST', path: '/conversations/{conversation_id}/assignments' },
  listAgents: { method: 'GET', path: '/agents' },
  listTeams: { method: 'GET', path: '/teams' },
  createTeam: { method: 'POST', path: '/teams' },
  listLabels: { method: 'GET', path: '/labels' },
  createLabel: { method: 'POST', path: '/labels' },
  updateLabel: { method: 'PATCH', path: '/labels/{id}' },
  listCustomAttributeDefinitions: { method: 'GET', path: '/custom_attribute_definitions' },
  createCustomAttributeDefinition: { method: 'POST', path: '/custom_attribute_definitions' },
  updateCustomAttributeDefinition: { method: 'PATCH', path: '/custom_attribute_definitions/{id}' },
  listWebhooks: { method: 'GET', path: '/webhooks' },
  createWebhook: { method: 'POST', path: '/webhooks' },
  updateWebhook: { method: 'PATCH', path: '/webhooks/{webhook_id}' },
  listDashboardApps: { method: 'GET', path: '/dashboard_apps' },
  createDashboardApp: { method: 'POST', path: '/dashboard_apps' },
  updateDashboardApp: { method: 'PATCH', path: '/dashboard_apps/{id}' },
  listInboxes: { method: 'GET', path: '/inboxes' },
  createInbox: { method: 'POST', path: '/inboxes' },
  searchContacts: { method: 'GET', path: '/contacts/search' },
  listContactConversations: { method: 'GET', path: '/contacts/{id}/conversations' },
  createContact: { method: 'POST', path: '/contacts' },
  // Help Center (portal = `{id}`, which Chatwoot resolves by the portal's slug).
  listPortals: { method: 'GET', path: '/portals' },
  createPortal: { method: 'POST', path: '/portals' },
  listPortalCategories: { method: 'GET', path: '/portals/{id}/categories' },
  createPortalCategory: { method: 'POST', path: '/portals/{id}/categories' },
  listPortalArticles: { method: 'GET', path: '/portals/{id}/articles' },
  createPortalArticle: { method: 'POST', path: '/portals/{id}/articles' },
  updatePortalArticle: { method: 'PATCH', path: '/portals/{id}/articles/{article_id}' },
  listAgentBots: { method: 'GET', path: '/agent_bots' },
  createAgentBot: { method: 'POST', path: '/agent_bots' },
  setInboxAgentBot: { method: 'POST', path: '/inboxes/{id}/set_agent_bot' },
  getAccount: { method: 'GET', path: '' },
  updateConversation: { method: 'PATCH', path: '/conversations/{conversation_id}' },
  listSlaPolicies: { method: 'GET', path: '/sla_policies' },
  createSlaPolicy: { method: 'POST', path: '/sla_policies' },
  /** Outside the account: `/api/v1/profile` (the token's own user). */
  getProfile: { method: 'GET', path: '/profile', scope: 'global' },
} as const satisfies Record<string, { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; scope?: 'global' }>;

export type RouteName = keyof typeof CHATWOOT_ROUTES;

/** `/api/v1/accounts/{account}` + the route's path with its `{params}` filled in (URI-encoded); `/api/v1` + path for global routes. */
export function routePath(accountId: number, route: RouteName, params: Record<string, string | number> = {}): string {
  const def: { path: string; scope?: 'global' } = CHATWOOT_ROUTES[route];
  const path = def.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`route ${route} needs parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  return def.scope === 'global' ? `/api/v1${path}` : `/api/v1/accounts/${accountId}${path}`;
}
