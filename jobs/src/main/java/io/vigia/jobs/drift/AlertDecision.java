package io.vigia.jobs.drift;

import java.time.Instant;

/**
 * A drift alert a model's assessment calls for (before {@link AlertPolicy} decides whether it is new,
 * an update or suppressed): type, severity, the drift score it carries (null when none), whether
 * retraining is triggered and by when it is due, and a note for the reader (null when none).
 */
record AlertDecision(
    String type,
    String severity,
    Double score,
    boolean retrainingTriggered,
    Instant retrainingDueBy,
    String note) {
  static final String DRIFT = "drift_detected";
  static final String PERFORMANCE = "performance_degradation";
  static final String DATA_QUALITY = "data_quality";
}
