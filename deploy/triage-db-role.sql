-- The pipeline's own database role, limited to its own schema `triage` (docker-compose.yml runs this in the
-- one-shot service `triage-db-init`, as the Postgres superuser, in Chatwoot's database, before ai-pipeline
-- starts). Idempotent: it runs on every `docker compose up`, and keeps the role's password equal to
-- TRIAGE_DB_PASSWORD (passed in as the setting triage_init.password, never written into this file).
--
-- The role owns the schema `triage` and nothing else: it cannot create schemas or roles, and it has no
-- privilege on Chatwoot's tables in `public`.

DO $$
DECLARE
  pw text := current_setting('triage_init.password', true);
BEGIN
  IF pw IS NULL OR pw = '' THEN
    RAISE EXCEPTION 'TRIAGE_DB_PASSWORD is empty: set it in .env (openssl rand -hex 32)';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'triage') THEN
    EXECUTE format('CREATE ROLE triage LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', pw);
  ELSE
    EXECUTE format('ALTER ROLE triage WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', pw);
  END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS triage AUTHORIZATION triage;
ALTER SCHEMA triage OWNER TO triage;

-- Installations from before this role existed created the tables as the superuser: hand them over
-- (a table's serial sequences follow it).
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'triage' AND c.relkind IN ('r', 'p') AND pg_get_userbyid(c.relowner) <> 'triage'
  LOOP
    EXECUTE format('ALTER TABLE triage.%I OWNER TO triage', t.relname);
  END LOOP;
END
$$;

ALTER ROLE triage SET search_path = triage;
