package io.vigia.jobs.drift;

import io.vigia.common.settings.Settings;

/** The vigia.drift.* settings the drift computations read, by name (see {@link Settings}). */
record DriftSettings(long minSampleSize, double fdrAlpha, double ksThreshold, double psiThreshold, int nBins,
    long inMemoryKeyValues, double mapeThreshold, double accuracyThreshold, double qualityAlertShare,
    String referenceMode, int outcomeLatenessDays) {

  static DriftSettings of(Settings s) {
    return new DriftSettings(s.driftMinSampleSize, s.driftFdrAlpha, s.driftKsThreshold, s.driftPsiThreshold,
        s.driftNBins, s.driftInMemoryKeyValues, s.driftMapeThreshold, s.driftAccuracyThreshold,
        s.driftQualityAlertShare, s.driftReferenceMode, s.driftOutcomeLatenessDays);
  }

  /** Both sides have at least min-sample-size observations. */
  boolean sufficient(long reference, long current) {
    return reference >= minSampleSize && current >= minSampleSize;
  }
}
