package io.vigia.common.stats.ab;

import static io.vigia.common.stats.ab.Fixtures.doubles;
import static io.vigia.common.stats.ab.Fixtures.relErr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * CUPED against GrowthBook gbstats' published regression-adjustment vectors (github.com/growthbook/growthbook
 * snapshot 8f1db4456915a8e7b7faf23d5632ca7219d2f469, packages/stats/tests) and against
 * {@code fixtures/cuped_fixtures.json} written by {@code fixtures/make_cuped_fixtures.py} (numpy 2.4, scipy 1.17:
 * OLS slope, ttest_ind on the adjusted values, the delta-method variance from raw-value variances).
 */
class CupedTest {

  private static final double ROUNDED5 = 5e-6;
  private static final double ROUNDED9 = 5e-10;

  /** tests/test_shared_models.py TestComputeTheta: METRIC_1 = pre, METRIC_3 = post in both variants. */
  @Test
  void thetaOfGrowthBook() {
    double[] pre = {0.3, 0.5, 0.9, 22};
    double[] post = {2, 1, 5, 3};
    Cuped.Sample s = Cuped.Sample.of(post, pre);
    assertThat(Cuped.theta(s, s)).isCloseTo(0.01864, within(ROUNDED5));
    // no covariate variance: theta 0 and nothing is adjusted (GrowthBook reverts to the plain
    // statistic)
    Cuped.Sample flat = Cuped.Sample.fromSums(4, 11, 39, 0, 0, 0);
    assertThat(Cuped.theta(flat, flat)).isZero();
    assertThatThrownBy(() -> Cuped.test(flat, flat, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing to adjust");
  }

  /**
   * tests/test_gbstats.py TestAnalyzeMetricDfRegressionAdjustment.test_analyze_metric_df_ra: variation
   * "zero" (baseline) main 300 / 600, covariate 210 / 415, product -20, n 3001; "one" main 222 / 555,
   * covariate 120 / 405, product -10, n 3000; frequentist, relative, two-sided, alpha 0.05, rounded to 9
   * decimals: expected -0.281707154, p 0.003732549; unadjusted means 0.099966678 and 0.074.
   */
  @Test
  void analyzeMetricDfRegressionAdjusted() {
    Cuped.Sample control = Cuped.Sample.fromSums(3001, 300, 600, 210, 415, -20);
    Cuped.Sample treatment = Cuped.Sample.fromSums(3000, 222, 555, 120, 405, -10);
    assertThat(control.post().mean()).isCloseTo(0.099966678, within(ROUNDED9));
    assertThat(treatment.post().mean()).isCloseTo(0.074, within(ROUNDED9));
    Cuped.Result r = Cuped.test(control, treatment, 0.95);
    assertThat(r.relative().lift()).isCloseTo(-0.281707154, within(ROUNDED9));
    assertThat(r.relative().pValue()).isCloseTo(0.003732549, within(ROUNDED9));
    // "difference is not just DIM / control mean": the plain lift differs
    assertThat(RelativeLift.test(control.post(), treatment.post(), 0.95).lift())
        .isNotCloseTo(r.relative().lift(), within(0.01));
  }

  /**
   * tests/frequentist/test_tests.py TestSequentialTTest.test_sequential_test_runs_ra: pre sums 16.87 / 527.9767
   * (n 3000) and 22.7 / 1348.29 (n 3461), post 1396.87 / 52377.9767 and 2422.7 / 134698.29, sum of products 1,
   * default tuning 5000: expected 0.50338, interval (-0.50969, 1.51646), standard deviation 0.33341, p 1.
   */
  @Test
  void sequentialRegressionAdjusted() {
    Cuped.Sample a = Cuped.Sample.fromSums(3000, 1396.87, 52377.9767, 16.87, 527.9767, 1);
    Cuped.Sample b = Cuped.Sample.fromSums(3461, 2422.7, 134698.29, 22.7, 1348.29, 1);
    Cuped.Result r = Cuped.test(a, b, 0.95);
    ConfidenceSequence.Result cs =
        ConfidenceSequence.forLift(r.relative(), ConfidenceSequence.DEFAULT_TUNING);
    assertThat(cs.estimate()).isCloseTo(0.50338, within(ROUNDED5));
    assertThat(cs.standardError()).isCloseTo(0.33341, within(ROUNDED5));
    assertThat(cs.ciLower()).isCloseTo(-0.50969, within(ROUNDED5));
    assertThat(cs.ciUpper()).isCloseTo(1.51646, within(ROUNDED5));
    assertThat(cs.pValue()).isEqualTo(1.0);
  }

  @Test
  void everyFixtureCaseMatchesNumpyAndScipy() throws Exception {
    JsonNode root;
    try (InputStream in = CupedTest.class.getResourceAsStream("/fixtures/cuped_fixtures.json")) {
      root = new ObjectMapper().readTree(in);
    }
    assertThat(root.get("scipy_version").asText()).startsWith("1.17");
    assertThat(root.get("cuped").size()).isEqualTo(20);
    for (JsonNode c : root.get("cuped")) {
      double[] xc = doubles(c.get("control_x"));
      double[] pc = doubles(c.get("control_p"));
      double[] xt = doubles(c.get("treatment_x"));
      double[] pt = doubles(c.get("treatment_p"));
      String id = c.get("kind").asText() + " " + xc.length + "x" + xt.length + " rho "
          + c.get("rho").asDouble();
      boolean offset = c.get("kind").asText().equals("offset");
      // states built as the job builds them: parts merged (Chan), here in two uneven halves
      Cuped.Sample control = Cuped.Sample.of(
              Arrays.copyOf(xc, xc.length / 3), Arrays.copyOf(pc, pc.length / 3))
          .merge(Cuped.Sample.of(
              Arrays.copyOfRange(xc, xc.length / 3, xc.length),
              Arrays.copyOfRange(pc, pc.length / 3, pc.length)));
      Cuped.Sample treatment = Cuped.Sample.of(xt, pt);
      Cuped.Result r = Cuped.test(control, treatment, c.get("confidence_level").asDouble());
      // values near 1e5 carry ~1e-11 absolute precision: a few 1e-9 relative on derived quantities
      double tol = offset ? 1e-7 : 1e-10;
      assertThat(relErr(r.theta(), c.get("theta").asDouble(), 1e-3))
          .as("theta " + id)
          .isLessThan(tol);
      assertThat(relErr(r.correlation(), c.get("correlation").asDouble(), 1e-3))
          .as("rho " + id)
          .isLessThan(tol);
      assertThat(relErr(r.control().variance(), c.get("adjusted_var_control").asDouble(), 1e-300))
          .as("var c " + id)
          .isLessThan(tol);
      assertThat(
              relErr(r.treatment().variance(), c.get("adjusted_var_treatment").asDouble(), 1e-300))
          .as("var t " + id)
          .isLessThan(tol);
      double width = c.get("ci_high").asDouble() - c.get("ci_low").asDouble();
      assertThat(relErr(r.absolute().difference(), c.get("difference").asDouble(), width))
          .as("diff " + id)
          .isLessThan(tol);
      assertThat(relErr(r.absolute().df(), c.get("df").asDouble(), 1e-300))
          .as("df " + id)
          .isLessThan(tol);
      assertThat(relErr(r.absolute().pValue(), c.get("p").asDouble(), 1e-300))
          .as("p " + id)
          .isLessThan(offset ? 1e-6 : 1e-9);
      assertThat(relErr(r.absolute().ciLower(), c.get("ci_low").asDouble(), width))
          .as("lo " + id)
          .isLessThan(tol);
      assertThat(relErr(r.absolute().ciUpper(), c.get("ci_high").asDouble(), width))
          .as("hi " + id)
          .isLessThan(tol);
      double lw = c.get("lift_ci_high").asDouble() - c.get("lift_ci_low").asDouble();
      assertThat(relErr(r.relative().lift(), c.get("lift").asDouble(), lw))
          .as("lift " + id)
          .isLessThan(tol);
      assertThat(relErr(r.relative().standardError(), c.get("lift_se").asDouble(), 1e-300))
          .as("se " + id)
          .isLessThan(tol);
      assertThat(relErr(r.relative().pValue(), c.get("lift_p").asDouble(), 1e-300))
          .as("lift p " + id)
          .isLessThan(offset ? 1e-6 : 1e-9);
      assertThat(relErr(r.relative().ciLower(), c.get("lift_ci_low").asDouble(), lw))
          .as("llo " + id)
          .isLessThan(tol);
      assertThat(relErr(r.relative().ciUpper(), c.get("lift_ci_high").asDouble(), lw))
          .as("lhi " + id)
          .isLessThan(tol);
      assertThat(r.varianceReduction())
          .as("vr " + id)
          .isCloseTo(c.get("variance_reduction").asDouble(), within(offset ? 1e-6 : 1e-9));
      assertThat(r.absoluteVarianceReduction())
          .as("avr " + id)
          .isCloseTo(c.get("absolute_variance_reduction").asDouble(), within(offset ? 1e-6 : 1e-9));
    }
  }

  /** With a strongly correlated covariate the interval narrows by about sqrt(1 - rho^2). */
  @Test
  void aCorrelatedCovariateNarrowsTheInterval() {
    java.util.Random rnd = new java.util.Random(7);
    Cuped.Sample c = Cuped.Sample.EMPTY;
    Cuped.Sample t = Cuped.Sample.EMPTY;
    for (int i = 0; i < 20000; i++) {
      double pre = rnd.nextGaussian();
      double x = 10 + 0.9 * pre + Math.sqrt(1 - 0.81) * rnd.nextGaussian();
      if (i % 2 == 0) {
        c = c.add(x, pre);
      } else {
        t = t.add(x, pre);
      }
    }
    Cuped.Result r = Cuped.test(c, t, 0.95);
    assertThat(r.theta()).isCloseTo(0.9, within(0.02));
    assertThat(r.absoluteVarianceReduction()).isCloseTo(0.81, within(0.02));
    assertThat(r.varianceReduction()).isCloseTo(0.81, within(0.02));
  }
}
