/**
 * npm run stats -- [--days 30] [--json] [--env-file PATH]
 *
 * What the triage did and how people took it, from the pipeline's own tables (DATABASE_URL): tickets per category
 * and language, confidence, auto-assignment and its corrections, draft use, webhook→notes time, model use and
 * estimated cost, failures. The insights page inside Chatwoot shows the same numbers. Exit codes: 0 ok, 2 bad input or setup.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { computeInsights, type Insights } from '../../ai-pipeline/src/telemetry/insights.js';
import { loadEnvironment } from './lib/cli-options.js';
import { databaseUrlSchema } from './lib/env-file.js';

const USAGE = `Usage: npm run stats -- [--days N] [--json] [--env-file PATH]
  --days N         the last N days (1–366, default 30)
  --json           print the figures as JSON (the same object GET /insights/data answers)
  --env-file PATH  read DATABASE_URL from this file instead of ./.env`;

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);
const sec = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)} s`);
const usd = (x: number | null) => (x === null ? 'n/a' : `$${x.toFixed(4)}`);
const list = (r: Record<string, number>) => Object.entries(r).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ') || '–';

/** Input by how it is priced: uncached (full price), cache reads (0.1×), cache writes (1.25×), and records kept before the split. */
function inputSplit(m: Insights['model']): string {
  const parts = [`${m.uncachedInputTokens} uncached`, `${m.cacheReadTokens} read from the prompt cache (0.1× price)`, `${m.cacheWriteTokens} written to it (1.25×)`];
  if (m.unsplitInputTokens > 0) parts.push(`${m.unsplitInputTokens} from records before the cache split (priced in full)`);
  return parts.join(', ');
}

/** The human-readable report. */
export function formatInsights(s: Insights): string {
  const groups = (g: Insights['drafts']['byCategory']) =>
    Object.entries(g).map(([k, v]) => `${k} ${pct(v.usedRate)} of ${v.compared}`).join(', ') || '–';
  return [
    `Triage, last ${s.window.days} days (${s.window.from.slice(0, 10)} – ${s.window.to.slice(0, 10)})`,
    `Tickets:            ${s.tickets.total}`,
    `  by category:      ${list(s.tickets.byCategory)}`,
    `  by language:      ${list(s.tickets.byLanguage)}`,
    `Confidence:         median ${s.confidence.median ?? 'n/a'}; ${s.confidence.buckets.map((b) => `${b.from.toFixed(1)}+ ${b.tickets}`).join(' · ')}`,
    `Auto-assigned:      ${s.autoAssign.assigned} (${pct(s.autoAssign.share)}); corrected afterwards ${s.autoAssign.corrected} (${pct(s.autoAssign.correctedShare)})`,
    `Drafts used:        ${s.drafts.used} of ${s.drafts.compared} compared (${pct(s.drafts.usedRate)}, similarity ≥ ${s.drafts.threshold})`,
    `  by category:      ${groups(s.drafts.byCategory)}`,
    `  by language:      ${groups(s.drafts.byLanguage)}`,
    `Webhook → notes:    p50 ${sec(s.webhookToNotesSeconds.p50)}, p95 ${sec(s.webhookToNotesSeconds.p95)}`,
    `Model:              ${s.model.calls} calls, ${s.model.inputTokens} input + ${s.model.outputTokens} output tokens, ${usd(s.model.costUsd)} estimated`,
    `  input tokens:     ${inputSplit(s.model)}`,
    `  per ticket:       ${s.model.perTicket.calls ?? 'n/a'} calls, ${s.model.perTicket.tokens ?? 'n/a'} tokens, ${usd(s.model.perTicket.costUsd)}`,
    `Corrections:        ${s.corrections.total} (${list(s.corrections.byField)})`,
    `Failures:           ${s.failures.total} (${list(s.failures.byKind)})`,
    `Unanswered questions (no help-center article): ${s.unansweredQuestions ?? 'not recorded'}`,
    'Per day:',
    ...s.perDay.map((d) => `  ${d.day}  ${String(d.tickets).padStart(4)} tickets  drafts used ${pct(d.draftUsedRate).padStart(7)}  cost ${usd(d.costUsd)}`),
  ].join('\n');
}

const argsSchema = z.object({
  days: z.coerce.number({ error: '--days must be a number' }).int('--days must be a whole number').min(1, '--days must be at least 1').max(366, '--days must be at most 366'),
  databaseUrl: databaseUrlSchema,
});

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { days: { type: 'string', default: '30' }, json: { type: 'boolean' }, 'env-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    process.stderr.write(`stats: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let args;
  try {
    args = argsSchema.parse({ days: values.days, databaseUrl: loadEnvironment(values['env-file']).DATABASE_URL ?? '' });
  } catch (e) {
    const message = e instanceof z.ZodError ? e.issues.map((i) => i.message).join('; ') : (e as Error).message;
    process.stderr.write(`stats: ${message}\n${USAGE}\n`);
    return 2;
  }
  const pool = new pg.Pool({ connectionString: args.databaseUrl, max: 8 });
  try {
    const insights = await computeInsights(pool, args.days);
    process.stdout.write(values.json ? `${JSON.stringify(insights, null, 2)}\n` : `${formatInsights(insights)}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`stats: could not read the triage tables: ${(e as Error).message}\n(Has the pipeline started once against this database, so its migrations ran?)\n`);
    return 2;
  } finally {
    await pool.end();
  }
}

process.exitCode = await main();
