package io.vigia.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.cli.Cli;
import io.vigia.cli.Main;
import io.vigia.common.db.Database;
import io.vigia.common.testing.TestEnv;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * `vigia report` on a real PostgreSQL: every section with data, every section empty ("no data
 * yet"), hostile text escaped; then the file rendered in headless Chromium (Debian's chromium, when
 * installed: skipped with a message otherwise), which must show the five sections and log no
 * JavaScript error. The screenshot is kept at jobs/target/report-screenshot.png.
 */
public class TenantReportTest {
  static final Path OUT = Path.of("target", "report-test").toAbsolutePath();

  @Test
  void aTenantWithoutResultsGetsEverySectionSayingNoDataYet() throws Exception {
    Database db = TestEnv.freshDatabase("report_empty", true);
    String html = render(db, "t009", "empty", "--from", "2026-11-01", "--to", "2026-12-01");
    for (String[] s : TenantReport.SECTIONS) {
      assertThat(section(html, s[0]))
          .as(s[0])
          .contains("<h2>" + s[1] + "</h2>")
          .contains(TenantReport.NO_DATA);
    }
  }

  @Test
  void everySectionShowsItsDataWithChartsAndNothingFromOtherTenants() throws Exception {
    Database db = TestEnv.freshDatabase("report_full", true);
    seed(db);
    String html = render(db, "t001", "full"); // default period: the 30 days to the newest result
    assertThat(html).contains("Period 2026-10-29T00:00:00Z to 2026-11-28T00:00:00Z");
    for (String[] s : TenantReport.SECTIONS) {
      assertThat(section(html, s[0])).as(s[0]).doesNotContain(TenantReport.NO_DATA);
    }
    assertThat(section(html, "drift"))
        .contains("<svg")
        .contains("demand-forecast v1")
        .contains("0.820")
        .contains(">5,000<")
        .contains("store_size")
        .contains("drift_detected")
        .contains("critical");
    assertThat(section(html, "experiments"))
        .contains("<svg")
        .contains("exp-1")
        .contains("+8.0%")
        .contains("treatment");
    assertThat(section(html, "costs"))
        .contains("<svg")
        .contains("budget (100)")
        .contains("gpt-4o-mini")
        .contains("Budget 2026-11: 100 USD; spent to 2026-11-27: 70 USD (70%)");
    assertThat(section(html, "privacy"))
        .contains("<svg")
        .contains("email")
        .contains("pending_review");
    assertThat(section(html, "feedback"))
        .contains("<svg")
        .contains("feedback per day")
        .contains("model_retrain");
    // another tenant's rows never appear; hostile text is escaped, and there is no script at all
    assertThat(html)
        .doesNotContain("t002-secret")
        .doesNotContain("<script")
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain(" src=\"")
        .doesNotContain("<link");

    Path file = OUT.resolve("full").resolve("report-t001.html");
    chromium(file);
  }

  @Test
  void badArgumentsAreNamed() {
    Database db = TestEnv.freshDatabase("report_args", true);
    assertThat(
            cli(db, "report", "--tenant", "t001", "--out", OUT.toString(), "--from", "2026-11-01"))
        .isEqualTo(Main.USAGE);
    assertThat(cli(db, "report", "--tenant", "../etc", "--out", OUT.toString()))
        .isEqualTo(Main.USAGE);
  }

