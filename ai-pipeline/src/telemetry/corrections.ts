import { CATEGORIES } from '../triage/categories.js';
import type { AppliedField, ConversationState, Decision } from '../triage/decide.js';

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
  /** False when Chatwoot refused the label write (the category label was never set); absent on older records = set. */
  labelsSet?: boolean;
  /** False when Chatwoot refused the custom-attribute write (ai_category was never set); absent = set. */
  attributesSet?: boolean;
}

export type CorrectionField = 'category_label' | 'ai_category' | 'team' | 'assignee' | 'priority';

export interface Correction {
  field: CorrectionField;
  from: string;
  to: string;
}

export const CORRECTION_WINDOW_DAYS = 7;
const NONE = '(none)';

/** What the decision set, less the writes Chatwoot refused (their fields are not compared later). */
export function appliedState(d: Decision, refused: readonly AppliedField[] = []): AppliedState {
  const no = (f: AppliedField) => refused.includes(f);
  const teamId = no('team') ? null : (d.assign?.teamId ?? null);
  const assigneeId = no('agent') ? null : (d.assign?.agentId ?? null);
  return {
    category: d.category,
    aiCategory: d.category,
    priority: no('priority') ? null : (d.priority ?? null),
    teamId,
    assigneeId,
    // Assigned unless Chatwoot refused the assignment writes, leaving none that went through.
    assigned: d.assign !== null && !(teamId === null && assigneeId === null && (no('team') || no('agent'))),
    suggested: d.suggest !== null,
    ...(no('labels') ? { labelsSet: false } : {}),
    ...(no('custom_attributes') ? { attributesSet: false } : {}),
  };
}

const show = (v: unknown): string => (v === null || v === undefined || v === '' ? NONE : String(v).slice(0, 60));

/** Pure: every field the triage set that a person has since changed, from → to. Fields the triage did not set are not compared. */
export function diffApplied(applied: AppliedState, current: ConversationState): Correction[] {
  const out: Correction[] = [];
  if (applied.labelsSet !== false && !current.labels.includes(applied.category)) {
    const now = current.labels.filter((l) => (CATEGORIES as readonly string[]).includes(l)).sort();
    out.push({ field: 'category_label', from: applied.category, to: now.length ? now.join(',') : NONE });
  }
  const aiCategory = current.customAttributes.ai_category;
  if (applied.attributesSet !== false && show(aiCategory) !== applied.aiCategory) out.push({ field: 'ai_category', from: applied.aiCategory, to: show(aiCategory) });
  if (applied.teamId !== null && current.teamId !== applied.teamId) out.push({ field: 'team', from: show(applied.teamId), to: show(current.teamId) });
  if (applied.assigneeId !== null && current.assigneeId !== applied.assigneeId) {
    out.push({ field: 'assignee', from: show(applied.assigneeId), to: show(current.assigneeId) });
  }
  if (applied.priority !== null && current.priority !== applied.priority) out.push({ field: 'priority', from: applied.priority, to: show(current.priority) });
  return out;
}
