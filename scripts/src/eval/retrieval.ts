/**
 * npm run eval -- --retrieval [PATH] [--knowledge DIR] [--offline] [--min-score X] [--json]
 *
 * Scores help-center retrieval on a labelled set (JSONL: {id, lang, subject, text, translation, expected: [article slugs]};
 * expected [] = no article answers it). The articles of DIR (default help-center/) are indexed in a throw-away
 * Postgres (or DATABASE_URL), then every ticket is retrieved exactly as the triage job does. `--offline` drops the
 * English translation (what the offline model has).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { loadKnowledgeDir } from '../../../ai-pipeline/src/knowledge/dir-source.js';
import { KnowledgeIndex } from '../../../ai-pipeline/src/knowledge/index-store.js';
import { DEFAULT_RANK_OPTIONS } from '../../../ai-pipeline/src/knowledge/rank.js';
import { retrieve } from '../../../ai-pipeline/src/knowledge/retrieve.js';
import { migrate } from '../../../ai-pipeline/src/store/migrations.js';
import { createDatabase, startPostgres } from '../../../testkit/postgres.js';
import { computeRetrievalMetrics, formatRetrievalReport, type RetrievalCase } from './retrieval-metrics.js';

const ROOT = resolve(import.meta.dirname, '../../..');
export const DEFAULT_RETRIEVAL_SET = resolve(ROOT, 'help-center/eval/retrieval-set.jsonl');
export const DEFAULT_KNOWLEDGE_DIR = resolve(ROOT, 'help-center');

export const retrievalCaseSchema = z.strictObject({
  id: z.string().min(1),
  lang: z.string().min(2),
  subject: z.string(),
  text: z.string(),
  translation: z.string().nullable().optional(),
  expected: z.array(z.string().min(1)),
});
export type LabelledRetrievalCase = z.infer<typeof retrievalCaseSchema>;

export class RetrievalSetError extends Error {}

export function parseRetrievalSet(path: string, text: string): LabelledRetrievalCase[] {
  const out: LabelledRetrievalCase[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new RetrievalSetError(`${path}:${i + 1}: not valid JSON`);
    }
    const r = retrievalCaseSchema.safeParse(json);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new RetrievalSetError(`${path}:${i + 1}: field "${issue.path.join('.') || '(root)'}": ${issue.message}`);
    }
    out.push(r.data);
  });
  if (out.length === 0) throw new RetrievalSetError(`${path}: no cases`);
  return out;
}

export async function runRetrievalEval(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv.filter((a) => a !== '--retrieval'),
    allowPositionals: true,
    options: { knowledge: { type: 'string' }, offline: { type: 'boolean', default: false }, 'min-score': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const setPath = resolve(positionals[0] ?? DEFAULT_RETRIEVAL_SET);
  const dir = resolve(values.knowledge ?? DEFAULT_KNOWLEDGE_DIR);
  const minScore = values['min-score'] === undefined ? Number(process.env.KNOWLEDGE_MIN_SCORE || DEFAULT_RANK_OPTIONS.minScore) : Number(values['min-score']);
  if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1) throw new RetrievalSetError(`--min-score must be a number from 0 to 1`);
  const cases = parseRetrievalSet(setPath, readFileSync(setPath, 'utf8'));

  const server = await startPostgres(process.env.DATABASE_URL || undefined);
  const pool = new pg.Pool({ connectionString: await createDatabase(server.adminUrl, 'eval_retrieval') });
  try {
    await migrate(pool);
    const index = new KnowledgeIndex(pool);
    const errors: string[] = [];
    const articles = await loadKnowledgeDir(dir, (e) => errors.push(e.message));
    if (errors.length) throw new RetrievalSetError(errors.join('\n'));
    for (const a of articles) await index.upsert(a);
    const slugs = new Set(articles.map((a) => a.slug));
    const unknown = cases.flatMap((c) => c.expected.filter((s) => !slugs.has(s)).map((s) => `${c.id}: ${s}`));
    if (unknown.length) throw new RetrievalSetError(`expected slugs not in ${dir}: ${unknown.join(', ')}`);

    const results: RetrievalCase[] = [];
    for (const c of cases) {
      const r = await retrieve(
        index,
        { subject: c.subject, text: c.text, language: c.lang, translation: values.offline ? null : (c.translation ?? null) },
        { ...DEFAULT_RANK_OPTIONS, minScore },
      );
      results.push({ id: c.id, lang: c.lang, expected: c.expected, found: r.articles.map((a) => a.slug) });
    }
    const metrics = computeRetrievalMetrics(results);
    const header = `Retrieval: ${cases.length} tickets from ${setPath}; ${articles.length} articles (${await index.passageCount()} passages) from ${dir}; threshold ${minScore}; ${values.offline ? 'no translation (offline)' : 'with English translation'}`;
    console.log(values.json ? JSON.stringify({ setPath, dir, minScore, offline: values.offline, ...metrics }, null, 2) : formatRetrievalReport(metrics, header));
    return 0;
  } finally {
    await pool.end();
    await server.stop();
  }
}
