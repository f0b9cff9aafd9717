package io.vigia.jobs.drift;

import io.vigia.common.stats.VarianceRatioTest;
import io.vigia.common.stats.WelchTTest;
import java.util.List;

/**
 * The verdict on one model: its predictions per side and whether they suffice, its features, the
 * prediction drift tests (KS, PSI, Welch's t on the mean, F on the variance), its performance per side
 * and the relative changes, the scores and the alerts it calls for.
 */
record ModelAssessment(
    ModelWindowStats predictions,
    boolean sufficient,
    List<FeatureAssessment> features,
    PredictionDrift predictionDrift,
    PerformanceChange performance,
    Scores scores,
    List<AlertDecision> alerts,
    long mismatchedOutcomes) {

  ModelKey model() {
    return predictions.model();
  }

  int featuresDrifted() {
    return (int) features.stream().filter(FeatureAssessment::drifted).count();
  }

  /** Drift of the prediction itself: two-sample KS, PSI, Welch's t-test and the variance-ratio F-test. */
  record PredictionDrift(
      double ksStatistic,
      double ksPValue,
      String ksMethod,
      double psi,
      WelchTTest.Result welch,
      VarianceRatioTest.Result varianceRatio) {}

  /**
   * Performance of the reference and the window; for a classifier MAPE and sMAPE are NaN; whether both
   * joined samples are sufficient; MAPE's relative rise and accuracy's relative drop (NaN when undefined).
   */
  record PerformanceChange(
      Performance reference,
      Performance current,
      boolean classifier,
      double referenceMape,
      double mape,
      double smape,
      boolean sufficient,
      double mapeRelativeChange,
      double accuracyRelativeDrop) {}

  /** The drift scores ({@link DriftScores}), each in [0, 1] or NaN when it cannot be computed. */
  record Scores(double data, double concept, double prediction, double combined) {}
}
