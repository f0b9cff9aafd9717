package io.vigia.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.cli.Cli;
import io.vigia.cli.Main;
import io.vigia.common.db.Database;
import io.vigia.common.testing.Jdbc;
import io.vigia.common.testing.TestEnv;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The workflow commands through the CLI, on a real (embedded) PostgreSQL with the migrated schema. */
class WorkflowCommandsTest {
  Database db;
  String err;
  String out;

  @BeforeEach
  void schema() throws SQLException {
    db = TestEnv.freshDatabase("workflow", true);
    exec(
        "INSERT INTO drift_alerts (tenant_id, model_id, alert_type, severity, drift_score, window_start, window_end, "
            + "source_job) VALUES ('t001', 'm1', 'drift_detected', 'high', 0.5, '2026-11-20', '2026-11-27', 'drift')");
    exec(
        "INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, treatment_model_id, traffic_split, "
            + "primary_metric) VALUES ('exp-1', 't001', 'a vs b', 'a', 'b', 0.5, 'mape'), "
            + "('exp-bad', 't001', 'a vs a', 'a', 'a', 1.0, 'mape')");
    exec(
        "INSERT INTO improvement_suggestions (tenant_id, model_id, suggestion_type, priority, issue_identified, "
            + "recommendation, window_start, window_end, source_job) VALUES ('t001', 'm1', 'model_retrain', 'high', "
            + "'MAPE up 20%', 'retrain', '2026-11-20', '2026-11-27', 'improvements')");
    exec(
        "INSERT INTO compliance_reports (tenant_id, report_type, period_start, period_end, status) VALUES "
            + "('t002', 'gdpr', '2026-11-16', '2026-11-23', 'pending_review')");
  }

  @Test
  void anAlertIsAcknowledgedThenResolvedAndNotTwice() throws SQLException {
    long id = one("SELECT id FROM drift_alerts");
    assertThat(cli("alert", "acknowledge", "" + id, "--by", "ana@acme")).isZero();
    assertThat(out).contains("open -> acknowledged by ana@acme");
    Map<String, Object> row =
        row("SELECT status, acknowledged_by, acknowledged_at IS NOT NULL AS at, severity, "
            + "drift_score FROM drift_alerts WHERE id = " + id);
    assertThat(row)
        .containsEntry("status", "acknowledged")
        .containsEntry("acknowledged_by", "ana@acme")
        .containsEntry("at", true)
        .containsEntry("severity", "high")
        .containsEntry("drift_score", 0.5);

    assertThat(cli("alert", "acknowledge", "" + id, "--by", "luis")).isEqualTo(Main.REFUSED);
    assertThat(err)
        .contains("cannot acknowledge drift alert " + id
            + ": it is acknowledged (acknowledge by ana@acme at")
        .contains("needs status open");

    assertThat(cli("alert", "resolve", "" + id, "--by", "luis")).isEqualTo(Main.USAGE);
    assertThat(err).contains("needs --note");
    assertThat(cli("alert", "resolve", "" + id, "--by", "luis", "--note", "retrained v2"))
        .isZero();
    assertThat(row(
            "SELECT status, resolution_notes, acknowledged_by FROM drift_alerts WHERE id = " + id))
        .containsEntry("status", "resolved")
        .containsEntry("resolution_notes", "retrained v2")
        .containsEntry("acknowledged_by", "ana@acme");
    assertThat(cli("alert", "resolve", "" + id, "--by", "luis", "--note", "again"))
        .isEqualTo(Main.REFUSED);
    assertThat(err).contains("it is resolved (resolve by luis at");

    assertThat(rows(
            "SELECT entity, entity_id, tenant_id, action, from_status, to_status, actor FROM workflow_actions "
                + "ORDER BY id"))
        .containsExactly(
            List.of(
                "drift_alert", "" + id, "t001", "acknowledge", "open", "acknowledged", "ana@acme"),
            List.of("drift_alert", "" + id, "t001", "resolve", "acknowledged", "resolved", "luis"));
  }

  @Test
  void experimentsStartFromDraftWithAUsableDefinitionAndStopWhenRunning() throws SQLException {
    assertThat(cli("experiment", "stop", "exp-1", "--by", "ana")).isEqualTo(Main.REFUSED);
    assertThat(err)
        .contains("cannot stop ab experiment exp-1: it is draft; stop needs status running");
    assertThat(cli("experiment", "start", "exp-1", "--by", "ana")).isZero();
    assertThat(
            row(
                "SELECT status, started_at IS NOT NULL AS s, ended_at FROM ab_experiments WHERE id = 'exp-1'"))
        .containsEntry("status", "running")
        .containsEntry("s", true)
        .containsEntry("ended_at", null);
    assertThat(cli("experiment", "start", "exp-1", "--by", "ana")).isEqualTo(Main.REFUSED);
    assertThat(cli("experiment", "stop", "exp-1", "--by", "ana")).isZero();
    assertThat(row(
            "SELECT status, ended_at >= started_at AS ok FROM ab_experiments WHERE id = 'exp-1'"))
        .containsEntry("status", "stopped")
        .containsEntry("ok", true);

    assertThat(cli("experiment", "start", "exp-bad", "--by", "ana")).isEqualTo(Main.REFUSED);
    assertThat(err)
        .contains("traffic_split 1.0 must be strictly between 0 and 1")
        .contains("control and treatment are the same model (a)");
    assertThat(one("SELECT count(*) FROM ab_experiments WHERE id = 'exp-bad' AND status = 'draft'"))
        .isEqualTo(1);
    assertThat(cli("experiment", "start", "nope", "--by", "ana")).isEqualTo(Main.USAGE);
    assertThat(err).contains("no ab experiment with id nope");
  }

