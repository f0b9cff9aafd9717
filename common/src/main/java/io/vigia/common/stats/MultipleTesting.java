package io.vigia.common.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Multiple-testing adjustments of p-values, the project's one home for them: Benjamini-Hochberg (false
 * discovery rate; the drift job's features) and Holm (family-wise error rate; the experiments job's secondary
 * metrics). With the m p-values sorted ascending, {@code p_(1) <= ... <= p_(m)}:
 * <ul>
 *   <li>{@link #benjaminiHochberg}: {@code q_(i) = min_{j >= i} min(1, p_(j) m / j)} (Benjamini and Hochberg
 *       1995, JRSS B 57(1); the step-up adjusted form of Yekutieli and Benjamini 1999), matching scipy 1.17
 *       {@code scipy.stats.false_discovery_control(ps, method='bh')} and R's {@code p.adjust(method="BH")};</li>
 *   <li>{@link #holm}: {@code q_(i) = max_{j <= i} min(1, (m - j + 1) p_(j))} (Holm 1979, Scand. J. Statist.
 *       6(2), the step-down Bonferroni), matching R's {@code p.adjust(method="holm")} and statsmodels
 *       {@code multipletests(method='holm')}.</li>
 * </ul>
 * A hypothesis is rejected at level alpha iff its adjusted p-value is {@code <= alpha}.
 *
 * <p>NaN-tolerant (scipy raises on NaN): a NaN p-value (e.g. a feature or metric with insufficient data) stays
 * NaN and is excluded from m, so untested hypotheses neither count nor dilute the others. Values outside
 * [0, 1] are rejected. Results are in the input order.
 */
public final class MultipleTesting {

  private MultipleTesting() {}

  /** Benjamini-Hochberg adjusted p-values in the input order. */
  public static double[] benjaminiHochberg(double[] pValues) {
    double[] out = nanFilled(pValues);
    int[] order = ascending(pValues);
    int m = order.length;
    double running = Double.POSITIVE_INFINITY;
    for (int rank = m; rank >= 1; rank--) {
      int k = order[rank - 1];
      running = Math.min(running, pValues[k] * ((double) m / rank));
      out[k] = Math.min(1.0, Math.max(0.0, running));
    }
    return out;
  }

  /** Holm adjusted p-values in the input order. */
  public static double[] holm(double[] pValues) {
    double[] out = nanFilled(pValues);
    int[] order = ascending(pValues);
    int m = order.length;
    double running = 0.0;
    for (int rank = 1; rank <= m; rank++) {
      int k = order[rank - 1];
      running = Math.max(running, Math.min(1.0, (m - rank + 1) * pValues[k]));
      out[k] = running;
    }
    return out;
  }

  /** Checks the values and returns an all-NaN array of their length. */
  private static double[] nanFilled(double[] pValues) {
    for (int k = 0; k < pValues.length; k++) {
      double p = pValues[k];
      if (!Double.isNaN(p) && !(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("p-value out of [0, 1] at index " + k + ": " + p);
      }
    }
    double[] out = new double[pValues.length];
    Arrays.fill(out, Double.NaN);
    return out;
  }

  /** Indices of the non-NaN values, ascending by value (stable: ties keep the input order). */
  private static int[] ascending(double[] pValues) {
    return IntStream.range(0, pValues.length)
        .filter(k -> !Double.isNaN(pValues[k]))
        .boxed()
        .sorted(Comparator.comparingDouble(k -> pValues[k]))
        .mapToInt(Integer::intValue)
        .toArray();
  }
}
