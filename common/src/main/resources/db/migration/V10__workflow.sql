-- =====================================================================================================
-- vigia V10 (issue 9): the batch equivalents of the design's human workflow endpoints.
-- workflow_actions: who did what to which row (the human-owned columns say only part of it: there is
-- no resolved_by, rejected_by, started_by...). erasure_requests: the queue `vigia erasure-request`
-- fills and the erasure job (issue 6) works off. Plain DDL only: runs inside Flyway's transaction.
-- =====================================================================================================

CREATE TABLE workflow_actions (
    id           bigserial    PRIMARY KEY,
    entity       text         NOT NULL,
    entity_id    text         NOT NULL,
    tenant_id    text         NOT NULL,
    action       text         NOT NULL,
    from_status  text,
    to_status    text         NOT NULL,
    actor        text         NOT NULL,
    note         text,
    acted_at     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT wa_entity_chk CHECK (entity IN ('drift_alert', 'ab_experiment', 'improvement_suggestion',
                                               'compliance_report', 'erasure_request')),
    CONSTRAINT wa_actor_chk  CHECK (btrim(actor) <> '')
);
CREATE INDEX workflow_actions_entity_idx ON workflow_actions (entity, entity_id, acted_at);
CREATE INDEX workflow_actions_tenant_idx ON workflow_actions (tenant_id, acted_at);

COMMENT ON TABLE workflow_actions IS
    'Audit trail of the human workflow commands (acknowledge/resolve alerts, start/stop experiments, approve/reject/implement suggestions, approve/reject compliance reports, erasure requests): one row per accepted action with its actor.';

-- erasure_requests itself is V7's (the erasure job's queue); `vigia erasure-request` adds 'pending' rows to it.
