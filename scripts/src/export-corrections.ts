/**
 * npm run export-corrections -- [--since 30d|2026-01-31] [--env-file PATH] OUT.jsonl
 *
 * Writes the tickets whose category a person corrected (label or ai_category) as JSONL in the tickets/ format, with
 * the corrected category, so a team can review them, add them to its tickets and re-run `npm run eval`. The
 * pipeline keeps no ticket text: it is fetched from Chatwoot now (DATABASE_URL and CHATWOOT_* from the environment
 * or .env). The sender's address is replaced by a placeholder. Exit codes: 0 ok, 1 Chatwoot failed, 2 bad input or setup.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { ChatwootClient } from '../../ai-pipeline/src/chatwoot/client.js';
import { createChatwootHttp } from '../../ai-pipeline/src/chatwoot/http.js';
import { loadConversation, textOf } from '../../ai-pipeline/src/jobs/conversation-context.js';
import { CATEGORIES, PRIORITIES } from '../../ai-pipeline/src/triage/categories.js';
import { ticketSchema, type Ticket } from '../../ai-pipeline/src/tickets/ticket.js';
import { connectionFrom, loadEnvironment } from './lib/cli-options.js';
import { databaseUrlSchema } from './lib/env-file.js';

const USAGE = `Usage: npm run export-corrections -- [--since 30d] [--env-file PATH] OUT.jsonl
  --since AGE|DATE  corrections made in the last AGE (e.g. 7d, 30d, 12h) or since DATE (YYYY-MM-DD); default 30d
  --env-file PATH   read DATABASE_URL and CHATWOOT_* from this file instead of ./.env`;

/** `30d`, `12h` or an ISO date → the earliest time to export from. */
export function parseSince(value: string, now = new Date()): Date {
  const age = /^(\d{1,4})([dh])$/.exec(value);
  if (age) return new Date(now.getTime() - Number(age[1]) * (age[2] === 'd' ? 86_400_000 : 3_600_000));
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw new Error(`--since must look like 30d, 12h or 2026-01-31, got ${JSON.stringify(value)}`);
}

interface CorrectedRow {
  conversation_id: number;
  job_key: string;
  language: string | null;
  priority: string | null;
  category: string | null;
  to_value: string;
}

/** The last category a person chose for each corrected conversation (label corrections win over ai_category). */
export async function correctedTickets(pool: pg.Pool, since: Date): Promise<CorrectedRow[]> {
  const { rows } = await pool.query<CorrectedRow>(
    `SELECT DISTINCT ON (r.job_key) r.conversation_id, r.job_key, r.language, r.priority, r.category, c.to_value
       FROM triage.corrections c JOIN triage.records r ON r.job_key = c.job_key
      WHERE c.created_at >= $1 AND c.field IN ('category_label', 'ai_category') AND c.to_value = ANY($2::text[])
      ORDER BY r.job_key, (c.field = 'category_label') DESC, c.created_at DESC`,
    [since, [...CATEGORIES]],
  );
  return rows;
}

/** One exported ticket, in the tickets/ format; null when the conversation has no customer text left. */
export async function toTicket(chatwoot: ChatwootClient, row: CorrectedRow): Promise<Ticket | null> {
  const ctx = await loadConversation(chatwoot, row.conversation_id);
  const body = ctx.customerMessages.map((m) => textOf(m)).filter((t) => t !== '').join('\n\n');
  if (!body) return null;
  const priority = (PRIORITIES as readonly string[]).includes(ctx.conversation.priority ?? '') ? ctx.conversation.priority : row.priority;
  return ticketSchema.parse({
    id: `c${row.conversation_id}`,
    channel: ctx.subject ? 'email' : 'mobile',
    subject: ctx.subject ?? '',
    body,
    from_email: 'customer@example.invalid',
    lang: row.language && /^[a-z]{2}$/.test(row.language) ? row.language : 'unknown',
    category: row.to_value,
    priority: (PRIORITIES as readonly string[]).includes(priority ?? '') ? priority : 'medium',
    notes: `corrected by an agent: triage said ${row.category ?? 'unknown'}`,
  });
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { since: { type: 'string', default: '30d' }, 'env-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    process.stderr.write(`export-corrections: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const out = parsed.positionals[0];
  let since: Date, env, connection, databaseUrl: string;
  try {
    if (!out || parsed.positionals.length > 1) throw new Error('name one output file, e.g. corrections.jsonl');
    since = parseSince(parsed.values.since);
    env = loadEnvironment(parsed.values['env-file']);
    databaseUrl = databaseUrlSchema.parse(env.DATABASE_URL ?? '');
    connection = connectionFrom({}, env);
  } catch (e) {
    const message = e instanceof z.ZodError ? (e.issues[0]?.message ?? 'invalid') : (e as Error).message;
    process.stderr.write(`export-corrections: ${message}\n${USAGE}\n`);
    return 2;
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const chatwoot = new ChatwootClient(createChatwootHttp(connection));
  try {
    const rows = await correctedTickets(pool, since);
    const tickets: Ticket[] = [];
    for (const row of rows) {
      const t = await toTicket(chatwoot, row);
      if (t) tickets.push(t);
    }
    await writeFile(out, tickets.map((t) => JSON.stringify(t)).join('\n') + (tickets.length ? '\n' : ''));
    process.stdout.write(`export-corrections: ${tickets.length} corrected ticket(s) since ${since.toISOString()} → ${out}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`export-corrections: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await pool.end();
  }
}

process.exitCode = await main();
