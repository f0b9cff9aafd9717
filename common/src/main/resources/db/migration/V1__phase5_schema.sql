-- =====================================================================================================
-- vigia V1: the Phase 5 schema (shared/contracts/schema.md v1, design shared/seed/phase5-audit-optimization.md)
--
-- Conventions
--   * Times are timestamptz (UTC); calendar days/months are date.  Money is numeric (never float).
--     Statistics, rates and latencies are double precision; counts are bigint.
--   * Every enumerated value and every documented range is a CHECK constraint.
--   * Natural keys (contract "key:") are UNIQUE constraints over NOT NULL columns; "no value" in a key
--     column is '' (model_version, model, model_id where a row is tenant-wide) and '*' means
--     "all tenants" (system_performance_metrics.tenant_id).  A job replaces rows on the key, never
--     duplicates them.
--   * Results tables carry computed_at (last write by a job) and run_id (job_runs.run_id of the run that
--     wrote the row; nullable, no FK so a writer may record the ledger row last in its transaction).
--   * Five high-volume tables are PARTITION BY RANGE monthly with a DEFAULT partition <table>_default;
--     monthly partitions <table>_pYYYYMM are created by vigia_ensure_monthly_partitions().  PostgreSQL
--     requires the partition key in every PK/UNIQUE constraint, so their surrogate keys are (id, <key>).
--     Surrogate ids are bigserial (sequence defaults), not identity columns: PostgreSQL < 17 does not
--     support identity columns on partitioned tables and the embedded test server is 14.
--   * Plain DDL only: this file runs inside the single transaction Flyway uses for PostgreSQL.
--     Requires PostgreSQL >= 14.
-- =====================================================================================================

-- -----------------------------------------------------------------------------------------------------
-- Drift
-- -----------------------------------------------------------------------------------------------------

CREATE TABLE model_performance_metrics (
    id                      bigserial        NOT NULL,
    tenant_id               text             NOT NULL,
    model_id                text             NOT NULL,
    model_version           text             NOT NULL DEFAULT '',
    period_start            timestamptz      NOT NULL,
    period_end              timestamptz      NOT NULL,
    sample_size             bigint           NOT NULL DEFAULT 0,
    mape                    double precision,
    smape                   double precision,
    mae                     double precision,
    rmse                    double precision,
    accuracy                double precision,
    ks_statistic            double precision,
    ks_p_value              double precision,
    psi                     double precision,
    data_drift_score        double precision,
    concept_drift_score     double precision,
    prediction_drift_score  double precision,
    drift_score             double precision,
    -- beyond the contract: the reference window the change was measured against
    reference_start         timestamptz,
    reference_end           timestamptz,
    reference_sample_size   bigint,
    reference_mape          double precision,
    reference_accuracy      double precision,
    details                 jsonb            NOT NULL DEFAULT '{}'::jsonb,
    computed_at             timestamptz      NOT NULL DEFAULT now(),
    run_id                  uuid,
    CONSTRAINT model_performance_metrics_pkey PRIMARY KEY (id, period_start),
    CONSTRAINT model_performance_metrics_key
        UNIQUE (tenant_id, model_id, model_version, period_start, period_end),
    CONSTRAINT mpm_period_chk        CHECK (period_end > period_start),
    CONSTRAINT mpm_reference_chk     CHECK (reference_end IS NULL OR reference_start IS NULL OR reference_end > reference_start),
    CONSTRAINT mpm_sample_size_chk   CHECK (sample_size >= 0 AND (reference_sample_size IS NULL OR reference_sample_size >= 0)),
    CONSTRAINT mpm_mape_chk          CHECK (mape >= 0 AND mape <> 'NaN'::float8),
    CONSTRAINT mpm_reference_mape_chk CHECK (reference_mape >= 0 AND reference_mape <> 'NaN'::float8),
    CONSTRAINT mpm_smape_chk         CHECK (smape BETWEEN 0 AND 2),
    CONSTRAINT mpm_mae_chk           CHECK (mae >= 0 AND mae <> 'NaN'::float8),
    CONSTRAINT mpm_rmse_chk          CHECK (rmse >= 0 AND rmse <> 'NaN'::float8),
    CONSTRAINT mpm_accuracy_chk      CHECK (accuracy BETWEEN 0 AND 1),
    CONSTRAINT mpm_reference_accuracy_chk CHECK (reference_accuracy BETWEEN 0 AND 1),
    CONSTRAINT mpm_ks_statistic_chk  CHECK (ks_statistic BETWEEN 0 AND 1),
    CONSTRAINT mpm_ks_p_value_chk    CHECK (ks_p_value BETWEEN 0 AND 1),
    CONSTRAINT mpm_psi_chk           CHECK (psi >= 0 AND psi <> 'NaN'::float8),
    CONSTRAINT mpm_data_drift_score_chk       CHECK (data_drift_score BETWEEN 0 AND 1),
    CONSTRAINT mpm_concept_drift_score_chk    CHECK (concept_drift_score BETWEEN 0 AND 1),
    CONSTRAINT mpm_prediction_drift_score_chk CHECK (prediction_drift_score BETWEEN 0 AND 1),
    CONSTRAINT mpm_drift_score_chk   CHECK (drift_score BETWEEN 0 AND 1)
) PARTITION BY RANGE (period_start);

CREATE TABLE model_performance_metrics_default PARTITION OF model_performance_metrics DEFAULT;
CREATE INDEX model_performance_metrics_latest_idx
    ON model_performance_metrics (tenant_id, model_id, period_end DESC, computed_at DESC);
CREATE INDEX model_performance_metrics_period_idx ON model_performance_metrics (period_start);

COMMENT ON TABLE model_performance_metrics IS
    'Model performance and drift per tenant x model x version x evaluation window (drift job); monthly range partitions on period_start.';
COMMENT ON TABLE model_performance_metrics_default IS
    'Default partition of model_performance_metrics: rows of months that have no monthly partition yet.';
COMMENT ON COLUMN model_performance_metrics.mape IS 'Mean absolute percentage error as a fraction (0.15 = 15%).';
COMMENT ON COLUMN model_performance_metrics.smape IS 'Symmetric MAPE as a fraction in [0, 2].';
COMMENT ON COLUMN model_performance_metrics.drift_score IS
    'Overall drift score in [0,1]: 0.40 concept + 0.35 data + 0.25 prediction (see combine_drift_scores).';

CREATE TABLE feature_drift_metrics (
    id                  bigserial        PRIMARY KEY,
    tenant_id           text             NOT NULL,
    model_id            text             NOT NULL,
    model_version       text             NOT NULL DEFAULT '',
    period_start        timestamptz      NOT NULL,
    period_end          timestamptz      NOT NULL,
    feature             text             NOT NULL,
    feature_kind        text             NOT NULL,
    reference_count     bigint           NOT NULL DEFAULT 0,
    current_count       bigint           NOT NULL DEFAULT 0,
    ks_statistic        double precision,
    ks_p_value          double precision,
    psi                 double precision,
    chi2_p_value        double precision,
    drifted             boolean          NOT NULL DEFAULT false,
    -- beyond the contract
    p_value_adjusted    double precision,
    insufficient_data   boolean          NOT NULL DEFAULT false,
    details             jsonb            NOT NULL DEFAULT '{}'::jsonb,
    computed_at         timestamptz      NOT NULL DEFAULT now(),
    run_id              uuid,
    CONSTRAINT feature_drift_metrics_key
        UNIQUE (tenant_id, model_id, model_version, period_start, period_end, feature),
    CONSTRAINT fdm_period_chk        CHECK (period_end > period_start),
    CONSTRAINT fdm_feature_kind_chk  CHECK (feature_kind IN ('numeric', 'categorical')),
    CONSTRAINT fdm_counts_chk        CHECK (reference_count >= 0 AND current_count >= 0),
    CONSTRAINT fdm_ks_statistic_chk  CHECK (ks_statistic BETWEEN 0 AND 1),
    CONSTRAINT fdm_ks_p_value_chk    CHECK (ks_p_value BETWEEN 0 AND 1),
    CONSTRAINT fdm_psi_chk           CHECK (psi >= 0 AND psi <> 'NaN'::float8),
    CONSTRAINT fdm_chi2_p_value_chk  CHECK (chi2_p_value BETWEEN 0 AND 1),
    CONSTRAINT fdm_p_value_adjusted_chk CHECK (p_value_adjusted BETWEEN 0 AND 1),
    CONSTRAINT fdm_insufficient_not_drifted_chk CHECK (NOT (insufficient_data AND drifted))
);
CREATE INDEX feature_drift_metrics_model_idx ON feature_drift_metrics (tenant_id, model_id, period_end);

