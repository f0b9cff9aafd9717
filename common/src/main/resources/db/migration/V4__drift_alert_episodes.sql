-- =====================================================================================================
-- vigia V4 (issue 3, drift): alerts without storms.
--
-- An unresolved drift_alerts row is an episode: the drift job updates it when a later window confirms
-- the same tenant x model x version x alert type, instead of inserting a duplicate. window_start /
-- window_end (part of the natural key) stay the window that first raised it; last_window_start /
-- last_window_end are the latest window that confirmed it (NULL = the alert's own window, e.g. rows
-- written before V4 or by ingest), occurrences counts the windows. The human-owned columns (status,
-- acknowledged_*, resolved_*, resolution_notes, created_at) are untouched by this migration and by the
-- jobs.
-- =====================================================================================================

ALTER TABLE drift_alerts
    ADD COLUMN last_window_start timestamptz,
    ADD COLUMN last_window_end   timestamptz,
    ADD COLUMN occurrences       integer NOT NULL DEFAULT 1,
    ADD CONSTRAINT da_occurrences_chk CHECK (occurrences >= 1),
    ADD CONSTRAINT da_last_window_chk CHECK (
        (last_window_start IS NULL AND last_window_end IS NULL)
        OR (last_window_end > last_window_start AND last_window_end >= window_end));

CREATE INDEX drift_alerts_episode_idx
    ON drift_alerts (tenant_id, model_id, model_version, alert_type, source_job,
                     (coalesce(last_window_end, window_end)) DESC);

COMMENT ON COLUMN drift_alerts.last_window_start IS
    'Start of the latest evaluation window that confirmed this alert (NULL = window_start).';
COMMENT ON COLUMN drift_alerts.last_window_end IS
    'End of the latest evaluation window that confirmed this alert (NULL = window_end).';
COMMENT ON COLUMN drift_alerts.occurrences IS
    'Number of evaluation windows that raised or confirmed this alert while it was unresolved.';
