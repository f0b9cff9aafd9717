package io.vigia.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class KolmogorovSmirnovTest {

  /** Relative tolerance on D (it is a ratio of integers: agreement is to the last bit or one ulp). */
  static final double STAT_REL = 1e-12;
  /** Relative tolerance on p-values, exact and asymptotic. */
  static final double P_REL = 1e-9;

  @AfterAll
  static void report() {
    Close.report("KolmogorovSmirnov");
  }

  /** A fixture sample pair, expanded from run-length form when needed. */
  record Samples(double[] x, double[] y, double[] values, long[] countX, long[] countY) {
    static Samples of(Map<String, Object> c) {
      if (c.containsKey("x")) {
        return new Samples(Json.doubles(c.get("x")), Json.doubles(c.get("y")), null, null, null);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> rle = (Map<String, Object>) c.get("rle");
      double scale = Json.d(rle.get("scale"));
      long[] k = Json.longs(rle.get("k"));
      long[] cx = Json.longs(rle.get("countX"));
      long[] cy = Json.longs(rle.get("countY"));
      double[] values = new double[k.length];
      int nx = 0;
      int ny = 0;
      for (int i = 0; i < k.length; i++) {
        values[i] = k[i] / scale; // as the script: k / float(scale)
        nx += (int) cx[i];
        ny += (int) cy[i];
      }
      double[] x = new double[nx];
      double[] y = new double[ny];
      int a = 0;
      int b = 0;
      for (int i = 0; i < k.length; i++) {
        for (long r = 0; r < cx[i]; r++) {
          x[a++] = values[i];
        }
        for (long r = 0; r < cy[i]; r++) {
          y[b++] = values[i];
        }
      }
      return new Samples(x, y, values, cx, cy);
    }
  }

  @TestFactory
  Stream<DynamicTest> agreesWithScipyKs2sampOnFixtures() {
    List<Map<String, Object>> cases = Json.cases(Fixtures.doc(), "ks");
    assertThat(cases).hasSizeGreaterThan(90);
    return cases.stream()
        .map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
          String name = (String) c.get("name");
          Samples s = Samples.of(c);
          assertThat(s.x().length).isEqualTo(Json.l(c.get("n1")));
          assertThat(s.y().length).isEqualTo(Json.l(c.get("n2")));
          KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(s.x(), s.y());
          Close.rel(r.statistic(), Json.d(c.get("statistic")), STAT_REL, "ks statistic", name);
          Close.rel(
              r.pValue(),
              Json.d(c.get("pvalue")),
              P_REL,
              "ks p-value " + r.method().name().toLowerCase(),
              name);
          assertThat(r.method()
                  .name()
                  .toLowerCase()
                  .startsWith(((String) c.get("method")).substring(0, 5)))
              .as("method of %s", name)
              .isTrue();

          // the one-pass streaming form must give the same answer
          KolmogorovSmirnov.Accumulator acc = new KolmogorovSmirnov.Accumulator();
          if (s.values() != null) {
            for (int i = 0; i < s.values().length; i++) {
              acc.accept(s.values()[i], s.countX()[i], s.countY()[i]);
            }
          } else {
            feedShuffledTies(acc, s.x(), s.y(), new Random(name.hashCode()));
          }
          assertThat(acc.referenceCount()).isEqualTo(s.x().length);
          assertThat(acc.currentCount()).isEqualTo(s.y().length);
          KolmogorovSmirnov.Result streamed = acc.result();
          Close.rel(
              streamed.statistic(),
              Json.d(c.get("statistic")),
              STAT_REL,
              "ks statistic (streaming)",
              name);
          Close.rel(
              streamed.pValue(), Json.d(c.get("pvalue")), P_REL, "ks p-value (streaming)", name);
        }));
  }

  /** Merged ascending stream in which tied values of both sides arrive in random interleaving. */
  private static void feedShuffledTies(
      KolmogorovSmirnov.Accumulator acc, double[] x, double[] y, Random rnd) {
    double[] xs = x.clone();
    double[] ys = y.clone();
    Arrays.sort(xs);
    Arrays.sort(ys);
    List<double[]> rows = new ArrayList<>(); // {value, isReference}
    for (double v : xs) {
      rows.add(new double[] {v, 1});
    }
    for (double v : ys) {
      rows.add(new double[] {v, 0});
    }
    java.util.Collections.shuffle(rows, rnd);
    rows.sort((a, b) -> Double.compare(a[0], b[0])); // stable: ties keep the shuffled interleaving
    for (double[] row : rows) {
      acc.accept(row[0], row[1] == 1);
    }
  }

  @TestFactory
  Stream<DynamicTest> kolmogorovDistributionAgreesWithScipyKstwo() {
    List<Map<String, Object>> cases = Json.cases(Fixtures.doc(), "kstwo");
    assertThat(cases).hasSizeGreaterThan(500);
    return cases.stream().map(c -> {
      long n = Json.l(c.get("n"));
      double d = Json.d(c.get("d"));
      return DynamicTest.dynamicTest(
          "kstwo.sf(" + d + ", " + n + ")",
          () -> Close.rel(
              KolmogorovDistribution.sf(n, d),
              Json.d(c.get("sf")),
              P_REL,
              "kstwo.sf",
              "n=" + n + " d=" + d));
    });
  }

  /**
   * The reason for the hand {@link KolmogorovDistribution}: on the scipy {@code kstwo} cases commons-math3's
   * {@code KolmogorovSmirnovTest.cdf(d, n)} (as {@code 1 - cdf}) misses {@code kstwo.sf} by more than the
   * {@link #P_REL} the hand version meets.
   */
  @Test
  void commonsMathKolmogorovMissesTheScipyTolerance() {
    org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest commons =
        new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest();
    int missed = 0;
    for (Map<String, Object> c : Json.cases(Fixtures.doc(), "kstwo")) {
      long n = Json.l(c.get("n"));
      double d = Json.d(c.get("d"));
      double sf = Json.d(c.get("sf"));
      if (n > 10_000 || sf == 0) {
        continue;
      }
      double got;
      try {
        got = 1 - commons.cdf(d, (int) n);
      } catch (org.apache.commons.math3.exception.MathIllegalStateException noConvergence) {
        continue; // its Pelz-Good series does not converge on some cases at all
      }
      if (!(Math.abs(got - sf) <= P_REL * sf)) {
        missed++;
      }
    }
    assertThat(missed)
        .as("kstwo cases where commons-math3 misses scipy beyond P_REL")
        .isPositive();
  }

  // ---------------------------------------------------------------- published / hand-checkable
  // vectors

  private static double[] linspace(double start, double stop, int num) {
    double[] y = new double[num];
    double step = (stop - start) / (num - 1);
    for (int i = 0; i < num; i++) {
      y[i] = i * step + start;
    }
    y[num - 1] = stop;
    return y;
  }

  private static double[] plus(double[] a, double c) {
    return Arrays.stream(a).map(v -> v + c).toArray();
  }

  private static double[] repeated(int[] values, int[] counts) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      for (int r = 0; r < counts[i]; r++) {
        out.add((double) values[i]);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void check(double[] x, double[] y, double d, double p, String label) {
    KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(x, y);
    Close.rel(r.statistic(), d, 1e-12, "ks statistic (scipy test vector)", label);
    Close.rel(r.pValue(), p, 1e-9, "ks p-value (scipy test vector)", label);
  }

  /** Two-sided vectors of scipy's own TestKSTwoSamples (scipy/stats/tests/test_stats.py). */
  @Test
  void scipyTestKSTwoSamplesVectors() {
    check(new double[] {0}, new double[] {1}, 1.0, 1.0, "small");
    check(new double[] {1.01, 2.01}, new double[] {1, 2, 3}, 1.0 / 3, 1.0, "2v3 +");
    check(new double[] {0.99, 1.99}, new double[] {1, 2, 3}, 2.0 / 3, 0.6, "2v3 -");
    check(new double[] {1.01, 2.01}, new double[] {1, 2, 3, 4}, 2.0 / 4, 14.0 / 15, "2v4 +");
    check(new double[] {0.99, 1.99}, new double[] {1, 2, 3, 4}, 3.0 / 4, 6.0 / 15, "2v4 -");
    double[] x100 = linspace(1, 100, 100);
    double[] x110 = linspace(1, 100, 110);
    check(x100, plus(x110, 20 + 0.1), 232.0 / 1100, 0.015739183865607353, "100_110 +");
    check(x100, plus(x110, 20 - 0.1), 229.0 / 1100, 0.017803803861026313, "100_110 -");
    double[] x2233 = repeated(new int[] {2, 3, 5, 6}, new int[] {3, 4, 5, 4});
    double[] x3344 = plus(x2233, 1);
    double[] x2356 = repeated(new int[] {2, 3, 5, 6}, new int[] {3, 4, 10, 4});
    double[] x3467 = repeated(new int[] {3, 4, 6, 7}, new int[] {10, 2, 10, 4});
    check(x2233, x3344, 5.0 / 16, 0.4262934613454952, "repeated 2233/3344");
    check(x2356, x3467, 190.0 / 21 / 26, 0.0919245790168125, "repeated 2356/3467");
    // testLarge: 10000 vs 110, exact, tiny p. scipy's test file still lists p =
    // 4.2188474935755949e-15
    // (from an older algorithm) but compares it only to 6 decimal places; scipy 1.17 itself returns
    // 6.263465662260858e-26, which is what the exact path must reproduce.
    int n1 = 10000;
    int n2 = 110;
    double delta = 1.0 / n1 / n2 / 2 / 2;
    double[] xl = plus(linspace(1, 200, n1), -delta);
    double[] yl = linspace(2, 100, n2);
    check(xl, yl, 55275.0 / (n1 * 11.0), 6.263465662260858e-26, "large 10000/110");
    assertThat(KolmogorovSmirnov.test(xl, yl).pValue())
        .isCloseTo(4.2188474935755949e-15, org.assertj.core.data.Offset.offset(1e-6));
    // testLargeBoth: 10000 vs 11000, 'auto' is asymptotic
    n2 = 11000;
    delta = 1.0 / n1 / n2 / 2 / 2;
    KolmogorovSmirnov.Result r =
        KolmogorovSmirnov.test(plus(linspace(1, 200, n1), -delta), linspace(2, 200, n2));
    assertThat(r.method()).isEqualTo(KolmogorovSmirnov.Method.ASYMPTOTIC);
    Close.rel(
        r.statistic(),
        563.0 / (n1 * 11.0),
        1e-12,
        "ks statistic (scipy test vector)",
        "large both");
    Close.rel(r.pValue(), 0.9990660108966576, 1e-9, "ks p-value (scipy test vector)", "large both");
  }

  @Test
  void handCheckableExactValues() {
    // D = 1 between {1,2} and {3,4}: P(D >= 1) = 2 / C(4,2) = 1/3 (only the two extreme orderings)
    KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(new double[] {1, 2}, new double[] {3, 4});
    assertThat(r.statistic()).isEqualTo(1.0);
    assertThat(r.pValue()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-15));
    // n1 != n2: {1} vs {2,3}: D = 1, P = 2 / C(3,1) = 2/3
    r = KolmogorovSmirnov.test(new double[] {1}, new double[] {2, 3});
    assertThat(r.statistic()).isEqualTo(1.0);
    assertThat(r.pValue()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-15));
    // {1,2,3} vs {4,5,6,7}: D = 1, P = 2 / C(7,3) = 2/35
    r = KolmogorovSmirnov.test(new double[] {1, 2, 3}, new double[] {4, 5, 6, 7});
    assertThat(r.pValue()).isCloseTo(2.0 / 35, org.assertj.core.data.Offset.offset(1e-15));
    // identical samples: D = 0, p = 1
    r = KolmogorovSmirnov.test(new double[] {3, 1, 2}, new double[] {2, 3, 1});
    assertThat(r.statistic()).isZero();
    assertThat(r.pValue()).isEqualTo(1.0);
    assertThat(r.method()).isEqualTo(KolmogorovSmirnov.Method.EXACT);
  }

  @Test
  void autoRuleSwitchesAtTenThousand() {
    assertThat(KolmogorovSmirnov.fromStatistic(0.01, 10_000, 10_000).method())
        .isEqualTo(KolmogorovSmirnov.Method.EXACT);
    assertThat(KolmogorovSmirnov.fromStatistic(0.01, 10_001, 5).method())
        .isEqualTo(KolmogorovSmirnov.Method.ASYMPTOTIC);
    // asymptotic uses kstwo at n = round(en), en = 10001*5/10006 = 4.9975 -> 5
    assertThat(KolmogorovSmirnov.fromStatistic(0.3, 10_001, 5).pValue())
        .isEqualTo(KolmogorovDistribution.sf(5, 0.3));
  }

  @Test
  void nanPropagatesLikeScipy() {
    KolmogorovSmirnov.Result r =
        KolmogorovSmirnov.test(new double[] {1, Double.NaN}, new double[] {2, 3});
    assertThat(r.statistic()).isNaN();
    assertThat(r.pValue()).isNaN();
    KolmogorovSmirnov.Accumulator acc = new KolmogorovSmirnov.Accumulator();
    acc.accept(1, true);
    acc.accept(2, false);
    acc.accept(Double.NaN, false);
    assertThat(acc.statistic()).isNaN();
  }

  @Test
  void rejectsEmptyOrUnsortedInput() {
    assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[0], new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KolmogorovSmirnov.testSorted(new double[] {2, 1}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    KolmogorovSmirnov.Accumulator acc = new KolmogorovSmirnov.Accumulator();
    acc.accept(2, true);
    assertThatThrownBy(() -> acc.accept(1, false)).isInstanceOf(IllegalArgumentException.class);
    acc.accept(2, false); // equal value is a tie, fine
    acc.accept(-0.0 + 2, false);
    assertThatThrownBy(new KolmogorovSmirnov.Accumulator()::statistic)
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void streamingMatchesArraysOnRandomData() {
    Random rnd = new Random(7);
    for (int rep = 0; rep < 300; rep++) {
      int n1 = 1 + rnd.nextInt(rep < 200 ? 40 : 3000);
      int n2 = 1 + rnd.nextInt(rep < 200 ? 40 : 3000);
      int range = 1 + rnd.nextInt(50);
      double shift = rnd.nextInt(5);
      double[] x = rnd.doubles(n1).map(v -> Math.floor(v * range)).toArray();
      double[] y = rnd.doubles(n2).map(v -> Math.floor(v * range + shift)).toArray();
      if (rep % 3 == 0) {
        x = rnd.doubles(n1).toArray();
        y = rnd.doubles(n2).map(v -> v * 1.1).toArray();
      }
      KolmogorovSmirnov.Result arrays = KolmogorovSmirnov.test(x, y);
      KolmogorovSmirnov.Accumulator acc = new KolmogorovSmirnov.Accumulator();
      feedShuffledTies(acc, x, y, rnd);
      assertThat(acc.statistic())
          .as("rep %d", rep)
          .isCloseTo(
              KolmogorovSmirnov.statisticSorted(sorted(x), sorted(y)),
              org.assertj.core.data.Offset.offset(1e-15));
      assertThat(acc.result().pValue()).as("rep %d", rep).isEqualTo(arrays.pValue());
      KolmogorovSmirnov.Result it = KolmogorovSmirnov.testSortedIterators(
          Arrays.stream(sorted(x)).iterator(), Arrays.stream(sorted(y)).iterator());
      assertThat(it.pValue()).isEqualTo(arrays.pValue());
      assertThat(acc.hullSize()).isLessThanOrEqualTo(2 * (n1 + n2 + 1));
    }
  }

  @Test
  void streamingHullStaysSmallOnLargeInput() {
    Random rnd = new Random(11);
    KolmogorovSmirnov.Accumulator acc = new KolmogorovSmirnov.Accumulator();
    // 2M values, merged order of two normal samples with a slight shift
    double[] x = rnd.doubles(1_000_000).map(v -> v).toArray();
    double[] y = rnd.doubles(1_000_000).map(v -> v * 1.01).toArray();
    Arrays.sort(x);
    Arrays.sort(y);
    KolmogorovSmirnov.Result it = KolmogorovSmirnov.testSortedIterators(
        Arrays.stream(x).iterator(), Arrays.stream(y).iterator());
    KolmogorovSmirnov.Result arrays = KolmogorovSmirnov.testSorted(x, y);
    assertThat(it.statistic())
        .isCloseTo(arrays.statistic(), org.assertj.core.data.Offset.offset(1e-15));
    assertThat(it.pValue()).isCloseTo(arrays.pValue(), org.assertj.core.data.Offset.offset(1e-15));
    for (int i = 0, j = 0; i < x.length || j < y.length; ) {
      if (j >= y.length || (i < x.length && x[i] <= y[j])) {
        acc.accept(x[i++], true);
      } else {
        acc.accept(y[j++], false);
      }
    }
    assertThat(acc.hullSize()).isLessThan(2_000);
  }

  @Test
  void appendedRangeStatesEqualOneStream() {
    Random rnd = new Random(5);
    for (int rep = 0; rep < 200; rep++) {
      int n1 = 1 + rnd.nextInt(500);
      int n2 = 1 + rnd.nextInt(500);
      double[] x = sorted(rnd.doubles(n1).map(v -> Math.floor(v * 40)).toArray());
      double[] y = sorted(rnd.doubles(n2).map(v -> Math.floor(v * 45)).toArray());
      KolmogorovSmirnov.Accumulator whole = new KolmogorovSmirnov.Accumulator();
      feedShuffledTies(whole, x, y, rnd);
      // split the value range at random cut values into up to 4 consecutive "partitions"
      double[] splits =
          sorted(rnd.doubles(rnd.nextInt(4)).map(v -> Math.floor(v * 45) + 0.5).toArray());
      KolmogorovSmirnov.Accumulator merged = new KolmogorovSmirnov.Accumulator();
      double lo = Double.NEGATIVE_INFINITY;
      for (int p = 0; p <= splits.length; p++) {
        double hi = p < splits.length ? splits[p] : Double.POSITIVE_INFINITY;
        final double a = lo;
        KolmogorovSmirnov.Accumulator part = new KolmogorovSmirnov.Accumulator();
        feedShuffledTies(
            part,
            Arrays.stream(x).filter(v -> v > a && v < hi).toArray(),
            Arrays.stream(y).filter(v -> v > a && v < hi).toArray(),
            rnd);
        merged.append(part);
        lo = hi;
      }
      assertThat(merged.referenceCount()).isEqualTo(n1);
      assertThat(merged.currentCount()).isEqualTo(n2);
      assertThat(merged.statistic()).as("rep %d", rep).isEqualTo(whole.statistic());
    }
    KolmogorovSmirnov.Accumulator a = new KolmogorovSmirnov.Accumulator();
    a.accept(1, true);
    a.accept(2, false);
    KolmogorovSmirnov.Accumulator b = new KolmogorovSmirnov.Accumulator();
    b.accept(2, true);
    assertThatThrownBy(() -> a.append(b)).isInstanceOf(IllegalArgumentException.class);
  }

  private static double[] sorted(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s;
  }
}
