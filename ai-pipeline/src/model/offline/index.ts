import { customerText } from '../../chatwoot/customer-text.js';
import { detectLanguage } from '../../language/detect.js';
import { loadTrainingTickets, type Ticket } from '../../tickets/ticket.js';
import { NO_REPLY_DRAFT, NO_USAGE, type Analysis, type AnalysisInput, type DraftInput, type ModelProvider, type ModelResult } from '../provider.js';
import {
  DEFAULT_CLASSIFIER_OPTIONS,
  extractFeatures,
  trainClassifier,
  type ClassifierOptions,
  type LabelledExample,
  type OfflineClassifier,
} from './classifier.js';
import { offlineSummary } from './summary.js';
import { draftTemplate, isAutoReply } from './templates.js';

export const OFFLINE_MODEL_ID = 'offline-nb-1';

// Features of a ticket object do not change: cross-validation trains many models on the same tickets.
const examples = new WeakMap<Ticket, LabelledExample>();

/** A sample ticket as the classifier learns it: the same customer-text extraction and language detection as live traffic. */
export function exampleFromTicket(ticket: Ticket): LabelledExample {
  const cached = examples.get(ticket);
  if (cached) return cached;
  const text = customerText({ content: ticket.body });
  const language = detectLanguage(text, { subject: ticket.subject }).language;
  const example = { features: extractFeatures(ticket.subject, text, language), category: ticket.category, priority: ticket.priority };
  examples.set(ticket, example);
  return example;
}

/** The no-API-key provider: a naive Bayes + lexicon classifier trained in-process on the given tickets, template drafts. */
export function createOfflineProvider(opts: {
  tickets: Ticket[];
  classifier?: Partial<ClassifierOptions>;
  /** Train now instead of at the first analysis (the primary model: training must not block the first webhooks). */
  trainNow?: boolean;
}): ModelProvider {
  // Trained at the first analysis, not at start-up: with Claude as the primary model the offline one is only a
  // fallback and may never be needed (start-up time and memory are then spent on nothing).
  let trained: OfflineClassifier | null = null;
  const classifier = (): OfflineClassifier =>
    (trained ??= trainClassifier(opts.tickets.map(exampleFromTicket), { ...DEFAULT_CLASSIFIER_OPTIONS, ...opts.classifier }));
  if (opts.trainNow) classifier();
  return {
    kind: 'offline',
    model: OFFLINE_MODEL_ID,
    analyze(input: AnalysisInput): Promise<ModelResult<Analysis>> {
      const features = extractFeatures(input.subject, input.text, input.language);
      const result = classifier().classify(features);
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
      if (isAutoReply(input.subject, input.customerText)) {
        const reason = `${NO_REPLY_DRAFT} The message reads as an automatic reply (out-of-office or auto-responder): there is nothing to answer.`;
        return Promise.resolve({ value: reason, usage: { ...NO_USAGE } });
      }
      const text = draftTemplate({
        language: input.language,
        category: input.analysis.category,
        contactName: input.contactName,
        followUp: input.thread.length > 0,
        customerText: input.customerText,
      });
      return Promise.resolve({ value: text, usage: { ...NO_USAGE } });
    },
  };
}

/**
 * Loads the training tickets (a folder of JSON files plus its extra/ folder, or a JSONL file). The model trains on them
 * at once with `trainNow` (the offline model is the primary one), else at its first use (only a fallback to Claude).
 */
export async function loadOfflineProvider(ticketsDir: string, options: { trainNow?: boolean } = {}): Promise<ModelProvider> {
  return createOfflineProvider({ tickets: await loadTrainingTickets(ticketsDir), trainNow: options.trainNow });
}
