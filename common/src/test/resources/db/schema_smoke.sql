-- Smoke test of the migrations V1..V3 on a fresh database (psql -v ON_ERROR_STOP=1 -f schema_smoke.sql).
-- Every check raises an exception on failure; the script prints its results and leaves its test rows
-- behind (run it on a throw-away database).
\set ON_ERROR_STOP 1
SET timezone = 'America/Mexico_City';   -- partition bounds must be UTC whatever the session zone

-- 1. one row in each partitioned table (all land in the <table>_default partitions)
INSERT INTO model_performance_metrics (tenant_id, model_id, model_version, period_start, period_end, sample_size,
        mape, accuracy, data_drift_score, concept_drift_score, prediction_drift_score, drift_score)
VALUES ('t1', 'm1', 'v1', '2026-02-01T00:00:00Z', '2026-02-08T00:00:00Z', 500, 0.18, 0.9, 0.3, 0.6, 0.1, 0.37),
       ('t1', 'm1', 'v1', '2026-02-08T00:00:00Z', '2026-02-15T00:00:00Z', 520, 0.25, 0.8, 0.8, 1.0, 0.5, 0.805);
INSERT INTO system_performance_metrics (tenant_id, granularity, period_start, period_end, predictions_count,
        prediction_avg_latency_ms, prediction_p95_latency_ms, prediction_error_rate, llm_calls_count, llm_cost_usd)
VALUES ('t1', 'hourly', '2026-02-28T23:00:00Z', '2026-03-01T00:00:00Z', 100, 12.5, 40, 0.01, 7, 0.0123456789),
       ('*',  'hourly', '2026-02-28T23:00:00Z', '2026-03-01T00:00:00Z', 300, 11.0, 38, 0.02, 9, 0.02),
       ('t1', 'daily',  '2026-02-28T00:00:00Z', '2026-03-01T00:00:00Z', 2400, 12.0, 41, 0.01, 170, 0.3);
INSERT INTO privacy_audit_log (dedup_key, tenant_id, event_type, source, record_ref, pii_types, field_count,
        detection_confidence, sanitization_method, risk_level, requires_review, blocked, event_time, source_job,
        consent_verified, legal_basis, gdpr_compliant)
VALUES ('k1', 't1', 'pii_detected', 'llm_call.prompt_text', 'pii:v1:k01:abcdef0123456789', '{email,phone}', 2, 0.97,
        'hash', 'medium', false, false, '2026-02-28 23:30:00-06', 'privacy_scan', NULL, NULL, true),
       ('k2', 't1', 'data_export', 'data_access', 'pii:v1:k01:0123456789abcdef', '{email}', 1, NULL,
        NULL, 'high', true, false, '2026-02-10T10:00:00Z', 'privacy_scan', false, NULL, false),
       ('k3', 't1', 'data_access', 'data_access', 'pii:v1:k01:fedcba9876543210', '{}', 1, NULL,
        NULL, 'low', false, false, '2026-02-10T11:00:00Z', 'privacy_scan', true, 'consent', true);
INSERT INTO user_feedback (tenant_id, user_id, target_type, target_id, model_id, rating, comment, correction_data,
        created_at, sentiment, sentiment_score, processing_status, processed_at, language)
SELECT 't1', 'u' || g, 'prediction', 'p' || g, 'm1', CASE WHEN g <= 3 THEN 1 ELSE 5 END, 'ok', 
       CASE WHEN g % 2 = 0 THEN '{"value": 10, "reason": "late"}'::jsonb WHEN g = 1 THEN '{"value": 3}'::jsonb END,
       timestamptz '2026-02-20T00:00:00Z' + g * interval '1 day',
       CASE WHEN g <= 3 THEN 'negative' ELSE 'positive' END, CASE WHEN g <= 3 THEN -0.8 ELSE 0.7 END,
       'processed', timestamptz '2026-02-20T06:00:00Z' + g * interval '1 day', 'es'
  FROM generate_series(1, 10) g;
INSERT INTO user_feedback (tenant_id, target_type, model_id, rating, created_at)
VALUES ('t1', 'explanation', NULL, 2, '2026-01-15T00:00:00Z');
INSERT INTO cost_tracking (tenant_id, cost_type, service, model, usage_date, billing_period, usage_units, unit_type,
        unit_cost, total_cost_usd, pricing_status, price_version, event_count, input_tokens, output_tokens, cached_input_tokens)
