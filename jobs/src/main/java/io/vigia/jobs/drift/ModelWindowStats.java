package io.vigia.jobs.drift;

import io.vigia.common.settings.DriftSettings;
import io.vigia.common.stats.Moments;

/**
 * The predictions of one model in the reference and in the evaluation window: the count of every
 * prediction event and the moments of its (non-NULL) prediction values.
 */
record ModelWindowStats(ModelKey model, Moments reference, Moments current) {
  /** At least min-sample-size predictions on both sides: the model is monitored. */
  boolean sufficient(DriftSettings s) {
    return s.sufficient(reference.n(), current.n());
  }
}
