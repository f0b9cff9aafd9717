package io.vigia.common.stats;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * A mergeable quantile sketch with a relative-error guarantee: DDSketch's logarithmic buckets
 * (Masson, Rim and Lee, "DDSketch: a fast and fully-mergeable quantile sketch with relative-error
 * guarantees", VLDB 2019). A value x > 0 goes to bucket i = ceil(log_gamma(x)) with gamma = (1 + a) /
 * (1 - a); the bucket's representative 2 gamma^i / (gamma + 1) is within a relative error a of every
 * value in (gamma^(i-1), gamma^i]. x = 0 (or below) goes to a zero bucket represented by 0 exactly.
 * Bucket counts add, so hourly sketches merge into days, ISO weeks and months without the events and
 * without averaging percentiles.
 *
 * <p><b>Quantile definition and error bound.</b> The q-quantile is the nearest-rank one: the value
 * x_(r) of 1-based rank r = ceil(q n) in the sorted values (numpy method 'inverted_cdf'). The sketch
 * returns the representative of the bucket holding x_(r), so |estimate - x_(r)| <= a x_(r), whatever
 * the number of values or merges (the counts are exact). With a = 0.01 the p95 of latencies is within 1 %.
 * The sketch is Spark columns only ({@link #bucket}, {@link #nearestRank}, {@link #value}): the performance job
 * runs them, and its fixture test (CostRollupsTest) checks the 1 % bound.
 */
public final class LogBucketSketch {
  private LogBucketSketch() {}

  /** Relative accuracy used for every latency sketch in vigia. */
  public static final double ALPHA = 0.01;

  public static final double GAMMA = (1 + ALPHA) / (1 - ALPHA);
  private static final double LN_GAMMA = Math.log(GAMMA);
  /** Key of the zero bucket (values <= 0). */
  public static final int ZERO_BUCKET = Integer.MIN_VALUE;

  /** Spark column: the bucket of a double column (NULL stays NULL). */
  public static Column bucket(Column x) {
    return when(x.gt(0), ceil(log(x).divide(lit(LN_GAMMA))).cast("int"))
        .when(x.isNotNull(), lit(ZERO_BUCKET));
  }

  /** Spark column: the value a bucket stands for, {@code 2 gamma^i / (gamma + 1)}, 0 for the zero bucket. */
  public static Column value(Column bucket) {
    return when(bucket.equalTo(ZERO_BUCKET), lit(0.0))
        .when(bucket.isNotNull(), pow(lit(GAMMA), bucket).multiply(2).divide(GAMMA + 1));
  }

  /**
   * Spark column: the 1-based nearest rank {@code ceil(q n)} of the q-quantile among {@code n} values (the
   * estimate is the value of the first bucket whose cumulative count reaches it).
   */
  public static Column nearestRank(Column n, double q) {
    return ceil(n.multiply(q).minus(1e-9));
  }
}
