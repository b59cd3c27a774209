import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { recordJob } from '../src/jobs/apply.js';
import type { JobRow } from '../src/jobs/queue.js';
import type { Analysis } from '../src/model/provider.js';
import { migrate } from '../src/store/migrations.js';
import { RecordStore } from '../src/store/records.js';
import { Telemetry } from '../src/telemetry/index.js';
import { computeInsights } from '../src/telemetry/insights.js';
import { estimateCost } from '../src/telemetry/pricing.js';
import type { Decision } from '../src/triage/decide.js';

/**
 * Prompt-cache tokens are kept apart from the uncached input (migration 8) and priced at Anthropic's multipliers
 * (reads 0.1×, writes 1.25× the input price); rows recorded before the split still report, priced in full.
 * claude-sonnet-4-5: $3 input, $15 output per million tokens.
 */
let databaseUrl: string;
let pool: pg.Pool;
const logger = pino({ level: 'silent' });
const analysis = { category: 'bug-report', priority: 'high', confidence: 0.9, summary: 's', translation: 't' } as unknown as Analysis;
const decision = { category: 'bug-report', priority: 'high', assign: null, suggest: null } as unknown as Decision;

const job = (conversationId: number): JobRow => ({
  id: conversationId,
  key: `triage:1:${conversationId}`,
  kind: 'triage',
  account_id: 1,
  conversation_id: conversationId,
  message_id: conversationId * 10,
  status: 'running',
  attempts: 1,
  max_attempts: 5,
  checkpoint: {},
  last_error: null,
});

async function triaged(conversationId: number, usage: { inputTokens: number; outputTokens: number; cacheReadTokens?: number; cacheWriteTokens?: number }) {
  const records = new RecordStore(pool);
  await recordJob({ records }, job(conversationId), {
    messageIds: [conversationId * 10],
    customerText: 'text',
    language: 'en',
    analysis,
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    usage: { calls: 2, ...usage },
    latencyMs: {},
    actions: [],
    draftFlags: [],
  });
  const telemetry = new Telemetry({ pool, records, logger, salt: 'salt-0123456789abcdef' });
  await telemetry.onTriaged(job(conversationId), { decision, draft: 'draft', enrichment: undefined });
  await telemetry.stop(100);
}

beforeAll(async () => {
  databaseUrl = await freshDatabaseUrl();
  pool = new pg.Pool({ connectionString: databaseUrl });
  await migrate(pool);
  // A record written before migration 8 (its input_tokens counts the cached prefix too), then the migration runs.
  await pool.query('ALTER TABLE triage.records DROP COLUMN cache_read_tokens, DROP COLUMN cache_write_tokens');
  await pool.query('DELETE FROM triage.migrations WHERE id = 8');
  await pool.query(
    `INSERT INTO triage.records (job_key, kind, account_id, conversation_id, message_ids, category, analysis, provider, model, model_calls, input_tokens, output_tokens, cost_usd)
     VALUES ('triage:1:1', 'triage', 1, 1, '{10}', 'bug-report', $1, 'anthropic', 'claude-sonnet-4-5', 2, 2300, 200, 0.0099)`,
    [JSON.stringify(analysis)],
  );
  await migrate(pool);
  // The first ticket after a restart writes the cached prefix, the next one reads it.
  await triaged(2, { inputTokens: 300, outputTokens: 200, cacheWriteTokens: 2000 });
  await triaged(3, { inputTokens: 300, outputTokens: 200, cacheReadTokens: 2000 });
});

afterAll(async () => {
  await pool?.end();
});

describe('token accounting with the prompt cache', () => {
  it('prices cache reads at 0.1× and writes at 1.25× the input price', () => {
    expect(estimateCost('claude-sonnet-4-5', 300, 200, { cacheWriteTokens: 2000 })).toBeCloseTo(0.0114, 12); // (300 + 2,500) × 3 + 200 × 15
    expect(estimateCost('claude-sonnet-4-5', 300, 200, { cacheReadTokens: 2000 })).toBeCloseTo(0.0045, 12); // (300 + 200) × 3 + 200 × 15
    expect(estimateCost('claude-sonnet-4-5', 2300, 200)).toBeCloseTo(0.0099, 12);
  });

  it('records keep uncached input, cache reads and cache writes apart; the old row has NULL cache columns', async () => {
    const { rows } = await pool.query(
      'SELECT conversation_id, input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, cost_usd FROM triage.records ORDER BY conversation_id',
    );
    expect(rows.map((r) => ({ ...r, conversation_id: Number(r.conversation_id), cost_usd: Math.round(r.cost_usd * 1e6) / 1e6 }))).toEqual([
      { conversation_id: 1, input_tokens: 2300, cache_read_tokens: null, cache_write_tokens: null, output_tokens: 200, cost_usd: 0.0099 },
      { conversation_id: 2, input_tokens: 300, cache_read_tokens: 0, cache_write_tokens: 2000, output_tokens: 200, cost_usd: 0.0114 },
      { conversation_id: 3, input_tokens: 300, cache_read_tokens: 2000, cache_write_tokens: 0, output_tokens: 200, cost_usd: 0.0045 },
    ]);
  });

  it('the insights split the input by price and sum the estimated cost', async () => {
    const s = await computeInsights(pool, 30);
    expect(s.model).toEqual({
      calls: 6,
      inputTokens: 6900,
      uncachedInputTokens: 600,
      cacheReadTokens: 2000,
      cacheWriteTokens: 2000,
      unsplitInputTokens: 2300,
      outputTokens: 600,
      costUsd: 0.0258,
      perTicket: { calls: 2, tokens: 2500, costUsd: 0.0086 },
    });
  });

  it('npm run stats prints cached against uncached input and the estimated cost', async () => {
    const repo = resolve(import.meta.dirname, '../..');
    const tmp = await mkdtemp(join(tmpdir(), 'stats-'));
    const noEnvFile = join(tmp, 'empty.env');
    await writeFile(noEnvFile, '');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(repo, 'scripts/src/stats.ts'), '--env-file', noEnvFile, '--days', '30'], {
      cwd: repo,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: databaseUrl },
    });
    expect(stdout).toContain('Model:              6 calls, 6900 input + 600 output tokens, $0.0258 estimated\n');
    expect(stdout).toContain(
      '  input tokens:     600 uncached, 2000 read from the prompt cache (0.1× price), 2000 written to it (1.25×), 2300 from records before the cache split (priced in full)\n',
    );
    expect(stdout).toContain('  per ticket:       2 calls, 2500 tokens, $0.0086\n');
  });
});
