package io.vigia.jobs.privacyscan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.privacy.PiiDetector;
import io.vigia.common.settings.InvalidSettingsException;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.Jdbc;
import io.vigia.common.testing.TestEnv;
import io.vigia.generate.Generator;
import io.vigia.generate.GeneratorReport;
import io.vigia.generate.GeneratorSpec;
import io.vigia.generate.JdbcPlatformSink;
import io.vigia.generate.TenantProfiles;
import io.vigia.jobs.compliance.ComplianceReportsJob;
import io.vigia.jobs.erasure.ErasureJob;
import io.vigia.jobs.ingest.IngestJob;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A generated landing (3 tenants of 3 countries, 4 days) with planted personal data and look-alikes in
 * prompts, completions, payloads and feedback comments, ingested, then privacy-scan over all its days.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivacyScanJobTest {
  static final LocalDate START = GeneratorSpec.DEFAULT_START;
  static final Window ALL = Window.days(START, 4);
  static Path work;
  static Database db;
  static Settings settings;
  static GeneratorReport report;
  static JobResult first;
  static String logs;
  static List<List<String>> reports;

  @BeforeAll
  static void generateIngestAndScan() throws Exception {
    work = TestEnv.tempDir("privacy");
    db = TestEnv.freshDatabase("privacy", true);
    try (Connection c = db.connect()) {
      report = Generator.generate(
          GeneratorSpec.of(3, 4, 2500, 7, work.resolve("landing")), new JdbcPlatformSink(c));
    }
    TenantProfiles.load(db, report);
    settings = TestEnv.settings(db, work, Map.of());
    SparkSession spark = TestEnv.spark();
    JobRunner.run(
        new IngestJob(),
        spark,
        settings,
        db,
        Window.days(START, 7),
        Optional.empty(),
        Clock.systemUTC());
    StringWriter sw = new StringWriter();
    LoggerContext lc = (LoggerContext) LogManager.getContext(false);
    WriterAppender app = WriterAppender.createAppender(
        PatternLayout.createDefaultLayout(), null, sw, "privacy-capture", false, true);
    app.start();
    lc.getConfiguration().getRootLogger().addAppender(app, Level.INFO, null);
    lc.updateLoggers();
    try {
      first = JobRunner.run(
          new PrivacyScanJob(), spark, settings, db, ALL, Optional.empty(), Clock.systemUTC());
    } finally {
      lc.getConfiguration().getRootLogger().removeAppender("privacy-capture");
      lc.updateLoggers();
      app.stop();
    }
    logs = sw.toString();
    System.out.println("privacy-scan: " + first.message() + " " + first.outputs());
    JobRunner.run(
        new ComplianceReportsJob(), spark, settings, db, ALL, Optional.empty(), Clock.systemUTC());
    reports = query(REPORTS);
  }

  static final String REPORTS =
      "SELECT tenant_id, report_type, compliance_score, risk_score, findings::text, "
          + "recommendations::text, status, generated_at FROM compliance_reports ORDER BY 1, 2";

  static List<List<String>> query(String sql) throws Exception {
    return Jdbc.rows(db, sql);
  }

  /** A Delta table of the lake, by its path below the lake (e.g. "sanitized/llm_call"). */
  static Dataset<Row> lake(String table) {
    return TestEnv.spark()
        .read()
        .format("delta")
        .load(work.resolve("lake/" + table).toString());
  }

  static long one(String sql) throws Exception {
    return Long.parseLong(query(sql).get(0).get(0));
  }

  @Test
  void findsThePlantedPersonalDataAndNotTheLookalikes() {
    long plantedFields = report.pii().byField().values().stream()
        .mapToLong(m -> m.get("with_valid_pii"))
        .sum();
    long foundFields = 0;
    for (String source : List.of("llm_call", "action", "user_feedback")) {
      foundFields += lake("sanitized/" + source)
          .agg(org.apache.spark.sql.functions.sum("pii_fields"))
          .first()
          .getLong(0);
    }
    System.out.printf(
        "text fields with planted personal data %d, with findings %d; planted per type %s; records per type %s%n",
        plantedFields, foundFields, report.pii().valid(), first.outputs());
    assertThat(plantedFields).isGreaterThan(150);
    // recall over fields: a text with planted data is found; precision: look-alike-only texts are
    // not
    assertThat(foundFields)
        .isBetween((long) (0.97 * plantedFields), plantedFields + plantedFields / 200);
    report.pii().valid().forEach((type, planted) -> {
      long records = first.outputs().getOrDefault("records_with." + type, 0L);
      if (planted >= 30) {
        assertThat(records).as(type).isBetween((long) (0.85 * planted), planted);
      }
    });
  }

  @Test
  void everyRecordWithFindingsHasItsAuditRowAndTheCountsBalance() throws Exception {
    assertThat(first.recordsIn()).isEqualTo(first.recordsOk() + first.recordsQuarantined());
    long withFindings =
        one("SELECT count(*) FROM privacy_audit_log WHERE event_type = 'pii_detected'");
    long access = one("SELECT count(*) FROM privacy_audit_log WHERE source = 'data_access'");
    assertThat(withFindings + access).isEqualTo(first.outputs().get("privacy_audit_log"));
    long sanitizedWithFindings = 0;
    for (String source : List.of("llm_call", "action", "user_feedback")) {
      sanitizedWithFindings +=
          lake("sanitized/" + source).filter("pii_findings > 0").count();
    }
    assertThat(withFindings).isEqualTo(sanitizedWithFindings);
    assertThat(
            one(
                "SELECT count(*) FROM privacy_audit_log WHERE event_type = 'pii_detected' AND (sanitization_method IS NULL "
                    + "OR field_count < 1 OR cardinality(pii_types) < 1 OR detection_confidence < 0.5)"))
        .isZero();
  }

  @Test
  void dataAccessRiskFollowsConsentLegalBasisAndSpecialCategories() throws Exception {
    long risky = one(
        "SELECT count(*) FROM privacy_audit_log WHERE event_type = 'data_export' AND (NOT consent_verified "
            + "OR legal_basis IS NULL)");
    assertThat(risky).isEqualTo(report.dataAccess().exportsWithoutConsentOrBasis());
    assertThat(one(
            "SELECT count(*) FROM privacy_audit_log WHERE event_type = 'data_export' AND (NOT consent_verified "
                + "OR legal_basis IS NULL) AND risk_level NOT IN ('high', 'critical')"))
        .isZero();
    assertThat(one("SELECT count(*) FROM privacy_audit_log WHERE risk_level = 'critical'"))
        .isEqualTo(report.dataAccess().bulkSpecialCategoryExports());
    assertThat(
            one(
                "SELECT count(*) FROM privacy_audit_log WHERE risk_level = 'critical' AND NOT (blocked AND requires_review)"))
        .isZero();
    assertThat(
            one(
                "SELECT count(*) FROM privacy_audit_log WHERE risk_level = 'high' AND NOT requires_review"))
        .isZero();
    assertThat(one(
            "SELECT count(*) FROM privacy_audit_log WHERE risk_level = 'low' AND requires_review"))
        .isZero();
    long medium = one("SELECT count(*) FROM privacy_audit_log WHERE risk_level = 'medium'");
    long sampled = one(
        "SELECT count(*) FROM privacy_audit_log WHERE risk_level = 'medium' AND requires_review");
    // medium-review-sample 0.1: a deterministic sample by record reference, neither none nor all
    assertThat(medium).isGreaterThan(20);
    assertThat(sampled).isGreaterThan(0).isLessThan(medium / 2);
    assertThat(one("SELECT count(*) FROM privacy_compliance_dashboard")).isGreaterThan(0);
  }

  @Test
  void noRawPersonalDataInTheAuditLogTheSanitizedCopiesOrTheLogs() throws Exception {
    PiiDetector d = new PiiDetector(0.5);
    List<String> leaks = new ArrayList<>();
    for (List<String> row : query("SELECT p::text FROM privacy_audit_log p")) {
      if (!d.detect(row.get(0), "ES").isEmpty()) {
        leaks.add("audit: " + row.get(0));
      }
    }
    for (String source : List.of("llm_call", "action", "user_feedback")) {
      List<String> cols = source.equals("llm_call")
          ? List.of("prompt_text", "completion_text")
          : source.equals("action") ? List.of("payload_text") : List.of("comment");
      for (String c : cols) {
        // sanitized copies are scanned on the executors; only leaks (none expected) reach the
        // driver
        List<Row> found = lake("sanitized/" + source)
            .select(c, "tenant_id")
            .as(org.apache.spark.sql.Encoders.row(new org.apache.spark.sql.types.StructType()
                .add(c, "string")
                .add("tenant_id", "string")))
            .filter(
                (org.apache.spark.api.java.function.FilterFunction<Row>) r -> r.getString(0) != null
                    && !new PiiDetector(0.5).detect(r.getString(0), "ES").isEmpty())
            .limit(5)
            .collectAsList();
        found.forEach(r -> leaks.add(source + "." + c + ": " + r.getString(0)));
      }
    }
    if (!d.detect(logs, "ES").isEmpty() || !d.detect(first.message(), "ES").isEmpty()) {
      leaks.add("logs: " + d.detect(logs, "ES"));
    }
    assertThat(logs).contains("privacy-scan");
    assertThat(leaks).isEmpty();
    // and the raw events still hold the planted data (the scan never rewrites them)
    long rawWithEmail = lake("events/llm_call")
        .filter("prompt_text LIKE '%@%' OR completion_text LIKE '%@%'")
        .count();
    assertThat(rawWithEmail).isGreaterThan(0);
  }

  @Test
  void hashingNeedsTheSecretAndGivesKeyedTokensAndRerunsReplace() throws Exception {
    assertThatThrownBy(() -> settings.with(Map.of("vigia.privacy.default-method", "hash")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("VIGIA_PRIVACY_HASH_SECRET");
    java.nio.file.Path secretFile = java.nio.file.Files.createTempFile("vigia-secret", ".txt");
    java.nio.file.Files.writeString(secretFile, "test-secret-1\n");
    Settings hashed = settings.with(Map.of(
        "vigia.privacy.methods.email",
        "hash",
        "vigia.privacy.hash-secret-file",
        secretFile.toString()));
    long before = one("SELECT count(*) FROM privacy_audit_log");
    Window day = Window.days(START.plusDays(1), 1);
    // a re-run over a day already scanned replaces that day's audit rows (and sanitized copies),
    // never adds
    JobRunner.run(
        new PrivacyScanJob(),
        TestEnv.spark(),
        hashed,
        db,
        day,
        Optional.empty(),
        Clock.systemUTC());
    assertThat(one("SELECT count(*) FROM privacy_audit_log")).isEqualTo(before);
    List<Row> tokens = lake("sanitized/llm_call")
        .filter("prompt_text LIKE '%pii:v1:%'")
        .select("prompt_text")
        .limit(20)
        .collectAsList();
    assertThat(tokens).isNotEmpty();
    assertThat(tokens)
        .allMatch(r -> r.getString(0).matches(".*pii:v1:[0-9a-f]{8}:[A-Za-z0-9_-]{22}.*"));
    assertThat(
            one(
                "SELECT count(*) FROM privacy_audit_log WHERE sanitization_method = 'hash' AND 'email' = ANY(pii_types)"))
        .isGreaterThan(0);
  }

  @Test
  @Order(50)
  void complianceReportsAreDeterministicCountTheAuditLogAndKeepHumanColumns() throws Exception {
    assertThat(reports).hasSize(9); // 3 tenants x gdpr, privacy_impact, data_inventory
    for (List<String> r : query(
        "SELECT tenant_id, (findings->>'pii_detections')::bigint, (findings->>'violations')::bigint "
            + "FROM compliance_reports WHERE report_type = 'gdpr'")) {
      assertThat(Long.parseLong(r.get(1)))
          .isEqualTo(one("SELECT count(*) FROM privacy_audit_log WHERE event_type = "
              + "'pii_detected' AND tenant_id = '" + r.get(0) + "'"));
      assertThat(Long.parseLong(r.get(2)))
          .isEqualTo(one("SELECT count(*) FROM privacy_audit_log WHERE source = "
              + "'data_access' AND gdpr_compliant IS NOT TRUE AND tenant_id = '" + r.get(0) + "'"));
    }
    assertThat(
            one(
                "SELECT count(*) FROM compliance_reports WHERE report_type = 'privacy_impact' AND findings ?& "
                    + "array['processing_description', 'necessity_and_proportionality', 'risks', 'measures']"))
        .isEqualTo(3);
    assertThat(one(
            "SELECT count(*) FROM compliance_reports WHERE report_type = 'data_inventory' AND findings ?& "
                + "array['purposes', 'categories_of_data', 'categories_of_subjects', 'recipients', 'retention_limit_days', "
                + "'security_measures', 'deletion_requests', 'audit_completeness']"))
        .isEqualTo(3);
    PiiDetector d = new PiiDetector(0.5);
    for (List<String> r : reports) {
      assertThat(d.detect(r.get(4) + " " + r.get(5), "ES"))
          .as("raw personal data in a report")
          .isEmpty();
    }
    Jdbc.exec(
        db,
        "UPDATE compliance_reports SET status = 'approved', reviewed_by = 'dpo' WHERE tenant_id = 't001' "
            + "AND report_type = 'gdpr'");
    JobRunner.run(
        new ComplianceReportsJob(),
        TestEnv.spark(),
        settings,
        db,
        ALL,
        Optional.empty(),
        Clock.systemUTC());
    List<List<String>> again = query(REPORTS);
    assertThat(again).hasSize(9);
    for (int i = 0; i < again.size(); i++) {
      assertThat(again.get(i).subList(0, 6)).isEqualTo(reports.get(i).subList(0, 6));
    }
    assertThat(
            query(
                "SELECT status, reviewed_by FROM compliance_reports WHERE tenant_id = 't001' AND report_type = 'gdpr'"))
        .containsExactly(List.of("approved", "dpo"));
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void erasureDeletesAndPseudonymisesTheSubjectEverywhereAndAuditsIt() throws Exception {
    String subject = query(
            "SELECT user_id FROM user_feedback WHERE tenant_id = 't001' AND user_id IS NOT NULL "
                + "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
        .get(0)
        .get(0);
    long feedback =
        one("SELECT count(*) FROM user_feedback WHERE tenant_id = 't001' AND user_id = '" + subject
            + "'");
    long access = lake("events/data_access")
        .filter("tenant_id = 't001' AND data_subject_id = '" + subject + "'")
        .count();
    assertThat(feedback).isPositive();
    java.time.Instant at = java.time.Instant.parse("2026-11-20T10:00:00Z");
    ErasureJob.Request r = ErasureJob.enqueue(db, "t001", subject, "delete", "test", at);
    Window w = new Window(at, at.plusSeconds(1));
    Settings vacuumNow = settings.with(Map.of("vigia.privacy.erasure-vacuum-retention-hours", 0));
    Callable<JobResult> erase = () -> JobRunner.run(
        new ErasureJob(),
        TestEnv.spark(),
        vacuumNow,
        db,
        w,
        Optional.of("t001"),
        Clock.systemUTC());
    JobResult res = erase.call();
    System.out.println("erasure: " + res.message() + " " + ErasureJob.touched(db, r.id()));
    assertThat(one("SELECT count(*) FROM user_feedback WHERE tenant_id = 't001' AND user_id = '"
            + subject + "'"))
        .isZero();
    assertThat(lake("events/data_access")
            .filter("tenant_id = 't001' AND data_subject_id = '" + subject + "'")
            .count())
        .isZero();
    assertThat(lake("sanitized/user_feedback")
            .filter("tenant_id = 't001' AND user_id = '" + subject + "'")
            .count())
        .isZero();
    assertThat(query(
            "SELECT status, (touched->>'user_feedback')::bigint, (touched->>'lake/events/data_access')::bigint "
                + "FROM erasure_requests WHERE id = " + r.id()))
        .containsExactly(List.of("done", Long.toString(feedback), Long.toString(access)));
    assertThat(query(
            "SELECT event_type, record_count FROM privacy_audit_log WHERE source_job = 'erasure'"))
        .hasSize(1)
        .allMatch(
            x -> x.get(0).equals("data_deletion") && Long.parseLong(x.get(1)) >= feedback + access);
    // a re-run finds the request done: no second deletion, the same single audit event
    erase.call();
    assertThat(one("SELECT count(*) FROM privacy_audit_log WHERE source_job = 'erasure'"))
        .isEqualTo(1);
    assertThat(new PiiDetector(0.5)
            .detect(
                String.join(
                    " ",
                    query("SELECT p::text FROM privacy_audit_log p WHERE "
                            + "source_job = 'erasure'")
                        .get(0)),
                "ES"))
        .isEmpty();
  }
}
