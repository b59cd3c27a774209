import type pg from 'pg';
import { DRAFT_USED_THRESHOLD } from './similarity.js';

/** What `npm run stats -- --json` prints and the insights page draws: everything derived from triage.records/jobs/corrections. */
export interface Insights {
  window: { days: number; from: string; to: string };
  tickets: { total: number; byCategory: Record<string, number>; byLanguage: Record<string, number> };
  confidence: { buckets: { from: number; to: number; tickets: number }[]; median: number | null };
  autoAssign: { assigned: number; share: number | null; corrected: number; correctedShare: number | null };
  drafts: {
    threshold: number;
    compared: number;
    used: number;
    usedRate: number | null;
    byCategory: Record<string, { compared: number; used: number; usedRate: number | null }>;
    byLanguage: Record<string, { compared: number; used: number; usedRate: number | null }>;
  };
  webhookToNotesSeconds: { p50: number | null; p95: number | null };
  model: {
    calls: number;
    /** Every input token the model read: uncachedInputTokens + cacheReadTokens + cacheWriteTokens + unsplitInputTokens. */
    inputTokens: number;
    /** Input paid in full (the input price). */
    uncachedInputTokens: number;
    /** Input read from the prompt cache (priced at 0.1× input) and written to it (1.25×). */
    cacheReadTokens: number;
    cacheWriteTokens: number;
    /** Input of records kept before the cache split was recorded (cached or not, unknown; priced in full). */
    unsplitInputTokens: number;
    outputTokens: number;
    /** Estimated from list prices with the cache multipliers (records kept before the split: at the full input price). */
    costUsd: number;
    perTicket: { calls: number | null; tokens: number | null; costUsd: number | null };
  };
  corrections: { total: number; byField: Record<string, number>; byCategory: Record<string, { tickets: number; corrected: number; rate: number | null }> };
  failures: { total: number; byKind: Record<string, number> };
  /** Product questions whose draft matched no help-center article; null when the records do not carry that field. */
  unansweredQuestions: number | null;
  perDay: { day: string; tickets: number; byCategory: Record<string, number>; costUsd: number; draftsCompared: number; draftsUsed: number; draftUsedRate: number | null }[];
}

