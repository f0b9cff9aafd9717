package io.vigia.common.stats.ab;

/**
 * Welch's unequal-variance t-test for the absolute difference of means, treatment minus control, from
 * two {@link SampleStats} states.
 *
 * <pre>
 *   diff = mean_t - mean_c          se^2 = s_t^2 / n_t + s_c^2 / n_c
 *   t    = diff / se
 *   df   = se^4 / ( (s_t^2/n_t)^2 / (n_t - 1) + (s_c^2/n_c)^2 / (n_c - 1) )   (Welch-Satterthwaite)
 *   p    = P(|T_df| >= |t|)         CI = diff -/+ t_{df, 1 - alpha/2} * se
 * </pre>
 *
 * Matches {@code scipy.stats.ttest_ind(treatment, control, equal_var=False)} and its
 * {@code confidence_interval()}, GrowthBook gbstats {@code TwoSidedTTest} with
 * {@code difference_type="absolute"} ({@code gbstats/frequentist/tests.py}) and Spotify Confidence's
 * {@code t_test_computer} (Welch dof); see the tests for the published vectors.
 */
public final class WelchTest {

    private WelchTest() {
    }

    /**
     * Result of the test.
     *
     * @param difference      {@code mean_t - mean_c}
     * @param standardError   {@code sqrt(s_t^2/n_t + s_c^2/n_c)}
     * @param t               {@code difference / standardError}
     * @param df              Welch-Satterthwaite degrees of freedom
     * @param pValue          two-sided p-value; {@code NaN} when the standard error is 0
     * @param ciLower         lower end of the two-sided interval for the difference
     * @param ciUpper         upper end
     * @param confidenceLevel level of the interval, {@code 1 - alpha}
     */
    public record Result(double difference, double standardError, double t, double df, double pValue,
                         double ciLower, double ciUpper, double confidenceLevel) {

        /** Whether the interval excludes 0 (equivalently {@code p < alpha}). */
        public boolean significant() {
            return ciLower > 0.0 || ciUpper < 0.0;
        }
    }

    /**
     * Runs the test. Each sample needs {@code n >= 2}. When both variances are 0 the standard error is 0:
     * {@code t}, {@code df} and {@code pValue} are then {@code NaN} (as scipy returns) and the interval
     * collapses to the difference.
     *
     * @param control         control sample state
     * @param treatment       treatment sample state
     * @param confidenceLevel e.g. 0.95
     */
    public static Result test(SampleStats control, SampleStats treatment, double confidenceLevel) {
        double alpha = Distributions.alpha(confidenceLevel);
        requireTwo(control, "control");
        requireTwo(treatment, "treatment");
        double vc = control.varianceOfMean();
        double vt = treatment.varianceOfMean();
        double difference = treatment.mean() - control.mean();
        double se2 = vc + vt;
        if (se2 == 0.0) {
            return new Result(difference, 0.0, Double.NaN, Double.NaN, Double.NaN, difference, difference,
                    confidenceLevel);
        }
        double se = Math.sqrt(se2);
        double df = welchSatterthwaite(vc, control.n(), vt, treatment.n());
        double t = difference / se;
        double p = Distributions.tTwoSidedP(t, df);
        double half = Distributions.tCritical(alpha, df) * se;
        return new Result(difference, se, t, df, p, difference - half, difference + half, confidenceLevel);
    }

    /**
     * Welch-Satterthwaite degrees of freedom from the two squared standard errors of the means
     * {@code v_i = s_i^2 / n_i}: {@code (v_c + v_t)^2 / (v_c^2 / (n_c - 1) + v_t^2 / (n_t - 1))}.
     */
    public static double welchSatterthwaite(double varianceOfMeanControl, long nControl,
                                            double varianceOfMeanTreatment, long nTreatment) {
        double sum = varianceOfMeanControl + varianceOfMeanTreatment;
        return sum * sum / (varianceOfMeanControl * varianceOfMeanControl / (nControl - 1)
                + varianceOfMeanTreatment * varianceOfMeanTreatment / (nTreatment - 1));
    }

    static void requireTwo(SampleStats s, String name) {
        if (s.n() < 2) {
            throw new IllegalArgumentException(name + " needs at least 2 observations, has " + s.n());
        }
    }
}
