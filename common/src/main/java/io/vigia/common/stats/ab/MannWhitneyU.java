package io.vigia.common.stats.ab;

import io.vigia.common.stats.Distributions;
import java.util.Arrays;

/**
 * Two-sided Mann-Whitney U (Wilcoxon rank-sum) test, with the tie correction, as
 * {@code scipy.stats.mannwhitneyu(x, y, alternative="two-sided", use_continuity=True, method="auto")}
 * computes it (scipy 1.17, {@code scipy/stats/_mannwhitneyu.py}).
 *
 * <pre>
 *   U1 = R1 - n1 (n1 + 1) / 2        (R1 = sum of the average ranks of x in the pooled sample)
 *   U2 = n1 n2 - U1,  U = max(U1, U2)
 *   exact:       p = 2 P(U' >= U) under H0, U' with the null distribution of Mann and Whitney (1947)
 *   asymptotic:  z = (U - n1 n2 / 2 - 1/2) / s,  s^2 = n1 n2 / 12 * ((n + 1) - sum(t^3 - t) / (n (n - 1)))
 *                p = 2 (1 - Phi(z)),  n = n1 + n2, t = size of each tie group
 *   p is clipped to [0, 1]
 * </pre>
 * Method choice ({@link #chooseMethod}) follows scipy's {@code 'auto'} rule: exact when at least one sample
 * has at most 8 observations and there are no ties, normal approximation otherwise. The exact null
 * distribution is the coefficient sequence of the Gaussian binomial {@code [n1 + n2 choose n1]_q}, built by
 * multiplying {@code (1 - q^(n+i)) / (1 - q^i)} for {@code i = 1..min(n1, n2)} and truncated at the needed
 * {@code U}, so the cost is {@code O(min(n1, n2) * min(U, n1 n2 - U))}.
 *
 * <p>At scale the job never ships observations to the driver: a sort by value per experiment and metric
 * yields the rank sum of one variant and the tie groups, and {@link #fromRankSum} finishes the test from
 * {@code (R1, n1, n2, sum(t^3 - t))}; see {@code package-info.java} for the Spark plan.
 */
public final class MannWhitneyU {

  /** Largest smaller-sample size for which {@code 'auto'} uses the exact distribution (scipy). */
  public static final int EXACT_MAX_SMALLER_SAMPLE = 8;

  /** How the p-value was computed. */
  public enum Method {
    EXACT,
    ASYMPTOTIC
  }

  private MannWhitneyU() {}

  /**
   * Result of the test.
   *
   * @param u1      U of the first sample {@code x} (scipy's {@code statistic}): the number of pairs with
   *                {@code x > y}, plus one half per tied pair
   * @param u2      {@code n1 n2 - u1}
   * @param n1      size of {@code x}
   * @param n2      size of {@code y}
   * @param tieTerm {@code sum over tie groups of t^3 - t} (0 without ties)
   * @param method  how the p-value was computed
   * @param z       standardized statistic with continuity correction (asymptotic; {@code NaN} for exact)
   * @param pValue  two-sided p-value
   */
  public record Result(
      double u1,
      double u2,
      long n1,
      long n2,
      double tieTerm,
      Method method,
      double z,
      double pValue) {

    /**
     * {@code U1 / (n1 n2)}: the probability that a random x exceeds a random y, ties counting one half
     * (the common-language effect size).
     */
    public double probabilityXGreater() {
      return u1 / ((double) n1 * n2);
    }
  }

  /**
   * Rank statistics of two samples in the pooled ranking.
   *
   * @param rankSumX sum of the (average) ranks of {@code x}, ranks 1..n
   * @param tieTerm  {@code sum over tie groups of t^3 - t}
   */
  public record RankSums(double rankSumX, double tieTerm) {}

  /** scipy's {@code 'auto'} rule: asymptotic if both samples exceed 8 or if there are ties, else exact. */
  public static Method chooseMethod(long n1, long n2, boolean ties) {
    if (n1 > EXACT_MAX_SMALLER_SAMPLE && n2 > EXACT_MAX_SMALLER_SAMPLE) {
      return Method.ASYMPTOTIC;
    }
    return ties ? Method.ASYMPTOTIC : Method.EXACT;
  }

  /** The test on two in-memory samples with the {@code 'auto'} method choice. */
  public static Result test(double[] x, double[] y) {
    RankSums r = rankSums(x, y);
    return fromRankSum(r.rankSumX(), x.length, y.length, r.tieTerm());
  }

  /** The test on two in-memory samples with a fixed method. */
  public static Result test(double[] x, double[] y, Method method) {
    RankSums r = rankSums(x, y);
    return fromRankSum(r.rankSumX(), x.length, y.length, r.tieTerm(), method);
  }

  /**
   * Finishes the test from rank statistics, choosing the method by the {@code 'auto'} rule (ties are
   * present exactly when {@code tieTerm > 0}).
   *
   * @param rankSumX sum of the average ranks (1-based, pooled sample) of the {@code n1} observations of x
   * @param n1       size of x, {@code >= 1}
   * @param n2       size of y, {@code >= 1}
   * @param tieTerm  {@code sum over groups of equal values of t^3 - t}, {@code >= 0}
   */
  public static Result fromRankSum(double rankSumX, long n1, long n2, double tieTerm) {
    return fromRankSum(rankSumX, n1, n2, tieTerm, chooseMethod(n1, n2, tieTerm > 0.0));
  }

