import { couldNotCreate, HttpError, notFound } from './http-error.js';
import type { FakeChatwootStore } from './model.js';
import { optionalString, toInt, unwrap } from './params.js';
import type { FakeRoute, RouteContext } from './route-types.js';

/**
 * Chatwoot's Help Center account API (OSS, v4.15.1; /work/shared/chatwoot/NEXT.md §1.4): portals addressed by slug,
 * categories, articles listed 25 a page newest `updated_at` first with every status unless `status` is given, and
 * `meta` counts over the locale. Tests drive it through `helpCenterOf(store)` (add, update, unpublish, delete).
 */

export type ArticleStatus = 'draft' | 'published' | 'archived';
const STATUSES: ArticleStatus[] = ['draft', 'published', 'archived'];

export interface FakePortal {
  id: number;
  name: string;
  slug: string;
  custom_domain: string | null;
  allowed_locales: string[];
  default_locale: string;
}
export interface FakeCategory {
  id: number;
  portal_id: number;
  name: string;
  slug: string;
  locale: string;
}
export interface FakeArticle {
  id: number;
  portal_id: number;
  title: string;
  slug: string;
  content: string;
  description: string | null;
  status: ArticleStatus;
  locale: string;
  category_id: number | null;
  author_id: number;
  associated_article_id: number | null;
  updated_at: number;
}

export const ARTICLES_PER_PAGE = 25;

export class FakeHelpCenter {
  portals: FakePortal[] = [];
  categories: FakeCategory[] = [];
  articles: FakeArticle[] = [];
  private ids = { portal: 1, category: 1, article: 1 };
  private clock = 0;

  /** Unix seconds that always move forward, so every change sorts after the previous one. */
  tick(): number {
    this.clock = Math.max(Math.floor(Date.now() / 1000), this.clock + 1);
    return this.clock;
  }

  addPortal(input: { name: string; slug: string; locales?: string[]; customDomain?: string | null }): FakePortal {
    if (this.portals.some((p) => p.slug === input.slug)) throw couldNotCreate('Slug has already been taken');
    const locales = input.locales ?? ['en'];
    const portal: FakePortal = { id: this.ids.portal++, name: input.name, slug: input.slug, custom_domain: input.customDomain ?? null, allowed_locales: locales, default_locale: locales[0]! };
    this.portals.push(portal);
    return portal;
  }

  addCategory(portal: FakePortal, input: { name: string; slug?: string; locale?: string }): FakeCategory {
    const category: FakeCategory = {
      id: this.ids.category++,
      portal_id: portal.id,
      name: input.name,
      slug: input.slug ?? input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      locale: input.locale ?? portal.default_locale,
    };
    this.categories.push(category);
    return category;
  }

