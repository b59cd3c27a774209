import type pg from 'pg';
import type { AppliedState, Correction } from './corrections.js';

/** The telemetry columns of a triage record (see migration 13). */
export interface TelemetryRecord {
  jobKey: string;
  accountId: number;
  conversationId: number;
  category: string | null;
  language: string | null;
  draft: string | null;
  applied: AppliedState | null;
  notesAt: Date | null;
  outcomeMessageId: number | null;
}

export interface DraftOutcome {
  messageId: number;
  similarity: number;
  used: boolean;
  seconds: number;
}

/** The only code that reads or writes the telemetry columns and `triage.corrections`. */
export class TelemetryStore {
  constructor(private readonly pool: pg.Pool) {}

  /** After the triage's notes are posted: the draft to compare the agent's reply with, what was set, when, and the cost. */
  async saveTriaged(jobKey: string, v: { draft: string | null; applied: AppliedState; costUsd: number | null }): Promise<{ webhookAt: Date | null; notesAt: Date } | null> {
    const { rows } = await this.pool.query<{ webhook_at: Date | null; notes_at: Date }>(
      `UPDATE triage.records r
          SET draft = $2, applied = $3, cost_usd = $4, notes_at = COALESCE(r.notes_at, now()),
              webhook_at = COALESCE(r.webhook_at, (SELECT j.created_at FROM triage.jobs j WHERE j.key = r.job_key))
        WHERE r.job_key = $1
        RETURNING r.webhook_at, r.notes_at`,
      [jobKey, v.draft, JSON.stringify(v.applied), v.costUsd],
    );
    return rows[0] ? { webhookAt: rows[0].webhook_at, notesAt: rows[0].notes_at } : null;
  }

  async forConversation(accountId: number, conversationId: number): Promise<TelemetryRecord | undefined> {
    const { rows } = await this.pool.query(
      `SELECT job_key, account_id, conversation_id, category, language, draft, applied, notes_at, outcome_message_id
         FROM triage.records WHERE kind = 'triage' AND account_id = $1 AND conversation_id = $2
        ORDER BY id DESC LIMIT 1`,
      [accountId, conversationId],
    );
    const r = rows[0] as Record<string, unknown> | undefined;
    if (!r) return undefined;
    return {
      jobKey: r.job_key as string,
      accountId: r.account_id as number,
      conversationId: r.conversation_id as number,
      category: r.category as string | null,
      language: r.language as string | null,
      draft: r.draft as string | null,
      applied: r.applied as AppliedState | null,
      notesAt: r.notes_at as Date | null,
      outcomeMessageId: r.outcome_message_id === null ? null : Number(r.outcome_message_id),
    };
  }

  /** Records the first public reply's outcome once (an earlier message id wins) and forgets the draft text. */
  async saveOutcome(jobKey: string, o: DraftOutcome): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE triage.records
          SET outcome_message_id = $2, outcome_similarity = $3, outcome_used = $4, outcome_seconds = $5, outcome_at = now(), draft = NULL
        WHERE job_key = $1 AND (outcome_message_id IS NULL OR outcome_message_id > $2)`,
      [jobKey, o.messageId, o.similarity, o.used, o.seconds],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Stores corrections not seen before; returns the new ones. */
  async saveCorrections(rec: Pick<TelemetryRecord, 'jobKey' | 'accountId' | 'conversationId'>, corrections: Correction[]): Promise<Correction[]> {
    const added: Correction[] = [];
    for (const c of corrections) {
      const { rowCount } = await this.pool.query(
        `INSERT INTO triage.corrections (job_key, account_id, conversation_id, field, from_value, to_value)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (job_key, field, to_value) DO NOTHING`,
        [rec.jobKey, rec.accountId, rec.conversationId, c.field, c.from, c.to],
      );
      if ((rowCount ?? 0) > 0) added.push(c);
    }
    return added;
  }

  /** Drops draft texts that can no longer be compared (no reply within the window). */
  async forgetOldDrafts(days: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `UPDATE triage.records SET draft = NULL WHERE draft IS NOT NULL AND notes_at < now() - make_interval(days => $1)`,
      [days],
    );
    return rowCount ?? 0;
  }
}
