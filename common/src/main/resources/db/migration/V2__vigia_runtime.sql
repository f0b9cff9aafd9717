-- =====================================================================================================
-- vigia V2: runtime objects that are not part of the Phase 5 contract tables: the run ledger and the
-- staging schema used by the single results writer (Spark writes a staging table, then one transaction
-- replaces the window's rows on the natural key and records the run here).
-- Plain DDL only: runs inside Flyway's single transaction.
-- =====================================================================================================

CREATE TABLE job_runs (
    id                   bigserial    PRIMARY KEY,
    job                  text         NOT NULL,
    window_start         timestamptz  NOT NULL,
    window_end           timestamptz  NOT NULL,
    run_id               uuid         NOT NULL,
    tenant_filter        text,
    status               text         NOT NULL DEFAULT 'running',
    records_in           bigint       NOT NULL DEFAULT 0,
    records_ok           bigint       NOT NULL DEFAULT 0,
    records_quarantined  bigint       NOT NULL DEFAULT 0,
    started_at           timestamptz  NOT NULL DEFAULT now(),
    ended_at             timestamptz,
    message              text,
    host                 text,
    details              jsonb        NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT job_runs_run_id_key  UNIQUE (run_id),
    CONSTRAINT jr_job_chk           CHECK (job <> ''),
    CONSTRAINT jr_status_chk        CHECK (status IN ('running', 'succeeded', 'failed')),
    CONSTRAINT jr_window_chk        CHECK (window_end > window_start),
    CONSTRAINT jr_counts_chk        CHECK (records_in >= 0 AND records_ok >= 0 AND records_quarantined >= 0),
    CONSTRAINT jr_balance_chk       CHECK (status <> 'succeeded' OR records_in = records_ok + records_quarantined),
    CONSTRAINT jr_ended_chk         CHECK (status = 'running' OR ended_at IS NOT NULL),
    CONSTRAINT jr_ended_after_chk   CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX job_runs_window_idx ON job_runs (job, window_start, window_end, started_at);
CREATE INDEX job_runs_running_idx ON job_runs (job, started_at) WHERE status = 'running';

COMMENT ON TABLE job_runs IS
    'Run ledger: one row per job run with its window [window_start, window_end), status and record counts; records_in = records_ok + records_quarantined holds for every succeeded run.';
COMMENT ON COLUMN job_runs.run_id IS 'The run''s id; results rows carry it in their run_id column.';
COMMENT ON COLUMN job_runs.tenant_filter IS 'The --tenant the run was restricted to, NULL for all tenants.';
COMMENT ON COLUMN job_runs.message IS 'One-line outcome or failure reason (never a secret).';
COMMENT ON COLUMN job_runs.details IS 'Job-specific counters (per tenant, per table) as JSON.';

CREATE SCHEMA IF NOT EXISTS vigia_staging;

COMMENT ON SCHEMA vigia_staging IS
    'Staging tables written by Spark before the single transactional swap into the results tables; disposable.';
