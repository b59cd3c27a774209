import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { loadKnowledgeDir } from '../../../ai-pipeline/src/knowledge/dir-source.js';
import { draftArticles } from '../../../ai-pipeline/src/knowledge/index.js';
import { KnowledgeIndex } from '../../../ai-pipeline/src/knowledge/index-store.js';
import { retrieve } from '../../../ai-pipeline/src/knowledge/retrieve.js';
import { draftUserMessage } from '../../../ai-pipeline/src/model/prompts.js';
import type { DraftInput } from '../../../ai-pipeline/src/model/provider.js';
import { migrate } from '../../../ai-pipeline/src/store/migrations.js';
import { DEFAULT_KNOWLEDGE_DIR, DEFAULT_RETRIEVAL_SET, parseRetrievalSet } from '../eval/retrieval.js';

export interface RetrievalFigures {
  passages: number;
  articles: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Extra draft input tokens per ticket for the passages (⌈chars/4⌉, as the fake Claude counts), mean and max. */
  extraInputTokensMean: number;
  extraInputTokensMax: number;
  /** 1-minute load average when the run ended (the figures are CPU-bound: compare them with the core count). */
  loadAverage: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const tokens = (s: string) => Math.ceil(s.length / 4);

/**
 * Retrieval latency over at least `minPassages` passages: the sample help center, copied (each copy its own
 * article with a numbered title) until the index is that large; every labelled retrieval case queried `rounds` times.
 */
export async function measureRetrieval(databaseUrl: string, opts: { minPassages?: number; rounds?: number } = {}): Promise<RetrievalFigures> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    await migrate(pool);
    const index = new KnowledgeIndex(pool);
    const sample = await loadKnowledgeDir(DEFAULT_KNOWLEDGE_DIR);
    let copy = 0;
    let articles = 0;
    while ((await index.passageCount()) < (opts.minPassages ?? 2000)) {
      for (const a of sample) {
        const suffix = copy === 0 ? '' : ` (${copy})`;
        await index.upsert({ ...a, key: `${a.key}#${copy}`, groupKey: `${a.groupKey}#${copy}`, title: `${a.title}${suffix}`, content: `${a.content}\n\nRevision ${copy}.` });
        articles++;
      }
      copy++;
    }
    const cases = parseRetrievalSet(DEFAULT_RETRIEVAL_SET, readFileSync(DEFAULT_RETRIEVAL_SET, 'utf8'));
    const times: number[] = [];
    const extra: number[] = [];
    for (let round = 0; round < (opts.rounds ?? 20); round++) {
      for (const c of cases) {
        const t = performance.now();
        const r = await retrieve(index, { subject: c.subject, text: c.text, language: c.lang, translation: c.translation ?? null });
        times.push(performance.now() - t);
        if (round === 0) {
          const input: DraftInput = {
            language: c.lang,
            customerText: c.text,
            subject: c.subject,
            analysis: { translation: c.translation ?? null, category: 'product-question', priority: 'low', confidence: 0.9, summary: 'x' },
            customerFacts: '',
            contactName: null,
            plan: null,
            thread: [],
          };
          extra.push(tokens(draftUserMessage({ ...input, articles: draftArticles(r) })) - tokens(draftUserMessage(input)));
        }
      }
    }
    times.sort((a, b) => a - b);
    const round1 = (x: number) => Math.round(x * 10) / 10;
    return {
      passages: await index.passageCount(),
      articles,
      queries: times.length,
      p50Ms: round1(percentile(times, 50)),
      p99Ms: round1(percentile(times, 99)),
      maxMs: round1(times.at(-1)!),
      extraInputTokensMean: Math.round(extra.reduce((a, b) => a + b, 0) / extra.length),
      extraInputTokensMax: Math.max(...extra),
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
    };
  } finally {
    await pool.end();
  }
}
