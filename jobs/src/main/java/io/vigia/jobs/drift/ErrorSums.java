package io.vigia.jobs.drift;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * The sums behind the error metrics of one model and side, over its predictions joined to their
 * outcomes ({@link DriftTransforms#performance}): finite (y, yhat) pairs and their error sums, the
 * pairs with y != 0 and their absolute percentage errors, the pairs with y = 0, the symmetric
 * percentage errors, and the labelled pairs (actual and predicted class) and the correct ones.
 */
record ErrorSums(
    long pairs,
    double sumAbsError,
    double sumSquaredError,
    long nonZeroActuals,
    double sumAbsPercentageError,
    long zeroActuals,
    double sumSymmetricPercentageError,
    long labeled,
    long correct) {

  /** The aggregation columns, in the order of the record's fields. */
  static final String[] COLUMNS = {
    "pairs",
    "sum_abs_error",
    "sum_squared_error",
    "non_zero_actuals",
    "sum_abs_percentage_error",
    "zero_actuals",
    "sum_symmetric_percentage_error",
    "labeled",
    "correct"
  };

  /**
   * The aggregations of {@link #COLUMNS} over rows with columns y and prediction (doubles), yc and
   * predicted_class (labels), counting the rows where {@code counted} holds: finite (y, prediction)
   * pairs only; MAPE's ratio over y != 0, the pairs with y = 0 counted apart; sMAPE's 2|e| / (|y| +
   * |yhat|) with 0/0 = 0 (Hyndman and Koehler 2006); labelled pairs and the correct ones.
   */
  static Column[] aggregations(Column counted) {
    Column valid = counted.and(finitePair());
    Column error = absoluteError();
    Column magnitudes = abs(col("y")).plus(abs(col("prediction")));
    Column labeled = counted.and(labeledPair());
    return new Column[] {
      sum(when(valid, 1L).otherwise(0L)).as("pairs"),
      sum(when(valid, error)).as("sum_abs_error"),
      sum(when(valid, error.multiply(error))).as("sum_squared_error"),
      sum(when(valid.and(col("y").notEqual(0)), 1L).otherwise(0L)).as("non_zero_actuals"),
      sum(when(valid.and(col("y").notEqual(0)), error.divide(abs(col("y")))))
          .as("sum_abs_percentage_error"),
      sum(when(valid.and(col("y").equalTo(0)), 1L).otherwise(0L)).as("zero_actuals"),
      sum(when(
              valid,
              when(magnitudes.equalTo(0), 0.0).otherwise(error.multiply(2).divide(magnitudes))))
          .as("sum_symmetric_percentage_error"),
      sum(when(labeled, 1L).otherwise(0L)).as("labeled"),
      sum(when(labeled.and(col("yc").equalTo(col("predicted_class"))), 1L).otherwise(0L))
          .as("correct")
    };
  }

  /** A finite (y, prediction) pair: the rows MAE, RMSE, MAPE and sMAPE average over. */
  static Column finitePair() {
    return expr(
        "y IS NOT NULL AND prediction IS NOT NULL AND NOT isnan(y) "
            + "AND NOT isnan(prediction) AND abs(y) != double('Infinity') AND abs(prediction) != double('Infinity')");
  }

  /** |y - prediction|: MAE's term. */
  static Column absoluteError() {
    return abs(col("y").minus(col("prediction")));
  }

  /** |y - prediction| / |y| of a finite pair with y != 0 (else NULL): MAPE's term. */
  static Column relativeError() {
    return when(finitePair().and(col("y").notEqual(0)), absoluteError().divide(abs(col("y"))));
  }

  /** Both the actual and the predicted class are known: the rows accuracy counts. */
  static Column labeledPair() {
    return expr("yc IS NOT NULL AND predicted_class IS NOT NULL");
  }

  /** Decodes {@link #COLUMNS} of an aggregated row by name; a NULL sum (no pair) is 0. */
  static ErrorSums of(Row r) {
    return new ErrorSums(
        countOf(r, "pairs"),
        sumOf(r, "sum_abs_error"),
        sumOf(r, "sum_squared_error"),
        countOf(r, "non_zero_actuals"),
        sumOf(r, "sum_abs_percentage_error"),
        countOf(r, "zero_actuals"),
        sumOf(r, "sum_symmetric_percentage_error"),
        countOf(r, "labeled"),
        countOf(r, "correct"));
  }

  private static long countOf(Row r, String name) {
    return r.isNullAt(r.fieldIndex(name)) ? 0 : r.<Number>getAs(name).longValue();
  }

  private static double sumOf(Row r, String name) {
    return r.isNullAt(r.fieldIndex(name)) ? 0 : r.<Number>getAs(name).doubleValue();
  }
}
