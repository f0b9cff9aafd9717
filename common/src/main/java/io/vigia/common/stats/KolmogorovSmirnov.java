package io.vigia.common.stats;

import java.util.Arrays;
import java.util.PrimitiveIterator;

/**
 * Two-sample two-sided Kolmogorov-Smirnov test, matching scipy 1.17
 * {@code scipy.stats.ks_2samp(x, y, alternative='two-sided', method='auto')}.
 *
 * <p><b>Statistic.</b> {@code D = max_t |F_x(t) - F_y(t)|} over the pooled sample points, with both
 * empirical CDFs right-continuous ({@code F(t) = #{v <= t} / n}), so tied values (within or across
 * samples) move both CDFs together, as scipy's {@code searchsorted(side='right')} does. The
 * difference is evaluated as {@code i/n1 - j/n2} in double precision like scipy.
 *
 * <p><b>p-value, scipy's 'auto' rule.</b> Exact when {@code max(n1, n2) <= 10000}, otherwise
 * asymptotic. Exact: D is snapped to the lattice, {@code h = round(D lcm(n1, n2))},
 * {@code D = h / lcm} (the reported statistic is this value, as in scipy), and
 * {@code P(D_{n1,n2} >= h/lcm)} is computed by
 * <ul>
 *   <li>{@code n1 == n2}: the closed form {@code 2 sum_k (-1)^(k-1) C(2n, n - kh) / C(2n, n)} in the
 *       nested, cancellation-free form of scipy's {@code _compute_prob_outside_square};</li>
 *   <li>otherwise: the lattice-path "inside method" of Hodges (1958), "The significance probability of the
 *       Smirnov two-sample test", Ark. Mat. 3, recursed directly on the probability of having left the band
 *       as proposed by Viehmann (2021), arXiv:2102.08037 (scipy's {@code _compute_outer_prob_inside_method}).</li>
 * </ul>
 * If the exact value is not a finite number in [0, 1] scipy falls back to the asymptotic value and so
 * does this class (for the two-sided test it does not happen in practice: both recursions stay in [0, 1]).
 * Asymptotic: {@code kstwo.sf(D, round(en))}, {@code en = n1 n2 / (n1 + n2)} (round half to even), the exact
 * one-sample Kolmogorov distribution at the effective size - see {@link KolmogorovDistribution}.
 *
 * <p><b>NaN.</b> A NaN in either sample gives a NaN statistic and p-value (scipy's default
 * {@code nan_policy='propagate'}); callers that want 'omit' filter NaN first and report it.
 *
 * <p><b>Streaming.</b> {@link Accumulator} computes D in one pass over a merged, sorted
 * (value, side) stream without knowing the sample sizes in advance and without holding the samples:
 * it keeps the lower and upper convex hulls (Andrew's monotone chain) of the lattice path {@code (i, j)}
 * (cumulative counts after each distinct value), on which the extremes of the linear form
 * {@code i/n1 - j/n2} lie whatever n1 and n2 turn out to be. Memory is the hull size, at worst
 * {@code O((n1 + n2)^(2/3))} (the vertex bound for lattice polygons) and a few hundred points in practice
 * for millions of values. States of consecutive value ranges combine with {@link Accumulator#append}.
 */
public final class KolmogorovSmirnov {

  /** scipy's {@code MAX_AUTO_N}: 'auto' is exact iff {@code max(n1, n2) <= 10000}. */
  public static final int MAX_EXACT_N = 10_000;

  /** How the p-value was computed. */
  public enum Method {
    EXACT,
    ASYMPTOTIC
  }

  /**
   * Result of the test.
   *
   * @param statistic D (snapped to {@code h / lcm(n1, n2)} when the method is exact, as scipy does)
   * @param pValue two-sided p-value
   * @param method exact or asymptotic
   * @param n1 size of the first (reference) sample
   * @param n2 size of the second (current) sample
   */
  public record Result(double statistic, double pValue, Method method, long n1, long n2) {}

