import type { AutoReplySettings } from './schema.js';

export const LABEL_AUTO_REPLIED = 'ai-auto-replied';
export const LABEL_NO_AUTO_REPLY = 'no-auto-reply';

/** Everything the auto-reply decision looks at; gathered by the send step, decided here without I/O. */
export interface AutoReplyFacts {
  /** The `auto_reply` section, or null when it is not configured. */
  settings: AutoReplySettings | null;
  category: string;
  sensitive: boolean;
  confidence: number;
  inboxId: number | null;
  /** Help-center articles the draft used. */
  usedArticleIds: string[];
  /** What the draft check flagged (unsupported links or addresses); any flag blocks. */
  draftFlags: string[];
  /** The draft came from the offline fallback or its model call had a problem. */
  draftFallback: boolean;
  /** A person assigned now or by this triage's rule (a team alone is not a person). */
  assignedPerson: boolean;
  labels: string[];
  /** The customer's message is itself an auto-reply or out-of-office. */
  customerAutoReply: boolean;
  /** When this conversation was last auto-replied (ms since epoch), or null. */
  lastAutoReplyAt: number | null;
  now: number;
  cooldownHours: number;
  draft: string;
}

export type AutoReplyDecision = { send: true; why: string[] } | { send: false; reason: string };

/**
 * Whether the draft may be sent to the customer as it is. Every condition must hold; the first that fails is
 * the reason. Pure, so each rule is a row in the table test (autoreply/decide.test.ts).
 */
export function decideAutoReply(f: AutoReplyFacts): AutoReplyDecision {
  const s = f.settings;
  const no = (reason: string): AutoReplyDecision => ({ send: false, reason });
  if (!s) return no('auto_reply is not configured');
  if (f.sensitive) return no(`category ${f.category} is sensitive`);
  if (!s.categories.includes(f.category)) return no(`category ${f.category} is not in auto_reply.categories`);
  if (s.inboxes && (f.inboxId === null || !s.inboxes.includes(f.inboxId))) return no(`inbox ${f.inboxId ?? 'unknown'} is not in auto_reply.inboxes`);
  if (f.confidence < s.minConfidence) return no(`confidence ${f.confidence.toFixed(2)} is below ${s.minConfidence.toFixed(2)}`);
  if (s.requireArticle && f.usedArticleIds.length === 0) return no('the draft used no help-center article');
  if (f.assignedPerson) return no('a person is assigned');
  if (f.labels.includes(LABEL_NO_AUTO_REPLY)) return no(`the conversation has the label ${LABEL_NO_AUTO_REPLY}`);
  if (f.customerAutoReply) return no('the customer message is an auto-reply or out-of-office');
  if (f.lastAutoReplyAt !== null && f.now - f.lastAutoReplyAt < f.cooldownHours * 3_600_000) return no(`already auto-replied within ${f.cooldownHours} h`);
  if (f.draftFlags.length > 0) return no('the draft check flagged the draft');
  if (f.draftFallback) return no('the draft is not the model’s own (fallback)');
  if (f.draft.trim() === '') return no('the draft is empty');
  return {
    send: true,
    why: [
      `category ${f.category}, confidence ${f.confidence.toFixed(2)} ≥ ${s.minConfidence.toFixed(2)}`,
      s.requireArticle ? `grounded in ${f.usedArticleIds.length} help-center article(s)` : `${f.usedArticleIds.length} help-center article(s) used`,
      'no person assigned, no flags in the draft check',
    ],
  };
}
