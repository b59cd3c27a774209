import { DEFAULT_AUTO_ASSIGN_THRESHOLD } from '../config/defaults.js';
import { EMPTY_ROUTING, type RoutingConfig } from '../config/routing.js';
import type { Analysis } from '../model/provider.js';
import type { RuleFacts } from '../rules/conditions.js';
import { firstMatch } from '../rules/evaluate.js';
import { triageConfigFromRouting } from '../rules/legacy.js';
import { isSensitive, type TriageConfig } from '../rules/schema.js';
import type { Category, Priority } from './categories.js';

export const LABEL_HIGH_CONFIDENCE = 'high-confidence';
export const LABEL_NEEDS_TRIAGE = 'needs-triage';
export const LABEL_PROCESSED = 'ai-processed';
export const LABEL_FAILED = 'ai-failed';

export interface ConversationState {
  labels: string[];
  customAttributes: Record<string, unknown>;
  priority: string | null;
  assigneeId: number | null;
  teamId: number | null;
}

/** What the rules see of a ticket besides the analysis and the conversation's labels (rules/facts.ts builds it). */
export type TicketContext = Pick<RuleFacts, 'text' | 'inboxId' | 'channel' | 'plan' | 'account' | 'now'>;

export interface DecideInput {
  analysis: Analysis;
  language: string;
  /** The triage configuration (categories, rules, threshold). When absent, `routing` and `threshold` are used as before. */
  config?: TriageConfig;
  /** The old routing table (ROUTING_CONFIG), read as one rule per route; ignored when `config` is given. */
  routing?: RoutingConfig;
  threshold?: number;
  /** Customer text, inbox, channel, account facts and the time; absent = none known (rules on them do not match). */
  context?: TicketContext;
  current: ConversationState;
}

export interface Target {
  teamId: number | null;
  agentId: number | null;
}

/** The Chatwoot writes of a triage, by what they set (a refused one is left out of what the triage applied). */
export type AppliedField = 'labels' | 'custom_attributes' | 'priority' | 'team' | 'agent' | 'sla';

export interface Decision {
  category: Category;
  confident: boolean;
  /** The labels the triage adds (category, confidence label, ai-processed). */
  addLabels: string[];
  /** The whole list to write (Chatwoot replaces it), or null when nothing changes. */
  labels: string[] | null;
  /** The whole hash to write (Chatwoot replaces it), or null when nothing changes. */
  customAttributes: Record<string, unknown> | null;
  /** Chatwoot priority to set, or null to leave it (an agent's choice is never overwritten). */
  priority: Priority | null;
  /** Assignment to apply now (confident, routed, and not already assigned by someone). */
  assign: Target | null;
  /** Below the threshold: who would have got it. */
  suggest: Target | null;
  /** Why assignment did or did not happen, for the note. */
  assignmentReason: string;
  /** The name of the rule that decided (the first whose `when` held); null when none did or the rules came from ROUTING_CONFIG. */
  rule: string | null;
  /** Its position in the rules (also for ROUTING_CONFIG rules), or null. */
  ruleIndex: number | null;
}

const NO_CONTEXT: Omit<TicketContext, 'now'> = { text: '', inboxId: null, channel: null, plan: null, account: null };

function sameMembers(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function sameAttributes(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/**
 * From the validated analysis, the ticket's facts, the triage configuration and the conversation's current state,
 * decide every write. Pure. The first rule whose `when` holds decides; targets and extra labels come only from the
 * configuration: nothing the model says can name a label, team or agent. Below the threshold (or with
 * `suggest_only`) an assignment becomes a suggestion; a sensitive category never goes to an individual agent; an
 * agent's own assignment, team, priority and labels are never overwritten.
 */
export function decide(input: DecideInput): Decision {
  const { analysis, current } = input;
  const config = input.config ?? triageConfigFromRouting(input.routing ?? EMPTY_ROUTING, input.threshold ?? DEFAULT_AUTO_ASSIGN_THRESHOLD);
  const threshold = config.autoAssignThreshold;
  const confident = analysis.confidence >= threshold;
  const facts: RuleFacts = {
    ...NO_CONTEXT,
    now: new Date(),
    ...input.context,
    category: analysis.category,
    priority: analysis.priority,
    confidence: analysis.confidence,
    language: input.language,
    labels: current.labels,
  };
  const match = firstMatch(config, facts);
  const action = match?.rule.then ?? null;

  const addLabels = [
    ...new Set([analysis.category, confident ? LABEL_HIGH_CONFIDENCE : LABEL_NEEDS_TRIAGE, LABEL_PROCESSED, ...(action?.labels ?? [])]),
  ];
  // A re-triage replaces our own confidence label rather than showing both.
  const kept = current.labels.filter((l) => l !== LABEL_HIGH_CONFIDENCE && l !== LABEL_NEEDS_TRIAGE && l !== LABEL_FAILED);
  const merged = [...new Set([...kept, ...addLabels])];

  const attributes = {
    ...current.customAttributes,
    ai_category: analysis.category,
    ai_priority: analysis.priority,
    ai_confidence: Math.round(analysis.confidence * 100) / 100,
    ai_language: input.language,
    ai_summary: analysis.summary.slice(0, 255),
  };

  const sensitive = isSensitive(config, analysis.category);
  const agentBlocked = sensitive && action?.agentId != null;
  const target: Target = { teamId: action?.teamId ?? null, agentId: agentBlocked ? null : (action?.agentId ?? null) };
  const routed = target.teamId !== null || target.agentId !== null;
  const ruleName = match ? `rule “${match.rule.name}”` : '';

  let assign: Target | null = null;
  let suggest: Target | null = null;
  let assignmentReason: string;
  if (!match) {
    assignmentReason = config.legacy ? `no route for ${analysis.category} in the routing config` : 'no rule matched';
  } else if (!routed) {
    assignmentReason = `${ruleName} names no team or agent`;
  } else if (action!.suggestOnly) {
    suggest = target;
    assignmentReason = `${ruleName} only suggests`;
  } else if (!confident) {
    suggest = target;
    assignmentReason = `confidence ${analysis.confidence.toFixed(2)} is below the auto-assign threshold ${threshold.toFixed(2)}`;
  } else {
    const wanted: Target = {
      teamId: current.teamId === null ? target.teamId : null,
      agentId: current.assigneeId === null ? target.agentId : null,
    };
    assign = wanted.teamId !== null || wanted.agentId !== null ? wanted : null;
    assignmentReason = assign
      ? `confidence ${analysis.confidence.toFixed(2)} ≥ threshold ${threshold.toFixed(2)}`
      : 'already assigned; left as it is';
  }
  if (agentBlocked) {
    assignmentReason += config.legacy
      ? '; refunds are never assigned to an individual agent (allow_refund_agent_assignment is off)'
      : `; ${analysis.category} is a sensitive category: never assigned to an individual agent`;
  }

  return {
    category: analysis.category,
    confident,
    addLabels,
    labels: sameMembers(merged, current.labels) ? null : merged,
    customAttributes: sameAttributes(attributes, current.customAttributes) ? null : attributes,
    priority: current.priority ? null : (action?.priority ?? analysis.priority),
    assign,
    suggest,
    assignmentReason,
    rule: match && !config.legacy ? match.rule.name : null,
    ruleIndex: match ? match.index : null,
  };
}