  @Test
  void aSuggestionIsApprovedImplementedAndCannotBeApprovedAgain() throws SQLException {
    long id = one("SELECT id FROM improvement_suggestions");
    assertThat(cli("suggestion", "implemented", "" + id, "--by", "ana")).isEqualTo(Main.REFUSED);
    assertThat(err).contains("implement needs status approved");
    assertThat(cli("suggestion", "approve", "" + id, "--by", "ana", "--tenant", "t002"))
        .isEqualTo(Main.USAGE);
    assertThat(err).contains("belongs to tenant t001, not t002");
    assertThat(cli("suggestion", "approve", "" + id, "--by", "ana", "--tenant", "t001"))
        .isZero();
    assertThat(cli("suggestion", "implemented", "" + id, "--by", "luis")).isZero();
    assertThat(row(
            "SELECT status, approved_by, approved_at <= implemented_at AS ordered, recommendation "
                + "FROM improvement_suggestions WHERE id = " + id))
        .containsEntry("status", "implemented")
        .containsEntry("approved_by", "ana")
        .containsEntry("ordered", true)
        .containsEntry("recommendation", "retrain");
    assertThat(cli("suggestion", "approve", "" + id, "--by", "ana")).isEqualTo(Main.REFUSED);
    assertThat(err)
        .contains("cannot approve improvement suggestion " + id
            + ": it is implemented (implement by luis")
        .contains("approve needs status pending");
    assertThat(cli("suggestion", "reject", "" + id, "--by", "")).isEqualTo(Main.USAGE);
    assertThat(err).contains("--by is required");
    assertThat(cli("suggestion", "reject", "x1", "--by", "ana")).isEqualTo(Main.USAGE);
    assertThat(err).contains("improvement suggestion id 'x1' is not a number");
  }

  @Test
  void aComplianceReportIsReviewedOnce() throws SQLException {
    long id = one("SELECT id FROM compliance_reports");
    assertThat(cli("compliance-report", "reject", "" + id, "--by", "dpo")).isEqualTo(Main.USAGE);
    assertThat(cli("compliance-report", "approve", "" + id, "--by", "dpo@acme")).isZero();
    assertThat(row("SELECT status, reviewed_by FROM compliance_reports WHERE id = " + id))
        .containsEntry("status", "approved")
        .containsEntry("reviewed_by", "dpo@acme");
    assertThat(cli("compliance-report", "reject", "" + id, "--by", "dpo", "--note", "late"))
        .isEqualTo(Main.REFUSED);
    assertThat(err).contains("it is approved (approve by dpo@acme at");
  }

  @Test
  void anErasureRequestIsQueuedOncePerSubject() throws SQLException {
    assertThat(cli(
            "erasure-request",
            "--tenant",
            "t001",
            "--subject",
            "u-42",
            "--by",
            "dpo",
            "--note",
            "ticket 7"))
        .isZero();
    assertThat(out).contains("pending by dpo");
    assertThat(row(
            "SELECT tenant_id, subject_id, status, requested_by, message FROM erasure_requests"))
        .containsEntry("subject_id", "u-42")
        .containsEntry("status", "pending")
        .containsEntry("message", "ticket 7");
    assertThat(cli("erasure-request", "--tenant", "t001", "--subject", "u-42", "--by", "dpo"))
        .isEqualTo(Main.REFUSED);
    assertThat(err).contains("already pending (request");
    assertThat(cli("erasure-request", "--tenant", "t001", "--subject", " ", "--by", "dpo"))
        .isEqualTo(Main.USAGE);
    exec("UPDATE erasure_requests SET status = 'done', processed_at = now()");
    assertThat(cli("erasure-request", "--tenant", "t001", "--subject", "u-42", "--by", "dpo"))
        .isZero();
    assertThat(one("SELECT count(*) FROM workflow_actions WHERE entity = 'erasure_request'"))
        .isEqualTo(2);
  }

  int cli(String... args) {
    List<String> a = new ArrayList<>(
        List.of("-S", "vigia.jdbc.url=" + db.url(), "-S", "vigia.jdbc.user=" + db.user()));
    a.addAll(List.of(args));
    Cli.Result r = Cli.run(a.toArray(String[]::new));
    out = r.out();
    err = r.err();
    return r.code();
  }

  void exec(String sql) throws SQLException {
    Jdbc.exec(db, sql);
  }

  long one(String sql) throws SQLException {
    return Jdbc.count(db, sql);
  }

  Map<String, Object> row(String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        m.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
      }
      return m;
    }
  }

  List<List<String>> rows(String sql) throws SQLException {
    return Jdbc.rows(db, sql);
  }
}
