package io.vigia.common.stats.ab;

import io.vigia.common.stats.Distributions;

/**
 * Sample ratio mismatch check: Pearson's chi-squared goodness of fit of the observed units per variant
 * against the planned traffic shares,
 * <pre>
 *   E_i = share_i / sum(share) * sum(O),   chi2 = sum (O_i - E_i)^2 / E_i,   p = P(chi2_{k-1} >= chi2)
 * </pre>
 * as {@code scipy.stats.chisquare(observed, expected)} computes it, GrowthBook's {@code check_srm}
 * ({@code gbstats/utils.py}) and Spotify Confidence's {@code sample_ratio_test}. A p-value below
 * {@link #DEFAULT_THRESHOLD} (0.001, the usual SRM alarm level) flags a mismatch, which blocks a winner:
 * an allocation that does not match the design means the comparison itself is biased.
 */
public final class SampleRatioMismatch {

  /** p-value below which the allocation is flagged. */
  public static final double DEFAULT_THRESHOLD = 0.001;

  private SampleRatioMismatch() {}

  /**
   * Result of the check.
   *
   * @param chiSquared the statistic
   * @param df         {@code k - 1}
   * @param pValue     upper-tail probability
   * @param threshold  the alarm level used
   */
  public record Result(double chiSquared, int df, double pValue, double threshold) {

    /** Whether the allocation is a mismatch, {@code pValue < threshold}. */
    public boolean flagged() {
      return pValue < threshold;
    }
  }

  /**
   * Two-variant check for a design sending {@code trafficSplit} of the units to treatment
   * ({@code ab_experiments.traffic_split}).
   *
   * @throws IllegalArgumentException when the split is not strictly between 0 and 1
   */
  public static Result twoVariants(long controlUnits, long treatmentUnits, double trafficSplit) {
    if (!(trafficSplit > 0.0 && trafficSplit < 1.0)) {
      throw new IllegalArgumentException(
          "traffic_split must be strictly between 0 and 1, got " + trafficSplit);
    }
    return test(
        new long[] {controlUnits, treatmentUnits},
        new double[] {1.0 - trafficSplit, trafficSplit},
        DEFAULT_THRESHOLD);
  }

  /**
   * General check of {@code observed} counts against {@code shares} (normalized to sum 1).
   *
   * @throws IllegalArgumentException on mismatched lengths, fewer than 2 variants, a negative count or a
   *                                  share that is not positive
   */
  public static Result test(long[] observed, double[] shares, double threshold) {
    if (observed.length != shares.length || observed.length < 2) {
      throw new IllegalArgumentException("need at least 2 variants and one share per variant");
    }
    double total = 0.0;
    double shareSum = 0.0;
    for (int i = 0; i < observed.length; i++) {
      if (observed[i] < 0) {
        throw new IllegalArgumentException("negative count " + observed[i]);
      }
      if (!(shares[i] > 0.0) || Double.isInfinite(shares[i])) {
        throw new IllegalArgumentException("shares must be positive and finite, got " + shares[i]);
      }
      total += observed[i];
      shareSum += shares[i];
    }
    int df = observed.length - 1;
    if (total == 0.0) {
      return new Result(0.0, df, 1.0, threshold);
    }
    double chi2 = 0.0;
    for (int i = 0; i < observed.length; i++) {
      double expected = shares[i] / shareSum * total;
      double d = observed[i] - expected;
      chi2 += d * d / expected;
    }
    return new Result(chi2, df, Distributions.chiSquaredSf(chi2, df), threshold);
  }
}
