package io.vigia.common.stats;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Population Stability Index: {@code PSI = sum_b (c_b - r_b) ln(c_b / r_b)} over bins b, where r and c are
 * the reference and current proportions (Siddiqi, "Credit Risk Scorecards", Wiley 2006, ch. 8;
 * Yurdakul, "Statistical properties of population stability index", 2018). It is the symmetrised
 * Kullback-Leibler divergence {@code KL(c||r) + KL(r||c)}.
 *
 * <p><b>Numeric bins.</b> Cut points are the reference quantiles at {@code k / nBins}, k = 1..nBins-1,
 * by numpy's default 'linear' rule (Hyndman and Fan 1996, type 7). Duplicate cut points (a reference
 * with point masses) are merged, so fewer than {@code nBins} bins may result. The outer edges are
 * {@code -inf} and {@code +inf}, so every current value falls in some bin. Bins are right-closed:
 * {@code (-inf, c1], (c1, c2], ..., (c_k, +inf)}, which keeps a point mass at a quantile inside the
 * bin whose upper edge it is (with left-closed bins a zero-inflated feature would leave the first bin
 * empty). NaN values are not binned; they are counted as missing.
 *
 * <p><b>Empty bins.</b> A proportion of exactly 0 on either side is replaced by {@link #DEFAULT_EPSILON}
 * = 1e-4 and that side's proportions are renormalised to sum to 1 (the usual practice of e.g. NannyML,
 * Evidently and Deequ-style implementations, which otherwise yield an infinite PSI). A side with no
 * values at all gives NaN.
 *
 * <p><b>Categorical.</b> The same formula over the union of categories seen on either side (a category
 * present on one side only has proportion 0 on the other, then the epsilon rule). Null categories are
 * counted as missing.
 *
 * <p>Counts are mergeable states ({@link BinCounts}, {@link CategoryCounts}): compute them per partition
 * or per hour and add them up; PSI is finished from the merged counts.
 */
public final class PopulationStabilityIndex {

  /** Proportion substituted for an empty bin or absent category before renormalising. */
  public static final double DEFAULT_EPSILON = 1e-4;
  /** Default number of quantile bins. */
  public static final int DEFAULT_BINS = 10;

  private PopulationStabilityIndex() {}

  /**
   * PSI with the bins, counts and cut points that produced it.
   *
   * @param psi the index
   * @param cutPoints the finite interior cut points (bins are (-inf, c1], ..., (ck, +inf))
   * @param referenceCounts reference count per bin
   * @param currentCounts current count per bin
   */
  public record Result(
      double psi, double[] cutPoints, long[] referenceCounts, long[] currentCounts) {}

  // ------------------------------------------------------------------ bins

  /**
   * Interior cut points from the reference sample: numpy-'linear' quantiles at k/nBins, deduplicated.
   * NaN values are ignored. Empty (or all-NaN) reference gives no cut points (a single bin).
   */
  public static double[] cutPointsFromReference(double[] reference, int nBins) {
    if (nBins < 1) {
      throw new IllegalArgumentException("nBins must be >= 1, got " + nBins);
    }
    double[] sorted =
        Arrays.stream(reference).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (sorted.length == 0) {
      return new double[0];
    }
    double[] q = new double[nBins - 1];
    for (int k = 1; k < nBins; k++) {
      q[k - 1] = quantileLinearSorted(sorted, (double) k / nBins);
    }
    return cutPointsFromQuantiles(q);
  }

  /**
   * Cut points from quantiles computed elsewhere (e.g. Spark's {@code percentile_approx}): sorted,
   * duplicates merged, NaN and infinities dropped (the outer edges are always -inf/+inf).
   */
  public static double[] cutPointsFromQuantiles(double[] quantiles) {
    return Arrays.stream(quantiles)
        .filter(Double::isFinite)
        .map(v -> v == 0.0 ? 0.0 : v)
        .sorted()
        .distinct()
        .toArray();
  }

  /**
   * numpy's default quantile ('linear', Hyndman-Fan type 7) of an ascending sorted array, including
   * numpy's two-sided lerp ({@code b - (b - a)(1 - t)} when {@code t >= 0.5}) so cut points agree bit for bit.
   */
  public static double quantileLinearSorted(double[] sorted, double prob) {
    int n = sorted.length;
    double virtual = prob * (n - 1);
    if (virtual <= 0) {
      return sorted[0];
    }
    if (virtual >= n - 1) {
      return sorted[n - 1];
    }
    int below = (int) Math.floor(virtual);
    return lerpLinear(sorted[below], sorted[below + 1], virtual - below);
  }

  /**
   * numpy's two-sided lerp between consecutive order statistics {@code a <= b} at fraction {@code t}:
   * {@code b - (b - a)(1 - t)} when {@code t >= 0.5}, else {@code a + (b - a) t} (the one interpolation of the
   * 'linear' rule; the drift job's streamed cut points use it too).
   */
  public static double lerpLinear(double a, double b, double t) {
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }

