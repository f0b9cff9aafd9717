-- =====================================================================================================
-- vigia V6.1: reconciliation of tracked LLM cost against provider invoice exports (budgets job, issue 5).
-- Plain DDL only: runs inside Flyway's single transaction.
-- =====================================================================================================

CREATE TABLE cost_reconciliation (
    provider            text         NOT NULL,
    model               text         NOT NULL DEFAULT '',
    billing_period      date         NOT NULL,
    invoiced_usd        numeric      NOT NULL,
    tracked_usd         numeric      NOT NULL,
    difference_usd      numeric      NOT NULL,
    captured_share      double precision,
    unpriced_events     bigint       NOT NULL DEFAULT 0,
    invoice_file        text         NOT NULL,
    computed_at         timestamptz  NOT NULL DEFAULT now(),
    run_id              uuid,
    CONSTRAINT cost_reconciliation_pkey PRIMARY KEY (provider, model, billing_period),
    CONSTRAINT cr_billing_period_chk CHECK (billing_period = date_trunc('month', billing_period)::date)
);

COMMENT ON TABLE cost_reconciliation IS
    'Per provider (model '''' = all its models) and month: the invoice amount, the llm_api cost tracked for all '
    'tenants (cost_tracking), difference = tracked - invoiced, captured_share = tracked / invoiced (design target > 0.99), '
    'and the unpriced calls that may explain a gap (budgets job, from vigia.cost.invoice-file).';
