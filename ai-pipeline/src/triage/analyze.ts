import { customerText } from '../chatwoot/customer-text.js';
import { detectLanguage, type LanguageGuess } from '../language/detect.js';
import type { Analysis, ModelProvider, Usage } from '../model/provider.js';

export interface TicketAnalysis {
  customerText: string;
  language: LanguageGuess;
  analysis: Analysis;
  usage: Usage;
}

/** Language (detected locally) and one provider call on text that is already the customer's own. */
export async function analyzeCustomerText(provider: ModelProvider, subject: string | null, text: string): Promise<TicketAnalysis> {
  const language = detectLanguage(text, { subject });
  const { value, usage } = await provider.analyze({ subject, text, language: language.language });
  return { customerText: text, language, analysis: value, usage };
}

/**
 * The analysis step of a raw ticket, shared by `npm run eval` and the worker: the customer's own text
 * (quotes and signatures stripped), then `analyzeCustomerText`.
 */
export function analyzeTicket(
  provider: ModelProvider,
  ticket: { subject: string | null; content: string; contentAttributes?: unknown },
): Promise<TicketAnalysis> {
  return analyzeCustomerText(provider, ticket.subject, customerText({ content: ticket.content, contentAttributes: ticket.contentAttributes, subject: ticket.subject }));
}
