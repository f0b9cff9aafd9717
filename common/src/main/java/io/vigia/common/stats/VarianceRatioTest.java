package io.vigia.common.stats;

import org.apache.commons.math3.special.Beta;

/**
 * Two-sided F-test for equality of two variances ("variance shift"), from two {@link Moments} states:
 * {@code F = s_a^2 / s_b^2} with {@code (n_a - 1, n_b - 1)} degrees of freedom and
 * {@code p = min(1, 2 min(P(F' <= F), P(F' >= F)))}, F' ~ F(n_a-1, n_b-1) (Snedecor and Cochran,
 * "Statistical Methods", 8th ed., sec. 6.12; the same as R's {@code var.test}). Both tails are evaluated
 * directly as regularised incomplete beta functions, so small p-values keep their relative precision.
 * The test assumes normal data; it is a shift indicator for the prediction distribution, not a robust
 * test (Levene/Brown-Forsythe would need a second pass over the data). NaN when a sample has n < 2 or
 * both variances are 0; {@code p = 0} when exactly one variance is 0.
 */
public final class VarianceRatioTest {

  private VarianceRatioTest() {}

  /**
   * @param f the variance ratio s_a^2 / s_b^2
   * @param df1 n_a - 1
   * @param df2 n_b - 1
   * @param pValue two-sided p-value
   */
  public record Result(double f, double df1, double df2, double pValue) {}

  public static Result test(Moments a, Moments b) {
    double df1 = a.n() - 1;
    double df2 = b.n() - 1;
    double f = a.variance() / b.variance();
    return new Result(f, df1, df2, twoSidedP(f, df1, df2));
  }

  public static Result test(double[] a, double[] b) {
    return test(Moments.of(a), Moments.of(b));
  }

  static double twoSidedP(double f, double df1, double df2) {
    if (Double.isNaN(f) || !(df1 > 0) || !(df2 > 0)) {
      return Double.NaN;
    }
    if (f == 0 || Double.isInfinite(f)) {
      return 0.0;
    }
    double cdf = Beta.regularizedBeta(df1 * f / (df1 * f + df2), df1 / 2, df2 / 2, 1e-15, 100_000);
    double sf = Beta.regularizedBeta(df2 / (df2 + df1 * f), df2 / 2, df1 / 2, 1e-15, 100_000);
    return Math.min(1.0, 2 * Math.min(cdf, sf));
  }
}
