import { customerText } from '../../chatwoot/customer-text.js';
import { detectLanguage } from '../../language/detect.js';
import { loadTickets, type Ticket } from '../../tickets/ticket.js';
import { CATEGORIES, type Category, type DefaultCategory } from '../../triage/categories.js';
import { NO_USAGE, type Analysis, type AnalysisInput, type DraftInput, type DraftResult, type ModelProvider, type ModelResult } from '../provider.js';
import {
  DEFAULT_CLASSIFIER_OPTIONS,
  extractFeatures,
  trainClassifier,
  type ClassifierOptions,
  type LabelledExample,
  type OfflineClassifier,
} from './classifier.js';
import { offlineSummary } from './summary.js';
import { draftTemplate } from './templates.js';

export const OFFLINE_MODEL_ID = 'offline-nb-1';

/** A sample ticket as the classifier learns it: the same customer-text extraction and language detection as live traffic. */
export function exampleFromTicket(ticket: Ticket): LabelledExample {
  const text = customerText({ content: ticket.body });
  const language = detectLanguage(text).language;
  return { features: extractFeatures(ticket.subject, text, language), category: ticket.category, priority: ticket.priority };
}

/** The highest confidence the offline model gives a category it has no example tickets for. */
export const UNEXAMPLED_CONFIDENCE_CAP = 0.3;

/** The offline provider, plus which configured categories it had no example tickets for. */
export type OfflineProvider = ModelProvider & { readonly categoriesWithoutExamples: readonly Category[] };

const templateCategory = (c: Category): DefaultCategory => ((CATEGORIES as readonly string[]).includes(c) ? (c as DefaultCategory) : 'other');

/**
 * The no-API-key provider: a naive Bayes + lexicon classifier trained in-process on the tickets whose category is
 * configured (`categories`, default the four built-in ones), template drafts. A configured category without example
 * tickets can still be chosen, but only with a low confidence (at most UNEXAMPLED_CONFIDENCE_CAP).
 */
export function createOfflineProvider(opts: { tickets: Ticket[]; classifier?: Partial<ClassifierOptions>; categories?: readonly Category[] }): OfflineProvider {
  const categories = opts.categories ?? CATEGORIES;
  const tickets = opts.tickets.filter((t) => categories.includes(t.category));
  const categoriesWithoutExamples = categories.filter((c) => !tickets.some((t) => t.category === c));
  const classifier: OfflineClassifier = trainClassifier(tickets.map(exampleFromTicket), {
    ...DEFAULT_CLASSIFIER_OPTIONS,
    ...opts.classifier,
    categories,
  });
  return {
    kind: 'offline',
    model: OFFLINE_MODEL_ID,
    categoriesWithoutExamples,
    analyze(input: AnalysisInput): Promise<ModelResult<Analysis>> {
      const features = extractFeatures(input.subject, input.text, input.language);
      const result = classifier.classify(features);
      const analysis: Analysis = {
        translation: null,
        category: result.category,
        priority: result.priority,
        confidence: categoriesWithoutExamples.includes(result.category) ? Math.min(result.confidence, UNEXAMPLED_CONFIDENCE_CAP) : result.confidence,
        summary: offlineSummary({
          category: result.category,
          language: input.language,
          concepts: features.concepts,
          subject: input.subject,
        }),
      };
      return Promise.resolve({ value: analysis, usage: { ...NO_USAGE } });
    },
    draft(input: DraftInput): Promise<DraftResult> {
      // The best passage in the customer's language (passages come best first); none in it = no link.
      const article = input.articles?.find((a) => a.locale === input.language);
      const text = draftTemplate({
        language: input.language,
        category: templateCategory(input.analysis.category),
        contactName: input.contactName,
        plan: input.plan,
        followUp: input.thread.length > 0,
        article,
      });
      return Promise.resolve({ value: text, usage: { ...NO_USAGE }, ...(input.articles ? { usedArticleIds: article ? [article.id] : [] } : {}) });
    },
  };
}

/**
 * Loads the sample tickets (a folder of JSON files or a JSONL file; several paths are merged) and trains the
 * offline provider on those whose category is configured.
 */
export async function loadOfflineProvider(ticketsDir: string | readonly string[], categories?: readonly Category[]): Promise<OfflineProvider> {
  const dirs = typeof ticketsDir === 'string' ? [ticketsDir] : ticketsDir;
  const tickets = (await Promise.all(dirs.map((d) => loadTickets(d)))).flat();
  return createOfflineProvider({ tickets, categories });
}
