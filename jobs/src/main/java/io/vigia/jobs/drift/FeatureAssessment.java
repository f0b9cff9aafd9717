package io.vigia.jobs.drift;

/**
 * The verdict on one feature of a model: its kind (what most of its values are), the counts tested
 * per side, KS (numeric) or chi-squared (categorical) and PSI, the Benjamini-Hochberg adjusted p-value
 * (NaN when not among the hypotheses), whether the sample is sufficient, significant after BH and
 * drifted, the feature score, its bad values, and the input it was assessed from (bins, categories).
 */
record FeatureAssessment(
    String feature,
    boolean numeric,
    long referenceCount,
    long currentCount,
    double ksStatistic,
    double ksPValue,
    double psi,
    double chi2PValue,
    double pValueAdjusted,
    boolean sufficient,
    boolean significant,
    boolean drifted,
    double score,
    FeatureQuality quality,
    FeatureDriftInput input) {

  String kind() {
    return numeric ? "numeric" : "categorical";
  }

  /** The p-value among the BH hypotheses: KS p for numeric, chi-squared p for categorical. */
  double testPValue() {
    return numeric ? ksPValue : chi2PValue;
  }

  FeatureAssessment adjusted(double adjustedPValue, boolean isSignificant, boolean isDrifted) {
    return new FeatureAssessment(
        feature,
        numeric,
        referenceCount,
        currentCount,
        ksStatistic,
        ksPValue,
        psi,
        chi2PValue,
        adjustedPValue,
        sufficient,
        isSignificant,
        isDrifted,
        score,
        quality,
        input);
  }

  /**
   * Values of the feature missing per side (predictions without it, or with JSON null), of the other
   * type than its kind per side (left out of the tests), and NaN in the window (numeric only).
   */
  record FeatureQuality(
      long missingReference,
      long missingCurrent,
      long wrongTypeReference,
      long wrongTypeCurrent,
      long nanCurrent) {}
}
