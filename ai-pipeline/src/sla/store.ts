import type pg from 'pg';
import type { SlaClockName, SlaMemory } from './evaluate.js';

/** One conversation's SLA clock as stored in `triage.sla_clocks` (also the source of the attainment report). */
export interface SlaRow extends SlaMemory {
  accountId: number;
  conversationId: number;
  priority: string;
  teamId: number | null;
  targets: Partial<Record<SlaClockName, number>>;
  /** Business seconds used when the clock stopped or was last measured. */
  elapsed: Partial<Record<SlaClockName, number>>;
  /** 'met' | 'breached' | 'running' | 'paused' per clock. */
  outcome: Partial<Record<SlaClockName, string>>;
  finished: boolean;
}

interface DbRow {
  account_id: number;
  conversation_id: number;
  priority: string;
  team_id: number | null;
  started_at: Date;
  paused_since: Date | null;
  paused: Record<SlaClockName, number>;
  announced: string[];
  targets: SlaRow['targets'];
  elapsed: SlaRow['elapsed'];
  outcome: SlaRow['outcome'];
  finished: boolean;
}

function fromDb(r: DbRow): SlaRow {
  return {
    accountId: r.account_id,
    conversationId: r.conversation_id,
    priority: r.priority,
    teamId: r.team_id,
    startedAt: r.started_at,
    pausedSince: r.paused_since,
    paused: r.paused,
    announced: r.announced,
    targets: r.targets,
    elapsed: r.elapsed,
    outcome: r.outcome,
    finished: r.finished,
  };
}

export class SlaStore {
  constructor(private readonly pool: pg.Pool) {}

  async get(accountId: number, conversationId: number): Promise<SlaRow | undefined> {
    const { rows } = await this.pool.query<DbRow>('SELECT * FROM triage.sla_clocks WHERE account_id = $1 AND conversation_id = $2', [accountId, conversationId]);
    return rows[0] ? fromDb(rows[0]) : undefined;
  }

  async save(r: SlaRow): Promise<void> {
    await this.pool.query(
      `INSERT INTO triage.sla_clocks (account_id, conversation_id, priority, team_id, started_at, paused_since, paused, announced, targets, elapsed, outcome, finished)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
       ON CONFLICT (account_id, conversation_id) DO UPDATE SET
         priority = EXCLUDED.priority, team_id = EXCLUDED.team_id, paused_since = EXCLUDED.paused_since, paused = EXCLUDED.paused,
         announced = EXCLUDED.announced, targets = EXCLUDED.targets, elapsed = EXCLUDED.elapsed, outcome = EXCLUDED.outcome,
         finished = EXCLUDED.finished, updated_at = now()`,
      [
        r.accountId,
        r.conversationId,
        r.priority,
        r.teamId,
        r.startedAt,
        r.pausedSince,
        JSON.stringify(r.paused),
        r.announced,
        JSON.stringify(r.targets),
        JSON.stringify(r.elapsed),
        JSON.stringify(r.outcome),
        r.finished,
      ],
    );
  }

  async all(accountId: number): Promise<SlaRow[]> {
    const { rows } = await this.pool.query<DbRow>('SELECT * FROM triage.sla_clocks WHERE account_id = $1 ORDER BY conversation_id', [accountId]);
    return rows.map(fromDb);
  }
}