COMMENT ON TABLE feature_drift_metrics IS
    'Per-feature data drift (KS, PSI, chi-squared) per tenant x model x version x window x feature (drift job).';
COMMENT ON COLUMN feature_drift_metrics.p_value_adjusted IS 'Benjamini-Hochberg adjusted p-value across the features of the model.';
COMMENT ON COLUMN feature_drift_metrics.insufficient_data IS 'Sample below the minimum size: reported, never flagged as drifted.';

CREATE TABLE drift_alerts (
    id                    bigserial        PRIMARY KEY,
    tenant_id             text             NOT NULL,
    model_id              text             NOT NULL DEFAULT '',
    model_version         text             NOT NULL DEFAULT '',
    alert_type            text             NOT NULL,
    severity              text             NOT NULL,
    drift_score           double precision,
    details               jsonb            NOT NULL DEFAULT '{}'::jsonb,
    retraining_triggered  boolean          NOT NULL DEFAULT false,
    retraining_due_by     timestamptz,
    -- human-owned: a job never overwrites these
    status                text             NOT NULL DEFAULT 'open',
    acknowledged_by       text,
    acknowledged_at       timestamptz,
    resolved_at           timestamptz,
    resolution_notes      text,
    created_at            timestamptz      NOT NULL DEFAULT now(),
    -- beyond the contract: idempotent re-runs
    window_start          timestamptz      NOT NULL,
    window_end            timestamptz      NOT NULL,
    source_job            text             NOT NULL,
    computed_at           timestamptz      NOT NULL DEFAULT now(),
    run_id                uuid,
    CONSTRAINT drift_alerts_key
        UNIQUE (tenant_id, model_id, model_version, alert_type, window_start, window_end),
    CONSTRAINT da_alert_type_chk  CHECK (alert_type IN ('drift_detected', 'performance_degradation', 'data_quality')),
    CONSTRAINT da_severity_chk    CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    CONSTRAINT da_status_chk      CHECK (status IN ('open', 'acknowledged', 'resolved')),
    CONSTRAINT da_drift_score_chk CHECK (drift_score BETWEEN 0 AND 1),
    CONSTRAINT da_window_chk      CHECK (window_end > window_start)
);
CREATE INDEX drift_alerts_model_idx ON drift_alerts (tenant_id, model_id, status, severity);
CREATE INDEX drift_alerts_unresolved_idx ON drift_alerts (tenant_id, model_id, alert_type, created_at)
    WHERE status <> 'resolved';
CREATE INDEX drift_alerts_created_idx ON drift_alerts (created_at);

COMMENT ON TABLE drift_alerts IS
    'Drift, performance-degradation and data-quality alerts with retraining triggers; status/acknowledged_*/resolved_*/resolution_notes are human-owned.';

-- -----------------------------------------------------------------------------------------------------
-- Experiments (written by the platform; the experiments job updates only the result columns)
-- -----------------------------------------------------------------------------------------------------

