import { routeFor, type RoutingConfig } from '../config/routing.js';
import type { Analysis } from '../model/provider.js';
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

export interface DecideInput {
  analysis: Analysis;
  language: string;
  routing: RoutingConfig;
  threshold: number;
  current: ConversationState;
}

export interface Target {
  teamId: number | null;
  agentId: number | null;
}

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
}

function sameMembers(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function sameAttributes(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/**
 * From the validated analysis, the routing config and the conversation's current state, decide every
 * write. Pure. Targets come only from the routing config: nothing the model says can name a label,
 * team or agent.
 */
export function decide(input: DecideInput): Decision {
  const { analysis, routing, threshold, current } = input;
  const confident = analysis.confidence >= threshold;
  const addLabels = [analysis.category, confident ? LABEL_HIGH_CONFIDENCE : LABEL_NEEDS_TRIAGE, LABEL_PROCESSED];
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

  const route = routeFor(routing, analysis.category);
  const refundToAgentBlocked = analysis.category === 'refund-request' && !routing.allow_refund_agent_assignment;
  const target: Target = {
    teamId: route.team_id ?? null,
    agentId: refundToAgentBlocked ? null : (route.agent_id ?? null),
  };
  const routed = target.teamId !== null || target.agentId !== null;

  let assign: Target | null = null;
  let suggest: Target | null = null;
  let assignmentReason: string;
  if (!routed) {
    assignmentReason = `no route for ${analysis.category} in the routing config`;
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
  if (refundToAgentBlocked && route.agent_id !== undefined) {
    assignmentReason += '; refunds are never assigned to an individual agent (allow_refund_agent_assignment is off)';
  }

  return {
    category: analysis.category,
    confident,
    addLabels,
    labels: sameMembers(merged, current.labels) ? null : merged,
    customAttributes: sameAttributes(attributes, current.customAttributes) ? null : attributes,
    priority: current.priority ? null : analysis.priority,
    assign,
    suggest,
    assignmentReason,
  };
}
