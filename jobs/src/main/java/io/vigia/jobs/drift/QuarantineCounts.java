package io.vigia.jobs.drift;

import io.vigia.jobs.drift.ModelKey.TenantModel;
import java.util.Map;
import java.util.SortedMap;

/**
 * Prediction lines ingest quarantined on the window's landing dates: per tenant x model (the model_id
 * read from the raw line) and reason, and per tenant those whose model_id could not be read.
 */
record QuarantineCounts(
    Map<TenantModel, SortedMap<String, Long>> byModelAndReason,
    Map<String, Long> unattributedByTenant) {

  static final QuarantineCounts NONE = new QuarantineCounts(Map.of(), Map.of());

  long unattributed() {
    return unattributedByTenant.values().stream().mapToLong(Long::longValue).sum();
  }
}
