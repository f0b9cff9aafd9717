package io.vigia.common.stats.ab;

import io.vigia.common.stats.Distributions;

/**
 * Hodges-Lehmann estimate of the location shift of treatment over control, the median of all
 * {@code n_c n_t} pairwise differences {@code y_j - x_i} (treatment minus control), with its
 * distribution-free confidence interval (Hodges and Lehmann 1963; Bauer 1972; Hollander, Wolfe and
 * Chicken, <i>Nonparametric Statistical Methods</i>, 3rd ed., sec. 4.3).
 *
 * <p>With {@code D(1) <= ... <= D(mn)} the ordered differences, the interval is
 * {@code [D(C), D(mn + 1 - C)]}, where {@code C} is the smallest {@code k} for which the two-sided
 * Mann-Whitney test of {@link MannWhitneyU} would <em>not</em> reject a shift lying between {@code D(k)}
 * and {@code D(k+1)}; it is the set of shifts the test accepts (test inversion), so the interval and the
 * U test always agree:
 * <pre>
 *   exact:       C = min { k : 2 P(U <= k) > alpha }                       (= Hollander-Wolfe C_alpha)
 *   asymptotic:  C = floor(mn/2 - 1/2 - z_{1-alpha/2} s) + 1,  s = tie-corrected sd of U (continuity-corrected)
 * </pre>
 * The method follows {@link MannWhitneyU#chooseMethod} (exact for a smaller sample of at most 8 without
 * ties). Coverage of the exact interval is at least {@code 1 - alpha}; when even the most extreme ranks
 * cannot reach it ({@code C = 0}, tiny samples) the interval is unbounded.
 *
 * <p>The order statistics are selected without materializing the {@code mn} differences: with both
 * samples sorted, the number of differences {@code <= d} is counted in {@code O(n_c + n_t)} by two
 * pointers, and a bisection over the ordered bit patterns of doubles (at most 64 steps) finds the exact
 * {@code k}-th difference. Memory is {@code O(n_c + n_t)}; time {@code O((n_c + n_t) log)}.
 */
public final class HodgesLehmann {

  private HodgesLehmann() {}

  /**
   * The shift estimate and its interval.
   *
   * @param estimate        median of the pairwise differences treatment - control
   * @param ciLower         {@code D(C)}, or {@code -Infinity} when {@code C = 0}
   * @param ciUpper         {@code D(mn + 1 - C)}, or {@code +Infinity} when {@code C = 0}
   * @param rankLower       {@code C} (1-based order statistic)
   * @param rankUpper       {@code mn + 1 - C}
   * @param confidenceLevel requested level
   * @param method          how {@code C} was found
   */
  public record Result(
      double estimate,
      double ciLower,
      double ciUpper,
      long rankLower,
      long rankUpper,
      double confidenceLevel,
      MannWhitneyU.Method method) {}

  /**
   * Estimates the shift of {@code treatment} relative to {@code control}.
   *
   * @throws IllegalArgumentException on an empty sample or a NaN value
   */
  public static Result estimate(double[] control, double[] treatment, double confidenceLevel) {
    double alpha = Distributions.alpha(confidenceLevel);
    if (control.length == 0 || treatment.length == 0) {
      throw new IllegalArgumentException("both samples need at least one observation");
    }
    double[] xs = MannWhitneyU.sortedCopy(control);
    double[] ys = MannWhitneyU.sortedCopy(treatment);
    long m = xs.length;
    long n = ys.length;
    long mn = m * n;
    double median = (mn % 2 == 1)
        ? kthDifference(xs, ys, (mn + 1) / 2)
        : 0.5 * (kthDifference(xs, ys, mn / 2) + kthDifference(xs, ys, mn / 2 + 1));

    double tieTerm = MannWhitneyU.rankSums(control, treatment).tieTerm();
    MannWhitneyU.Method method = MannWhitneyU.chooseMethod(m, n, tieTerm > 0.0);
    long c = method == MannWhitneyU.Method.EXACT
        ? exactRank(m, n, alpha)
        : asymptoticRank(m, n, tieTerm, alpha);
    if (c <= 0) {
      return new Result(
          median,
          Double.NEGATIVE_INFINITY,
          Double.POSITIVE_INFINITY,
          0,
          mn + 1,
          confidenceLevel,
          method);
    }
    double lower = kthDifference(xs, ys, c);
    double upper = kthDifference(xs, ys, mn + 1 - c);
    return new Result(median, lower, upper, c, mn + 1 - c, confidenceLevel, method);
  }

  /** Exact {@code C = min { k : 2 P(U <= k) > alpha }}, 0 if even {@code k = 0} is accepted. */
  static long exactRank(long m, long n, double alpha) {
    int half = (int) ((m * n) / 2);
    double[] cdf = MannWhitneyU.exactCumulative(m, n, half);
    for (int k = 0; k <= half; k++) {
      if (2.0 * cdf[k] > alpha) {
        return k;
      }
    }
    return half;
  }

  /** Normal-approximation rank with the tie and continuity corrections, clamped to {@code >= 0}. */
  static long asymptoticRank(long m, long n, double tieTerm, double alpha) {
    double s = MannWhitneyU.nullStandardDeviation(m, n, tieTerm);
    double z = Distributions.normalQuantile(1.0 - alpha / 2.0);
    double c = Math.floor(m * (double) n / 2.0 - 0.5 - z * s) + 1.0;
    return (long) Math.max(0.0, c);
  }

  /**
   * The {@code k}-th smallest (1-based) of the differences {@code ys[j] - xs[i]}; both arrays sorted
   * ascending.
   */
  static double kthDifference(double[] xs, double[] ys, long k) {
    long total = (long) xs.length * ys.length;
    if (k < 1 || k > total) {
      throw new IllegalArgumentException("k out of range: " + k);
    }
    double min = ys[0] - xs[xs.length - 1];
    double max = ys[ys.length - 1] - xs[0];
    if (k == 1) {
      return min;
    }
    if (k == total) {
      return max;
    }
    if (countAtMost(xs, ys, min) >= k) {
      return min;
    }
    // invariant: countAtMost(lo) < k <= countAtMost(hi); lo, hi in the order-preserving key space
    long lo = key(min);
    long hi = key(max);
    while (Long.compareUnsigned(hi - lo, 1L) > 0) { // the key span may exceed Long.MAX_VALUE
      long mid = lo + ((hi - lo) >>> 1);
      if (countAtMost(xs, ys, fromKey(mid)) >= k) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return fromKey(hi);
  }

  /** Number of pairs with {@code ys[j] - xs[i] <= d}, by two pointers over the sorted arrays. */
  static long countAtMost(double[] xs, double[] ys, double d) {
    long count = 0;
    int j = 0;
    // as xs[i] grows, ys[j] - xs[i] shrinks, so the admissible prefix of ys only grows
    for (double x : xs) {
      while (j < ys.length && ys[j] - x <= d) {
        j++;
      }
      count += j;
    }
    return count;
  }

  /** Maps a double to a long with the same order (negative values bit-flipped). */
  private static long key(double d) {
    long bits = Double.doubleToLongBits(d == 0.0 ? 0.0 : d); // -0.0 and 0.0 share a key
    return bits >= 0 ? bits : bits ^ Long.MAX_VALUE;
  }

  private static double fromKey(long key) {
    return Double.longBitsToDouble(key >= 0 ? key : key ^ Long.MAX_VALUE);
  }
}
