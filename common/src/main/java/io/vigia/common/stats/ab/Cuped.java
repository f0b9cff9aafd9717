package io.vigia.common.stats.ab;

import io.vigia.common.stats.WelchTTest;
import java.io.Serializable;

/**
 * CUPED (Deng, Xu, Kohavi and Walker 2013, "Improving the sensitivity of online controlled experiments by
 * utilizing pre-experiment data"): the metric {@code x} of each unit is adjusted by a pre-period covariate
 * {@code p} of the same unit, {@code y = x - theta p}, with one {@code theta} pooled across the variants. The
 * adjusted difference of means is unbiased (randomisation makes the pre-period means equal in expectation)
 * and its variance shrinks by about {@code rho^2}, the squared correlation of metric and covariate.
 *
 * <p>Formulas as GrowthBook gbstats' regression adjustment ({@code gbstats/models/statistics.py:
 * RegressionAdjustedStatistic, compute_theta}; {@code gbstats/models/tests.py:
 * frequentist_variance_relative_cuped}), written in terms of the mergeable state {@link Sample}
 * ({@code n}, means, {@code M2} of metric and covariate, co-moment {@code C = sum (x - mean_x)(p - mean_p)}):
 * <pre>
 *   theta       = C_joint / M2p_joint            (both variants pooled as one sample; 0 when either joint
 *                                                  variance is 0, and then nothing is adjusted)
 *   mean_adj_i  = mean_x_i - theta mean_p_i
 *   var_adj_i   = (M2x_i + theta^2 M2p_i - 2 theta C_i) / (n_i - 1)  = the sample variance of x - theta p
 *   absolute    : Welch's t on the adjusted values (difference mean_adj_t - mean_adj_c, Welch-Satterthwaite
 *                 df on var_adj): exactly scipy's ttest_ind(x_t - theta p_t, x_c - theta p_c, equal_var=False)
 *   relative    : lift = (mean_adj_t - mean_adj_c) / |mean_x_c|   (the unadjusted control mean)
 *                 Var  = var_adj_t / (n_t mean_x_c^2)
 *                      + (var_x_c mean_x_t^2 / mean_x_c^2 - 2 theta cov_c mean_x_t / mean_x_c + theta^2 var_p_c)
 *                        / (n_c mean_x_c^2)                       (delta method, GrowthBook's formula)
 *                 df   = Welch-Satterthwaite on var_adj; p and interval from Student's t as in RelativeLift
 * </pre>
 * The co-moments are added with the bivariate Welford update and merged with Chan, Golub and LeVeque's
 * pairwise formula ({@code C = C_a + C_b + d_x d_p n_a n_b / n}), as {@link SampleStats} does for one
 * variable. Checked against GrowthBook's published vectors and a numpy/scipy fixture
 * ({@code fixtures/make_cuped_fixtures.py}).
 */
public final class Cuped {

  private Cuped() {}

  /**
   * Mergeable bivariate state of one variant: the metric's and the covariate's {@link SampleStats} over the
   * same units, and their co-moment {@code C = sum (x - mean_x)(p - mean_p)}.
   */
  public record Sample(SampleStats post, SampleStats pre, double coMoment) implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Sample EMPTY = new Sample(SampleStats.EMPTY, SampleStats.EMPTY, 0.0);

    public Sample {
      if (post.n() != pre.n()) {
        throw new IllegalArgumentException(
            "metric and covariate need the same units: n " + post.n() + " vs " + pre.n());
      }
      if (Double.isNaN(coMoment)) {
        throw new IllegalArgumentException("NaN co-moment (a NaN observation?)");
      }
    }

    /** The state of paired values, by bivariate Welford updates in order. */
    public static Sample of(double[] post, double[] pre) {
      if (post.length != pre.length) {
        throw new IllegalArgumentException("metric and covariate arrays differ in length");
      }
      Sample s = EMPTY;
      for (int i = 0; i < post.length; i++) {
        s = s.add(post[i], pre[i]);
      }
      return s;
    }

    /**
     * The state from raw power sums, the form of GrowthBook's {@code RegressionAdjustedStatistic}
     * ({@code sum, sum_squares} of metric and covariate and {@code post_pre_sum_of_products}).
     */
    public static Sample fromSums(
        long n,
        double sumPost,
        double sumSquaresPost,
        double sumPre,
        double sumSquaresPre,
        double sumProducts) {
      return fromShiftedSums(n, 0, sumPost, sumSquaresPost, 0, sumPre, sumSquaresPre, sumProducts);
    }

    /**
     * The state from power sums of shifted values ({@link SampleStats#fromShiftedSums}): the metric's sums
     * of {@code x - shiftPost}, the covariate's of {@code p - shiftPre} and {@code sumProducts = sum (x -
     * shiftPost)(p - shiftPre)}; a shift changes neither the variance nor the co-moment.
     */
    public static Sample fromShiftedSums(
        long n,
        double shiftPost,
        double sumPost,
        double sumSquaresPost,
        double shiftPre,
        double sumPre,
        double sumSquaresPre,
        double sumProducts) {
      if (n == 0) {
        return EMPTY;
      }
      return new Sample(
          SampleStats.fromShiftedSums(n, shiftPost, sumPost, sumSquaresPost),
          SampleStats.fromShiftedSums(n, shiftPre, sumPre, sumSquaresPre),
          sumProducts - sumPost * sumPre / n);
    }