VALUES ('t1', 'llm_api', 'openai', 'gpt-4o', '2026-02-28', '2026-02-01', 1500, 'tokens', 0.00001, 0.015, 'priced', '2026-01', 3, 1000, 500, 200),
       ('t1', 'llm_api', 'acme', 'mystery-1', '2026-02-28', '2026-02-01', 900, 'tokens', NULL, NULL, 'unpriced', NULL, 2, 600, 300, 0),
       ('t1', 'compute', 'spark', '', '2026-02-27', '2026-02-01', 2.5, 'cpu_hours', 0.04, 0.1, 'priced', 'settings', 1, NULL, NULL, NULL);

-- other tables
INSERT INTO feature_drift_metrics (tenant_id, model_id, model_version, period_start, period_end, feature, feature_kind,
        reference_count, current_count, ks_statistic, ks_p_value, psi, drifted)
VALUES ('t1', 'm1', 'v1', '2026-02-08T00:00:00Z', '2026-02-15T00:00:00Z', 'price', 'numeric', 500, 520, 0.21, 0.0001, 0.31, true),
       ('t1', 'm1', 'v1', '2026-02-08T00:00:00Z', '2026-02-15T00:00:00Z', 'region', 'categorical', 500, 520, NULL, NULL, 0.05, false);
INSERT INTO drift_alerts (tenant_id, model_id, model_version, alert_type, severity, drift_score, retraining_triggered,
        window_start, window_end, source_job)
VALUES ('t1', 'm1', 'v1', 'drift_detected', 'critical', 0.805, true, '2026-02-08T00:00:00Z', '2026-02-15T00:00:00Z', 'drift'),
       ('t1', 'm2', '',   'data_quality',   'medium',   NULL,  false, '2026-02-08T00:00:00Z', '2026-02-15T00:00:00Z', 'ingest');
INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, treatment_model_id, traffic_split, primary_metric,
        success_threshold, min_sample_size, confidence_level, status, started_at)
VALUES ('exp-1', 't1', 'Prophet vs SARIMAX', 'prophet', 'sarimax', 0.5, 'mape', 0.05, 100, 0.95, 'running', '2026-02-01T00:00:00Z');
INSERT INTO ab_experiment_observations (experiment_id, tenant_id, variant, unit_id, metric_name, metric_value, latency_ms, cost_usd)
VALUES ('exp-1', 't1', 'control', 'u1', 'mape', 0.12, 10, 0.001), ('exp-1', 't1', 'treatment', 'u2', 'mape', 0.10, 12, 0.001);
INSERT INTO cache_performance_metrics (tenant_id, cache_type, granularity, period_start, period_end, hits, misses, hit_rate, cost_savings_usd)
VALUES ('t1', 'llm_semantic', 'daily', '2026-02-28T00:00:00Z', '2026-03-01T00:00:00Z', 70, 30, 0.7, -0.001);
INSERT INTO compliance_reports (tenant_id, report_type, period_start, period_end, compliance_score, risk_score)
VALUES ('t1', 'gdpr', '2026-02-23T00:00:00Z', '2026-03-02T00:00:00Z', 92.5, 12);
INSERT INTO improvement_suggestions (tenant_id, model_id, suggestion_type, priority, issue_identified, recommendation,
        confidence_score, window_start, window_end, source_job)
VALUES ('t1', 'm1', 'model_retrain', 'high', 'MAPE increased 20% in last 7 days', 'Retrain with 90 days', 0.85,
        '2026-02-08T00:00:00Z', '2026-02-15T00:00:00Z', 'improvements');
INSERT INTO job_runs (job, window_start, window_end, run_id, status, records_in, records_ok, records_quarantined, ended_at)
VALUES ('ingest', '2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z', '00000000-0000-0000-0000-000000000001', 'succeeded', 10, 8, 2, now());
INSERT INTO llm_price_catalog (provider, model, input_price_per_token, output_price_per_token, cached_input_price_per_token,
        valid_from, price_version)
