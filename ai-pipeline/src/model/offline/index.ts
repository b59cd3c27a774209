import { customerText } from '../../chatwoot/customer-text.js';
import { detectLanguage } from '../../language/detect.js';
import { loadTickets, type Ticket } from '../../tickets/ticket.js';
import { NO_USAGE, type Analysis, type AnalysisInput, type DraftInput, type ModelProvider, type ModelResult, type Translation } from '../provider.js';
import { TranslationUnavailableError } from '../errors.js';
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

/** The no-API-key provider: a naive Bayes + lexicon classifier trained in-process on the given tickets, template drafts. */
export function createOfflineProvider(opts: { tickets: Ticket[]; classifier?: Partial<ClassifierOptions> }): ModelProvider {
  const classifier: OfflineClassifier = trainClassifier(opts.tickets.map(exampleFromTicket), {
    ...DEFAULT_CLASSIFIER_OPTIONS,
    ...opts.classifier,
  });
  return {
    kind: 'offline',
    model: OFFLINE_MODEL_ID,
    analyze(input: AnalysisInput): Promise<ModelResult<Analysis>> {
      const features = extractFeatures(input.subject, input.text, input.language);
      const result = classifier.classify(features);
      const analysis: Analysis = {
        translation: null,
        category: result.category,
        priority: result.priority,
        confidence: result.confidence,
        summary: offlineSummary({
          category: result.category,
          language: input.language,
          concepts: features.concepts,
          subject: input.subject,
        }),
      };
      return Promise.resolve({ value: analysis, usage: { ...NO_USAGE } });
    },
    draft(input: DraftInput): Promise<ModelResult<string>> {
      const text = draftTemplate({
        language: input.language,
        category: input.analysis.category,
        contactName: input.contactName,
        plan: input.plan,
        followUp: input.thread.length > 0,
      });
      return Promise.resolve({ value: text, usage: { ...NO_USAGE } });
    },
    translate(): Promise<ModelResult<Translation>> {
      return Promise.reject(new TranslationUnavailableError());
    },
  };
}

/** Loads the sample tickets (a folder of JSON files or a JSONL file) and trains the offline provider on them. */
export async function loadOfflineProvider(ticketsDir: string): Promise<ModelProvider> {
  return createOfflineProvider({ tickets: await loadTickets(ticketsDir) });
}