    /** This state with one more pair (bivariate Welford: the co-moment uses the old x and the new p mean). */
    public Sample add(double x, double p) {
      double dx = x - post.mean();
      SampleStats pre1 = pre.add(p);
      return new Sample(post.add(x), pre1, coMoment + dx * (p - pre1.mean()));
    }

    /** The state of both samples together (Chan et al.). */
    public Sample merge(Sample o) {
      if (o.n() == 0) {
        return this;
      }
      if (n() == 0) {
        return o;
      }
      double dx = o.post.mean() - post.mean();
      double dp = o.pre.mean() - pre.mean();
      double w = (double) n() * o.n() / (n() + o.n());
      return new Sample(post.merge(o.post), pre.merge(o.pre), coMoment + o.coMoment + dx * dp * w);
    }

    public long n() {
      return post.n();
    }

    /** Sample covariance {@code C / (n - 1)}; NaN for {@code n < 2}. */
    public double covariance() {
      return n() < 2 ? Double.NaN : coMoment / (n() - 1);
    }

    /** The values {@code x - theta p} as a {@link SampleStats} (M2 clamped at 0 against rounding). */
    public SampleStats adjusted(double theta) {
      if (n() == 0) {
        return SampleStats.EMPTY;
      }
      double m2 = post.m2() + theta * theta * pre.m2() - 2.0 * theta * coMoment;
      return new SampleStats(n(), post.mean() - theta * pre.mean(), Math.max(0.0, m2));
    }
  }

  /**
   * The regression-adjusted tests.
   *
   * @param theta                  the pooled coefficient
   * @param correlation            pooled correlation of metric and covariate
   * @param control                adjusted control values {@code x - theta p}
   * @param treatment              adjusted treatment values
   * @param absolute               Welch's t-test on the adjusted values
   * @param relative               the relative lift with the CUPED delta-method interval
   * @param varianceReduction      {@code 1 - Var_cuped(lift) / Var_unadjusted(lift)}: the share of the lift's
   *                               variance removed (0.3 = the interval is {@code sqrt(0.7)} as wide)
   * @param absoluteVarianceReduction the same for the absolute difference
   */
  public record Result(
      double theta,
      double correlation,
      SampleStats control,
      SampleStats treatment,
      WelchTTest.Result absolute,
      RelativeLift.Result relative,
      double varianceReduction,
      double absoluteVarianceReduction) {}

  /**
   * The pooled {@code theta = C_joint / M2p_joint} over both variants as one sample (GrowthBook's
   * {@code compute_theta}); 0 when the joint metric or covariate variance is 0.
   */
  public static double theta(Sample control, Sample treatment) {
    Sample joint = control.merge(treatment);
    if (!(joint.pre().m2() > 0.0) || !(joint.post().m2() > 0.0)) {
      return 0.0;
    }
    return joint.coMoment() / joint.pre().m2();
  }

  /** Pooled correlation of metric and covariate; NaN without variance. */
  public static double correlation(Sample control, Sample treatment) {
    Sample joint = control.merge(treatment);
    return joint.coMoment() / Math.sqrt(joint.post().m2() * joint.pre().m2());
  }

  /**
   * Runs the adjusted tests. Each variant needs {@code n >= 2}.
   *
   * @throws IllegalArgumentException when theta is 0 (no covariate variance: nothing to adjust), the control
   *                                  mean is 0, or the adjusted variances are both 0
   */
  public static Result test(Sample control, Sample treatment, double confidenceLevel) {
    double alpha = WelchTTest.checkTwoSamples(control.post(), treatment.post(), confidenceLevel);
    double theta = theta(control, treatment);
    if (theta == 0.0) {
      throw new IllegalArgumentException(
          "no variance in the metric or the covariate: nothing to adjust");
    }
    SampleStats ac = control.adjusted(theta);
    SampleStats at = treatment.adjusted(theta);
    WelchTTest.Result absolute = WelchTTest.test(ac, at, confidenceLevel);
    double mc = control.post().mean();
    double mt = treatment.post().mean();
    if (mc == 0.0) {
      throw new IllegalArgumentException("relative lift is undefined: the control mean is 0");
    }
    double vc = ac.varianceOfMean();
    double vt = at.varianceOfMean();
    if (vc + vt == 0.0) {
      throw new IllegalArgumentException(
          "relative lift needs a non-zero adjusted variance in some variant");
    }
    double mc2 = mc * mc;
    double ratio = mt / mc;
    double vTreatment = at.variance() / (treatment.n() * mc2);
    double vControl = (control.post().variance() * ratio * ratio
            - 2.0 * theta * control.covariance() * ratio
            + theta * theta * control.pre().variance())
        / (control.n() * mc2);
    double variance = vTreatment + vControl;
    if (!(variance > 0.0)) {
      throw new IllegalArgumentException("the adjusted lift has no positive variance");
    }
    double lift = (at.mean() - ac.mean()) / Math.abs(mc);
    double df = WelchTTest.welchSatterthwaite(vc, control.n(), vt, treatment.n());
    RelativeLift.Result relative = RelativeLift.result(
        lift, Math.sqrt(variance), df, alpha, confidenceLevel, control.n() + treatment.n());
    double unadjusted = RelativeLift.variance(
        mc, control.post().varianceOfMean(), mt, treatment.post().varianceOfMean());
    double unadjustedAbsolute =
        control.post().varianceOfMean() + treatment.post().varianceOfMean();
    return new Result(
        theta,
        correlation(control, treatment),
        ac,
        at,
        absolute,
        relative,
        1.0 - variance / unadjusted,
        1.0 - (vc + vt) / unadjustedAbsolute);
  }
}