  private KolmogorovSmirnov() {}

  /** The test on two samples in any order (copied and sorted). */
  public static Result test(double[] x, double[] y) {
    double[] xs = x.clone();
    double[] ys = y.clone();
    Arrays.sort(xs);
    Arrays.sort(ys);
    return testSorted(xs, ys);
  }

  /** The test on two samples each sorted ascending (NaN last, as {@link Arrays#sort(double[])} leaves them). */
  public static Result testSorted(double[] sortedX, double[] sortedY) {
    return fromStatistic(statisticSorted(sortedX, sortedY), sortedX.length, sortedY.length);
  }

  /**
   * D of two ascending-sorted samples by a single merge. NaN if either contains NaN.
   *
   * @throws IllegalArgumentException if a sample is empty or not sorted ascending
   */
  public static double statisticSorted(double[] sortedX, double[] sortedY) {
    int n1 = sortedX.length;
    int n2 = sortedY.length;
    if (n1 == 0 || n2 == 0) {
      throw new IllegalArgumentException(
          "KS needs two non-empty samples (n1=" + n1 + ", n2=" + n2 + ")");
    }
    requireSorted(sortedX, "first");
    requireSorted(sortedY, "second");
    if (Double.isNaN(sortedX[n1 - 1]) || Double.isNaN(sortedY[n2 - 1])) {
      return Double.NaN;
    }
    int i = 0;
    int j = 0;
    double maxS = 0; // max of F_x - F_y
    double minS = 0; // max of F_y - F_x
    while (i < n1 || j < n2) {
      double v;
      if (j >= n2 || (i < n1 && sortedX[i] <= sortedY[j])) {
        v = sortedX[i];
      } else {
        v = sortedY[j];
      }
      while (i < n1 && sortedX[i] == v) {
        i++;
      }
      while (j < n2 && sortedY[j] == v) {
        j++;
      }
      double diff = (double) i / n1 - (double) j / n2;
      if (diff > maxS) {
        maxS = diff;
      }
      if (-diff > minS) {
        minS = -diff;
      }
    }
    return Math.max(maxS, minS);
  }

  private static void requireSorted(double[] a, String which) {
    for (int k = 1; k < a.length; k++) {
      // ascending with NaN last; -0.0 and 0.0 are the same value in either order
      if (a[k - 1] > a[k] || (Double.isNaN(a[k - 1]) && !Double.isNaN(a[k]))) {
        throw new IllegalArgumentException("the " + which + " sample is not sorted at index " + k);
      }
    }
  }

  /**
   * p-value for a statistic D computed from samples of sizes n1 and n2, by scipy's 'auto' rule.
   *
   * @param d the raw statistic (max ECDF difference), in [0, 1], or NaN
   */
  public static Result fromStatistic(double d, long n1, long n2) {
    if (n1 <= 0 || n2 <= 0) {
      throw new IllegalArgumentException(
          "KS needs two non-empty samples (n1=" + n1 + ", n2=" + n2 + ")");
    }
    if (Double.isNaN(d)) {
      return new Result(
          Double.NaN,
          Double.NaN,
          Math.max(n1, n2) <= MAX_EXACT_N ? Method.EXACT : Method.ASYMPTOTIC,
          n1,
          n2);
    }
    if (Math.max(n1, n2) <= MAX_EXACT_N) {
      int a = (int) n1;
      int b = (int) n2;
      long g = gcd(a, b);
      long lcm = (a / g) * b;
      double h = Math.rint(d * lcm); // np.round: half to even
      double snapped = h / lcm;
      if (h == 0) {
        return new Result(snapped, 1.0, Method.EXACT, n1, n2);
      }
      double p = exactPValue(a, b, (long) h);
      if (p >= 0 && p <= 1) {
        return new Result(snapped, p, Method.EXACT, n1, n2);
      }
      // scipy: "Exact calculation unsuccessful. Switching to method=asymp", keeping the snapped D
      return new Result(snapped, asymptoticPValue(snapped, n1, n2), Method.ASYMPTOTIC, n1, n2);
    }
    return new Result(d, asymptoticPValue(d, n1, n2), Method.ASYMPTOTIC, n1, n2);
  }

