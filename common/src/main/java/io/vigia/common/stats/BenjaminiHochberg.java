package io.vigia.common.stats;

/**
 * Former home of Benjamini-Hochberg, kept only while DriftJob (being split) still calls {@link #adjust};
 * to remove at merge: call {@link MultipleTesting#benjaminiHochberg} instead.
 */
@Deprecated
public final class BenjaminiHochberg {

    private BenjaminiHochberg() {
    }

    /** {@link MultipleTesting#benjaminiHochberg}. */
    public static double[] adjust(double[] pValues) {
        return MultipleTesting.benjaminiHochberg(pValues);
    }
}
