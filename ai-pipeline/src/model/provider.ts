import type { Category, Priority } from '../triage/categories.js';

/** What the analysis step sees: the customer's own new text (quotes and signatures already removed). */
export interface AnalysisInput {
  subject: string | null;
  text: string;
  /** ISO 639-1 code from local detection, or 'unknown'. */
  language: string;
}

/** Validated model output of the analysis step. Data only: actions are decided elsewhere. */
export interface Analysis {
  /** English translation of the customer's text; the original when already English; null when unavailable (offline). */
  translation: string | null;
  category: Category;
  priority: Priority;
  /** 0..1, how sure the provider is of the category. */
  confidence: number;
  /** One line, English. */
  summary: string;
}

export interface ThreadMessage {
  from: 'customer' | 'agent';
  text: string;
}

/** What the draft step sees. */
export interface DraftInput {
  language: string;
  customerText: string;
  /**
   * The customer's own words, when they differ from customerText (a forward: its cover note only), for the reply's
   * address form; absent = customerText.
   */
  ownText?: string;
  subject: string | null;
  analysis: Analysis;
  /** Short plain-text facts about the customer from enrichment (may be empty). */
  customerFacts: string;
  contactName: string | null;
  plan: string | null;
  /** The whole thread, oldest first, for follow-up drafts; empty on the first triage. */
  thread: ThreadMessage[];
  /** Help-center passages to answer from (ids `A1`…), best first; absent or empty = none matched or none configured. */
  articles?: DraftArticle[];
}

/** A help-center passage as the draft step sees it. */
export interface DraftArticle {
  id: string;
  title: string;
  heading: string;
  url: string;
  locale: string;
  body: string;
}

/** A draft and, when articles were given, the ids of the passages it used (only ids that were given). */
export type DraftResult = ModelResult<string> & { usedArticleIds?: string[] };

/** What the translate step sees: an agent's reply (any language) and the customer's language. */
export interface TranslateInput {
  text: string;
  /** ISO 639-1 code of the customer's language. */
  targetLanguage: string;
}

/** Validated output of the translate step. */
export interface Translation {
  /** The reply in the target language (formatting, placeholders and product names kept). */
  translation: string;
  /** The translation rendered back into English, for the agent to check. */
  backTranslation: string;
}

export interface Usage {
  calls: number;
  /** Input tokens paid in full (Anthropic's input_tokens: not served from or written to the prompt cache). */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the prompt cache (a tenth of the input price). */
  cacheReadTokens?: number;
  /** Input tokens written to the prompt cache (1.25× the input price). */
  cacheWriteTokens?: number;
}

export interface ModelResult<T> {
  value: T;
  usage: Usage;
}

/** A triage model. The pipeline does not know which one runs. */
export interface ModelProvider {
  /** 'anthropic' or 'offline'. */
  readonly kind: 'anthropic' | 'offline';
  /** Model id written to triage records (e.g. claude-sonnet-4-5, offline-nb-4). */
  readonly model: string;
  analyze(input: AnalysisInput): Promise<ModelResult<Analysis>>;
  draft(input: DraftInput): Promise<DraftResult>;
  /** Translates an agent's reply; providers that cannot translate throw TranslationUnavailableError. */
  translate(input: TranslateInput): Promise<ModelResult<Translation>>;
}

export const NO_USAGE: Usage = { calls: 0, inputTokens: 0, outputTokens: 0 };

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    calls: a.calls + b.calls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: (a.cacheReadTokens ?? 0) + (b.cacheReadTokens ?? 0),
    cacheWriteTokens: (a.cacheWriteTokens ?? 0) + (b.cacheWriteTokens ?? 0),
  };
}

/**
 * A draft that starts with this is not a reply but the reason there is none (e.g. the message is an automatic
 * out-of-office reply); the draft note says so instead of offering text to send.
 */
export const NO_REPLY_DRAFT = '[no reply drafted]';
