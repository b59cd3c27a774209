import type { Logger } from 'pino';
import type { RunAlone } from '../store/advisory-lock.js';
import { localeCodes, type HelpCenterClient } from '../chatwoot/help-center-client.js';
import { changedArticles, publishedArticles, toKnowledgeArticle } from './chatwoot-source.js';
import { loadKnowledgeDir } from './dir-source.js';
import type { KnowledgeIndex } from './index-store.js';
import { normaliseLocale } from './language.js';
import { helpCenterBase } from './public-url.js';

export interface SyncOptions {
  /** Chatwoot Help Center: the client and the portal slug (HELP_CENTER_PORTAL), or null when off. */
  chatwoot: { client: HelpCenterClient; portalSlug: string; helpCenterBaseUrl?: string; chatwootBaseUrl: string } | null;
  /** KNOWLEDGE_DIR, or null when off. */
  dir: string | null;
  logger: Logger;
  /**
   * Runs a sync only when no other process syncs right now (store/advisory-lock.ts: the index is shared in the database,
   * and concurrent upserts of one article collide); { ran: false } when it skipped. Absent: always runs.
   */
  alone?: RunAlone<void>;
}

export interface SyncReport {
  upserted: number;
  removed: number;
  /** Locales that needed a full pass (first sync, or Chatwoot's published count differed from the index). */
  fullPasses: string[];
  errors: string[];
  /** Skipped: another process was syncing the shared index. */
  skipped?: true;
}

/**
 * Keeps the passage index in step with the sources. Chatwoot sends no webhook when an article changes, so the
 * help center is polled: per locale, the articles changed since the last sync (every status, newest first, so an
 * unpublished article is seen and removed); when Chatwoot's count of published articles then differs from the
 * index (an article was deleted), a full pass of the locale removes what is gone. The folder is re-read whole
 * (unchanged files cost one hash comparison each).
 */
export class KnowledgeSync {
  /** Per Chatwoot locale: the newest updated_at seen (unix seconds). Empty = the next sync is a full pass. */
  private readonly watermarks = new Map<string, number>();
  private running: Promise<SyncReport> | null = null;
  private timer: NodeJS.Timeout | null = null;
  lastReport: SyncReport | null = null;

  constructor(
    private readonly index: KnowledgeIndex,
    private readonly opts: SyncOptions,
  ) {}

  /** One sync of every configured source; concurrent calls share the run in progress. Never throws. */
  syncOnce(): Promise<SyncReport> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Syncs now, then every `intervalSeconds`. */
  start(intervalSeconds: number): Promise<SyncReport> {
    this.stop();
    this.timer = setInterval(() => void this.syncOnce(), intervalSeconds * 1000);
    this.timer.unref();
    return this.syncOnce();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async run(): Promise<SyncReport> {
    const report: SyncReport = { upserted: 0, removed: 0, fullPasses: [], errors: [] };
    const sources = async () => {
      if (this.opts.dir) await this.guard(report, 'KNOWLEDGE_DIR', () => this.syncDir(this.opts.dir!, report));
      if (this.opts.chatwoot) await this.guard(report, 'Chatwoot help center', () => this.syncChatwoot(this.opts.chatwoot!, report));
    };
    await this.guard(report, 'the sync lock (DATABASE_URL)', async () => {
      if (!this.opts.alone) await sources();
      else if (!(await this.opts.alone(sources)).ran) report.skipped = true;
    });
    this.lastReport = report;
    const level = report.errors.length ? 'warn' : report.upserted || report.removed ? 'info' : 'debug';
    this.opts.logger[level]({ ...report }, report.skipped ? 'help-center sync skipped: another process is syncing the shared index' : 'help-center sync');
    return report;
  }

  private async guard(report: SyncReport, what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      report.errors.push(`${what}: ${(e as Error).message.slice(0, 300)}`);
    }
  }

  private async syncDir(dir: string, report: SyncReport): Promise<void> {
    const articles = await loadKnowledgeDir(dir, (e) => report.errors.push(e.message));
    for (const a of articles) if (await this.index.upsert(a)) report.upserted++;
    const present = new Set(articles.map((a) => a.key));
    const gone = (await this.index.articles('dir')).filter((a) => !present.has(a.key)).map((a) => a.key);
    report.removed += await this.index.remove(gone);
  }

  private async syncChatwoot(cw: NonNullable<SyncOptions['chatwoot']>, report: SyncReport): Promise<void> {
    const portal = await cw.client.findPortal(cw.portalSlug);
    if (!portal) throw new Error(`portal "${cw.portalSlug}" (HELP_CENTER_PORTAL) not found in this account; the index keeps its articles`);
    const ctx = { portalSlug: portal.slug, base: helpCenterBase({ customDomain: portal.custom_domain, helpCenterBaseUrl: cw.helpCenterBaseUrl, chatwootBaseUrl: cw.chatwootBaseUrl }) };
    for (const locale of localeCodes(portal)) {
      const since = this.watermarks.get(locale) ?? null;
      const { changed, publishedCount } = await changedArticles(cw.client, portal, locale, since);
      let newest = since ?? 0;
      for (const a of changed) {
        newest = Math.max(newest, typeof a.updated_at === 'number' ? a.updated_at : 0);
        const article = toKnowledgeArticle(a, { ...ctx, locale });
        if (article) {
          if (await this.index.upsert(article)) report.upserted++;
        } else report.removed += await this.index.remove([`cw:${a.id}`]);
      }
      const indexed = (await this.index.articles('chatwoot')).filter((a) => a.locale === normaliseLocale(locale));
      const published = since === null ? changed.filter((a) => a.status === 'published' && a.content?.trim()) : null;
      if (published || (publishedCount !== null && publishedCount !== indexed.length)) {
        // First sync, or a published article disappeared without a trace (deleted): reconcile the locale.
        const all = published ?? (await publishedArticles(cw.client, portal, locale));
        if (!published) {
          report.fullPasses.push(locale);
          for (const a of all) {
            const article = toKnowledgeArticle(a, { ...ctx, locale });
            if (article && (await this.index.upsert(article))) report.upserted++;
          }
        }
        const present = new Set(all.map((a) => `cw:${a.id}`));
        report.removed += await this.index.remove(indexed.filter((a) => !present.has(a.key)).map((a) => a.key));
      }
      this.watermarks.set(locale, newest);
    }
  }
}