  /** {@code kstwo.sf(d, round(n1 n2 / (n1 + n2)))}, clipped to [0, 1]. */
  public static double asymptoticPValue(double d, long n1, long n2) {
    double m = Math.max(n1, n2);
    double n = Math.min(n1, n2);
    double en = m * n / (m + n);
    return KolmogorovDistribution.sf((long) Math.rint(en), d);
  }

  /**
   * Exact {@code P(D_{n1,n2} >= h / lcm(n1, n2))} under H0 (continuous distributions), two-sided.
   * Returns a value outside [0, 1] or NaN only on numerical failure.
   */
  static double exactPValue(int n1, int n2, long h) {
    if (h <= 0) {
      return 1.0;
    }
    if (n1 == n2) {
      return probOutsideSquare(n1, h);
    }
    return probOutsideBand(n1, n2, gcd(n1, n2), h);
  }

  /**
   * {@code P(D_{n,n} >= h/n) = 2 sum_{k>=1} (-1)^(k-1) C(2n, n-kh) / C(2n, n)}, each ratio written as
   * a product of h factors and the alternating sum nested Horner-style: {@code 2 A1 (1 - A2 (1 - A3 ...))}.
   */
  private static double probOutsideSquare(int n, long h) {
    double p = 0.0;
    for (long k = n / h; k >= 0; k--) {
      double ratio = 1.0; // A_(k+1) = C(2n, n-(k+1)h) / C(2n, n-kh), a product of h factors
      for (long j = 0; j < h; j++) {
        ratio = (n - k * h - j) * ratio / (n + k * h + j + 1);
      }
      p = ratio * (1.0 - p);
    }
    return 2 * p;
  }

