-- =====================================================================================================
-- vigia V21 (issue 20): feedback themes, written by the feedback-themes job (docs/jobs/feedback-themes.md).
--
-- One row per theme of a tenant x model x period: the negative comments of the period and of the period
-- of the same length before it (the privacy job's sanitized copies only), grouped by MLlib (RegexTokenizer,
-- StopWordsRemover es + en, CountVectorizer, IDF, BisectingKMeans, KMeans or LDA); each theme's top terms, its comments in
-- the period and the previous one, and whether its share grew (chi-squared 2 x 2, Benjamini-Hochberg
-- across the model's themes). A re-run replaces the period's rows (ResultWriter); row-level security as
-- every tenant-scoped table (V11: vigia_apply_security() runs after every migrate and covers this table by
-- its tenant_id).
-- =====================================================================================================

CREATE TABLE feedback_themes (
    id                         bigserial        PRIMARY KEY,
    tenant_id                  text             NOT NULL,
    model_id                   text             NOT NULL,
    period_start               timestamptz      NOT NULL,
    period_end                 timestamptz      NOT NULL,
    -- the theme's index among the model's themes of the period (largest in the period first)
    theme                      integer          NOT NULL,
    -- bisecting, kmeans or lda
    algorithm                  text             NOT NULL,
    -- [{"term": "entrega", "weight": 0.41}, ...], heaviest first
    top_terms                  jsonb            NOT NULL,
    -- the same, for humans: entrega, tarde, pedido
    terms_text                 text             NOT NULL,
    -- negative comments of the theme in the period and their share of the model's negative comments
    comment_count              bigint           NOT NULL,
    comment_share              double precision NOT NULL,
    -- the same over the previous period (same length, just before)
    previous_count             bigint           NOT NULL,
    previous_share             double precision NOT NULL,
    -- the model's negative comments in the period and in the previous one
    negative_comments          bigint           NOT NULL,
    previous_negative_comments bigint           NOT NULL,
    -- comment_share / previous_share (NULL when the theme had no comment before)
    share_ratio                double precision,
    -- rising, falling or stable (stable: not significant, or too few comments to test)
    trend                      text             NOT NULL,
    -- chi-squared 2 x 2 (theme vs other negative comments, previous vs this period), Yates-corrected
    chi_squared                double precision,
    p_value                    double precision,
    p_adjusted                 double precision,
    -- a few feedback ids (user_feedback.id) of the theme in the period
    example_ids                jsonb            NOT NULL,
    details                    jsonb            NOT NULL DEFAULT '{}'::jsonb,
    computed_at                timestamptz      NOT NULL DEFAULT now(),
    run_id                     uuid,
    CONSTRAINT feedback_themes_key UNIQUE (tenant_id, model_id, period_start, period_end, theme),
    CONSTRAINT ft_period_chk       CHECK (period_end > period_start),
    CONSTRAINT ft_algorithm_chk    CHECK (algorithm IN ('bisecting', 'kmeans', 'lda')),
    CONSTRAINT ft_trend_chk        CHECK (trend IN ('rising', 'falling', 'stable')),
    CONSTRAINT ft_count_chk        CHECK (comment_count >= 0 AND comment_count <= negative_comments
                                          AND previous_count >= 0
                                          AND previous_count <= previous_negative_comments),
    CONSTRAINT ft_share_chk        CHECK (comment_share BETWEEN 0 AND 1 AND previous_share BETWEEN 0 AND 1),
    CONSTRAINT ft_p_value_chk      CHECK ((p_value IS NULL OR p_value BETWEEN 0 AND 1)
                                          AND (p_adjusted IS NULL OR p_adjusted BETWEEN 0 AND 1))
);
CREATE INDEX feedback_themes_model_idx ON feedback_themes (tenant_id, model_id, period_end);

COMMENT ON TABLE feedback_themes IS
    'Themes of a tenant x model''s negative sanitized feedback comments per period, with their trend (feedback-themes job, MLlib).';
COMMENT ON COLUMN feedback_themes.p_adjusted IS 'Benjamini-Hochberg adjusted chi-squared p-value across the model''s tested themes.';