  addArticle(
    portal: FakePortal,
    input: { title: string; content: string; slug?: string; status?: ArticleStatus; locale?: string; categoryId?: number | null; authorId?: number; associatedArticleId?: number | null; description?: string | null },
  ): FakeArticle {
    const category = input.categoryId ? this.categories.find((c) => c.id === input.categoryId) : undefined;
    const slug = input.slug ?? `${this.tick()}-${input.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
    if (this.articles.some((a) => a.slug === slug)) throw new HttpError(422, { message: 'Slug has already been taken', attributes: ['slug'] });
    const article: FakeArticle = {
      id: this.ids.article++,
      portal_id: portal.id,
      title: input.title,
      slug,
      content: input.content,
      description: input.description ?? null,
      status: input.status ?? 'draft',
      // Chatwoot forces the locale to the category's.
      locale: category?.locale ?? input.locale ?? portal.default_locale,
      category_id: category?.id ?? null,
      author_id: input.authorId ?? 1,
      associated_article_id: input.associatedArticleId ?? null,
      updated_at: this.tick(),
    };
    this.articles.push(article);
    return article;
  }

  updateArticle(id: number, changes: Partial<Pick<FakeArticle, 'title' | 'content' | 'status' | 'slug' | 'description' | 'category_id'>>): FakeArticle {
    const article = this.articles.find((a) => a.id === id);
    if (!article) throw notFound();
    Object.assign(article, changes, { updated_at: this.tick() });
    if (changes.category_id) article.locale = this.categories.find((c) => c.id === changes.category_id)?.locale ?? article.locale;
    return article;
  }

  /** Deleting leaves no trace in the API (no webhook, no tombstone), as in Chatwoot. */
  deleteArticle(id: number): void {
    this.articles = this.articles.filter((a) => a.id !== id);
  }

  portalBySlug(slug: string): FakePortal {
    const portal = this.portals.find((p) => p.slug === slug);
    if (!portal) throw notFound();
    return portal;
  }
}

const stores = new WeakMap<FakeChatwootStore, FakeHelpCenter>();
export function helpCenterOf(store: FakeChatwootStore): FakeHelpCenter {
  let hc = stores.get(store);
  if (!hc) stores.set(store, (hc = new FakeHelpCenter()));
  return hc;
}

function portalJson(p: FakePortal) {
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    custom_domain: p.custom_domain,
    archived: false,
    color: '#1f93ff',
    header_text: null,
    homepage_link: null,
    page_title: p.name,
    account_id: 1,
    config: { allowed_locales: p.allowed_locales.map((code) => ({ code, articles_count: 0, categories_count: 0, draft: false })), default_locale: p.default_locale },
    meta: { all_articles_count: 0, archived_articles_count: 0, published_count: 0, draft_articles_count: 0, categories_count: 0, default_locale: p.default_locale },
  };
}

function categoryJson(hc: FakeHelpCenter, c: FakeCategory | undefined) {
  return c
    ? { id: c.id, name: c.name, slug: c.slug, locale: c.locale, icon: null, icon_color: null }
    : { id: null, name: null, slug: null, locale: null, icon: null, icon_color: null };
}

function articleJson(hc: FakeHelpCenter, a: FakeArticle) {
  return {
    id: a.id,
    slug: a.slug,
    title: a.title,
    content: a.content,
    description: a.description,
    status: a.status,
    position: a.id,
    account_id: 1,
    updated_at: a.updated_at,
    meta: { title: a.title, description: a.description, tags: [] },
    category: categoryJson(
      hc,
      hc.categories.find((c) => c.id === a.category_id),
    ),
    views: 0,
    associated_article_id: a.associated_article_id,
    associated_articles: [],
  };
}

const hcOf = (ctx: RouteContext) => helpCenterOf(ctx.store);

export const helpCenterRoutes: FakeRoute[] = [
  {
    name: 'listPortals',
    method: 'GET',
    path: '/portals',
    handle: (ctx) => ({ status: 200, body: { payload: hcOf(ctx).portals.map(portalJson), meta: { current_page: 1, portals_count: hcOf(ctx).portals.length } } }),
  },
  {
    name: 'createPortal',
    method: 'POST',
    path: '/portals',
    adminOnly: true,
    handle: (ctx) => {
      const input = unwrap(ctx.body, 'portal');
      const name = optionalString(input.name);
      const slug = optionalString(input.slug);
      if (!name || !slug) throw new HttpError(422, { message: "Name can't be blank, Slug can't be blank", attributes: ['name', 'slug'] });
      const config = (input.config ?? {}) as { allowed_locales?: string[] };
      return { status: 200, body: portalJson(hcOf(ctx).addPortal({ name, slug, locales: config.allowed_locales, customDomain: optionalString(input.custom_domain) ?? null })) };
    },
  },
  {
    name: 'listPortalCategories',
    method: 'GET',
    path: '/portals/{id}/categories',
    handle: (ctx) => {
      const hc = hcOf(ctx);
      const portal = hc.portalBySlug(ctx.params.id!);
      const locale = ctx.query.get('locale');
      const list = hc.categories.filter((c) => c.portal_id === portal.id && (!locale || c.locale === locale));
      return { status: 200, body: { payload: list.map((c) => ({ ...categoryJson(hc, c), description: null, position: c.id, account_id: 1, meta: { articles_count: 0 } })), meta: { current_page: 1, categories_count: list.length } } };
    },
  },
  {
    name: 'createPortalCategory',
    method: 'POST',
    path: '/portals/{id}/categories',
    adminOnly: true,
    handle: (ctx) => {
      const hc = hcOf(ctx);
      const portal = hc.portalBySlug(ctx.params.id!);
      const input = unwrap(ctx.body, 'category');
      const name = optionalString(input.name);
      if (!name) throw new HttpError(422, { message: "Name can't be blank", attributes: ['name'] });
      const c = hc.addCategory(portal, { name, slug: optionalString(input.slug), locale: optionalString(input.locale) });
      return { status: 200, body: { payload: categoryJson(hc, c) } };
    },
  },
  {
    name: 'listPortalArticles',
    method: 'GET',
    path: '/portals/{id}/articles',
    handle: (ctx) => {
      const hc = hcOf(ctx);
      const portal = hc.portalBySlug(ctx.params.id!);
      const locale = ctx.query.get('locale');
      const statusParam = ctx.query.get('status');
      const status = statusParam === null ? null : /^\d$/.test(statusParam) ? STATUSES[Number(statusParam)] : statusParam;
      const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
      const inLocale = hc.articles.filter((a) => a.portal_id === portal.id && (!locale || a.locale === locale));
      const list = inLocale.filter((a) => !status || a.status === status).sort((a, b) => b.updated_at - a.updated_at || b.id - a.id);
      const slice = list.slice((page - 1) * ARTICLES_PER_PAGE, page * ARTICLES_PER_PAGE);
      const count = (s: ArticleStatus) => inLocale.filter((a) => a.status === s).length;
      return {
        status: 200,
        body: {
          payload: slice.map((a) => articleJson(hc, a)),
          meta: {
            all_articles_count: inLocale.length,
            archived_articles_count: count('archived'),
            articles_count: list.length,
            current_page: page,
            draft_articles_count: count('draft'),
            mine_articles_count: inLocale.filter((a) => a.author_id === ctx.caller.id).length,
            published_count: count('published'),
          },
        },
      };
    },
  },
  {
    name: 'createPortalArticle',
    method: 'POST',
    path: '/portals/{id}/articles',
    adminOnly: true,
    handle: (ctx) => {
      const hc = hcOf(ctx);
      const portal = hc.portalBySlug(ctx.params.id!);
      const input = unwrap(ctx.body, 'article');
      if (input.author_id === undefined || input.author_id === null) throw new HttpError(422, { message: 'Author must exist', attributes: ['author'] });
      const title = optionalString(input.title);
      if (!title) throw new HttpError(422, { message: "Title can't be blank", attributes: ['title'] });
      const status = (optionalString(input.status) ?? 'draft') as ArticleStatus;
      if (!STATUSES.includes(status)) throw new HttpError(422, { message: `'${status}' is not a valid status`, attributes: ['status'] });
      const a = hc.addArticle(portal, {
        title,
        content: optionalString(input.content) ?? '',
        slug: optionalString(input.slug),
        status,
        locale: optionalString(input.locale),
        categoryId: input.category_id === undefined || input.category_id === null ? null : toInt(input.category_id, 'category_id'),
        authorId: toInt(input.author_id, 'author_id'),
        associatedArticleId: input.associated_article_id ? toInt(input.associated_article_id, 'associated_article_id') : null,
        description: optionalString(input.description) ?? null,
      });
      return { status: 200, body: { payload: articleJson(hc, a) } };
    },
  },
  {
    name: 'updatePortalArticle',
    method: 'PATCH',
    path: '/portals/{id}/articles/{article_id}',
    adminOnly: true,
    handle: (ctx) => {
      const hc = hcOf(ctx);
      const portal = hc.portalBySlug(ctx.params.id!);
      const id = toInt(ctx.params.article_id, 'article_id');
      if (!hc.articles.some((a) => a.id === id && a.portal_id === portal.id)) throw notFound();
      const input = unwrap(ctx.body, 'article');
      const changes: Parameters<FakeHelpCenter['updateArticle']>[1] = {};
      for (const k of ['title', 'content', 'slug', 'description'] as const) if (input[k] !== undefined) changes[k] = String(input[k]);
      if (input.status !== undefined) {
        const s = String(input.status) as ArticleStatus;
        if (!STATUSES.includes(s)) throw new HttpError(422, { message: `'${s}' is not a valid status`, attributes: ['status'] });
        changes.status = s;
      }
      if (input.category_id !== undefined && input.category_id !== null) changes.category_id = toInt(input.category_id, 'category_id');
      return { status: 200, body: { payload: articleJson(hc, hc.updateArticle(id, changes)) } };
    },
  },
];
