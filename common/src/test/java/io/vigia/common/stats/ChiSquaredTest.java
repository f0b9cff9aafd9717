package io.vigia.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ChiSquaredTest {

  @AfterAll
  static void report() {
    Close.report("ChiSquared");
  }

  @TestFactory
  Stream<DynamicTest> agreesWithScipyChi2Contingency() {
    List<Map<String, Object>> cases = Json.cases(Fixtures.doc(), "chi2");
    assertThat(cases).hasSizeGreaterThan(20);
    return cases.stream()
        .map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
          String name = (String) c.get("name");
          long[] ref = Json.longs(c.get("ref"));
          long[] cur = Json.longs(c.get("cur"));
          ChiSquared.Result r = ChiSquared.homogeneity(ref, cur);
          assertThat(r.dof()).as("dof %s", name).isEqualTo(Json.l(c.get("dof")));
          assertThat(r.yatesApplied()).isEqualTo(r.dof() == 1);
          Close.rel(r.statistic(), Json.d(c.get("statistic")), 1e-12, "chi2 statistic", name);
          Close.rel(r.pValue(), Json.d(c.get("pvalue")), 1e-9, "chi2 p-value", name);
          ChiSquared.Result plain = ChiSquared.homogeneity(ref, cur, false);
          Close.rel(
              plain.statistic(), Json.d(c.get("statisticNoYates")), 1e-12, "chi2 statistic", name);
          Close.rel(plain.pValue(), Json.d(c.get("pvalueNoYates")), 1e-9, "chi2 p-value", name);
        }));
  }

  /** [[10, 0], [5, 5]]: E = 7.5, 2.5; Yates moves each |O - E| = 2.5 to 2: X^2 = 2(4/7.5 + 4/2.5) = 64/15. */
  @Test
  void handComputedYates() {
    ChiSquared.Result r = ChiSquared.homogeneity(new long[] {10, 0}, new long[] {5, 5});
    assertThat(r.statistic()).isCloseTo(64.0 / 15, offset(1e-14));
    assertThat(r.dof()).isEqualTo(1);
    assertThat(r.pValue()).isCloseTo(0.03886710381241731, offset(1e-15)); // scipy
    // without correction: 2(6.25/7.5 + 6.25/2.5) = 20/3
    assertThat(
            ChiSquared.homogeneity(new long[] {10, 0}, new long[] {5, 5}, false).statistic())
        .isCloseTo(20.0 / 3, offset(1e-14));
  }

  @Test
  void degenerateTables() {
    ChiSquared.Result one = ChiSquared.homogeneity(new long[] {5, 0}, new long[] {9, 0});
    assertThat(one.dof()).isZero();
    assertThat(one.statistic()).isZero();
    assertThat(one.pValue()).isEqualTo(1.0);
    assertThat(ChiSquared.homogeneity(new long[] {0, 0}, new long[] {1, 2}).pValue())
        .isNaN();
    assertThat(
            ChiSquared.homogeneity(Map.of("a", 10L), Map.of("a", 5L, "b", 5L)).statistic())
        .isCloseTo(64.0 / 15, offset(1e-14));
  }
}
