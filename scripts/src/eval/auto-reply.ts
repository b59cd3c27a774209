/** Pure: what the auto-reply setting would do on a labelled set (for `npm run eval`). No I/O, no model. */
import type { ScoredTicket } from './metrics.js';

export interface AutoReplyEvalSettings {
  categories: string[];
  minConfidence: number;
  /** Where the settings came from: the configuration's auto_reply section, or the stand-in when there is none. */
  source: 'configured' | 'not configured: every non-sensitive category at 0.85';
}

export interface AutoReplyMetrics extends AutoReplyEvalSettings {
  tickets: number;
  /** Tickets that would be auto-replied (allowed predicted category, confidence at or above the threshold). */
  wouldReply: number;
  wouldReplyShare: number;
  /** Of those, how many had that category in truth. */
  right: number;
  /** right / wouldReply, or null when none would be. */
  precision: number | null;
  /** Would-be auto-replies to a ticket whose true category is sensitive (a refund answered by the bot). */
  sensitiveHits: number;
  wrong: string[];
}

export function autoReplyMetrics(rows: ScoredTicket[], s: AutoReplyEvalSettings, sensitive: string[]): AutoReplyMetrics {
  const sent = rows.filter((r) => s.categories.includes(r.predictedCategory) && !sensitive.includes(r.predictedCategory) && r.confidence >= s.minConfidence);
  const right = sent.filter((r) => r.category === r.predictedCategory).length;
  return {
    ...s,
    tickets: rows.length,
    wouldReply: sent.length,
    wouldReplyShare: rows.length === 0 ? 0 : sent.length / rows.length,
    right,
    precision: sent.length === 0 ? null : right / sent.length,
    sensitiveHits: sent.filter((r) => sensitive.includes(r.category)).length,
    wrong: sent.filter((r) => r.category !== r.predictedCategory).map((r) => r.id),
  };
}
