package io.vigia.common.stats;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import java.util.TreeMap;
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
 */
public final class LogBucketSketch {
  private LogBucketSketch() {}

  /** Relative accuracy used for every latency sketch in vigia. */
  public static final double ALPHA = 0.01;
  public static final double GAMMA = (1 + ALPHA) / (1 - ALPHA);
  private static final double LN_GAMMA = Math.log(GAMMA);
  /** Key of the zero bucket (values <= 0). */
  public static final int ZERO_BUCKET = Integer.MIN_VALUE;

  /** Bucket of one value (Java; the same formula as {@link #bucket(Column)}). */
  public static int bucket(double x) {
    return x > 0 ? (int) Math.ceil(Math.log(x) / LN_GAMMA) : ZERO_BUCKET;
  }

  /** Spark column: the bucket of a double column (NULL stays NULL). */
  public static Column bucket(Column x) {
    return when(x.gt(0), ceil(log(x).divide(lit(LN_GAMMA))).cast("int"))
        .when(x.isNotNull(), lit(ZERO_BUCKET));
  }

  /** The value a bucket stands for. */
  public static double value(int bucket) {
    return bucket == ZERO_BUCKET ? 0 : 2 * Math.pow(GAMMA, bucket) / (GAMMA + 1);
  }

  /** The nearest-rank q-quantile estimate from bucket counts; NaN when empty. */
  public static double quantile(Map<Integer, Long> counts, double q) {
    long n = counts.values().stream().mapToLong(Long::longValue).sum();
    if (n == 0) {
      return Double.NaN;
    }
    long rank = rank(n, q);
    long seen = 0;
    for (Map.Entry<Integer, Long> e : new TreeMap<>(counts).entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return value(e.getKey());
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** 1-based nearest rank ceil(q n), at least 1. */
  public static long rank(long n, double q) {
    return Math.max(1, (long) Math.ceil(q * n - 1e-9));
  }
}
