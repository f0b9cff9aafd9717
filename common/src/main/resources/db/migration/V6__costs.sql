-- =====================================================================================================
-- vigia V6: what the performance, costs, cache and budgets jobs need beside V1/V3 (issue 5).
--   * cost_tracking: caller-reported events and cost kept apart from catalog-priced ones, cache hits
--     (not billed), so a row's total can be split and recomputed.
--   * llm_price_catalog: the licence of the source the prices were taken from, and the seed file.
--   * cost_alerts: budget thresholds (80/95/100 %), unpriced usage and cost anomalies; human-owned
--     status columns, one row per tenant x alert type x scope x billing period (fired once).
--   * budget_status: spend to date, month-end forecast and projected exceed date per tenant and month.
--   * cost_summary_by_tenant: caller-reported cost from the new column.
-- Plain DDL only: runs inside Flyway's single transaction.
-- =====================================================================================================

ALTER TABLE cost_tracking
    ADD COLUMN caller_reported_event_count bigint  NOT NULL DEFAULT 0,
    ADD COLUMN caller_reported_cost_usd    numeric,
    ADD COLUMN not_billed_event_count      bigint  NOT NULL DEFAULT 0,
    ADD CONSTRAINT ct_caller_counts_chk CHECK (caller_reported_event_count >= 0 AND not_billed_event_count >= 0
                                               AND caller_reported_event_count <= event_count
                                               AND not_billed_event_count <= event_count),
    ADD CONSTRAINT ct_caller_cost_chk   CHECK (caller_reported_cost_usd >= 0);

COMMENT ON COLUMN cost_tracking.caller_reported_cost_usd IS
    'Part of total_cost_usd that callers reported themselves (cost_usd on the event), kept as reported.';
COMMENT ON COLUMN cost_tracking.not_billed_event_count IS
    'LLM calls served from a cache (exact or semantic hit): no provider call billed, cost 0.';
COMMENT ON COLUMN cost_tracking.unit_cost IS
    'USD per usage unit where one price applies (compute, storage, vector ops); NULL for llm_api rows, whose '
    'cost mixes input, cached-input and output prices (recompute from the token columns and price_version).';

ALTER TABLE llm_price_catalog
    ADD COLUMN licence     text,
    ADD COLUMN seed_file   text;

COMMENT ON COLUMN llm_price_catalog.licence IS 'Terms under which the source published the prices (see conf/llm-prices.csv).';
COMMENT ON COLUMN llm_price_catalog.seed_file IS 'The file the row was seeded from; NULL for rows an operator entered.';

CREATE TABLE cost_alerts (
    id               bigserial    PRIMARY KEY,
    tenant_id        text         NOT NULL,
    alert_type       text         NOT NULL,
    scope_key        text         NOT NULL DEFAULT '',
    billing_period   date         NOT NULL,
    severity         text         NOT NULL,
    threshold_percent numeric,
    throttle         boolean      NOT NULL DEFAULT false,
    details          jsonb        NOT NULL DEFAULT '{}'::jsonb,
    -- human-owned: a job never overwrites these
    status           text         NOT NULL DEFAULT 'open',
    acknowledged_by  text,
    acknowledged_at  timestamptz,
    resolved_at      timestamptz,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    source_job       text         NOT NULL,
    computed_at      timestamptz  NOT NULL DEFAULT now(),
    run_id           uuid,
    CONSTRAINT cost_alerts_key UNIQUE (tenant_id, alert_type, scope_key, billing_period),
    CONSTRAINT ca_type_chk     CHECK (alert_type IN ('budget_threshold', 'unpriced_usage', 'cost_anomaly')),
    CONSTRAINT ca_severity_chk CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    CONSTRAINT ca_status_chk   CHECK (status IN ('open', 'acknowledged', 'resolved')),
    CONSTRAINT ca_period_chk   CHECK (billing_period = date_trunc('month', billing_period)::date)
);
CREATE INDEX cost_alerts_open_idx ON cost_alerts (tenant_id, billing_period) WHERE status <> 'resolved';

COMMENT ON TABLE cost_alerts IS
    'Budget threshold (scope_key = percent), unpriced-usage (scope_key = provider/model) and cost-anomaly '
    '(scope_key = model@date) alerts per tenant and billing period; status/acknowledged_*/resolved_at are human-owned.';

CREATE TABLE budget_status (
    tenant_id               text         NOT NULL,
    billing_period          date         NOT NULL,
    budget_usd              numeric      NOT NULL,
    spend_to_date_usd       numeric      NOT NULL,
    as_of_date              date         NOT NULL,
    days_elapsed            integer      NOT NULL,
    days_in_month           integer      NOT NULL,
    percent_used            double precision NOT NULL,
    forecast_month_end_usd  numeric      NOT NULL,
    projected_exceed_date   date,
    unpriced_events         bigint       NOT NULL DEFAULT 0,
    throttle                boolean      NOT NULL DEFAULT false,
    computed_at             timestamptz  NOT NULL DEFAULT now(),
    run_id                  uuid,
    CONSTRAINT budget_status_pkey PRIMARY KEY (tenant_id, billing_period),
    CONSTRAINT bs_period_chk CHECK (billing_period = date_trunc('month', billing_period)::date),
    CONSTRAINT bs_days_chk   CHECK (days_elapsed BETWEEN 1 AND days_in_month AND days_in_month BETWEEN 28 AND 31)
);

COMMENT ON TABLE budget_status IS
    'Per tenant and month: budget, spend to date (cost_tracking, all cost types), run-rate forecast of the '
    'month-end spend (spend / days elapsed x days in month) and the projected date the budget is exceeded (budgets job).';

CREATE OR REPLACE VIEW cost_summary_by_tenant AS
SELECT c.tenant_id,
       c.billing_period,
       c.cost_type,
       sum(c.total_cost_usd)                                                      AS total_cost_usd,
       sum(c.total_cost_usd - coalesce(c.caller_reported_cost_usd, 0))
           FILTER (WHERE c.total_cost_usd IS NOT NULL)                            AS priced_cost_usd,
       sum(c.caller_reported_cost_usd)                                            AS caller_reported_cost_usd,
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
       max(c.computed_at)                                                         AS last_computed_at,
       sum(c.caller_reported_event_count)                                         AS caller_reported_events
  FROM cost_tracking c
 GROUP BY c.tenant_id, c.billing_period, c.cost_type;

COMMENT ON VIEW cost_summary_by_tenant IS
    'Per tenant x billing period x cost type: total cost (catalog-priced + caller-reported; unpriced events add nothing and are counted), '
    'the caller-reported part, units (when one unit type), row, unpriced and caller-reported counts.';
