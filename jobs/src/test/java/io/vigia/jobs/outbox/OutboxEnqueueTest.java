package io.vigia.jobs.outbox;

import static io.vigia.common.testing.Jdbc.column;
import static io.vigia.common.testing.Jdbc.exec;
import static io.vigia.common.testing.Jdbc.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.budgets.BudgetsJob;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: every alert a run raises or escalates gets one notification_outbox row in the same
 * transaction (V15's triggers), on real PostgreSQL; the budgets job end to end on real Spark. The crash
 * case (a run killed inside its commit transaction) is {@link io.vigia.jobs.ingest.OutboxCrashTest}.
 */
class OutboxEnqueueTest {

  static String outbox(Database db) throws Exception {
    return scalar(
        db,
        "SELECT coalesce(string_agg(kind || '/' || severity || '/' || tenant_id, ',' ORDER BY id), '') "
            + "FROM notification_outbox");
  }

  static final String DRIFT =
      "INSERT INTO drift_alerts (tenant_id, model_id, model_version, alert_type, severity, "
          + "drift_score, window_start, window_end, source_job) VALUES ('acme', 'churn', 'v3', 'drift_detected', '%s', 0.42, "
          + "'2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z', 'drift') ON CONFLICT (tenant_id, model_id, model_version, alert_type, window_start, "
          + "window_end) DO UPDATE SET severity = EXCLUDED.severity, drift_score = EXCLUDED.drift_score";

  @Test
  void newAndEscalatedAlertsEnqueueOnceAndNothingElseDoes() throws Exception {
    Database db = TestEnv.freshDatabase("outbox", true);
    // a new alert: one row, with a readable title and the alert's fields
    exec(db, String.format(DRIFT, "high"));
    assertThat(outbox(db)).isEqualTo("drift_detected/high/acme");
    assertThat(scalar(db, "SELECT title FROM notification_outbox"))
        .isEqualTo("Drift detected: tenant acme, model churn v3, drift score 0.42");
    assertThat(
            scalar(
                db,
                "SELECT source_table || ':' || (source_id = (SELECT id::text FROM drift_alerts)) || ':' "
                    + "|| (details->>'window_start') || ':' || (details->>'model_id') FROM notification_outbox"))
        .isEqualTo("drift_alerts:true:2026-11-02T00:00:00.000000Z:churn");
    assertThat(scalar(db, "SELECT key FROM notification_outbox"))
        .matches("drift_detected:[0-9a-f]{64}:high");

    // rewritten at the same or a lower severity (an upsert, a delete + insert in another time
    // zone): nothing
    exec(db, String.format(DRIFT, "high"), String.format(DRIFT, "medium"));
    exec(
        db,
        "SET TIME ZONE 'America/Lima'",
        "SET DateStyle = 'ISO, DMY'",
        "DELETE FROM drift_alerts",
        String.format(DRIFT, "high"));
    exec(
        db,
        "UPDATE drift_alerts SET status = 'acknowledged', acknowledged_by = 'ana', acknowledged_at = now()");
    assertThat(outbox(db)).isEqualTo("drift_detected/high/acme");

    // escalated: one more row, with a new key; the same escalation again: nothing
    exec(db, String.format(DRIFT, "critical"));
    exec(db, String.format(DRIFT, "critical"));
    assertThat(outbox(db)).isEqualTo("drift_detected/high/acme,drift_detected/critical/acme");
    assertThat(scalar(db, "SELECT body FROM notification_outbox WHERE severity = 'critical'"))
        .startsWith(
            "Critical alert (escalated from high) for the window 2026-11-02 to 2026-11-03.");

    // a transaction that rolls back leaves no row
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute(
          "INSERT INTO cost_alerts (tenant_id, alert_type, scope_key, billing_period, severity, source_job) "
              + "VALUES ('acme', 'unpriced_usage', 'openai/gpt-9', '2026-11-01', 'medium', 'costs')");
      assertThat(scalar(c, "SELECT count(*) FROM notification_outbox")).isEqualTo("3");
      c.rollback();
    }
    assertThat(scalar(db, "SELECT count(*) FROM notification_outbox")).isEqualTo("2");

    // privacy: only critical risk notifies
    String audit =
        "INSERT INTO privacy_audit_log (dedup_key, tenant_id, event_type, source, record_ref, pii_types, "
            + "field_count, actor, purpose, consent_verified, risk_level, requires_review, blocked, event_time, record_count, "
            + "source_job) VALUES ('%s', 'acme', 'data_export', 'data_access', 'ref0123456789abcdef%s', '{health_data}', 1, "
            + "'u7', 'analytics', false, '%s', true, %s, '2026-11-02T10:00:00Z', 5000, 'privacy-scan')";
    exec(
        db,
        String.format(audit, "k1", "1", "high", "false"),
        String.format(audit, "k2", "2", "critical", "true"));
    exec(
        db,
        "DELETE FROM privacy_audit_log WHERE dedup_key = 'k2'",
        String.format(audit, "k2", "2", "critical", "true"));
    assertThat(column(
            db,
            "SELECT kind || '/' || severity || ': ' || title FROM notification_outbox "
                + "WHERE source_table = 'privacy_audit_log'"))
        .containsExactly(
            "privacy_critical/critical: Critical privacy event: tenant acme, data export of 5000 records "
                + "(health_data), blocked");

    // a failed run notifies once, with its tenant scope ('' for all tenants)
    exec(
        db,
        "INSERT INTO job_runs (job, window_start, window_end, run_id) VALUES ('drift', '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z', "
            + "'00000000-0000-0000-0000-000000000001'), ('costs', '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z', "
            + "'00000000-0000-0000-0000-000000000002')");
    exec(db, "UPDATE job_runs SET tenant_filter = 'acme' WHERE job = 'costs'");
    exec(db, "UPDATE job_runs SET status = 'failed', ended_at = now(), message = 'boom'");
    exec(db, "UPDATE job_runs SET message = 'boom again'");
    assertThat(column(
            db,
            "SELECT tenant_id || '|' || title || '|' || body FROM notification_outbox "
                + "WHERE kind = 'run_failed' ORDER BY source_id::bigint"))
        .containsExactly(
            "|Run failed: job drift, window 2026-11-02 to 2026-11-03|boom (run "
                + "00000000-0000-0000-0000-000000000001)",
            "acme|Run failed: job costs, window 2026-11-02 to 2026-11-03, "
                + "tenant acme|boom (run 00000000-0000-0000-0000-000000000002)");
    assertThat(scalar(db, "SELECT count(*) FROM notification_outbox")).isEqualTo("5");
  }

  /** Ten days of 'compute' cost for t1 in November 2026, each day the same amount (no cost anomaly). */
  static void dailyCost(Database db, String usd) throws Exception {
    exec(
        db,
        "DELETE FROM cost_tracking",
        "INSERT INTO cost_tracking (tenant_id, cost_type, service, model, usage_date, "
            + "billing_period, usage_units, unit_type, unit_cost, total_cost_usd, pricing_status, event_count) "
            + "SELECT 't1', 'compute', 'spark', '', d::date, '2026-11-01', 1, 'core_hour', " + usd
            + ", " + usd
            + ", 'priced', 1 FROM generate_series(timestamp '2026-11-01', timestamp '2026-11-10', interval '1 day') d");
  }

  @Test
  void budgetLevelsAreWarningCriticalAndCriticalWithThrottleEachNotifiedOnce() throws Exception {
    Database db = TestEnv.freshDatabase("outbox_budgets", true);
    Settings s = TestEnv.settings(db, TestEnv.tempDir("outbox-budgets"), Map.of());
    Window w = Window.of("2026-11-01", "2026-11-11");
    exec(
        db,
        "INSERT INTO tenant_budgets (tenant_id, valid_from, monthly_budget_usd) VALUES ('t1', '2026-11-01', 1000)");
    String budgetAlerts =
        "SELECT coalesce(string_agg(scope_key || ':' || severity || ':' || throttle, ',' "
            + "ORDER BY scope_key::numeric), '') FROM cost_alerts WHERE alert_type = 'budget_threshold'";

    dailyCost(db, "85"); // 850 of 1000: the warning
    run(new BudgetsJob(), s, db, w, Optional.empty());
    assertThat(scalar(db, budgetAlerts)).isEqualTo("80:high:false");
    assertThat(outbox(db)).isEqualTo("budget_threshold/high/t1");
    assertThat(scalar(db, "SELECT title FROM notification_outbox"))
        .isEqualTo("Budget 80 % reached: tenant t1, 2026-11: 850.00 of 1000.00 USD (85.0 %)");
    run(new BudgetsJob(), s, db, w, Optional.empty()); // the same window again: nothing new
    assertThat(outbox(db)).isEqualTo("budget_threshold/high/t1");

    dailyCost(db, "97"); // 970: critical
    run(new BudgetsJob(), s, db, w, Optional.empty());
    assertThat(scalar(db, budgetAlerts)).isEqualTo("80:high:false,95:critical:false");
    dailyCost(db, "105"); // 1050: critical with throttle
    run(new BudgetsJob(), s, db, w, Optional.empty());
    run(new BudgetsJob(), s, db, w, Optional.empty());
    assertThat(scalar(db, budgetAlerts))
        .isEqualTo("80:high:false,95:critical:false,100:critical:true");
    assertThat(outbox(db))
        .isEqualTo(
            "budget_threshold/high/t1,budget_threshold/critical/t1,budget_threshold/critical/t1");
    assertThat(scalar(db, "SELECT title FROM notification_outbox ORDER BY id DESC LIMIT 1"))
        .isEqualTo(
            "Budget 100 % reached: tenant t1, 2026-11: 1050.00 of 1000.00 USD (105.0 %), throttling");
    assertThat(scalar(db, "SELECT count(DISTINCT run_id) FROM notification_outbox"))
        .isEqualTo("3");

    // a run that fails notifies run_failed (its tenant scope as tenant_id), its alerts nothing
    Window ragged = Window.of("2026-11-01T05:00:00Z", "2026-11-11T00:00:00Z");
    assertThatThrownBy(() -> run(new BudgetsJob(), s, db, ragged, Optional.empty()))
        .isInstanceOf(Exception.class);
    assertThatThrownBy(() -> run(new BudgetsJob(), s, db, ragged, Optional.of("t1")))
        .isInstanceOf(Exception.class);
    assertThat(outbox(db))
        .isEqualTo(
            "budget_threshold/high/t1,budget_threshold/critical/t1,budget_threshold/critical/t1,"
                + "run_failed/high/,run_failed/high/t1");
    assertThat(scalar(
            db,
            "SELECT count(*) FROM notification_outbox o JOIN job_runs r ON r.run_id = o.run_id "
                + "AND r.status = 'failed' WHERE o.kind = 'run_failed'"))
        .isEqualTo("2");
  }

  static void run(
      io.vigia.common.job.Job job, Settings s, Database db, Window w, Optional<String> tenant)
      throws Exception {
    JobRunner.run(job, TestEnv.spark(), s, db, w, tenant, Clock.systemUTC());
  }
}