const rate = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 1000) / 1000 : null);
const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** A column another change may add to `triage.records` (help-center grounding); looked up, never assumed. */
async function articlesColumn(pool: pg.Pool): Promise<string | null> {
  const { rows } = await pool.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'triage' AND table_name = 'records' AND column_name IN ('articles_matched', 'matched_articles', 'article_ids')
      ORDER BY column_name LIMIT 1`,
  );
  return rows[0]?.column_name ?? null;
}

/** The insights for the last `days` days (records created since then; failures by job finish time). */
export async function computeInsights(pool: pg.Pool, days: number, now = new Date()): Promise<Insights> {
  const from = new Date(now.getTime() - days * 86_400_000);
  const range = [from, now];
  const base = `FROM triage.records r WHERE r.kind = 'triage' AND r.created_at >= $1 AND r.created_at <= $2`;

  const [tickets, buckets, drafts, latency, perDay, corrections, correctedTickets, failures] = await Promise.all([
    pool.query<{ category: string | null; language: string | null; n: string; assigned: string; calls: string; input: string; unsplit: string | null; cache_read: string | null; cache_write: string | null; output: string; cost: number | null }>(
      `SELECT r.category, r.language, count(*) AS n, count(*) FILTER (WHERE (r.applied->>'assigned')::boolean) AS assigned,
              sum(r.model_calls) AS calls, sum(r.input_tokens) AS input, sum(r.input_tokens) FILTER (WHERE r.cache_read_tokens IS NULL) AS unsplit,
              sum(r.cache_read_tokens) AS cache_read, sum(r.cache_write_tokens) AS cache_write, sum(r.output_tokens) AS output, sum(r.cost_usd) AS cost
         ${base} GROUP BY 1, 2`,
      range,
    ),
    pool.query<{ bucket: number; n: string; median: number | null }>(
      `SELECT least(floor(r.confidence * 10), 9)::int AS bucket, count(*) AS n, NULL::float8 AS median ${base} AND r.confidence IS NOT NULL GROUP BY 1
       UNION ALL SELECT -1, 0, percentile_cont(0.5) WITHIN GROUP (ORDER BY r.confidence) ${base}`,
      range,
    ),
    pool.query<{ category: string | null; language: string | null; compared: string; used: string }>(
      `SELECT r.category, r.language, count(*) AS compared, count(*) FILTER (WHERE r.outcome_used) AS used
         ${base} AND r.outcome_message_id IS NOT NULL GROUP BY 1, 2`,
      range,
    ),
    pool.query<{ p50: number | null; p95: number | null }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY s) AS p95
         FROM (SELECT extract(epoch FROM r.notes_at - r.webhook_at)::float8 AS s ${base} AND r.notes_at IS NOT NULL AND r.webhook_at IS NOT NULL) t`,
      range,
    ),
    pool.query<{ day: string; category: string | null; n: string; cost: number | null; compared: string; used: string }>(
      `SELECT to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, r.category, count(*) AS n, sum(r.cost_usd) AS cost,
              count(*) FILTER (WHERE r.outcome_message_id IS NOT NULL) AS compared, count(*) FILTER (WHERE r.outcome_used) AS used
         ${base} GROUP BY 1, 2 ORDER BY 1`,
      range,
    ),
    pool.query<{ field: string; n: string }>(
      `SELECT c.field, count(*) AS n FROM triage.corrections c JOIN triage.records r ON r.job_key = c.job_key
        WHERE r.created_at >= $1 AND r.created_at <= $2 GROUP BY 1`,
      range,
    ),
    pool.query<{ category: string | null; corrected: string; assigned_corrected: string }>(
      `SELECT r.category, count(*) AS corrected,
              count(*) FILTER (WHERE (r.applied->>'assigned')::boolean AND EXISTS (
                SELECT 1 FROM triage.corrections c2 WHERE c2.job_key = r.job_key AND c2.field IN ('team', 'assignee', 'category_label', 'ai_category'))) AS assigned_corrected
         ${base} AND EXISTS (SELECT 1 FROM triage.corrections c WHERE c.job_key = r.job_key) GROUP BY 1`,
      range,
    ),
    pool.query<{ kind: string; n: string }>(
      `SELECT kind, count(*) AS n FROM triage.jobs WHERE status = 'failed' AND finished_at >= $1 AND finished_at <= $2 GROUP BY 1`,
      range,
    ),
  ]);

  const byCategory: Record<string, number> = {};
  const byLanguage: Record<string, number> = {};
  let total = 0, assigned = 0, calls = 0, input = 0, unsplit = 0, cacheRead = 0, cacheWrite = 0, output = 0, cost = 0;
  for (const r of tickets.rows) {
    const n = num(r.n);
    total += n;
    byCategory[r.category ?? 'unknown'] = (byCategory[r.category ?? 'unknown'] ?? 0) + n;
    byLanguage[r.language ?? 'unknown'] = (byLanguage[r.language ?? 'unknown'] ?? 0) + n;
    assigned += num(r.assigned);
    calls += num(r.calls);
    input += num(r.input);
    unsplit += num(r.unsplit);
    cacheRead += num(r.cache_read);
    cacheWrite += num(r.cache_write);
    output += num(r.output);
    cost += num(r.cost);
  }

  const confidenceBuckets = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, tickets: 0 }));
  let median: number | null = null;
  for (const b of buckets.rows) {
    if (b.bucket === -1) median = b.median === null ? null : round(b.median, 3);
    else if (confidenceBuckets[b.bucket]) confidenceBuckets[b.bucket]!.tickets = num(b.n);
  }

  const draftGroup = (key: 'category' | 'language') => {
    const out: Record<string, { compared: number; used: number; usedRate: number | null }> = {};
    for (const r of drafts.rows) {
      const k = r[key] ?? 'unknown';
      const g = (out[k] ??= { compared: 0, used: 0, usedRate: null });
      g.compared += num(r.compared);
      g.used += num(r.used);
    }
    for (const g of Object.values(out)) g.usedRate = rate(g.used, g.compared);
    return out;
  };
  const compared = drafts.rows.reduce((s, r) => s + num(r.compared), 0);
  const used = drafts.rows.reduce((s, r) => s + num(r.used), 0);

  const corrByCategory: Record<string, { tickets: number; corrected: number; rate: number | null }> = {};
  for (const [cat, n] of Object.entries(byCategory)) corrByCategory[cat] = { tickets: n, corrected: 0, rate: 0 };
  let assignedCorrected = 0;
  for (const r of correctedTickets.rows) {
    const g = (corrByCategory[r.category ?? 'unknown'] ??= { tickets: 0, corrected: 0, rate: null });
    g.corrected += num(r.corrected);
    assignedCorrected += num(r.assigned_corrected);
  }
  for (const g of Object.values(corrByCategory)) g.rate = rate(g.corrected, g.tickets);

  const days_: Insights['perDay'] = [];
  for (const r of perDay.rows) {
    let d = days_[days_.length - 1];
    if (!d || d.day !== r.day) days_.push((d = { day: r.day, tickets: 0, byCategory: {}, costUsd: 0, draftsCompared: 0, draftsUsed: 0, draftUsedRate: null }));
    d.tickets += num(r.n);
    d.byCategory[r.category ?? 'unknown'] = num(r.n);
    d.costUsd = round(d.costUsd + num(r.cost));
    d.draftsCompared += num(r.compared);
    d.draftsUsed += num(r.used);
    d.draftUsedRate = rate(d.draftsUsed, d.draftsCompared);
  }

  let unanswered: number | null = null;
  const col = await articlesColumn(pool);
  if (col) {
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n ${base} AND r.category = 'product-question' AND (r.${col} IS NULL OR r.${col}::text IN ('0', '{}', '[]', ''))`,
      range,
    );
    unanswered = num(rows[0]?.n);
  }

  const failuresByKind = Object.fromEntries(failures.rows.map((r) => [r.kind, num(r.n)]));
  return {
    window: { days, from: from.toISOString(), to: now.toISOString() },
    tickets: { total, byCategory, byLanguage },
    confidence: { buckets: confidenceBuckets, median },
    autoAssign: { assigned, share: rate(assigned, total), corrected: assignedCorrected, correctedShare: rate(assignedCorrected, assigned) },
    drafts: { threshold: DRAFT_USED_THRESHOLD, compared, used, usedRate: rate(used, compared), byCategory: draftGroup('category'), byLanguage: draftGroup('language') },
    webhookToNotesSeconds: {
      p50: latency.rows[0]?.p50 == null ? null : round(latency.rows[0].p50, 3),
      p95: latency.rows[0]?.p95 == null ? null : round(latency.rows[0].p95, 3),
    },
    model: {
      calls,
      // input_tokens is the uncached input since migration 8; before it, every input token (unsplit).
      inputTokens: input + cacheRead + cacheWrite,
      uncachedInputTokens: input - unsplit,
      cacheReadTokens: cacheRead,
      cacheWriteTokens: cacheWrite,
      unsplitInputTokens: unsplit,
      outputTokens: output,
      costUsd: round(cost),
      perTicket: {
        calls: total ? round(calls / total, 3) : null,
        tokens: total ? round((input + cacheRead + cacheWrite + output) / total, 1) : null,
        costUsd: total ? round(cost / total) : null,
      },
    },
    corrections: { total: corrections.rows.reduce((s, r) => s + num(r.n), 0), byField: Object.fromEntries(corrections.rows.map((r) => [r.field, num(r.n)])), byCategory: corrByCategory },
    failures: { total: Object.values(failuresByKind).reduce((s, n) => s + n, 0), byKind: failuresByKind },
    unansweredQuestions: unanswered,
    perDay: days_,
  };
}
