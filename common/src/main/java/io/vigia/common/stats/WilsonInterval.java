package io.vigia.common.stats;

/**
 * Wilson score interval of a binomial proportion (E.B. Wilson 1927; without continuity correction, as
 * scipy's {@code binomtest(k, n).proportion_ci(method='wilson')} and the feedback_insights view):
 * (p + z^2/2n -/+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n), clamped to [0, 1].
 */
public final class WilsonInterval {
  /** z for a two-sided 95% interval. */
  public static final double Z95 = 1.959963984540054;

  private WilsonInterval() {}

  public static double lower(long k, long n, double z) {
    return bound(k, n, z, -1);
  }

  public static double upper(long k, long n, double z) {
    return bound(k, n, z, +1);
  }

  private static double bound(long k, long n, double z, int sign) {
    if (n <= 0) {
      return Double.NaN;
    }
    double p = (double) k / n;
    double z2 = z * z;
    double centre = p + z2 / (2.0 * n);
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    double v = (centre + sign * half) / (1 + z2 / n);
    return Math.max(0, Math.min(1, v));
  }
}
