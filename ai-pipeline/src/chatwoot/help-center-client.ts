import { z } from 'zod';
import { requestParsed, type ChatwootHttp } from './http.js';

/**
 * Chatwoot Help Center (OSS) over the one transport: portals, categories and articles of the account API
 * (see /work/shared/chatwoot/NEXT.md §1.4). The portal is addressed by its slug. Answers are zod-checked;
 * unknown extra fields are kept.
 */

const localeEntry = z.union([z.string(), z.looseObject({ code: z.string() })]);

export const portalSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  slug: z.string(),
  custom_domain: z.string().nullish(),
  archived: z.boolean().nullish(),
  config: z
    .looseObject({
      allowed_locales: z.array(localeEntry).nullish(),
      default_locale: z.string().nullish(),
    })
    .nullish(),
});
export type Portal = z.infer<typeof portalSchema>;

export const categorySchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  slug: z.string(),
  locale: z.string().nullish(),
});
export type HelpCenterCategory = z.infer<typeof categorySchema>;

export const ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const;
const statusSchema = z.union([z.enum(ARTICLE_STATUSES), z.number().int().min(0).max(2).transform((n) => ARTICLE_STATUSES[n]!)]);

export const articleSchema = z.looseObject({
  id: z.number().int(),
  slug: z.string(),
  title: z.string(),
  content: z.string().nullish(),
  description: z.string().nullish(),
  status: statusSchema,
  updated_at: z.union([z.number(), z.string().transform((s) => Math.floor(Date.parse(s) / 1000))]),
  category: z.looseObject({ id: z.number().int().nullish(), name: z.string().nullish(), slug: z.string().nullish(), locale: z.string().nullish() }).nullish(),
  associated_article_id: z.number().int().nullish(),
});
export type HelpCenterArticle = z.infer<typeof articleSchema>;

const portalList = z.looseObject({ payload: z.array(portalSchema) });
const categoryList = z.looseObject({ payload: z.array(categorySchema) });
const articlePage = z.looseObject({
  payload: z.array(articleSchema),
  meta: z.looseObject({ published_count: z.number().int().nullish(), articles_count: z.number().int().nullish(), current_page: z.coerce.number().nullish() }).nullish(),
});
export type ArticlePage = z.infer<typeof articlePage>;
const articleEnvelope = z.looseObject({ payload: articleSchema });
const created = z.looseObject({ id: z.number().int() });

/** Chatwoot's page size for the article list (Kaminari default). */
export const ARTICLES_PER_PAGE = 25;

export function localeCodes(portal: Portal): string[] {
  const list = (portal.config?.allowed_locales ?? []).map((l) => (typeof l === 'string' ? l : l.code));
  const fallback = portal.config?.default_locale ?? 'en';
  return [...new Set(list.length ? list : [fallback])];
}

export class HelpCenterClient {
  constructor(private readonly http: ChatwootHttp) {}

  async listPortals(): Promise<Portal[]> {
    return (await requestParsed(this.http, 'listPortals', portalList)).payload;
  }

  async findPortal(slug: string): Promise<Portal | undefined> {
    return (await this.listPortals()).find((p) => p.slug === slug);
  }

  async listCategories(portalSlug: string, locale: string): Promise<HelpCenterCategory[]> {
    return (await requestParsed(this.http, 'listPortalCategories', categoryList, { params: { id: portalSlug }, query: { locale } })).payload;
  }

  /** One page of articles, newest `updated_at` first (Chatwoot's order without `category_slug`). */
  listArticles(portalSlug: string, query: { locale: string; page: number; status?: (typeof ARTICLE_STATUSES)[number] }): Promise<ArticlePage> {
    return requestParsed(this.http, 'listPortalArticles', articlePage, { params: { id: portalSlug }, query });
  }

  async createPortal(body: Record<string, unknown>): Promise<number> {
    return (await requestParsed(this.http, 'createPortal', created, { body: { portal: body } })).id;
  }

  async createCategory(portalSlug: string, body: Record<string, unknown>): Promise<number> {
    const r = await requestParsed(this.http, 'createPortalCategory', z.union([z.looseObject({ payload: created }), created]), {
      params: { id: portalSlug },
      body: { category: body },
    });
    return 'payload' in r ? (r.payload as { id: number }).id : r.id;
  }

  async createArticle(portalSlug: string, body: Record<string, unknown>): Promise<HelpCenterArticle> {
    return (await requestParsed(this.http, 'createPortalArticle', articleEnvelope, { params: { id: portalSlug }, body: { article: body } })).payload;
  }

  async updateArticle(portalSlug: string, articleId: number, body: Record<string, unknown>): Promise<HelpCenterArticle> {
    return (
      await requestParsed(this.http, 'updatePortalArticle', articleEnvelope, { params: { id: portalSlug, article_id: articleId }, body: { article: body } })
    ).payload;
  }
}
