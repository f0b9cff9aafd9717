package io.vigia.demo;

import io.vigia.cli.Main;
import io.vigia.common.db.Database;
import io.vigia.common.db.Migrations;
import io.vigia.common.job.JobResult;
import io.vigia.common.settings.Settings;
import io.vigia.common.spark.Sessions;
import io.vigia.generate.GeneratorReport;
import io.vigia.generate.GeneratorSpec;
import io.vigia.generate.JdbcPlatformSink;
import io.vigia.jobs.Pipeline;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `vigia demo`: PostgreSQL (embedded unless VIGIA_JDBC_URL is set), migrate, generate a small
 * landing, ingest it, run every other job over the generated window, and print what each wrote.
 * Deterministic: a second demo leaves the same row counts. Like `vigia generate`, it refuses (exit 2) a
 * database holding input rows it did not write unless given {@value JdbcPlatformSink#REPLACE_FLAG}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "migrate, generate a small landing, run every job, print a summary")
public final class DemoCmd implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main parent;

  @Option(
      names = "--tenants",
      defaultValue = "4",
      description = "generated tenants (default: ${DEFAULT-VALUE})")
  int tenants;

  @Option(
      names = "--days",
      defaultValue = "14",
      description = "generated days, from 2026-11-01 (default: ${DEFAULT-VALUE})")
  int days;

  @Option(
      names = "--rows-per-day",
      defaultValue = "20000",
      description = "event lines per day over all tenants (default: ${DEFAULT-VALUE})")
  long rowsPerDay;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "the generator's random seed: the same seed gives the same data (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = JdbcPlatformSink.REPLACE_FLAG,
      description = "replace the generated tenants' input rows even when "
          + "the database holds rows vigia generate/demo did not write (refused without it)")
  boolean replaceDemoTenants;

  @Override
  public Integer call() throws Exception {
    Settings s = parent.settings();
    LocalDate start = GeneratorSpec.DEFAULT_START;
    try (Database db = Database.open(s)) {
      GenerateCmd.refuseForeignRows(
          db, replaceDemoTenants); // before migrating: a refused demo changes nothing
      int applied = Migrations.migrate(db);
      say(
          "schema at version %s (%d migrations applied) on %s",
          Migrations.currentVersion(db),
          applied,
          db.isEmbedded() ? "the embedded PostgreSQL " + db.url() : Settings.redactUrl(db.url()));
      GeneratorSpec spec = GeneratorSpec.of(
              tenants, days, rowsPerDay, seed, Path.of(s.landingDir()))
          .withStart(start);
      GeneratorReport gen = GenerateCmd.generate(db, spec, replaceDemoTenants);
      say("%s", GenerateCmd.summary(gen));
      SparkSession spark = Sessions.builder(s, "vigia demo").getOrCreate();
      Map<String, String> lines = new LinkedHashMap<>();
      try {
        Pipeline.Listener summary = (name, w, r, took) -> lines.put(name, describe(r));
        Pipeline.run(spark, s, db, start, days, List.of(), summary);
      } finally {
        spark.stop();
      }
      System.out.println();
      System.out.println("vigia demo summary");
      System.out.println("==================");
      lines.forEach((k, v) -> System.out.printf("%-12s %s%n", k, v));
      System.out.println();
      System.out.println("rows in PostgreSQL ("
          + (db.isEmbedded() ? "embedded" : Settings.redactUrl(db.url())) + "):");
      try (Connection c = db.connect();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT c.relname, (xpath('/row/n/text()', query_to_xml("
              + "format('SELECT count(*) AS n FROM %I', c.relname), false, true, '')))[1]::text::bigint "
              + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
              + "AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'vigia_schema_history' "
              + "ORDER BY 1")) {
        while (rs.next()) {
          System.out.printf("  %-32s %,12d%n", rs.getString(1), rs.getLong(2));
        }
      }
      for (String[] q : HIGHLIGHTS) {
        printQuery(db, q[0], q[1]);
      }
      System.out.println(
          "Delta lake: " + Path.of(s.lakeDir()).toAbsolutePath() + " (events/<type>, quarantine)");
    }
    return Main.OK;
  }

  /** What an analyst would look at first, per job (skipped while the table is empty). */
  private static final String[][] HIGHLIGHTS = {
    {
      "experiments: verdicts",
      "SELECT id, status, winner, round(p_value::numeric, 4) AS p_value, "
          + "left(results_summary->>'reason', 70) AS reason FROM ab_experiments ORDER BY id"
    },
    {
      "drift: the 8 highest drift scores",
      "SELECT tenant_id, model_id, model_version, sample_size, "
          + "round(mape::numeric, 3) AS mape, round(drift_score::numeric, 3) AS drift_score FROM model_performance_metrics "
          + "ORDER BY drift_score DESC NULLS LAST LIMIT 8"
    },
    {
      "alerts",
      "SELECT tenant_id, model_id, alert_type, severity, retraining_triggered, status FROM drift_alerts "
          + "ORDER BY severity, tenant_id, model_id LIMIT 12"
    },
    {
      "privacy: audit events by type and risk",
      "SELECT event_type, risk_level, count(*) AS events, "
          + "count(*) FILTER (WHERE requires_review) AS review, count(*) FILTER (WHERE blocked) AS blocked "
          + "FROM privacy_audit_log GROUP BY 1, 2 ORDER BY 1, 2"
    },
    {
      "privacy: compliance reports",
      "SELECT tenant_id, report_type, compliance_score, risk_score, "
          + "jsonb_array_length(recommendations) AS recommendations FROM compliance_reports ORDER BY 1, 2"
    },
    {
      "feedback: the 8 most negative groups",
      "SELECT tenant_id, model_id, target_type, feedback_count, "
          + "round(negative_share::numeric, 3) AS negative_share, round(negative_share_ci_lower::numeric, 3) AS ci_lower, "
          + "rating_trend, pending_count, failed_count FROM feedback_insights WHERE classified_count >= 30 "
          + "ORDER BY negative_share_ci_lower DESC NULLS LAST LIMIT 8"
    },
    {
      "improvement suggestions",
      "SELECT tenant_id, model_id, suggestion_type, priority, "
          + "round(confidence_score::numeric, 2) AS confidence, left(issue_identified, 90) AS issue "
          + "FROM improvement_suggestions ORDER BY tenant_id, model_id, suggestion_type"
    },
    {
      "partitions: tables watched",
      "SELECT table_name, is_partitioned, current_row_count, "
          + "pg_size_pretty(current_size_bytes) AS size, row_threshold, maintenance_log->-1->>'action' AS last_action "
          + "FROM partition_management WHERE last_maintenance_at IS NOT NULL ORDER BY table_name"
    },
  };

  private static void printQuery(Database db, String title, String sql) {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      StringBuilder sb = new StringBuilder();
      int rows = 0;
      while (rs.next()) {
        rows++;
        sb.append("  ");
        for (int i = 1; i <= n; i++) {
          sb.append(i > 1 ? " | " : "").append(rs.getString(i));
        }
        sb.append('\n');
      }
      if (rows > 0) {
        StringBuilder head = new StringBuilder("  ");
        for (int i = 1; i <= n; i++) {
          head.append(i > 1 ? " | " : "").append(rs.getMetaData().getColumnLabel(i));
        }
        System.out.println();
        System.out.println(title + ":");
        System.out.println(head);
        System.out.print(sb);
      }
    } catch (java.sql.SQLException e) {
      System.out.println(title + ": (not available: " + e.getMessage() + ")");
    }
  }

  private static String describe(JobResult r) {
    return String.format(
        "in=%,d ok=%,d quarantined=%,d %s",
        r.recordsIn(), r.recordsOk(), r.recordsQuarantined(), r.outputs());
  }

  private static void say(String fmt, Object... args) {
    System.out.println("vigia demo: " + String.format(fmt, args));
  }
}
