import { ARTICLES_PER_PAGE, type HelpCenterArticle, type HelpCenterClient, type Portal } from '../chatwoot/help-center-client.js';
import { normaliseLocale } from './language.js';
import { articleUrl } from './public-url.js';
import type { KnowledgeArticle } from './types.js';

/** Hard stop for a runaway pagination (40 000 articles per locale). */
const MAX_PAGES = 1600;

/** A Chatwoot article as a knowledge article; null when it is not published or has no content. Pure. */
export function toKnowledgeArticle(a: HelpCenterArticle, ctx: { portalSlug: string; base: string; locale: string }): KnowledgeArticle | null {
  if (a.status !== 'published' || !a.content?.trim()) return null;
  return {
    key: `cw:${a.id}`,
    source: 'chatwoot',
    groupKey: `cw-group:${a.associated_article_id ?? a.id}`,
    slug: a.slug,
    title: a.title,
    url: articleUrl(ctx.base, ctx.portalSlug, a.slug),
    // Chatwoot has no top-level locale: the category's, else the locale the list was filtered by.
    locale: normaliseLocale(a.category?.locale ?? ctx.locale),
    category: a.category?.name ?? null,
    content: a.content,
    updatedAt: typeof a.updated_at === 'number' ? a.updated_at : 0,
  };
}

export interface LocaleChanges {
  /** Articles changed since the watermark (every status: an unpublished article is a change too). */
  changed: HelpCenterArticle[];
  /** Chatwoot's count of published articles in the locale (from the list's meta), when it sent one. */
  publishedCount: number | null;
}

/**
 * The articles of one locale changed at or after `since` (unix seconds), newest first: pages are read until
 * an article older than `since` appears (Chatwoot orders the list by updated_at DESC). `since` null = all.
 */
export async function changedArticles(client: HelpCenterClient, portal: Portal, locale: string, since: number | null): Promise<LocaleChanges> {
  const changed: HelpCenterArticle[] = [];
  let publishedCount: number | null = null;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await client.listArticles(portal.slug, { locale, page });
    if (page === 1) publishedCount = res.meta?.published_count ?? null;
    let older = false;
    for (const a of res.payload) {
      const updated = typeof a.updated_at === 'number' ? a.updated_at : 0;
      if (since !== null && updated < since) {
        older = true;
        break;
      }
      changed.push(a);
    }
    if (older || res.payload.length < ARTICLES_PER_PAGE) break;
  }
  return { changed, publishedCount };
}

/** Every published article of one locale (a full pass, used to notice deletions). */
export async function publishedArticles(client: HelpCenterClient, portal: Portal, locale: string): Promise<HelpCenterArticle[]> {
  const all: HelpCenterArticle[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await client.listArticles(portal.slug, { locale, page, status: 'published' });
    all.push(...res.payload.filter((a) => a.status === 'published'));
    if (res.payload.length < ARTICLES_PER_PAGE) break;
  }
  return all;
}
