package io.vigia.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.vigia.common.stats.ab.SampleStats;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Moments, Welch's t-test and the variance-ratio F test against scipy: the drift fixtures ({@code welch}) and the
 * A/B fixtures ({@code welch_raw}, {@code welch_stats} of {@code ab_fixtures.json}). The GrowthBook and Spotify
 * Confidence vectors of the test are in {@code ab.GrowthBookVectorsTest} and {@code ab.SpotifyConfidenceVectorsTest}.
 */
class WelchTTestTest {

  @AfterAll
  static void report() {
    Close.report("Moments/Welch/F");
  }

  @TestFactory
  Stream<DynamicTest> agreesWithScipyTtestInd() {
    List<Map<String, Object>> cases = Json.cases(Fixtures.doc(), "welch");
    assertThat(cases).hasSizeGreaterThan(10);
    return cases.stream()
        .map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
          String name = (String) c.get("name");
          double[] x = Json.doubles(c.get("x"));
          double[] y = Json.doubles(c.get("y"));
          // states built in two halves and merged, as the Spark job will
          Moments a = Moments.of(Arrays.copyOfRange(x, 0, x.length / 2))
              .merge(Moments.of(Arrays.copyOfRange(x, x.length / 2, x.length)));
          Moments b = Moments.of(y);
          Close.rel(a.mean(), Json.d(c.get("mean1")), 1e-12, "moments mean", name);
          Close.rel(a.variance(), Json.d(c.get("var1")), 1e-9, "moments variance", name);
          Close.rel(b.variance(), Json.d(c.get("var2")), 1e-9, "moments variance", name);
          assertThat(a.min()).isEqualTo(Json.d(c.get("min1")));
          assertThat(a.max()).isEqualTo(Json.d(c.get("max1")));

          WelchTTest.Result w = WelchTTest.test(a, b);
          // scipy subtracts two rounded means, so its t carries a relative error of a few ulps
          // times
          // cond = max|mean| / |mean difference|; the tolerance against scipy widens by that (it
          // only
          // matters for 'huge_offset', cond ~ 7e6), while against the exact-arithmetic t it stays
          // tight.
          double m1 = Json.d(c.get("mean1"));
          double m2 = Json.d(c.get("mean2"));
          double cond = m1 == m2 ? 1 : Math.max(Math.abs(m1), Math.abs(m2)) / Math.abs(m1 - m2);
          double tScipy = Json.d(c.get("t"));
          double tolT = Math.max(1e-9, 8 * Math.ulp(1.0) * cond);
          double tolP = Math.max(1e-9, tolT * (1 + tScipy * tScipy));
          Close.rel(w.t(), tScipy, tolT, "welch t", name);
          double tExact = Json.d(c.get("tExact"));
          if (tExact == 0) {
            Close.abs(w.t(), 0, 1e-15, "welch t vs exact", name);
          } else {
            Close.rel(w.t(), tExact, 1e-12, "welch t vs exact", name);
          }
          Close.rel(w.df(), Json.d(c.get("df")), 1e-9, "welch df", name);
          Close.rel(w.pValue(), Json.d(c.get("pvalue")), tolP, "welch p-value", name);

          VarianceRatioTest.Result f = VarianceRatioTest.test(a, b);
          Close.rel(f.f(), Json.d(c.get("f")), 1e-9, "F ratio", name);
          Close.rel(f.pValue(), Json.d(c.get("fPvalue")), 1e-9, "F p-value", name);
        }));
  }

  /** {1,2,3,4} vs {2,4,6,8}: v = 5/3, 20/3; t = -2.5 / sqrt(25/12) = -sqrt(3); df = 75/17. */
  @Test
  void handComputedWelch() {
    WelchTTest.Result w = WelchTTest.test(new double[] {1, 2, 3, 4}, new double[] {2, 4, 6, 8});
    assertThat(w.t()).isCloseTo(-Math.sqrt(3), offset(1e-14));
    assertThat(w.df()).isCloseTo(75.0 / 17, offset(1e-13));
    assertThat(w.pValue()).isCloseTo(0.15158050484530375, offset(1e-14)); // scipy
  }

  /** scipy ttest_ind(a, b, equal_var=False, alternative='greater') of the same samples, both ways. */
  @Test
  void oneSidedGreater() {
    double[] a = {1, 2, 3, 4};
    double[] b = {2, 4, 6, 8};
    assertThat(WelchTTest.test(a, b).pValueGreater()).isCloseTo(0.9242097475773481, offset(1e-14));
    assertThat(WelchTTest.test(b, a).pValueGreater()).isCloseTo(0.07579025242265187, offset(1e-14));
    assertThat(WelchTTest.test(new double[] {1, 1, 1}, new double[] {1, 1, 1}).pValueGreater())
        .isNaN();
  }

  @Test
  void edgeCasesFollowScipy() {
    WelchTTest.Result constant = WelchTTest.test(new double[] {1, 1, 1}, new double[] {2, 2, 2});
    assertThat(constant.t()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(constant.df()).isEqualTo(1.0);
    assertThat(constant.pValue()).isZero();
    assertThat(constant.difference()).isEqualTo(-1.0);
    assertThat(constant.ciLower()).isEqualTo(-1.0);
    assertThat(constant.significant()).isTrue();
    WelchTTest.Result same = WelchTTest.test(new double[] {1, 1, 1}, new double[] {1, 1, 1});
    assertThat(same.t()).isNaN();
    assertThat(same.pValue()).isNaN();
    assertThat(WelchTTest.test(new double[] {1}, new double[] {1, 2, 3}).pValue())
        .isNaN();
  }

  @Test
  void momentsMergeIsOrderFreeAndSkipsNaN() {
    double[] v = new java.util.Random(3).doubles(1001).map(d -> 1e9 + d).toArray();
    Moments whole = Moments.of(v);
    Moments parts = new Moments();
    for (int start = 0; start < v.length; start += 97) {
      parts.merge(Moments.of(Arrays.copyOfRange(v, start, Math.min(v.length, start + 97))));
    }
    assertThat(parts.n()).isEqualTo(whole.n());
    assertThat(parts.mean()).isCloseTo(whole.mean(), offset(1e-6));
    assertThat(parts.variance()).isCloseTo(whole.variance(), offset(1e-9));
    // two-pass reference for the large-offset data (sum of squares would lose everything here)
    double mean = Arrays.stream(v).average().orElseThrow();
    double ss = Arrays.stream(v).map(d -> (d - mean) * (d - mean)).sum() / (v.length - 1);
    assertThat(whole.variance()).isCloseTo(ss, offset(1e-9));
    Moments m = Moments.of(1, Double.NaN, 3);
    assertThat(m.n()).isEqualTo(2);
    assertThat(m.missing()).isEqualTo(1);
    assertThat(new Moments().mean()).isNaN();
    Moments inf = Moments.of(1, Double.POSITIVE_INFINITY, 3, Double.NEGATIVE_INFINITY);
    assertThat(inf.n()).isEqualTo(2);
    assertThat(inf.missing()).isEqualTo(2);
    assertThat(inf.variance()).isEqualTo(2.0);
  }

  /** Moments is SampleStats' arithmetic in a shifted frame: the same state either way. */
  @Test
  void momentsAndSampleStatsAreOneState() {
    double[] v = new java.util.Random(5).doubles(500).map(d -> 40 + 10 * d).toArray();
    io.vigia.common.stats.ab.SampleStats direct = io.vigia.common.stats.ab.SampleStats.of(v);
    io.vigia.common.stats.ab.SampleStats viaMoments = Moments.of(v).toSampleStats();
    assertThat(viaMoments.n()).isEqualTo(direct.n());
    assertThat(viaMoments.mean()).isCloseTo(direct.mean(), offset(1e-12));
    assertThat(viaMoments.m2()).isCloseTo(direct.m2(), offset(1e-9));
    assertThat(new Moments().toSampleStats()).isEqualTo(io.vigia.common.stats.ab.SampleStats.EMPTY);
  }

  // ---------------------------------------------------------------- A/B entry point
  // (ab_fixtures.json)

  /** {@code |actual - expected| / max(|expected|, floor)}. */
  private static double relErr(double actual, double expected, double floor) {
    return actual == expected
        ? 0.0
        : Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  /**
   * Tolerances, relative to the reference value (even for tiny p-values): t and df 1e-12, p 1e-11, interval
   * ends 1e-11 of the interval width, except on the "offset" samples (values near 1e6, which carry only ~1e-10
   * absolute precision, so any two correct summations of the means differ at ~1e-10 relative in the
   * difference): there t is checked against the exact rational t to 5e-9 (scipy's own t is 6e-10 off it), and
   * df and the interval against scipy to 5e-9, p to 3e-8.
   */
  @Test
  void welchOnRawSamplesMatchesScipy() {
    List<Map<String, Object>> cases = Json.cases(Fixtures.ab(), "welch_raw");
    assertThat(cases).hasSize(60);
    for (Map<String, Object> c : cases) {
      SampleStats control = SampleStats.of(Json.doubles(c.get("control")));
      SampleStats treatment = SampleStats.of(Json.doubles(c.get("treatment")));
      WelchTTest.Result r = WelchTTest.test(control, treatment, Json.d(c.get("confidence_level")));
      String kind = (String) c.get("kind");
      String id = kind + " " + control.n() + "x" + treatment.n();
      // values near 1e6 carry ~1e-10 absolute precision: every summation order (numpy's, Welford's)
      // lands within a few 1e-9 of the exact rational t, so compare those with the exact t
      boolean offset = kind.equals("offset");
      double tol = offset ? 5e-9 : 1e-12;
      assertThat(relErr(r.t(), Json.d(c.get("t_exact")), 1e-300))
          .as("t vs exact " + id)
          .isLessThan(tol);
      if (!offset) {
        assertThat(relErr(r.t(), Json.d(c.get("t")), 1e-300)).as("t " + id).isLessThan(1e-12);
      }
      assertThat(relErr(r.df(), Json.d(c.get("df")), 1e-300))
          .as("df " + id)
          .isLessThan(offset ? 5e-9 : 1e-12);
      assertThat(relErr(r.pValue(), Json.d(c.get("p")), 1e-300))
          .as("p " + id)
          .isLessThan(offset ? 3e-8 : 1e-11); // p amplifies the t error by |t f(t) / p|
      double scale = Math.abs(Json.d(c.get("ci_high")) - Json.d(c.get("ci_low")));
      double tolCi = offset ? 5e-9 : 1e-11;
      assertThat(relErr(r.ciLower(), Json.d(c.get("ci_low")), scale))
          .as("lo " + id)
          .isLessThan(tolCi);
      assertThat(relErr(r.ciUpper(), Json.d(c.get("ci_high")), scale))
          .as("hi " + id)
          .isLessThan(tolCi);
    }
  }

  @Test
  void welchFromSummaryStatisticsMatchesScipy() {
    for (Map<String, Object> c : Json.cases(Fixtures.ab(), "welch_stats")) {
      Map<String, Object> a = map(c.get("control"));
      Map<String, Object> b = map(c.get("treatment"));
      SampleStats control = SampleStats.ofMeanVariance(
          Json.l(a.get("n")), Json.d(a.get("mean")), Json.d(a.get("sd")) * Json.d(a.get("sd")));
      SampleStats treatment = SampleStats.ofMeanVariance(
          Json.l(b.get("n")), Json.d(b.get("mean")), Json.d(b.get("sd")) * Json.d(b.get("sd")));
      WelchTTest.Result r = WelchTTest.test(control, treatment, Json.d(c.get("confidence_level")));
      String id = control.n() + "x" + treatment.n();
      assertThat(relErr(r.t(), Json.d(c.get("t")), 1e-300)).as("t " + id).isLessThan(1e-12);
      assertThat(relErr(r.df(), Json.d(c.get("df")), 1e-300)).as("df " + id).isLessThan(1e-12);
      assertThat(relErr(r.pValue(), Json.d(c.get("p")), 1e-300)).as("p " + id).isLessThan(1e-11);
      double scale = Math.abs(Json.d(c.get("ci_high")) - Json.d(c.get("ci_low")));
      assertThat(relErr(r.ciLower(), Json.d(c.get("ci_low")), scale))
          .as("lo " + id)
          .isLessThan(1e-11);
      assertThat(relErr(r.ciUpper(), Json.d(c.get("ci_high")), scale))
          .as("hi " + id)
          .isLessThan(1e-11);
    }
  }

  /** The A/B entry point: n >= 2 enforced, the level checked, zero variances as scipy (t = inf, df 1, p 0). */
  @Test
  void sampleStatsEntryPointEdges() {
    assertThatThrownBy(() -> WelchTTest.test(SampleStats.of(1), SampleStats.of(1, 2), 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control");
    assertThatThrownBy(() -> WelchTTest.test(SampleStats.of(1, 2), SampleStats.of(1, 2), 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    WelchTTest.Result constant =
        WelchTTest.test(SampleStats.of(3, 3, 3), SampleStats.of(5, 5), 0.95);
    assertThat(constant.t()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(constant.df()).isEqualTo(1.0);
    assertThat(constant.pValue()).isZero();
    assertThat(constant.difference()).isEqualTo(2.0);
    assertThat(constant.significant()).isTrue();
    // the two entry points are one computation: Moments a - b = SampleStats treatment a minus
    // control b
    double[] x = {1, 2, 3, 4};
    double[] y = {2, 4, 6, 8};
    WelchTTest.Result viaMoments = WelchTTest.test(x, y);
    WelchTTest.Result viaStats = WelchTTest.test(SampleStats.of(y), SampleStats.of(x), 0.95);
    assertThat(viaMoments.t()).isCloseTo(viaStats.t(), offset(1e-14));
    assertThat(viaMoments.pValue()).isCloseTo(viaStats.pValue(), offset(1e-14));
    assertThat(viaMoments.ciLower()).isCloseTo(viaStats.ciLower(), offset(1e-13));
  }
}
