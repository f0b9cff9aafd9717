package io.vigia.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.cli.Cli;
import io.vigia.common.db.Database;
import io.vigia.common.testing.TestEnv;
import io.vigia.report.TenantReport;
import io.vigia.report.TenantReportTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an analyst opens, on demo data: a small `vigia demo` (a child JVM, so it has its own Spark)
 * fills a fresh database once; then `vigia report` on it, and each notebook in notebooks/ executed
 * by nbconvert with vigia's connection variables, which must finish without an error cell and with
 * its plots. The notebooks need Debian's python3-pandas, python3-matplotlib, python3-psycopg2,
 * python3-nbconvert, python3-ipykernel (skipped with a message without them). Executed copies:
 * demo/target/notebooks.
 */
class DemoOutputsTest {
  static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();
  static final Path OUT = Path.of("target", "notebooks").toAbsolutePath();
  static Database db;
  /** Secrets given to the demo in its environment (issue 10): they must reach neither its log nor the results. */
  static final String PASSWORD_SENTINEL = "pw-sentinel-" + java.util.UUID.randomUUID();

  static final String HASH_SECRET_SENTINEL = "hash-sentinel-" + java.util.UUID.randomUUID();
  static Path demoLog;

  @BeforeAll
  static void smallDemo() throws Exception {
    db = TestEnv.freshDatabase("demo_outputs", false);
    Path work = TestEnv.tempDir("demo-outputs");
    Files.createDirectories(OUT);
    demoLog = OUT.resolve("demo.log");
    // the test server trusts local connections, so the password is accepted and ignored; the hash
    // secret keys
    // the privacy scan's record references (vigia.privacy.hash-secret via
    // VIGIA_PRIVACY_HASH_SECRET)
    int demo = run(
        javaCli(db, work, "demo", "--tenants", "2", "--days", "14", "--rows-per-day", "1200"),
        work,
        demoLog,
        List.of(
            "VIGIA_JDBC_PASSWORD=" + PASSWORD_SENTINEL,
            "VIGIA_PRIVACY_HASH_SECRET=" + HASH_SECRET_SENTINEL));
    assertThat(demo).as(Files.readString(demoLog)).isZero();
  }