CREATE TABLE ab_experiments (
    id                  text             PRIMARY KEY,
    tenant_id           text             NOT NULL,
    name                text             NOT NULL,
    experiment_type     text             NOT NULL DEFAULT 'model_comparison',
    control_model_id    text             NOT NULL,
    treatment_model_id  text             NOT NULL,
    traffic_split       numeric          NOT NULL DEFAULT 0.5,
    primary_metric      text             NOT NULL,
    success_threshold   numeric,
    min_sample_size     integer,
    confidence_level    numeric          NOT NULL DEFAULT 0.95,
    status              text             NOT NULL DEFAULT 'draft',
    started_at          timestamptz,
    ended_at            timestamptz,
    -- result columns (experiments job)
    winner              text,
    p_value             double precision,
    results_summary     jsonb,
    analyzed_at         timestamptz,
    -- beyond the contract
    created_at          timestamptz      NOT NULL DEFAULT now(),
    run_id              uuid,
    CONSTRAINT abe_id_chk               CHECK (id <> ''),
    CONSTRAINT abe_traffic_split_chk    CHECK (traffic_split >= 0 AND traffic_split <= 1),
    CONSTRAINT abe_confidence_level_chk CHECK (confidence_level > 0 AND confidence_level < 1),
    CONSTRAINT abe_min_sample_size_chk  CHECK (min_sample_size > 0),
    CONSTRAINT abe_status_chk           CHECK (status IN ('draft', 'running', 'completed', 'stopped')),
    CONSTRAINT abe_winner_chk           CHECK (winner IN ('control', 'treatment', 'none')),
    CONSTRAINT abe_p_value_chk          CHECK (p_value BETWEEN 0 AND 1),
    CONSTRAINT abe_dates_chk            CHECK (ended_at IS NULL OR started_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX ab_experiments_tenant_status_idx ON ab_experiments (tenant_id, status);
CREATE INDEX ab_experiments_running_idx ON ab_experiments (status) WHERE status = 'running';

COMMENT ON TABLE ab_experiments IS
    'A/B experiment definitions (platform) and their verdict: winner, p_value, results_summary, analyzed_at (experiments job).';
COMMENT ON COLUMN ab_experiments.traffic_split IS 'Share of traffic sent to the treatment, in [0,1].';
COMMENT ON COLUMN ab_experiments.id IS 'Platform experiment id (text, so any id scheme of the platform fits).';

CREATE TABLE ab_experiment_observations (
    id                bigserial        PRIMARY KEY,
    experiment_id     text             NOT NULL REFERENCES ab_experiments (id) ON DELETE CASCADE,
    tenant_id         text             NOT NULL,
    variant           text             NOT NULL,
    unit_id           text,
    prediction_id     text,
    predicted_value   double precision,
    actual_value      double precision,
    metric_name       text             NOT NULL,
    metric_value      double precision,
    latency_ms        double precision,
    cost_usd          numeric,
    observed_at       timestamptz      NOT NULL DEFAULT now(),
    -- beyond the contract: CUPED pre-period covariate
    pre_metric_value  double precision,
    CONSTRAINT abo_variant_chk    CHECK (variant IN ('control', 'treatment')),
    CONSTRAINT abo_latency_chk    CHECK (latency_ms >= 0),
    CONSTRAINT abo_cost_chk       CHECK (cost_usd >= 0)
);
CREATE INDEX ab_experiment_observations_exp_idx
    ON ab_experiment_observations (experiment_id, variant, metric_name);
CREATE INDEX ab_experiment_observations_time_idx ON ab_experiment_observations (observed_at);

COMMENT ON TABLE ab_experiment_observations IS
    'Per-prediction A/B observations by experiment, variant and metric (platform); input of the experiments job.';
COMMENT ON COLUMN ab_experiment_observations.pre_metric_value IS 'Optional pre-period covariate of the unit, for CUPED.';

-- -----------------------------------------------------------------------------------------------------
-- Performance, cost, cache
-- -----------------------------------------------------------------------------------------------------

CREATE TABLE system_performance_metrics (
    id                            bigserial        NOT NULL,
    tenant_id                     text             NOT NULL,
    granularity                   text             NOT NULL,
    period_start                  timestamptz      NOT NULL,
    period_end                    timestamptz      NOT NULL,
    predictions_count             bigint           NOT NULL DEFAULT 0,
    prediction_avg_latency_ms     double precision,
    prediction_p95_latency_ms     double precision,
    prediction_error_rate         double precision,
    llm_calls_count               bigint           NOT NULL DEFAULT 0,
    llm_exact_cache_hit_rate      double precision,
    llm_semantic_cache_hit_rate   double precision,
    llm_input_tokens              bigint           NOT NULL DEFAULT 0,
    llm_output_tokens             bigint           NOT NULL DEFAULT 0,
    llm_cost_usd                  numeric          NOT NULL DEFAULT 0,
    embeddings_created            bigint           NOT NULL DEFAULT 0,
    vector_searches               bigint           NOT NULL DEFAULT 0,
    vector_avg_search_latency_ms  double precision,
    actions_executed              bigint           NOT NULL DEFAULT 0,
    actions_auto_approved         bigint           NOT NULL DEFAULT 0,
    actions_manual_approved       bigint           NOT NULL DEFAULT 0,
    actions_rejected              bigint           NOT NULL DEFAULT 0,
    actions_failed                bigint           NOT NULL DEFAULT 0,
    avg_cpu_pct                   double precision,
    avg_memory_mb                 double precision,
    -- beyond the contract
    llm_cached_input_tokens       bigint           NOT NULL DEFAULT 0,
    llm_unpriced_calls            bigint           NOT NULL DEFAULT 0,
    computed_at                   timestamptz      NOT NULL DEFAULT now(),
    run_id                        uuid,
    CONSTRAINT system_performance_metrics_pkey PRIMARY KEY (id, period_start),
    CONSTRAINT system_performance_metrics_key UNIQUE (tenant_id, granularity, period_start),
    CONSTRAINT spm_granularity_chk CHECK (granularity IN ('hourly', 'daily', 'weekly', 'monthly')),
    CONSTRAINT spm_period_chk      CHECK (period_end > period_start),
    CONSTRAINT spm_counts_chk      CHECK (predictions_count >= 0 AND llm_calls_count >= 0
                                          AND llm_input_tokens >= 0 AND llm_output_tokens >= 0
                                          AND llm_cached_input_tokens >= 0 AND llm_unpriced_calls >= 0
                                          AND embeddings_created >= 0 AND vector_searches >= 0
                                          AND actions_executed >= 0 AND actions_auto_approved >= 0
                                          AND actions_manual_approved >= 0 AND actions_rejected >= 0
                                          AND actions_failed >= 0),
    CONSTRAINT spm_latency_chk     CHECK (prediction_avg_latency_ms >= 0 AND prediction_p95_latency_ms >= 0
                                          AND vector_avg_search_latency_ms >= 0),
    CONSTRAINT spm_rates_chk       CHECK (prediction_error_rate BETWEEN 0 AND 1
                                          AND llm_exact_cache_hit_rate BETWEEN 0 AND 1
                                          AND llm_semantic_cache_hit_rate BETWEEN 0 AND 1),
    CONSTRAINT spm_cost_chk        CHECK (llm_cost_usd >= 0),
    CONSTRAINT spm_cpu_chk         CHECK (avg_cpu_pct BETWEEN 0 AND 100),
    CONSTRAINT spm_memory_chk      CHECK (avg_memory_mb >= 0)
) PARTITION BY RANGE (period_start);

CREATE TABLE system_performance_metrics_default PARTITION OF system_performance_metrics DEFAULT;
CREATE INDEX system_performance_metrics_gran_period_idx
    ON system_performance_metrics (granularity, period_start);

COMMENT ON TABLE system_performance_metrics IS
    'Hourly/daily/weekly/monthly rollups of predictions, LLM, vector, action and resource metrics per tenant (''*'' = all tenants); monthly range partitions on period_start.';
COMMENT ON TABLE system_performance_metrics_default IS
    'Default partition of system_performance_metrics: rows of months that have no monthly partition yet.';
COMMENT ON COLUMN system_performance_metrics.tenant_id IS 'Tenant id, or ''*'' for the all-tenants rollup.';

CREATE TABLE cost_tracking (
    id                    bigserial    NOT NULL,
    tenant_id             text         NOT NULL,
    cost_type             text         NOT NULL,
    service               text         NOT NULL,
    model                 text         NOT NULL DEFAULT '',
    usage_date            date         NOT NULL,
    billing_period        date         NOT NULL,
    usage_units           numeric      NOT NULL DEFAULT 0,
    unit_type             text         NOT NULL,
    unit_cost             numeric,
    total_cost_usd        numeric,
    pricing_status        text         NOT NULL,
    price_version         text,
    -- beyond the contract: what the cost was computed from, so it can be recomputed and reconciled
    event_count           bigint       NOT NULL DEFAULT 0,
    unpriced_event_count  bigint       NOT NULL DEFAULT 0,
    input_tokens          bigint,
    output_tokens         bigint,
    cached_input_tokens   bigint,
    computed_at           timestamptz  NOT NULL DEFAULT now(),
    run_id                uuid,
    CONSTRAINT cost_tracking_pkey PRIMARY KEY (id, usage_date),
    CONSTRAINT cost_tracking_key UNIQUE (tenant_id, cost_type, service, model, usage_date),
    CONSTRAINT ct_cost_type_chk      CHECK (cost_type IN ('llm_api', 'compute', 'storage', 'vector_ops')),
    CONSTRAINT ct_pricing_status_chk CHECK (pricing_status IN ('priced', 'caller_reported', 'unpriced')),
    CONSTRAINT ct_billing_period_chk CHECK (billing_period = date_trunc('month', usage_date)::date),
    CONSTRAINT ct_units_chk          CHECK (usage_units >= 0),
    CONSTRAINT ct_unit_cost_chk      CHECK (unit_cost >= 0),
    CONSTRAINT ct_total_cost_chk     CHECK (total_cost_usd >= 0),
    CONSTRAINT ct_priced_has_cost_chk CHECK (pricing_status = 'unpriced' OR total_cost_usd IS NOT NULL),
    CONSTRAINT ct_counts_chk         CHECK (event_count >= 0 AND unpriced_event_count >= 0
                                            AND unpriced_event_count <= event_count),
    CONSTRAINT ct_tokens_chk         CHECK (input_tokens >= 0 AND output_tokens >= 0 AND cached_input_tokens >= 0
                                            AND (cached_input_tokens IS NULL OR input_tokens IS NULL
                                                 OR cached_input_tokens <= input_tokens))
) PARTITION BY RANGE (usage_date);

CREATE TABLE cost_tracking_default PARTITION OF cost_tracking DEFAULT;
CREATE INDEX cost_tracking_period_idx ON cost_tracking (tenant_id, billing_period, cost_type);
CREATE INDEX cost_tracking_unpriced_idx ON cost_tracking (usage_date) WHERE pricing_status = 'unpriced';

COMMENT ON TABLE cost_tracking IS
    'Daily cost per tenant x cost type x service x model with billing period and pricing status (costs job); monthly range partitions on usage_date.';
COMMENT ON TABLE cost_tracking_default IS
    'Default partition of cost_tracking: rows of months that have no monthly partition yet.';
COMMENT ON COLUMN cost_tracking.total_cost_usd IS
    'Cost in USD; NULL only when pricing_status = ''unpriced'' (never a silent 0 for an unknown model).';
COMMENT ON COLUMN cost_tracking.model IS 'Model name, '''' for costs that are not per model.';

CREATE TABLE cache_performance_metrics (
    id                   bigserial        PRIMARY KEY,
    tenant_id            text             NOT NULL,
    cache_type           text             NOT NULL,
    granularity          text             NOT NULL,
    period_start         timestamptz      NOT NULL,
    hits                 bigint           NOT NULL DEFAULT 0,
    misses               bigint           NOT NULL DEFAULT 0,
    hit_rate             double precision,
    evictions            bigint           NOT NULL DEFAULT 0,
    avg_hit_latency_ms   double precision,
    avg_miss_latency_ms  double precision,
    latency_saved_ms     double precision,
    cost_savings_usd     numeric,
    cache_size_bytes     bigint,
    -- beyond the contract
    period_end           timestamptz,
    computed_at          timestamptz      NOT NULL DEFAULT now(),
    run_id               uuid,
    CONSTRAINT cache_performance_metrics_key UNIQUE (tenant_id, cache_type, granularity, period_start),
    CONSTRAINT cpm_cache_type_chk  CHECK (cache_type IN ('llm_exact', 'llm_semantic', 'vector_search', 'api_response')),
    CONSTRAINT cpm_granularity_chk CHECK (granularity IN ('hourly', 'daily', 'weekly', 'monthly')),
    CONSTRAINT cpm_period_chk      CHECK (period_end IS NULL OR period_end > period_start),
    CONSTRAINT cpm_counts_chk      CHECK (hits >= 0 AND misses >= 0 AND evictions >= 0),
    CONSTRAINT cpm_hit_rate_chk    CHECK (hit_rate BETWEEN 0 AND 1),
    CONSTRAINT cpm_latency_chk     CHECK (avg_hit_latency_ms >= 0 AND avg_miss_latency_ms >= 0 AND latency_saved_ms >= 0),
    CONSTRAINT cpm_size_chk        CHECK (cache_size_bytes >= 0)
);
CREATE INDEX cache_performance_metrics_period_idx ON cache_performance_metrics (granularity, period_start);

COMMENT ON TABLE cache_performance_metrics IS
    'Cache hits, misses, evictions, latency and cost saved per tenant x cache type x granularity x period (cache job).';
COMMENT ON COLUMN cache_performance_metrics.cost_savings_usd IS
    'Avoided provider cost minus the lookup cost; may be negative.';

-- -----------------------------------------------------------------------------------------------------
-- Privacy
-- -----------------------------------------------------------------------------------------------------

CREATE TABLE privacy_audit_log (
    id                    bigserial        NOT NULL,
    dedup_key             text             NOT NULL,
    tenant_id             text             NOT NULL,
    event_type            text             NOT NULL,
    source                text,
    record_ref            text,
    pii_types             text[]           NOT NULL DEFAULT '{}'::text[],
    field_count           integer          NOT NULL DEFAULT 0,
    detection_confidence  double precision,
    sanitization_method   text,
    actor                 text,
    purpose               text,
    legal_basis           text,
    consent_verified      boolean,
    gdpr_compliant        boolean,
    risk_level            text             NOT NULL DEFAULT 'low',
    requires_review       boolean          NOT NULL DEFAULT false,
    blocked               boolean          NOT NULL DEFAULT false,
    event_time            timestamptz      NOT NULL,
    -- beyond the contract
    record_count          bigint,
    reviewed_by           text,
    reviewed_at           timestamptz,
    source_job            text             NOT NULL,
    computed_at           timestamptz      NOT NULL DEFAULT now(),
    run_id                uuid,
    CONSTRAINT privacy_audit_log_pkey PRIMARY KEY (id, event_time),
    CONSTRAINT privacy_audit_log_key UNIQUE (dedup_key, event_time),
    CONSTRAINT pal_event_type_chk  CHECK (event_type IN ('pii_detected', 'pii_sanitized', 'data_access',
                                                        'data_export', 'data_deletion')),
    CONSTRAINT pal_sanitization_chk CHECK (sanitization_method IN ('mask', 'remove', 'hash')),
    CONSTRAINT pal_risk_level_chk  CHECK (risk_level IN ('low', 'medium', 'high', 'critical')),
    CONSTRAINT pal_field_count_chk CHECK (field_count >= 0),
    CONSTRAINT pal_record_count_chk CHECK (record_count >= 0),
    CONSTRAINT pal_confidence_chk  CHECK (detection_confidence BETWEEN 0 AND 1),
    -- a keyed hash token: no whitespace, no '@', at least 16 characters (never a raw value)
    CONSTRAINT pal_record_ref_chk  CHECK (record_ref ~ '^[A-Za-z0-9:._=+/-]{16,}$')
) PARTITION BY RANGE (event_time);

CREATE TABLE privacy_audit_log_default PARTITION OF privacy_audit_log DEFAULT;
CREATE INDEX privacy_audit_log_tenant_time_idx ON privacy_audit_log (tenant_id, event_time);
CREATE INDEX privacy_audit_log_review_idx ON privacy_audit_log (tenant_id, event_time)
    WHERE requires_review AND reviewed_at IS NULL;

COMMENT ON TABLE privacy_audit_log IS
    'Privacy audit trail: PII detections/sanitizations and personal-data access, export and deletion with risk and review flags; never holds raw personal data; monthly range partitions on event_time.';
COMMENT ON TABLE privacy_audit_log_default IS
    'Default partition of privacy_audit_log: rows of months that have no monthly partition yet.';
COMMENT ON COLUMN privacy_audit_log.dedup_key IS
    'Deterministic key of the audited fact (e.g. hash of source event id and finding) so a re-run replaces rather than duplicates.';
COMMENT ON COLUMN privacy_audit_log.record_ref IS 'Keyed hash (HMAC) reference of the record, never the raw value.';
COMMENT ON COLUMN privacy_audit_log.reviewed_at IS 'Human-owned: when a required review was done (open review = requires_review AND reviewed_at IS NULL).';

CREATE TABLE compliance_reports (
    id                 bigserial        PRIMARY KEY,
    tenant_id          text             NOT NULL,
    report_type        text             NOT NULL,
    period_start       timestamptz      NOT NULL,
    period_end         timestamptz      NOT NULL,
    compliance_score   numeric,
    risk_score         numeric,
    findings           jsonb            NOT NULL DEFAULT '[]'::jsonb,
    recommendations    jsonb            NOT NULL DEFAULT '[]'::jsonb,
    -- human-owned: status (after draft), reviewed_by, reviewed_at
    status             text             NOT NULL DEFAULT 'draft',
    reviewed_by        text,
    reviewed_at        timestamptz,
    generated_at       timestamptz      NOT NULL DEFAULT now(),
    computed_at        timestamptz      NOT NULL DEFAULT now(),
    run_id             uuid,
    CONSTRAINT compliance_reports_key UNIQUE (tenant_id, report_type, period_start, period_end),
    CONSTRAINT cr_report_type_chk CHECK (report_type IN ('gdpr', 'privacy_impact', 'data_inventory')),
    CONSTRAINT cr_status_chk      CHECK (status IN ('draft', 'pending_review', 'approved', 'rejected')),
    CONSTRAINT cr_compliance_chk  CHECK (compliance_score BETWEEN 0 AND 100),
    CONSTRAINT cr_risk_chk        CHECK (risk_score BETWEEN 0 AND 100),
    CONSTRAINT cr_period_chk      CHECK (period_end > period_start)
);
CREATE INDEX compliance_reports_tenant_idx ON compliance_reports (tenant_id, period_start DESC);

COMMENT ON TABLE compliance_reports IS
    'GDPR, privacy-impact and data-inventory reports per tenant and period with scores, findings and a review workflow (compliance job).';

-- -----------------------------------------------------------------------------------------------------
-- Feedback
-- -----------------------------------------------------------------------------------------------------

CREATE TABLE user_feedback (
    id                  bigserial        NOT NULL,
    tenant_id           text             NOT NULL,
    user_id             text,
    target_type         text             NOT NULL,
    target_id           text,
    model_id            text,
    rating              smallint,
    comment             text,
    correction_data     jsonb,
    created_at          timestamptz      NOT NULL DEFAULT now(),
    -- processing columns (feedback job)
    sentiment           text,
    sentiment_score     double precision,
    processing_status   text             NOT NULL DEFAULT 'pending',
    processed_at        timestamptz,
    -- beyond the contract
    failure_reason      text,
    language            text,
    run_id              uuid,
    CONSTRAINT user_feedback_pkey PRIMARY KEY (id, created_at),
    CONSTRAINT uf_target_type_chk CHECK (target_type IN ('prediction', 'action', 'explanation')),
    CONSTRAINT uf_rating_chk      CHECK (rating BETWEEN 1 AND 5),
    CONSTRAINT uf_sentiment_chk   CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    CONSTRAINT uf_sentiment_score_chk CHECK (sentiment_score BETWEEN -1 AND 1),
    CONSTRAINT uf_status_chk      CHECK (processing_status IN ('pending', 'processed', 'failed')),
    CONSTRAINT uf_processed_chk   CHECK (processing_status <> 'processed'
                                         OR (processed_at IS NOT NULL AND sentiment IS NOT NULL)),
    CONSTRAINT uf_failed_chk      CHECK (processing_status <> 'failed'
                                         OR (processed_at IS NOT NULL AND failure_reason IS NOT NULL)),
    CONSTRAINT uf_correction_chk  CHECK (correction_data IS NULL OR jsonb_typeof(correction_data) = 'object')
) PARTITION BY RANGE (created_at);

CREATE TABLE user_feedback_default PARTITION OF user_feedback DEFAULT;
CREATE INDEX user_feedback_group_idx ON user_feedback (tenant_id, model_id, target_type, created_at);
CREATE INDEX user_feedback_pending_idx ON user_feedback (created_at) WHERE processing_status = 'pending';

COMMENT ON TABLE user_feedback IS
    'User ratings, comments and corrections on predictions, actions and explanations (platform); the feedback job fills only the processing columns; monthly range partitions on created_at.';
COMMENT ON TABLE user_feedback_default IS
    'Default partition of user_feedback: rows of months that have no monthly partition yet.';
COMMENT ON COLUMN user_feedback.id IS
    'Feedback id (sequence default; the platform may supply its own). Unique per (id, created_at) because of partitioning.';
COMMENT ON COLUMN user_feedback.failure_reason IS 'Why processing failed (processing_status = ''failed'').';
COMMENT ON COLUMN user_feedback.language IS 'Detected language of the comment (e.g. es, en).';

CREATE TABLE improvement_suggestions (
    id                     bigserial        PRIMARY KEY,
    tenant_id              text             NOT NULL,
    model_id               text             NOT NULL DEFAULT '',
    suggestion_type        text             NOT NULL,
    priority               text             NOT NULL,
    issue_identified       text             NOT NULL,
    root_cause_analysis    text,
    recommendation         text             NOT NULL,
    expected_improvement   double precision,
    confidence_score       double precision,
    implementation_steps   jsonb            NOT NULL DEFAULT '[]'::jsonb,
    evidence               jsonb            NOT NULL DEFAULT '{}'::jsonb,
    -- human-owned: status, approved_by, approved_at, implemented_at
    status                 text             NOT NULL DEFAULT 'pending',
    approved_by            text,
    approved_at            timestamptz,
    implemented_at         timestamptz,
    created_at             timestamptz      NOT NULL DEFAULT now(),
    -- beyond the contract: idempotent re-runs, effort
    window_start           timestamptz      NOT NULL,
    window_end             timestamptz      NOT NULL,
    source_job             text             NOT NULL,
    estimated_effort       text,
    computed_at            timestamptz      NOT NULL DEFAULT now(),
    run_id                 uuid,
    CONSTRAINT improvement_suggestions_key
        UNIQUE (tenant_id, model_id, suggestion_type, window_start, window_end),
    CONSTRAINT is_type_chk       CHECK (suggestion_type IN ('model_retrain', 'feature_engineering',
                                        'prompt_optimization', 'cost_optimization', 'cache_tuning')),
    CONSTRAINT is_priority_chk   CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    CONSTRAINT is_status_chk     CHECK (status IN ('pending', 'approved', 'rejected', 'implemented')),
    CONSTRAINT is_confidence_chk CHECK (confidence_score BETWEEN 0 AND 1),
    CONSTRAINT is_effort_chk     CHECK (estimated_effort IN ('low', 'medium', 'high')),
    CONSTRAINT is_window_chk     CHECK (window_end > window_start)
);
CREATE INDEX improvement_suggestions_pending_idx
    ON improvement_suggestions (tenant_id, model_id, suggestion_type) WHERE status = 'pending';
CREATE INDEX improvement_suggestions_tenant_idx ON improvement_suggestions (tenant_id, status, priority);

COMMENT ON TABLE improvement_suggestions IS
    'Evidence-based improvement suggestions (improvements job); status/approved_by/approved_at/implemented_at are human-owned.';

-- -----------------------------------------------------------------------------------------------------
-- Operations
-- -----------------------------------------------------------------------------------------------------

CREATE TABLE partition_management (
    table_name           text         PRIMARY KEY,
    partition_strategy   text         NOT NULL,
    partition_key        text         NOT NULL,
    size_threshold_gb    numeric      NOT NULL,
    row_threshold        bigint       NOT NULL,
    current_size_bytes   bigint       NOT NULL DEFAULT 0,
    current_row_count    bigint       NOT NULL DEFAULT 0,
    is_partitioned       boolean      NOT NULL DEFAULT false,
    last_maintenance_at  timestamptz,
    next_maintenance_at  timestamptz,
    config               jsonb        NOT NULL DEFAULT '{}'::jsonb,
    maintenance_log      jsonb        NOT NULL DEFAULT '[]'::jsonb,
    computed_at          timestamptz  NOT NULL DEFAULT now(),
    run_id               uuid,
    CONSTRAINT pm_strategy_chk  CHECK (partition_strategy IN ('range', 'list', 'hash')),
    CONSTRAINT pm_threshold_chk CHECK (size_threshold_gb > 0 AND row_threshold > 0),
    CONSTRAINT pm_current_chk   CHECK (current_size_bytes >= 0 AND current_row_count >= 0),
    CONSTRAINT pm_config_chk    CHECK (jsonb_typeof(config) = 'object'),
    CONSTRAINT pm_log_chk       CHECK (jsonb_typeof(maintenance_log) = 'array')
);

COMMENT ON TABLE partition_management IS
    'Partitioning and retention metadata per high-volume table: thresholds, current size, maintenance schedule, config and log (partitions job).';

INSERT INTO partition_management
    (table_name, partition_strategy, partition_key, size_threshold_gb, row_threshold, is_partitioned, config, maintenance_log)
VALUES
    ('model_performance_metrics',  'range', 'period_start', 10, 1000000, true,
     '{"interval":"month","months_ahead":3,"hot_days":90,"warm_days":365,"cold_years":7}'::jsonb, '[]'::jsonb),
    ('system_performance_metrics', 'range', 'period_start', 20, 5000000, true,
     '{"interval":"month","months_ahead":3,"hot_days":90,"warm_days":365,"cold_years":7}'::jsonb, '[]'::jsonb),
    ('privacy_audit_log',          'range', 'event_time',   15, 2000000, true,
     '{"interval":"month","months_ahead":3,"hot_days":90,"warm_days":365,"cold_years":7}'::jsonb, '[]'::jsonb),
    ('user_feedback',              'range', 'created_at',    5,  500000, true,
     '{"interval":"month","months_ahead":3,"hot_days":90,"warm_days":365,"cold_years":7}'::jsonb, '[]'::jsonb),
    ('cost_tracking',              'range', 'usage_date',   10, 1000000, true,
     '{"interval":"month","months_ahead":3,"hot_days":90,"warm_days":365,"cold_years":7}'::jsonb, '[]'::jsonb);

-- -----------------------------------------------------------------------------------------------------
-- Partition maintenance
-- -----------------------------------------------------------------------------------------------------

CREATE FUNCTION vigia_ensure_monthly_partitions(p_table text, p_from timestamptz, p_to timestamptz)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_parent    regclass;
    v_schema    name;
    v_relname   name;
    v_keycol    name;
    v_keytype   regtype;
    v_default   oid;
    v_cols      text;
    v_month     timestamp;   -- UTC month start (timestamp without time zone, read as UTC)
    v_next      timestamp;
    v_lo        text;
    v_hi        text;
    v_filter    text;
    v_part      name;
    v_has_rows  boolean;
    v_moved     bigint;
    v_created   integer := 0;
BEGIN
    IF p_table IS NULL OR p_from IS NULL OR p_to IS NULL THEN
        RAISE EXCEPTION 'vigia_ensure_monthly_partitions: arguments must not be NULL';
    END IF;
    v_parent := to_regclass(p_table);
    IF v_parent IS NULL THEN
        RAISE EXCEPTION 'vigia_ensure_monthly_partitions: table % does not exist', p_table;
    END IF;
    SELECT n.nspname, c.relname INTO v_schema, v_relname
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = v_parent AND c.relkind = 'p';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'vigia_ensure_monthly_partitions: % is not a partitioned table', p_table;
    END IF;
    SELECT a.attname, a.atttypid::regtype, pt.partdefid INTO v_keycol, v_keytype, v_default
      FROM pg_partitioned_table pt
      JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
     WHERE pt.partrelid = v_parent AND pt.partstrat = 'r' AND pt.partnatts = 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'vigia_ensure_monthly_partitions: % is not range-partitioned on one column', p_table;
    END IF;
    IF v_keytype NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
        RAISE EXCEPTION 'vigia_ensure_monthly_partitions: partition key %.% has unsupported type %',
            p_table, v_keycol, v_keytype;
    END IF;
    IF p_to <= p_from THEN
        RETURN 0;
    END IF;

    -- One maintainer per table at a time; released at commit/rollback.
    PERFORM pg_advisory_xact_lock(hashtext('vigia_ensure_monthly_partitions'),
                                  hashtext(v_schema || '.' || v_relname));
    -- Re-read the default partition after taking the lock.
    SELECT pt.partdefid INTO v_default FROM pg_partitioned_table pt WHERE pt.partrelid = v_parent;

    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO v_cols
      FROM pg_attribute a
     WHERE a.attrelid = v_parent AND a.attnum > 0 AND NOT a.attisdropped;

    v_month := date_trunc('month', p_from AT TIME ZONE 'UTC');
    WHILE (v_month AT TIME ZONE 'UTC') < p_to LOOP
        v_next := v_month + interval '1 month';
        v_part := v_relname || '_p' || to_char(v_month, 'YYYYMM');
        IF v_keytype = 'date'::regtype THEN
            v_lo := to_char(v_month, 'YYYY-MM-DD');
            v_hi := to_char(v_next,  'YYYY-MM-DD');
        ELSIF v_keytype = 'timestamptz'::regtype THEN
            v_lo := to_char(v_month, 'YYYY-MM-DD') || ' 00:00:00+00';
            v_hi := to_char(v_next,  'YYYY-MM-DD') || ' 00:00:00+00';
        ELSE
            v_lo := to_char(v_month, 'YYYY-MM-DD') || ' 00:00:00';
            v_hi := to_char(v_next,  'YYYY-MM-DD') || ' 00:00:00';
        END IF;

        IF EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = v_parent AND c.relname = v_part) THEN
            NULL;  -- already there
        ELSIF EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = v_part AND c.relnamespace =
                        (SELECT oid FROM pg_namespace WHERE nspname = v_schema)) THEN
            RAISE WARNING 'vigia_ensure_monthly_partitions: %.% exists but is not a partition of %; skipped',
                v_schema, v_part, p_table;
        ELSE
            BEGIN  -- subtransaction: a month covered by a differently named partition is skipped
                v_filter := format('%I >= %L::%s AND %I < %L::%s',
                                   v_keycol, v_lo, v_keytype, v_keycol, v_hi, v_keytype);
                v_has_rows := false;
                -- Block writers (readers go on) until commit, so that no row of this month lands in
                -- the default partition between the move and the ATTACH: a concurrent INSERT waits
                -- on the parent before it routes its row, then routes it to the new partition.
                -- Lock order parent -> default partition, as inserters take them: no deadlock.
                -- ATTACH then takes ACCESS EXCLUSIVE on the default partition, so readers of the
                -- parent wait from there until the caller commits: keep that transaction short.
                EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', v_parent);
                IF v_default IS NOT NULL AND v_default <> 0 THEN
                    EXECUTE format('LOCK TABLE %s IN EXCLUSIVE MODE', v_default::regclass);
                    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %s)', v_default::regclass, v_filter)
                       INTO v_has_rows;
                END IF;
                -- Create the month as a standalone table with the parent's columns, defaults and
                -- CHECK constraints, move the month's rows out of the default partition, then ATTACH
                -- (indexes and unique constraints are created by ATTACH).
                EXECUTE format('CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)',
                               v_schema, v_part, v_parent);
                IF v_has_rows THEN
                    EXECUTE format('WITH moved AS (DELETE FROM %s WHERE %s RETURNING %s) '
                                   'INSERT INTO %I.%I (%s) SELECT %s FROM moved',
                                   v_default::regclass, v_filter, v_cols, v_schema, v_part, v_cols, v_cols);
                    GET DIAGNOSTICS v_moved = ROW_COUNT;
                    RAISE NOTICE 'vigia_ensure_monthly_partitions: moved % row(s) from % to %.%',
                        v_moved, v_default::regclass, v_schema, v_part;
                END IF;
                EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
                               v_parent, v_schema, v_part, v_lo, v_hi);
                EXECUTE format('COMMENT ON TABLE %I.%I IS %L', v_schema, v_part,
                               format('Monthly partition of %s for %s (UTC).', v_relname, to_char(v_month, 'YYYY-MM')));
                v_created := v_created + 1;
            EXCEPTION WHEN invalid_object_definition THEN  -- 42P17: would overlap another partition
                RAISE WARNING 'vigia_ensure_monthly_partitions: % for % skipped: %', v_part, to_char(v_month, 'YYYY-MM'), SQLERRM;
            END;
        END IF;
        v_month := v_next;
    END LOOP;
    RETURN v_created;
END;
$fn$;

COMMENT ON FUNCTION vigia_ensure_monthly_partitions(text, timestamptz, timestamptz) IS
    'Creates the missing monthly range partitions <table>_pYYYYMM covering [p_from, p_to) in UTC months (date bounds for date keys) and returns how many it created; idempotent; serialised per table by pg_advisory_xact_lock; rows of a new month already in <table>_default are moved: the month is created as a standalone table (LIKE parent), the rows are moved by DELETE ... RETURNING into it, then it is ATTACHed, all in the caller''s transaction. Writers of the table wait (SHARE ROW EXCLUSIVE on the parent) and route to the new partition after commit; readers wait only from the ATTACH to the commit.';

-- -----------------------------------------------------------------------------------------------------
-- Functions
-- -----------------------------------------------------------------------------------------------------

CREATE FUNCTION calculate_drift_score(
    p_mape_current         numeric,
    p_mape_reference       numeric,
    p_accuracy_current     numeric,
    p_accuracy_reference   numeric,
    p_mape_threshold       numeric DEFAULT 0.15,
    p_accuracy_threshold   numeric DEFAULT 0.10)
RETURNS numeric
LANGUAGE plpgsql
IMMUTABLE PARALLEL SAFE
AS $fn$
DECLARE
    v_mape numeric;
    v_acc  numeric;
BEGIN
    IF p_mape_threshold IS NULL OR p_mape_threshold <= 0
       OR p_accuracy_threshold IS NULL OR p_accuracy_threshold <= 0 THEN
        RAISE EXCEPTION 'calculate_drift_score: thresholds must be > 0 (got %, %)',
            p_mape_threshold, p_accuracy_threshold;
    END IF;
    IF p_mape_current IS NOT NULL AND p_mape_reference IS NOT NULL THEN
        IF p_mape_reference > 0 THEN
            v_mape := least(1, greatest(0,
                0.5 * ((p_mape_current - p_mape_reference) / p_mape_reference) / p_mape_threshold));
        ELSE
            v_mape := CASE WHEN p_mape_current > p_mape_reference THEN 1 ELSE 0 END;
        END IF;
    END IF;
    IF p_accuracy_current IS NOT NULL AND p_accuracy_reference IS NOT NULL THEN
        IF p_accuracy_reference > 0 THEN
            v_acc := least(1, greatest(0,
                0.5 * ((p_accuracy_reference - p_accuracy_current) / p_accuracy_reference) / p_accuracy_threshold));
        ELSE
            v_acc := 0;
        END IF;
    END IF;
    RETURN greatest(v_mape, v_acc);   -- greatest() ignores NULLs; NULL only when both are NULL
END;
$fn$;

COMMENT ON FUNCTION calculate_drift_score(numeric, numeric, numeric, numeric, numeric, numeric) IS
    'Concept-drift score in [0,1]: m = clamp(0.5 * ((mape_cur - mape_ref) / mape_ref) / mape_threshold, 0, 1); a = clamp(0.5 * ((acc_ref - acc_cur) / acc_ref) / accuracy_threshold, 0, 1); result = max(m, a) over the components whose two inputs are present, NULL if none. Reaching a threshold gives 0.5, twice it 1.0. mape_ref = 0: m = 1 if mape_cur > 0 else 0; acc_ref = 0: a = 0. Thresholds default 0.15 (DRIFT_MAPE_THRESHOLD) and 0.10 (DRIFT_ACCURACY_THRESHOLD), must be > 0.';

CREATE FUNCTION combine_drift_scores(p_concept numeric, p_data numeric, p_prediction numeric)
RETURNS numeric
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
AS $fn$
    SELECT CASE WHEN p_concept IS NULL AND p_data IS NULL AND p_prediction IS NULL THEN NULL
           ELSE least(1, greatest(0,
                  (coalesce(0.40 * p_concept, 0) + coalesce(0.35 * p_data, 0) + coalesce(0.25 * p_prediction, 0))
                / ((CASE WHEN p_concept    IS NULL THEN 0 ELSE 0.40 END)
                 + (CASE WHEN p_data       IS NULL THEN 0 ELSE 0.35 END)
                 + (CASE WHEN p_prediction IS NULL THEN 0 ELSE 0.25 END))))
           END
$fn$;

COMMENT ON FUNCTION combine_drift_scores(numeric, numeric, numeric) IS
    'Overall drift score = 0.40 concept + 0.35 data + 0.25 prediction (the design''s weights), each input in [0,1]; a NULL component is left out and the weights of the present ones renormalised to sum 1; NULL if all are NULL.';

CREATE FUNCTION aggregate_hourly_metrics(p_from timestamptz, p_to timestamptz, p_tenant text DEFAULT NULL)
RETURNS TABLE (
    tenant_id                     text,
    period_start                  timestamptz,
    period_end                    timestamptz,
    predictions_count             bigint,
    prediction_avg_latency_ms     double precision,
    prediction_p95_latency_ms     double precision,
    prediction_error_rate         double precision,
    llm_calls_count               bigint,
    llm_exact_cache_hit_rate      double precision,
    llm_semantic_cache_hit_rate   double precision,
    llm_input_tokens              bigint,
    llm_output_tokens             bigint,
    llm_cost_usd                  numeric,
    embeddings_created            bigint,
    vector_searches               bigint,
    vector_avg_search_latency_ms  double precision,
    actions_executed              bigint,
    actions_auto_approved         bigint,
    actions_manual_approved       bigint,
    actions_rejected              bigint,
    actions_failed                bigint,
    avg_cpu_pct                   double precision,
    avg_memory_mb                 double precision)
LANGUAGE sql
STABLE PARALLEL SAFE
AS $fn$
    SELECT s.tenant_id, s.period_start, s.period_end,
           s.predictions_count, s.prediction_avg_latency_ms, s.prediction_p95_latency_ms, s.prediction_error_rate,
           s.llm_calls_count, s.llm_exact_cache_hit_rate, s.llm_semantic_cache_hit_rate,
           s.llm_input_tokens, s.llm_output_tokens, s.llm_cost_usd,
           s.embeddings_created, s.vector_searches, s.vector_avg_search_latency_ms,
           s.actions_executed, s.actions_auto_approved, s.actions_manual_approved, s.actions_rejected, s.actions_failed,
           s.avg_cpu_pct, s.avg_memory_mb
      FROM system_performance_metrics s
     WHERE s.granularity = 'hourly'
       AND s.period_start >= p_from
       AND s.period_start <  p_to
       AND (p_tenant IS NULL OR s.tenant_id = p_tenant)
     ORDER BY s.period_start, s.tenant_id
$fn$;

COMMENT ON FUNCTION aggregate_hourly_metrics(timestamptz, timestamptz, text) IS
    'Hourly rows of system_performance_metrics with period_start in [p_from, p_to), ordered by hour and tenant; p_tenant = a tenant id, ''*'' for the all-tenants rollup, NULL for every row (each tenant and ''*'').';

-- -----------------------------------------------------------------------------------------------------
-- Views
-- -----------------------------------------------------------------------------------------------------

CREATE VIEW drift_detection_summary AS
WITH models AS NOT MATERIALIZED (
    SELECT m.tenant_id, m.model_id FROM model_performance_metrics m
    UNION
    SELECT a.tenant_id, a.model_id FROM drift_alerts a
)
SELECT k.tenant_id,
       k.model_id,
       l.model_version,
       l.period_start,
       l.period_end,
       l.sample_size,
       l.mape,
       l.smape,
       l.mae,
       l.rmse,
       l.accuracy,
       l.psi,
       l.data_drift_score,
       l.concept_drift_score,
       l.prediction_drift_score,
       l.drift_score,
       CASE WHEN l.drift_score > 0.7 THEN 'critical'
            WHEN l.drift_score > 0.4 THEN 'high'
            WHEN l.drift_score IS NOT NULL THEN 'ok' END            AS drift_level,
       coalesce(f.features_monitored, 0)                         AS features_monitored,
       coalesce(f.features_drifted, 0)                           AS features_drifted,
       a.open_alerts,
       a.acknowledged_alerts,
       a.unresolved_low,
       a.unresolved_medium,
       a.unresolved_high,
       a.unresolved_critical,
       a.total_alerts,
       a.last_alert_at,
       a.retraining_pending,
       a.next_retraining_due_by,
       l.computed_at                                             AS metrics_computed_at
  FROM models k
  LEFT JOIN LATERAL (
        SELECT m.*
          FROM model_performance_metrics m
         WHERE m.tenant_id = k.tenant_id AND m.model_id = k.model_id
         ORDER BY m.period_end DESC, m.computed_at DESC, m.model_version DESC
         LIMIT 1) l ON true
  LEFT JOIN LATERAL (
        SELECT count(*)                                               AS features_monitored,
               count(*) FILTER (WHERE fd.drifted)                     AS features_drifted
          FROM feature_drift_metrics fd
         WHERE fd.tenant_id = k.tenant_id AND fd.model_id = k.model_id
           AND fd.model_version = l.model_version
           AND fd.period_start = l.period_start AND fd.period_end = l.period_end) f ON true
  CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE a.status = 'open')                                     AS open_alerts,
               count(*) FILTER (WHERE a.status = 'acknowledged')                             AS acknowledged_alerts,
               count(*) FILTER (WHERE a.status <> 'resolved' AND a.severity = 'low')         AS unresolved_low,
               count(*) FILTER (WHERE a.status <> 'resolved' AND a.severity = 'medium')      AS unresolved_medium,
               count(*) FILTER (WHERE a.status <> 'resolved' AND a.severity = 'high')        AS unresolved_high,
               count(*) FILTER (WHERE a.status <> 'resolved' AND a.severity = 'critical')    AS unresolved_critical,
               count(*)                                                                      AS total_alerts,
               max(a.created_at)                                                             AS last_alert_at,
               coalesce(bool_or(a.retraining_triggered) FILTER (WHERE a.status <> 'resolved'), false)
                                                                                             AS retraining_pending,
               min(a.retraining_due_by) FILTER (WHERE a.status <> 'resolved')                AS next_retraining_due_by
          FROM drift_alerts a
         WHERE a.tenant_id = k.tenant_id AND a.model_id = k.model_id) a;

COMMENT ON VIEW drift_detection_summary IS
    'Per tenant x model: the latest performance/drift metrics (by period_end), drifted-feature count of that window, and alert counts (open, acknowledged, unresolved by severity, retraining pending).';

CREATE VIEW cost_summary_by_tenant AS
SELECT c.tenant_id,
       c.billing_period,
       c.cost_type,
       sum(c.total_cost_usd)                                                      AS total_cost_usd,
       sum(c.total_cost_usd) FILTER (WHERE c.pricing_status = 'priced')           AS priced_cost_usd,
       sum(c.total_cost_usd) FILTER (WHERE c.pricing_status = 'caller_reported')  AS caller_reported_cost_usd,
       CASE WHEN count(DISTINCT c.unit_type) = 1 THEN sum(c.usage_units) END      AS total_units,
       CASE WHEN count(DISTINCT c.unit_type) = 1 THEN min(c.unit_type) ELSE 'mixed' END AS unit_type,
       count(*)                                                                   AS row_count,
       count(*) FILTER (WHERE c.pricing_status = 'unpriced')                      AS unpriced_rows,
       sum(c.unpriced_event_count)                                                AS unpriced_events,
       sum(c.event_count)                                                         AS event_count,
       (count(*) FILTER (WHERE c.pricing_status = 'unpriced') = 0
          AND sum(c.unpriced_event_count) = 0)                                    AS fully_priced,
       count(DISTINCT c.service)                                                  AS services,
       count(DISTINCT c.model) FILTER (WHERE c.model <> '')                       AS models,
       min(c.usage_date)                                                          AS first_usage_date,
       max(c.usage_date)                                                          AS last_usage_date,
       max(c.computed_at)                                                         AS last_computed_at
  FROM cost_tracking c
 GROUP BY c.tenant_id, c.billing_period, c.cost_type;

COMMENT ON VIEW cost_summary_by_tenant IS
    'Per tenant x billing period x cost type: total cost (priced + caller-reported; NULL if nothing is priced), units (when one unit type), row and unpriced counts.';

CREATE VIEW privacy_compliance_dashboard AS
SELECT p.tenant_id,
       (p.event_time AT TIME ZONE 'UTC')::date                                         AS day,
       count(*)                                                                        AS events_total,
       count(*) FILTER (WHERE p.event_type = 'pii_detected')                           AS pii_detected_events,
       count(*) FILTER (WHERE p.event_type = 'pii_sanitized')                          AS pii_sanitized_events,
       count(*) FILTER (WHERE p.event_type = 'data_access')                            AS data_access_events,
       count(*) FILTER (WHERE p.event_type = 'data_export')                            AS data_export_events,
       count(*) FILTER (WHERE p.event_type = 'data_deletion')                          AS data_deletion_events,
       coalesce(sum(p.field_count) FILTER (WHERE p.event_type = 'pii_detected'), 0)    AS pii_fields_detected,
       count(*) FILTER (WHERE p.risk_level = 'medium')                                 AS medium_risk_events,
       count(*) FILTER (WHERE p.risk_level = 'high')                                   AS high_risk_events,
       count(*) FILTER (WHERE p.risk_level = 'critical')                               AS critical_risk_events,
       count(*) FILTER (WHERE p.requires_review)                                       AS review_required,
       count(*) FILTER (WHERE p.requires_review AND p.reviewed_at IS NULL)             AS review_open,
       count(*) FILTER (WHERE p.blocked)                                               AS blocked_events,
       count(*) FILTER (WHERE p.gdpr_compliant = false)                                AS gdpr_non_compliant_events,
       count(*) FILTER (WHERE p.event_type IN ('data_access', 'data_export'))          AS access_events,
       (count(*) FILTER (WHERE p.event_type IN ('data_access', 'data_export') AND p.consent_verified))::numeric
         / nullif(count(*) FILTER (WHERE p.event_type IN ('data_access', 'data_export')), 0) AS consent_coverage,
       (count(*) FILTER (WHERE p.event_type IN ('data_access', 'data_export') AND p.legal_basis IS NOT NULL))::numeric
         / nullif(count(*) FILTER (WHERE p.event_type IN ('data_access', 'data_export')), 0) AS legal_basis_coverage
  FROM privacy_audit_log p
 GROUP BY p.tenant_id, (p.event_time AT TIME ZONE 'UTC')::date;

COMMENT ON VIEW privacy_compliance_dashboard IS
    'Per tenant x UTC day: privacy events by type, PII fields detected, risk counts, open reviews, blocked and GDPR non-compliant events, consent and legal-basis coverage of data access/export events.';

CREATE VIEW feedback_insights AS
WITH anchors AS (
    -- Trend anchor: the tenant's newest feedback time, so the trend is reproducible on historical
    -- data; compare trend_anchor_at with now() to see whether it is stale.
    SELECT u.tenant_id, max(u.created_at) AS anchor_at
      FROM user_feedback u
     GROUP BY u.tenant_id
), grouped AS (
    SELECT f.tenant_id, f.model_id, f.target_type,
           max(a.anchor_at)                                                             AS trend_anchor_at,
           count(*)                                                                     AS feedback_count,
           count(f.rating)                                                              AS rated_count,
           avg(f.rating)::double precision                                              AS avg_rating,
           count(*) FILTER (WHERE f.sentiment IS NOT NULL OR f.rating IS NOT NULL)      AS classified_count,
           count(*) FILTER (WHERE CASE WHEN f.sentiment IS NOT NULL THEN f.sentiment = 'negative'
                                       ELSE f.rating <= 2 END)                          AS negative_count,
           count(*) FILTER (WHERE f.created_at >  a.anchor_at - interval '7 days')      AS last_7d_count,
           count(*) FILTER (WHERE f.created_at <= a.anchor_at - interval '7 days'
                              AND f.created_at >  a.anchor_at - interval '14 days')     AS prev_7d_count,
           avg(f.rating) FILTER (WHERE f.created_at > a.anchor_at - interval '7 days')::double precision
                                                                                        AS last_7d_avg_rating,
           avg(f.rating) FILTER (WHERE f.created_at <= a.anchor_at - interval '7 days'
                                   AND f.created_at >  a.anchor_at - interval '14 days')::double precision
                                                                                        AS prev_7d_avg_rating,
           count(f.correction_data)                                                     AS corrections_count,
           count(*) FILTER (WHERE f.processing_status = 'pending')                      AS pending_count,
           count(*) FILTER (WHERE f.processing_status = 'processed')                    AS processed_count,
           count(*) FILTER (WHERE f.processing_status = 'failed')                       AS failed_count,
           count(*) FILTER (WHERE f.processing_status = 'processed'
                              AND f.processed_at <= f.created_at + interval '24 hours') AS processed_within_24h,
           min(f.created_at) FILTER (WHERE f.processing_status = 'pending')             AS oldest_pending_at
      FROM user_feedback f
      JOIN anchors a ON a.tenant_id = f.tenant_id
     GROUP BY f.tenant_id, f.model_id, f.target_type
), correction_keys AS (
    SELECT u.tenant_id, u.model_id, u.target_type, k.key AS correction_key, count(*) AS n,
           row_number() OVER (PARTITION BY u.tenant_id, u.model_id, u.target_type
                              ORDER BY count(*) DESC, k.key) AS rn
      FROM user_feedback u
     CROSS JOIN LATERAL jsonb_object_keys(u.correction_data) AS k(key)
     WHERE u.correction_data IS NOT NULL
     GROUP BY u.tenant_id, u.model_id, u.target_type, k.key
), top_corrections AS (
    SELECT c.tenant_id, c.model_id, c.target_type,
           jsonb_agg(jsonb_build_object('key', c.correction_key, 'count', c.n) ORDER BY c.rn) AS top_correction_keys
      FROM correction_keys c
     WHERE c.rn <= 3
     GROUP BY c.tenant_id, c.model_id, c.target_type
)
SELECT g.tenant_id,
       g.model_id,
       g.target_type,
       g.feedback_count,
       g.rated_count,
       g.avg_rating,
       g.classified_count,
       g.negative_count,
       w.p                                                                     AS negative_share,
       CASE WHEN w.n > 0 THEN greatest(0::float8,
            (w.p + w.z * w.z / (2 * w.n) - w.z * sqrt(w.p * (1 - w.p) / w.n + w.z * w.z / (4 * w.n * w.n)))
            / (1 + w.z * w.z / w.n)) END                                       AS negative_share_ci_lower,
       CASE WHEN w.n > 0 THEN least(1::float8,
            (w.p + w.z * w.z / (2 * w.n) + w.z * sqrt(w.p * (1 - w.p) / w.n + w.z * w.z / (4 * w.n * w.n)))
            / (1 + w.z * w.z / w.n)) END                                       AS negative_share_ci_upper,
       g.trend_anchor_at,
       g.last_7d_count,
       g.prev_7d_count,
       g.last_7d_count - g.prev_7d_count                                       AS count_change,
       g.last_7d_avg_rating,
       g.prev_7d_avg_rating,
       g.last_7d_avg_rating - g.prev_7d_avg_rating                             AS avg_rating_change,
       CASE WHEN g.last_7d_avg_rating IS NULL OR g.prev_7d_avg_rating IS NULL THEN 'insufficient_data'
            WHEN g.last_7d_avg_rating - g.prev_7d_avg_rating >=  0.1 THEN 'improving'
            WHEN g.last_7d_avg_rating - g.prev_7d_avg_rating <= -0.1 THEN 'declining'
            ELSE 'stable' END                                                  AS rating_trend,
       g.corrections_count,
       coalesce(t.top_correction_keys, '[]'::jsonb)                            AS top_correction_keys,
       g.pending_count,
       g.processed_count,
       g.failed_count,
       g.processed_within_24h::double precision / nullif(g.processed_count, 0) AS processed_within_24h_share,
       g.oldest_pending_at,
       now() - g.oldest_pending_at                                             AS oldest_pending_age
  FROM grouped g
  CROSS JOIN LATERAL (
        SELECT g.negative_count::float8 / nullif(g.classified_count, 0) AS p,
               g.classified_count::float8                             AS n,
               1.959964::float8                                       AS z) w
  LEFT JOIN top_corrections t
         ON t.tenant_id = g.tenant_id AND t.model_id IS NOT DISTINCT FROM g.model_id
        AND t.target_type = g.target_type;

COMMENT ON VIEW feedback_insights IS
    'Per tenant x model x target type: count, average rating, negative share with 95% Wilson interval (z = 1.959964; negative = sentiment negative, else rating <= 2), last-7-days vs previous-7-days trend anchored at the tenant''s newest feedback (trend_anchor_at), top correction keys, and processing backlog (pending count, oldest pending age relative to now()).';
