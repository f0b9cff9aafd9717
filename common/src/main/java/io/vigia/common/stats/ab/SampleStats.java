package io.vigia.common.stats.ab;

import java.io.Serializable;

/**
 * Mergeable sufficient statistics of one sample: count {@code n}, {@code mean} and {@code m2}, the sum of
 * squared deviations from the mean, so that the unbiased variance is {@code m2 / (n - 1)}.
 *
 * <p>Adding one value uses Welford's update (Welford 1962; Knuth TAOCP vol. 2, 4.2.2):
 * {@code d = x - mean; mean' = mean + d / n'; m2' = m2 + d * (x - mean')}. Merging two states uses Chan,
 * Golub and LeVeque's pairwise formula (1979): {@code d = mean_b - mean_a; n = n_a + n_b;
 * mean = mean_a + d * n_b / n; m2 = m2_a + m2_b + d^2 * n_a * n_b / n}. Both avoid the catastrophic
 * cancellation of the textbook {@code sum of squares - n * mean^2}, so hourly states can be rolled up into
 * days and months without rescanning and without losing digits on metrics with a large common offset.
 *
 * <p>Immutable value; the empty state is {@link #EMPTY}. This is the project's one implementation of the
 * n/mean/M2 arithmetic: {@link io.vigia.common.stats.Moments} (the drift job's mutable state with min, max, a
 * missing count and a shift frame) runs these same {@link #add} and {@link #merge} on shifted values, and
 * {@link Cuped.Sample} pairs two of them with a co-moment.
 *
 * @param n    number of observations, {@code >= 0}
 * @param mean arithmetic mean ({@code 0} when {@code n == 0})
 * @param m2   sum of squared deviations from the mean, {@code >= 0}
 */
public record SampleStats(long n, double mean, double m2) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The state of an empty sample; the identity of {@link #merge}. */
  public static final SampleStats EMPTY = new SampleStats(0, 0.0, 0.0);

  public SampleStats {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    if (n == 0 && (mean != 0.0 || m2 != 0.0)) {
      throw new IllegalArgumentException("an empty sample has mean 0 and m2 0");
    }
    if (Double.isNaN(mean) || Double.isNaN(m2)) {
      throw new IllegalArgumentException("NaN in sample statistics (a NaN observation?)");
    }
    if (m2 < 0.0) {
      throw new IllegalArgumentException("m2 must be >= 0, got " + m2);
    }
  }

  /** The state of the given values, built by Welford updates in order. */
  public static SampleStats of(double... values) {
    SampleStats s = EMPTY;
    for (double x : values) {
      s = s.add(x);
    }
    return s;
  }

  /**
   * The state from a mean and an unbiased ({@code n - 1}) variance, as published summaries give them.
   */
  public static SampleStats ofMeanVariance(long n, double mean, double variance) {
    if (n == 0) {
      return EMPTY;
    }
    if (n == 1 && variance != 0.0 && !Double.isNaN(variance)) {
      throw new IllegalArgumentException("a single observation has no variance");
    }
    return new SampleStats(n, mean, n == 1 ? 0.0 : variance * (n - 1));
  }

  /**
   * The state from raw power sums {@code (n, sum x, sum x^2)}, the form GrowthBook's
   * {@code SampleMeanStatistic} and Spotify Confidence's inputs use. It inherits the cancellation of
   * {@code sumSquares - sum^2 / n}; prefer Welford/Chan states when computing from data.
   */
  public static SampleStats fromSums(long n, double sum, double sumSquares) {
    if (n == 0) {
      return EMPTY;
    }
    double mean = sum / n;
    return new SampleStats(n, mean, secondMoment(n, sum, sumSquares));
  }

  /**
   * The state from power sums of the values shifted by {@code shift}: {@code sum = sum (x - shift)},
   * {@code sumSquares = sum (x - shift)^2}; mean = shift + sum / n, M2 = sumSquares - sum^2 / n, the
   * "shifted data" algorithm (Chan, Golub and LeVeque 1983, eq. 1.6): with a shift near the values (the
   * sample minimum, say) the cancellation is bounded by {@code (mean - shift)^2 / variance} instead of
   * {@code mean^2 / variance}.
   */
  public static SampleStats fromShiftedSums(long n, double shift, double sum, double sumSquares) {
    if (n == 0) {
      return EMPTY;
    }
    return new SampleStats(n, shift + sum / n, secondMoment(n, sum, sumSquares));
  }

  private static double secondMoment(long n, double sum, double sumSquares) {
    return Math.max(0.0, sumSquares - sum * sum / n);
  }

  /** This state with one more value (Welford). */
  public SampleStats add(double x) {
    long n1 = n + 1;
    double delta = x - mean;
    double mean1 = mean + delta / n1;
    return new SampleStats(n1, mean1, m2 + delta * (x - mean1));
  }

  /** The state of the union of both samples (Chan et al.). Associative and commutative. */
  public SampleStats merge(SampleStats other) {
    if (other.n == 0) {
      return this;
    }
    if (n == 0) {
      return other;
    }
    long total = n + other.n;
    double delta = other.mean - mean;
    double mergedMean = mean + delta * ((double) other.n / total);
    double mergedM2 = m2 + other.m2 + delta * delta * ((double) n * other.n / total);
    return new SampleStats(total, mergedMean, mergedM2);
  }

  /** Unbiased sample variance {@code m2 / (n - 1)}; {@code NaN} when {@code n < 2}. */
  public double variance() {
    return n < 2 ? Double.NaN : m2 / (n - 1);
  }

  /** Sample standard deviation; {@code NaN} when {@code n < 2}. */
  public double standardDeviation() {
    return Math.sqrt(variance());
  }

  /** Squared standard error of the mean, {@code variance / n}; {@code NaN} when {@code n < 2}. */
  public double varianceOfMean() {
    return variance() / n;
  }

  /** Sum of the values, {@code n * mean}. */
  public double sum() {
    return n * mean;
  }
}
