package io.vigia.jobs.drift;

/**
 * The drift-score mappings. Every component lies in [0, 1]; reaching a threshold gives 0.5 and twice
 * the threshold 1.0, the convention of the SQL function calculate_drift_score() (V1 migration).
 */
final class DriftScores {
  private DriftScores() {}

  static double clamp01(double x) {
    return Math.max(0, Math.min(1, x));
  }

  /** 0.5 x / threshold clamped to [0, 1]: the threshold maps to 0.5, twice it to 1. NaN stays NaN. */
  static double ramp(double x, double threshold) {
    return Double.isNaN(x) ? Double.NaN : clamp01(0.5 * x / threshold);
  }

  /**
   * Concept-drift score, the same formula as the SQL function calculate_drift_score() (V1 migration):
   * m = clamp(0.5 ((mape_cur - mape_ref) / mape_ref) / mape_threshold); mape_ref = 0 gives m = 1 if
   * mape_cur > 0 else 0; a = clamp(0.5 ((acc_ref - acc_cur) / acc_ref) / accuracy_threshold);
   * acc_ref = 0 gives a = 0; result = max of the components whose inputs are present, NaN if none.
   */
  static double concept(
      double mapeCur, double mapeRef, double accCur, double accRef, double mapeThr, double accThr) {
    double m = Double.NaN;
    double a = Double.NaN;
    if (!Double.isNaN(mapeCur) && !Double.isNaN(mapeRef)) {
      m = mapeRef > 0
          ? clamp01(0.5 * ((mapeCur - mapeRef) / mapeRef) / mapeThr)
          : (mapeCur > mapeRef ? 1 : 0);
    }
    if (!Double.isNaN(accCur) && !Double.isNaN(accRef)) {
      a = accRef > 0 ? clamp01(0.5 * ((accRef - accCur) / accRef) / accThr) : 0;
    }
    if (Double.isNaN(m)) {
      return a;
    }
    return Double.isNaN(a) ? m : Math.max(m, a);
  }

  /**
   * Overall drift score, the same formula as the SQL function combine_drift_scores() (V1 migration):
   * 0.40 concept + 0.35 data + 0.25 prediction (the design's weights); a missing (NaN) component is
   * left out and the present weights renormalised to sum 1; NaN if all are missing.
   */
  static double combine(double concept, double data, double prediction) {
    double num = 0;
    double den = 0;
    if (!Double.isNaN(concept)) {
      num += 0.40 * concept;
      den += 0.40;
    }
    if (!Double.isNaN(data)) {
      num += 0.35 * data;
      den += 0.35;
    }
    if (!Double.isNaN(prediction)) {
      num += 0.25 * prediction;
      den += 0.25;
    }
    return den == 0 ? Double.NaN : clamp01(num / den);
  }
}
