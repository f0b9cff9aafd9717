-- =====================================================================================================
-- vigia V20 (issue 20): sentiment models learned from ratings, written by the feedback job
-- (docs/jobs/feedback.md#sentiment-learned-from-ratings).
--
-- One row per tenant x language x period (vigia.feedback.sentiment-model.period): the model trained on
-- the tenant's comments rated 1-2 (negative) or 4-5 (positive) created in [train_from, train_to), its
-- held-out macro-F1 and the lexicon's on the same rows, and which analyser labels the tenant's comments
-- of that language in the period (model only when its macro-F1 is strictly higher). A run of the period
-- finds its row and re-uses the saved model (MLlib persistence under the lake, model_path), so re-runs
-- give the same labels. Row-level security as every tenant-scoped table (V11: vigia_apply_security()
-- runs after every migrate and covers this table by its tenant_id).
-- =====================================================================================================

CREATE TABLE feedback_sentiment_models (
    id               bigserial        PRIMARY KEY,
    tenant_id        text             NOT NULL,
    language         text             NOT NULL,
    period_start     timestamptz      NOT NULL,
    period_end       timestamptz      NOT NULL,
    -- 2026-W45 or 2026-11: the period, also the last part of model_path
    version          text             NOT NULL,
    train_from       timestamptz      NOT NULL,
    train_to         timestamptz      NOT NULL,
    -- rated comments (1-2 or 4-5) of the training window: fitted on / held out (pmod(xxhash64(id), 5) = 0)
    rows_train       bigint           NOT NULL,
    rows_heldout     bigint           NOT NULL,
    negative_rows    bigint           NOT NULL,
    positive_rows    bigint           NOT NULL,
    -- macro-F1 over negative and positive on the held-out rows (null when no model was fitted)
    model_f1         double precision,
    lexicon_f1       double precision,
    -- model: the fitted model labels the period's comments; lexicon: SentimentAnalyzer does
    analyser         text             NOT NULL,
    -- why: model_better, lexicon_not_worse, too_few_rows, disabled
    reason           text             NOT NULL,
    -- the saved MLlib PipelineModel (null when none was fitted)
    model_path       text,
    details          jsonb            NOT NULL DEFAULT '{}'::jsonb,
    computed_at      timestamptz      NOT NULL DEFAULT now(),
    run_id           uuid,
    CONSTRAINT feedback_sentiment_models_key UNIQUE (tenant_id, language, period_start),
    CONSTRAINT fsm_period_chk   CHECK (period_end > period_start AND train_to <= period_start
                                       AND train_from < train_to),
    CONSTRAINT fsm_language_chk CHECK (language IN ('es', 'en')),
    CONSTRAINT fsm_analyser_chk CHECK (analyser IN ('model', 'lexicon')
                                       AND (analyser = 'lexicon' OR model_path IS NOT NULL)),
    CONSTRAINT fsm_rows_chk     CHECK (rows_train >= 0 AND rows_heldout >= 0
                                       AND negative_rows >= 0 AND positive_rows >= 0),
    CONSTRAINT fsm_f1_chk       CHECK ((model_f1 IS NULL OR model_f1 BETWEEN 0 AND 1)
                                       AND (lexicon_f1 IS NULL OR lexicon_f1 BETWEEN 0 AND 1))
);

COMMENT ON TABLE feedback_sentiment_models IS
    'Per tenant x language x period: the sentiment model learned from ratings (MLlib logistic regression), its held-out macro-F1 against the lexicon''s, and the analyser that labels the period''s comments (feedback job).';
