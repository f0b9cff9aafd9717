package io.vigia.jobs.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import io.vigia.generate.Generator;
import io.vigia.generate.GeneratorSpec;
import io.vigia.generate.JdbcPlatformSink;
import io.vigia.jobs.JobRegistry;
import io.vigia.jobs.ingest.IngestJob;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every registered job runs as a login that holds only vigia_job (owns no table, cannot change the
 * schema), on generated data; a dashboard login then sees only its own tenant's results. The jobs that
 * change the schema itself (partition maintenance and retention) run as the owner and are left out.
 */
class LeastPrivilegeTest {
  /** Jobs whose purpose is to change the schema (create, detach, drop partitions): they run as the owner. */
  static final Set<String> SCHEMA_CHANGING = Set.of("partitions", "retention");

  @Test
  void everyJobRunsAsTheJobRoleAndTheDashboardSeesOnlyItsTenant() throws Exception {
    Path work = TestEnv.tempDir("leastpriv");
    Database owner = TestEnv.freshDatabase("leastpriv", true);
    LocalDate start = GeneratorSpec.DEFAULT_START;
    int days = 10;
    try (Connection c = owner.connect();
        Statement st = c.createStatement()) {
      st.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lp_job') THEN "
              + "CREATE ROLE lp_job LOGIN; END IF; "
              + "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lp_dash') THEN CREATE ROLE lp_dash LOGIN; END IF; END $$");
      st.execute("GRANT vigia_job TO lp_job");
      st.execute("GRANT vigia_dashboard TO lp_dash");
      Generator.generate(
          GeneratorSpec.of(2, days, 400, 5, work.resolve("landing")), new JdbcPlatformSink(c));
    }
    Database asJob = new Database(owner.url(), "lp_job", "");
    Settings s = TestEnv.settings(asJob, work, Map.of());
    assertThat(s.jdbcUser()).isEqualTo("lp_job");

    List<String> ran = new ArrayList<>();
    for (Map.Entry<String, Window> e : JobRegistry.windowsFor(start, days).entrySet()) {
      String name = e.getKey();
      if (SCHEMA_CHANGING.contains(name)) {
        continue;
      }
      JobResult r = JobRunner.run(
          JobRegistry.get(name),
          TestEnv.spark(),
          s,
          asJob,
          e.getValue(),
          Optional.empty(),
          Clock.systemUTC());
      assertThat(r.recordsIn()).isEqualTo(r.recordsOk() + r.recordsQuarantined());
      if (name.equals(IngestJob.NAME)) {
        assertThat(r.recordsOk()).isPositive();
      }
      ran.add(name);
    }
    System.out.println("ran as vigia_job: " + ran);

    try (Connection c = owner.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*), count(*) FILTER (WHERE status = 'succeeded'),"
                + " (SELECT count(*) FROM pg_tables WHERE tableowner = 'lp_job' AND schemaname = 'public'),"
                + " (SELECT count(*) FROM model_performance_metrics),"
                + " (SELECT count(DISTINCT tenant_id) FROM model_performance_metrics)"
                + " FROM job_runs")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(ran.size());
      assertThat(rs.getLong(2)).isEqualTo(ran.size());
      assertThat(rs.getLong(3)).as("tables owned by the job login").isZero();
      assertThat(rs.getLong(4)).isPositive();
      assertThat(rs.getLong(5)).isEqualTo(2);
    }
    String tenant;
    try (Connection c = owner.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT min(tenant_id) FROM model_performance_metrics")) {
      rs.next();
      tenant = rs.getString(1);
    }
    try (Connection c = new Database(owner.url(), "lp_dash", "").connect();
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM model_performance_metrics")) {
        rs.next();
        assertThat(rs.getLong(1)).as("no tenant setting, no rows").isZero();
      }
      st.execute("SET vigia.tenant_id = '" + tenant + "'");
      try (ResultSet rs =
          st.executeQuery("SELECT count(*), count(DISTINCT tenant_id), min(tenant_id)"
              + " FROM drift_detection_summary")) {
        rs.next();
        assertThat(rs.getLong(1)).isPositive();
        assertThat(rs.getLong(2)).isEqualTo(1);
        assertThat(rs.getString(3)).isEqualTo(tenant);
      }
    }
  }
}
