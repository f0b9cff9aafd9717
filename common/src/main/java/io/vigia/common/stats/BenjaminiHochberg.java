package io.vigia.common.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Benjamini-Hochberg adjusted p-values (false discovery rate), matching scipy 1.17
 * {@code scipy.stats.false_discovery_control(ps, method='bh')}: with the m p-values sorted ascending,
 * {@code q_(i) = min_{j >= i} min(1, p_(j) m / j)} (Benjamini and Hochberg 1995, JRSS B 57(1); the
 * step-up adjusted form of Yekutieli and Benjamini 1999, identical to R's {@code p.adjust(method="BH")}).
 * A feature is a discovery at FDR level alpha iff its adjusted p-value is {@code <= alpha}.
 *
 * <p>NaN-tolerant (scipy raises on NaN): a NaN p-value (e.g. a feature with insufficient data) stays
 * NaN and is excluded from m, so untested features neither count as hypotheses nor dilute the others.
 * Values outside [0, 1] are rejected.
 */
public final class BenjaminiHochberg {

    private BenjaminiHochberg() {
    }

    /** Adjusted p-values in the input order. */
    public static double[] adjust(double[] pValues) {
        double[] out = new double[pValues.length];
        Arrays.fill(out, Double.NaN);
        for (int k = 0; k < pValues.length; k++) {
            double p = pValues[k];
            if (!Double.isNaN(p) && !(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("p-value out of [0, 1] at index " + k + ": " + p);
            }
        }
        int[] order = IntStream.range(0, pValues.length).filter(k -> !Double.isNaN(pValues[k])).boxed()
            .sorted(Comparator.comparingDouble(k -> pValues[k])).mapToInt(Integer::intValue).toArray();
        int m = order.length;
        if (m == 0) {
            return out;
        }
        double running = Double.POSITIVE_INFINITY;
        for (int rank = m; rank >= 1; rank--) {
            int k = order[rank - 1];
            double q = pValues[k] * ((double) m / rank);
            running = Math.min(running, q);
            out[k] = Math.min(1.0, Math.max(0.0, running));
        }
        return out;
    }
}
