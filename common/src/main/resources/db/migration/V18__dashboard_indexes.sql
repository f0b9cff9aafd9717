-- =====================================================================================================
-- vigia V18 (issue 19): what the dashboard reads need at 1,000 tenants x 1 year of hourly rows
-- (./bench/run.sh dashboard; figures in docs/jobs/performance.md). Indexes only: no view or function
-- changes what it returns.
--
--   * privacy_compliance_dashboard groups by the UTC day of event_time, so a dashboard's
--     "WHERE day >= :from" filters on that expression, which neither the (tenant_id, event_time) index
--     nor partition pruning can serve: every partition was read in full. An index on the same
--     expression serves it (tenant_id second, for one tenant's days; the whole view then groups in the
--     index's order instead of hashing every row).
--   * drift_detection_summary takes each model's latest metrics row ORDER BY period_end DESC,
--     computed_at DESC, model_version DESC LIMIT 1: V1's index lacked model_version, so every row of
--     the model (a year of daily windows) was read and sorted, per model. The index with the whole
--     order answers it with one probe per monthly partition.
--   * feedback_insights for one tenant reads the tenant's feedback three times (newest time, the
--     groups, the correction keys); feedback arrives in time order, so a tenant's rows lie one per
--     heap page. V1's (tenant_id, model_id, target_type, created_at) index, with the columns the view
--     reads included, lets all three be index-only scans of the tenant's contiguous index range.
-- Plain DDL only: runs inside Flyway's single transaction. On a large table CREATE INDEX blocks
-- writers of that table while it builds (reads go on).
-- =====================================================================================================

CREATE INDEX privacy_audit_log_day_idx
    ON privacy_audit_log (((event_time AT TIME ZONE 'UTC')::date), tenant_id);

CREATE INDEX model_performance_metrics_latest_version_idx
    ON model_performance_metrics (tenant_id, model_id, period_end DESC, computed_at DESC, model_version DESC);
DROP INDEX model_performance_metrics_latest_idx;  -- a prefix of the new one

CREATE INDEX user_feedback_insights_idx
    ON user_feedback (tenant_id, model_id, target_type, created_at)
    INCLUDE (rating, sentiment, processing_status, processed_at, correction_data);
DROP INDEX user_feedback_group_idx;  -- the same key