  @Test
  void theReportShowsTheDemoResults() throws Exception {
    Path dir = OUT.resolve("report");
    Cli.Result r = Cli.run(
        "-S",
        "vigia.jdbc.url=" + db.url(),
        "-S",
        "vigia.jdbc.user=" + db.user(),
        "report",
        "--tenant",
        "t001",
        "--out",
        dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String html = Files.readString(dir.resolve("report-t001.html"));
    // every section has the demo's data: drift, experiments, costs and budget, privacy, feedback
    for (String id : new String[] {"drift", "experiments", "costs", "privacy", "feedback"}) {
      assertThat(TenantReportTest.section(html, id))
          .as(id)
          .contains("<svg")
          .doesNotContain(TenantReport.NO_DATA);
    }
    assertThat(TenantReportTest.section(html, "drift")).contains("demand-forecast");
  }

  @Test
  void secretsFromTheEnvironmentReachNeitherTheDemoLogNorTheRunLedgerAuditLogOrComplianceReports()
      throws Exception {
    String log = Files.readString(demoLog);
    // the demo did the work the secrets could leak from: it ran the jobs and the privacy scan wrote
    // audit rows
    for (String table : new String[] {"job_runs", "privacy_audit_log", "compliance_reports"}) {
      assertThat(count("SELECT count(*) FROM " + table, null))
          .as(table + " rows")
          .isPositive();
    }
    for (String secret : new String[] {PASSWORD_SENTINEL, HASH_SECRET_SENTINEL}) {
      assertThat(log).as("demo log").doesNotContain(secret);
      for (String table : new String[] {"job_runs", "privacy_audit_log", "compliance_reports"}) {
        // the whole row as text: every text, json and array column at once
        assertThat(
                count("SELECT count(*) FROM " + table + " r WHERE strpos(r::text, ?) > 0", secret))
            .as(table + " rows containing a secret")
            .isZero();
      }
    }
  }

  static long count(String sql, String param) throws Exception {
    try (java.sql.Connection c = db.connect();
        java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
      if (param != null) {
        ps.setString(1, param);
      }
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void theNotebooksRunOnDemoDataAndDrawTheirPlots() throws Exception {
    // Debian's interpreter first: a python3 earlier on PATH (pyenv, venv) may lack the Debian
    // packages
    String python = null;
    String why = "";
    for (String candidate : new String[] {"/usr/bin/python3", "python3"}) {
      try {
        Process probe = new ProcessBuilder(
                candidate,
                "-c",
                "import pandas, matplotlib, psycopg2, nbconvert, nbclient, " + "ipykernel")
            .redirectErrorStream(true)
            .start();
        why = new String(probe.getInputStream().readAllBytes()).strip();
        if (probe.waitFor() == 0) {
          python = candidate;
          break;
        }
      } catch (java.io.IOException e) {
        why = e.getMessage();
      }
    }
    if (python == null) {
      System.out.println(
          "SKIPPED: notebooks (apt-get install python3-pandas python3-matplotlib python3-psycopg2 "
              + "python3-nbconvert python3-ipykernel): " + why);
      Assumptions.abort("notebook packages missing: " + why);
    }
    for (String[] nb : new String[][] {
      {"drift_investigation", "3"},
      {"experiment_readout", "2"},
      {"cost_by_tenant", "3"},
      {"privacy_overview", "3"},
      {"feedback_trends", "3"}
    }) {
      Path log = OUT.resolve(nb[0] + ".log");
      int code = run(
          List.of(
              python,
              "-m",
              "nbconvert",
              "--to",
              "notebook",
              "--execute",
              "--ExecutePreprocessor.timeout=600",
              "--output-dir",
              OUT.toString(),
              NOTEBOOKS.resolve(nb[0] + ".ipynb").toString()),
          NOTEBOOKS,
          log,
          List.of("VIGIA_JDBC_URL=" + db.url(), "VIGIA_JDBC_USER=" + db.user()));
      assertThat(code).as(Files.readString(log)).isZero();
      String executed = Files.readString(OUT.resolve(nb[0] + ".ipynb"));
      assertThat(executed).doesNotContain("\"output_type\": \"error\"");
      Matcher m = Pattern.compile("\"image/png\"").matcher(executed);
      int plots = 0;
      while (m.find()) {
        plots++;
      }
      assertThat(plots).as(nb[0] + " plots").isGreaterThanOrEqualTo(Integer.parseInt(nb[1]));
      assertThat(executed).doesNotContain("no data yet");
    }
  }

  static List<String> javaCli(Database db, Path work, String... args) {
    List<String> cmd = new ArrayList<>(io.vigia.cli.Cli.childJvm("1500m"));
    for (String kv : List.of(
        "vigia.jdbc.url=" + db.url(),
        "vigia.jdbc.user=" + db.user(),
        "vigia.landing-dir=" + work.resolve("landing"),
        "vigia.lake-dir=" + work.resolve("lake"),
        "vigia.spark.master=local[2]",
        "vigia.spark.shuffle-partitions=2",
        // the child runs in `work`, where the default relative conf/llm-prices.csv does not exist
        "vigia.cost.price-catalog-file="
            + NOTEBOOKS.resolveSibling("conf").resolve("llm-prices.csv"))) {
      cmd.add("-S");
      cmd.add(kv);
    }
    cmd.addAll(List.of(args));
    return cmd;
  }

  static int run(List<String> cmd, Path dir, Path log, List<String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    for (String kv : env) {
      int i = kv.indexOf('=');
      pb.environment().put(kv.substring(0, i), kv.substring(i + 1));
    }
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("did not finish: " + cmd);
    }
    return p.exitValue();
  }
}
