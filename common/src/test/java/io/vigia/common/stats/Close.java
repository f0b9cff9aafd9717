package io.vigia.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Map;
import java.util.TreeMap;

/** Relative-tolerance comparison that also records the worst relative error seen per quantity. */
final class Close {
  private static final Map<String, Double> WORST = new TreeMap<>();

  private Close() {}

  /**
   * Asserts {@code |actual - expected| <= rel * |expected|}; NaN must match NaN, infinities must be equal,
   * and an expected 0 is compared absolutely ({@code |actual| <= rel}).
   */
  static void rel(double actual, double expected, double rel, String quantity, String label) {
    if (Double.isNaN(expected)) {
      assertThat(actual).as("%s %s", quantity, label).isNaN();
      return;
    }
    if (Double.isInfinite(expected)) {
      assertThat(actual).as("%s %s", quantity, label).isEqualTo(expected);
      return;
    }
    if (Double.isNaN(actual)) {
      fail("%s %s: got NaN, expected %s", quantity, label, expected);
    }
    double err =
        expected == 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
    record(quantity, err);
    if (!(err <= rel)) {
      fail(
          "%s %s: got %s, expected %s (relative error %.3g > %.1g)",
          quantity, label, actual, expected, err, rel);
    }
  }

  /** Absolute comparison (for values near 0 where a relative error means nothing). */
  static void abs(double actual, double expected, double tol, String quantity, String label) {
    if (Double.isNaN(expected)) {
      assertThat(actual).as("%s %s", quantity, label).isNaN();
      return;
    }
    double err = Math.abs(actual - expected);
    record(quantity + " (abs)", err);
    if (!(err <= tol)) {
      fail(
          "%s %s: got %s, expected %s (absolute error %.3g > %.1g)",
          quantity, label, actual, expected, err, tol);
    }
  }

  private static synchronized void record(String quantity, double err) {
    WORST.merge(quantity, err, Math::max);
  }

  /** Prints the worst errors seen so far (the figures quoted in the commit message). */
  static synchronized void report(String suite) {
    StringBuilder b =
        new StringBuilder("[after " + suite + "] worst errors vs reference so far in this JVM:");
    WORST.forEach((k, v) -> b.append(String.format("%n  %-40s %.3g", k, v)));
    System.out.println(b);
  }
}
