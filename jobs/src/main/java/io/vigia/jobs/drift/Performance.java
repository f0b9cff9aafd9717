package io.vigia.jobs.drift;

/**
 * Error metrics of one model and side (definitions in {@link ErrorSums#aggregations}): n =
 * joined outcomes (pairs or labelled ones, whichever is more), MAE, RMSE, MAPE over y != 0, sMAPE,
 * accuracy over labelled pairs; NaN when there is nothing to average.
 */
record Performance(
    long n,
    double mae,
    double rmse,
    double mape,
    double smape,
    double accuracy,
    long zeroActuals,
    long labeled) {
  static final Performance NONE =
      new Performance(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0);

  static Performance of(ErrorSums s) {
    if (s == null) {
      return NONE;
    }
    long n = s.pairs();
    return new Performance(
        Math.max(n, s.labeled()),
        n == 0 ? Double.NaN : s.sumAbsError() / n,
        n == 0 ? Double.NaN : Math.sqrt(s.sumSquaredError() / n),
        s.nonZeroActuals() == 0 ? Double.NaN : s.sumAbsPercentageError() / s.nonZeroActuals(),
        n == 0 ? Double.NaN : s.sumSymmetricPercentageError() / n,
        s.labeled() == 0 ? Double.NaN : (double) s.correct() / s.labeled(),
        s.zeroActuals(),
        s.labeled());
  }
}
