-- =====================================================================================================
-- vigia V14 (issue 18): the notification outbox.
--
-- One row per notification a run must send: an alert raised (new) or escalated (severity up), a failed
-- run, a burst of feedback for review. The row is written in the SAME transaction as the alert itself
-- (see V15), so a run that does not commit notifies nobody and one that commits cannot lose a
-- notification. The notify job delivers the rows (delivery state in V16).
--
-- key is the idempotency key: stable for the same alert at the same severity (derived from the source
-- row's natural key, never from a surrogate id), so a re-run that rewrites an alert at the same severity
-- finds the key taken and enqueues nothing (quiet re-sends never happen). It is sent to receivers as
-- X-Vigia-Delivery and the body's "key".
-- =====================================================================================================
CREATE TABLE notification_outbox (
    id            bigserial    PRIMARY KEY,
    key           text         NOT NULL,
    tenant_id     text         NOT NULL DEFAULT '',
    kind          text         NOT NULL,
    severity      text         NOT NULL,
    title         text         NOT NULL,
    body          text         NOT NULL DEFAULT '',
    source_table  text         NOT NULL,
    source_id     text         NOT NULL,
    occurred_at   timestamptz  NOT NULL,
    details       jsonb        NOT NULL DEFAULT '{}'::jsonb,
    run_id        uuid,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT notification_outbox_key UNIQUE (key),
    CONSTRAINT no_kind_chk CHECK (kind IN ('drift_detected', 'performance_degradation', 'data_quality',
        'budget_threshold', 'cost_anomaly', 'unpriced_usage', 'privacy_critical', 'run_failed',
        'feedback_review', 'notification_failed')),
    CONSTRAINT no_severity_chk CHECK (severity IN ('low', 'medium', 'high', 'critical'))
);
CREATE INDEX notification_outbox_created_idx ON notification_outbox (created_at);
CREATE INDEX notification_outbox_tenant_idx ON notification_outbox (tenant_id, created_at);

COMMENT ON TABLE notification_outbox IS
    'Notifications to send (transactional outbox): written with the alert that causes them, delivered by the notify job; key is the idempotency key sent to receivers.';
COMMENT ON COLUMN notification_outbox.key IS
    'Idempotency key: the same for the same alert at the same severity (natural key + severity), so re-runs enqueue nothing new.';
COMMENT ON COLUMN notification_outbox.source_table IS 'The table of the row that caused it (drift_alerts, cost_alerts, job_runs, privacy_audit_log, user_feedback ...).';
COMMENT ON COLUMN notification_outbox.source_id IS 'That row''s id (or its natural key when it has no id).';
