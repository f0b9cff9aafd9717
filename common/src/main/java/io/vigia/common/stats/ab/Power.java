package io.vigia.common.stats.ab;

import io.vigia.common.stats.Distributions;

/**
 * Sample size and power of the two-sided test of a difference of means, by the normal approximation
 * (a z-test with known variance; the t-test needs a handful more units at small n, immaterial at the
 * sample sizes an experiment needs).
 *
 * <p><b>Absolute scale, pooled variance</b> (the textbook formula; Spotify Confidence's
 * {@code power_calculation} and {@code SampleSize.continuous}, checked there against G*Power). The effect
 * to detect is {@code delta = success_threshold * |control mean|}:
 * <pre>
 *   n per group = 2 sigma^2 (z_{1-alpha/2} + z_{power})^2 / delta^2            (rounded up)
 *   power(n1, n2) = Phi(delta / (sigma sqrt(1/n1 + 1/n2)) - z_{1-alpha/2}) + Phi(-delta / (...) - z_{1-alpha/2})
 * </pre>
 * The sample-size formula drops the far tail, so the power reached at the returned {@code n} is at least
 * the target.
 *
 * <p><b>Relative scale, delta method</b> (GrowthBook {@code packages/shared/src/power/power.ts}:
 * {@code powerEstFrequentist}, {@code findMdeFrequentist}). The relative lift has standard error
 * {@code se = sqrt(sigma^2 / (mu^2 n) + sigma^2 mu^2 (1+e)^2 / (mu^4 n))} for {@code n} units per arm, so
 * <pre>
 *   power = 1 - Phi(z_{1-alpha/2} - e/se) + Phi(-z_{1-alpha/2} - e/se)
 *   n per group = (z_{1-alpha/2} + z_{power})^2 sigma^2 (1 + (1+e)^2) / (mu^2 e^2)
 * </pre>
 * With a {@link ConfidenceSequence} the fixed-horizon {@code z se} is replaced by the sequence's
 * half-width at {@code N = 2n}, which is what GrowthBook's sequential power does.
 */
public final class Power {

  /** Target power of the experiments job. */
  public static final double DEFAULT_POWER = 0.8;

  private Power() {}

  /** Pooled variance {@code ((n1-1) s1^2 + (n2-1) s2^2) / (n1 + n2 - 2) = (M2_1 + M2_2) / (n1 + n2 - 2)}. */
  public static double pooledVariance(SampleStats a, SampleStats b) {
    long df = a.n() + b.n() - 2;
    if (df < 1) {
      throw new IllegalArgumentException("pooled variance needs at least 3 observations");
    }
    return (a.m2() + b.m2()) / df;
  }

  /**
   * Units per group (rounded up) for the two-sided test of a relative effect on the control mean.
   *
   * @param relativeEffect success threshold, e.g. 0.05 for 5 % (its sign is irrelevant)
   * @param controlMean    control (baseline) mean, non-zero
   * @param pooledVariance variance of one observation
   * @param alpha          {@code 1 - confidence_level}
   * @param power          target power, e.g. {@link #DEFAULT_POWER}
   */
  public static long requiredSampleSizePerGroup(
      double relativeEffect,
      double controlMean,
      double pooledVariance,
      double alpha,
      double power) {
    return (long) Math.ceil(requiredSampleSizePerGroupAbsolute(
        relativeEffect * Math.abs(controlMean), pooledVariance, alpha, power));
  }

  /** Unrounded units per group to detect an absolute difference {@code delta} (see class doc). */
  public static double requiredSampleSizePerGroupAbsolute(
      double delta, double variance, double alpha, double power) {
    checkProbabilities(alpha, power);
    if (delta == 0.0 || !(variance >= 0.0)) {
      throw new IllegalArgumentException("need a non-zero effect and a variance >= 0");
    }
    double z =
        Distributions.normalQuantile(1.0 - alpha / 2.0) + Distributions.normalQuantile(power);
    return 2.0 * variance * z * z / (delta * delta);
  }

  /** Power reached with {@code n1} and {@code n2} units for a relative effect on the control mean. */
  public static double achievedPower(
      double relativeEffect,
      double controlMean,
      double pooledVariance,
      long n1,
      long n2,
      double alpha) {
    return achievedPowerAbsolute(
        relativeEffect * Math.abs(controlMean), pooledVariance, n1, n2, alpha);
  }

  /** Power reached with {@code n1} and {@code n2} units for an absolute difference {@code delta}. */
  public static double achievedPowerAbsolute(
      double delta, double variance, long n1, long n2, double alpha) {
    if (n1 < 1 || n2 < 1) {
      return 0.0;
    }
    double se = Math.sqrt(variance * (1.0 / n1 + 1.0 / n2));
    return powerFromStandardError(delta, se, alpha);
  }

