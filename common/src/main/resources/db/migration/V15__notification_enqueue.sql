-- =====================================================================================================
-- vigia V15 (issue 18): every notification INTO the outbox (V14), in the same transaction as its cause.
--
-- Triggers on the tables that hold alerts write the outbox rows, so the row commits with the alert or
-- not at all, whoever writes the alert (ResultWriter's one commit transaction, RunLedger's autocommit
-- update of a failed run, an operator's SQL, a future writer):
--   drift_alerts            drift_detected / performance_degradation / data_quality (drift, ingest)
--   cost_alerts             budget_threshold / unpriced_usage / cost_anomaly (budgets, costs)
--   privacy_audit_log       privacy_critical: risk_level critical (blocked bulk export of special categories)
--   job_runs                run_failed: status becomes failed (tenant_id = the run's --tenant, else '')
--   feedback_review_bursts  feedback_review: a burst of feedback flagged for review (feedback job)
-- Rules: a new row enqueues; an update that RAISES the severity (risk_level for privacy, status -> failed
-- for runs) enqueues; an update at the same or a lower severity enqueues nothing.
--
-- The idempotency key is vigia_notification_key(kind, natural key, severity): the kind, the SHA-256 of
-- the source row's natural key (never its bigserial id: result writing deletes and re-inserts rows, or
-- upserts them on the natural key) and the severity. A re-run that rewrites an alert finds its key taken
-- (INSERT ... ON CONFLICT (key) DO NOTHING): quiet re-sends never happen. Times in a key are UTC text,
-- independent of the session's TimeZone and DateStyle.
--
-- Also: user_feedback.requires_review (feedback rated at or below vigia.feedback.min-rating-for-review,
-- set by the feedback job) with human-owned reviewed_by / reviewed_at, and feedback_review_bursts.
-- Alerts already in the tables are not enqueued by this migration: only what runs raise from now on.
-- Plain DDL only: runs inside Flyway's single transaction.
-- =====================================================================================================

-- ---------------------------------------------------------------------------------------------------
-- Feedback for review
-- ---------------------------------------------------------------------------------------------------

ALTER TABLE user_feedback
    ADD COLUMN requires_review boolean     NOT NULL DEFAULT false,
    ADD COLUMN reviewed_by     text,
    ADD COLUMN reviewed_at     timestamptz;
CREATE INDEX user_feedback_review_idx ON user_feedback (tenant_id, created_at)
    WHERE requires_review AND reviewed_at IS NULL;
COMMENT ON COLUMN user_feedback.requires_review IS
    'Flagged for human review: rated at or below vigia.feedback.min-rating-for-review (FEEDBACK_MIN_RATING_FOR_REVIEW), set by the feedback job when it processes the row.';
COMMENT ON COLUMN user_feedback.reviewed_at IS
    'Human-owned: when the review was done (open review = requires_review AND reviewed_at IS NULL).';

CREATE TABLE feedback_review_bursts (
    id               bigserial        PRIMARY KEY,
    tenant_id        text             NOT NULL,
    model_id         text             NOT NULL DEFAULT '',
    day              date             NOT NULL,
    flagged_count    bigint           NOT NULL,
    rated_count      bigint           NOT NULL,
    flagged_share    double precision NOT NULL,
    share_lower_bound double precision NOT NULL,
    baseline_share   double precision,
    baseline_rated   bigint           NOT NULL DEFAULT 0,
    min_rating       smallint         NOT NULL,
    severity         text             NOT NULL,
    details          jsonb            NOT NULL DEFAULT '{}'::jsonb,
    created_at       timestamptz      NOT NULL DEFAULT now(),
    source_job       text             NOT NULL DEFAULT 'feedback',
    computed_at      timestamptz      NOT NULL DEFAULT now(),
    run_id           uuid,
    CONSTRAINT feedback_review_bursts_key UNIQUE (tenant_id, model_id, day),
    CONSTRAINT frb_counts_chk   CHECK (flagged_count >= 0 AND rated_count >= flagged_count AND baseline_rated >= 0),
    CONSTRAINT frb_share_chk    CHECK (flagged_share BETWEEN 0 AND 1 AND share_lower_bound BETWEEN 0 AND 1
                                       AND (baseline_share IS NULL OR baseline_share BETWEEN 0 AND 1)),
    CONSTRAINT frb_rating_chk   CHECK (min_rating BETWEEN 1 AND 5),
    CONSTRAINT frb_severity_chk CHECK (severity IN ('low', 'medium', 'high', 'critical'))
);
CREATE INDEX feedback_review_bursts_day_idx ON feedback_review_bursts (tenant_id, day);
COMMENT ON TABLE feedback_review_bursts IS
    'Bursts of feedback flagged for review per tenant x model x UTC day (feedback job): at least vigia.feedback.review-burst-min-count flagged ratings and a flagged share whose 95% Wilson lower bound is above the tenant''s share over the vigia.feedback.review-baseline-days before the day. Each row notifies once (feedback_review).';

-- ---------------------------------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION vigia_severity_rank(p_severity text) RETURNS integer
LANGUAGE sql IMMUTABLE
AS $fn$
    SELECT CASE p_severity WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 WHEN 'critical' THEN 3 END
$fn$;

-- An instant as UTC text, the same in every session (keys and messages).
CREATE FUNCTION vigia_utc_text(p_at timestamptz) RETURNS text
LANGUAGE sql STABLE
AS $fn$
    SELECT to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$fn$;

-- An instant for people: the date when it is midnight UTC, else date and time with " UTC".
CREATE FUNCTION vigia_utc_label(p_at timestamptz) RETURNS text
LANGUAGE sql STABLE
AS $fn$
    SELECT CASE WHEN (p_at AT TIME ZONE 'UTC')::time = time '00:00'
                THEN to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
                ELSE to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC' END
$fn$;

-- A number of a details object, NULL when absent or not a number (a message never fails a write).
CREATE FUNCTION vigia_json_number(p_doc jsonb, p_field text) RETURNS numeric
LANGUAGE sql IMMUTABLE
AS $fn$
    SELECT CASE WHEN jsonb_typeof(p_doc -> p_field) = 'number' THEN (p_doc ->> p_field)::numeric END
$fn$;

-- The first words of a message body: "Critical alert (escalated from high)".
CREATE FUNCTION vigia_alert_lead(p_severity text, p_previous text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $fn$
    SELECT initcap(p_severity) || ' alert' || coalesce(' (escalated from ' || p_previous || ')', '')
$fn$;

CREATE FUNCTION vigia_notification_key(p_kind text, p_natural_key jsonb, p_severity text) RETURNS text
LANGUAGE sql STABLE
AS $fn$
    SELECT p_kind || ':' || encode(sha256(convert_to(p_natural_key::text, 'UTF8')), 'hex') || ':' || p_severity
$fn$;
COMMENT ON FUNCTION vigia_notification_key(text, jsonb, text) IS
    'Idempotency key of a notification: kind, SHA-256 of the source row''s natural key (a JSON array of text values), severity.';

CREATE FUNCTION vigia_enqueue_notification(p_kind text, p_natural_key jsonb, p_severity text, p_tenant_id text,
    p_title text, p_body text, p_source_table text, p_source_id text, p_occurred_at timestamptz, p_details jsonb,
    p_run_id uuid) RETURNS void
LANGUAGE sql
AS $fn$
    INSERT INTO notification_outbox (key, tenant_id, kind, severity, title, body, source_table, source_id,
                                     occurred_at, details, run_id)
    VALUES (vigia_notification_key(p_kind, p_natural_key, p_severity), coalesce(p_tenant_id, ''), p_kind, p_severity,
            p_title, coalesce(p_body, ''), p_source_table, p_source_id, p_occurred_at,
            coalesce(p_details, '{}'::jsonb), p_run_id)
    ON CONFLICT (key) DO NOTHING
$fn$;
COMMENT ON FUNCTION vigia_enqueue_notification(text, jsonb, text, text, text, text, text, text, timestamptz, jsonb, uuid) IS
    'Adds a notification to notification_outbox unless its key (kind, natural key, severity) is already there; called by the V15 triggers.';

-- ---------------------------------------------------------------------------------------------------
-- drift_alerts: drift_detected, performance_degradation, data_quality
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION vigia_enqueue_drift_alert() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_prev     text := CASE WHEN TG_OP = 'UPDATE' THEN OLD.severity END;
    v_subject  text;
    v_title    text;
    v_body     text;
BEGIN
    v_subject := 'tenant ' || NEW.tenant_id
        || CASE WHEN NEW.model_id IN ('', '*') THEN ''
                ELSE ', model ' || NEW.model_id || CASE WHEN NEW.model_version = '' THEN '' ELSE ' ' || NEW.model_version END
           END;
    v_title := CASE NEW.alert_type WHEN 'drift_detected' THEN 'Drift detected'
                                   WHEN 'performance_degradation' THEN 'Performance degraded'
                                   ELSE 'Data quality' END
        || ': ' || v_subject
        || coalesce(', drift score ' || round(NEW.drift_score::numeric, 2)::text, '')
        || coalesce(', ' || round(100 * vigia_json_number(NEW.details, 'quarantined_share'), 1)::text || ' % of '
                    || (NEW.details->>'lines') || ' lines quarantined', '');
    v_body := vigia_alert_lead(NEW.severity, v_prev)
        || ' for the window ' || vigia_utc_label(NEW.window_start) || ' to ' || vigia_utc_label(NEW.window_end)
        || CASE WHEN NEW.occurrences > 1
                THEN ', confirmed by ' || NEW.occurrences || ' windows up to '
                     || vigia_utc_label(coalesce(NEW.last_window_end, NEW.window_end))
                ELSE '' END
        || '.' || CASE WHEN NEW.retraining_triggered
                       THEN ' Retraining triggered' || coalesce(', due by ' || vigia_utc_label(NEW.retraining_due_by), '') || '.'
                       ELSE '' END
        || ' Alert ' || NEW.id || ' in drift_alerts (' || NEW.source_job || ').';
    PERFORM vigia_enqueue_notification(
        NEW.alert_type,
        jsonb_build_array('drift_alerts', NEW.tenant_id, NEW.model_id, NEW.model_version, NEW.alert_type,
                          vigia_utc_text(NEW.window_start), vigia_utc_text(NEW.window_end)),
        NEW.severity, NEW.tenant_id, v_title, v_body, 'drift_alerts', NEW.id::text, now(),
        jsonb_build_object('alert_id', NEW.id, 'tenant_id', NEW.tenant_id, 'model_id', NEW.model_id,
            'model_version', NEW.model_version, 'alert_type', NEW.alert_type, 'severity', NEW.severity,
            'previous_severity', v_prev, 'drift_score', NEW.drift_score,
            'window_start', vigia_utc_text(NEW.window_start), 'window_end', vigia_utc_text(NEW.window_end),
            'last_window_end', vigia_utc_text(coalesce(NEW.last_window_end, NEW.window_end)),
            'occurrences', NEW.occurrences, 'retraining_triggered', NEW.retraining_triggered,
            'retraining_due_by', vigia_utc_text(NEW.retraining_due_by), 'status', NEW.status,
            'source_job', NEW.source_job, 'alert_details', NEW.details),
        NEW.run_id);
    RETURN NULL;
END
$fn$;


-- ---------------------------------------------------------------------------------------------------
-- cost_alerts: budget_threshold, unpriced_usage, cost_anomaly
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION vigia_enqueue_cost_alert() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_prev   text := CASE WHEN TG_OP = 'UPDATE' THEN OLD.severity END;
    v_month  text := to_char(NEW.billing_period, 'YYYY-MM');
    v_title  text;
BEGIN
    v_title := CASE NEW.alert_type
        WHEN 'budget_threshold' THEN
            'Budget ' || NEW.scope_key || ' % reached: tenant ' || NEW.tenant_id || ', ' || v_month
            || coalesce(': ' || round(vigia_json_number(NEW.details, 'spend_to_date_usd'), 2)::text || ' of '
                        || round(vigia_json_number(NEW.details, 'budget_usd'), 2)::text || ' USD', '')
            || coalesce(' (' || round(vigia_json_number(NEW.details, 'percent_used'), 1)::text || ' %)', '')
            || CASE WHEN NEW.throttle THEN ', throttling' ELSE '' END
        WHEN 'unpriced_usage' THEN
            'Unpriced usage: tenant ' || NEW.tenant_id || ', ' || NEW.scope_key || ' in ' || v_month
        ELSE
            'Cost anomaly: tenant ' || NEW.tenant_id || ', ' || NEW.scope_key
            || coalesce(': ' || round(vigia_json_number(NEW.details, 'cost_usd'), 2)::text || ' USD against a median of '
                        || round(vigia_json_number(NEW.details, 'median_usd'), 2)::text || ' USD', '')
        END;
    PERFORM vigia_enqueue_notification(
        NEW.alert_type,
        jsonb_build_array('cost_alerts', NEW.tenant_id, NEW.alert_type, NEW.scope_key,
                          to_char(NEW.billing_period, 'YYYY-MM-DD')),
        NEW.severity, NEW.tenant_id, v_title,
        vigia_alert_lead(NEW.severity, v_prev)
            || ' for the billing period ' || v_month || '.'
            || CASE WHEN NEW.throttle THEN ' The budget is spent: usage is to be throttled.' ELSE '' END
            || ' Alert ' || NEW.id || ' in cost_alerts (' || NEW.source_job || ').',
        'cost_alerts', NEW.id::text, now(),
        jsonb_build_object('alert_id', NEW.id, 'tenant_id', NEW.tenant_id, 'alert_type', NEW.alert_type,
            'scope_key', NEW.scope_key, 'billing_period', to_char(NEW.billing_period, 'YYYY-MM-DD'),
            'severity', NEW.severity, 'previous_severity', v_prev, 'threshold_percent', NEW.threshold_percent,
            'throttle', NEW.throttle, 'status', NEW.status, 'source_job', NEW.source_job, 'alert_details', NEW.details),
        NEW.run_id);
    RETURN NULL;
END
$fn$;


-- ---------------------------------------------------------------------------------------------------
-- privacy_audit_log: privacy_critical (the design's "Critical Risk - Immediate escalation + blocking")
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION vigia_enqueue_privacy_critical() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM vigia_enqueue_notification(
        'privacy_critical',
        jsonb_build_array('privacy_audit_log', NEW.dedup_key, vigia_utc_text(NEW.event_time)),
        'critical', NEW.tenant_id,
        'Critical privacy event: tenant ' || NEW.tenant_id || ', ' || replace(NEW.event_type, '_', ' ')
            || coalesce(' of ' || NEW.record_count || ' records', '')
            || CASE WHEN cardinality(NEW.pii_types) > 0 THEN ' (' || array_to_string(NEW.pii_types, ', ') || ')' ELSE '' END
            || CASE WHEN NEW.blocked THEN ', blocked' ELSE '' END,
        'At ' || vigia_utc_label(NEW.event_time)
            || coalesce(' by ' || NEW.actor, '') || coalesce(' for ' || NEW.purpose, '')
            || ', legal basis ' || coalesce(NEW.legal_basis, 'none')
            || CASE WHEN NEW.consent_verified THEN ', consent verified' ELSE ', consent not verified' END
            || '. Requires review.' || ' Event ' || NEW.id || ' in privacy_audit_log (' || NEW.source_job || ').',
        'privacy_audit_log', NEW.id::text, NEW.event_time,
        jsonb_build_object('event_id', NEW.id, 'tenant_id', NEW.tenant_id, 'event_type', NEW.event_type,
            'source', NEW.source, 'record_ref', NEW.record_ref, 'pii_types', to_jsonb(NEW.pii_types),
            'field_count', NEW.field_count, 'record_count', NEW.record_count, 'actor', NEW.actor,
            'purpose', NEW.purpose, 'legal_basis', NEW.legal_basis, 'consent_verified', NEW.consent_verified,
            'gdpr_compliant', NEW.gdpr_compliant, 'risk_level', NEW.risk_level,
            'requires_review', NEW.requires_review, 'blocked', NEW.blocked,
            'event_time', vigia_utc_text(NEW.event_time), 'source_job', NEW.source_job),
        NEW.run_id);
    RETURN NULL;
END
$fn$;

CREATE TRIGGER vigia_enqueue_new AFTER INSERT ON privacy_audit_log
    FOR EACH ROW WHEN (NEW.risk_level = 'critical') EXECUTE FUNCTION vigia_enqueue_privacy_critical();
CREATE TRIGGER vigia_enqueue_escalated AFTER UPDATE OF risk_level ON privacy_audit_log
    FOR EACH ROW WHEN (NEW.risk_level = 'critical' AND OLD.risk_level <> 'critical')
    EXECUTE FUNCTION vigia_enqueue_privacy_critical();

-- ---------------------------------------------------------------------------------------------------
-- job_runs: run_failed
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION vigia_enqueue_run_failed() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM vigia_enqueue_notification(
        'run_failed',
        jsonb_build_array('job_runs', NEW.run_id::text),
        'high', coalesce(NEW.tenant_filter, ''),
        'Run failed: job ' || NEW.job || ', window ' || vigia_utc_label(NEW.window_start) || ' to '
            || vigia_utc_label(NEW.window_end) || coalesce(', tenant ' || NEW.tenant_filter, ''),
        coalesce(NEW.message, 'no message') || ' (run ' || NEW.run_id || coalesce(' on ' || NEW.host, '') || ')',
        'job_runs', NEW.id::text, coalesce(NEW.ended_at, now()),
        jsonb_build_object('run_id', NEW.run_id, 'job', NEW.job, 'window_start', vigia_utc_text(NEW.window_start),
            'window_end', vigia_utc_text(NEW.window_end), 'tenant_filter', NEW.tenant_filter,
            'started_at', vigia_utc_text(NEW.started_at), 'ended_at', vigia_utc_text(NEW.ended_at),
            'message', NEW.message, 'host', NEW.host),
        NEW.run_id);
    RETURN NULL;
END
$fn$;

CREATE TRIGGER vigia_enqueue_new AFTER INSERT ON job_runs
    FOR EACH ROW WHEN (NEW.status = 'failed') EXECUTE FUNCTION vigia_enqueue_run_failed();
CREATE TRIGGER vigia_enqueue_escalated AFTER UPDATE OF status ON job_runs
    FOR EACH ROW WHEN (NEW.status = 'failed' AND OLD.status IS DISTINCT FROM 'failed')
    EXECUTE FUNCTION vigia_enqueue_run_failed();

-- ---------------------------------------------------------------------------------------------------
-- feedback_review_bursts: feedback_review
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION vigia_enqueue_feedback_review() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_prev text := CASE WHEN TG_OP = 'UPDATE' THEN OLD.severity END;
BEGIN
    PERFORM vigia_enqueue_notification(
        'feedback_review',
        jsonb_build_array('feedback_review_bursts', NEW.tenant_id, NEW.model_id, to_char(NEW.day, 'YYYY-MM-DD')),
        NEW.severity, NEW.tenant_id,
        'Feedback for review: tenant ' || NEW.tenant_id
            || CASE WHEN NEW.model_id = '' THEN '' ELSE ', model ' || NEW.model_id END
            || ', ' || to_char(NEW.day, 'YYYY-MM-DD') || ': ' || NEW.flagged_count || ' of ' || NEW.rated_count
            || ' ratings at or below ' || NEW.min_rating || ' (' || round(100 * NEW.flagged_share::numeric, 1)::text
            || ' %' || coalesce(', usually ' || round(100 * NEW.baseline_share::numeric, 1)::text || ' %', '') || ')',
        vigia_alert_lead(NEW.severity, v_prev)
            || ': a burst of low-rated feedback; the rows are flagged in user_feedback (requires_review).'
            || ' Burst ' || NEW.id || ' in feedback_review_bursts (' || NEW.source_job || ').',
        'feedback_review_bursts', NEW.id::text, now(),
        jsonb_build_object('burst_id', NEW.id, 'tenant_id', NEW.tenant_id, 'model_id', NEW.model_id,
            'day', to_char(NEW.day, 'YYYY-MM-DD'), 'flagged_count', NEW.flagged_count, 'rated_count', NEW.rated_count,
            'flagged_share', NEW.flagged_share, 'share_lower_bound', NEW.share_lower_bound,
            'baseline_share', NEW.baseline_share, 'baseline_rated', NEW.baseline_rated, 'min_rating', NEW.min_rating,
            'severity', NEW.severity, 'previous_severity', v_prev, 'burst_details', NEW.details),
        NEW.run_id);
    RETURN NULL;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------
-- The alert tables with a severity: a new row, or a row whose severity rises, enqueues (one rule for all)
-- ---------------------------------------------------------------------------------------------------

DO $triggers$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('drift_alerts', 'vigia_enqueue_drift_alert'),
                                   ('cost_alerts', 'vigia_enqueue_cost_alert'),
                                   ('feedback_review_bursts', 'vigia_enqueue_feedback_review')) v (tbl, fn) LOOP
        EXECUTE format('CREATE TRIGGER vigia_enqueue_new AFTER INSERT ON %I FOR EACH ROW EXECUTE FUNCTION %I()',
                       t.tbl, t.fn);
        EXECUTE format('CREATE TRIGGER vigia_enqueue_escalated AFTER UPDATE OF severity ON %I FOR EACH ROW '
                       'WHEN (vigia_severity_rank(NEW.severity) > vigia_severity_rank(OLD.severity)) '
                       'EXECUTE FUNCTION %I()', t.tbl, t.fn);
    END LOOP;
END
$triggers$;