  /** Renders in headless Chromium: sections present in the DOM, no console error, a screenshot. */
  static void chromium(Path file) throws IOException, InterruptedException {
    String chromium = which("chromium", "chromium-browser");
    if (chromium == null) {
      System.out.println(
          "SKIPPED: headless Chromium check (chromium not installed; Debian: apt-get install chromium)");
      Assumptions.abort(
          "chromium not installed: the rendering check is skipped (apt-get install chromium)");
    }
    // negative control: the detector must see a page's JavaScript error
    Path bad = OUT.resolve("js-error.html");
    Files.writeString(
        bad,
        "<!DOCTYPE html><html><body><p>x</p><script>undefinedFunction();</script></body></html>");
    assertThat(jsErrors(run(chromium, "--dump-dom", bad.toUri().toString()).err))
        .isNotEmpty();

    Result dom = run(chromium, "--dump-dom", file.toUri().toString());
    assertThat(dom.code).as(dom.err).isZero();
    for (String[] s : TenantReport.SECTIONS) {
      assertThat(dom.out).contains("<section id=\"" + s[0] + "\"><h2>" + s[1] + "</h2>");
    }
    assertThat(jsErrors(dom.err)).as(dom.err).isEmpty();
    Path png = Path.of("target", "report-screenshot.png").toAbsolutePath();
    Files.deleteIfExists(png);
    Result shot = run(
        chromium,
        "--screenshot=" + png,
        "--window-size=1100,4200",
        "--hide-scrollbars",
        file.toUri().toString());
    assertThat(shot.code).as(shot.err).isZero();
    assertThat(Files.size(png)).isGreaterThan(20_000);
    System.out.println("report screenshot: " + png);
  }

