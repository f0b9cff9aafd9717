package io.vigia.common.stats.ab;

import io.vigia.common.stats.Distributions;

/**
 * The Bayesian view of an effect beside the frequentist verdict: with a flat (improper) prior the posterior of
 * the effect is {@code N(mu, se^2)} (the normal approximation GrowthBook's default uninformative prior gives),
 * {@code mu} oriented by the metric's {@link MetricDirection} so that positive is better:
 * <pre>
 *   chance to win  = P(delta &gt; 0)          = Phi(mu / se)
 *   expected loss  = E[max(0, -delta)]      = se phi(mu / se) - mu Phi(-mu / se)
 * </pre>
 * (the loss of shipping the treatment; the expectation of the negative part of a normal). Thompson sampling
 * with two arms sends each unit to the arm drawn best, so its treatment share is the chance to win.
 */
public final class ChanceToWin {

  private ChanceToWin() {}

  /**
   * @param chanceToWin  posterior probability that the treatment is better
   * @param expectedLoss expected loss of shipping the treatment, in the units of the effect
   */
  public record Result(double chanceToWin, double expectedLoss) {}

  /** From an effect (e.g. the relative lift) and its standard error, oriented by the metric's direction. */
  public static Result of(double effect, double standardError, MetricDirection direction) {
    return of(direction.orient(effect), standardError);
  }

  /** From an effect already oriented so that positive is better. */
  public static Result of(double orientedEffect, double standardError) {
    double z = orientedEffect / standardError;
    double ctw = Distributions.normalCdf(z);
    double loss = standardError * Distributions.normalDensity(z)
        - orientedEffect * Distributions.normalCdf(-z);
    return new Result(ctw, loss);
  }
}