  /**
   * Proportion of monotone lattice paths from (0,0) to (m,n) that touch or cross the band
   * {@code |x/m - y/n| < h/lcm}, i.e. {@code P(D >= h/lcm)}. Column by column over x, only the cells
   * inside the band are kept; a cell's value is the probability that a uniformly random path to it has
   * already left the band, so {@code P(x,y) = (x P(x-1,y) + y P(x,y-1)) / (x+y)} with 1 outside the band.
   */
  private static double probOutsideBand(int n1, int n2, long g, long h) {
    int m = Math.max(n1, n2);
    int n = Math.min(n1, n2);
    long mg = m / g;
    long ng = n / g;
    // column x = 0: cells y < ceil(h/mg) are inside (value 0), the rest are outside (value 1)
    double[] prev = new double[n + 1];
    double[] cur = new double[n + 1];
    int lo = 0;
    int hi = (int) Math.min(ceilDiv(h, mg), n + 1); // exclusive
    for (int x = 1; x <= m; x++) {
      int prevHi = hi;
      // inside iff |ng x - mg y| < h  <=>  (ng x - h)/mg < y < (ng x + h)/mg
      long newLo = Math.floorDiv(ng * x - h, mg) + 1;
      lo = (int) Math.min(Math.max(newLo, 0), n);
      hi = (int) Math.min(ceilDiv(ng * x + h, mg), n + 1);
      if (hi <= lo) {
        return 1.0;
      }
      double below = lo == 0 ? 0.0 : 1.0; // P(x, lo-1): outside the band, or no such cell
      for (int y = lo; y < hi; y++) {
        double left = y < prevHi ? prev[y] : 1.0;
        below = (left * x + below * y) / (x + y);
        cur[y] = below;
      }
      double[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[hi - 1];
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  // ------------------------------------------------------------------ streaming

  /** D of two samples given as iterators, each ascending; consumes both in one merged pass. */
  public static Result testSortedIterators(
      PrimitiveIterator.OfDouble sortedX, PrimitiveIterator.OfDouble sortedY) {
    Accumulator acc = new Accumulator();
    boolean hasX = sortedX.hasNext();
    boolean hasY = sortedY.hasNext();
    double x = hasX ? sortedX.nextDouble() : 0;
    double y = hasY ? sortedY.nextDouble() : 0;
    while (hasX || hasY) {
      if (hasX && (!hasY || Double.compare(x, y) <= 0)) {
        acc.accept(x, true);
        hasX = sortedX.hasNext();
        if (hasX) {
          x = sortedX.nextDouble();
        }
      } else {
        acc.accept(y, false);
        hasY = sortedY.hasNext();
        if (hasY) {
          y = sortedY.nextDouble();
        }
      }
    }
    return acc.result();
  }

  /**
   * One-pass D over a merged stream of (value, side) in ascending value order, e.g. the rows of one
   * tenant/model/feature group after a Spark sort within partitions. Values must be non-decreasing in
   * {@link Double#compare} order (NaN last); ties may arrive interleaved across sides. Sample sizes need
   * not be known in advance. Not thread-safe.
   */
  public static final class Accumulator {
    private long i; // reference (x) count so far
    private long j; // current (y) count so far
    private double first = Double.NaN;
    private double last = Double.NaN;
    private boolean started;
    private boolean sawNaN;
    // lower and upper hulls of the path points (i, j), as parallel arrays used as stacks
    private final Hull lower = new Hull(true);
    private final Hull upper = new Hull(false);

    /** Adds one value of the reference sample ({@code reference = true}) or the current sample. */
    public void accept(double value, boolean reference) {
      accept(value, reference ? 1 : 0, reference ? 0 : 1);
    }

    /** Adds a value seen {@code refCount} times in the reference and {@code curCount} times in the current sample. */
    public void accept(double value, long refCount, long curCount) {
      if (refCount < 0 || curCount < 0) {
        throw new IllegalArgumentException("negative count");
      }
      if (refCount == 0 && curCount == 0) {
        return;
      }
      if (Double.isNaN(value)) {
        sawNaN = true;
      } else if (started && value < last) {
        throw new IllegalArgumentException(
            "values must arrive in ascending order: " + value + " after " + last);
      } else if (started && value != last) {
        closeTie();
      }
      if (!Double.isNaN(value)) {
        if (!started) {
          first = value;
        }
        last = value;
        started = true;
      }
      i += refCount;
      j += curCount;
    }

    /** Ends the current run of tied values: the path point (i, j) after it is a candidate. */
    private void closeTie() {
      lower.add(i, j);
      upper.add(i, j);
    }

    /**
     * Appends the state of the stream that continues this one: every value of {@code next} must be
     * strictly greater than every value of this state (e.g. consecutive ranges of a range-partitioned
     * sort, where equal values never straddle two partitions). The result is the state of the
     * concatenated stream, so per-partition states can be reduced in partition order. Only the hull
     * vertices of {@code next} are needed: the union's hull is the hull of the two hulls.
     *
     * @throws IllegalArgumentException if the value ranges touch or overlap
     */
    public Accumulator append(Accumulator next) {
      if (next == this) {
        throw new IllegalArgumentException("cannot append a state to itself");
      }
      if (next.i + next.j == 0) {
        return this;
      }
      if (started && next.started && !(next.first > last)) {
        throw new IllegalArgumentException(
            "appended state must start after this one ends: " + next.first + " <= " + last);
      }
      if (i + j > 0) {
        closeTie();
      }
      long di = i;
      long dj = j;
      for (int k = 1; k < next.lower.size; k++) { // index 0 is next's origin = this end point
        lower.add(di + next.lower.xs[k], dj + next.lower.ys[k]);
      }
      for (int k = 1; k < next.upper.size; k++) {
        upper.add(di + next.upper.xs[k], dj + next.upper.ys[k]);
      }
      i += next.i;
      j += next.j;
      sawNaN |= next.sawNaN;
      if (next.started) {
        if (!started) {
          first = next.first;
        }
        last = next.last;
        started = true;
      }
      return this;
    }

    /** Reference values seen. */
    public long referenceCount() {
      return i;
    }

    /** Current values seen. */
    public long currentCount() {
      return j;
    }

    /** D so far (NaN if a NaN was seen; throws if either side is empty). */
    public double statistic() {
      if (i == 0 || j == 0) {
        throw new IllegalStateException(
            "KS needs two non-empty samples (n1=" + i + ", n2=" + j + ")");
      }
      if (sawNaN) {
        return Double.NaN;
      }
      double n1 = i;
      double n2 = j;
      // the final point (n1, n2) has difference 0; the open tie run ends there too
      double maxS = Math.max(0.0, lower.maxDiff(i, j, n1, n2));
      double minS = Math.max(0.0, upper.maxNegDiff(i, j, n1, n2));
      return Math.max(maxS, minS);
    }

    /** The test result, p-value by scipy's 'auto' rule. */
    public Result result() {
      return fromStatistic(statistic(), i, j);
    }

    /** Number of hull points held (for diagnostics and memory accounting). */
    public int hullSize() {
      return lower.size + upper.size;
    }
  }

  /** Monotone-chain half hull over points arriving in lexicographic (i, j) order. */
  private static final class Hull {
    private final boolean lowerChain;
    private long[] xs = new long[16];
    private long[] ys = new long[16];
    private int size;

    Hull(boolean lowerChain) {
      this.lowerChain = lowerChain;
      xs[0] = 0;
      ys[0] = 0;
      size = 1; // the origin (0, 0), difference 0
    }

    void add(long x, long y) {
      while (size >= 2) {
        int c = crossSign(xs[size - 2], ys[size - 2], xs[size - 1], ys[size - 1], x, y);
        // lower chain keeps strict left (counter-clockwise) turns, upper chain strict right turns
        if (lowerChain ? c <= 0 : c >= 0) {
          size--;
        } else {
          break;
        }
      }
      if (size == xs.length) {
        xs = Arrays.copyOf(xs, size * 2);
        ys = Arrays.copyOf(ys, size * 2);
      }
      xs[size] = x;
      ys[size] = y;
      size++;
    }

    /** max over hull points and the end point of i/n1 - j/n2. */
    double maxDiff(long endX, long endY, double n1, double n2) {
      double best = endX / n1 - endY / n2;
      for (int k = 0; k < size; k++) {
        best = Math.max(best, xs[k] / n1 - ys[k] / n2);
      }
      return best;
    }

    /** max over hull points and the end point of j/n2 - i/n1, i.e. -(min of i/n1 - j/n2). */
    double maxNegDiff(long endX, long endY, double n1, double n2) {
      double best = -(endX / n1 - endY / n2);
      for (int k = 0; k < size; k++) {
        best = Math.max(best, -(xs[k] / n1 - ys[k] / n2));
      }
      return best;
    }

    /** Sign of the cross product (b - a) x (c - a), exactly (128-bit products). */
    private static int crossSign(long ax, long ay, long bx, long by, long cx, long cy) {
      long ux = bx - ax;
      long uy = by - ay;
      long vx = cx - ax;
      long vy = cy - ay;
      return compareProducts(ux, vy, uy, vx);
    }

    /** Sign of a*b - c*d for longs, without overflow. */
    private static int compareProducts(long a, long b, long c, long d) {
      long hi1 = Math.multiplyHigh(a, b);
      long lo1 = a * b;
      long hi2 = Math.multiplyHigh(c, d);
      long lo2 = c * d;
      if (hi1 != hi2) {
        return hi1 < hi2 ? -1 : 1;
      }
      return Long.compareUnsigned(lo1, lo2);
    }
  }
}
