import type { RoutingConfig } from '../config/routing.js';
import { DEFAULT_CATEGORY_DEFINITIONS } from '../triage/categories.js';
import type { Rule, TriageConfig } from './schema.js';

/**
 * The old ROUTING_CONFIG file as a triage configuration: the four built-in categories and one rule per route
 * (`category: X → team/agent`), refunds sensitive unless allow_refund_agent_assignment. Behaves exactly as before.
 */
export function triageConfigFromRouting(routing: RoutingConfig, threshold: number, source = 'built-in defaults'): TriageConfig {
  const rules: Rule[] = Object.entries(routing.routes)
    .filter(([, route]) => route && (route.team_id !== undefined || route.agent_id !== undefined))
    .map(([category, route]) => ({
      name: `route ${category}`,
      when: { kind: 'category', values: [category] },
      then: { teamId: route!.team_id ?? null, agentId: route!.agent_id ?? null, labels: [], priority: null, suggestOnly: false },
    }));
  return {
    source,
    legacy: true,
    product: null,
    categories: DEFAULT_CATEGORY_DEFINITIONS.map((c) =>
      c.name === 'refund-request' ? { ...c, sensitive: !routing.allow_refund_agent_assignment } : { ...c },
    ),
    labels: [],
    autoAssignThreshold: threshold,
    rules,
  };
}
