package io.vigia.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.stats.KolmogorovSmirnov;
import io.vigia.common.stats.PopulationStabilityIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * The streaming pass against the statistics library on the whole arrays: KS statistic and p-value,
 * the PSI cut points (exact numpy-'linear' reference quantiles) and the bin counts, for samples with
 * heavy ties, point masses, infinities, signed zeros, tiny references (fewer values than bins), gaps
 * in the reference that the current values fall into, and several numbers of bins; and the in-memory
 * path ({@link SortedRuns}) gives the same row as the row-sort path on every case.
 */
class SortedFeaturePassTest {

  /** Feeds the two samples as the Spark pass does: ascending runs of equal values with per-side counts. */
  static SortedFeaturePass.Summary stream(double[] ref, double[] cur, int nBins) {
    TreeMap<Double, long[]> runs =
        new TreeMap<>((x, y) -> x.doubleValue() == y.doubleValue() ? 0 : Double.compare(x, y));
    for (double v : ref) {
      runs.computeIfAbsent(v, k -> new long[2])[0]++;
    }
    for (double v : cur) {
      runs.computeIfAbsent(v, k -> new long[2])[1]++;
    }
    SortedFeaturePass.Group g = new SortedFeaturePass.Group(ref.length, nBins);
    runs.forEach((v, c) -> g.accept(v, c[0], c[1]));
    return g.finish();
  }

  /**
   * The in-memory path: rows through {@link SortedRuns#mapSide} in two "tasks" with tiny flush and run
   * sizes (many runs per key), grouped by key as the shuffle + sortWithinPartitions would, then
   * {@link SortedRuns#reduceSide}; a second key rides along so groups must be separated.
   */
  static Row viaRuns(double[] ref, double[] cur, int nBins) throws Exception {
    List<Row> in = new ArrayList<>();
    for (double v : ref) {
      in.add(RowFactory.create(7L, v, true));
      in.add(RowFactory.create(-3L, v + 1, false));
    }
    for (double v : cur) {
      in.add(RowFactory.create(7L, v, false));
      in.add(RowFactory.create(-3L, v - 1, false));
    }
    java.util.Collections.shuffle(in, new Random(in.size()));
    List<Row> runs = new ArrayList<>();
    int half = in.size() / 2;
    SortedRuns.mapSide(5, 3).call(in.subList(0, half).iterator()).forEachRemaining(runs::add);
    SortedRuns.mapSide(7, 4)
        .call(in.subList(half, in.size()).iterator())
        .forEachRemaining(runs::add);
    runs.sort(java.util.Comparator.comparingLong(r -> r.getLong(0)));
    List<Row> out = new ArrayList<>();
    SortedRuns.reduceSide(Map.of(7L, (long) ref.length, -3L, 0L), nBins)
        .call(runs.iterator())
        .forEachRemaining(out::add);
    assertThat(out).extracting(r -> r.getLong(0)).containsExactly(-3L, 7L);
    return out.get(1);
  }

  static void check(double[] ref, double[] cur, int nBins) throws Exception {
    SortedFeaturePass.Summary s = stream(ref, cur, nBins);
    if (ref.length + cur.length > 0) { // no values, no key: neither Spark path sees it
      Row a = SortedFeaturePass.row(7L, s);
      Row b = viaRuns(ref, cur, nBins);
      for (int i = 0; i < 6; i++) {
        assertThat(b.get(i)).as("field " + i).isEqualTo(a.get(i));
      }
      assertThat((Object[]) b.get(6)).containsExactly((Object[]) a.get(6));
      assertThat((Object[]) b.get(7)).containsExactly((Object[]) a.get(7));
    }
    PopulationStabilityIndex.Result lib = PopulationStabilityIndex.fromArrays(ref, cur, nBins);
    String what = "ref=" + Arrays.toString(ref.length > 40 ? Arrays.copyOf(ref, 40) : ref)
        + " cur.length=" + cur.length + " nBins=" + nBins;
    assertThat(s.cuts()).as(what).containsExactly(lib.cutPoints());
    assertThat(s.binsRef()).as(what).containsExactly(lib.referenceCounts());
    assertThat(s.binsCur()).as(what).containsExactly(lib.currentCounts());
    assertThat(s.refCount()).isEqualTo(ref.length);
    assertThat(s.curCount()).isEqualTo(cur.length);
    if (ref.length > 0 && cur.length > 0) {
      KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(ref, cur);
      assertThat(s.ks().statistic()).as(what).isEqualTo(ks.statistic());
      assertThat(s.ks().pValue()).as(what).isEqualTo(ks.pValue());
    } else {
      assertThat(s.ks()).isNull();
    }
  }

