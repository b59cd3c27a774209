import { z } from 'zod';
import { autoReplySectionSchema, type AutoReplySettings } from '../autoreply/schema.js';
import { categoryNameSchema, DEFAULT_CATEGORY_DEFINITIONS, prioritySchema, type CategoryDefinition, type Priority } from '../triage/categories.js';
import type { Condition } from './conditions.js';
import type { TextMatcher } from './text-set.js';

const id = z.number().int().positive();
const labelName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be a lowercase label name (letters, digits, "-" or "_"), e.g. "vip"');

/**
 * The triage configuration file (TRIAGE_CONFIG, YAML), as written. `when` is checked by rules/conditions.ts
 * (recursive, with "did you mean" hints); everything else here. Example: chatwoot-config/triage.example.yaml.
 */
export const triageFileSchema = z.strictObject({
  /** One paragraph describing the product; the prompts use it instead of the built-in description. */
  product: z.string().trim().min(1).max(2000).optional(),
  categories: z
    .array(
      z.strictObject({
        name: categoryNameSchema,
        description: z.string().trim().min(1).max(500),
        sensitive: z.boolean().default(false),
      }),
    )
    .min(2, 'must list at least 2 categories')
    .max(20, 'must list at most 20 categories')
    // Omitted: the four built-in categories (a file may hold only rules, or only an `sla:` section).
    .default(() => DEFAULT_CATEGORY_DEFINITIONS.map((c) => ({ ...c, sensitive: c.sensitive ?? false }))),
  /** Extra labels rules may add (besides the categories and the ai-* labels). */
  labels: z.array(labelName).default([]),
  /** Assign only at or above this confidence; default AUTO_ASSIGN_THRESHOLD. */
  auto_assign_threshold: z.number().min(0).max(1).optional(),
  rules: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1).max(200),
        /** Omitted = always. */
        when: z.unknown().optional(),
        then: z.strictObject({
          team_id: id.optional(),
          agent_id: id.optional(),
          labels: z.array(labelName).default([]),
          priority: prioritySchema.optional(),
          suggest_only: z.boolean().default(false),
        }),
      }),
    )
    .max(1000)
    .default([]),
  // ── Sections defined by other features; passed through here, validated by their owners. ──
  sla: z.unknown().optional(),
  /** Answering customers directly (ai-pipeline/src/autoreply); absent = never. */
  auto_reply: autoReplySectionSchema.optional(),
});
export type TriageFile = z.infer<typeof triageFileSchema>;

export interface RuleAction {
  teamId: number | null;
  agentId: number | null;
  /** Labels to add (declared in `labels`). */
  labels: string[];
  priority: Priority | null;
  /** Say who would get it; never assign. */
  suggestOnly: boolean;
}

export interface Rule {
  name: string;
  when: Condition;
  then: RuleAction;
}

/** The validated triage configuration every part of the pipeline reads (categories, product, rules). */
export interface TriageConfig {
  /** Where it came from (a file path, or "built-in defaults"), for logs and explain. */
  source: string;
  /** Converted from the old ROUTING_CONFIG file: the note does not name its generated rules. */
  legacy: boolean;
  /** The product paragraph for the prompts, or null for the built-in description. */
  product: string | null;
  categories: CategoryDefinition[];
  labels: string[];
  autoAssignThreshold: number;
  rules: Rule[];
  /** The rules' `text` patterns compiled into one set (null or absent: none, or match each on its own). */
  textSet?: TextMatcher | null;
  /** Raw sections owned by other features (not validated here). */
  sla?: unknown;
  /** The validated `auto_reply` section; null or absent = never answer a customer directly. */
  autoReply?: AutoReplySettings | null;
}

export function categoryNames(config: Pick<TriageConfig, 'categories'>): string[] {
  return config.categories.map((c) => c.name);
}

export function isSensitive(config: Pick<TriageConfig, 'categories'>, category: string): boolean {
  return config.categories.some((c) => c.name === category && c.sensitive);
}
