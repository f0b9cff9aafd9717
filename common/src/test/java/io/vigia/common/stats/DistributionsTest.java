package io.vigia.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/** The shared tails of {@link Distributions} against scipy 1.17 ({@code t_tail} of {@code ab_fixtures.json}). */
class DistributionsTest {

  /** Student t tail tolerance: 1e-12 for p > 0.01, 1e-10 below up to df = 1e7, 2e-9 at df = 1e8. */
  private static double tailTolerance(double p, double df) {
    return p > 0.01 ? 1e-12 : df <= 1e7 ? 1e-10 : 2e-9;
  }

  private static double relErr(double actual, double expected) {
    return actual == expected
        ? 0.0
        : Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  }

  @Test
  void studentTailMatchesScipyOverAWideDfGrid() {
    List<Map<String, Object>> cases = Json.cases(Fixtures.ab(), "t_tail");
    assertThat(cases).isNotEmpty();
    for (Map<String, Object> c : cases) {
      double df = Json.d(c.get("df"));
      double t = Json.d(c.get("t"));
      double p = Json.d(c.get("p"));
      double tol = tailTolerance(p, df);
      assertThat(relErr(Distributions.tTwoSidedP(t, df), p))
          .as("df=" + df + " t=" + t)
          .isLessThan(tol);
      assertThat(relErr(Distributions.tTwoSidedP(-t, df), p)).isLessThan(tol);
    }
  }

  /**
   * The reason for the hand Student t tail: on the scipy cases commons-math3's {@code TDistribution}
   * ({@code 2 cdf(-|t|)}) misses by more than the tolerance {@link Distributions#tTwoSidedP} meets.
   */
  @Test
  void commonsMathTDistributionMissesTheScipyTolerance() {
    int missed = 0;
    for (Map<String, Object> c : Json.cases(Fixtures.ab(), "t_tail")) {
      double df = Json.d(c.get("df"));
      double t = Json.d(c.get("t"));
      double p = Json.d(c.get("p"));
      double commons = 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
      if (relErr(commons, p) > tailTolerance(p, df)) {
        missed++;
      }
    }
    assertThat(missed)
        .as("t_tail cases where commons-math3 misses scipy beyond the tolerance")
        .isPositive();
  }

  @Test
  void chiSquaredSurvival() {
    // scipy chi2.sf(64/15, 1) (the Yates-corrected [[10, 0], [5, 5]] of ChiSquaredTest)
    assertThat(Distributions.chiSquaredSf(64.0 / 15, 1))
        .isCloseTo(0.03886710381241731, offset(1e-15));
    assertThat(Distributions.chiSquaredSf(0, 3)).isEqualTo(1.0);
    assertThat(Distributions.chiSquaredSf(-1, 3)).isEqualTo(1.0);
    assertThat(Distributions.chiSquaredSf(Double.POSITIVE_INFINITY, 3)).isZero();
    assertThat(Distributions.chiSquaredSf(Double.NaN, 3)).isNaN();
    assertThat(Distributions.chiSquaredSf(2, 0)).isNaN();
    // chi2(2) is exponential with mean 2: sf(x) = exp(-x/2), relative precision kept far in the
    // tail
    assertThat(relErr(Distributions.chiSquaredSf(1400, 2), Math.exp(-700))).isLessThan(1e-13);
  }

  @Test
  void standardNormal() {
    NormalDistribution n01 = new NormalDistribution(null, 0, 1);
    for (double x : new double[] {-5, -1.3, 0, 0.4, 2, 8}) {
      assertThat(Distributions.normalDensity(x)).isCloseTo(n01.density(x), offset(1e-16));
      assertThat(Distributions.normalCdf(x)).isCloseTo(n01.cumulativeProbability(x), offset(1e-15));
      assertThat(Distributions.normalCdf(x) + Distributions.normalSf(x))
          .isCloseTo(1.0, offset(1e-15));
    }
    assertThat(Distributions.normalSf(10))
        .isCloseTo(7.61985302416047e-24, offset(1e-37)); // scipy norm.sf(10)
    assertThat(Distributions.normalQuantile(0.975)).isCloseTo(1.959963984540054, offset(1e-15));
  }
}
