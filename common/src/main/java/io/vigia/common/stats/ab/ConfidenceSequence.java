package io.vigia.common.stats.ab;

import io.vigia.common.stats.Distributions;
import io.vigia.common.stats.WelchTTest;

/**
 * Always-valid two-sided confidence sequence for an effect estimate (absolute difference or relative
 * lift), for experiments that are looked at every day: the probability that the sequence ever excludes
 * the true effect, over all looks, is at most {@code alpha}.
 *
 * <p>This is the asymptotic normal-mixture confidence sequence of Waudby-Smith, Arbour, Sinha, Kennedy
 * and Ramdas, "Time-uniform central limit theory and asymptotic confidence sequences" (arXiv:2103.06476v7,
 * eq. 9; mixture of Howard, Ramdas, McAuliffe and Sekhon 2021), exactly as GrowthBook gbstats implements
 * it in {@code SequentialTwoSidedTTest} ({@code gbstats/frequentist/tests.py}). With {@code N = n_c + n_t}
 * observations, standard error {@code se} of the estimate and {@code s^2 = N se^2}:
 * <pre>
 *   rho^2     = (-2 ln alpha + ln(-2 ln alpha + 1)) / tau                 (eq. 161; tau = tuning parameter)
 *   halfwidth = s * sqrt( 2 (N rho^2 + 1) / (N^2 rho^2) * ln( sqrt(N rho^2 + 1) / alpha ) )
 *   p         = min(1, 1 / E),  E = exp( rho^2 N (est / se)^2 / (2 (N rho^2 + 1)) ) / sqrt(N rho^2 + 1)   (eq. 155)
 * </pre>
 * {@code p <= alpha} exactly when the interval excludes 0. The tuning parameter {@code tau} is the total
 * sample size at which the sequence is tightest; set it to the planned sample of the experiment
 * (GrowthBook's default is 5000).
 */
public final class ConfidenceSequence {

  /** GrowthBook's default {@code sequential_tuning_parameter}. */
  public static final double DEFAULT_TUNING = 5000.0;

  private ConfidenceSequence() {}

  /**
   * One look at the sequence.
   *
   * @param estimate        the point estimate (difference or lift)
   * @param standardError   its fixed-horizon standard error
   * @param ciLower         lower end of the always-valid interval
   * @param ciUpper         upper end
   * @param pValue          always-valid p-value of {@code effect = 0}
   * @param confidenceLevel {@code 1 - alpha}
   * @param tuning          tuning parameter {@code tau}
   * @param n               total sample size {@code N = n_c + n_t}
   */
  public record Result(
      double estimate,
      double standardError,
      double ciLower,
      double ciUpper,
      double pValue,
      double confidenceLevel,
      double tuning,
      long n) {

    /** Whether the sequence excludes {@code value} at this look. */
    public boolean excludes(double value) {
      return value < ciLower || value > ciUpper;
    }

    /** Whether the sequence excludes 0. */
    public boolean significant() {
      return excludes(0.0);
    }
  }

  /**
   * The tuning parameter {@code tau} for an experiment planned to reach {@code plannedTotal} observations
   * over both variants (the sample at which the sequence should be tightest); {@link #DEFAULT_TUNING} when
   * no plan is known ({@code plannedTotal <= 0}).
   */
  public static double tuningForPlannedSample(long plannedTotal) {
    return plannedTotal > 0 ? (double) plannedTotal : DEFAULT_TUNING;
  }

  /** The mixture parameter {@code rho} for a two-sided sequence (Waudby-Smith et al. eq. 161). */
  public static double rho(double alpha, double tuning) {
    if (!(tuning > 0.0)) {
      throw new IllegalArgumentException("tuning parameter must be > 0, got " + tuning);
    }
    double l = -2.0 * Math.log(alpha);
    return Math.sqrt((l + Math.log(l + 1.0)) / tuning);
  }

  /** Half-width of the sequence at total sample size {@code n} for an estimate with standard error {@code se}. */
  public static double halfWidth(double standardError, long n, double alpha, double rho) {
    return standardError * Math.sqrt(n * discriminant(n, rho, alpha));
  }

  /** {@code 2 (N rho^2 + 1) ln(sqrt(N rho^2 + 1) / alpha) / (N rho)^2}, the squared half-width per {@code s^2}. */
  static double discriminant(double n, double rho, double alpha) {
    double nr2p1 = n * rho * rho + 1.0;
    double nRho = n * rho;
    return 2.0 * nr2p1 * Math.log(Math.sqrt(nr2p1) / alpha) / (nRho * nRho);
  }

  /** The sequence at one look, for an estimate with fixed-horizon standard error {@code se} over {@code n} units. */
  public static Result of(
      double estimate, double standardError, long n, double confidenceLevel, double tuning) {
    double alpha = Distributions.alpha(confidenceLevel);
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    if (!(standardError > 0.0)) {
      throw new IllegalArgumentException("standard error must be > 0, got " + standardError);
    }
    double rho = rho(alpha, tuning);
    double half = halfWidth(standardError, n, alpha, rho);
    double z = estimate / standardError;
    double nr2p1 = n * rho * rho + 1.0;
    // log E = rho^2 N z^2 / (2 (N rho^2 + 1)) - ln sqrt(N rho^2 + 1); p = min(1, exp(-log E))
    double logE = rho * rho * n * z * z / (2.0 * nr2p1) - 0.5 * Math.log(nr2p1);
    double p = Math.min(1.0, Math.exp(-logE));
    return new Result(
        estimate, standardError, estimate - half, estimate + half, p, confidenceLevel, tuning, n);
  }

  /** The sequence for the relative lift, from the fixed-horizon delta-method result. */
  public static Result forLift(RelativeLift.Result lift, double tuning) {
    return of(lift.lift(), lift.standardError(), lift.nTotal(), lift.confidenceLevel(), tuning);
  }

  /** The sequence for the relative lift of {@code treatment} over {@code control}. */
  public static Result relative(
      SampleStats control, SampleStats treatment, double confidenceLevel, double tuning) {
    return forLift(RelativeLift.test(control, treatment, confidenceLevel), tuning);
  }

  /** The sequence for the absolute difference {@code mean_t - mean_c}. */
  public static Result absolute(
      SampleStats control, SampleStats treatment, double confidenceLevel, double tuning) {
    WelchTTest.Result w = WelchTTest.test(control, treatment, confidenceLevel);
    return of(
        w.difference(), w.standardError(), control.n() + treatment.n(), confidenceLevel, tuning);
  }
}
