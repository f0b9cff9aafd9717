package io.vigia.common.db;

import static io.vigia.common.testing.Jdbc.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.settings.NotifySettings;
import io.vigia.common.testing.TestEnv;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  static final List<String> CONTRACT_TABLES = List.of(
      "model_performance_metrics",
      "feature_drift_metrics",
      "drift_alerts",
      "ab_experiments",
      "ab_experiment_observations",
      "system_performance_metrics",
      "cost_tracking",
      "cache_performance_metrics",
      "privacy_audit_log",
      "compliance_reports",
      "user_feedback",
      "improvement_suggestions",
      "partition_management",
      "job_runs");
  static final List<String> PARTITIONED = List.of(
      "model_performance_metrics",
      "system_performance_metrics",
      "privacy_audit_log",
      "user_feedback",
      "cost_tracking");
  static final List<String> VIEWS = List.of(
      "drift_detection_summary",
      "cost_summary_by_tenant",
      "privacy_compliance_dashboard",
      "feedback_insights");

  @Test
  void migrateCreatesEveryContractObject() throws Exception {
    Database db = TestEnv.freshDatabase("mig", true);
    try (Connection c = db.connect()) {
      assertThat(
              column(
                  c,
                  "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                      + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition"))
          .containsAll(CONTRACT_TABLES);
      assertThat(column(
              c,
              "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  + "WHERE n.nspname = 'public' AND c.relkind = 'p'"))
          .containsExactlyInAnyOrderElementsOf(PARTITIONED);
      assertThat(column(c, "SELECT viewname FROM pg_views WHERE schemaname = 'public'"))
          .containsAll(VIEWS);
      assertThat(column(
              c,
              "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                  + "WHERE n.nspname = 'public'"))
          .contains(
              "calculate_drift_score",
              "aggregate_hourly_metrics",
              "vigia_ensure_monthly_partitions");
      assertThat(column(
              c, "SELECT table_name || ':' || row_threshold FROM partition_management ORDER BY 1"))
          .containsExactly(
              "cost_tracking:1000000",
              "model_performance_metrics:1000000",
              "privacy_audit_log:2000000",
              "system_performance_metrics:5000000",
              "user_feedback:500000");
      // every view answers
      for (String v : VIEWS) {
        assertThat(column(c, "SELECT count(*) FROM " + v)).containsExactly("0");
      }
      // the functions work: the threshold maps to 0.5, twice the threshold to 1
      assertThat(column(c, "SELECT round(calculate_drift_score(0.115, 0.1, NULL, NULL), 6)"))
          .containsExactly("0.500000");
      assertThat(column(c, "SELECT round(calculate_drift_score(0.13, 0.1, NULL, NULL), 6)"))
          .containsExactly("1.000000");
    }
    Migrations.requireCurrent(db);
    assertThat(Migrations.migrate(db)).isZero();
  }

  @Test
  void checkConstraintsRefuseImpossibleValues() throws Exception {
    Database db = TestEnv.freshDatabase("migchk", true);
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      assertThatThrownBy(() ->
              st.execute("INSERT INTO drift_alerts (tenant_id, model_id, alert_type, severity, "
                  + "window_start, window_end, source_job) VALUES ('t', 'm', 'drift_detected', 'apocalyptic', now(), "
                  + "now() + interval '1 day', 'x')"))
          .hasMessageContaining("da_severity_chk");
      assertThatThrownBy(() ->
              st.execute("INSERT INTO job_runs (job, window_start, window_end, run_id, status, "
                  + "records_in, records_ok, records_quarantined, ended_at) VALUES ('j', now(), now() + interval '1 day', "
                  + "gen_random_uuid(), 'succeeded', 10, 5, 4, now() + interval '1 hour')"))
          .hasMessageContaining("jr_balance_chk");
    }
  }

  /** NotifySettings.rank and the SQL vigia_severity_rank are one scale, value for value. */
  @Test
  void severityRankIsTheSameInJavaAndSql() throws Exception {
    Database db = TestEnv.freshDatabase("migrank", true);
    List<Integer> ranks = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("SELECT vigia_severity_rank(?)")) {
      for (String severity : List.of("low", "medium", "high", "critical", "severe")) {
        ps.setString(1, severity);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          Integer sql = (Integer) rs.getObject(1);
          if (NotifySettings.SEVERITIES.contains(severity)) {
            assertThat(sql).as(severity).isEqualTo(NotifySettings.rank(severity));
            ranks.add(sql);
          } else { // no rank on either side
            assertThat(sql).as(severity).isNull();
            assertThatThrownBy(() -> NotifySettings.rank(severity))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown severity 'severe'");
          }
        }
      }
    }
    assertThat(ranks).containsExactly(0, 1, 2, 3);
  }

  @Test
  void jobsRefuseAnOutOfDateSchema() {
    Database db = TestEnv.freshDatabase("migold", false);
    assertThatThrownBy(() -> Migrations.requireCurrent(db))
        .isInstanceOf(Migrations.SchemaNotCurrentException.class)
        .hasMessageContaining("vigia migrate");
  }
}
