import type pg from 'pg';
import './pg-types.js';
import { storageSafeDeep } from '../util/safe-text.js';
import type { Analysis } from '../model/provider.js';
import { contactHash } from './contact-hash.js';

/** One row of `triage.records`: what a job saw, decided, spent and did. */
export interface TriageRecord {
  jobKey: string;
  kind: 'triage' | 'followup';
  accountId: number;
  conversationId: number;
  messageIds: number[];
  lastMessageId: number | null;
  inputSha256: string | null;
  language: string | null;
  analysis: Analysis | null;
  provider: string | null;
  model: string | null;
  modelCalls: number;
  /** Input tokens paid in full (not read from or written to the prompt cache). */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from / written to the prompt cache; null on rows recorded before they were kept (their inputTokens include them). */
  cacheReadTokens?: number | null;
  cacheWriteTokens?: number | null;
  latencyMs: Record<string, number>;
  actions: string[];
  draftFlags: string[];
  error: string | null;
  /** The contact's e-mail address: stored only as `contactHash`, so an erasure request can find the rows. */
  contactEmail?: string | null;
}

export class RecordStore {
  constructor(private readonly pool: pg.Pool) {}

  async save(record: TriageRecord): Promise<void> {
    const r = storageSafeDeep(record);
    const hash = r.contactEmail ? contactHash(r.contactEmail) : null;
    await this.pool.query(
      `INSERT INTO triage.records (job_key, kind, account_id, conversation_id, message_ids, last_message_id, input_sha256,
          language, category, priority, confidence, analysis, provider, model, model_calls, input_tokens, output_tokens,
          latency_ms, actions, draft_flags, error, contact_hash, cache_read_tokens, cache_write_tokens)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24)
       ON CONFLICT (job_key) DO UPDATE SET
          message_ids = EXCLUDED.message_ids, last_message_id = EXCLUDED.last_message_id, input_sha256 = EXCLUDED.input_sha256,
          language = EXCLUDED.language, category = EXCLUDED.category, priority = EXCLUDED.priority,
          confidence = EXCLUDED.confidence, analysis = EXCLUDED.analysis, provider = EXCLUDED.provider, model = EXCLUDED.model,
          model_calls = EXCLUDED.model_calls, input_tokens = EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens,
          latency_ms = EXCLUDED.latency_ms, actions = EXCLUDED.actions, draft_flags = EXCLUDED.draft_flags, error = EXCLUDED.error,
          contact_hash = EXCLUDED.contact_hash, cache_read_tokens = EXCLUDED.cache_read_tokens, cache_write_tokens = EXCLUDED.cache_write_tokens`,
      [
        r.jobKey,
        r.kind,
        r.accountId,
        r.conversationId,
        r.messageIds,
        r.lastMessageId,
        r.inputSha256,
        r.language,
        r.analysis?.category ?? null,
        r.analysis?.priority ?? null,
        r.analysis?.confidence ?? null,
        r.analysis ? JSON.stringify(r.analysis) : null,
        r.provider,
        r.model,
        r.modelCalls,
        r.inputTokens,
        r.outputTokens,
        JSON.stringify(r.latencyMs),
        JSON.stringify(r.actions),
        r.draftFlags,
        r.error,
        hash,
        r.cacheReadTokens ?? null,
        r.cacheWriteTokens ?? null,
      ],
    );
    // The job's checkpoint holds the same person's text until the retention purge: make it findable too.
    if (hash) await this.pool.query('UPDATE triage.jobs SET contact_hash = $2 WHERE key = $1 AND contact_hash IS DISTINCT FROM $2', [r.jobKey, hash]);
  }

  /** The help-center part of a record (issue 11): which articles were offered/used, and whether nothing matched. */
  async saveKnowledge(jobKey: string, k: { knowledge: object | null; undocumented: boolean | null }): Promise<void> {
    await this.pool.query('UPDATE triage.records SET knowledge = $2, undocumented = $3 WHERE job_key = $1', [
      jobKey,
      k.knowledge === null ? null : JSON.stringify(k.knowledge),
      k.undocumented,
    ]);
  }

  /** Questions no help-center article answered, newest first: what a help-center writer should document next. */
  async undocumentedQuestions(limit = 100): Promise<{ jobKey: string; conversationId: number; language: string | null; summary: string | null; createdAt: Date }[]> {
    const { rows } = await this.pool.query(
      `SELECT job_key, conversation_id, language, analysis->>'summary' AS summary, created_at FROM triage.records
        WHERE undocumented ORDER BY created_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r: Record<string, unknown>) => ({
      jobKey: r.job_key as string,
      conversationId: r.conversation_id as number,
      language: r.language as string | null,
      summary: r.summary as string | null,
      createdAt: r.created_at as Date,
    }));
  }

  async get(jobKey: string): Promise<(TriageRecord & { createdAt: Date }) | undefined> {
    const { rows } = await this.pool.query(`SELECT * FROM triage.records WHERE job_key = $1`, [jobKey]);
    const row = rows[0] as Record<string, unknown> | undefined;
    if (!row) return undefined;
    return {
      jobKey: row.job_key as string,
      kind: row.kind as 'triage' | 'followup',
      accountId: Number(row.account_id),
      conversationId: Number(row.conversation_id),
      messageIds: (row.message_ids as string[]).map(Number),
      lastMessageId: row.last_message_id === null ? null : Number(row.last_message_id),
      inputSha256: row.input_sha256 as string | null,
      language: row.language as string | null,
      analysis: row.analysis as Analysis | null,
      provider: row.provider as string | null,
      model: row.model as string | null,
      modelCalls: row.model_calls as number,
      inputTokens: row.input_tokens as number,
      outputTokens: row.output_tokens as number,
      cacheReadTokens: row.cache_read_tokens as number | null,
      cacheWriteTokens: row.cache_write_tokens as number | null,
      latencyMs: row.latency_ms as Record<string, number>,
      actions: row.actions as string[],
      draftFlags: row.draft_flags as string[],
      error: row.error as string | null,
      createdAt: row.created_at as Date,
    };
  }
}
