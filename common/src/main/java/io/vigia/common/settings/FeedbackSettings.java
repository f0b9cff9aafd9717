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
    SentimentModel sentimentModel)
    implements Serializable {

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
      String p = r.str("vigia.feedback.sentiment-model.period");
      ModelPeriod period = SettingsReader.constant(ModelPeriod.class, p).orElse(null);
      if (period == null) {
        r.error(r.name("vigia.feedback.sentiment-model.period") + " = " + p + ": must be "
            + SettingsReader.choices(ModelPeriod.class));
        period = ModelPeriod.WEEK;
      }
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
        SentimentModel.read(r));
  }
}