  /** Bin of a value for right-closed bins: the number of cut points strictly below it. */
  public static int binIndex(double[] cutPoints, double value) {
    int lo = 0;
    int hi = cutPoints.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cutPoints[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Mergeable per-bin counts of one sample over fixed cut points; NaN counted as missing. */
  public static final class BinCounts {
    private final double[] cutPoints;
    private final long[] counts;
    private long missing;

    public BinCounts(double[] cutPoints) {
      for (int k = 1; k < cutPoints.length; k++) {
        if (!(cutPoints[k - 1] < cutPoints[k])) {
          throw new IllegalArgumentException("cut points must be strictly increasing");
        }
      }
      this.cutPoints = cutPoints.clone();
      this.counts = new long[cutPoints.length + 1];
    }

    public BinCounts add(double value) {
      if (Double.isNaN(value)) {
        missing++;
      } else {
        counts[binIndex(cutPoints, value)]++;
      }
      return this;
    }

    public BinCounts addAll(double[] values) {
      for (double v : values) {
        add(v);
      }
      return this;
    }

    /** Adds another state over the same cut points. */
    public BinCounts merge(BinCounts other) {
      if (!Arrays.equals(cutPoints, other.cutPoints)) {
        throw new IllegalArgumentException("cannot merge bin counts over different cut points");
      }
      for (int k = 0; k < counts.length; k++) {
        counts[k] += other.counts[k];
      }
      missing += other.missing;
      return this;
    }

    public long[] counts() {
      return counts.clone();
    }

    public double[] cutPoints() {
      return cutPoints.clone();
    }

    public long total() {
      long t = 0;
      for (long c : counts) {
        t += c;
      }
      return t;
    }

    public long missing() {
      return missing;
    }
  }

  // ------------------------------------------------------------------ PSI

  /** PSI from per-bin counts with the default epsilon. */
  public static double fromCounts(long[] referenceCounts, long[] currentCounts) {
    return fromCounts(referenceCounts, currentCounts, DEFAULT_EPSILON);
  }

  /** PSI from per-bin counts (same bins on both sides); NaN if either side has no values. */
  public static double fromCounts(long[] referenceCounts, long[] currentCounts, double epsilon) {
    if (referenceCounts.length != currentCounts.length) {
      throw new IllegalArgumentException("bin count arrays differ in length: "
          + referenceCounts.length + " vs " + currentCounts.length);
    }
    if (!(epsilon > 0 && epsilon < 1)) {
      throw new IllegalArgumentException("epsilon must be in (0, 1), got " + epsilon);
    }
    double[] r = proportions(referenceCounts, epsilon);
    double[] c = proportions(currentCounts, epsilon);
    if (r == null || c == null) {
      return Double.NaN;
    }
    double psi = 0;
    for (int k = 0; k < r.length; k++) {
      psi += (c[k] - r[k]) * Math.log(c[k] / r[k]);
    }
    return psi;
  }

  /** Proportions with zeros replaced by epsilon, renormalised; null if the total is 0. */
  private static double[] proportions(long[] counts, double epsilon) {
    long total = 0;
    for (long c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("negative count " + c);
      }
      total += c;
    }
    if (total == 0) {
      return null;
    }
    double[] p = new double[counts.length];
    double sum = 0;
    for (int k = 0; k < counts.length; k++) {
      double v = (double) counts[k] / total;
      p[k] = v == 0 ? epsilon : v;
      sum += p[k];
    }
    for (int k = 0; k < p.length; k++) {
      p[k] /= sum;
    }
    return p;
  }

  /** Numeric PSI from two samples: bins from reference quantiles ({@code nBins}), default epsilon. */
  public static Result fromArrays(double[] reference, double[] current, int nBins) {
    double[] cuts = cutPointsFromReference(reference, nBins);
    long[] rc = new BinCounts(cuts).addAll(reference).counts();
    long[] cc = new BinCounts(cuts).addAll(current).counts();
    return new Result(fromCounts(rc, cc), cuts, rc, cc);
  }

  // ------------------------------------------------------------------ categorical

  /** Categorical PSI from category counts (union of categories; absent = 0, then epsilon), default epsilon. */
  public static double categorical(Map<String, Long> reference, Map<String, Long> current) {
    return categorical(reference, current, DEFAULT_EPSILON);
  }

  /** Categorical PSI from category counts with the given epsilon. */
  public static double categorical(
      Map<String, Long> reference, Map<String, Long> current, double epsilon) {
    AlignedCounts counts = AlignedCounts.of(reference, current);
    return fromCounts(counts.reference(), counts.current(), epsilon);
  }

  /** Categorical PSI from two arrays of category labels (nulls counted as missing, not as a category). */
  public static double categoricalFromValues(String[] reference, String[] current) {
    return categorical(
        new CategoryCounts().addAll(reference).asMap(),
        new CategoryCounts().addAll(current).asMap());
  }

  /** Mergeable category counts of one sample; null labels counted as missing. */
  public static final class CategoryCounts {
    private final TreeMap<String, Long> counts = new TreeMap<>();
    private long missing;

    public CategoryCounts add(String category) {
      return add(category, 1);
    }

    public CategoryCounts add(String category, long count) {
      if (count < 0) {
        throw new IllegalArgumentException("negative count " + count);
      }
      if (category == null) {
        missing += count;
      } else {
        counts.merge(category, count, Long::sum);
      }
      return this;
    }

    public CategoryCounts addAll(String[] categories) {
      for (String c : categories) {
        add(c);
      }
      return this;
    }

    public CategoryCounts merge(CategoryCounts other) {
      Objects.requireNonNull(other);
      other.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
      missing += other.missing;
      return this;
    }

    /** Category to count, sorted by category. */
    public Map<String, Long> asMap() {
      return Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    public long missing() {
      return missing;
    }
  }
}
