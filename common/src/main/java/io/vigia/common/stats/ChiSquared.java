package io.vigia.common.stats;

import java.util.Map;

/**
 * Pearson's chi-squared test of homogeneity for a 2 x k table (reference vs current category counts):
 * {@code X^2 = sum_{cells} (O - E)^2 / E} with {@code E = row total * column total / grand total},
 * {@code dof = k - 1}, p-value {@code = Q(dof/2, X^2/2)} ({@link Distributions#chiSquaredSf}).
 * Matches scipy 1.17 {@code scipy.stats.chi2_contingency(table)} with its default {@code correction=True}:
 * scipy applies Yates' continuity correction only when {@code dof == 1} (a 2 x 2 table), moving each
 * observed count towards its expectation by {@code min(0.5, |O - E|)}; for k > 2 no correction is applied.
 * {@link #homogeneity(long[], long[], boolean)} with {@code false} gives {@code correction=False}.
 *
 * <p>Differences from scipy, both documented: categories whose count is 0 on both sides are dropped before
 * the test (they carry no information; scipy raises "expected frequencies has a zero element"); an empty
 * side gives NaN (scipy raises). When a single category remains, dof = 0 and scipy's convention
 * {@code statistic = 0, p = 1} applies.
 */
public final class ChiSquared {

  private ChiSquared() {}

  /**
   * Test result.
   *
   * @param statistic X^2 (Yates-corrected when {@code yatesApplied})
   * @param dof degrees of freedom (columns kept - 1)
   * @param pValue upper-tail probability of chi-squared(dof)
   * @param yatesApplied whether Yates' correction was applied
   */
  public record Result(double statistic, int dof, double pValue, boolean yatesApplied) {}

  /** scipy's default: Yates' correction iff dof == 1. */
  public static Result homogeneity(long[] reference, long[] current) {
    return homogeneity(reference, current, true);
  }

  /**
   * @param yatesWhenDofIsOne scipy's {@code correction} flag (only ever used when dof == 1)
   */
  public static Result homogeneity(long[] reference, long[] current, boolean yatesWhenDofIsOne) {
    if (reference.length != current.length) {
      throw new IllegalArgumentException(
          "count arrays differ in length: " + reference.length + " vs " + current.length);
    }
    int k = 0;
    long r = 0;
    long c = 0;
    for (int j = 0; j < reference.length; j++) {
      if (reference[j] < 0 || current[j] < 0) {
        throw new IllegalArgumentException("negative count in column " + j);
      }
      if (reference[j] + current[j] > 0) {
        k++;
      }
      r += reference[j];
      c += current[j];
    }
    if (r == 0 || c == 0) {
      return new Result(Double.NaN, Math.max(k - 1, 0), Double.NaN, false);
    }
    int dof = k - 1;
    if (dof <= 0) {
      return new Result(0.0, 0, 1.0, false);
    }
    boolean yates = yatesWhenDofIsOne && dof == 1;
    double total = (double) r + c;
    double stat = 0;
    for (int j = 0; j < reference.length; j++) {
      long col = reference[j] + current[j];
      if (col == 0) {
        continue;
      }
      stat += term(reference[j], (double) r * col / total, yates);
      stat += term(current[j], (double) c * col / total, yates);
    }
    return new Result(stat, dof, Distributions.chiSquaredSf(stat, dof), yates);
  }

  private static double term(long observed, double expected, boolean yates) {
    double o = observed;
    if (yates) {
      double diff = expected - o;
      o += Math.signum(diff) * Math.min(0.5, Math.abs(diff));
    }
    double d = o - expected;
    return d * d / expected;
  }

  /** The test on category-count maps (union of categories). */
  public static Result homogeneity(Map<String, Long> reference, Map<String, Long> current) {
    AlignedCounts counts = AlignedCounts.of(reference, current);
    return homogeneity(counts.reference(), counts.current());
  }
}
