package io.vigia.common.settings;

import java.io.Serializable;

/**
 * vigia.ab.*: the experiments job's defaults and guardrails.
 *
 * @param minSampleSize per arm, when the experiment does not give its own
 * @param latencyMargin tolerated relative worsening of latency_ms (non-inferiority margin), e.g. 0.10 = 10 %
 * @param costMargin tolerated relative worsening of cost_usd (non-inferiority margin)
 * @param sequentialTuning confidence-sequence tuning tau; 0 = 2 x the experiment's min_sample_size
 * @param hodgesLehmannMaxSample experiments with at most this many primary observations also get the
 *     Hodges-Lehmann shift (0 = never)
 */
public record ExperimentSettings(
    boolean enabled,
    long minSampleSize,
    double confidenceLevel,
    double latencyMargin,
    double costMargin,
    double sequentialTuning,
    long hodgesLehmannMaxSample)
    implements Serializable {

  static ExperimentSettings read(SettingsReader r) {
    return new ExperimentSettings(
        r.bool("vigia.ab.enabled"),
        r.longIn("vigia.ab.min-sample-size", 2, Long.MAX_VALUE),
        r.dblOpen("vigia.ab.confidence-level", 0, 1),
        r.dblIn("vigia.ab.latency-margin", 0, 10),
        r.dblIn("vigia.ab.cost-margin", 0, 10),
        r.dblIn("vigia.ab.sequential-tuning", 0, 1e12),
        r.longIn("vigia.ab.hodges-lehmann-max-sample", 0, 5_000_000));
  }

  /** Whether vigia.ab.sequential-tuning is set (else each experiment's tuning comes from its planned sample). */
  public boolean sequentialTuningSet() {
    return sequentialTuning > 0;
  }
}
