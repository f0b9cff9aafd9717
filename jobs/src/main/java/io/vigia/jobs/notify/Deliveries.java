package io.vigia.jobs.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigia.common.db.Database;
import io.vigia.common.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The delivery state in PostgreSQL (notification_deliveries, V16): plan a notification's deliveries,
 * gather a day's low-severity ones into digests, claim due deliveries (committed before sending), and
 * record what each attempt came to. Every statement binds its values.
 */
final class Deliveries {
  static final String INTERRUPTED =
      "interrupted: the run sending it ended before recording the result; re-sent "
          + "under the same key";

  private final Database db;
  private final UUID runId;

  Deliveries(Database db, UUID runId) {
    this.db = db;
    this.runId = runId;
  }

  /** One attempt's result, with its retry time (for a retry). */
  record Result(Notification.Delivery delivery, Outcome outcome, Instant retryAt) {}

  /**
   * Hands back the claims of runs that are no longer running (or whose lease ran out): they were sent
   * or not, nobody knows, so they go again under the same key. Called holding the notify run lock, so
   * no live run's claim is among them.
   */
  int recoverInterrupted(Instant now) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("UPDATE notification_deliveries d SET status = 'failed', "
                + "next_attempt_at = ?, lease_until = NULL, updated_at = ?, last_error = ? WHERE d.status = 'sending' "
                + "AND d.claimed_by IS DISTINCT FROM ? AND (d.lease_until <= ? OR NOT EXISTS (SELECT 1 FROM job_runs r "
                + "WHERE r.run_id = d.claimed_by AND r.status = 'running'))")) {
      Timestamp t = Timestamp.from(now);
      ps.setTimestamp(1, t);
      ps.setTimestamp(2, t);
      ps.setString(3, INTERRUPTED);
      ps.setObject(4, runId);
      ps.setTimestamp(5, t);
      return ps.executeUpdate();
    }
  }

  /**
   * Plans the deliveries of every notification created before {@code to} that has none yet: one per
   * channel its tenant's routes leave on, pending when its severity reaches the route's (or the
   * default) immediate threshold or it is a notification_failed, else queued for the daily digest. A
   * notification no channel takes gets one 'skipped' row, so it is not looked at again.
   */
  int plan(List<String> channels, String minSeverity, Instant to, Instant now) throws SQLException {
    return db.inTransaction(c -> {
      int n;
      Timestamp t = Timestamp.from(now);
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO notification_deliveries (outbox_id, key, channel, "
              + "tenant_id, status, next_attempt_at, created_at, updated_at) SELECT o.id, o.key, ch.channel, o.tenant_id, "
              + "CASE WHEN o.kind = 'notification_failed' OR vigia_severity_rank(o.severity) >= "
              + "vigia_severity_rank(coalesce(r.min_severity, ?)) THEN 'pending' ELSE 'queued' END, ?, ?, ? "
              + "FROM notification_outbox o CROSS JOIN unnest(?::text[]) AS ch(channel) "
              + "LEFT JOIN notification_routes r ON r.tenant_id = o.tenant_id AND r.channel = ch.channel "
              + "WHERE o.created_at < ? AND coalesce(r.enabled, true) "
              + "AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.outbox_id = o.id) ON CONFLICT DO NOTHING")) {
        ps.setString(1, minSeverity);
        ps.setTimestamp(2, t);
        ps.setTimestamp(3, t);
        ps.setTimestamp(4, t);
        ps.setArray(5, c.createArrayOf("text", channels.toArray()));
        ps.setTimestamp(6, Timestamp.from(to));
        n = ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO notification_deliveries (outbox_id, key, channel, "
              + "tenant_id, status, last_error, created_at, updated_at) SELECT o.id, o.key, 'none', o.tenant_id, 'skipped', "
              + "'no channel takes this tenant''s notifications (notification_routes)', ?, ? FROM notification_outbox o "
              + "WHERE o.created_at < ? AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.outbox_id = o.id)")) {
        ps.setTimestamp(1, t);
        ps.setTimestamp(2, t);
        ps.setTimestamp(3, Timestamp.from(to));
        ps.executeUpdate();
      }
      return n;
    });
  }

  /**
   * Gathers the queued notifications created before the end of {@code day} into that day's digest per
   * tenant and channel (key digest:DAY:CHANNEL:TENANT), in one transaction. A notification joins only a
   * digest never attempted yet, so what a receiver got under a key never changes; one that arrives after
   * its day's digest went out waits for the next day's. Returns the digests created.
   */
  int buildDigests(LocalDate day, Instant now) throws SQLException {
    Timestamp end =
        Timestamp.from(day.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    Timestamp t = Timestamp.from(now);
    return db.inTransaction(c -> {
      int created;
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO notification_deliveries (key, channel, tenant_id, "
              + "digest_day, status, next_attempt_at, created_at, updated_at) SELECT DISTINCT 'digest:' || ?::text || ':' "
              + "|| q.channel || ':' || q.tenant_id, q.channel, q.tenant_id, ?::date, 'pending', ?::timestamptz, "
              + "?::timestamptz, ?::timestamptz FROM notification_deliveries q JOIN notification_outbox o ON o.id = q.outbox_id "
              + "WHERE q.status = 'queued' AND o.created_at < ? ON CONFLICT (key, channel) DO NOTHING")) {
        ps.setString(1, day.toString());
        ps.setObject(2, day);
        ps.setTimestamp(3, t);
        ps.setTimestamp(4, t);
        ps.setTimestamp(5, t);
        ps.setTimestamp(6, end);
        created = ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE notification_deliveries q SET status = 'digested', "
              + "digest_id = g.id, updated_at = ? FROM notification_deliveries g, notification_outbox o "
              + "WHERE q.status = 'queued' AND o.id = q.outbox_id AND o.created_at < ? AND g.digest_day = ? "
              + "AND g.outbox_id IS NULL AND g.channel = q.channel AND g.tenant_id = q.tenant_id AND g.status = 'pending' "
              + "AND g.attempts = 0")) {
        ps.setTimestamp(1, t);
        ps.setTimestamp(2, end);
        ps.setObject(3, day);
        ps.executeUpdate();
      }
      return created;
    });
  }

  /**
   * Claims up to {@code limit} deliveries due by {@code dueBy} for this run (status sending, attempts + 1, a lease) and
   * commits the claim before returning: whatever happens while sending, the attempt is on record.
   * SKIP LOCKED: rows another transaction holds are left to it.
   */
  List<Notification.Delivery> claim(
      int limit, Instant dueBy, Instant now, Instant leaseUntil, int digestMaxItems)
      throws SQLException {
    record Row(
        long id,
        String channel,
        String key,
        int attempts,
        String tenant,
        Long outboxId,
        LocalDate day) {}
    List<Row> rows = new ArrayList<>();
    try (Connection c = db.connect()) {
      try (PreparedStatement ps = c.prepareStatement(
          "WITH due AS (SELECT id FROM notification_deliveries "
              + "WHERE status IN ('pending', 'failed') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ? "
              + "FOR UPDATE SKIP LOCKED) UPDATE notification_deliveries d SET status = 'sending', attempts = d.attempts + 1, "
              + "claimed_by = ?, claimed_at = ?, lease_until = ?, updated_at = ? FROM due WHERE d.id = due.id "
              + "RETURNING d.id, d.channel, d.key, d.attempts, d.tenant_id, d.outbox_id, d.digest_day")) {
        ps.setTimestamp(1, Timestamp.from(dueBy));
        ps.setInt(2, limit);
        ps.setObject(3, runId);
        ps.setTimestamp(4, Timestamp.from(now));
        ps.setTimestamp(5, Timestamp.from(leaseUntil));
        ps.setTimestamp(6, Timestamp.from(now));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long ob = rs.getLong(6);
            Long outboxId = rs.wasNull() ? null : ob;
            rows.add(new Row(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getInt(4),
                rs.getString(5),
                outboxId,
                rs.getObject(7, LocalDate.class)));
          }
        }
      }
      Map<Long, Notification> singles = notifications(
              c,
              "SELECT NULL::bigint, 0::bigint, o.* FROM notification_outbox o "
                  + "WHERE o.id = ANY(?)",
              rows.stream().filter(r -> r.outboxId != null).map(Row::outboxId).toList(),
              Integer.MAX_VALUE)
          .values()
          .stream()
          .flatMap(List::stream)
          .collect(java.util.stream.Collectors.toMap(Notification::outboxId, n -> n));
      Map<Long, List<Notification>> digests = new HashMap<>();
      Map<Long, Integer> totals = new HashMap<>();
      List<Long> digestIds =
          rows.stream().filter(r -> r.outboxId == null).map(Row::id).toList();
      if (!digestIds.isEmpty()) {
        digests = notifications(
            c,
            "SELECT q.digest_id, count(*) OVER (PARTITION BY q.digest_id), o.* FROM "
                + "notification_deliveries q JOIN notification_outbox o ON o.id = q.outbox_id WHERE q.digest_id = ANY(?) "
                + "ORDER BY q.digest_id, vigia_severity_rank(o.severity) DESC, o.occurred_at, o.id",
            digestIds,
            digestMaxItems,
            totals);
      }
      List<Notification.Delivery> out = new ArrayList<>();
      for (Row r : rows) {
        if (r.outboxId != null) {
          out.add(new Notification.Delivery(
              r.id, r.channel, r.key, r.attempts, r.tenant, singles.get(r.outboxId), null));
        } else {
          out.add(new Notification.Delivery(
              r.id,
              r.channel,
              r.key,
              r.attempts,
              r.tenant,
              null,
              new Notification.Digest(
                  r.day, totals.getOrDefault(r.id, 0), digests.getOrDefault(r.id, List.of()))));
        }
      }
      return out;
    }
  }

  private static Map<Long, List<Notification>> notifications(
      Connection c, String sql, List<Long> ids, int perGroup) throws SQLException {
    return notifications(c, sql, ids, perGroup, new HashMap<>());
  }

  /** Rows of (group, group size, notification_outbox.*) grouped by their first column, at most perGroup each. */
  private static Map<Long, List<Notification>> notifications(
      Connection c, String sql, List<Long> ids, int perGroup, Map<Long, Integer> totals)
      throws SQLException {
    Map<Long, List<Notification>> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long group = rs.getLong(1);
          totals.put(group, rs.getInt(2));
          List<Notification> l = out.computeIfAbsent(group, g -> new ArrayList<>());
          if (l.size() >= perGroup) {
            continue;
          }
          String details = rs.getString("details");
          JsonNode d = details == null ? Json.object() : Json.read(details);
          l.add(new Notification(
              rs.getLong("id"),
              rs.getString("key"),
              rs.getString("tenant_id"),
              rs.getString("kind"),
              rs.getString("severity"),
              rs.getString("title"),
              rs.getString("body"),
              rs.getString("source_table"),
              rs.getString("source_id"),
              rs.getTimestamp("occurred_at").toInstant(),
              d));
        }
      }
    }
    return out;
  }

  /**
   * Records a round's results in one transaction: sent (with the time), failed with its next attempt,
   * or dead (permanent, or attempts exhausted), each dead letter raising a notification_failed
   * notification in the outbox (its key derived from the dead delivery's, so raising it twice adds
   * nothing; a dead notification_failed raises none). Only this run's claims are updated.
   */
  void record(List<Result> results, Instant now, int maxAttempts) throws SQLException {
    db.inTransaction(c -> {
      Timestamp t = Timestamp.from(now);
      try (PreparedStatement sent = c.prepareStatement(
              "UPDATE notification_deliveries SET status = 'sent', sent_at = ?, "
                  + "lease_until = NULL, updated_at = ? WHERE id = ? AND claimed_by = ? AND status = 'sending'");
          PreparedStatement failed =
              c.prepareStatement("UPDATE notification_deliveries SET status = ?, "
                  + "next_attempt_at = ?, last_error = ?, lease_until = NULL, updated_at = ? WHERE id = ? AND claimed_by = ? "
                  + "AND status = 'sending'");
          PreparedStatement raise = c.prepareStatement(
              "INSERT INTO notification_outbox (key, tenant_id, kind, severity, "
                  + "title, body, source_table, source_id, occurred_at, details, run_id) VALUES (?, ?, 'notification_failed', "
                  + "'high', ?, ?, 'notification_deliveries', ?, ?, ?::jsonb, ?) ON CONFLICT (key) DO NOTHING")) {
        for (Result r : results) {
          Notification.Delivery d = r.delivery();
          Outcome o = r.outcome();
          if (o.kind() == Outcome.Kind.SENT) {
            sent.setTimestamp(1, t);
            sent.setTimestamp(2, t);
            sent.setLong(3, d.id());
            sent.setObject(4, runId);
            sent.addBatch();
            continue;
          }
          boolean dead = o.kind() == Outcome.Kind.PERMANENT || d.attempts() >= maxAttempts;
          String error = o.error()
              + (dead && o.kind() == Outcome.Kind.RETRY
                  ? " (attempt " + d.attempts() + " of " + maxAttempts + ")"
                  : "");
          failed.setString(1, dead ? "dead" : "failed");
          failed.setTimestamp(2, Timestamp.from(dead ? now : r.retryAt()));
          failed.setString(3, error);
          failed.setTimestamp(4, t);
          failed.setLong(5, d.id());
          failed.setObject(6, runId);
          failed.addBatch();
          if (dead && !d.kind().equals(NotifyJob.FAILED_KIND)) {
            raise.setString(1, NotifyJob.FAILED_KIND + ":" + d.channel() + ":" + d.key());
            raise.setString(2, d.tenantId());
            raise.setString(
                3,
                "A " + d.severity() + " " + d.kind() + " notification could not be delivered to "
                    + d.channel());
            raise.setString(
                4,
                "Delivery " + d.id() + " (key " + d.key() + ") to " + d.channel()
                    + " is dead after " + d.attempts() + " attempt(s): " + error
                    + ". See the view notification_dead_letters.");
            raise.setString(5, String.valueOf(d.id()));
            raise.setTimestamp(6, t);
            raise.setString(
                7,
                Json.write(Json.object()
                    .put("channel", d.channel())
                    .put("delivery_id", d.id())
                    .put("failed_key", d.key())
                    .put("failed_kind", d.kind())
                    .put("failed_severity", d.severity())
                    .put("attempts", d.attempts())
                    .put("last_error", error)));
            raise.setObject(8, runId);
            raise.addBatch();
          }
        }
        sent.executeBatch();
        failed.executeBatch();
        raise.executeBatch();
      }
      return null;
    });
  }

  /** The earliest next attempt of a delivery waiting for a retry, if any. */
  java.util.Optional<Instant> nextRetry() throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT min(next_attempt_at) FROM notification_deliveries "
                + "WHERE status IN ('pending', 'failed')");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      Timestamp t = rs.getTimestamp(1);
      return java.util.Optional.ofNullable(t).map(Timestamp::toInstant);
    }
  }

  /** Deliveries per status (for the run's result and the operators' log line). */
  Map<String, Long> countByStatus() throws SQLException {
    Map<String, Long> m = new java.util.TreeMap<>();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT status, count(*) FROM notification_deliveries GROUP BY status");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        m.put(rs.getString(1), rs.getLong(2));
      }
    }
    return m;
  }
}
