package io.vigia.common.stats;

import io.vigia.common.stats.ab.Distributions;

/**
 * Welch's unequal-variance two-sample t-test from two {@link Moments} states, matching scipy 1.17
 * {@code scipy.stats.ttest_ind(a, b, equal_var=False)} (two-sided):
 * {@code t = (mean_a - mean_b) / sqrt(v_a/n_a + v_b/n_b)}, Welch-Satterthwaite
 * {@code df = (v_a/n_a + v_b/n_b)^2 / ((v_a/n_a)^2/(n_a-1) + (v_b/n_b)^2/(n_b-1))}
 * (Welch 1947, Biometrika 34; Satterthwaite 1946), {@code p = 2 P(T_df >= |t|)} with Student's t
 * evaluated as {@code I_{df/(df+t^2)}(df/2, 1/2)} (Distributions.tTwoSidedP, shared with the A/B tests), which keeps
 * relative precision for tiny p. As in scipy: when df is undefined (both variances 0) it is set to 1;
 * t = +-inf gives p = 0; t = NaN (equal means and zero variances, or n < 2) gives p = NaN.
 * The mean difference is taken from the shifted states ({@link Moments#meanDifference}), so with a large
 * common offset t is more accurate than scipy's (which subtracts two rounded means).
 */
public final class WelchTTest {

    private WelchTTest() {
    }

    /**
     * @param t the statistic (mean_a - mean_b) / standard error
     * @param df Welch-Satterthwaite degrees of freedom
     * @param pValue two-sided p-value
     */
    public record Result(double t, double df, double pValue) {
    }

    public static Result test(Moments a, Moments b) {
        double na = a.n();
        double nb = b.n();
        double vna = a.variance() / na;
        double vnb = b.variance() / nb;
        double df = io.vigia.common.stats.ab.WelchTest.welchSatterthwaite(vna, a.n(), vnb, b.n());
        if (Double.isNaN(df)) {
            df = 1.0;
        }
        double t = Moments.meanDifference(a, b) / Math.sqrt(vna + vnb);
        return new Result(t, df, twoSidedStudentT(t, df));
    }

    public static Result test(double[] a, double[] b) {
        return test(Moments.of(a), Moments.of(b));
    }

    /** {@code 2 P(T_df >= |t|)}: the one Student-t tail of the project ({@link Distributions#tTwoSidedP}). */
    public static double twoSidedStudentT(double t, double df) {
        if (!(df > 0)) {
            return Double.NaN;
        }
        return Distributions.tTwoSidedP(t, df);
    }
}
