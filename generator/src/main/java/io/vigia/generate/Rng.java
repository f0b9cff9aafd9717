package io.vigia.generate;

import java.util.SplittableRandom;

/**
 * Seeded random source of the generator. {@link SplittableRandom} (SplitMix64, whose algorithm the
 * JDK specifies) gives the uniform draws; every derived distribution uses {@link StrictMath} so the
 * same seed gives the same bytes on every JVM and CPU.
 */
final class Rng {
  private final SplittableRandom random;
  private double spare;
  private boolean hasSpare;

  Rng(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** SplitMix64 finaliser over several parts: a well-mixed seed for a (run, day, tenant, ...) key. */
  static long mix(long... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (long p : parts) {
      h = fmix(h ^ fmix(p + 0x9E3779B97F4A7C15L));
    }
    return h;
  }

  static long fmix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A uniform double in [0, 1) derived from a hash, for assignments that must not consume the stream. */
  static double unitHash(long... parts) {
    return (mix(parts) >>> 11) * 0x1.0p-53;
  }

  double u() {
    return random.nextDouble();
  }

  long nextLong() {
    return random.nextLong();
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int between(int lo, int hi) {
    return lo + random.nextInt(hi - lo + 1);
  }

  long betweenLong(long lo, long hi) {
    return lo + random.nextLong(hi - lo + 1);
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** Standard normal by Marsaglia's polar method (StrictMath, so bit-reproducible). */
  double gaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double v1;
    double v2;
    double s;
    do {
      v1 = 2 * random.nextDouble() - 1;
      v2 = 2 * random.nextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s == 0);
    double m = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    spare = v2 * m;
    hasSpare = true;
    return v1 * m;
  }

  double normal(double mean, double sd) {
    return mean + sd * gaussian();
  }

  /** exp(N(mu, sigma)). */
  double logNormal(double mu, double sigma) {
    return StrictMath.exp(mu + sigma * gaussian());
  }

  /** Log-normal with the given median. */
  double logNormalMedian(double median, double sigma) {
    return median * StrictMath.exp(sigma * gaussian());
  }

  double exponential(double mean) {
    return -mean * StrictMath.log(1 - random.nextDouble());
  }

  /** Poisson by Knuth's product method; fine for the small means used here. */
  int poisson(double lambda) {
    double l = StrictMath.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l && k < 1000);
    return k - 1;
  }

  /** Index drawn from cumulative weights (last element = total). */
  int pick(double[] cumulative) {
    double x = random.nextDouble() * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length; i++) {
      if (x < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }

  <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  static double[] cumulative(double... weights) {
    double[] c = new double[weights.length];
    double s = 0;
    for (int i = 0; i < weights.length; i++) {
      s += weights[i];
      c[i] = s;
    }
    return c;
  }

  /** Appends n random decimal digits. */
  void digits(StringBuilder sb, int n) {
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + random.nextInt(10)));
    }
  }

  String digits(int n) {
    StringBuilder sb = new StringBuilder(n);
    digits(sb, n);
    return sb.toString();
  }
}
