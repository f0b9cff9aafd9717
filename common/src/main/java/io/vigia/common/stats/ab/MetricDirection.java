package io.vigia.common.stats.ab;

import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which way a metric improves. Error, latency and cost metrics (MAPE, sMAPE, MAE, RMSE, absolute
 * percentage error, latency, cost) are lower-is-better; accuracy is higher-is-better (issue 4, "Metric
 * direction"). {@link #orient} turns a change into an improvement: positive means better.
 */
public enum MetricDirection {
  HIGHER_IS_BETTER(1.0),
  LOWER_IS_BETTER(-1.0);

  /** Sorted, so the unknown-metric message is the same on every JVM (a Set.of's order is not). */
  private static final SortedSet<String> LOWER = sorted(
      "mape",
      "smape",
      "mae",
      "rmse",
      "ape",
      "absolute_percentage_error",
      "latency",
      "latency_ms",
      "cost",
      "cost_usd");

  private static final SortedSet<String> HIGHER = sorted("accuracy");

  private final double sign;

  MetricDirection(double sign) {
    this.sign = sign;
  }

  private static SortedSet<String> sorted(String... names) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(names)));
  }

  /** {@code +1} when higher is better, {@code -1} when lower is better. */
  public double sign() {
    return sign;
  }

  /** The improvement a change represents: {@code change} or {@code -change}. */
  public double orient(double change) {
    return sign * change;
  }

  /**
   * The direction of a metric by its name (case-insensitive).
   *
   * @throws IllegalArgumentException for a metric the experiments job does not know
   */
  public static MetricDirection forMetric(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (LOWER.contains(key)) {
      return LOWER_IS_BETTER;
    }
    if (HIGHER.contains(key)) {
      return HIGHER_IS_BETTER;
    }
    throw new IllegalArgumentException(
        "unknown metric '" + name + "': expected one of " + LOWER + " or " + HIGHER);
  }
}
