import type pg from 'pg';

/**
 * The pipeline's schema `triage`, as ordered migrations. Each runs once, inside a transaction,
 * under an advisory lock so several replicas can start at the same time.
 */
const MIGRATIONS: { id: number; name: string; sql: string }[] = [
  {
    id: 1,
    name: 'jobs and triage records',
    sql: `
      CREATE TABLE triage.jobs (
        id            bigserial PRIMARY KEY,
        key           text NOT NULL UNIQUE,
        kind          text NOT NULL CHECK (kind IN ('triage', 'followup')),
        account_id    integer NOT NULL,
        conversation_id integer NOT NULL,
        message_id    bigint,
        status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        attempts      integer NOT NULL DEFAULT 0,
        max_attempts  integer NOT NULL,
        run_at        timestamptz NOT NULL DEFAULT now(),
        lease_until   timestamptz,
        worker        text,
        checkpoint    jsonb NOT NULL DEFAULT '{}'::jsonb,
        last_error    text,
        delivery_ids  text[] NOT NULL DEFAULT '{}',
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz
      );
      CREATE INDEX jobs_ready ON triage.jobs (run_at) WHERE status = 'queued';
      CREATE INDEX jobs_leased ON triage.jobs (lease_until) WHERE status = 'running';
      CREATE INDEX jobs_conversation ON triage.jobs (account_id, conversation_id);

      CREATE TABLE triage.records (
        id              bigserial PRIMARY KEY,
        job_key         text NOT NULL UNIQUE,
        kind            text NOT NULL,
        account_id      integer NOT NULL,
        conversation_id integer NOT NULL,
        message_ids     bigint[] NOT NULL,
        last_message_id bigint,
        input_sha256    text,
        language        text,
        category        text,
        priority        text,
        confidence      double precision,
        analysis        jsonb,
        draft_flags     text[] NOT NULL DEFAULT '{}',
        provider        text,
        model           text,
        model_calls     integer NOT NULL DEFAULT 0,
        input_tokens    integer NOT NULL DEFAULT 0,
        output_tokens   integer NOT NULL DEFAULT 0,
        latency_ms      jsonb NOT NULL DEFAULT '{}'::jsonb,
        actions         jsonb NOT NULL DEFAULT '[]'::jsonb,
        error           text,
        created_at      timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX records_conversation ON triage.records (account_id, conversation_id);
    `,
  },
  {
    id: 2,
    name: 'sla clocks, translate jobs, ingest items',
    sql: `
      ALTER TABLE triage.jobs DROP CONSTRAINT IF EXISTS jobs_kind_check;
      ALTER TABLE triage.jobs ADD CONSTRAINT jobs_kind_check CHECK (kind IN ('triage', 'followup', 'sla', 'translate'));

      CREATE TABLE triage.sla_clocks (
        account_id      integer NOT NULL,
        conversation_id integer NOT NULL,
        priority        text NOT NULL,
        team_id         integer,
        started_at      timestamptz NOT NULL,
        paused_since    timestamptz,
        paused          jsonb NOT NULL DEFAULT '{}'::jsonb,
        announced       text[] NOT NULL DEFAULT '{}',
        targets         jsonb NOT NULL DEFAULT '{}'::jsonb,
        elapsed         jsonb NOT NULL DEFAULT '{}'::jsonb,
        outcome         jsonb NOT NULL DEFAULT '{}'::jsonb,
        finished        boolean NOT NULL DEFAULT false,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, conversation_id)
      );

      CREATE TABLE triage.ingest_items (
        id              bigserial PRIMARY KEY,
        source          text NOT NULL,
        external_id     text NOT NULL,
        conversation_id integer,
        claimed_at      timestamptz NOT NULL DEFAULT now(),
        created_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (source, external_id)
      );
    `,
  },
];

export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['triage.migrations']);
    await client.query('CREATE SCHEMA IF NOT EXISTS triage');
    await client.query(
      'CREATE TABLE IF NOT EXISTS triage.migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ id: number }>('SELECT id FROM triage.migrations');
    const applied = new Set(rows.map((r) => r.id));
    for (const m of MIGRATIONS) {
      if (applied.has(m.id)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO triage.migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['triage.migrations']).catch(() => {});
    client.release();
  }
}
