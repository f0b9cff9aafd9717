-- =====================================================================================================
-- vigia V10: a run the runner did not start because the job's enable setting is false is recorded as
-- 'skipped' (with the setting in its message), so a scheduler's green task and the ledger agree.
-- =====================================================================================================
ALTER TABLE job_runs DROP CONSTRAINT jr_status_chk;
ALTER TABLE job_runs ADD CONSTRAINT jr_status_chk CHECK (status IN ('running', 'succeeded', 'failed', 'skipped'));
COMMENT ON COLUMN job_runs.status IS
    'running, succeeded, failed, or skipped (the job''s enable setting was false: message names it; nothing read or written).';