VALUES ('openai', 'gpt-4o', 0.0000025, 0.00001, 0.00000125, '2026-01-01T00:00:00Z', '2026-01');
INSERT INTO tenant_budgets (tenant_id, valid_from, monthly_budget_usd) VALUES ('t1', '2026-02-01', 100);

SELECT 'default partition rows before' AS step, tableoid::regclass AS part, count(*) FROM model_performance_metrics GROUP BY 2;

-- 2. partitions: create Jan..Apr 2026, rows of those months move out of the default partitions
SELECT t AS table_name, vigia_ensure_monthly_partitions(t, '2026-01-15T00:00:00Z', '2026-05-01T00:00:00Z') AS created
  FROM unnest(ARRAY['model_performance_metrics', 'system_performance_metrics', 'privacy_audit_log',
                    'user_feedback', 'cost_tracking']) t;
SELECT t AS table_name, vigia_ensure_monthly_partitions(t, '2026-01-15T00:00:00Z', '2026-05-01T00:00:00Z') AS created_again
  FROM unnest(ARRAY['model_performance_metrics', 'system_performance_metrics', 'privacy_audit_log',
                    'user_feedback', 'cost_tracking']) t;

DO $$
DECLARE n int;
BEGIN
    IF vigia_ensure_monthly_partitions('cost_tracking', '2026-01-01T00:00:00Z', '2026-05-01T00:00:00Z') <> 0 THEN
        RAISE EXCEPTION 'second call created partitions';
    END IF;
    SELECT count(*) INTO n FROM model_performance_metrics_default;      IF n <> 0 THEN RAISE EXCEPTION 'mpm default not emptied'; END IF;
    SELECT count(*) INTO n FROM model_performance_metrics_p202602;      IF n <> 2 THEN RAISE EXCEPTION 'mpm Feb has %', n; END IF;
    -- 2026-02-28 23:30 -06 is 2026-03-01 05:30 UTC: the March partition
    SELECT count(*) INTO n FROM privacy_audit_log_p202603;              IF n <> 1 THEN RAISE EXCEPTION 'pal Mar has %', n; END IF;
    SELECT count(*) INTO n FROM system_performance_metrics_p202602;     IF n <> 3 THEN RAISE EXCEPTION 'spm Feb has %', n; END IF;
    SELECT count(*) INTO n FROM cost_tracking_p202602;                  IF n <> 3 THEN RAISE EXCEPTION 'ct Feb has %', n; END IF;
    SELECT count(*) INTO n FROM user_feedback_p202601;                  IF n <> 1 THEN RAISE EXCEPTION 'uf Jan has %', n; END IF;
    SELECT count(*) INTO n FROM user_feedback_p202602 ;                 IF n <> 8 THEN RAISE EXCEPTION 'uf Feb has %', n; END IF;
    SELECT count(*) INTO n FROM user_feedback_p202603 ;                 IF n <> 2 THEN RAISE EXCEPTION 'uf Mar has %', n; END IF;
    -- the attached partitions got the parent's unique keys: a duplicate key is refused
    BEGIN
        INSERT INTO cost_tracking (tenant_id, cost_type, service, model, usage_date, billing_period, unit_type, total_cost_usd, pricing_status)
        VALUES ('t1', 'llm_api', 'openai', 'gpt-4o', '2026-02-28', '2026-02-01', 'tokens', 1, 'priced');
        RAISE EXCEPTION 'duplicate cost_tracking key accepted';
    EXCEPTION WHEN unique_violation THEN NULL;
    END;
    -- new rows route to the monthly partition, later months still to default
    INSERT INTO user_feedback (tenant_id, target_type, rating, created_at) VALUES ('t2', 'action', 4, '2026-04-30T23:59:59Z');
    INSERT INTO user_feedback (tenant_id, target_type, rating, created_at) VALUES ('t2', 'action', 4, '2026-05-01T00:00:00Z');
    SELECT count(*) INTO n FROM user_feedback_p202604;  IF n <> 1 THEN RAISE EXCEPTION 'uf Apr has %', n; END IF;
    SELECT count(*) INTO n FROM user_feedback_default;  IF n <> 1 THEN RAISE EXCEPTION 'uf default has %', n; END IF;
    RAISE NOTICE 'partition checks passed';
END $$;

