package io.vigia.common.stats;

import java.util.Objects;

/**
 * Mergeable state for forecast / prediction error metrics over (actual y, predicted yhat) pairs, all
 * reported as fractions, not percent (definitions after Hyndman and Koehler 2006, "Another look at
 * measures of forecast accuracy", Int. J. Forecasting 22(4)):
 * <ul>
 *   <li>MAE = mean |y - yhat|;</li>
 *   <li>RMSE = sqrt(mean (y - yhat)^2);</li>
 *   <li>MAPE = mean(|y - yhat| / |y|) over the rows with {@code y != 0} only; rows with a zero actual
 *       are excluded (the ratio is undefined) and counted in {@link #zeroActuals()}, so the caller can
 *       report how much of the window MAPE ignores. NaN when every actual is 0;</li>
 *   <li>sMAPE = mean(2 |y - yhat| / (|y| + |yhat|)) with 0/0 := 0 (both zero is a perfect forecast);
 *       this is the bounded "sMAPE in [0, 2]" form of Hyndman and Koehler (2006) (Makridakis 1993's
 *       symmetric MAPE with absolute values in the denominator), not the percent variant;</li>
 *   <li>accuracy = fraction of rows with {@code yhat == y} exactly: meaningful for classifiers whose labels
 *       are encoded as numbers; {@link #addLabels} feeds non-numeric labels, which count only towards
 *       accuracy.</li>
 * </ul>
 * Rows where y or yhat is NaN or infinite are skipped and counted in {@link #invalid()}. The state is
 * plain sums (no cancellation: every summand is non-negative), so {@link #merge} is exact addition.
 */
public final class ErrorMetrics {
    private long n;
    private double sumAbs;
    private double sumSq;
    private long nApe;
    private double sumApe;
    private long zeroActuals;
    private double sumSape;
    private long labeled;
    private long correct;
    private long invalid;

    /** Adds one numeric (actual, predicted) pair. */
    public ErrorMetrics add(double actual, double predicted) {
        if (!Double.isFinite(actual) || !Double.isFinite(predicted)) {
            invalid++;
            return this;
        }
        double e = Math.abs(actual - predicted);
        n++;
        sumAbs += e;
        sumSq += e * e;
        if (actual != 0) {
            nApe++;
            sumApe += e / Math.abs(actual);
        } else {
            zeroActuals++;
        }
        double den = Math.abs(actual) + Math.abs(predicted);
        sumSape += den == 0 ? 0.0 : 2 * e / den;
        labeled++;
        if (actual == predicted) {
            correct++;
        }
        return this;
    }

    /** Adds one (actual, predicted) class-label pair: counts towards accuracy only. Null labels are invalid. */
    public ErrorMetrics addLabels(Object actual, Object predicted) {
        if (actual == null || predicted == null) {
            invalid++;
            return this;
        }
        labeled++;
        if (Objects.equals(actual, predicted)) {
            correct++;
        }
        return this;
    }

    public ErrorMetrics merge(ErrorMetrics o) {
        n += o.n;
        sumAbs += o.sumAbs;
        sumSq += o.sumSq;
        nApe += o.nApe;
        sumApe += o.sumApe;
        zeroActuals += o.zeroActuals;
        sumSape += o.sumSape;
        labeled += o.labeled;
        correct += o.correct;
        invalid += o.invalid;
        return this;
    }

    /** Numeric rows used for MAE/RMSE/sMAPE. */
    public long n() {
        return n;
    }

    public double mae() {
        return n == 0 ? Double.NaN : sumAbs / n;
    }

    public double rmse() {
        return n == 0 ? Double.NaN : Math.sqrt(sumSq / n);
    }

    /** MAPE over rows with a non-zero actual, as a fraction. */
    public double mape() {
        return nApe == 0 ? Double.NaN : sumApe / nApe;
    }

    /** Rows used by MAPE. */
    public long mapeCount() {
        return nApe;
    }

    /** Rows excluded from MAPE because the actual is 0. */
    public long zeroActuals() {
        return zeroActuals;
    }

    /** sMAPE in [0, 2], as a fraction. */
    public double smape() {
        return n == 0 ? Double.NaN : sumSape / n;
    }

    /** Fraction of exact matches among labelled rows. */
    public double accuracy() {
        return labeled == 0 ? Double.NaN : (double) correct / labeled;
    }

    public long labeled() {
        return labeled;
    }

    /** Rows skipped for NaN/infinite values or null labels. */
    public long invalid() {
        return invalid;
    }
}
