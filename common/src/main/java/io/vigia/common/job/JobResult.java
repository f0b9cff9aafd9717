package io.vigia.common.job;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run did: records in, processed and quarantined (in = ok + quarantined always holds), the
 * rows it wrote per output, and a one-line message.
 */
public record JobResult(
    long recordsIn,
    long recordsOk,
    long recordsQuarantined,
    Map<String, Long> outputs,
    String message) {
  public JobResult {
    if (recordsIn != recordsOk + recordsQuarantined) {
      throw new IllegalStateException("records in (" + recordsIn + ") != processed (" + recordsOk
          + ") + quarantined (" + recordsQuarantined + ")");
    }
    outputs = Map.copyOf(new LinkedHashMap<>(outputs));
  }

  public static JobResult of(
      long in, long ok, long quarantined, Map<String, Long> outputs, String message) {
    return new JobResult(in, ok, quarantined, outputs, message);
  }

  /** The result of a run the runner skipped (the job is switched off): nothing read or written. */
  static JobResult skipped(String reason) {
    return new JobResult(0, 0, 0, Map.of(), SKIPPED + reason);
  }

  /** Whether this is the result of a skipped run. */
  public boolean skipped() {
    return message.startsWith(SKIPPED);
  }

  static final String SKIPPED = "skipped: ";
}
