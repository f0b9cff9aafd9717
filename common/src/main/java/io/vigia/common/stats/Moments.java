package io.vigia.common.stats;

import io.vigia.common.stats.ab.SampleStats;

/**
 * Mergeable first and second moments of a sample, for the drift job's per-group states: count n, mean,
 * {@code M2 = sum (x - mean)^2}, min, max and a count of skipped non-finite values.
 *
 * <p>The arithmetic is the one n/mean/M2 state of the project, {@link SampleStats} (Welford's 1962 update to
 * add, Chan, Golub and LeVeque's 1979 pairwise formula to merge); this class only runs it on shifted data
 * {@code x - K}, K being the first value of the state (Chan, Golub and LeVeque 1983, "Algorithms for computing the
 * sample variance"), so a large common offset (timestamps, prices around 1e6) costs no precision in the running
 * mean: the mean is rounded once, when read, and {@link #meanDifference} subtracts in the shifted frames. It adds
 * min/max and the missing count. {@link #variance()} is the unbiased sample variance {@code M2 / (n - 1)} (numpy
 * {@code ddof=1}). NaN and infinite values are not added; they are counted as missing. Not thread-safe; one state
 * per partition/group, then {@link #merge}.
 */
public final class Moments {
  private SampleStats core = SampleStats.EMPTY; // the values x - shift
  private double shift; // K: the first value added (or the mean of a state built from parts)
  private double min = Double.NaN;
  private double max = Double.NaN;
  private long missing;

  public Moments() {}

  /** A state built from its parts (e.g. read back from an aggregation row). */
  public static Moments of(long n, double mean, double m2, double min, double max) {
    if (n < 0 || (n > 0 && m2 < 0)) {
      throw new IllegalArgumentException("invalid moments: n=" + n + ", M2=" + m2);
    }
    Moments s = new Moments();
    if (n == 0) {
      return s;
    }
    s.shift = mean;
    s.core = new SampleStats(n, 0.0, m2);
    s.min = min;
    s.max = max;
    return s;
  }

  /** A state over the given values. */
  public static Moments of(double... values) {
    Moments s = new Moments();
    for (double v : values) {
      s.add(v);
    }
    return s;
  }

  /** Welford update ({@link SampleStats#add}) of the shifted value. */
  public Moments add(double x) {
    if (!Double.isFinite(x)) {
      missing++;
      return this;
    }
    if (core.n() == 0) {
      shift = x;
      min = x;
      max = x;
    } else {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    core = core.add(x - shift);
    return this;
  }

  /** Chan et al. merge ({@link SampleStats#merge}) of another state, moved into this state's frame. */
  public Moments merge(Moments o) {
    missing += o.missing;
    if (o.core.n() == 0) {
      return this;
    }
    if (core.n() == 0) {
      core = o.core;
      shift = o.shift;
      min = o.min;
      max = o.max;
      return this;
    }
    // the other state's mean in this state's frame; shifts of similar data subtract exactly
    core = core.merge(new SampleStats(o.core.n(), (o.shift - shift) + o.core.mean(), o.core.m2()));
    min = Math.min(min, o.min);
    max = Math.max(max, o.max);
    return this;
  }

  public long n() {
    return core.n();
  }

  /** Mean (NaN when empty). */
  public double mean() {
    return core.n() == 0 ? Double.NaN : shift + core.mean();
  }

  /**
   * {@code mean(a) - mean(b)} computed in the states' shifted frames, before either mean is rounded to a
   * double: with a large common offset this keeps the digits a difference of rounded means would lose.
   */
  public static double meanDifference(Moments a, Moments b) {
    if (a.core.n() == 0 || b.core.n() == 0) {
      return Double.NaN;
    }
    return (a.shift - b.shift) + (a.core.mean() - b.core.mean());
  }

  public double m2() {
    return core.m2();
  }

  /** Unbiased variance M2/(n-1); NaN for n < 2. */
  public double variance() {
    return core.variance();
  }

  /** Population variance M2/n; NaN when empty. */
  public double populationVariance() {
    return core.n() == 0 ? Double.NaN : core.m2() / core.n();
  }

  public double standardDeviation() {
    return Math.sqrt(variance());
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  /** Non-finite values seen and skipped. */
  public long missing() {
    return missing;
  }

  /** The state as an immutable {@link SampleStats} (n, mean, M2) for the A/B tests. */
  public SampleStats toSampleStats() {
    return core.n() == 0 ? SampleStats.EMPTY : new SampleStats(core.n(), mean(), core.m2());
  }

  @Override
  public String toString() {
    return "Moments{n=" + n() + ", mean=" + mean() + ", var=" + variance() + ", min=" + min
        + ", max=" + max + ", missing=" + missing + "}";
  }
}
