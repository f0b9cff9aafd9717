package io.vigia.jobs.experiments;

import java.util.Collections;
import java.util.SortedMap;

/**
 * The observations of one experiment: read (before the window end), quarantined per reason (unknown variant,
 * null, NaN or infinite metric_value) and valid rows whose pre_metric_value is not finite (not a covariate).
 */
record ObservationCounts(
    long read, SortedMap<String, Long> quarantineReasons, long preMetricValueInvalid) {
  static final ObservationCounts NONE = new ObservationCounts(0, Collections.emptySortedMap(), 0);

  long quarantined() {
    return quarantineReasons.values().stream().mapToLong(Long::longValue).sum();
  }

  long valid() {
    return read - quarantined();
  }
}
