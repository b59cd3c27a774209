import { z } from 'zod';
import { categoryNameSchema } from '../triage/categories.js';

/**
 * The `auto_reply` section of the triage configuration (TRIAGE_CONFIG). Absent = the sidecar never answers a
 * customer itself. Example: `auto_reply: { categories: [product-question], min_confidence: 0.85, require_article: true, inboxes: [3] }`.
 */
export const autoReplySectionSchema = z.strictObject({
  /** Categories whose tickets may be answered directly; a `sensitive` category never is, even when listed. */
  categories: z.array(categoryNameSchema).min(1, 'must list at least 1 category'),
  /** The analysis' confidence must be at least this. */
  min_confidence: z.number().min(0.5, 'must be at least 0.5').max(1).default(0.85),
  /** Send only a draft that used at least one help-center article. */
  require_article: z.boolean().default(true),
  /** Only these inbox ids; omitted = every inbox. */
  inboxes: z.array(z.number().int().positive()).min(1).optional(),
});
export type AutoReplySection = z.infer<typeof autoReplySectionSchema>;

/** The validated section as the pipeline reads it. */
export interface AutoReplySettings {
  categories: string[];
  minConfidence: number;
  requireArticle: boolean;
  /** null = every inbox. */
  inboxes: number[] | null;
}

export function autoReplySettings(section: AutoReplySection | undefined): AutoReplySettings | null {
  if (!section) return null;
  return { categories: section.categories, minConfidence: section.min_confidence, requireArticle: section.require_article, inboxes: section.inboxes ?? null };
}

/** AUTO_REPLY_MODE: `off` (default) never sends; `shadow` posts "would have auto-replied" notes; `on` sends. */
export const AUTO_REPLY_MODES = ['off', 'shadow', 'on'] as const;
export type AutoReplyMode = (typeof AUTO_REPLY_MODES)[number];
export const DEFAULT_AUTO_REPLY_COOLDOWN_HOURS = 24;
