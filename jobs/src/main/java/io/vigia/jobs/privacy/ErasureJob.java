package io.vigia.jobs.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.vigia.common.events.EventTypes;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.Scope;
import io.vigia.jobs.ingest.IngestJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * erasure: works off the erasure_requests requested in the window (GDPR Art. 17). For each pending
 * request it deletes the subject's user_feedback rows (or, mode pseudonymise, replaces user_id by a
 * random "erased:" id), replaces the subject's unit_id in ab_experiment_observations by that id (the
 * experiment statistics stay valid), pseudonymises data_subject_id in the Delta data_access events (the
 * access records are themselves audit evidence), deletes the subject's rows from the sanitized
 * feedback copy, then VACUUMs the Delta tables it rewrote (retention
 * vigia.privacy.erasure-vacuum-retention-hours). It records one data_deletion audit event per request
 * and the per-table counts in erasure_requests.touched. The PostgreSQL and Delta changes are idempotent
 * (a re-run finds nothing left to change); the request's status and audit row commit with the run.
 */
public final class ErasureJob implements Job {
  public static final String NAME = "erasure";
  private static final Logger LOG = LoggerFactory.getLogger(ErasureJob.class);

  static final StructType AUDIT = new StructType()
      .add("dedup_key", "string").add("tenant_id", "string").add("event_type", "string").add("source", "string")
      .add("record_ref", "string").add("pii_types", DataTypes.createArrayType(DataTypes.StringType, false))
      .add("field_count", "int").add("actor", "string").add("purpose", "string").add("legal_basis", "string")
      .add("gdpr_compliant", "boolean").add("risk_level", "string").add("requires_review", "boolean")
      .add("blocked", "boolean").add("event_time", "timestamp").add("record_count", "long").add("source_job", "string");
  static final StructType REQUEST = new StructType()
      .add("id", "long").add("status", "string").add("processed_at", "timestamp").add("touched", "string")
      .add("message", "string");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "erase (delete or pseudonymise) the data of queued data subjects in PostgreSQL and Delta; data_deletion audit";
  }

  public record Request(long id, String tenant, String subject, Timestamp requestedAt, String requestedBy, String mode,
      String status, String touched) {}

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    List<Request> requests = requests(ctx);
    PiiScan scan = PiiScan.of(ctx.settings(), Map.of());
    List<Row> audit = new ArrayList<>();
    List<Row> updates = new ArrayList<>();
    long erased = 0;
    for (Request r : requests) {
      Map<String, Long> touched;
      if (r.status().equals("pending")) {
        touched = erase(ctx, r);
        erased++;
        String json = toJson(touched);
        updates.add(RowFactory.create(r.id(), "done", Timestamp.from(ctx.clock().instant()), json,
            "erased (" + r.mode() + ") by run " + ctx.runId()));
        LOG.info("{}: request {} of tenant {} done: {}", NAME, r.id(), r.tenant(), json);
      } else {
        touched = parse(r.touched());
      }
      long total = touched.values().stream().mapToLong(Long::longValue).sum();
      String ref = scan.sanitizer().recordRef(r.tenant(), "erasure_request", Long.toString(r.id()));
      audit.add(RowFactory.create(ref, r.tenant(), "data_deletion", "erasure", ref,
          scala.jdk.javaapi.CollectionConverters.asScala(List.copyOf(touched.keySet())).toSeq(),
          (int) touched.values().stream().filter(v -> v > 0).count(), r.requestedBy(), "gdpr_erasure",
          "legal_obligation", true, "low", false, false, r.requestedAt(), total, NAME));
    }
    Scope scope = Scope.within("event_time", ctx.window()).and("source_job = ?", NAME);
    ctx.writer().replace("privacy_audit_log", ctx.spark().createDataFrame(audit, AUDIT).coalesce(1), scope);
    if (!updates.isEmpty()) {
      ctx.writer().update("erasure_requests", ctx.spark().createDataFrame(updates, REQUEST).coalesce(1),
          Scope.within("requested_at", ctx.window()).and("status = 'pending'"), List.of("id"));
    }
    return JobResult.of(requests.size(), requests.size(), 0, ctx.writer().stagedCounts(),
        requests.size() + " erasure requests in the window, " + erased + " carried out now");
  }

  private static List<Request> requests(JobContext ctx) throws SQLException {
    List<Request> out = new ArrayList<>();
    try (Connection c = ctx.db().connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT id, tenant_id, subject_id, requested_at, requested_by, mode, status, touched::text FROM erasure_requests "
            + "WHERE requested_at >= ? AND requested_at < ? AND (? IS NULL OR tenant_id = ?) AND status <> 'failed' ORDER BY id")) {
      ps.setTimestamp(1, Timestamp.from(ctx.window().start()));
      ps.setTimestamp(2, Timestamp.from(ctx.window().end()));
      ps.setString(3, ctx.tenant().orElse(null));
      ps.setString(4, ctx.tenant().orElse(null));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Request(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4), rs.getString(5),
              rs.getString(6), rs.getString(7), rs.getString(8)));
        }
      }
    }
    return out;
  }

  /** Erases one subject everywhere; returns rows changed per table. */
  static Map<String, Long> erase(JobContext ctx, Request r) throws SQLException {
    Map<String, Long> touched = new LinkedHashMap<>();
    String pseudonym = "erased:" + UUID.randomUUID();
    try (Connection c = ctx.db().connect()) {
      c.setAutoCommit(false);
      String fb = r.mode().equals("delete")
          ? "DELETE FROM user_feedback WHERE tenant_id = ? AND user_id = ?"
          : "UPDATE user_feedback SET user_id = ?, comment = NULL WHERE tenant_id = ? AND user_id = ?";
      touched.put("user_feedback", exec(c, fb, r.mode().equals("delete") ? new Object[] {r.tenant(), r.subject()}
          : new Object[] {pseudonym, r.tenant(), r.subject()}));
      touched.put("ab_experiment_observations", exec(c,
          "UPDATE ab_experiment_observations SET unit_id = ? WHERE tenant_id = ? AND unit_id = ?",
          new Object[] {pseudonym, r.tenant(), r.subject()}));
      c.commit();
    }
    List<String> rewritten = new ArrayList<>();
    String events = IngestJob.eventsPath(ctx, EventTypes.DATA_ACCESS);
    String match = "tenant_id = '" + r.tenant().replace("'", "''") + "' AND data_subject_id = '"
        + r.subject().replace("'", "''") + "'";
    if (DeltaTable.isDeltaTable(ctx.spark(), events)) {
      long n = ctx.spark().read().format("delta").load(events).filter(match).count();
      if (n > 0) {
        DeltaTable.forPath(ctx.spark(), events).update(org.apache.spark.sql.functions.expr(match),
            Map.of("data_subject_id", lit(pseudonym)));
        rewritten.add(events);
      }
      touched.put("lake/events/data_access", n);
    }
    String sanitizedFb = ctx.lake("sanitized", "user_feedback");
    if (DeltaTable.isDeltaTable(ctx.spark(), sanitizedFb)) {
      String m = "tenant_id = '" + r.tenant().replace("'", "''") + "' AND user_id = '" + r.subject().replace("'", "''") + "'";
      long n = ctx.spark().read().format("delta").load(sanitizedFb).filter(m).count();
      if (n > 0) {
        DeltaTable.forPath(ctx.spark(), sanitizedFb).delete(m);
        rewritten.add(sanitizedFb);
      }
      touched.put("lake/sanitized/user_feedback", n);
    }
    vacuum(ctx, rewritten);
    return touched;
  }

  /** VACUUM with the configured retention; below Delta's 168-hour guard the guard is lifted for this call only. */
  static void vacuum(JobContext ctx, List<String> paths) {
    int hours = ctx.settings().privacyErasureVacuumRetentionHours;
    String key = "spark.databricks.delta.retentionDurationCheck.enabled";
    String before = ctx.spark().conf().get(key, "true");
    try {
      if (hours < 168) {
        ctx.spark().conf().set(key, "false");
      }
      for (String p : paths) {
        DeltaTable.forPath(ctx.spark(), p).vacuum(hours);
      }
    } finally {
      ctx.spark().conf().set(key, before);
    }
  }

  private static long exec(Connection c, String sql, Object[] params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      return ps.executeUpdate();
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  static String toJson(Map<String, Long> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Long> parse(String json) {
    if (json == null || json.isBlank()) {
      return new LinkedHashMap<>();
    }
    try {
      return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Long>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("erasure_requests.touched is not a JSON object of counts: " + json, e);
    }
  }

  /** Queues a request (the CLI's `vigia erase`); returns its id and request time. */
  public static Request enqueue(io.vigia.common.db.Database db, String tenant, String subject, String mode,
      String requestedBy, java.time.Instant at) throws SQLException {
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO erasure_requests (tenant_id, subject_id, requested_at, requested_by, mode) VALUES (?, ?, ?, ?, ?) "
            + "RETURNING id")) {
      ps.setString(1, tenant);
      ps.setString(2, subject);
      ps.setTimestamp(3, Timestamp.from(at));
      ps.setString(4, requestedBy);
      ps.setString(5, mode);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Request(rs.getLong(1), tenant, subject, Timestamp.from(at), requestedBy, mode, "pending", "{}");
      }
    }
  }

  /** The touched counts recorded for a request. */
  public static String touched(io.vigia.common.db.Database db, long id) throws SQLException {
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT status || ' ' || touched::text FROM erasure_requests WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "missing";
      }
    }
  }
}
