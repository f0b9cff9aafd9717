-- =====================================================================================================
-- vigia V7: privacy scan, erasure and compliance reports (issue 6).
-- tenant_privacy_profile: the tenant's country (phone numbers in national form, which national IDs
-- come first) and the processing record fields the data_inventory report states (GDPR Art. 30(1)).
-- erasure_requests: the queue of data-subject erasure requests (GDPR Art. 17) the erasure job works
-- off; `vigia erase` adds one and runs it at once.
-- Plain DDL only: runs inside Flyway's single transaction.
-- =====================================================================================================

CREATE TABLE tenant_privacy_profile (
    tenant_id          text         PRIMARY KEY,
    country            text         NOT NULL,
    controller_name    text,
    dpo_contact        text,
    retention_days     integer      NOT NULL DEFAULT 365,
    updated_at         timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT tpp_country_chk   CHECK (country ~ '^[A-Z]{2}$'),
    CONSTRAINT tpp_retention_chk CHECK (retention_days > 0)
);

COMMENT ON TABLE tenant_privacy_profile IS
    'Per tenant: country (ISO 3166 alpha-2) used by the privacy scan for national phone forms and ID priority, controller and DPO contact and retention limit stated in the data_inventory report.';

CREATE TABLE erasure_requests (
    id              bigserial    PRIMARY KEY,
    tenant_id       text         NOT NULL,
    subject_id      text         NOT NULL,
    requested_at    timestamptz  NOT NULL DEFAULT now(),
    requested_by    text         NOT NULL DEFAULT 'cli',
    mode            text         NOT NULL DEFAULT 'delete',
    status          text         NOT NULL DEFAULT 'pending',
    processed_at    timestamptz,
    touched         jsonb        NOT NULL DEFAULT '{}'::jsonb,
    message         text,
    run_id          uuid,
    CONSTRAINT er_mode_chk   CHECK (mode IN ('delete', 'pseudonymise')),
    CONSTRAINT er_status_chk CHECK (status IN ('pending', 'done', 'failed')),
    CONSTRAINT er_done_chk   CHECK (status = 'pending' OR processed_at IS NOT NULL)
);
CREATE INDEX erasure_requests_pending_idx ON erasure_requests (requested_at) WHERE status = 'pending';

COMMENT ON TABLE erasure_requests IS
    'Data-subject erasure requests: the erasure job deletes (or pseudonymises) the subject''s rows in PostgreSQL and Delta, records a data_deletion audit event and stores per table what it touched.';
COMMENT ON COLUMN erasure_requests.subject_id IS
    'The data subject''s id as the platform knows it (user_feedback.user_id, data_access data_subject_id, observation unit_id).';
