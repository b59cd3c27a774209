import type pg from 'pg';

/** A claim older than this whose conversation never got recorded is taken over (its owner died). */
const STALE_CLAIM_SECONDS = 60;

export type Claim = { owner: true } | { owner: false; conversationId: number | null };

/**
 * `triage.ingest_items`: one row per (source, external_id), UNIQUE. Insert-first claim: the request whose INSERT
 * wins creates the conversation; every other request for the same key waits for the recorded conversation id.
 */
export class IngestStore {
  constructor(private readonly pool: pg.Pool) {}

  async claim(source: string, externalId: string): Promise<Claim> {
    const inserted = await this.pool.query(
      `INSERT INTO triage.ingest_items (source, external_id) VALUES ($1, $2) ON CONFLICT (source, external_id) DO NOTHING RETURNING id`,
      [source, externalId],
    );
    if (inserted.rowCount === 1) return { owner: true };
    const takeover = await this.pool.query(
      `UPDATE triage.ingest_items SET claimed_at = now()
        WHERE source = $1 AND external_id = $2 AND conversation_id IS NULL AND claimed_at < now() - make_interval(secs => $3)
        RETURNING id`,
      [source, externalId, STALE_CLAIM_SECONDS],
    );
    if (takeover.rowCount === 1) return { owner: true };
    return { owner: false, conversationId: await this.conversationOf(source, externalId) };
  }

  async conversationOf(source: string, externalId: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ conversation_id: number | null }>(
      'SELECT conversation_id FROM triage.ingest_items WHERE source = $1 AND external_id = $2',
      [source, externalId],
    );
    return rows[0]?.conversation_id ?? null;
  }

  async complete(source: string, externalId: string, conversationId: number): Promise<void> {
    await this.pool.query('UPDATE triage.ingest_items SET conversation_id = $3 WHERE source = $1 AND external_id = $2', [source, externalId, conversationId]);
  }

  /** Gives a failed claim back so the caller's retry can create the conversation. */
  async release(source: string, externalId: string): Promise<void> {
    await this.pool.query('DELETE FROM triage.ingest_items WHERE source = $1 AND external_id = $2 AND conversation_id IS NULL', [source, externalId]);
  }
}
