package io.vigia.jobs.drift;

import org.apache.spark.sql.Row;

/**
 * The sums behind the error metrics of one model and side, over its predictions joined to their
 * outcomes ({@link DriftTransforms#performance}): finite (y, yhat) pairs and their error sums, the
 * pairs with y != 0 and their absolute percentage errors, the pairs with y = 0, the symmetric
 * percentage errors, and the labelled pairs (actual and predicted class) and the correct ones.
 */
record ErrorSums(long pairs, double sumAbsError, double sumSquaredError, long nonZeroActuals,
    double sumAbsPercentageError, long zeroActuals, double sumSymmetricPercentageError, long labeled,
    long correct) {

  /** The aggregation columns, in the order of the record's fields. */
  static final String[] COLUMNS = {"pairs", "sum_abs_error", "sum_squared_error", "non_zero_actuals",
      "sum_abs_percentage_error", "zero_actuals", "sum_symmetric_percentage_error", "labeled", "correct"};

  /** Decodes {@link #COLUMNS} of an aggregated row by name; a NULL sum (no pair) is 0. */
  static ErrorSums of(Row r) {
    return new ErrorSums(count(r, "pairs"), sum(r, "sum_abs_error"), sum(r, "sum_squared_error"),
        count(r, "non_zero_actuals"), sum(r, "sum_abs_percentage_error"), count(r, "zero_actuals"),
        sum(r, "sum_symmetric_percentage_error"), count(r, "labeled"), count(r, "correct"));
  }

  private static long count(Row r, String name) {
    return r.isNullAt(r.fieldIndex(name)) ? 0 : r.<Number>getAs(name).longValue();
  }

  private static double sum(Row r, String name) {
    return r.isNullAt(r.fieldIndex(name)) ? 0 : r.<Number>getAs(name).doubleValue();
  }
}