  /** As {@link #fromRankSum(double, long, long, double)} with a fixed method. */
  public static Result fromRankSum(
      double rankSumX, long n1, long n2, double tieTerm, Method method) {
    if (n1 < 1 || n2 < 1) {
      throw new IllegalArgumentException(
          "both samples need at least one observation: n1=" + n1 + ", n2=" + n2);
    }
    if (!(tieTerm >= 0.0)) {
      throw new IllegalArgumentException("tie term must be >= 0, got " + tieTerm);
    }
    double nn = (double) n1 * n2;
    double u1 = rankSumX - n1 * (n1 + 1.0) / 2.0;
    if (u1 < -1e-9 * nn || u1 > nn * (1 + 1e-12)) {
      throw new IllegalArgumentException(
          "rank sum " + rankSumX + " impossible for n1=" + n1 + ", n2=" + n2);
    }
    double u2 = nn - u1;
    double u = Math.max(u1, u2);
    if (method == Method.EXACT) {
      if (tieTerm > 0.0) {
        throw new IllegalArgumentException("the exact distribution of U assumes no ties");
      }
      long kc = Math.round(nn - u); // = min(U1, U2), an integer without ties
      if (kc > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "samples too large for the exact distribution; use ASYMPTOTIC");
      }
      double p = Math.min(1.0, 2.0 * exactCdf(kc, n1, n2));
      return new Result(u1, u2, n1, n2, tieTerm, Method.EXACT, Double.NaN, p);
    }
    double n = (double) n1 + n2;
    double s = Math.sqrt(nn / 12.0 * ((n + 1.0) - tieTerm / (n * (n - 1.0))));
    double z =
        (u - nn / 2.0 - 0.5) / s; // continuity correction; -Infinity when all values tie (s = 0)
    double p = Math.min(1.0, Math.max(0.0, 2.0 * Distributions.normalSf(z)));
    return new Result(u1, u2, n1, n2, tieTerm, Method.ASYMPTOTIC, z, p);
  }

  /**
   * Standard deviation of U under H0 with the tie correction,
   * {@code sqrt(n1 n2 / 12 * ((n + 1) - tieTerm / (n (n - 1))))}.
   */
  public static double nullStandardDeviation(long n1, long n2, double tieTerm) {
    double n = (double) n1 + n2;
    return Math.sqrt((double) n1 * n2 / 12.0 * ((n + 1.0) - tieTerm / (n * (n - 1.0))));
  }

  /**
   * {@code P(U <= k)} under H0 without ties, for samples of sizes {@code n1} and {@code n2} (symmetric in
   * the two sizes and about {@code n1 n2 / 2}).
   */
  public static double exactCdf(long k, long n1, long n2) {
    long nn = n1 * n2;
    if (k < 0) {
      return 0.0;
    }
    if (k >= nn) {
      return 1.0;
    }
    if (k > nn - 1 - k) {
      // P(U <= k) = 1 - P(U >= k + 1) = 1 - P(U <= nn - k - 1)
      return 1.0 - exactCdf(nn - 1 - k, n1, n2);
    }
    double[] cumulative = exactCumulative(n1, n2, (int) k);
    return cumulative[(int) k];
  }

  /**
   * {@code P(U <= u)} for {@code u = 0..kMax} under H0 without ties, as an array; {@code kMax} must not
   * exceed {@code n1 n2}.
   */
  static double[] exactCumulative(long n1, long n2, int kMax) {
    if (kMax < 0 || kMax > n1 * n2) {
      throw new IllegalArgumentException("kMax out of range: " + kMax);
    }
    int m = (int) Math.min(n1, n2);
    long n = Math.max(n1, n2);
    // coefficients of [n + i choose i]_q, truncated at q^kMax, for i = 0..m
    double[] c = new double[kMax + 1];
    c[0] = 1.0;
    for (int i = 1; i <= m; i++) {
      long shift = n + i;
      for (int j = kMax; j >= shift; j--) {
        c[j] -= c[(int) (j - shift)];
      }
      for (int j = i; j <= kMax; j++) {
        c[j] += c[j - i];
      }
    }
    double total = 1.0; // binomial(n + m, m)
    for (int i = 1; i <= m; i++) {
      total = total * (n + i) / i;
    }
    double[] cdf = new double[kMax + 1];
    double run = 0.0;
    for (int j = 0; j <= kMax; j++) {
      run += c[j];
      cdf[j] = Math.min(1.0, run / total);
    }
    return cdf;
  }

  /**
   * Average ranks of {@code x} in the pooled sample and the tie term, by sorting each sample and merging:
   * {@code O(n log n)}. The merge walks tie groups in value order, exactly as the Spark plan does per
   * experiment: a group of {@code t = c_x + c_y} equal values occupying ranks {@code r+1..r+t} adds
   * {@code c_x (r + (t + 1) / 2)} to the rank sum of x and {@code t^3 - t} to the tie term.
   */
  public static RankSums rankSums(double[] x, double[] y) {
    double[] xs = sortedCopy(x);
    double[] ys = sortedCopy(y);
    double rankSumX = 0.0;
    double tieTerm = 0.0;
    long before = 0; // observations ranked so far
    int i = 0;
    int j = 0;
    while (i < xs.length || j < ys.length) {
      double v = j >= ys.length || (i < xs.length && xs[i] <= ys[j]) ? xs[i] : ys[j];
      long cx = 0;
      while (i < xs.length && xs[i] == v) {
        i++;
        cx++;
      }
      long cy = 0;
      while (j < ys.length && ys[j] == v) {
        j++;
        cy++;
      }
      double t = (double) (cx + cy);
      rankSumX += cx * (before + (t + 1.0) / 2.0);
      tieTerm += t * t * t - t;
      before += cx + cy;
    }
    return new RankSums(rankSumX, tieTerm);
  }

  static double[] sortedCopy(double[] values) {
    double[] copy = values.clone();
    for (double v : copy) {
      if (Double.isNaN(v)) {
        throw new IllegalArgumentException("NaN observation");
      }
    }
    Arrays.sort(copy);
    return copy;
  }
}
