-- =====================================================================================================
-- vigia V3: reference tables the cost jobs need beside the contract (issue "Costs, performance and
-- cache rollups, budgets and alerts"): a dated LLM price catalog and monthly tenant budgets.
-- Both are inputs (seeded from conf/ or maintained by operators); the jobs only read them.
-- Plain DDL only: runs inside Flyway's single transaction.
-- =====================================================================================================

CREATE TABLE llm_price_catalog (
    id                             bigserial    PRIMARY KEY,
    provider                       text         NOT NULL,
    model                          text         NOT NULL,
    aliases                        text[]       NOT NULL DEFAULT '{}'::text[],
    input_price_per_token          numeric      NOT NULL,
    output_price_per_token         numeric      NOT NULL,
    cached_input_price_per_token   numeric,
    currency                       text         NOT NULL DEFAULT 'USD',
    valid_from                     timestamptz  NOT NULL,
    valid_to                       timestamptz,
    price_version                  text         NOT NULL,
    source                         text,
    created_at                     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT llm_price_catalog_key UNIQUE (provider, model, valid_from),
    CONSTRAINT lpc_prices_chk   CHECK (input_price_per_token >= 0 AND output_price_per_token >= 0
                                       AND cached_input_price_per_token >= 0),
    CONSTRAINT lpc_currency_chk CHECK (currency = 'USD'),
    CONSTRAINT lpc_validity_chk CHECK (valid_to IS NULL OR valid_to > valid_from),
    CONSTRAINT lpc_names_chk    CHECK (provider <> '' AND model <> '' AND price_version <> '')
);
CREATE INDEX llm_price_catalog_lookup_idx ON llm_price_catalog (provider, model, valid_from DESC);

COMMENT ON TABLE llm_price_catalog IS
    'Dated LLM price catalog: USD per input, output and cached-input token per provider and model, valid in [valid_from, valid_to); read by the costs job.';
COMMENT ON COLUMN llm_price_catalog.aliases IS
    'Other request/response model names that resolve to this entry (exact match); pattern rules live in the costs job.';
COMMENT ON COLUMN llm_price_catalog.cached_input_price_per_token IS
    'Price of cached input tokens; NULL means the provider bills them at the input price.';

CREATE TABLE tenant_budgets (
    tenant_id            text         NOT NULL,
    valid_from           date         NOT NULL,
    valid_to             date,
    monthly_budget_usd   numeric      NOT NULL,
    currency             text         NOT NULL DEFAULT 'USD',
    created_at           timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT tenant_budgets_pkey PRIMARY KEY (tenant_id, valid_from),
    CONSTRAINT tb_amount_chk    CHECK (monthly_budget_usd > 0),
    CONSTRAINT tb_currency_chk  CHECK (currency = 'USD'),
    CONSTRAINT tb_month_chk     CHECK (valid_from = date_trunc('month', valid_from)::date
                                       AND (valid_to IS NULL OR valid_to = date_trunc('month', valid_to)::date)),
    CONSTRAINT tb_validity_chk  CHECK (valid_to IS NULL OR valid_to > valid_from)
);

COMMENT ON TABLE tenant_budgets IS
    'Monthly budget in USD per tenant, valid for the months in [valid_from, valid_to) (first days of months); read by the budgets job.';
