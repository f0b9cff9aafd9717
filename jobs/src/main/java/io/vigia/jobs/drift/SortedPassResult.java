package io.vigia.jobs.drift;

import java.util.List;
import org.apache.spark.sql.Row;

/**
 * What the sorted pass ({@link SortedFeaturePass}) found for one numeric feature (or the prediction):
 * the two-sample KS statistic, its p-value and method (NaN / null when a side is empty), and the
 * reference and current counts per PSI bin over the exact reference quantile cuts.
 */
record SortedPassResult(
    double ksStatistic,
    double ksPValue,
    String ksMethod,
    long[] binsReference,
    long[] binsCurrent) {

  /** Decodes a row of {@link SortedFeaturePass#SCHEMA} by column name. */
  static SortedPassResult of(Row r) {
    double d = r.isNullAt(r.fieldIndex("ks_d")) ? Double.NaN : r.<Double>getAs("ks_d");
    double p = r.isNullAt(r.fieldIndex("ks_p")) ? Double.NaN : r.<Double>getAs("ks_p");
    return new SortedPassResult(
        d,
        p,
        r.getAs("ks_method"),
        longs(r.getList(r.fieldIndex("bins_ref"))),
        longs(r.getList(r.fieldIndex("bins_cur"))));
  }

  private static long[] longs(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  int binCount() {
    return binsReference.length;
  }
}
