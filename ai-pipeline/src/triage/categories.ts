import { z } from 'zod';

/** The four built-in triage categories (used when no TRIAGE_CONFIG names others). Labels in Chatwoot use exactly these strings. */
export const CATEGORIES = ['bug-report', 'refund-request', 'product-question', 'other'] as const;
export const DEFAULT_CATEGORIES: readonly string[] = CATEGORIES;
export type DefaultCategory = (typeof CATEGORIES)[number];
/** The built-in categories only (kept for code that needs the default enum). */
export const categorySchema = z.enum(CATEGORIES);
/**
 * A category name. Categories are configurable (TRIAGE_CONFIG), so this is any name; it is checked against the
 * configured list at the boundaries (model output, config, tickets used for training).
 */
export type Category = string;

/** A category as configured: the name (also the Chatwoot label), what it means (shown to the model), and whether it is sensitive. */
export interface CategoryDefinition {
  name: Category;
  description: string;
  /** Never auto-assigned to an individual agent (and never auto-replied). */
  sensitive: boolean;
}

/** A name usable as a Chatwoot label: lowercase letters, digits, dashes and underscores. */
export const categoryNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be a lowercase label name (letters, digits, "-" or "_", at most 40 characters), e.g. "account-access"');

/** The built-in categories with the descriptions the prompts have always used. */
export const DEFAULT_CATEGORY_DEFINITIONS: readonly CategoryDefinition[] = [
  { name: 'bug-report', description: 'something in the app or account does not work as it should', sensitive: false },
  { name: 'refund-request', description: 'the customer wants money back, including inside a bug complaint', sensitive: true },
  {
    name: 'product-question',
    description: 'how-to, plans, pricing, cancellation without asking for money back, account questions, feature requests',
    sensitive: false,
  },
  { name: 'other', description: 'spam, marketing, praise, empty or unintelligible text, anything else', sensitive: false },
];

/** The names of the categories marked `sensitive` (never auto-assigned to an agent, never auto-replied). */
export function sensitiveCategories(definitions: readonly CategoryDefinition[]): Category[] {
  return definitions.filter((c) => c.sensitive).map((c) => c.name);
}

/** A zod schema accepting exactly the configured category names (for model output). */
export function categoryEnum(names: readonly Category[]): z.ZodType<Category> {
  return z.enum(names as [Category, ...Category[]]);
}

/** Chatwoot's own conversation priorities. */
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const prioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof prioritySchema>;

/** The categories no example is labelled with (the offline model gives them a low confidence). */
export function categoriesWithoutExamples(categories: readonly Category[], examples: readonly { category: Category }[]): Category[] {
  const labelled = new Set(examples.map((e) => e.category));
  return categories.filter((c) => !labelled.has(c));
}

/**
 * Whether the offline model cannot tell the categories apart: example tickets for fewer than two of the configured
 * categories (one trained class answers every ticket with confidence 1). The offline model then caps every answer's
 * confidence, start-up warns, and `npm run eval` says so: all three ask this one function.
 */
export function cannotTellCategoriesApart(categories: readonly Category[], withoutExamples: readonly Category[]): boolean {
  const without = new Set(withoutExamples);
  return categories.filter((c) => !without.has(c)).length < 2;
}
