package io.vigia.common.settings;

import java.io.Serializable;
import java.time.Period;
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
      String algorithm = r.str("vigia.feedback.themes.algorithm");
      ThemeAlgorithm a =
          SettingsReader.constant(ThemeAlgorithm.class, algorithm).orElse(null);
      if (a == null) {
        r.error(r.name("vigia.feedback.themes.algorithm") + " = " + algorithm + ": must be "
            + SettingsReader.choices(ThemeAlgorithm.class));
        a = ThemeAlgorithm.BISECTING;
      }
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
        Themes.read(r));
  }
}
