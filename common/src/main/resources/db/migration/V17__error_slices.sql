-- =====================================================================================================
-- vigia V17 (issue 20): error slices, written by the drift job (docs/jobs/drift.md#error-slices).
--
-- One row per significant slice of a tenant x model x window: a leaf of a decision tree fitted to the
-- model's error over its features, whose error is significantly above the rest of the window's joined
-- outcomes (one-sided Welch t-test on the held-out half, Benjamini-Hochberg across the model's slices).
-- A re-run replaces the window's rows (ResultWriter); row-level security as every tenant-scoped table
-- (V11: vigia_apply_security() runs after every migrate and covers this table by its tenant_id).
-- =====================================================================================================

CREATE TABLE error_slices (
    id                bigserial        PRIMARY KEY,
    tenant_id         text             NOT NULL,
    model_id          text             NOT NULL,
    window_start      timestamptz      NOT NULL,
    window_end        timestamptz      NOT NULL,
    -- the leaf's index in the tree (MLlib's leaf order, left subtree first)
    leaf              integer          NOT NULL,
    -- the leaf's conditions: [{"feature": "store_region", "op": "=", "values": ["norte"]},
    --                         {"feature": "price", "op": ">", "value": 120.5}]
    slice_conditions  jsonb            NOT NULL,
    -- the same, for humans: store_region = norte and price > 120.5
    slice_text        text             NOT NULL,
    -- absolute_error (|y - yhat|), relative_error (|y - yhat| / |y|, MAPE's) or misclassification (0/1)
    metric            text             NOT NULL,
    -- joined outcomes of the window in the slice, and their share of the model's
    support           bigint           NOT NULL,
    support_share     double precision NOT NULL,
    -- mean error in the slice and over the rest of the model's joined outcomes of the window
    error_in_slice    double precision NOT NULL,
    error_rest        double precision NOT NULL,
    t_statistic       double precision,
    -- one-sided p-value (slice error above the rest) and its Benjamini-Hochberg adjustment
    p_value           double precision NOT NULL,
    p_adjusted        double precision NOT NULL,
    -- how many of the model's leaves were tested (the BH family)
    slices_tested     integer          NOT NULL,
    -- the model's joined outcomes of the window that the tree saw
    outcomes          bigint           NOT NULL,
    details           jsonb            NOT NULL DEFAULT '{}'::jsonb,
    computed_at       timestamptz      NOT NULL DEFAULT now(),
    run_id            uuid,
    CONSTRAINT error_slices_key UNIQUE (tenant_id, model_id, window_start, window_end, leaf),
    CONSTRAINT es_window_chk    CHECK (window_end > window_start),
    CONSTRAINT es_metric_chk    CHECK (metric IN ('absolute_error', 'relative_error', 'misclassification')),
    CONSTRAINT es_support_chk   CHECK (support > 0 AND support <= outcomes),
    CONSTRAINT es_share_chk     CHECK (support_share > 0 AND support_share <= 1),
    CONSTRAINT es_error_chk     CHECK (error_in_slice >= 0 AND error_in_slice <> 'NaN'::float8
                                       AND error_rest >= 0 AND error_rest <> 'NaN'::float8),
    CONSTRAINT es_p_value_chk   CHECK (p_value BETWEEN 0 AND 1 AND p_adjusted BETWEEN 0 AND 1),
    CONSTRAINT es_tested_chk    CHECK (slices_tested >= 1)
);
CREATE INDEX error_slices_model_idx ON error_slices (tenant_id, model_id, window_end);

COMMENT ON TABLE error_slices IS
    'Feature slices where a model''s error is significantly above the rest of its window (drift job, MLlib decision tree leaves).';
COMMENT ON COLUMN error_slices.p_adjusted IS 'Benjamini-Hochberg adjusted one-sided p-value across the model''s tested slices.';
