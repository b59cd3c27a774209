import type { Logger } from 'pino';
import type pg from 'pg';
import { runAlone } from '../store/advisory-lock.js';
import { HelpCenterClient } from '../chatwoot/help-center-client.js';
import type { ChatwootHttp } from '../chatwoot/http.js';
import type { Config } from '../config/config.js';
import { resolveUserPath } from '../config/paths.js';
import { KnowledgeIndex } from './index-store.js';
import { DEFAULT_RANK_OPTIONS, type RankOptions } from './rank.js';
import { retrieve, type RetrievalQuery } from './retrieve.js';
import { KnowledgeSync } from './sync.js';
import type { DraftArticle } from '../model/provider.js';
import { EMPTY_RETRIEVAL, type Retrieval } from './types.js';

export type { Retrieval, RetrievedArticle, RetrievedPassage } from './types.js';
export type { RetrievalQuery } from './retrieve.js';

/** The help center as the jobs see it: retrieval over an index that a background sync keeps fresh. */
export interface KnowledgeBase {
  readonly index: KnowledgeIndex;
  readonly sync: KnowledgeSync;
  readonly options: RankOptions;
  retrieve(query: RetrievalQuery): Promise<Retrieval>;
}

/** The knowledge base for the configured sources (HELP_CENTER_PORTAL and/or KNOWLEDGE_DIR), or null when neither is set. */
export function createKnowledgeBase(config: Config, pool: pg.Pool, http: ChatwootHttp, logger: Logger): KnowledgeBase | null {
  if (!config.HELP_CENTER_PORTAL && !config.KNOWLEDGE_DIR) return null;
  const index = new KnowledgeIndex(pool);
  const sync = new KnowledgeSync(index, {
    chatwoot: config.HELP_CENTER_PORTAL
      ? {
          client: new HelpCenterClient(http),
          portalSlug: config.HELP_CENTER_PORTAL,
          helpCenterBaseUrl: config.HELP_CENTER_BASE_URL,
          chatwootBaseUrl: config.CHATWOOT_BASE_URL,
        }
      : null,
    dir: config.KNOWLEDGE_DIR ? resolveUserPath(config.KNOWLEDGE_DIR) : null,
    logger,
    alone: (sync) => runAlone(pool, 'triage.knowledge-sync', sync),
  });
  const options: RankOptions = { ...DEFAULT_RANK_OPTIONS, minScore: config.KNOWLEDGE_MIN_SCORE };
  return { index, sync, options, retrieve: (q) => retrieve(index, q, options) };
}

/**
 * The triage/follow-up step: the passages for this ticket, or null when no help center is configured.
 * A failing index never fails the job: the result says the help center was unavailable.
 */
export async function retrieveForDraft(kb: KnowledgeBase | null | undefined, query: RetrievalQuery, logger: Logger): Promise<Retrieval | null> {
  if (!kb) return null;
  try {
    return await kb.retrieve(query);
  } catch (e) {
    logger.warn({ err: (e as Error).message }, 'help-center retrieval failed; drafting without articles');
    return { ...EMPTY_RETRIEVAL, unavailable: (e as Error).message.slice(0, 200) };
  }
}

/** The passages as the draft step receives them. */
export function draftArticles(r: Retrieval | null | undefined): DraftArticle[] | undefined {
  return r ? r.passages.map(({ id, title, heading, url, locale, body }) => ({ id, title, heading, url, locale, body })) : undefined;
}

/** Every URL retrieval offered, so the unsupported-link check accepts a draft that cites them. */
export function articleUrls(r: Retrieval | null | undefined): string[] {
  return r ? [...new Set([...r.passages.map((p) => p.url), ...r.articles.map((a) => a.url)])] : [];
}

/** What the triage record keeps: which articles were offered and used, and whether the question is undocumented. */
export function knowledgeSummary(r: Retrieval | null | undefined, usedIds: string[] = []): { knowledge: object | null; undocumented: boolean | null } {
  if (!r) return { knowledge: null, undocumented: null };
  const used = new Set(usedIds);
  return {
    knowledge: {
      matched: r.matched,
      unavailable: r.unavailable ?? null,
      articles: r.articles.map((a) => ({ url: a.url, score: a.score })),
      used: [...new Set(r.passages.filter((p) => used.has(p.id)).map((p) => p.url))],
    },
    undocumented: r.unavailable ? null : !r.matched,
  };
}

/** The URLs of the articles whose passages the draft used (for the auto-reply note). */
export function usedArticleUrls(r: Retrieval | null | undefined, usedIds: string[]): string[] {
  if (!r) return [];
  const used = new Set(usedIds);
  return [...new Set(r.passages.filter((p) => used.has(p.id)).map((p) => p.url))];
}
