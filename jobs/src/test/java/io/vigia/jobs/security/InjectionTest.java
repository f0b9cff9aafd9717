package io.vigia.jobs.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.drift.DriftJob;
import io.vigia.jobs.experiments.ExperimentsJob;
import io.vigia.jobs.ingest.IngestJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SQL injection strings as tenant ids, model ids, feature names and experiment names travel through
 * ingest, drift (also run with --tenant set to one of them) and experiments as plain values: stored
 * verbatim, every table still there, nobody else's rows touched.
 */
class InjectionTest {
  static final String TENANT = "t1'; DROP TABLE drift_alerts; --";
  static final String MODEL = "m\"); DELETE FROM job_runs; --";
  static final String FEATURE = "price' OR '1'='1";
  static final String CAT = "region`); DROP TABLE feature_drift_metrics; --";
  static final String EXPERIMENT = "exp'); UPDATE ab_experiments SET winner = 'treatment'; --";

  static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Test
  void hostileIdentifiersAreJustValues() throws Exception {
    Path work = TestEnv.tempDir("inject");
    LocalDate start = LocalDate.parse("2026-10-01");
    Random rnd = new Random(7);
    for (int d = 0; d < 14; d++) {
      LocalDate day = start.plusDays(d);
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        String id = d + "-" + i;
        String ts = day + "T" + String.format("%02d:%02d:00Z", i / 10, i % 60);
        double price = 10 + rnd.nextGaussian() + (d >= 7 ? 3 : 0);
        for (String tenant : List.of(TENANT, "plain")) {
          String pid = tenant.equals(TENANT) ? "p-" + id : "q-" + id;
          lines.add("{\"event_id\":" + json("e" + pid) + ",\"event_type\":\"prediction\",\"ts\":\"" + ts
              + "\",\"tenant_id\":" + json(tenant) + ",\"model_id\":" + json(MODEL) + ",\"model_version\":\"v1\","
              + "\"prediction_id\":" + json(pid) + ",\"features\":{" + json(FEATURE) + ":" + price + ","
              + json(CAT) + ":" + json(rnd.nextBoolean() ? "norte" : "sur") + "},\"prediction\":" + (40 + price)
              + ",\"latency_ms\":12.0,\"status\":\"ok\"}");
          lines.add("{\"event_id\":" + json("o" + pid) + ",\"event_type\":\"outcome\",\"ts\":\"" + ts
              + "\",\"tenant_id\":" + json(tenant) + ",\"prediction_id\":" + json(pid) + ",\"model_id\":"
              + json(MODEL) + ",\"actual\":" + (41 + price + rnd.nextGaussian()) + "}");
        }
      }
      Path dir = Files.createDirectories(work.resolve("landing").resolve("dt=" + day));
      Files.write(dir.resolve("events.jsonl"), lines);
    }
    Database db = TestEnv.freshDatabase("inject", true);
    Settings s = TestEnv.settings(db, work, Map.of());
    JobResult ing = JobRunner.run(new IngestJob(), TestEnv.spark(), s, db, Window.days(start, 14), Optional.empty(),
        Clock.systemUTC());
    assertThat(ing.recordsQuarantined()).isZero();
    Window eval = Window.days(start.plusDays(7), 7);
    JobRunner.run(new DriftJob(), TestEnv.spark(), s, db, eval, Optional.empty(), Clock.systemUTC());
    // and once more for the hostile tenant only: the scope's tenant is a bound parameter
    JobRunner.run(new DriftJob(), TestEnv.spark(), s, db, eval, Optional.of(TENANT), Clock.systemUTC());

    try (Connection c = db.connect()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO ab_experiments (id, tenant_id, name,"
          + " control_model_id, treatment_model_id, primary_metric, status, started_at, min_sample_size)"
          + " VALUES (?, ?, ?, ?, ?, 'mape', 'running', '2026-10-01', 10)")) {
        ps.setString(1, EXPERIMENT);
        ps.setString(2, TENANT);
        ps.setString(3, EXPERIMENT);
        ps.setString(4, MODEL);
        ps.setString(5, MODEL + "-b");
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO ab_experiment_observations (experiment_id,"
          + " tenant_id, variant, unit_id, metric_name, metric_value, latency_ms, cost_usd, observed_at)"
          + " VALUES (?, ?, ?, ?, 'mape', ?, 10, 0.001, '2026-10-05')")) {
        for (int i = 0; i < 400; i++) {
          ps.setString(1, EXPERIMENT);
          ps.setString(2, TENANT);
          ps.setString(3, i % 2 == 0 ? "control" : "treatment");
          ps.setString(4, "u'" + i);
          ps.setDouble(5, 0.1 + 0.01 * rnd.nextGaussian());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    JobRunner.run(new ExperimentsJob(), TestEnv.spark(), s, db, Window.days(start, 14), Optional.empty(),
        Clock.systemUTC());

    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
          + " AND tablename IN ('drift_alerts', 'feature_drift_metrics', 'job_runs', 'ab_experiments')")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(4);
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*), count(*) FILTER (WHERE status = 'succeeded') FROM job_runs")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(4);
        assertThat(rs.getInt(2)).isEqualTo(4);
      }
      try (ResultSet rs = st.executeQuery("SELECT DISTINCT tenant_id, model_id FROM model_performance_metrics"
          + " ORDER BY 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("plain");
        assertThat(rs.getString(2)).isEqualTo(MODEL);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(TENANT);
        assertThat(rs.next()).isFalse();
      }
      try (ResultSet rs = st.executeQuery("SELECT DISTINCT feature FROM feature_drift_metrics ORDER BY 1")) {
        List<String> names = new ArrayList<>();
        while (rs.next()) {
          names.add(rs.getString(1));
        }
        assertThat(names).contains(FEATURE, CAT);
      }
      try (ResultSet rs = st.executeQuery("SELECT name, analyzed_at IS NOT NULL, coalesce(winner, '') FROM ab_experiments")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(EXPERIMENT);
        assertThat(rs.getBoolean(2)).isTrue();
        assertThat(rs.getString(3)).isNotEqualTo("treatment");
        assertThat(rs.next()).isFalse();
      }
    }
  }
}