  @Test
  void equalsTheLibraryOnRandomSamplesWithTiesGapsAndTinySizes() throws Exception {
    Random rnd = new Random(20261128L);
    int cases = 0;
    for (int trial = 0; trial < 3000; trial++) {
      int nBins = new int[] {1, 2, 3, 5, 10, 10, 10, 20}[rnd.nextInt(8)];
      int n1 = rnd.nextInt(5) == 0 ? rnd.nextInt(12) : 1 + rnd.nextInt(400);
      int n2 = rnd.nextInt(5) == 0 ? rnd.nextInt(12) : 1 + rnd.nextInt(400);
      int kind = rnd.nextInt(5);
      double[] ref = sample(rnd, n1, kind, 0);
      double[] cur = sample(rnd, n2, kind, rnd.nextBoolean() ? 0 : rnd.nextGaussian() * 2);
      check(ref, cur, nBins);
      cases++;
    }
    assertThat(cases).isEqualTo(3000);
  }

  /** kind 0 continuous, 1 few distinct values (ties), 2 zero-inflated, 3 two clusters with a wide gap, 4 rounded. */
  static double[] sample(Random rnd, int n, int kind, double shift) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double g = rnd.nextGaussian() + shift;
      x[i] = switch (kind) {
        case 0 -> g;
        case 1 -> Math.floor(g * 2);
        case 2 -> rnd.nextInt(3) == 0 ? g * g : 0.0;
        case 3 -> (rnd.nextBoolean() ? -100 : 100) + g;
        default -> Math.round(g * 100) / 100.0;
      };
    }
    return x;
  }

  @Test
  void currentValuesInsideAReferenceGapAreBinnedByTheInterpolatedCut() throws Exception {
    // reference 0 and 10 only: every cut interpolates across the gap; current values spread inside
    // it
    double[] ref = {0, 0, 0, 0, 0, 10, 10, 10, 10, 10};
    List<Double> cur = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      cur.add(i / 10.0);
    }
    check(ref, cur.stream().mapToDouble(Double::doubleValue).toArray(), 10);
    check(ref, new double[] {5, 5, 5, 4.999999, 5.000001}, 4);
  }

  @Test
  void infinitiesSignedZerosAndPointMasses() throws Exception {
    double inf = Double.POSITIVE_INFINITY;
    check(new double[] {-inf, -inf, -inf, 1, 2, 3, inf}, new double[] {-inf, 0, 5, inf, inf}, 10);
    check(new double[] {-0.0, 0.0, -0.0, 0.0, 1}, new double[] {0.0, -0.0, 0.5}, 4);
    check(new double[] {7, 7, 7, 7, 7, 7}, new double[] {6, 7, 8}, 10);
    check(new double[] {inf, inf}, new double[] {1}, 3);
    check(new double[] {1}, new double[] {1, 2}, 10);
    check(new double[0], new double[] {1, 2}, 10);
    check(new double[] {1, 2}, new double[0], 10);
  }

  @Test
  void aReferenceOfAnotherSizeThanAnnouncedGivesOneBinNotWrongCuts() {
    SortedFeaturePass.Group g = new SortedFeaturePass.Group(5, 10);
    g.accept(1, 2, 0);
    g.accept(2, 1, 3);
    SortedFeaturePass.Summary s = g.finish();
    assertThat(s.cuts()).isEmpty();
    assertThat(s.binsRef()).containsExactly(3);
    assertThat(s.binsCur()).containsExactly(3);
  }
}
