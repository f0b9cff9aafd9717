-- =====================================================================================================
-- V11: least-privilege roles and row-level security (issue 10)
--
-- Three group roles (NOLOGIN; give them to login roles with GRANT vigia_job TO etl_user):
--   vigia_job        reads the inputs and writes the results; owns nothing. Partition creation goes
--                    through vigia_ensure_monthly_partitions(), which runs as its owner
--                    (SECURITY DEFINER), so the job role needs no table ownership. Staging tables
--                    live in the vigia_staging schema, where the job role may create tables.
--   vigia_analyst    reads everything, writes nothing.
--   vigia_dashboard  reads the tenant-scoped tables and the dashboard views, and sees only the rows
--                    of the tenant named by the session setting vigia.tenant_id:
--                        SET vigia.tenant_id = 'acme';          -- or set_config('vigia.tenant_id', $1, false)
--                    No setting (or an empty one) means no rows.
--
-- Row-level security is enabled on every table of schema public that has a tenant_id column (the
-- contract's tenant-scoped tables and any a later migration adds: vigia_apply_security() runs again
-- after every migrate, from Migrations.migrate). The table owner (the role that runs
-- `vigia migrate`) is not subject to it, as PostgreSQL intends; jobs should run as a vigia_job member.
--
-- Views: on PostgreSQL 15+ every view in public is made security_invoker, so the row-level security of
-- the tables underneath applies to whoever reads the view. On older servers a view would run with its
-- owner's rights and bypass row-level security, so vigia_dashboard gets no access to views there (a
-- NOTICE says so). The embedded server is PostgreSQL 17.
-- =====================================================================================================

DO $roles$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['vigia_job', 'vigia_analyst', 'vigia_dashboard'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'vigia needs the role % and the migrating user (%) may not create roles: '
                    'create it as an administrator (CREATE ROLE % NOLOGIN) or grant CREATEROLE, then run '
                    '`vigia migrate` again', r, current_user, r;
            END;
        END IF;
    END LOOP;
END
$roles$;

-- Partition creation runs with the owner's rights, so writers need not own the tables.
ALTER FUNCTION vigia_ensure_monthly_partitions(text, timestamptz, timestamptz) SECURITY DEFINER;
ALTER FUNCTION vigia_ensure_monthly_partitions(text, timestamptz, timestamptz) SET search_path = public, pg_temp;
REVOKE ALL ON FUNCTION vigia_ensure_monthly_partitions(text, timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigia_ensure_monthly_partitions(text, timestamptz, timestamptz) TO vigia_job;

CREATE FUNCTION vigia_apply_security() RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    t        record;
    v        record;
    n        integer := 0;
    invoker  boolean := current_setting('server_version_num')::int >= 150000;
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO vigia_job, vigia_analyst, vigia_dashboard', current_database());
    GRANT USAGE ON SCHEMA public TO vigia_job, vigia_analyst, vigia_dashboard;
    GRANT USAGE, CREATE ON SCHEMA vigia_staging TO vigia_job;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO vigia_job;
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO vigia_job;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO vigia_analyst;
    GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO vigia_analyst;
    -- the job role never changes the schema
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;

    FOR t IN
        SELECT c.oid::regclass AS rel, c.relname
          FROM pg_class c
          JOIN pg_namespace s ON s.oid = c.relnamespace
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
         WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    LOOP
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t.rel);
        EXECUTE format('DROP POLICY IF EXISTS vigia_all_rows ON %s', t.rel);
        EXECUTE format('CREATE POLICY vigia_all_rows ON %s TO vigia_job, vigia_analyst USING (true) WITH CHECK (true)', t.rel);
        EXECUTE format('DROP POLICY IF EXISTS vigia_tenant_rows ON %s', t.rel);
        EXECUTE format('CREATE POLICY vigia_tenant_rows ON %s FOR SELECT TO vigia_dashboard '
                       'USING (tenant_id = current_setting(''vigia.tenant_id'', true))', t.rel);
        EXECUTE format('GRANT SELECT ON %s TO vigia_dashboard', t.rel);
        n := n + 1;
    END LOOP;

    FOR v IN
        SELECT c.oid::regclass AS rel FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
         WHERE s.nspname = 'public' AND c.relkind = 'v'
    LOOP
        IF invoker THEN
            EXECUTE format('ALTER VIEW %s SET (security_invoker = true)', v.rel);
            EXECUTE format('GRANT SELECT ON %s TO vigia_dashboard', v.rel);
        ELSE
            EXECUTE format('REVOKE ALL ON %s FROM vigia_dashboard', v.rel);
        END IF;
    END LOOP;
    IF NOT invoker THEN
        RAISE NOTICE 'PostgreSQL % has no security_invoker views: vigia_dashboard reads tables only',
            current_setting('server_version');
    END IF;
    RETURN n;
END
$fn$;

SELECT vigia_apply_security();
