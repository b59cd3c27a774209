import type { RestConversation } from '../chatwoot/payloads.js';
import type { EnrichmentResult } from '../enrichment/client.js';
import type { Analysis } from '../model/provider.js';
import type { TicketContext } from '../triage/decide.js';
import type { RuleFacts } from './conditions.js';

/** `Channel::WebWidget` → `web_widget`; null when Chatwoot did not say. */
export function channelName(channelType: unknown): string | null {
  if (typeof channelType !== 'string' || channelType === '') return null;
  return channelType
    .replace(/^Channel::/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The account facts enrichment found (plan and every other account field), or nulls when it found none. */
export function accountFacts(enrichment: EnrichmentResult | undefined): Pick<RuleFacts, 'plan' | 'account'> {
  if (enrichment?.status !== 'ok' || enrichment.enrichment.account.status !== 'ok') return { plan: null, account: null };
  const data = enrichment.enrichment.account.data;
  return { plan: data.plan, account: { ...data.attributes, plan: data.plan, signed_up_at: data.signedUpAt } };
}

/** What the rules see of a ticket besides the analysis and labels: its text, inbox, channel, account facts and the time. */
export function ticketContext(input: {
  customerText: string;
  conversation: Pick<RestConversation, 'inbox_id' | 'meta'> | null;
  enrichment: EnrichmentResult | undefined;
  now?: Date;
}): TicketContext {
  const meta = input.conversation?.meta as { channel?: unknown } | null | undefined;
  return {
    text: input.customerText,
    inboxId: input.conversation?.inbox_id ?? null,
    channel: channelName(meta?.channel),
    ...accountFacts(input.enrichment),
    now: input.now ?? new Date(),
  };
}

/** Everything the rules can look at for one ticket, from the analysis, the customer's text, the conversation and enrichment. */
export function ruleFacts(input: {
  analysis: Analysis;
  language: string;
  customerText: string;
  conversation: Pick<RestConversation, 'inbox_id' | 'labels' | 'meta'> | null;
  enrichment: EnrichmentResult | undefined;
  now?: Date;
}): RuleFacts {
  return {
    ...ticketContext(input),
    category: input.analysis.category,
    priority: input.analysis.priority,
    confidence: input.analysis.confidence,
    language: input.language,
    labels: input.conversation?.labels ?? [],
  };
}
