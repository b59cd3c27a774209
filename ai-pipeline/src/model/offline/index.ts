import { customerText } from '../../chatwoot/customer-text.js';
import { detectLanguage } from '../../language/detect.js';
import { loadTrainingSources, type Ticket } from '../../tickets/ticket.js';
import { CATEGORIES, cannotTellCategoriesApart, categoriesWithoutExamples as categoriesWithout, DEFAULT_CATEGORY_DEFINITIONS, sensitiveCategories, type Category, type DefaultCategory } from '../../triage/categories.js';
import { NO_USAGE, type Analysis, type AnalysisInput, type DraftInput, type DraftResult, type ModelProvider, type ModelResult, type Translation } from '../provider.js';
import { TranslationUnavailableError } from '../errors.js';
import {
  DEFAULT_CLASSIFIER_OPTIONS,
  extractFeatures,
  sensitiveChooseAt,
  trainClassifier,
  type ClassifierOptions,
  type LabelledExample,
  type OfflineClassifier,
} from './classifier.js';
import { offlineSummary } from './summary.js';
import { draftTemplate } from './templates.js';
import { OFFLINE_MODEL_ID } from './model-id.js';

export { OFFLINE_MODEL_ID };

// Features of a ticket object do not change: cross-validation trains many models on the same tickets.
const examples = new WeakMap<Ticket, LabelledExample>();

/** A sample ticket as the classifier learns it: the same customer-text extraction and language detection as live traffic. */
export function exampleFromTicket(ticket: Ticket): LabelledExample {
  const cached = examples.get(ticket);
  if (cached) return cached;
  const text = customerText({ content: ticket.body, subject: ticket.subject });
  const language = detectLanguage(text, { subject: ticket.subject }).language;
  const example = { features: extractFeatures(ticket.subject, text, language), category: ticket.category, priority: ticket.priority };
  examples.set(ticket, example);
  return example;
}

/**
 * The highest confidence the offline model gives a category it has no example tickets for, and any category when fewer
 * than two configured categories have example tickets.
 */
export const UNEXAMPLED_CONFIDENCE_CAP = 0.3;

/** The offline provider, plus which configured categories it had no example tickets for. */
export type OfflineProvider = ModelProvider & { readonly categoriesWithoutExamples: readonly Category[] };

const templateCategory = (c: Category): DefaultCategory => ((CATEGORIES as readonly string[]).includes(c) ? (c as DefaultCategory) : 'other');

/**
 * The no-API-key provider: a naive Bayes + lexicon + logistic-regression classifier trained in-process on the tickets whose category is
 * configured (`categories`, default the four built-in ones), template drafts. A configured category without example
 * tickets can still be chosen, but only with a low confidence (at most UNEXAMPLED_CONFIDENCE_CAP); so is every category
 * when fewer than two of them have example tickets.
 */
export function createOfflineProvider(opts: {
  tickets: Ticket[];
  classifier?: Partial<ClassifierOptions>;
  categories?: readonly Category[];
  /**
   * The configured categories marked sensitive (default: the built-in ones, refund-request): the model chooses one as
   * soon as it is likely enough (SENSITIVE_CHOOSE_AT), since missing one costs more than a label an agent removes.
   */
  sensitive?: readonly Category[];
  /** Train now instead of at the first analysis (the primary model: training must not block the first webhooks). */
  trainNow?: boolean;
}): OfflineProvider {
  const categories = opts.categories ?? CATEGORIES;
  const sensitive = configuredSensitive(opts.sensitive, categories);
  const tickets = ticketsOf(opts.tickets, categories);
  const categoriesWithoutExamples = categoriesWithout(categories, tickets);
  // With examples for fewer than two configured categories the classifier cannot tell categories apart (one trained
  // class answers every ticket with confidence 1, e.g. a team's own categories beside the sample tickets' "other"):
  // then every answer gets the low confidence of an unexampled category, so nothing is auto-assigned on it.
  const cannotTellApart = cannotTellCategoriesApart(categories, categoriesWithoutExamples);
  const options: ClassifierOptions = { ...DEFAULT_CLASSIFIER_OPTIONS, chooseAt: sensitiveChooseAt(sensitive), ...opts.classifier, categories };
  // Trained at the first analysis, not at start-up, unless `trainNow`: with Claude as the primary model the offline one
  // is only a fallback and may never be needed (start-up time and memory are then spent on nothing).
  // Only `untrained` below is shared with the provider's functions (neither `opts` nor `tickets` is used in a closure
  // here, so no closure context keeps them): once trained, the tickets, and with them their cached features, can go.
  let untrained: readonly Ticket[] | null = tickets;
  let trained: OfflineClassifier | null = null;
  const classifier = (): OfflineClassifier => {
    if (trained === null) {
      trained = trainClassifier((untrained ?? []).map(exampleFromTicket), options);
      untrained = null;
    }
    return trained;
  };
  if (opts.trainNow) classifier();
  return {
    kind: 'offline',
    model: OFFLINE_MODEL_ID,
    categoriesWithoutExamples,
    analyze(input: AnalysisInput): Promise<ModelResult<Analysis>> {
      const features = extractFeatures(input.subject, input.text, input.language);
      const result = classifier().classify(features);
      const analysis: Analysis = {
        translation: null,
        category: result.category,
        priority: result.priority,
        confidence: cannotTellApart || categoriesWithoutExamples.includes(result.category) ? Math.min(result.confidence, UNEXAMPLED_CONFIDENCE_CAP) : result.confidence,
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
        followUp: input.thread.length > 0,
        article,
        // The register (Sie/du, …) from everything the customer wrote: a short follow-up ("Danke!") shows none of its own.
        customerText: [...input.thread.filter((m) => m.from === 'customer').map((m) => m.text), input.customerText].join('\n'),
        // A forward's cover note, not the forwarded mail, says how the customer addresses us.
        ownText: [...input.thread.filter((m) => m.from === 'customer').map((m) => m.text), input.ownText ?? input.customerText].join('\n'),
      });
      return Promise.resolve({ value: text, usage: { ...NO_USAGE }, ...(input.articles ? { usedArticleIds: article ? [article.id] : [] } : {}) });
    },
    translate(): Promise<ModelResult<Translation>> {
      return Promise.reject(new TranslationUnavailableError());
    },
  };
}

function configuredSensitive(sensitive: readonly Category[] | undefined, categories: readonly Category[]): Category[] {
  return (sensitive ?? sensitiveCategories(DEFAULT_CATEGORY_DEFINITIONS)).filter((c) => categories.includes(c));
}

function ticketsOf(tickets: readonly Ticket[], categories: readonly Category[]): Ticket[] {
  return tickets.filter((t) => categories.includes(t.category));
}

/**
 * Loads the training tickets (each path a folder of JSON files plus its extra/ folder, or a JSONL file; several paths
 * are merged) and makes the offline provider for the configured categories. It trains at once with `trainNow` (the
 * offline model is the primary one), else at its first use (only a fallback to Claude).
 */
export async function loadOfflineProvider(
  ticketsDir: string | readonly string[],
  options: { categories?: readonly Category[]; sensitive?: readonly Category[]; trainNow?: boolean } = {},
): Promise<OfflineProvider> {
  const dirs = typeof ticketsDir === 'string' ? [ticketsDir] : ticketsDir;
  const tickets = await loadTrainingSources(dirs);
  return createOfflineProvider({ tickets, categories: options.categories, sensitive: options.sensitive, trainNow: options.trainNow });
}
