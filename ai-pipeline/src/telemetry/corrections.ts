import { CATEGORIES } from '../triage/categories.js';
import type { ConversationState, Decision } from '../triage/decide.js';

/** What the triage itself set on a conversation, kept with its record so its own writes are never taken for corrections. */
export interface AppliedState {
  category: string;
  aiCategory: string;
  /** Null when the triage left the priority alone (someone had set it already). */
  priority: string | null;
  /** Only what the triage assigned itself; a suggestion is not an assignment. */
  teamId: number | null;
  assigneeId: number | null;
  assigned: boolean;
  suggested: boolean;
}

export type CorrectionField = 'category_label' | 'ai_category' | 'team' | 'assignee' | 'priority';

export interface Correction {
  field: CorrectionField;
  from: string;
  to: string;
}

export const CORRECTION_WINDOW_DAYS = 7;
const NONE = '(none)';

export function appliedState(d: Decision): AppliedState {
  return {
    category: d.category,
    aiCategory: d.category,
    priority: d.priority ?? null,
    teamId: d.assign?.teamId ?? null,
    assigneeId: d.assign?.agentId ?? null,
    assigned: d.assign !== null,
    suggested: d.suggest !== null,
  };
}

const show = (v: unknown): string => (v === null || v === undefined || v === '' ? NONE : String(v).slice(0, 60));

/** Pure: every field the triage set that a person has since changed, from → to. Fields the triage did not set are not compared. */
export function diffApplied(applied: AppliedState, current: ConversationState): Correction[] {
  const out: Correction[] = [];
  if (!current.labels.includes(applied.category)) {
    const now = current.labels.filter((l) => (CATEGORIES as readonly string[]).includes(l)).sort();
    out.push({ field: 'category_label', from: applied.category, to: now.length ? now.join(',') : NONE });
  }
  const aiCategory = current.customAttributes.ai_category;
  if (show(aiCategory) !== applied.aiCategory) out.push({ field: 'ai_category', from: applied.aiCategory, to: show(aiCategory) });
  if (applied.teamId !== null && current.teamId !== applied.teamId) out.push({ field: 'team', from: show(applied.teamId), to: show(current.teamId) });
  if (applied.assigneeId !== null && current.assigneeId !== applied.assigneeId) {
    out.push({ field: 'assignee', from: show(applied.assigneeId), to: show(current.assigneeId) });
  }
  if (applied.priority !== null && current.priority !== applied.priority) out.push({ field: 'priority', from: applied.priority, to: show(current.priority) });
  return out;
}
