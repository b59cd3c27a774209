import { createHash } from 'node:crypto';
import type pg from 'pg';
import { regconfigFor } from './language.js';
import { splitIntoPassages } from './passages.js';
import type { KnowledgeArticle } from './types.js';

/** One passage that matched a query, with the raw Postgres figures the ranking uses. */
export interface PassageHit {
  articleKey: string;
  groupKey: string;
  slug: string;
  title: string;
  url: string;
  locale: string;
  position: number;
  heading: string;
  body: string;
  /** ts_rank of the passage (title A, heading B, body C) for the OR-query of the ticket's stems. */
  rank: number;
  /** Distinct query stems found in the passage. */
  matched: number;
  /** Distinct stems in the query. */
  queryTerms: number;
}

export interface IndexedArticle {
  key: string;
  updatedAt: number;
  contentSha: string;
  locale: string;
}

export function contentSha(a: KnowledgeArticle): string {
  return createHash('sha256').update(JSON.stringify([a.title, a.url, a.locale, a.category, a.groupKey, a.content])).digest('hex');
}

// Ranks every passage that shares a stem with the query, keeps the best $3, and only for those counts the
// distinct query stems they contain (unnesting a tsvector is the expensive part).
const SEARCH_SQL = `
  WITH lexemes AS (
    SELECT DISTINCT lex FROM unnest(tsvector_to_array(to_tsvector($1::regconfig, $2))) AS lex WHERE length(lex) > 1
  ), q AS (
    SELECT string_agg(quote_literal(lex), ' | ')::tsquery AS query, array_agg(lex) AS lexes, count(*)::int AS terms FROM lexemes
  ), top AS (
    SELECT p.article_key, p.position, p.heading, p.body, p.tsv, ts_rank(p.tsv, q.query) AS rank
      FROM q JOIN triage.knowledge_passages p ON p.config = $1::regconfig AND p.tsv @@ q.query
     WHERE q.terms > 0
     ORDER BY rank DESC
     LIMIT $3
  )
  SELECT a.key, a.group_key, a.slug, a.title, a.url, a.locale, top.position, top.heading, top.body, top.rank,
         (SELECT count(*)::int FROM unnest(tsvector_to_array(top.tsv)) AS l WHERE l = ANY (q.lexes)) AS matched,
         q.terms
    FROM top CROSS JOIN q
    JOIN triage.knowledge_articles a ON a.key = top.article_key
   ORDER BY top.rank DESC`;

/** The passage index in Postgres (schema `triage`): full-text search with a stemming configuration per language. */
export class KnowledgeIndex {
  constructor(private readonly pool: pg.Pool) {}

  /** Inserts or replaces an article and its passages; returns false when nothing changed. */
  async upsert(article: KnowledgeArticle): Promise<boolean> {
    const sha = contentSha(article);
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ content_sha: string }>('SELECT content_sha FROM triage.knowledge_articles WHERE key = $1', [article.key]);
      if (rows[0]?.content_sha === sha) return false;
      const config = regconfigFor(article.locale);
      const passages = splitIntoPassages(article.title, article.content);
      await client.query('BEGIN');
      await client.query('DELETE FROM triage.knowledge_articles WHERE key = $1', [article.key]);
      await client.query(
        `INSERT INTO triage.knowledge_articles (key, source, group_key, slug, title, url, locale, category, content_sha, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
        [article.key, article.source, article.groupKey, article.slug, article.title, article.url, article.locale, article.category, sha, article.updatedAt],
      );
      await client.query(
        `INSERT INTO triage.knowledge_passages (article_key, position, heading, body, config, tsv)
         SELECT $1, p.position, p.heading, p.body, $2::regconfig,
                setweight(to_tsvector($2::regconfig, $3), 'A') || setweight(to_tsvector($2::regconfig, p.heading), 'B')
                || setweight(to_tsvector($2::regconfig, p.body), 'C')
           FROM jsonb_to_recordset($4::jsonb) AS p(position int, heading text, body text)`,
        [article.key, config, article.title, JSON.stringify(passages)],
      );
      await client.query('COMMIT');
      return true;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async remove(keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const r = await this.pool.query('DELETE FROM triage.knowledge_articles WHERE key = ANY($1::text[])', [keys]);
    return r.rowCount ?? 0;
  }

  async articles(source: 'chatwoot' | 'dir'): Promise<IndexedArticle[]> {
    const { rows } = await this.pool.query<{ key: string; updated_at: string; content_sha: string; locale: string }>(
      'SELECT key, updated_at, content_sha, locale FROM triage.knowledge_articles WHERE source = $1',
      [source],
    );
    return rows.map((r) => ({ key: r.key, updatedAt: Number(r.updated_at), contentSha: r.content_sha, locale: r.locale }));
  }

  async passageCount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM triage.knowledge_passages');
    return rows[0]?.n ?? 0;
  }

  /** Passages written in `locale`'s stemming configuration that share stems with `text`, best ts_rank first. */
  async search(locale: string, text: string, limit = 24): Promise<PassageHit[]> {
    if (!text.trim()) return [];
    const { rows } = await this.pool.query<Record<string, unknown>>({
      name: 'knowledge-search',
      text: SEARCH_SQL,
      values: [regconfigFor(locale), text.slice(0, 8000), limit],
    });
    return rows.map((r) => ({
      articleKey: r.key as string,
      groupKey: r.group_key as string,
      slug: r.slug as string,
      title: r.title as string,
      url: r.url as string,
      locale: r.locale as string,
      position: r.position as number,
      heading: r.heading as string,
      body: r.body as string,
      rank: Number(r.rank),
      matched: r.matched as number,
      queryTerms: r.terms as number,
    }));
  }
}
