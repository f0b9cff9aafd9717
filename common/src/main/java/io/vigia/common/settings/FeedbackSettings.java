package io.vigia.common.settings;

import java.io.Serializable;
import java.time.Period;

/**
 * vigia.feedback.*: the feedback job's review flag, sentiment scoring and correction lookback.
 *
 * @param ratingPriorWeight weight of the star rating as a prior, in lexicon hits
 * @param neutralBand |combined score| at most this is neutral
 * @param maxCommentChars longer comments are not analysed (reason comment_too_long)
 * @param predictionLookback corrections are compared with predictions ingested this long before the window
 * @param reviewBurstMinCount a tenant x model x day needs at least this many ratings flagged for review to be a burst
 * @param reviewBaseline the tenant's usual flagged share is measured over this long before the day
 */
public record FeedbackSettings(
    boolean processingEnabled,
    int minRatingForReview,
    double ratingPriorWeight,
    double neutralBand,
    int maxCommentChars,
    Period predictionLookback,
    int reviewBurstMinCount,
    Period reviewBaseline)
    implements Serializable {

  static FeedbackSettings read(SettingsReader r) {
    return new FeedbackSettings(
        r.bool("vigia.feedback.processing-enabled"),
        r.intIn("vigia.feedback.min-rating-for-review", 1, 5),
        r.dblIn("vigia.feedback.rating-prior-weight", 0, 100),
        r.dblIn("vigia.feedback.neutral-band", 0, 0.99),
        r.intIn("vigia.feedback.max-comment-chars", 1, 10_000_000),
        r.daysIn("vigia.feedback.prediction-lookback-days", 0, 366),
        r.intIn("vigia.feedback.review-burst-min-count", 1, 1_000_000),
        r.daysIn("vigia.feedback.review-baseline-days", 1, 366));
  }
}
