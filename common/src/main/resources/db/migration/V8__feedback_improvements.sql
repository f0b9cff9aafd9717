-- =====================================================================================================
-- vigia V8 (issue 7): what the feedback and improvements jobs need beyond V1.
-- Plain DDL only: runs inside Flyway's single transaction.
-- =====================================================================================================

-- The comment's own score (lexicon only, before the rating prior), so comments that contradict their
-- rating can be found: sentiment_score is the combined score.
ALTER TABLE user_feedback ADD COLUMN text_sentiment_score double precision;
ALTER TABLE user_feedback ADD CONSTRAINT uf_text_sentiment_score_chk CHECK (text_sentiment_score BETWEEN -1 AND 1);
COMMENT ON COLUMN user_feedback.text_sentiment_score IS
    'Sentiment of the comment alone in -1..1 (lexicon score, no rating prior); NULL without a comment.';

-- Corrections per tenant x model x target type x window: how far the corrected values are from what
-- the model predicted (the prediction looked up in the ingested prediction events, or given in the
-- correction itself as predicted_value / predicted_class).
CREATE TABLE feedback_correction_metrics (
    id                     bigserial        PRIMARY KEY,
    tenant_id              text             NOT NULL,
    model_id               text             NOT NULL DEFAULT '',
    target_type            text             NOT NULL,
    period_start           timestamptz      NOT NULL,
    period_end             timestamptz      NOT NULL,
    corrections_count      bigint           NOT NULL DEFAULT 0,
    matched_count          bigint           NOT NULL DEFAULT 0,
    numeric_count          bigint           NOT NULL DEFAULT 0,
    mean_abs_error         double precision,
    mean_signed_error      double precision,
    mean_abs_pct_error     double precision,
    class_count            bigint           NOT NULL DEFAULT 0,
    class_changed_count    bigint           NOT NULL DEFAULT 0,
    class_changed_share    double precision,
    top_class_changes      jsonb            NOT NULL DEFAULT '[]'::jsonb,
    computed_at            timestamptz      NOT NULL DEFAULT now(),
    run_id                 uuid,
    CONSTRAINT feedback_correction_metrics_key
        UNIQUE (tenant_id, model_id, target_type, period_start, period_end),
    CONSTRAINT fcm_target_type_chk CHECK (target_type IN ('prediction', 'action', 'explanation')),
    CONSTRAINT fcm_period_chk      CHECK (period_end > period_start),
    CONSTRAINT fcm_counts_chk      CHECK (corrections_count >= 0 AND matched_count >= 0 AND numeric_count >= 0
                                          AND class_count >= 0 AND class_changed_count >= 0
                                          AND class_changed_count <= class_count
                                          AND numeric_count + class_count <= matched_count
                                          AND matched_count <= corrections_count),
    CONSTRAINT fcm_errors_chk      CHECK (mean_abs_error >= 0 AND mean_abs_pct_error >= 0),
    CONSTRAINT fcm_share_chk       CHECK (class_changed_share BETWEEN 0 AND 1)
);
CREATE INDEX feedback_correction_metrics_model_idx ON feedback_correction_metrics (tenant_id, model_id, period_end);

COMMENT ON TABLE feedback_correction_metrics IS
    'User corrections per tenant x model x target type x window (feedback job): count, how many matched a known prediction, mean absolute / signed / percentage distance of corrected values from the predicted values, share of changed classes and the most frequent class changes.';
COMMENT ON COLUMN feedback_correction_metrics.mean_signed_error IS
    'mean(corrected - predicted): positive = the model predicted too low.';
COMMENT ON COLUMN feedback_correction_metrics.mean_abs_pct_error IS
    'mean(|corrected - predicted| / |corrected|) over corrections with corrected <> 0 (the correction taken as the actual).';

-- One open (pending) suggestion per tenant x model x type: the improvements job updates it instead of
-- adding another; once a human approves, rejects or implements it, a later run may open a new one.
CREATE UNIQUE INDEX improvement_suggestions_one_pending_idx
    ON improvement_suggestions (tenant_id, model_id, suggestion_type) WHERE status = 'pending';
