package io.vigia.jobs.experiments;

import io.vigia.common.settings.Settings;

/** The vigia.ab.* settings the experiments job reads, by name (see {@link Settings}). */
record ExperimentSettings(long minSampleSize, double latencyMargin, double costMargin, double sequentialTuning,
    long hodgesLehmannMaxSample) {

  static ExperimentSettings of(Settings s) {
    return new ExperimentSettings(s.abMinSampleSize, s.abLatencyMargin, s.abCostMargin, s.abSequentialTuning,
        s.abHodgesLehmannMaxSample);
  }

  /** Whether vigia.ab.sequential-tuning is set (else each experiment's tuning comes from its planned sample). */
  boolean sequentialTuningSet() {
    return sequentialTuning > 0;
  }
}
