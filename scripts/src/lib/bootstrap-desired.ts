import type { AttributeDefinitionInput, LabelInput } from '../../../ai-pipeline/src/chatwoot/admin-client.js';
import type { TriageConfig } from '../../../ai-pipeline/src/rules/schema.js';
import { CATEGORIES, PRIORITIES } from '../../../ai-pipeline/src/triage/categories.js';

/** What scripts/bootstrap-chatwoot makes Chatwoot look like. Change a label colour or description here. */

export const DESIRED_LABELS: Required<LabelInput>[] = [
  { title: 'bug-report', color: '#e11d48', description: 'AI triage: something is broken (errors, crashes, wrong behaviour)', show_on_sidebar: true },
  { title: 'refund-request', color: '#f59e0b', description: 'AI triage: the customer wants money back or to cancel', show_on_sidebar: true },
  { title: 'product-question', color: '#2563eb', description: 'AI triage: how-to or question about the product', show_on_sidebar: true },
  { title: 'other', color: '#6b7280', description: 'AI triage: none of the other categories', show_on_sidebar: true },
  { title: 'high-confidence', color: '#16a34a', description: 'AI triage was confident and routed the conversation', show_on_sidebar: true },
  { title: 'needs-triage', color: '#dc2626', description: 'AI triage was unsure: a human should check category and routing', show_on_sidebar: true },
  { title: 'ai-processed', color: '#7c3aed', description: 'The AI triage sidecar has handled this conversation', show_on_sidebar: false },
  { title: 'ai-failed', color: '#111827', description: 'The AI triage gave up on this conversation; see its private note', show_on_sidebar: true },
  { title: 'sla-at-risk', color: '#f97316', description: 'SLA watcher: 75 % of a first-response or resolution target is used', show_on_sidebar: true },
  { title: 'sla-breached', color: '#b91c1c', description: 'SLA watcher: a first-response or resolution target has passed', show_on_sidebar: true },
];

/**
 * Conversation custom attributes the pipeline writes. ai_confidence is a `number` (0..1, as the pipeline
 * writes it): Chatwoot's `percent` type would show 0.82 as "0.82%", while `number` shows the value as stored
 * and still allows "less than 0.5" filters in custom views.
 */
export const DESIRED_ATTRIBUTES: (AttributeDefinitionInput & { attribute_values: string[]; attribute_description: string })[] = [
  {
    attribute_key: 'ai_category',
    attribute_display_name: 'AI category',
    attribute_display_type: 'list',
    attribute_values: [...CATEGORIES],
    attribute_model: 'conversation_attribute',
    attribute_description: 'Category chosen by the AI triage',
  },
  {
    attribute_key: 'ai_priority',
    attribute_display_name: 'AI priority',
    attribute_display_type: 'list',
    attribute_values: [...PRIORITIES],
    attribute_model: 'conversation_attribute',
    attribute_description: 'Priority suggested by the AI triage',
  },
  {
    attribute_key: 'ai_confidence',
    attribute_display_name: 'AI confidence',
    attribute_display_type: 'number',
    attribute_values: [],
    attribute_model: 'conversation_attribute',
    attribute_description: 'Confidence of the AI triage, 0 to 1',
  },
  {
    attribute_key: 'ai_language',
    attribute_display_name: 'AI language',
    attribute_display_type: 'text',
    attribute_values: [],
    attribute_model: 'conversation_attribute',
    attribute_description: "Language of the customer's text (ISO 639-1)",
  },
  {
    attribute_key: 'ai_summary',
    attribute_display_name: 'AI summary',
    attribute_display_type: 'text',
    attribute_values: [],
    attribute_model: 'conversation_attribute',
    attribute_description: 'One-line English summary by the AI triage',
  },
];

const PALETTE = ['#0891b2', '#65a30d', '#c026d3', '#ea580c', '#4f46e5', '#0d9488', '#be123c', '#a16207'];

/**
 * The labels for a triage configuration (TRIAGE_CONFIG): one per configured category (built-in ones keep their
 * colours), the extra labels its rules may add, and the triage's own labels. Without a configuration: DESIRED_LABELS.
 */
export function desiredLabels(triage?: Pick<TriageConfig, 'categories' | 'labels'>): Required<LabelInput>[] {
  if (!triage) return DESIRED_LABELS;
  const builtIn = (title: string) => DESIRED_LABELS.find((l) => l.title === title);
  const own = DESIRED_LABELS.filter((l) => !(CATEGORIES as readonly string[]).includes(l.title));
  const categories = triage.categories.map((c, i) => ({
    title: c.name,
    color: builtIn(c.name)?.color ?? PALETTE[i % PALETTE.length]!,
    description: `AI triage: ${c.description}`.slice(0, 255),
    show_on_sidebar: true,
  }));
  const extra = triage.labels
    .filter((l) => !categories.some((c) => c.title === l) && !own.some((o) => o.title === l))
    .map((title) => ({ title, color: '#475569', description: 'Added by a triage rule (TRIAGE_CONFIG)', show_on_sidebar: true }));
  return [...categories, ...extra, ...own];
}

/** The attribute definitions for a triage configuration: `ai_category` lists the configured categories. */
export function desiredAttributes(triage?: Pick<TriageConfig, 'categories'>): typeof DESIRED_ATTRIBUTES {
  if (!triage) return DESIRED_ATTRIBUTES;
  return DESIRED_ATTRIBUTES.map((a) => (a.attribute_key === 'ai_category' ? { ...a, attribute_values: triage.categories.map((c) => c.name) } : a));
}

/** The events the pipeline acts on (new ticket, new customer message; agents' replies and changes, for draft outcomes and corrections). */
export const WEBHOOK_EVENTS = ['conversation_created', 'message_created', 'conversation_updated'];
export const WEBHOOK_NAME = 'AI triage';
export const DASHBOARD_APP_TITLE = 'Customer context';
export const DEFAULT_API_INBOX_NAME = 'Sample tickets';

export function webhookUrl(pipelineUrl: string): string {
  return `${pipelineUrl.replace(/\/+$/, '')}/webhook`;
}

/**
 * The customer-context sidebar (served by ai-pipeline) authenticates with SIDEBAR_TOKEN in the URL fragment
 * (never sent to servers or logs). Every agent can read this URL, so it carries only the sidebar token, which
 * allows look-ups by conversation and nothing else — never ENRICHMENT_TOKEN.
 */
export function sidebarUrl(pipelinePublicUrl: string, token: string): string {
  return `${pipelinePublicUrl.replace(/\/+$/, '')}/sidebar#token=${encodeURIComponent(token)}`;
}