  static List<String> jsErrors(String log) {
    List<String> out = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (line.contains(":CONSOLE") || line.contains("Uncaught")) {
        out.add(line);
      }
    }
    return out;
  }

  record Result(int code, String out, String err) {}

  static Result run(String chromium, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
        "--user-data-dir=" + OUT.resolve("chromium-profile")));
    cmd.addAll(List.of(args));
    Path errFile = Files.createTempFile(OUT, "chromium", ".log");
    Process p = new ProcessBuilder(cmd).redirectError(errFile.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish: " + cmd);
    }
    return new Result(p.exitValue(), out, Files.readString(errFile));
  }

  static String which(String... names) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String n : names) {
        if (Files.isExecutable(Path.of(dir, n))) {
          return Path.of(dir, n).toString();
        }
      }
    }
    return null;
  }

  public static String section(String html, String id) {
    Matcher m = Pattern.compile("<section id=\"" + id + "\">(.*?)</section>", Pattern.DOTALL)
        .matcher(html);
    assertThat(m.find()).as("section " + id).isTrue();
    return m.group(1);
  }

  static String render(Database db, String tenant, String dir, String... period)
      throws IOException {
    List<String> a = new ArrayList<>(
        List.of("report", "--tenant", tenant, "--out", OUT.resolve(dir).toString()));
    a.addAll(List.of(period));
    assertThat(cli(db, a.toArray(String[]::new))).isZero();
    return Files.readString(OUT.resolve(dir).resolve("report-" + tenant + ".html"));
  }

  static int cli(Database db, String... args) {
    List<String> a = new ArrayList<>(
        List.of("-S", "vigia.jdbc.url=" + db.url(), "-S", "vigia.jdbc.user=" + db.user()));
    a.addAll(List.of(args));
    Cli.Result r = Cli.run(a.toArray(String[]::new));
    System.out.print(r.out() + r.err());
    return r.code();
  }

  static void seed(Database db) throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      for (int d = 20; d <= 27; d++) {
        String end = "2026-11-" + d;
        st.execute(
            "INSERT INTO model_performance_metrics (tenant_id, model_id, model_version, period_start, period_end, "
                + "sample_size, mape, accuracy, drift_score, computed_at) VALUES ('t001', 'demand-forecast', 'v1', "
                + "timestamptz '" + end + "' - interval '7 days', '" + end + "', 5000, 0.1, NULL, "
                + (d == 27 ? "0.82" : "0.1") + ", now())");
      }
      st.execute(
          "INSERT INTO model_performance_metrics (tenant_id, model_id, model_version, period_start, period_end, "
              + "sample_size, drift_score, computed_at) VALUES ('t002', 't002-secret', 'v1', '2026-11-20', '2026-11-27', 10, "
              + "0.9, now())");
      st.execute(
          "INSERT INTO feature_drift_metrics (tenant_id, model_id, model_version, period_start, period_end, feature, "
              + "feature_kind, reference_count, current_count, ks_statistic, ks_p_value, psi, p_value_adjusted, drifted) "
              + "VALUES ('t001', 'demand-forecast', 'v1', '2026-11-20', '2026-11-27', 'store_size', 'numeric', 5000, 5000, "
              + "0.31, 1e-9, 0.45, 1e-8, true)");
      st.execute(
          "INSERT INTO drift_alerts (tenant_id, model_id, alert_type, severity, drift_score, window_start, "
              + "window_end, source_job, details) VALUES ('t001', '<img src=x onerror=alert(1)>', 'drift_detected', 'critical', "
              + "0.82, '2026-11-20', '2026-11-27', 'drift', '{}')");
      st.execute(
          "INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, treatment_model_id, primary_metric, "
              + "status, started_at, winner, p_value, analyzed_at, results_summary) VALUES ('exp-1', 't001', 'prophet vs sarimax', "
              + "'a', 'b', 'accuracy', 'completed', '2026-11-05', 'treatment', 0.003, '2026-11-26', '{\"status\": \"ok\", "
              + "\"metrics\": {\"accuracy\": {\"relative\": {\"lift\": 0.08, \"ci\": [0.05, 0.11]}, \"sequential\": {\"ci\": "
              + "[0.02, 0.14]}}}}')");
      for (int d = 1; d <= 27; d++) {
        st.execute(
            "INSERT INTO cost_tracking (tenant_id, cost_type, service, model, usage_date, billing_period, "
                + "usage_units, unit_type, total_cost_usd, pricing_status) VALUES ('t001', 'llm_api', 'openai', 'gpt-4o-mini', "
                + "'2026-11-" + String.format("%02d", d) + "', '2026-11-01', 1000, 'tokens', "
                + (d <= 20 ? "2.5" : "20.0/7")
                + ", 'priced')");
      }
      st.execute(
          "INSERT INTO tenant_budgets (tenant_id, valid_from, monthly_budget_usd) VALUES ('t001', '2026-11-01', 100)");
      st.execute(
          "INSERT INTO privacy_audit_log (dedup_key, tenant_id, event_type, source, record_ref, pii_types, field_count, "
              + "risk_level, requires_review, event_time, source_job) VALUES ('k1', 't001', 'pii_detected', 'llm_call', 'hmac:0123456789abcdef1', ARRAY['email','phone'], "
              + "2, 'high', true, '2026-11-25T10:00:00Z', 'privacy-scan'), ('k2', 't001', 'pii_detected', 'llm_call', 'hmac:0123456789abcdef2', ARRAY['email'], 1, 'low', "
              + "false, '2026-11-26T10:00:00Z', 'privacy-scan')");
      st.execute(
          "INSERT INTO compliance_reports (tenant_id, report_type, period_start, period_end, compliance_score, "
              + "risk_score, status) VALUES ('t001', 'gdpr', '2026-11-16', '2026-11-23', 92, 18, 'pending_review')");
      st.execute(
          "INSERT INTO user_feedback (tenant_id, user_id, target_type, target_id, model_id, rating, created_at) "
              + "SELECT 't001', 'u' || g, 'prediction', 'p' || g, 'demand-forecast', 1 + g % 5, "
              + "timestamptz '2026-11-20' + g * interval '3 hours' FROM generate_series(1, 50) g");
      st.execute(
          "INSERT INTO improvement_suggestions (tenant_id, model_id, suggestion_type, priority, issue_identified, "
              + "recommendation, window_start, window_end, source_job) VALUES ('t001', 'demand-forecast', 'model_retrain', "
              + "'high', 'MAPE up 20%', 'retrain', '2026-11-20', '2026-11-27', 'improvements')");
    }
  }
}
