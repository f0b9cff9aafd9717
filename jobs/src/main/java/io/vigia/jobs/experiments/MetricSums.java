package io.vigia.jobs.experiments;

import io.vigia.common.stats.ab.Cuped;
import io.vigia.common.stats.ab.SampleStats;

/**
 * The Spark aggregate of one metric of one experiment ({@link ExperimentTransforms#metricSums}): per variant
 * the count and the sums of the values shifted by {@code shift} (the minimum value), the treatment's rank sum
 * in the pooled ranking, the tie term {@code sum(t^3 - t)}, the range, the distinct values and the CUPED
 * covariate's sums (null when no observation carries one).
 */
record MetricSums(
    String metric,
    double shift,
    ArmSums control,
    ArmSums treatment,
    double rankSumTreatment,
    double tieTerm,
    double min,
    double max,
    long distinctValues,
    CovariateSums covariate) {

  /** One variant: n, {@code sum (x - shift)} and {@code sum (x - shift)^2}. */
  record ArmSums(long n, double sum, double sumOfSquares) {}

  /**
   * The covariate (pre_metric_value) shifted by {@code shift} (a covariate value): per variant the rows carrying
   * one, {@code sum (p - shift)}, {@code sum (p - shift)^2} and {@code sum (x - metric shift)(p - shift)}.
   */
  record CovariateSums(double shift, ArmCovariateSums control, ArmCovariateSums treatment) {
    long observations() {
      return control.n() + treatment.n();
    }
  }

  record ArmCovariateSums(long n, double sum, double sumOfSquares, double sumOfProducts) {}

  SampleStats controlStats() {
    return stats(control);
  }

  SampleStats treatmentStats() {
    return stats(treatment);
  }

  long observations() {
    return control.n() + treatment.n();
  }

  private SampleStats stats(ArmSums arm) {
    return SampleStats.fromShiftedSums(arm.n(), shift, arm.sum(), arm.sumOfSquares());
  }

  /** Whether every observation of both variants carries the covariate (CUPED needs the pairs). */
  boolean cupedReady() {
    return covariate != null
        && covariate.control().n() == control.n()
        && covariate.treatment().n() == treatment.n();
  }

  Cuped.Sample cupedControl() {
    return cupedSample(control, covariate.control());
  }

  Cuped.Sample cupedTreatment() {
    return cupedSample(treatment, covariate.treatment());
  }

  private Cuped.Sample cupedSample(ArmSums arm, ArmCovariateSums pre) {
    return Cuped.Sample.fromShiftedSums(
        arm.n(),
        shift,
        arm.sum(),
        arm.sumOfSquares(),
        covariate.shift(),
        pre.sum(),
        pre.sumOfSquares(),
        pre.sumOfProducts());
  }
}
