package io.vigia.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Moments, Welch's t-test and the variance-ratio F test against scipy. */
class WelchTTestTest {

    @AfterAll
    static void report() {
        Close.report("Moments/Welch/F");
    }

    @TestFactory
    Stream<DynamicTest> agreesWithScipyTtestInd() {
        List<Map<String, Object>> cases = Json.cases(Fixtures.doc(), "welch");
        assertThat(cases).hasSizeGreaterThan(10);
        return cases.stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
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
            // scipy subtracts two rounded means, so its t carries a relative error of a few ulps times
            // cond = max|mean| / |mean difference|; the tolerance against scipy widens by that (it only
            // matters for 'huge_offset', cond ~ 7e6), while against the exact-arithmetic t it stays tight.
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
        assertThat(w.pValue()).isCloseTo(0.15158050484530375, offset(1e-14));   // scipy
    }

    @Test
    void edgeCasesFollowScipy() {
        WelchTTest.Result constant = WelchTTest.test(new double[] {1, 1, 1}, new double[] {2, 2, 2});
        assertThat(constant.t()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(constant.df()).isEqualTo(1.0);
        assertThat(constant.pValue()).isZero();
        WelchTTest.Result same = WelchTTest.test(new double[] {1, 1, 1}, new double[] {1, 1, 1});
        assertThat(same.t()).isNaN();
        assertThat(same.pValue()).isNaN();
        assertThat(WelchTTest.test(new double[] {1}, new double[] {1, 2, 3}).pValue()).isNaN();
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
}
