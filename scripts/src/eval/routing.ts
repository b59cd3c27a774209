import type { TriageConfig } from '../../../ai-pipeline/src/rules/schema.js';
import type { TicketAnalysis } from '../../../ai-pipeline/src/triage/analyze.js';
import { decide } from '../../../ai-pipeline/src/triage/decide.js';

/** A ticket labelled with the team it should go to (null: it should not be assigned), with its analysis. */
export interface RoutedTicket {
  id: string;
  expectedTeamId: number | null;
  analysis: TicketAnalysis;
}

export interface RoutingMetrics {
  /** Tickets labelled with an expected team (`team_id`, null = none). */
  tickets: number;
  threshold: number;
  /** Assigned to the expected team at the threshold (or, for team_id null, not assigned to any team). */
  routedRight: number;
  routedRightShare: number;
  /** The rules picked the expected team, assigned or only suggested (ignores the threshold). */
  targetRight: number;
  targetRightShare: number;
  /** Assigned to a team other than the expected one: the costly mistake. */
  wronglyAssigned: number;
  wronglyAssignedShare: number;
  /** The ids of tickets not routed right, for a look with `npm run rules -- explain`. */
  misses: string[];
}

/**
 * Routing quality of a triage configuration on labelled tickets: the pure `decide` on each ticket's analysis,
 * with the customer's text as the only fact (no enrichment, no inbox: rules on those do not match), on a
 * conversation nobody has touched yet.
 */
export function routingMetrics(config: TriageConfig, tickets: readonly RoutedTicket[], now = new Date()): RoutingMetrics {
  let routedRight = 0;
  let targetRight = 0;
  let wronglyAssigned = 0;
  const misses: string[] = [];
  for (const t of tickets) {
    const d = decide({
      analysis: t.analysis.analysis,
      language: t.analysis.language.language,
      config,
      context: { text: t.analysis.customerText, inboxId: null, channel: null, plan: null, account: null, now },
      current: { labels: [], customAttributes: {}, priority: null, assigneeId: null, teamId: null },
    });
    const assigned = d.assign?.teamId ?? null;
    const target = (d.assign ?? d.suggest)?.teamId ?? null;
    if (assigned === t.expectedTeamId) routedRight += 1;
    else misses.push(t.id);
    if (target === t.expectedTeamId) targetRight += 1;
    if (assigned !== null && assigned !== t.expectedTeamId) wronglyAssigned += 1;
  }
  const share = (n: number) => (tickets.length === 0 ? 0 : n / tickets.length);
  return {
    tickets: tickets.length,
    threshold: config.autoAssignThreshold,
    routedRight,
    routedRightShare: share(routedRight),
    targetRight,
    targetRightShare: share(targetRight),
    wronglyAssigned,
    wronglyAssignedShare: share(wronglyAssigned),
    misses,
  };
}
