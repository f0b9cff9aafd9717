package io.vigia.common.stats;

import io.vigia.common.stats.ab.SampleStats;

/**
 * Welch's unequal-variance two-sample t-test, the project's one (drift and A/B experiments):
 *
 * <pre>
 *   diff = mean_t - mean_c          se^2 = s_t^2 / n_t + s_c^2 / n_c
 *   t    = diff / se
 *   df   = se^4 / ( (s_t^2/n_t)^2 / (n_t - 1) + (s_c^2/n_c)^2 / (n_c - 1) )   (Welch-Satterthwaite)
 *   p    = P(|T_df| >= |t|)         CI = diff -/+ t_{df, 1 - alpha/2} * se
 * </pre>
 *
 * (Welch 1947, Biometrika 34; Satterthwaite 1946), with the Student t tail and quantile of
 * {@link Distributions} (relative precision kept for tiny p). Matches scipy 1.17
 * {@code scipy.stats.ttest_ind(treatment, control, equal_var=False)} and its {@code confidence_interval()},
 * GrowthBook gbstats {@code TwoSidedTTest} with {@code difference_type="absolute"} and Spotify Confidence's
 * {@code t_test_computer} (Welch dof); see the tests for the published vectors. As in scipy: when both
 * variances are 0, df is undefined and set to 1, {@code t = +-inf} gives {@code p = 0} (the interval collapses
 * to the difference) and equal means give {@code t = p = NaN}.
 *
 * <p>Two entry points: {@link #test(SampleStats, SampleStats, double)} (experiments: treatment minus control,
 * each sample needs {@code n >= 2}, else IllegalArgumentException) and {@link #test(Moments, Moments)} (drift:
 * {@code a - b}, NaN instead of an exception when a sample has {@code n < 2}, as scipy returns); the latter
 * takes the difference from the shifted states ({@link Moments#meanDifference}), so with a large common offset
 * t is more accurate than scipy's (which subtracts two rounded means).
 */
public final class WelchTTest {

  /** Level of the interval of {@link #test(Moments, Moments)} (the drift job reads t and p only). */
  public static final double DEFAULT_CONFIDENCE_LEVEL = 0.95;

  private WelchTTest() {}

  /**
   * Result of the test.
   *
   * @param difference      {@code mean_t - mean_c}
   * @param standardError   {@code sqrt(s_t^2/n_t + s_c^2/n_c)}
   * @param t               {@code difference / standardError}
   * @param df              Welch-Satterthwaite degrees of freedom
   * @param pValue          two-sided p-value
   * @param ciLower         lower end of the two-sided interval for the difference
   * @param ciUpper         upper end
   * @param confidenceLevel level of the interval, {@code 1 - alpha}
   */
  public record Result(
      double difference,
      double standardError,
      double t,
      double df,
      double pValue,
      double ciLower,
      double ciUpper,
      double confidenceLevel) {

    /**
     * The one-sided p-value of the alternative "the difference is above 0" (scipy's
     * {@code alternative='greater'}): half the two-sided p when t > 0, else 1 minus it; NaN stays NaN.
     */
    public double pValueGreater() {
      if (Double.isNaN(pValue) || Double.isNaN(t)) {
        return Double.NaN;
      }
      return t > 0 ? pValue / 2 : 1 - pValue / 2;
    }

    /** Whether the interval excludes 0 (equivalently {@code p < alpha}). */
    public boolean significant() {
      return ciLower > 0.0 || ciUpper < 0.0;
    }
  }

  /**
   * Treatment minus control. Each sample needs {@code n >= 2}.
   *
   * @param control         control sample state
   * @param treatment       treatment sample state
   * @param confidenceLevel e.g. 0.95
   */
  public static Result test(SampleStats control, SampleStats treatment, double confidenceLevel) {
    double alpha = checkTwoSamples(control, treatment, confidenceLevel);
    return compute(
        treatment.mean() - control.mean(),
        control.varianceOfMean(),
        control.n(),
        treatment.varianceOfMean(),
        treatment.n(),
        alpha,
        confidenceLevel);
  }

  /** {@code a - b} from two drift states at {@link #DEFAULT_CONFIDENCE_LEVEL}; NaN when a sample has n < 2. */
  public static Result test(Moments a, Moments b) {
    return test(a, b, DEFAULT_CONFIDENCE_LEVEL);
  }

  /** {@code a - b} from two drift states; NaN when a sample has n < 2. */
  public static Result test(Moments a, Moments b, double confidenceLevel) {
    double alpha = Distributions.alpha(confidenceLevel);
    double difference = Moments.meanDifference(a, b);
    if (a.n() < 2 || b.n() < 2) {
      double nan = Double.NaN;
      return new Result(difference, nan, nan, nan, nan, nan, nan, confidenceLevel);
    }
    return compute(
        difference,
        b.variance() / b.n(),
        b.n(),
        a.variance() / a.n(),
        a.n(),
        alpha,
        confidenceLevel);
  }

  /** {@code a - b} over two arrays (NaN and infinities skipped, as {@link Moments} does). */
  public static Result test(double[] a, double[] b) {
    return test(Moments.of(a), Moments.of(b));
  }

  private static Result compute(
      double difference,
      double vc,
      long nc,
      double vt,
      long nt,
      double alpha,
      double confidenceLevel) {
    double se = Math.sqrt(vc + vt);
    double df = welchSatterthwaite(vc, nc, vt, nt);
    if (Double.isNaN(df)) {
      df = 1.0; // scipy: both variances 0
    }
    double t = difference / se;
    double p = Distributions.tTwoSidedP(t, df);
    double half = se == 0.0 ? 0.0 : Distributions.tCritical(alpha, df) * se;
    return new Result(
        difference, se, t, df, p, difference - half, difference + half, confidenceLevel);
  }

  /**
   * Welch-Satterthwaite degrees of freedom from the two squared standard errors of the means
   * {@code v_i = s_i^2 / n_i}: {@code (v_c + v_t)^2 / (v_c^2 / (n_c - 1) + v_t^2 / (n_t - 1))}.
   */
  public static double welchSatterthwaite(
      double varianceOfMeanControl,
      long nControl,
      double varianceOfMeanTreatment,
      long nTreatment) {
    double sum = varianceOfMeanControl + varianceOfMeanTreatment;
    return sum
        * sum
        / (varianceOfMeanControl * varianceOfMeanControl / (nControl - 1)
            + varianceOfMeanTreatment * varianceOfMeanTreatment / (nTreatment - 1));
  }

  /**
   * The A/B tests' shared precondition: each sample has at least 2 observations and the level is in (0, 1).
   *
   * @return {@code alpha = 1 - confidenceLevel}
   */
  public static double checkTwoSamples(
      SampleStats control, SampleStats treatment, double confidenceLevel) {
    double alpha = Distributions.alpha(confidenceLevel);
    requireTwo(control, "control");
    requireTwo(treatment, "treatment");
    return alpha;
  }

  private static void requireTwo(SampleStats s, String name) {
    if (s.n() < 2) {
      throw new IllegalArgumentException(name + " needs at least 2 observations, has " + s.n());
    }
  }
}
