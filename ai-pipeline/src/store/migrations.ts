import type pg from 'pg';
import './pg-types.js';

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
    name: 'contact hash and purge time for retention and erasure',
    sql: `
      ALTER TABLE triage.jobs ADD COLUMN IF NOT EXISTS contact_hash text;
      ALTER TABLE triage.jobs ADD COLUMN IF NOT EXISTS purged_at timestamptz;
      ALTER TABLE triage.records ADD COLUMN IF NOT EXISTS contact_hash text;
      ALTER TABLE triage.records ADD COLUMN IF NOT EXISTS purged_at timestamptz;
      CREATE INDEX IF NOT EXISTS jobs_contact_hash ON triage.jobs (contact_hash) WHERE contact_hash IS NOT NULL;
      CREATE INDEX IF NOT EXISTS records_contact_hash ON triage.records (contact_hash) WHERE contact_hash IS NOT NULL;
      CREATE INDEX IF NOT EXISTS records_unpurged ON triage.records (created_at) WHERE purged_at IS NULL;
      CREATE INDEX IF NOT EXISTS jobs_unpurged ON triage.jobs (updated_at) WHERE purged_at IS NULL AND status IN ('done', 'failed');
    `,
  },
  {
    id: 3,
    name: 'account and conversation ids as bigint',
    // Chatwoot's ids are Rails bigints; an id above 2^31-1 must be stored, not fail the webhook with a 500.
    sql: `
      ALTER TABLE triage.jobs ALTER COLUMN account_id TYPE bigint, ALTER COLUMN conversation_id TYPE bigint;
      ALTER TABLE triage.records ALTER COLUMN account_id TYPE bigint, ALTER COLUMN conversation_id TYPE bigint;
    `,
  },
  {
    id: 4,
    name: 'draft outcomes and agent corrections',
    sql: `
      ALTER TABLE triage.jobs DROP CONSTRAINT IF EXISTS jobs_kind_check;
      ALTER TABLE triage.jobs ADD CONSTRAINT jobs_kind_check CHECK (kind IN ('triage', 'followup', 'outcome', 'correction'));

      -- draft: kept only until the agent's first reply is compared with it (or 7 days); applied: what the triage set.
      ALTER TABLE triage.records
        ADD COLUMN draft              text,
        ADD COLUMN applied            jsonb,
        ADD COLUMN webhook_at         timestamptz,
        ADD COLUMN notes_at           timestamptz,
        ADD COLUMN cost_usd           double precision,
        ADD COLUMN outcome_message_id bigint,
        ADD COLUMN outcome_similarity double precision,
        ADD COLUMN outcome_used       boolean,
        ADD COLUMN outcome_seconds    double precision,
        ADD COLUMN outcome_at         timestamptz;
      CREATE INDEX records_created ON triage.records (created_at);

      CREATE TABLE triage.corrections (
        id              bigserial PRIMARY KEY,
        job_key         text NOT NULL REFERENCES triage.records (job_key) ON DELETE CASCADE,
        account_id      bigint NOT NULL,
        conversation_id bigint NOT NULL,
        field           text NOT NULL CHECK (field IN ('category_label', 'ai_category', 'team', 'assignee', 'priority')),
        from_value      text NOT NULL,  -- '(none)' when empty
        to_value        text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (job_key, field, to_value)
      );
      CREATE INDEX corrections_created ON triage.corrections (created_at);
    `,
  },
  {
    id: 5,
    name: 'help-center knowledge index',
    sql: `
      CREATE TABLE triage.knowledge_articles (
        key          text PRIMARY KEY,
        source       text NOT NULL CHECK (source IN ('chatwoot', 'dir')),
        group_key    text NOT NULL,
        slug         text NOT NULL,
        title        text NOT NULL,
        url          text NOT NULL,
        locale       text NOT NULL,
        category     text,
        content_sha  text NOT NULL,
        updated_at   bigint NOT NULL,
        synced_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX knowledge_articles_source ON triage.knowledge_articles (source, locale);

      CREATE TABLE triage.knowledge_passages (
        article_key  text NOT NULL REFERENCES triage.knowledge_articles (key) ON DELETE CASCADE,
        position     integer NOT NULL,
        heading      text NOT NULL,
        body         text NOT NULL,
        config       regconfig NOT NULL,
        tsv          tsvector NOT NULL,
        PRIMARY KEY (article_key, position)
      );
      CREATE INDEX knowledge_passages_tsv ON triage.knowledge_passages USING gin (tsv);

      ALTER TABLE triage.records ADD COLUMN knowledge jsonb;
      ALTER TABLE triage.records ADD COLUMN undocumented boolean;
    `,
  },
  {
    id: 6,
    name: 'sla clocks, translate jobs, ingest items',
    sql: `
      ALTER TABLE triage.jobs DROP CONSTRAINT IF EXISTS jobs_kind_check;
      ALTER TABLE triage.jobs ADD CONSTRAINT jobs_kind_check CHECK (kind IN ('triage', 'followup', 'outcome', 'correction', 'sla', 'translate'));

      CREATE TABLE triage.sla_clocks (
        account_id      bigint NOT NULL,
        conversation_id bigint NOT NULL,
        priority        text NOT NULL,
        team_id         bigint,
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
        conversation_id bigint,
        claimed_at      timestamptz NOT NULL DEFAULT now(),
        created_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (source, external_id)
      );
    `,
  },
  {
    id: 7,
    name: 'chat bot jobs',
    sql: `
      ALTER TABLE triage.jobs DROP CONSTRAINT IF EXISTS jobs_kind_check;
      ALTER TABLE triage.jobs ADD CONSTRAINT jobs_kind_check CHECK (kind IN ('triage', 'followup', 'outcome', 'correction', 'sla', 'translate', 'bot'));
    `,
  },
  {
    id: 8,
    name: 'prompt-cache tokens of a record',
    // From here on input_tokens is the uncached input only. NULL in both: a row recorded before, whose input_tokens
    // counts cache reads and writes too (the split was not kept).
    sql: `
      ALTER TABLE triage.records ADD COLUMN cache_read_tokens integer, ADD COLUMN cache_write_tokens integer;
    `,
  },
  {
    id: 9,
    name: 'ready jobs indexed in claim order',
    // The claim reads queued jobs by (run_at, id) and stops at its limit (queue.ts CLAIM_SQL); on (run_at) alone the
    // tie on id still meant reading and sorting every waiting job.
    sql: `
      DROP INDEX IF EXISTS triage.jobs_ready;
      CREATE INDEX jobs_ready ON triage.jobs (run_at, id) WHERE status = 'queued';
    `,
  },
];

export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['triage.migrations']);
    // Only when missing: a role that owns the schema but may not create schemas (the compose role `triage`)
    // is refused by CREATE SCHEMA IF NOT EXISTS even when the schema is there.
    const schema = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = 'triage'");
    if (schema.rowCount === 0) await client.query('CREATE SCHEMA triage');
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
