import type { KnowledgeIndex } from './index-store.js';
import { normaliseLocale } from './language.js';
import { DEFAULT_RANK_OPTIONS, rankHits, type RankOptions } from './rank.js';
import type { Retrieval } from './types.js';

/** What retrieval needs from a ticket: the customer's own text, its language and the analysis' English translation. */
export interface RetrievalQuery {
  subject: string | null;
  text: string;
  /** ISO 639-1 code of the customer's text, or 'unknown'. */
  language: string;
  /** English translation from the analysis; null offline. */
  translation: string | null;
}

/**
 * Finds the help-center passages for a ticket: the customer's words stemmed in their language against articles
 * in that language, plus the English translation against English articles (so a German ticket finds an
 * English-only article), merged by `rankHits`.
 */
export async function retrieve(index: KnowledgeIndex, query: RetrievalQuery, opts: RankOptions = DEFAULT_RANK_OPTIONS): Promise<Retrieval> {
  const language = normaliseLocale(query.language);
  const own = [query.subject ?? '', query.text].join('\n').trim();
  const translation = query.translation?.trim() || null;
  const nativeLocale = language === 'unknown' ? 'en' : language;
  const [native, english] = await Promise.all([
    index.search(nativeLocale, own),
    nativeLocale !== 'en' && translation ? index.search('en', translation) : Promise.resolve([]),
  ]);
  return rankHits(native, english, opts);
}
