package io.vigia.jobs.erasure;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.vigia.common.events.EventTypes;
import io.vigia.common.job.DeltaSink;
import io.vigia.common.job.Faults;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.job.Scope;
import io.vigia.common.json.Json;
import io.vigia.jobs.ingest.IngestJob;
import io.vigia.jobs.privacyscan.PiiScan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * erasure: works off the erasure_requests requested in the window (GDPR Art. 17). For each pending
 * request it deletes the subject's user_feedback rows (or, mode pseudonymise, replaces user_id by a
 * random "erased:" id and clears the comment), replaces the subject's unit_id in
 * ab_experiment_observations by that id (the experiment statistics stay valid), pseudonymises
 * data_subject_id in the Delta data_access events (the access records are themselves audit evidence)
 * and deletes the subject's rows from the sanitized feedback copy, then VACUUMs the Delta tables it
 * rewrote (retention vigia.privacy.erasure-vacuum-retention-hours). It records one data_deletion audit
 * event per request (record_count = rows changed) and the rows changed per table in
 * erasure_requests.touched. Subject and tenant are only ever values: bound JDBC parameters and Spark
 * Column literals, never SQL text.
 *
 * <p>Crash safety. The request's status, touched counts and audit row always agree with what was
 * erased, whatever point a run dies at, and the next run over the window finishes the request:
 * <ul>
 *   <li>PostgreSQL: the job counts the subject's rows, and the DELETE/UPDATE statements run inside the
 *       run's commit transaction ({@link io.vigia.common.job.ResultWriter#alsoInCommit(String, List, long)}),
 *       together with the request's status 'done', its touched counts, its audit row and the ledger row.
 *       A statement that changes another number of rows than counted rolls the whole commit back. So the
 *       PostgreSQL erasure is committed exactly when the request is marked done.</li>
 *   <li>Delta cannot join that transaction, so each Delta rewrite (one atomic Delta commit per request
 *       and table) carries the request as its commit userMetadata ("vigia erasure request ID requested
 *       T"). The count recorded for a table is the sum of numUpdatedRows/numDeletedRows of that
 *       request's commits in the table history: the same whether the rewrite happened in this run or in
 *       a run killed after it. A rewrite is done only while matching rows remain, so a re-run never
 *       rewrites twice. While a request is pending, the Delta log is the record of what was already
 *       erased; its history must outlive a failed run by less than delta.logRetentionDuration (30 days).</li>
 *   <li>VACUUM runs for every table with a commit of a request being completed, in each run until the
 *       commit: it is idempotent.</li>
 * </ul>
 * The pseudonym is drawn per run: a request resumed after a crash may pseudonymise its Delta rows and
 * its PostgreSQL rows with two different "erased:" ids (each table's rows of the subject share one).
 * Two pending requests for the same subject in one run: the first erases, the second finds nothing
 * left and records 0.
 */
public final class ErasureJob implements Job {
  public static final String NAME = "erasure";
  private static final Logger LOG = LoggerFactory.getLogger(ErasureJob.class);
  static final String ACCESS = "lake/events/data_access";
  static final String SANITIZED_FEEDBACK = "lake/sanitized/user_feedback";

  static final StructType AUDIT = new StructType()
      .add("dedup_key", "string")
      .add("tenant_id", "string")
      .add("event_type", "string")
      .add("source", "string")
      .add("record_ref", "string")
      .add("pii_types", DataTypes.createArrayType(DataTypes.StringType, false))
      .add("field_count", "int")
      .add("actor", "string")
      .add("purpose", "string")
      .add("legal_basis", "string")
      .add("gdpr_compliant", "boolean")
      .add("risk_level", "string")
      .add("requires_review", "boolean")
      .add("blocked", "boolean")
      .add("event_time", "timestamp")
      .add("record_count", "long")
      .add("source_job", "string");
  static final StructType REQUEST = new StructType()
      .add("id", "long")
      .add("status", "string")
      .add("processed_at", "timestamp")
      .add("touched", "string")
      .add("message", "string");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "erase (delete or pseudonymise) the data of queued data subjects in PostgreSQL and Delta; data_deletion audit";
  }

  public record Request(
      long id,
      String tenant,
      String subject,
      Timestamp requestedAt,
      String requestedBy,
      String mode,
      String status,
      String touched) {
    /** The columns {@link #of} reads, in its order. */
    static final String COLUMNS =
        "id, tenant_id, subject_id, requested_at, requested_by, mode, status, touched::text";

    /** The request in the current row of a result set that selected {@link #COLUMNS}. */
    static Request of(ResultSet rs) throws SQLException {
      return new Request(
          rs.getLong(1),
          rs.getString(2),
          rs.getString(3),
          rs.getTimestamp(4),
          rs.getString(5),
          rs.getString(6),
          rs.getString(7),
          rs.getString(8));
    }
  }

  @Override
  public RunRules rules() {
    return RunRules.NONE
        .exclusive("sanitized/user_feedback", "events/data_access")
        .directWrites(
            "Delta lake/events/data_access and lake/sanitized/user_feedback: each request's rewrite is one "
                + "commit tagged with the request, before the PostgreSQL commit, and is counted from the table history, so "
                + "the run that finishes a request reports what a killed run already rewrote; VACUUM follows");
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    // read: the window's requests
    List<Request> requests = requests(ctx);
    PiiScan scan = PiiScan.of(ctx.settings(), Map.of());

    // compute: per pending request, its PostgreSQL counts (erased at commit) and its Delta erasure
    // (done now)
    List<Row> audit = new ArrayList<>();
    List<Row> updates = new ArrayList<>();
    Set<String> toVacuum = new LinkedHashSet<>();
    Set<List<String>> subjectsSeen = new HashSet<>();
    long erased = 0;
    for (Request r : requests) {
      Map<String, Long> touched;
      if (r.status().equals("pending")) {
        String pseudonym = "erased:" + UUID.randomUUID();
        boolean firstForSubject = subjectsSeen.add(List.of(r.tenant(), r.subject()));
        touched = new LinkedHashMap<>(erasePostgresAtCommit(ctx, r, pseudonym, firstForSubject));
        touched.putAll(eraseDelta(ctx, r, pseudonym));
        deltaTables(ctx).forEach((table, path) -> {
          if (touched.getOrDefault(table, 0L) > 0) {
            toVacuum.add(path);
          }
        });
        erased++;
        String json = Json.write(touched);
        updates.add(RowFactory.create(
            r.id(),
            "done",
            Timestamp.from(ctx.clock().instant()),
            json,
            "erased (" + r.mode() + ") by run " + ctx.runId()));
        LOG.info(
            "{}: request {} of tenant {} erased at commit: {}", NAME, r.id(), r.tenant(), json);
      } else {
        touched = parse(r.touched());
      }
      audit.add(auditRow(scan, r, touched));
    }
    vacuum(ctx, List.copyOf(toVacuum));
    Faults.haltIfRequested(ctx.settings(), Faults.ERASURE_VACUUMED);

    // write: audit rows, the requests' status and counts, and (staged above) the PostgreSQL
    // erasure: one commit
    Scope scope = Scope.within("event_time", ctx.window()).and("source_job = ?", NAME);
    ctx.writer()
        .replace("privacy_audit_log", ctx.spark().createDataFrame(audit, AUDIT).coalesce(1), scope);
    if (!updates.isEmpty()) {
      ctx.writer()
          .update(
              "erasure_requests",
              ctx.spark().createDataFrame(updates, REQUEST).coalesce(1),
              Scope.within("requested_at", ctx.window()).and("status = 'pending'"),
              List.of("id"));
    }
    return JobResult.of(
        requests.size(),
        requests.size(),
        0,
        ctx.writer().stagedCounts(),
        requests.size() + " erasure requests in the window, " + erased + " carried out now");
  }

  private static Row auditRow(PiiScan scan, Request r, Map<String, Long> touched) {
    long total = touched.values().stream().mapToLong(Long::longValue).sum();
    String ref = scan.sanitizer().recordRef(r.tenant(), "erasure_request", Long.toString(r.id()));
    return RowFactory.create(
        ref,
        r.tenant(),
        "data_deletion",
        "erasure",
        ref,
        scala.jdk.javaapi.CollectionConverters.asScala(List.copyOf(touched.keySet()))
            .toSeq(),
        (int) touched.values().stream().filter(v -> v > 0).count(),
        r.requestedBy(),
        "gdpr_erasure",
        "legal_obligation",
        true,
        "low",
        false,
        false,
        r.requestedAt(),
        total,
        NAME);
  }

  private static List<Request> requests(JobContext ctx) throws SQLException {
    List<Request> out = new ArrayList<>();
    try (Connection c = ctx.db().connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT " + Request.COLUMNS + " FROM erasure_requests "
                + "WHERE requested_at >= ? AND requested_at < ? AND (? IS NULL OR tenant_id = ?) AND status <> 'failed' ORDER BY id")) {
      ps.setTimestamp(1, Timestamp.from(ctx.window().start()));
      ps.setTimestamp(2, Timestamp.from(ctx.window().end()));
      ps.setString(3, ctx.tenant().orElse(null));
      ps.setString(4, ctx.tenant().orElse(null));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(Request.of(rs));
        }
      }
    }
    return out;
  }

  /**
   * Counts the subject's rows in user_feedback and ab_experiment_observations and stages the statements
   * that erase them for the run's commit transaction, each required to change exactly the rows counted.
   * A later request for a subject an earlier request of this run already erases finds nothing left.
   */
  static Map<String, Long> erasePostgresAtCommit(
      JobContext ctx, Request r, String pseudonym, boolean firstForSubject) throws SQLException {
    Map<String, Long> touched = new LinkedHashMap<>();
    long feedback = 0;
    long observations = 0;
    if (firstForSubject) {
      try (Connection c = ctx.db().connect()) {
        feedback =
            count(c, "SELECT count(*) FROM user_feedback WHERE tenant_id = ? AND user_id = ?", r);
        observations = count(
            c,
            "SELECT count(*) FROM ab_experiment_observations WHERE tenant_id = ? AND unit_id = ?",
            r);
      }
    }
    if (r.mode().equals("delete")) {
      ctx.writer()
          .alsoInCommit(
              "DELETE FROM user_feedback WHERE tenant_id = ? AND user_id = ?",
              List.of(r.tenant(), r.subject()),
              feedback);
    } else {
      ctx.writer()
          .alsoInCommit(
              "UPDATE user_feedback SET user_id = ?, comment = NULL WHERE tenant_id = ? AND user_id = ?",
              List.of(pseudonym, r.tenant(), r.subject()),
              feedback);
    }
    ctx.writer()
        .alsoInCommit(
            "UPDATE ab_experiment_observations SET unit_id = ? WHERE tenant_id = ? AND unit_id = ?",
            List.of(pseudonym, r.tenant(), r.subject()),
            observations);
    touched.put("user_feedback", feedback);
    touched.put("ab_experiment_observations", observations);
    return touched;
  }

  private static long count(Connection c, String sql, Request r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, r.tenant());
      ps.setString(2, r.subject());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Erases the subject from the Delta tables that exist (data_access events pseudonymised, sanitized
   * feedback deleted); returns per table the rows the request's rewrites changed, in this run or before.
   */
  static Map<String, Long> eraseDelta(JobContext ctx, Request r, String pseudonym) {
    Map<String, Long> touched = new LinkedHashMap<>();
    Column tenant = col("tenant_id").equalTo(lit(r.tenant()));
    String events = deltaTables(ctx).get(ACCESS);
    if (DeltaSink.exists(ctx.spark(), events)) {
      touched.put(
          ACCESS,
          rewrite(
              ctx,
              r,
              events,
              tenant.and(col("data_subject_id").equalTo(lit(r.subject()))),
              Map.of("data_subject_id", lit(pseudonym)),
              Faults.ERASURE_REWROTE_ACCESS));
    }
    String sanitized = deltaTables(ctx).get(SANITIZED_FEEDBACK);
    if (DeltaSink.exists(ctx.spark(), sanitized)) {
      touched.put(
          SANITIZED_FEEDBACK,
          rewrite(
              ctx,
              r,
              sanitized,
              tenant.and(col("user_id").equalTo(lit(r.subject()))),
              null,
              Faults.ERASURE_REWROTE_SANITIZED));
    }
    return touched;
  }

  /** The Delta tables erasure rewrites: their name in touched and their location. */
  static Map<String, String> deltaTables(JobContext ctx) {
    return Map.of(
        ACCESS,
        IngestJob.eventsPath(ctx, EventTypes.DATA_ACCESS),
        SANITIZED_FEEDBACK,
        ctx.lake("sanitized", "user_feedback"));
  }

  /**
   * One request's rewrite of one Delta table: when rows match, an UPDATE (set != null) or DELETE whose
   * commit carries the request's tag; returns the rows changed by all commits with that tag.
   */
  private static long rewrite(
      JobContext ctx,
      Request r,
      String path,
      Column match,
      Map<String, Column> set,
      String faultPoint) {
    if (!ctx.spark().read().format("delta").load(path).filter(match).isEmpty()) {
      ctx.describe("erase request " + r.id() + " from " + path);
      if (set == null) {
        ctx.delta().delete(path, match, tag(r));
      } else {
        ctx.delta().update(path, match, set, tag(r));
      }
      Faults.haltIfRequested(ctx.settings(), faultPoint);
    }
    return rowsChanged(ctx, path, tag(r));
  }

  /** The Delta commit tag of a request: its id and request time (ids alone could repeat in a new database). */
  static String tag(Request r) {
    return "vigia erasure request " + r.id() + " requested " + r.requestedAt().toInstant();
  }

  /** Rows changed by the UPDATE/DELETE commits with this tag, from the table history's operation metrics. */
  static long rowsChanged(JobContext ctx, String path, String tag) {
    long n = 0;
    for (Row h : DeltaSink.noted(ctx.spark(), path, tag)) {
      String metric = h.getString(1).equals("DELETE") ? "numDeletedRows" : "numUpdatedRows";
      Map<String, String> m = h.isNullAt(2) ? Map.of() : h.getJavaMap(2);
      String v = m.get(metric);
      if (v == null) {
        throw new IllegalStateException(
            NAME + ": Delta commit " + h.getLong(0) + " of " + path + " has no " + metric
                + " (spark.databricks.delta.history.metricsEnabled must stay true): cannot count what it erased");
      }
      n += Long.parseLong(v);
    }
    return n;
  }

  static void vacuum(JobContext ctx, List<String> paths) {
    ctx.delta().vacuum(paths, ctx.settings().privacy().erasureVacuumRetention());
  }

  static Map<String, Long> parse(String json) {
    if (json == null || json.isBlank()) {
      return new LinkedHashMap<>();
    }
    try {
      return Json.MAPPER.readValue(
          json,
          new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Long>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(
          "erasure_requests.touched is not a JSON object of counts: " + json, e);
    }
  }

  /** Queues a request (the CLI's `vigia erase`); returns its id and request time. */
  public static Request enqueue(
      io.vigia.common.db.Database db,
      String tenant,
      String subject,
      String mode,
      String requestedBy,
      java.time.Instant at)
      throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO erasure_requests (tenant_id, subject_id, requested_at, requested_by, mode) VALUES (?, ?, ?, ?, ?) "
                + "RETURNING id")) {
      ps.setString(1, tenant);
      ps.setString(2, subject);
      ps.setTimestamp(3, Timestamp.from(at));
      ps.setString(4, requestedBy);
      ps.setString(5, mode);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Request(
            rs.getLong(1), tenant, subject, Timestamp.from(at), requestedBy, mode, "pending", "{}");
      }
    }
  }

  /** The oldest pending request for a tenant's subject, if any. */
  public static java.util.Optional<Request> pending(
      io.vigia.common.db.Database db, String tenant, String subject) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT " + Request.COLUMNS + " FROM erasure_requests "
                + "WHERE tenant_id = ? AND subject_id = ? AND status = 'pending' ORDER BY id LIMIT 1")) {
      ps.setString(1, tenant);
      ps.setString(2, subject);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? java.util.Optional.of(Request.of(rs)) : java.util.Optional.empty();
      }
    }
  }

  /** The touched counts recorded for a request. */
  public static String touched(io.vigia.common.db.Database db, long id) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT status || ' ' || touched::text FROM erasure_requests WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "missing";
      }
    }
  }
}