SELECT c.relname AS partition, pg_get_expr(c.relpartbound, c.oid) AS bound
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
 WHERE i.inhparent = 'cost_tracking'::regclass OR i.inhparent = 'privacy_audit_log'::regclass
 ORDER BY 1;

-- 3. every CHECK refuses a bad row
DO $$
DECLARE
    stmt text;
    bad text[] := ARRAY[
      $q$INSERT INTO model_performance_metrics (tenant_id, model_id, period_start, period_end, drift_score) VALUES ('t','m','2026-01-01Z','2026-01-02Z', 1.2)$q$,
      $q$INSERT INTO model_performance_metrics (tenant_id, model_id, period_start, period_end, mape) VALUES ('t','m','2026-01-01Z','2026-01-02Z', 'NaN')$q$,
      $q$INSERT INTO model_performance_metrics (tenant_id, model_id, period_start, period_end) VALUES ('t','m','2026-01-02Z','2026-01-01Z')$q$,
      $q$INSERT INTO feature_drift_metrics (tenant_id, model_id, period_start, period_end, feature, feature_kind) VALUES ('t','m','2026-01-01Z','2026-01-02Z','f','text')$q$,
      $q$INSERT INTO feature_drift_metrics (tenant_id, model_id, period_start, period_end, feature, feature_kind, ks_p_value) VALUES ('t','m','2026-01-01Z','2026-01-02Z','f','numeric', 1.5)$q$,
      $q$INSERT INTO drift_alerts (tenant_id, alert_type, severity, window_start, window_end, source_job) VALUES ('t','drift','low','2026-01-01Z','2026-01-02Z','x')$q$,
      $q$INSERT INTO drift_alerts (tenant_id, alert_type, severity, window_start, window_end, source_job) VALUES ('t','data_quality','urgent','2026-01-01Z','2026-01-02Z','x')$q$,
      $q$INSERT INTO drift_alerts (tenant_id, alert_type, severity, status, window_start, window_end, source_job) VALUES ('t','data_quality','low','closed','2026-01-01Z','2026-01-02Z','x')$q$,
      $q$INSERT INTO drift_alerts (tenant_id, alert_type, severity, drift_score, window_start, window_end, source_job) VALUES ('t','data_quality','low',-0.1,'2026-01-01Z','2026-01-02Z','x')$q$,
      $q$INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, treatment_model_id, traffic_split, primary_metric) VALUES ('e2','t','n','a','b',1.5,'mape')$q$,
      $q$INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, treatment_model_id, confidence_level, primary_metric) VALUES ('e2','t','n','a','b',1,'mape')$q$,
      $q$INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, treatment_model_id, status, primary_metric) VALUES ('e2','t','n','a','b','paused','mape')$q$,
      $q$INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, treatment_model_id, winner, primary_metric) VALUES ('e2','t','n','a','b','both','mape')$q$,
      $q$INSERT INTO ab_experiment_observations (experiment_id, tenant_id, variant, metric_name) VALUES ('exp-1','t','holdout','mape')$q$,
      $q$INSERT INTO system_performance_metrics (tenant_id, granularity, period_start, period_end) VALUES ('t','minutely','2026-01-01Z','2026-01-02Z')$q$,
      $q$INSERT INTO system_performance_metrics (tenant_id, granularity, period_start, period_end, prediction_error_rate) VALUES ('t','hourly','2026-01-01Z','2026-01-02Z', 1.1)$q$,
      $q$INSERT INTO system_performance_metrics (tenant_id, granularity, period_start, period_end, llm_input_tokens) VALUES ('t','hourly','2026-01-01Z','2026-01-02Z', -1)$q$,
      $q$INSERT INTO cost_tracking (tenant_id, cost_type, service, usage_date, billing_period, unit_type, pricing_status) VALUES ('t','gpu','s','2026-01-05','2026-01-01','h','unpriced')$q$,
      $q$INSERT INTO cost_tracking (tenant_id, cost_type, service, usage_date, billing_period, unit_type, pricing_status) VALUES ('t','compute','s','2026-01-05','2026-01-05','h','unpriced')$q$,
      $q$INSERT INTO cost_tracking (tenant_id, cost_type, service, usage_date, billing_period, unit_type, pricing_status) VALUES ('t','compute','s','2026-01-05','2026-01-01','h','free')$q$,
      $q$INSERT INTO cost_tracking (tenant_id, cost_type, service, usage_date, billing_period, unit_type, pricing_status) VALUES ('t','compute','s','2026-01-05','2026-01-01','h','priced')$q$,
      $q$INSERT INTO cost_tracking (tenant_id, cost_type, service, usage_date, billing_period, unit_type, pricing_status, total_cost_usd) VALUES ('t','compute','s','2026-01-05','2026-01-01','h','priced', -1)$q$,
      $q$INSERT INTO cache_performance_metrics (tenant_id, cache_type, granularity, period_start) VALUES ('t','redis','daily','2026-01-01Z')$q$,
      $q$INSERT INTO cache_performance_metrics (tenant_id, cache_type, granularity, period_start, hit_rate) VALUES ('t','llm_exact','daily','2026-01-01Z', 2)$q$,
      $q$INSERT INTO privacy_audit_log (dedup_key, tenant_id, event_type, event_time, source_job) VALUES ('x','t','pii_leaked','2026-01-01Z','j')$q$,
      $q$INSERT INTO privacy_audit_log (dedup_key, tenant_id, event_type, event_time, source_job, risk_level) VALUES ('x','t','data_access','2026-01-01Z','j','severe')$q$,
      $q$INSERT INTO privacy_audit_log (dedup_key, tenant_id, event_type, event_time, source_job, sanitization_method) VALUES ('x','t','pii_sanitized','2026-01-01Z','j','encrypt')$q$,
      $q$INSERT INTO privacy_audit_log (dedup_key, tenant_id, event_type, event_time, source_job, record_ref) VALUES ('x','t','pii_detected','2026-01-01Z','j','juan.perez@example.com')$q$,
      $q$INSERT INTO compliance_reports (tenant_id, report_type, period_start, period_end, compliance_score) VALUES ('t','gdpr','2026-01-01Z','2026-01-02Z', 101)$q$,
      $q$INSERT INTO compliance_reports (tenant_id, report_type, period_start, period_end, risk_score) VALUES ('t','gdpr','2026-01-01Z','2026-01-02Z', -1)$q$,
      $q$INSERT INTO compliance_reports (tenant_id, report_type, period_start, period_end) VALUES ('t','hipaa','2026-01-01Z','2026-01-02Z')$q$,
      $q$INSERT INTO compliance_reports (tenant_id, report_type, period_start, period_end, status) VALUES ('t','gdpr','2026-01-01Z','2026-01-02Z','final')$q$,
      $q$INSERT INTO user_feedback (tenant_id, target_type, rating) VALUES ('t','prediction', 6)$q$,
      $q$INSERT INTO user_feedback (tenant_id, target_type, rating) VALUES ('t','prediction', 0)$q$,
      $q$INSERT INTO user_feedback (tenant_id, target_type) VALUES ('t','dashboard')$q$,
      $q$INSERT INTO user_feedback (tenant_id, target_type, sentiment_score) VALUES ('t','action', -1.5)$q$,
      $q$INSERT INTO user_feedback (tenant_id, target_type, sentiment) VALUES ('t','action', 'angry')$q$,
      $q$INSERT INTO user_feedback (tenant_id, target_type, processing_status) VALUES ('t','action', 'done')$q$,
      $q$INSERT INTO user_feedback (tenant_id, target_type, processing_status) VALUES ('t','action', 'processed')$q$,
      $q$INSERT INTO user_feedback (tenant_id, target_type, processing_status, processed_at) VALUES ('t','action', 'failed', now())$q$,
      $q$INSERT INTO improvement_suggestions (tenant_id, suggestion_type, priority, issue_identified, recommendation, window_start, window_end, source_job) VALUES ('t','rewrite','low','i','r','2026-01-01Z','2026-01-02Z','j')$q$,
      $q$INSERT INTO improvement_suggestions (tenant_id, suggestion_type, priority, issue_identified, recommendation, window_start, window_end, source_job) VALUES ('t','cache_tuning','urgent','i','r','2026-01-01Z','2026-01-02Z','j')$q$,
      $q$INSERT INTO improvement_suggestions (tenant_id, suggestion_type, priority, issue_identified, recommendation, window_start, window_end, source_job, confidence_score) VALUES ('t','cache_tuning','low','i','r','2026-01-01Z','2026-01-02Z','j', 1.01)$q$,
      $q$INSERT INTO improvement_suggestions (tenant_id, suggestion_type, priority, issue_identified, recommendation, window_start, window_end, source_job, status) VALUES ('t','cache_tuning','low','i','r','2026-01-01Z','2026-01-02Z','j','done')$q$,
      $q$INSERT INTO partition_management (table_name, partition_strategy, partition_key, size_threshold_gb, row_threshold) VALUES ('x','interval','k',1,1)$q$,
      $q$INSERT INTO partition_management (table_name, partition_strategy, partition_key, size_threshold_gb, row_threshold, maintenance_log) VALUES ('x','range','k',1,1,'{}')$q$,
      $q$INSERT INTO job_runs (job, window_start, window_end, run_id, status) VALUES ('j','2026-01-01Z','2026-01-02Z', gen_random_uuid(), 'killed')$q$,
      $q$INSERT INTO job_runs (job, window_start, window_end, run_id, status, records_in, records_ok, records_quarantined, ended_at) VALUES ('j','2026-01-01Z','2026-01-02Z', gen_random_uuid(), 'succeeded', 10, 7, 2, now())$q$,
      $q$INSERT INTO job_runs (job, window_start, window_end, run_id, status) VALUES ('j','2026-01-01Z','2026-01-02Z', gen_random_uuid(), 'failed')$q$,
      $q$INSERT INTO llm_price_catalog (provider, model, input_price_per_token, output_price_per_token, valid_from, price_version) VALUES ('p','m',-1,0,'2026-01-01Z','v')$q$,
      $q$INSERT INTO tenant_budgets (tenant_id, valid_from, monthly_budget_usd) VALUES ('t','2026-01-15', 10)$q$
    ];
    refused int := 0;