  /**
   * Two-sided power {@code Phi(|e|/se - z) + Phi(-|e|/se - z)}, {@code z = z_{1-alpha/2}}, of a normal
   * estimate with standard error {@code se} when the true effect is {@code e}.
   */
  public static double powerFromStandardError(double effect, double standardError, double alpha) {
    checkProbabilities(alpha, 0.5);
    double z = Distributions.normalQuantile(1.0 - alpha / 2.0);
    double standardized = Math.abs(effect) / standardError;
    return Distributions.normalCdf(standardized - z) + Distributions.normalCdf(-standardized - z);
  }

  /**
   * Delta-method standard error of the relative lift when the treatment mean is {@code mu (1 + e)},
   * both arms have variance {@code sigma^2} and {@code nPerArm} units.
   */
  public static double relativeStandardError(
      double relativeEffect, double mean, double variance, double nPerArm) {
    double treatmentMean = mean * (1.0 + relativeEffect);
    return Math.sqrt(
        RelativeLift.variance(mean, variance / nPerArm, treatmentMean, variance / nPerArm));
  }

  /** GrowthBook's fixed-horizon power of the relative test ({@code powerEstFrequentist}, no sequential). */
  public static double achievedPowerRelative(
      double relativeEffect, double mean, double variance, double nPerArm, double alpha) {
    return powerFromStandardError(
        relativeEffect, relativeStandardError(relativeEffect, mean, variance, nPerArm), alpha);
  }

  /**
   * Power of the relative test read off a {@link ConfidenceSequence} at {@code N = 2 nPerArm}: the effect
   * is detected when it exceeds the sequence's half-width (GrowthBook {@code sequentialPowerStandardError}).
   */
  public static double achievedPowerRelativeSequential(
      double relativeEffect,
      double mean,
      double variance,
      double nPerArm,
      double alpha,
      double tuning) {
    double se = relativeStandardError(relativeEffect, mean, variance, nPerArm);
    return powerFromStandardError(
        relativeEffect, sequentialEquivalentSe(se, 2.0 * nPerArm, alpha, tuning), alpha);
  }

  /** Units per arm for the relative test (delta method); the inverse of {@link #minimumDetectableRelativeEffect}. */
  public static double requiredSampleSizePerGroupRelative(
      double relativeEffect, double mean, double variance, double alpha, double power) {
    checkProbabilities(alpha, power);
    double z =
        Distributions.normalQuantile(1.0 - alpha / 2.0) + Distributions.normalQuantile(power);
    double ratio = 1.0 + relativeEffect;
    return z
        * z
        * variance
        * (1.0 + ratio * ratio)
        / (mean * mean * relativeEffect * relativeEffect);
  }

  /**
   * Smallest positive relative effect detected with the given power at {@code nPerArm} units per arm
   * (GrowthBook {@code findMdeFrequentist}); {@code NaN} when no such effect exists at this sample.
   */
  public static double minimumDetectableRelativeEffect(
      double mean, double variance, double nPerArm, double alpha, double power) {
    return mde(mean, variance, nPerArm, alpha, power);
  }

  /** As {@link #minimumDetectableRelativeEffect} for a {@link ConfidenceSequence} read at {@code N = 2 nPerArm}. */
  public static double minimumDetectableRelativeEffectSequential(
      double mean, double variance, double nPerArm, double alpha, double power, double tuning) {
    // the per-unit variance that makes z_{1-alpha/2} sqrt(v / nPerArm) equal to the sequence's
    // half-width
    double n = 2.0 * nPerArm;
    double equivalent = sequentialEquivalentSe(Math.sqrt(variance / n), n, alpha, tuning);
    return mde(mean, n * equivalent * equivalent, nPerArm, alpha, power);
  }

  private static double mde(
      double mean, double variance, double nPerArm, double alpha, double power) {
    checkProbabilities(alpha, power);
    double z =
        Distributions.normalQuantile(1.0 - alpha / 2.0) - Distributions.normalQuantile(1.0 - power);
    double m = Math.abs(mean);
    double sigma2 = variance / nPerArm;
    double a = 1.0 - z * z * sigma2 / (m * m);
    if (!(a > 0.0)) {
      return Double.NaN;
    }
    double b = -2.0 * m;
    double c = m * m - z * z * sigma2;
    double root = (-b + Math.sqrt(b * b - 4.0 * a * c)) / (2.0 * a);
    return (root - m) / m;
  }

  /**
   * The standard error a fixed-horizon two-sided test would need for its {@code z se} to equal the
   * confidence sequence's half-width at total sample {@code n}.
   */
  static double sequentialEquivalentSe(
      double standardError, double n, double alpha, double tuning) {
    double rho = ConfidenceSequence.rho(alpha, tuning);
    double discriminant = ConfidenceSequence.discriminant(n, rho, alpha);
    return standardError
        * Math.sqrt(n * discriminant)
        / Distributions.normalQuantile(1.0 - alpha / 2.0);
  }

  private static void checkProbabilities(double alpha, double power) {
    if (!(alpha > 0.0 && alpha < 1.0) || !(power > 0.0 && power < 1.0)) {
      throw new IllegalArgumentException(
          "alpha and power must be in (0, 1): alpha=" + alpha + ", power=" + power);
    }
  }
}
