package io.vigia.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@link MultipleTesting}: Benjamini-Hochberg against scipy, Holm against R's p.adjust. */
class MultipleTestingTest {

  @TestFactory
  Stream<DynamicTest> agreesWithScipyFalseDiscoveryControl() {
    List<Map<String, Object>> cases = Json.cases(Fixtures.doc(), "bh");
    assertThat(cases).hasSizeGreaterThan(5);
    return cases.stream()
        .map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
          double[] adj = MultipleTesting.benjaminiHochberg(Json.doubles(c.get("p")));
          double[] expected = Json.doubles(c.get("adjusted"));
          assertThat(adj).hasSameSizeAs(expected);
          for (int i = 0; i < adj.length; i++) {
            Close.rel(adj[i], expected[i], 1e-14, "bh", c.get("name") + "[" + i + "]");
          }
        }));
  }

  /** By hand: sorted .01, .03, .04 (m = 3) -> .03, .045, .04 -> running minimum from the top: .03, .04, .04. */
  @Test
  void handComputed() {
    assertThat(MultipleTesting.benjaminiHochberg(new double[] {0.01, 0.04, 0.03}))
        .containsExactly(0.03, 0.04, 0.04);
    double[] withNan =
        MultipleTesting.benjaminiHochberg(new double[] {0.01, Double.NaN, 0.04, 0.03});
    assertThat(withNan[1]).isNaN();
    assertThat(new double[] {withNan[0], withNan[2], withNan[3]}).containsExactly(0.03, 0.04, 0.04);
    assertThat(MultipleTesting.benjaminiHochberg(new double[0])).isEmpty();
    assertThatThrownBy(() -> MultipleTesting.benjaminiHochberg(new double[] {1.5}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * R 4.4 {@code p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm")} = 0.03 0.06 0.06 0.02: sorted .005, .01, .03, .04
   * times 4, 3, 2, 1 = .02, .03, .06, .04, then the running maximum.
   */
  @Test
  void holmHandComputed() {
    double[] adj = MultipleTesting.holm(new double[] {0.01, 0.04, 0.03, 0.005});
    assertThat(adj[0]).isCloseTo(0.03, offset(1e-15));
    assertThat(adj[1]).isCloseTo(0.06, offset(1e-15));
    assertThat(adj[2]).isCloseTo(0.06, offset(1e-15));
    assertThat(adj[3]).isCloseTo(0.02, offset(1e-15));
    // capped at 1; ties give equal adjusted values whatever their order
    assertThat(MultipleTesting.holm(new double[] {0.6, 0.6, 0.01})).containsExactly(1.0, 1.0, 0.03);
    // NaN stays NaN and is not counted in m
    double[] withNan = MultipleTesting.holm(new double[] {0.01, Double.NaN, 0.04});
    assertThat(withNan[1]).isNaN();
    assertThat(withNan[0]).isCloseTo(0.02, offset(1e-15));
    assertThat(withNan[2]).isCloseTo(0.04, offset(1e-15));
    assertThat(MultipleTesting.holm(new double[0])).isEmpty();
    assertThatThrownBy(() -> MultipleTesting.holm(new double[] {-0.1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Holm never rejects more than Benjamini-Hochberg: its adjusted values are at least BH's. */
  @Test
  void holmIsAtLeastBenjaminiHochberg() {
    double[] p = new java.util.Random(11).doubles(50).map(x -> x * x * x).toArray();
    double[] holm = MultipleTesting.holm(p);
    double[] bh = MultipleTesting.benjaminiHochberg(p);
    for (int i = 0; i < p.length; i++) {
      assertThat(holm[i]).isGreaterThanOrEqualTo(bh[i]).isGreaterThanOrEqualTo(p[i]);
    }
  }
}
