package io.vigia.common.stats;

/**
 * Mergeable first and second moments of a sample: count n, mean, {@code M2 = sum (x - mean)^2}, min, max.
 * Values are added with Welford's (1962) update and states combined with the pairwise formula of Chan,
 * Golub and LeVeque (1979): {@code M2 = M2_a + M2_b + delta^2 n_a n_b / n}, {@code delta = mean_b - mean_a},
 * which avoid the cancellation of sum-of-squares. Both run on shifted data {@code x - K}, K being the first
 * value of the state (Chan, Golub and LeVeque 1983, "Algorithms for computing the sample variance"), so a
 * large common offset (timestamps, prices around 1e6) costs no precision in the running mean: the mean is
 * rounded once, when read. {@link #variance()} is the unbiased sample variance {@code M2 / (n - 1)} (numpy
 * {@code ddof=1}). NaN values are not added; they are counted as missing. Not thread-safe; one state per
 * partition/group, then {@link #merge}.
 */
public final class Moments {
    private long n;
    private double shift;      // K: the first value added (or the mean of a state built from parts)
    private double mean;       // mean of x - K
    private double m2;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private long missing;

    public Moments() {
    }

    /** A state built from its parts (e.g. read back from an aggregation row). */
    public static Moments of(long n, double mean, double m2, double min, double max) {
        if (n < 0 || (n > 0 && m2 < 0)) {
            throw new IllegalArgumentException("invalid moments: n=" + n + ", M2=" + m2);
        }
        Moments s = new Moments();
        s.n = n;
        s.shift = n == 0 ? 0 : mean;
        s.mean = 0;
        s.m2 = n == 0 ? 0 : m2;
        s.min = n == 0 ? Double.NaN : min;
        s.max = n == 0 ? Double.NaN : max;
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

    /** Welford update. */
    public Moments add(double x) {
        if (Double.isNaN(x)) {
            missing++;
            return this;
        }
        if (n == 0) {
            shift = x;
        }
        n++;
        double xs = x - shift;
        double delta = xs - mean;
        mean += delta / n;
        m2 += delta * (xs - mean);
        if (n == 1) {
            min = x;
            max = x;
        } else {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return this;
    }

    /** Chan et al. merge of another state into this one. */
    public Moments merge(Moments o) {
        missing += o.missing;
        if (o.n == 0) {
            return this;
        }
        if (n == 0) {
            n = o.n;
            shift = o.shift;
            mean = o.mean;
            m2 = o.m2;
            min = o.min;
            max = o.max;
            return this;
        }
        long total = n + o.n;
        // the other state's mean in this state's frame; shifts of similar data subtract exactly
        double delta = ((o.shift - shift) + o.mean) - mean;
        double nb = o.n;
        double na = n;
        mean += delta * (nb / total);
        m2 += o.m2 + delta * delta * (na * nb / total);
        n = total;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        return this;
    }

    public long n() {
        return n;
    }

    /** Mean (NaN when empty). */
    public double mean() {
        return n == 0 ? Double.NaN : shift + mean;
    }

    /**
     * {@code mean(a) - mean(b)} computed in the states' shifted frames, before either mean is rounded to a
     * double: with a large common offset this keeps the digits a difference of rounded means would lose.
     */
    public static double meanDifference(Moments a, Moments b) {
        if (a.n == 0 || b.n == 0) {
            return Double.NaN;
        }
        return (a.shift - b.shift) + (a.mean - b.mean);
    }

    public double m2() {
        return m2;
    }

    /** Unbiased variance M2/(n-1); NaN for n < 2. */
    public double variance() {
        return n < 2 ? Double.NaN : m2 / (n - 1);
    }

    /** Population variance M2/n; NaN when empty. */
    public double populationVariance() {
        return n == 0 ? Double.NaN : m2 / n;
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

    /** NaN values seen and skipped. */
    public long missing() {
        return missing;
    }

    @Override
    public String toString() {
        return "Moments{n=" + n + ", mean=" + mean() + ", var=" + variance() + ", min=" + min + ", max=" + max
            + ", missing=" + missing + "}";
    }
}
