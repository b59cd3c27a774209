import { customerText } from '../chatwoot/customer-text.js';
import { detectLanguage, type LanguageGuess } from '../language/detect.js';
import type { Analysis, ModelProvider, Usage } from '../model/provider.js';

export interface TicketAnalysis {
  customerText: string;
  language: LanguageGuess;
  analysis: Analysis;
  usage: Usage;
}

/**
 * The analysis step, shared by the worker and `npm run eval`: the customer's own text,
 * its language (detected locally), then one provider call.
 */
export async function analyzeTicket(
  provider: ModelProvider,
  ticket: { subject: string | null; content: string; contentAttributes?: unknown },
): Promise<TicketAnalysis> {
  const text = customerText({ content: ticket.content, contentAttributes: ticket.contentAttributes });
  const language = detectLanguage(text);
  const { value, usage } = await provider.analyze({ subject: ticket.subject, text, language: language.language });
  return { customerText: text, language, analysis: value, usage };
}
