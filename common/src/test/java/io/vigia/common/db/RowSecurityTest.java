package io.vigia.common.db;

import static io.vigia.common.testing.Jdbc.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.testing.TestEnv;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The roles and row-level security of V11, on a real PostgreSQL: a dashboard session sees only the rows
 * of the tenant in vigia.tenant_id (none without it), through tables and views alike; the analyst reads
 * all and writes nothing; the job role writes without owning anything.
 */
class RowSecurityTest {
  private static Database owner;

  @BeforeAll
  static void setUp() throws SQLException {
    owner = TestEnv.freshDatabase("rls", true);
    try (Connection c = owner.connect();
        Statement st = c.createStatement()) {
      for (String[] u : new String[][] {
        {"rls_dash", "vigia_dashboard"}, {"rls_analyst", "vigia_analyst"}, {"rls_job", "vigia_job"}
      }) {
        st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + u[0]
            + "') THEN " + "CREATE ROLE " + u[0] + " LOGIN; END IF; END $$");
        st.execute("GRANT " + u[1] + " TO " + u[0]);
      }
      for (String t : List.of("acme", "bodega", "acme' OR '1'='1")) {
        for (int i = 0; i < 3; i++) {
          st.execute(
              "INSERT INTO drift_alerts (tenant_id, model_id, alert_type, severity, window_start, window_end,"
                  + " source_job) VALUES (" + quote(t) + ", 'm" + i + "', 'drift_detected', 'high',"
                  + " '2026-11-01', '2026-11-08', 'test')");
        }
      }
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static Connection as(String user) throws SQLException {
    return new Database(owner.url(), user, "").connect();
  }

  private static void setTenant(Connection c, String tenant) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT set_config('vigia.tenant_id', ?, false)")) {
      ps.setString(1, tenant);
      ps.execute();
    }
  }

  @Test
  void dashboardWithoutTenantSettingSeesNoRows() throws SQLException {
    try (Connection c = as("rls_dash")) {
      assertThat(column(c, "SELECT tenant_id FROM drift_alerts")).isEmpty();
      assertThat(column(c, "SELECT tenant_id FROM drift_detection_summary")).isEmpty();
      setTenant(c, "");
      assertThat(column(c, "SELECT tenant_id FROM drift_alerts")).isEmpty();
    }
  }

  @Test
  void dashboardSeesOnlyItsTenantThroughTablesAndViews() throws SQLException {
    try (Connection c = as("rls_dash")) {
      setTenant(c, "acme");
      assertThat(column(c, "SELECT tenant_id FROM drift_alerts")).hasSize(3).containsOnly("acme");
      assertThat(column(c, "SELECT tenant_id FROM drift_detection_summary"))
          .isNotEmpty()
          .containsOnly("acme");
      setTenant(c, "bodega");
      assertThat(column(c, "SELECT tenant_id FROM drift_alerts")).hasSize(3).containsOnly("bodega");
      // an injection string is just a tenant id that matches its own rows, not everyone's
      setTenant(c, "acme' OR '1'='1");
      assertThat(column(c, "SELECT tenant_id FROM drift_alerts"))
          .hasSize(3)
          .containsOnly("acme' OR '1'='1");
    }
  }

  @Test
  void dashboardCannotWriteNorReadTheLedger() throws SQLException {
    try (Connection c = as("rls_dash");
        Statement st = c.createStatement()) {
      setTenant(c, "acme");
      assertThatThrownBy(() -> st.executeUpdate("UPDATE drift_alerts SET status = 'resolved'"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> st.executeQuery("SELECT * FROM job_runs"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> st.executeQuery("SELECT * FROM drift_alerts_default"))
          .isInstanceOf(SQLException.class);
    }
  }

  @Test
  void analystReadsEverythingAndWritesNothing() throws SQLException {
    try (Connection c = as("rls_analyst");
        Statement st = c.createStatement()) {
      assertThat(column(c, "SELECT tenant_id FROM drift_alerts")).hasSize(9);
      assertThat(column(c, "SELECT job FROM job_runs")).isEmpty();
      assertThatThrownBy(() -> st.executeUpdate("DELETE FROM drift_alerts"))
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void jobRoleWritesAndCreatesPartitionsWithoutOwningTables() throws SQLException {
    try (Connection c = as("rls_job");
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery("SELECT vigia_ensure_monthly_partitions('public.cost_tracking',"
              + " '2031-01-01', '2031-03-01')")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
      st.execute("CREATE TABLE vigia_staging.s_rls_test (x int)");
      st.execute("DROP TABLE vigia_staging.s_rls_test");
      assertThat(st.executeUpdate(
              "UPDATE drift_alerts SET severity = 'critical' WHERE tenant_id = 'acme'"))
          .isEqualTo(3);
      assertThatThrownBy(() -> st.execute("ALTER TABLE drift_alerts ADD COLUMN x int"))
          .hasMessageContaining("owner");
      assertThatThrownBy(() -> st.execute("CREATE TABLE public.sneaky (x int)"))
          .hasMessageContaining("permission denied");
      try (ResultSet rs =
          st.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
              + " AND tableowner = current_user")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void everyTenantScopedTableHasRowSecurity() throws SQLException {
    try (Connection c = owner.connect()) {
      List<String> missing = column(
          c,
          "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'"
              + " WHERE n.nspname = 'public' AND c.relkind IN ('r','p') AND NOT c.relispartition AND NOT c.relrowsecurity");
      assertThat(missing).isEmpty();
      List<String> scoped = column(
          c,
          "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE n.nspname = 'public' AND c.relrowsecurity");
      assertThat(scoped)
          .contains(
              "drift_alerts",
              "cost_tracking",
              "privacy_audit_log",
              "user_feedback",
              "model_performance_metrics",
              "feature_drift_metrics",
              "error_slices",
              "feedback_sentiment_models",
              "feedback_themes",
              "ab_experiments",
              "compliance_reports");
      List<String> definerViews = column(
          c,
          "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE n.nspname = 'public' AND c.relkind = 'v'"
              + " AND NOT coalesce(c.reloptions @> ARRAY['security_invoker=true'], false)");
      assertThat(definerViews).isEmpty();
    }
  }
}
