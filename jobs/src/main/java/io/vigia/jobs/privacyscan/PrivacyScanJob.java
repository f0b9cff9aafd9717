package io.vigia.jobs.privacyscan;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.vigia.common.events.EventTypes;
import io.vigia.common.job.Input;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.job.Scope;
import io.vigia.common.settings.Settings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * privacy-scan: finds and sanitizes personal data in the window's prompt_text and completion_text
 * (llm_call), payload_text (action) and user_feedback.comment, writes the sanitized copies to Delta
 * (lake/sanitized/&lt;source&gt;, the window's rows replaced; the raw landing and events are untouched), and
 * writes privacy_audit_log: one pii_detected row per record with findings (types, field count,
 * confidence, method, keyed record reference) and one row per data_access event (data_access,
 * data_export or data_deletion) with its purpose, legal basis, consent check, risk level, review and
 * block flags. Every record with findings gets its audit row: the job counts both and fails if they
 * differ.
 */
public final class PrivacyScanJob implements Job {
  public static final String NAME = "privacy-scan";
  private static final Logger LOG = LoggerFactory.getLogger(PrivacyScanJob.class);

  /** GDPR Art. 9 special categories, matched as parts of a data_access field name. */
  static final List<String> SPECIAL = List.of(
      "health",
      "biometric",
      "genetic",
      "religio",
      "political",
      "ethnic",
      "racial",
      "sex_life",
      "sexual",
      "trade_union");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "PII detection and sanitization of prompts, completions, payloads and feedback; privacy_audit_log";
  }

  @Override
  public RunRules rules() {
    return RunRules.NONE
        .enabledBy("vigia.privacy.audit-enabled")
        .reads(Input.LAKE)
        .exclusive("sanitized/user_feedback")
        .directWrites(
            "Delta lake/sanitized/SOURCE: the window's sanitized copies replaced, one commit per source, "
                + "before the PostgreSQL commit; the re-run replaces them with identical ones");
  }

  /** A source of free text: its text columns and the column its record references are made from. */
  record Source(String name, List<String> texts, String idCol) {}

  static final List<Source> SOURCES = List.of(
      new Source(EventTypes.LLM_CALL, List.of("prompt_text", "completion_text"), "event_id"),
      new Source(EventTypes.ACTION, List.of("payload_text"), "event_id"),
      new Source("user_feedback", List.of("comment"), "id"));

  /** A source's scanned rows of the window: persisted, so they are written, counted and audited from one scan. */
  record Scanned(Source source, Dataset<Row> rows) {}

  /** What the scan of a source found. */
  record Tally(
      long records, long quarantined, long withFindings, long findings, Map<String, Long> byType) {
    static Tally of(Dataset<Row> scanned) {
      Row c = scanned
          .agg(
              org.apache.spark.sql.functions.count(lit(1)),
              sum(when(col("scan_status").notEqual("ok"), 1).otherwise(0)),
              sum(when(col("pii_findings").gt(0), 1).otherwise(0)),
              sum(col("pii_findings")))
          .first();
      Map<String, Long> byType = new HashMap<>();
      for (Row t :
          scanned.select(explode(col("pii_types")).as("t")).groupBy("t").count().collectAsList()) {
        byType.merge(t.getString(0), t.getLong(1), Long::sum);
      }
      return new Tally(
          c.getLong(0),
          c.isNullAt(1) ? 0 : c.getLong(1),
          c.isNullAt(2) ? 0 : c.getLong(2),
          c.isNullAt(3) ? 0 : c.getLong(3),
          byType);
    }
  }

  /**
   * Reads the window's sources -> scans them ({@link PiiScan#apply}) -> writes the sanitized copies ->
   * builds the audit rows from the scanned rows ({@link #auditRows}) -> stages them, checking that every
   * record with findings and every data_access event has its audit row.
   */
  @Override
  public JobResult run(JobContext ctx) throws Exception {
    Settings s = ctx.settings();
    PiiScan scan = PiiScan.of(s, tenantCountries(ctx));
    Column window = windowRows(ctx, ctx.window());
    List<Scanned> scanned = new ArrayList<>();
    try {
      for (Source src : SOURCES) {
        Dataset<Row> rows = read(ctx, src.name(), window);
        if (rows != null) {
          scanned.add(new Scanned(
              src,
              scan.apply(rows, src.texts(), src.name(), src.idCol())
                  .withColumn("scan_run_id", lit(ctx.runId().toString()))
                  .persist(StorageLevel.MEMORY_AND_DISK())));
        }
      }
      Dataset<Row> access = read(ctx, EventTypes.DATA_ACCESS, window);
      if (scanned.isEmpty() && access == null) {
        return JobResult.of(
            0,
            0,
            0,
            new LinkedHashMap<>(),
            "no llm_call, action, user_feedback or data_access records in the window");
      }
      for (Scanned sc : scanned) {
        ctx.describe("scan " + sc.source().name());
        ctx.delta()
            .replace(
                ctx.lake("sanitized", sc.source().name()),
                sc.rows().repartition(col("dt")),
                window,
                "dt");
      }
      Dataset<Row> audit = auditRows(scanned, access, scan, s);
      Scope scope = Scope.within("event_time", ctx.window()).and("source_job = ?", NAME);
      long staged = ctx.writer().replace("privacy_audit_log", audit.coalesce(4), scope);
      return checkedResult(scanned, access == null ? 0 : access.count(), staged);
    } finally {
      scanned.forEach(sc -> sc.rows().unpersist());
    }
  }

  /**
   * The one reader of the sanitized copies: the rows of lake/sanitized/SOURCE whose ts lies in the
   * window (and, with --tenant, the tenant's); null when the privacy scan never wrote that source. A
   * copy is stored under dt, the date of its ts (user_feedback) or the date its event landed (on or
   * after the date of its ts, at most one day before it), so dt from the day before the window prunes
   * partitions and ts decides.
   */
  public static Dataset<Row> sanitized(
      JobContext ctx, String source, io.vigia.common.job.Window w) {
    String path = ctx.lake("sanitized", source);
    if (!io.vigia.common.job.DeltaSink.exists(ctx.spark(), path)) {
      return null;
    }
    Dataset<Row> d = ctx.spark()
        .read()
        .format("delta")
        .load(path)
        .filter(col("dt").geq(lit(java.sql.Date.valueOf(w.firstDate().minusDays(1)))));
    return d.filter(windowRows(ctx, w));
  }

  /** The rows whose ts lies in the window (and, with --tenant, the tenant's). */
  private static Column windowRows(JobContext ctx, io.vigia.common.job.Window w) {
    Column pred = col("ts").geq(lit(w.start())).and(col("ts").lt(lit(w.end())));
    return ctx.tenant().isPresent()
        ? pred.and(col("tenant_id").equalTo(lit(ctx.tenant().get())))
        : pred;
  }

  /** The audit rows: one per scanned record with findings (by source), then one per data_access event. */
  static Dataset<Row> auditRows(
      List<Scanned> scanned, Dataset<Row> access, PiiScan scan, Settings s) {
    Dataset<Row> audit = null;
    for (Scanned sc : scanned) {
      Dataset<Row> a = detectionAudit(
          sc.rows().filter(col("pii_findings").gt(0)), sc.source().name(), s);
      audit = audit == null ? a : audit.unionByName(a);
    }
    if (access != null) {
      Dataset<Row> a = accessAudit(access, scan, s);
      audit = audit == null ? a : audit.unionByName(a);
    }
    return audit;
  }

  /** The run's counts, once every record with findings and every data_access event has its audit row. */
  private static JobResult checkedResult(List<Scanned> scanned, long accessEvents, long staged) {
    Map<String, Long> outputs = new LinkedHashMap<>();
    Map<String, Long> byType = new HashMap<>();
    long in = 0;
    long quarantined = 0;
    long withFindings = 0;
    long findings = 0;
    for (Scanned sc : scanned) {
      Tally t = Tally.of(sc.rows());
      in += t.records();
      quarantined += t.quarantined();
      withFindings += t.withFindings();
      findings += t.findings();
      outputs.put("sanitized." + sc.source().name(), t.records());
      t.byType().forEach((k, n) -> byType.merge(k, n, Long::sum));
      LOG.info(
          "{}: {} {} records scanned, {} with personal data, {} quarantined",
          NAME,
          t.records(),
          sc.source().name(),
          t.withFindings(),
          t.quarantined());
    }
    in += accessEvents;
    if (staged != withFindings + accessEvents) {
      throw new IllegalStateException(
          "audit completeness check failed: " + withFindings + " records with personal data + "
              + accessEvents + " data_access events, but " + staged + " audit rows staged");
    }
    outputs.put("privacy_audit_log", staged);
    byType.forEach((t, n) -> outputs.put("records_with." + t, n));
    String msg = String.format(
        "%d records scanned, %d with personal data (%d findings), %d data_access events, "
            + "%d quarantined; audit rows %d = %d + %d (complete)",
        in - accessEvents,
        withFindings,
        findings,
        accessEvents,
        quarantined,
        staged,
        withFindings,
        accessEvents);
    return JobResult.of(in, in - quarantined, quarantined, outputs, msg);
  }

  /** The window's rows of an events table (or user_feedback from PostgreSQL), null when there is none. */
  private static Dataset<Row> read(JobContext ctx, String source, Column tsPred) {
    if (source.equals("user_feedback")) {
      String q =
          "SELECT id, tenant_id, user_id, target_type, target_id, model_id, rating, comment, created_at AS ts "
              + "FROM user_feedback";
      Map<String, String> o = new HashMap<>(ctx.db().sparkOptions());
      o.put("query", q);
      return ctx.spark()
          .read()
          .format("jdbc")
          .options(o)
          .load()
          .filter(tsPred)
          .withColumn("dt", to_date(col("ts")));
    }
    return io.vigia.jobs.ingest.Events.in(ctx, source, ctx.window());
  }

  /** One pii_detected row per record with findings. Risk: high for cards and IBANs, medium for national IDs, else low. */
  static Dataset<Row> detectionAudit(Dataset<Row> withFindings, String source, Settings s) {
    Column financial = array_contains(col("pii_types"), "credit_card")
        .or(array_contains(col("pii_types"), "iban"));
    Column nationalId = exists(col("pii_types"), t -> t.rlike("^(es|mx|ar|cl|co|br|pe)_"));
    Column risk = when(financial, "high").when(nationalId, "medium").otherwise("low");
    return withFindings.select(
        col("record_ref").as("dedup_key"),
        col("tenant_id"),
        lit("pii_detected").as("event_type"),
        lit(source).as("source"),
        col("record_ref"),
        col("pii_types"),
        col("pii_fields").as("field_count"),
        col("pii_confidence").as("detection_confidence"),
        col("pii_method").as("sanitization_method"),
        lit(null).cast("string").as("actor"),
        lit(null).cast("string").as("purpose"),
        lit(null).cast("string").as("legal_basis"),
        lit(null).cast("boolean").as("consent_verified"),
        lit(true).as("gdpr_compliant"),
        risk.as("risk_level"),
        review(risk, col("record_ref"), s).as("requires_review"),
        lit(false).as("blocked"),
        col("ts").as("event_time"),
        lit(null).cast("long").as("record_count"),
        lit(NAME).as("source_job"));
  }

  /**
   * data_access events as audit rows. critical (blocked): a bulk export (record_count >=
   * bulk-export-records) touching a GDPR Art. 9 special category; high: an export without verified
   * consent or without a legal basis; medium: any other export, a read or deletion without a legal
   * basis, or a special category read; low otherwise. gdpr_compliant: a legal basis is given, consent is
   * verified when the basis is consent, and the event is not critical.
   */
  static Dataset<Row> accessAudit(Dataset<Row> events, PiiScan scan, Settings s) {
    Column special = exists(col("fields"), f -> {
      Column any = lit(false);
      for (String w : SPECIAL) {
        any = any.or(f.contains(w));
      }
      return any;
    });
    Column export = col("access_type").equalTo("export");
    Column bulk = col("record_count").geq(s.privacy().bulkExportRecords());
    Column noBasis = col("legal_basis").isNull();
    Column consent = col("consent_verified").equalTo(true);
    Column risk = when(export.and(bulk).and(special), "critical")
        .when(export.and(not(consent).or(noBasis)), "high")
        .when(export.or(noBasis).or(special), "medium")
        .otherwise("low");
    Column compliant = not(noBasis)
        .and(consent.or(col("legal_basis").notEqual("consent")))
        .and(not(export.and(bulk).and(special)));
    PiiScan sc = scan;
    org.apache.spark.sql.expressions.UserDefinedFunction ref = org.apache.spark.sql.functions.udf(
        (org.apache.spark.sql.api.java.UDF2<String, String, String>)
            (tenant, id) -> sc.sanitizer().recordRef(tenant, "data_access", id),
        org.apache.spark.sql.types.DataTypes.StringType);
    Dataset<Row> r = events
        .withColumn("_ref", ref.apply(col("tenant_id"), col("event_id")))
        .withColumn("_risk", risk);
    return r.select(
        col("_ref").as("dedup_key"),
        col("tenant_id"),
        when(col("access_type").equalTo("export"), "data_export")
            .when(col("access_type").equalTo("delete"), "data_deletion")
            .otherwise("data_access")
            .as("event_type"),
        lit("data_access").as("source"),
        col("_ref").as("record_ref"),
        col("fields").as("pii_types"),
        org.apache.spark.sql.functions.size(col("fields")).as("field_count"),
        lit(null).cast("double").as("detection_confidence"),
        lit(null).cast("string").as("sanitization_method"),
        col("actor"),
        col("purpose"),
        col("legal_basis"),
        col("consent_verified"),
        compliant.as("gdpr_compliant"),
        col("_risk").as("risk_level"),
        review(col("_risk"), col("_ref"), s).as("requires_review"),
        col("_risk").equalTo("critical").as("blocked"),
        col("ts").as("event_time"),
        col("record_count"),
        lit(NAME).as("source_job"));
  }

  /**
   * Risk-based review: critical always (escalated); high when PRIVACY_HIGH_RISK_REVIEW_REQUIRED; medium
   * for a deterministic sample (a hash of the record reference) of medium-review-sample; low never.
   */
  static Column review(Column risk, Column ref, Settings s) {
    Column sampled = abs(xxhash64(ref).mod(10_000))
        .lt((long) Math.round(s.privacy().mediumReviewSample() * 10_000));
    return when(risk.equalTo("critical"), true)
        .when(risk.equalTo("high"), s.privacy().highRiskReviewRequired())
        .when(risk.equalTo("medium"), sampled)
        .otherwise(false);
  }

  /** tenant -> country from tenant_privacy_profile (a small settings table). */
  static Map<String, String> tenantCountries(JobContext ctx) throws SQLException {
    Map<String, String> m = new HashMap<>();
    try (Connection c = ctx.db().connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT tenant_id, country FROM tenant_privacy_profile")) {
      while (rs.next()) {
        m.put(rs.getString(1), rs.getString(2));
      }
    }
    return m;
  }
}
