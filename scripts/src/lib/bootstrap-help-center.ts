import type { AdminClient } from '../../../ai-pipeline/src/chatwoot/admin-client.js';
import { localeCodes, type HelpCenterArticle, type HelpCenterClient } from '../../../ai-pipeline/src/chatwoot/help-center-client.js';
import { loadKnowledgeDir } from '../../../ai-pipeline/src/knowledge/dir-source.js';
import type { KnowledgeArticle } from '../../../ai-pipeline/src/knowledge/types.js';

export interface HelpCenterPlan {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface HelpCenterOptions {
  client: HelpCenterClient;
  admin: AdminClient;
  dir: string;
  portalSlug: string;
  portalName: string;
  dryRun: boolean;
  log: (line: string) => void;
}

const ARTICLE_PAGE = 25;

async function allArticles(client: HelpCenterClient, portalSlug: string, locale: string): Promise<HelpCenterArticle[]> {
  const out: HelpCenterArticle[] = [];
  for (let page = 1; page < 1000; page++) {
    const res = await client.listArticles(portalSlug, { locale, page });
    out.push(...res.payload);
    if (res.payload.length < ARTICLE_PAGE) break;
  }
  return out;
}

/**
 * Creates the portal, its categories and the Markdown articles of `dir` in Chatwoot's Help Center, published.
 * Idempotent: articles are matched by slug (the file name) and updated only when their title or content changed;
 * translations (same front matter `group`) are linked to the English article. `dryRun` reads and plans only.
 */
export async function bootstrapHelpCenter(o: HelpCenterOptions): Promise<HelpCenterPlan> {
  const plan: HelpCenterPlan = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  const articles = await loadKnowledgeDir(o.dir, (e) => {
    plan.failed++;
    o.log(`  ✗ ${e.message}`);
  });
  // English first, so translations can point at their root article.
  articles.sort((a, b) => Number(b.locale === 'en') - Number(a.locale === 'en') || a.slug.localeCompare(b.slug));
  const locales = [...new Set(articles.map((a) => a.locale))].sort();
  o.log(`help center: ${articles.length} articles in ${locales.join(', ')} from ${o.dir} → portal "${o.portalSlug}"`);

  let portal = await o.client.findPortal(o.portalSlug);
  if (!portal) {
    o.log(`  + portal ${o.portalSlug}${o.dryRun ? ' (would create)' : ''}`);
    if (o.dryRun) {
      plan.created += articles.length;
      return plan;
    }
    await o.client.createPortal({ name: o.portalName, slug: o.portalSlug, config: { allowed_locales: locales, default_locale: locales.includes('en') ? 'en' : locales[0] } });
    portal = await o.client.findPortal(o.portalSlug);
    if (!portal) throw new Error(`portal ${o.portalSlug} was created but is not listed`);
  }
  const missingLocales = locales.filter((l) => !localeCodes(portal!).includes(l));
  if (missingLocales.length) o.log(`  ! the portal does not allow ${missingLocales.join(', ')}: add them in Chatwoot (Help Center → Settings → Locales)`);

  const admins = (await o.admin.listAgents()).filter((a) => a.role === 'administrator');
  const authorId = admins[0]?.id;
  if (authorId === undefined) throw new Error('no administrator found to be the articles’ author');

  const categories = new Map<string, number>();
  const existing = new Map<string, HelpCenterArticle>();
  for (const locale of locales) {
    for (const c of await o.client.listCategories(portal.slug, locale)) categories.set(`${locale}/${c.name}`, c.id);
    for (const a of await allArticles(o.client, portal.slug, locale)) existing.set(a.slug, a);
  }
  const roots = new Map<string, number>();
  for (const a of articles) {
    try {
      await upsertArticle(o, portal.slug, a, { authorId, categories, existing, roots, plan });
    } catch (e) {
      plan.failed++;
      o.log(`  ✗ ${a.slug}: ${(e as Error).message}`);
    }
  }
  return plan;
}

async function upsertArticle(
  o: HelpCenterOptions,
  portalSlug: string,
  a: KnowledgeArticle,
  s: { authorId: number; categories: Map<string, number>; existing: Map<string, HelpCenterArticle>; roots: Map<string, number>; plan: HelpCenterPlan },
): Promise<void> {
  let categoryId: number | undefined;
  if (a.category) {
    const key = `${a.locale}/${a.category}`;
    categoryId = s.categories.get(key);
    if (categoryId === undefined && !o.dryRun) {
      categoryId = await o.client.createCategory(portalSlug, { name: a.category, locale: a.locale, slug: `${a.locale}-${a.category.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` });
      s.categories.set(key, categoryId);
      o.log(`  + category ${key}`);
    }
  }
  const found = s.existing.get(a.slug);
  const root = s.roots.get(a.groupKey);
  if (found) {
    if (a.locale === 'en') s.roots.set(a.groupKey, found.id);
    if (found.title === a.title && (found.content ?? '').trim() === a.content.trim() && found.status === 'published') {
      s.plan.unchanged++;
      return;
    }
    o.log(`  ~ ${a.slug}${o.dryRun ? ' (would update)' : ''}`);
    s.plan.updated++;
    if (!o.dryRun) await o.client.updateArticle(portalSlug, found.id, { title: a.title, content: a.content, status: 'published' });
    return;
  }
  o.log(`  + ${a.slug} (${a.locale})${o.dryRun ? ' (would create)' : ''}`);
  s.plan.created++;
  if (o.dryRun) return;
  const created = await o.client.createArticle(portalSlug, {
    title: a.title,
    slug: a.slug,
    content: a.content,
    status: 'published',
    locale: a.locale,
    author_id: s.authorId,
    ...(categoryId !== undefined ? { category_id: categoryId } : {}),
    ...(root !== undefined && a.locale !== 'en' ? { associated_article_id: root } : {}),
  });
  if (a.locale === 'en') s.roots.set(a.groupKey, created.id);
}
