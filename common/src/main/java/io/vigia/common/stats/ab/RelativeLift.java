package io.vigia.common.stats.ab;

import io.vigia.common.stats.Distributions;
import io.vigia.common.stats.WelchTTest;

/**
 * Relative lift of the treatment mean over the control mean, {@code (mean_t - mean_c) / |mean_c|}
 * ({@code = mean_t / mean_c - 1} for a positive baseline), with a delta-method interval.
 *
 * <p>The variance of the ratio of two independent means (first-order Taylor expansion of
 * {@code m_t / m_c}):
 * <pre>
 *   Var(lift) = (s_t^2 / n_t) / m_c^2  +  m_t^2 (s_c^2 / n_c) / m_c^4
 * </pre>
 * It accounts for the uncertainty of the control mean in the denominator, which dividing the absolute
 * interval by the control mean would ignore. Inference uses Student's t with the Welch-Satterthwaite
 * degrees of freedom of the absolute difference: {@code p = P(|T_df| >= |lift / se|)} and
 * {@code CI = lift -/+ t_{df, 1 - alpha/2} se}.
 *
 * <p>This is GrowthBook gbstats' {@code TwoSidedTTest} with {@code difference_type="relative"}
 * ({@code gbstats/utils.py: frequentist_diff, frequentist_variance, variance_of_ratios};
 * {@code gbstats/frequentist/tests.py}); its published vector is reproduced in the tests. Spotify
 * Confidence's relative interval differs on purpose: it divides the absolute interval by the control
 * mean, so only its point estimate is comparable.
 */
public final class RelativeLift {

  private RelativeLift() {}

  /**
   * Result on the relative scale (0.05 means +5 %).
   *
   * @param lift            {@code (mean_t - mean_c) / |mean_c|}
   * @param standardError   delta-method standard error of the lift
   * @param df              Welch-Satterthwaite degrees of freedom
   * @param pValue          two-sided p-value of {@code lift = 0}
   * @param ciLower         lower end of the two-sided interval
   * @param ciUpper         upper end
   * @param confidenceLevel level of the interval
   * @param nTotal          {@code n_c + n_t}, the sample size a confidence sequence is indexed by
   */
  public record Result(
      double lift,
      double standardError,
      double df,
      double pValue,
      double ciLower,
      double ciUpper,
      double confidenceLevel,
      long nTotal) {

    /** Whether the interval excludes 0. */
    public boolean significant() {
      return ciLower > 0.0 || ciUpper < 0.0;
    }
  }

  /**
   * Computes the lift and its interval. Each sample needs {@code n >= 2}.
   *
   * @throws IllegalArgumentException when the control mean is 0 (the lift is undefined) or both
   *                                  variances are 0
   */
  public static Result test(SampleStats control, SampleStats treatment, double confidenceLevel) {
    double alpha = WelchTTest.checkTwoSamples(control, treatment, confidenceLevel);
    double mc = control.mean();
    double mt = treatment.mean();
    if (mc == 0.0) {
      throw new IllegalArgumentException("relative lift is undefined: the control mean is 0");
    }
    double vc = control.varianceOfMean();
    double vt = treatment.varianceOfMean();
    if (vc + vt == 0.0) {
      throw new IllegalArgumentException("relative lift needs a non-zero variance in some variant");
    }
    double lift = (mt - mc) / Math.abs(mc);
    double se = Math.sqrt(variance(mc, vc, mt, vt));
    double df = WelchTTest.welchSatterthwaite(vc, control.n(), vt, treatment.n());
    return result(lift, se, df, alpha, confidenceLevel, control.n() + treatment.n());
  }

  /** The Student-t p-value and interval of a lift with standard error {@code se} (shared with {@link Cuped}). */
  static Result result(
      double lift, double se, double df, double alpha, double confidenceLevel, long nTotal) {
    double p = Distributions.tTwoSidedP(lift / se, df);
    double half = Distributions.tCritical(alpha, df) * se;
    return new Result(lift, se, df, p, lift - half, lift + half, confidenceLevel, nTotal);
  }

  /**
   * Delta-method variance of {@code m_t / m_c} for independent means with squared standard errors
   * {@code vc} and {@code vt}: {@code vt / m_c^2 + m_t^2 vc / m_c^4}.
   */
  public static double variance(
      double controlMean,
      double varianceOfMeanControl,
      double treatmentMean,
      double varianceOfMeanTreatment) {
    double mc2 = controlMean * controlMean;
    return varianceOfMeanTreatment / mc2
        + treatmentMean * treatmentMean * varianceOfMeanControl / (mc2 * mc2);
  }
}
