package io.vigia.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PopulationStabilityIndexTest {

  @AfterAll
  static void report() {
    Close.report("PopulationStabilityIndex");
  }

  @TestFactory
  Stream<DynamicTest> numericPsiAgreesWithNumpyReference() {
    List<Map<String, Object>> cases = Json.cases(Fixtures.doc(), "psi");
    assertThat(cases).isNotEmpty();
    return cases.stream()
        .map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
          String name = (String) c.get("name");
          double[] ref = Json.doubles(c.get("ref"));
          double[] cur = Json.doubles(c.get("cur"));
          int nBins = (int) Json.l(c.get("nBins"));
          PopulationStabilityIndex.Result r = PopulationStabilityIndex.fromArrays(ref, cur, nBins);
          // numpy's quantiles reproduced bit for bit, so the bins (and counts) are identical
          assertThat(r.cutPoints())
              .as("cut points %s", name)
              .containsExactly(Json.doubles(c.get("cuts")));
          assertThat(r.referenceCounts())
              .as("ref counts %s", name)
              .containsExactly(Json.longs(c.get("refCounts")));
          assertThat(r.currentCounts())
              .as("cur counts %s", name)
              .containsExactly(Json.longs(c.get("curCounts")));
          Close.rel(r.psi(), Json.d(c.get("psi")), 1e-12, "psi numeric", name);

          // mergeable: counts of two halves added give the same PSI
          int half = cur.length / 2;
          PopulationStabilityIndex.BinCounts a =
              new PopulationStabilityIndex.BinCounts(r.cutPoints());
          PopulationStabilityIndex.BinCounts b =
              new PopulationStabilityIndex.BinCounts(r.cutPoints());
          for (int i = 0; i < cur.length; i++) {
            (i < half ? a : b).add(cur[i]);
          }
          assertThat(a.merge(b).counts()).containsExactly(r.currentCounts());
        }));
  }

  @TestFactory
  Stream<DynamicTest> categoricalPsiAgreesWithNumpyReference() {
    List<Map<String, Object>> cases = Json.cases(Fixtures.doc(), "psiCategorical");
    return cases.stream()
        .map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
          Map<String, Long> ref = counts(c.get("ref"));
          Map<String, Long> cur = counts(c.get("cur"));
          Close.rel(
              PopulationStabilityIndex.categorical(ref, cur),
              Json.d(c.get("psi")),
              1e-12,
              "psi categorical",
              (String) c.get("name"));
        }));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Long> counts(Object o) {
    Map<String, Long> m = new HashMap<>();
    ((Map<String, Object>) o).forEach((k, v) -> m.put(k, Json.l(v)));
    return m;
  }

  /** Hand computation: r = (.5, .3, .2), c = (.4, .3, .3): PSI = -.1 ln .8 + .1 ln 1.5 = 0.0628608659422374. */
  @Test
  void handComputedPsi() {
    assertThat(
            PopulationStabilityIndex.fromCounts(new long[] {50, 30, 20}, new long[] {40, 30, 30}))
        .isCloseTo(0.06286086594223741, offset(1e-15));
    // identical proportions: 0
    assertThat(PopulationStabilityIndex.fromCounts(new long[] {7, 3}, new long[] {70, 30}))
        .isZero();
  }

  /**
   * Epsilon rule by hand: reference (60, 40, 0) -> (.6, .4, 1e-4) / 1.0001; current (.5, .3, .2).
   * PSI = sum (c - r) ln(c / r) = 1.566398396256588.
   */
  @Test
  void emptyBinUsesEpsilonThenRenormalises() {
    double psi =
        PopulationStabilityIndex.fromCounts(new long[] {60, 40, 0}, new long[] {50, 30, 20});
    assertThat(psi).isCloseTo(1.566398396256588, offset(1e-13));
    // a different epsilon gives a different value: the constant really takes effect
    assertThat(PopulationStabilityIndex.fromCounts(
            new long[] {60, 40, 0}, new long[] {50, 30, 20}, 1e-3))
        .isLessThan(psi - 0.1);
    assertThat(PopulationStabilityIndex.DEFAULT_EPSILON).isEqualTo(1e-4);
  }

  @Test
  void binsAreRightClosedAndDuplicateEdgesMerge() {
    // reference: 60 zeros then 1..40 -> the 0.1..0.5 quantiles are all 0 and merge into one edge;
    // 0.6 -> index 59.4 -> 0.4, 0.7 -> 69.3 -> 10.3, ...
    double[] ref = new double[100];
    for (int i = 60; i < 100; i++) {
      ref[i] = i - 59;
    }
    double[] cuts = PopulationStabilityIndex.cutPointsFromReference(ref, 10);
    assertThat(cuts[0]).isEqualTo(0.0);
    assertThat(cuts)
        .containsExactly(
            new double[] {0.0, 0.4, 10.3, 20.2, 30.1},
            offset(1e-12)); // five 0-quantiles merged into one edge
    assertThat(PopulationStabilityIndex.binIndex(cuts, 0.0)).isZero(); // (-inf, 0]
    assertThat(PopulationStabilityIndex.binIndex(cuts, 1e-9)).isEqualTo(1);
    assertThat(PopulationStabilityIndex.binIndex(cuts, Double.POSITIVE_INFINITY))
        .isEqualTo(5);
    PopulationStabilityIndex.Result r = PopulationStabilityIndex.fromArrays(ref, ref, 10);
    assertThat(r.referenceCounts()[0]).isEqualTo(60);
    assertThat(r.psi()).isZero();
  }

  @Test
  void nBinsTakesEffect() {
    double[] ref = java.util.stream.IntStream.range(0, 1000).mapToDouble(i -> i).toArray();
    double[] cur =
        java.util.stream.IntStream.range(0, 1000).mapToDouble(i -> i * 1.3).toArray();
    assertThat(PopulationStabilityIndex.fromArrays(ref, cur, 5).referenceCounts())
        .hasSize(5);
    assertThat(PopulationStabilityIndex.fromArrays(ref, cur, 20).referenceCounts())
        .hasSize(20);
    assertThat(PopulationStabilityIndex.fromArrays(ref, cur, 20).psi())
        .isNotEqualTo(PopulationStabilityIndex.fromArrays(ref, cur, 5).psi());
  }

  @Test
  void missingValuesAreCountedNotBinned() {
    PopulationStabilityIndex.BinCounts bc =
        new PopulationStabilityIndex.BinCounts(new double[] {1.0});
    bc.add(0.5).add(Double.NaN).add(2);
    assertThat(bc.counts()).containsExactly(1, 1);
    assertThat(bc.missing()).isEqualTo(1);
    PopulationStabilityIndex.CategoryCounts cc = new PopulationStabilityIndex.CategoryCounts();
    cc.add("a").add(null).add("a").merge(new PopulationStabilityIndex.CategoryCounts().add("b", 3));
    assertThat(cc.asMap()).containsEntry("a", 2L).containsEntry("b", 3L).hasSize(2);
    assertThat(cc.missing()).isEqualTo(1);
    assertThat(PopulationStabilityIndex.fromCounts(new long[] {0, 0}, new long[] {1, 2}))
        .isNaN();
    assertThatThrownBy(() -> PopulationStabilityIndex.fromCounts(new long[] {1}, new long[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void categoricalFromValuesCountsLabels() {
    double psi = PopulationStabilityIndex.categoricalFromValues(
        new String[] {"a", "a", "b", "c", null}, new String[] {"a", "b", "b", "d"});
    Map<String, Long> r = Map.of("a", 2L, "b", 1L, "c", 1L);
    Map<String, Long> c = Map.of("a", 1L, "b", 2L, "d", 1L);
    assertThat(psi).isEqualTo(PopulationStabilityIndex.categorical(r, c));
  }

  /** numpy's lerp: a + (b - a) t below one half, b - (b - a)(1 - t) from one half (exact at both ends). */
  @Test
  void lerpLinearIsNumpysTwoSidedRule() {
    assertThat(PopulationStabilityIndex.lerpLinear(1, 2, 0.25)).isEqualTo(1.25);
    assertThat(PopulationStabilityIndex.lerpLinear(1, 2, 0.75)).isEqualTo(1.75);
    assertThat(PopulationStabilityIndex.lerpLinear(0.1, 0.7, 1.0)).isEqualTo(0.7);
    assertThat(PopulationStabilityIndex.lerpLinear(0.1, 0.7, 0.0)).isEqualTo(0.1);
    // np.quantile([0, 1, 2, 10], 0.9) = 7.6 (virtual index 2.7)
    assertThat(PopulationStabilityIndex.quantileLinearSorted(new double[] {0, 1, 2, 10}, 0.9))
        .isEqualTo(PopulationStabilityIndex.lerpLinear(2, 10, 0.7000000000000002));
  }
}
