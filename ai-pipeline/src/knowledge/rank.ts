import type { PassageHit } from './index-store.js';
import type { Retrieval, RetrievedArticle, RetrievedPassage } from './types.js';

export interface RankOptions {
  /** Articles whose best passage scores below this are not relevant (KNOWLEDGE_MIN_SCORE). */
  minScore: number;
  /** The passages handed to the draft stay under this many characters (~1,500 tokens at 4 characters a token). */
  maxPassageChars: number;
  /** At most this many passages go to the draft. */
  maxPassages: number;
}

/** The threshold was tuned on help-center/eval/retrieval-set.jsonl (`npm run eval -- --retrieval`). */
export const DEFAULT_MIN_SCORE = 0.42;
export const DEFAULT_RANK_OPTIONS: RankOptions = { minScore: DEFAULT_MIN_SCORE, maxPassageChars: 6000, maxPassages: 6 };

/**
 * A passage's relevance in 0..1 from Postgres' figures: the ts_rank of the ticket's OR-query (title words
 * weigh most; scaled up for long queries, whose OR-rank Postgres divides by the query size), squashed, times how many of the query's distinct stems the passage contains. A long ticket
 * that shares one common word with a passage stays low; a short question whose words are all in a title
 * scores high. One shared word is no evidence: a passage must contain two of the query's stems (or the only one). Pure.
 */
export function passageScore(hit: Pick<PassageHit, 'rank' | 'matched' | 'queryTerms'>): number {
  if (hit.matched < Math.min(2, hit.queryTerms)) return 0;
  // ts_rank of an OR-query shrinks as the query grows; a long email about one topic should not lose to a one-liner.
  const lengthFair = hit.rank * Math.sqrt(Math.max(1, hit.queryTerms / 8));
  const rank = lengthFair / (lengthFair + 0.05);
  const evidence = 1 - Math.exp(-hit.matched / 2.5);
  return Math.round(rank * evidence * 1000) / 1000;
}

interface Scored extends PassageHit {
  score: number;
  native: boolean;
}

/**
 * Merges the hits of the customer's-language query (`native`) and the English-translation query, keeps one
 * article per translation group (the customer's locale when it is relevant, else the best), applies the
 * threshold and picks the passages for the draft within the budget. Pure.
 */
export function rankHits(native: PassageHit[], english: PassageHit[], opts: RankOptions = DEFAULT_RANK_OPTIONS): Retrieval {
  const scored: Scored[] = [
    ...native.map((h) => ({ ...h, score: passageScore(h), native: true })),
    ...english.map((h) => ({ ...h, score: passageScore(h), native: false })),
  ].filter((h) => h.score >= opts.minScore);

  // Best passage per article, then one article per translation group.
  const bestByArticle = new Map<string, Scored>();
  for (const h of scored) {
    const cur = bestByArticle.get(h.articleKey);
    if (!cur || h.score > cur.score) bestByArticle.set(h.articleKey, h);
  }
  const byGroup = new Map<string, Scored>();
  for (const h of bestByArticle.values()) {
    const cur = byGroup.get(h.groupKey);
    // The customer's own language wins over a translation whenever it is relevant at all.
    if (!cur || (h.native && !cur.native) || (h.native === cur.native && h.score > cur.score)) byGroup.set(h.groupKey, h);
  }
  // The group's score is its best score in any language, so a strong English match lifts its German twin.
  const groupScore = (g: string) => Math.max(...[...bestByArticle.values()].filter((h) => h.groupKey === g).map((h) => h.score));
  const chosen = [...byGroup.entries()]
    .map(([g, h]) => ({ hit: h, score: groupScore(g) }))
    .sort((a, b) => b.score - a.score || a.hit.articleKey.localeCompare(b.hit.articleKey));

  const articles: RetrievedArticle[] = chosen.map(({ hit, score }) => ({ articleKey: hit.articleKey, slug: hit.slug, title: hit.title, url: hit.url, locale: hit.locale, score }));
  const chosenKeys = new Set(articles.map((a) => a.articleKey));

  const passages: RetrievedPassage[] = [];
  let budget = opts.maxPassageChars;
  const candidates = scored
    .filter((h) => chosenKeys.has(h.articleKey))
    .sort((a, b) => {
      const ra = articles.findIndex((x) => x.articleKey === a.articleKey);
      const rb = articles.findIndex((x) => x.articleKey === b.articleKey);
      return ra - rb || b.score - a.score || a.position - b.position;
    });
  const seen = new Set<string>();
  for (const h of candidates) {
    const id = `${h.articleKey}#${h.position}`;
    if (seen.has(id) || passages.length >= opts.maxPassages) continue;
    const cost = h.title.length + h.heading.length + h.body.length + 40;
    if (cost > budget) continue;
    seen.add(id);
    budget -= cost;
    passages.push({
      id: `A${passages.length + 1}`,
      articleKey: h.articleKey,
      title: h.title,
      heading: h.heading,
      url: h.url,
      locale: h.locale,
      body: h.body,
      score: h.score,
    });
  }
  return { passages, articles, matched: articles.length > 0 };
}
