package io.vigia.jobs.drift;

import io.vigia.jobs.drift.ModelKey.TenantModel;
import java.util.Map;

/**
 * The result of the performance join ({@link DriftTransforms#performance}): error sums per model of
 * the reference and of the window; per tenant x model the outcomes of the window and of those the
 * ones matching no prediction (orphans); per model the window's outcomes whose model_id differs from
 * their prediction's.
 */
record PerformanceCounts(
    Map<ModelKey, ErrorSums> reference,
    Map<ModelKey, ErrorSums> current,
    Map<TenantModel, OutcomeCounts> outcomes,
    Map<ModelKey, Long> mismatched) {

  static final PerformanceCounts NONE =
      new PerformanceCounts(Map.of(), Map.of(), Map.of(), Map.of());

  /** Outcomes whose ts lies in the window, and of those the ones whose prediction_id matches none. */
  record OutcomeCounts(long inWindow, long orphans) {
    OutcomeCounts plus(OutcomeCounts other) {
      return new OutcomeCounts(inWindow + other.inWindow, orphans + other.orphans);
    }
  }
}
