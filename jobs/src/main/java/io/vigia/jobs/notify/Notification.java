package io.vigia.jobs.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** One outbox row, as read for sending. */
record Notification(
    long outboxId,
    String key,
    String tenantId,
    String kind,
    String severity,
    String title,
    String text,
    String sourceTable,
    String sourceId,
    Instant occurredAt,
    JsonNode details) {

  /** A claimed delivery: one notification, or one digest of a tenant's day on a channel. */
  record Delivery(
      long id,
      String channel,
      String key,
      int attempts,
      String tenantId,
      Notification single,
      Digest digest) {
    String kind() {
      return single != null ? single.kind() : "digest";
    }

    String severity() {
      return single != null ? single.severity() : digest.severity();
    }
  }

  /** A daily digest: its day, how many notifications it holds and the first of them (at most digest-max-items). */
  record Digest(LocalDate day, int total, List<Notification> items) {
    String severity() {
      return items.stream()
          .map(Notification::severity)
          .max(java.util.Comparator.comparingInt(io.vigia.common.settings.NotifySettings::rank))
          .orElse("low");
    }
  }
}
