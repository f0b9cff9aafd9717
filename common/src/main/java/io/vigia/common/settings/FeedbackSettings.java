package io.vigia.common.settings;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * vigia.feedback.*: the feedback job's review flag, sentiment scoring and correction lookback.
 *
 * @param ratingPriorWeight weight of the star rating as a prior, in lexicon hits
 * @param neutralBand |combined score| at most this is neutral
 * @param maxCommentChars longer comments are not analysed (reason comment_too_long)
 * @param predictionLookback corrections are compared with predictions ingested this long before the window
 * @param reviewBurstMinCount a tenant x model x day needs at least this many ratings flagged for review to be a burst
 * @param reviewBaseline the tenant's usual flagged share is measured over this long before the day
 * @param sentimentModel vigia.feedback.sentiment-model.*: the per-tenant sentiment model learned from ratings
 * @param themes vigia.feedback.themes.*: the feedback-themes job (docs/jobs/feedback-themes.md)
 */
public record FeedbackSettings(
    boolean processingEnabled,
    int minRatingForReview,
    double ratingPriorWeight,
    double neutralBand,
    int maxCommentChars,
    Period predictionLookback,
    int reviewBurstMinCount,
    Period reviewBaseline,
    SentimentModel sentimentModel,
    Themes themes)
    implements Serializable {

  /** vigia.feedback.themes.algorithm: what groups the TF-IDF vectors of the comments into themes. */
  public enum ThemeAlgorithm {
    /** MLlib KMeans on L2-normalised TF-IDF vectors (spherical k-means): one theme per comment. */
    KMEANS,
    /** MLlib BisectingKMeans with the cosine distance on the TF-IDF vectors: splits the largest theme first. */
    BISECTING,
    /** MLlib LDA (online) on the term counts: a comment's theme is its most likely topic. */
    LDA;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * vigia.feedback.themes.*: the negative comments of a tenant x model, over the run's period and the
   * period of the same length before it, grouped into themes; a theme grows when its share of the
   * period's negative comments is significantly above the previous period's.
   *
   * @param enabled whether the feedback-themes job runs
   * @param algorithm bisecting, kmeans or lda (measured in docs/jobs/feedback-themes.md)
   * @param themes at most this many themes per tenant x model (k)
   * @param minComments a tenant x model needs this many negative sanitized comments over both periods
   * @param minThemeComments a theme with fewer comments in the period is not tested for growth
   * @param vocabularySize CountVectorizer's vocabSize per tenant x model
   * @param minDocFrequency CountVectorizer's minDF: a term in fewer comments is dropped
   * @param topTerms terms kept per theme
   * @param examples example feedback ids kept per theme
   * @param maxIterations iterations of KMeans / LDA
   * @param alpha a theme grows when its Benjamini-Hochberg adjusted p-value is at most this
   * @param seed the seed of KMeans / LDA (same seed and input: same themes)
   */
  public record Themes(
      boolean enabled,
      ThemeAlgorithm algorithm,
      int themes,
      long minComments,
      long minThemeComments,
      int vocabularySize,
      int minDocFrequency,
      int topTerms,
      int examples,
      int maxIterations,
      double alpha,
      long seed)
      implements Serializable {

    static Themes read(SettingsReader r) {
      ThemeAlgorithm a = r.choice(
          "vigia.feedback.themes.algorithm", ThemeAlgorithm.class, ThemeAlgorithm.BISECTING);
      return new Themes(
          r.bool("vigia.feedback.themes.enabled"),
          a,
          r.intIn("vigia.feedback.themes.themes", 2, 100),
          r.longIn("vigia.feedback.themes.min-comments", 10, Long.MAX_VALUE),
          r.longIn("vigia.feedback.themes.min-theme-comments", 1, Long.MAX_VALUE),
          r.intIn("vigia.feedback.themes.vocabulary-size", 10, 1_000_000),
          r.intIn("vigia.feedback.themes.min-doc-frequency", 1, 1_000_000),
          r.intIn("vigia.feedback.themes.top-terms", 1, 50),
          r.intIn("vigia.feedback.themes.examples", 0, 50),
          r.intIn("vigia.feedback.themes.max-iterations", 1, 1000),
          r.dblOpen("vigia.feedback.themes.alpha", 0, 1),
          r.longIn("vigia.feedback.themes.seed", Long.MIN_VALUE, Long.MAX_VALUE));
    }
  }

  /** vigia.feedback.sentiment-model.period: how long one tenant x language model is used. */
  public enum ModelPeriod {
    /** ISO week, Monday 00:00 UTC to the next Monday. */
    WEEK,
    /** Calendar month, UTC. */
    MONTH;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The first day of the period holding {@code day}. */
    public LocalDate start(LocalDate day) {
      return this == WEEK
          ? day.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY))
          : day.withDayOfMonth(1);
    }

    /** The first day after the period starting on {@code start}. */
    public LocalDate end(LocalDate start) {
      return this == WEEK ? start.plusWeeks(1) : start.plusMonths(1);
    }

    /** The model version of the period starting on {@code start}: 2026-W45 or 2026-11. */
    public String version(LocalDate start) {
      return this == WEEK
          ? String.format(
              Locale.ROOT,
              "%d-W%02d",
              start.get(IsoFields.WEEK_BASED_YEAR),
              start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
          : String.format(Locale.ROOT, "%d-%02d", start.getYear(), start.getMonthValue());
    }

    /** The period start of the instant just before {@code windowEnd}: the run's period. */
    public LocalDate ofRun(Instant windowEnd) {
      return start(windowEnd.minus(1, ChronoUnit.MILLIS).atZone(ZoneOffset.UTC).toLocalDate());
    }
  }

  /**
   * vigia.feedback.sentiment-model.*: per tenant x language x period, a logistic regression on the
   * tenant's rated comments (docs/jobs/feedback.md#sentiment-learned-from-ratings).
   *
   * @param enabled whether the feedback job learns and uses tenant models
   * @param period one model per tenant x language x period (week or month)
   * @param lookback the model of a period is trained on rated comments created this long before its start
   * @param minRows a tenant x language needs this many comments rated 1-2 or 4-5 in the training window
   * @param minClassRows ...and at least this many of each class (negative and positive)
   */
  public record SentimentModel(
      boolean enabled, ModelPeriod period, Period lookback, long minRows, long minClassRows)
      implements Serializable {

    static SentimentModel read(SettingsReader r) {
      ModelPeriod period =
          r.choice("vigia.feedback.sentiment-model.period", ModelPeriod.class, ModelPeriod.WEEK);
      return new SentimentModel(
          r.bool("vigia.feedback.sentiment-model.enabled"),
          period,
          r.daysIn("vigia.feedback.sentiment-model.lookback-days", 1, 3660),
          r.longIn("vigia.feedback.sentiment-model.min-rows", 20, Long.MAX_VALUE),
          r.longIn("vigia.feedback.sentiment-model.min-class-rows", 5, Long.MAX_VALUE));
    }
  }

  static FeedbackSettings read(SettingsReader r) {
    return new FeedbackSettings(
        r.bool("vigia.feedback.processing-enabled"),
        r.intIn("vigia.feedback.min-rating-for-review", 1, 5),
        r.dblIn("vigia.feedback.rating-prior-weight", 0, 100),
        r.dblIn("vigia.feedback.neutral-band", 0, 0.99),
        r.intIn("vigia.feedback.max-comment-chars", 1, 10_000_000),
        r.daysIn("vigia.feedback.prediction-lookback-days", 0, 366),
        r.intIn("vigia.feedback.review-burst-min-count", 1, 1_000_000),
        r.daysIn("vigia.feedback.review-baseline-days", 1, 366),
        SentimentModel.read(r),
        Themes.read(r));
  }
}