BEGIN
    FOREACH stmt IN ARRAY bad LOOP
        BEGIN
            EXECUTE stmt;
            RAISE EXCEPTION 'CHECK did not refuse: %', stmt;
        EXCEPTION WHEN check_violation THEN
            refused := refused + 1;
        END;
    END LOOP;
    RAISE NOTICE 'check violations refused: % of %', refused, array_length(bad, 1);
    -- a failed run may leave records_in unbalanced; a running one too
    INSERT INTO job_runs (job, window_start, window_end, run_id, status, records_in, records_ok, ended_at)
    VALUES ('j', '2026-01-01Z', '2026-01-02Z', gen_random_uuid(), 'failed', 10, 3, now());
END $$;

-- 4. functions
DO $$
BEGIN
    IF calculate_drift_score(0.1725, 0.15, NULL, NULL) <> 0.5 THEN RAISE EXCEPTION 'mape at threshold must give 0.5'; END IF;
    IF calculate_drift_score(0.195, 0.15, NULL, NULL) <> 1 THEN RAISE EXCEPTION 'mape at twice the threshold must give 1'; END IF;
    IF calculate_drift_score(0.5, 0.15, NULL, NULL) <> 1 THEN RAISE EXCEPTION 'clamp to 1'; END IF;
    IF calculate_drift_score(0.10, 0.15, NULL, NULL) <> 0 THEN RAISE EXCEPTION 'improvement must give 0'; END IF;
    IF calculate_drift_score(NULL, NULL, 0.855, 0.95) <> 0.5 THEN RAISE EXCEPTION 'accuracy at threshold must give 0.5'; END IF;
    IF calculate_drift_score(0.1725, 0.15, 0.76, 0.95) <> 1 THEN RAISE EXCEPTION 'max of components'; END IF;
    IF calculate_drift_score(NULL, 0.15, NULL, 0.9) IS NOT NULL THEN RAISE EXCEPTION 'no inputs must give NULL'; END IF;
    IF calculate_drift_score(0.1, 0, NULL, NULL) <> 1 THEN RAISE EXCEPTION 'zero reference'; END IF;
    IF combine_drift_scores(1, 1, 1) <> 1 OR combine_drift_scores(1, 0, 0) <> 0.4
       OR combine_drift_scores(1, NULL, NULL) <> 1 OR combine_drift_scores(NULL, NULL, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'combine_drift_scores';
    END IF;
    IF (SELECT count(*) FROM aggregate_hourly_metrics('2026-02-28T00:00:00Z', '2026-03-01T00:00:00Z')) <> 2 THEN
        RAISE EXCEPTION 'aggregate_hourly_metrics all';
    END IF;
    IF (SELECT count(*) FROM aggregate_hourly_metrics('2026-02-28T00:00:00Z', '2026-03-01T00:00:00Z', 't1')) <> 1 THEN
        RAISE EXCEPTION 'aggregate_hourly_metrics tenant';
    END IF;
    IF (SELECT count(*) FROM aggregate_hourly_metrics('2026-02-28T23:00:01Z', '2026-03-01T00:00:00Z')) <> 0 THEN
        RAISE EXCEPTION 'aggregate_hourly_metrics half-open';
    END IF;
    RAISE NOTICE 'function checks passed';
END $$;
SELECT calculate_drift_score(0.1725, 0.15, 0.9, 0.95) AS drift_concept, combine_drift_scores(0.6, 0.3, 0.1) AS drift_overall;
SELECT tenant_id, period_start, predictions_count, prediction_p95_latency_ms, llm_cost_usd
  FROM aggregate_hourly_metrics('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z');

-- 5. views
SELECT * FROM drift_detection_summary ORDER BY tenant_id, model_id;
SELECT * FROM cost_summary_by_tenant ORDER BY tenant_id, billing_period, cost_type;
SELECT * FROM privacy_compliance_dashboard ORDER BY tenant_id, day;
SELECT tenant_id, model_id, target_type, feedback_count, avg_rating, negative_count, negative_share,
       round(negative_share_ci_lower::numeric, 4) AS ci_lo, round(negative_share_ci_upper::numeric, 4) AS ci_hi,
       trend_anchor_at, last_7d_count, prev_7d_count, rating_trend, top_correction_keys, pending_count, oldest_pending_at
  FROM feedback_insights ORDER BY tenant_id, model_id, target_type;
DO $$
DECLARE r record;
BEGIN
    SELECT * INTO r FROM feedback_insights WHERE tenant_id = 't1' AND model_id = 'm1' AND target_type = 'prediction';
    -- 3 negative of 10: Wilson 95% interval (0.1078, 0.6032)
    IF round(r.negative_share_ci_lower::numeric, 4) <> 0.1078 OR round(r.negative_share_ci_upper::numeric, 4) <> 0.6032 THEN
        RAISE EXCEPTION 'Wilson interval % %', r.negative_share_ci_lower, r.negative_share_ci_upper;
    END IF;
    SELECT * INTO r FROM drift_detection_summary WHERE tenant_id = 't1' AND model_id = 'm1';
    IF r.drift_score <> 0.805 OR r.unresolved_critical <> 1 OR r.features_drifted <> 1 OR NOT r.retraining_pending THEN
        RAISE EXCEPTION 'drift summary %', r;
    END IF;
    SELECT * INTO r FROM cost_summary_by_tenant WHERE tenant_id = 't1' AND cost_type = 'llm_api';
    IF r.total_cost_usd <> 0.015 OR r.unpriced_rows <> 1 OR r.fully_priced THEN RAISE EXCEPTION 'cost summary %', r; END IF;
    SELECT * INTO r FROM privacy_compliance_dashboard WHERE tenant_id = 't1' AND day = '2026-02-10';
    IF r.consent_coverage <> 0.5 OR r.review_open <> 1 OR r.gdpr_non_compliant_events <> 1 THEN
        RAISE EXCEPTION 'privacy dashboard %', r;
    END IF;
    RAISE NOTICE 'view checks passed';
END $$;

-- 6. every table, view and function has a comment
DO $$
DECLARE missing text;
BEGIN
    SELECT string_agg(c.relname, ', ') INTO missing
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v')
       AND c.relname <> 'flyway_schema_history' AND obj_description(c.oid, 'pg_class') IS NULL;
    IF missing IS NOT NULL THEN RAISE EXCEPTION 'uncommented relations: %', missing; END IF;
    SELECT string_agg(p.proname, ', ') INTO missing
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND obj_description(p.oid, 'pg_proc') IS NULL;
    IF missing IS NOT NULL THEN RAISE EXCEPTION 'uncommented functions: %', missing; END IF;
    RAISE NOTICE 'comment checks passed';
END $$;
