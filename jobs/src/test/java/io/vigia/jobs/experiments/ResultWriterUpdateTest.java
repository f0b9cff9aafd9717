package io.vigia.jobs.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.db.Database;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Scope;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.Jdbc;
import io.vigia.common.testing.TestEnv;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** ResultWriter.update: only staged columns of existing rows in scope change, in the run's one transaction. */
class ResultWriterUpdateTest {

  static final class Updater implements Job {
    final boolean fail;

    Updater(boolean fail) {
      this.fail = fail;
    }

    @Override
    public String name() {
      return "update-test";
    }

    @Override
    public String description() {
      return "test";
    }

    @Override
    public JobResult run(JobContext ctx) {
      StructType schema = new StructType()
          .add("id", DataTypes.StringType)
          .add("winner", DataTypes.StringType)
          .add("status", DataTypes.StringType);
      List<Row> rows = new ArrayList<>();
      rows.add(RowFactory.create("e-running", "treatment", "completed"));
      rows.add(RowFactory.create("e-draft", "control", "completed")); // outside the scope: skipped
      rows.add(RowFactory.create("e-missing", "none", "completed")); // no such row: never inserted
      Dataset<Row> df = ctx.spark().createDataFrame(rows, schema);
      long n = ctx.writer()
          .update("ab_experiments", df, new Scope("status = 'running'", List.of()), List.of("id"));
      if (fail) {
        throw new IllegalStateException("boom after staging");
      }
      return JobResult.of(n, n, 0, Map.of("ab_experiments", n), "ok");
    }
  }

  @Test
  void updatesOnlyStagedColumnsOfRowsInScopeAndNothingOnFailure() throws Exception {
    Database db = TestEnv.freshDatabase("rwupdate", true);
    Settings s = TestEnv.settings(db, TestEnv.tempDir("rwupdate"), Map.of());
    Jdbc.exec(
        db,
        "INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, treatment_model_id, "
            + "primary_metric, status, traffic_split) VALUES ('e-running', 't1', 'keep me', 'a', 'b', 'mape', 'running', 0.3), "
            + "('e-draft', 't1', 'draft', 'a', 'b', 'mape', 'draft', 0.5)");
    Window w = Window.days(LocalDate.parse("2026-11-01"), 1);
    assertThatThrownBy(() -> JobRunner.run(
            new Updater(true), TestEnv.spark(), s, db, w, Optional.empty(), Clock.systemUTC()))
        .hasMessageContaining("boom");
    assertThat(rows(db))
        .containsExactly(
            "e-draft|draft|null|draft|0.5|false", "e-running|running|null|keep me|0.3|false");

    JobRunner.run(
        new Updater(false), TestEnv.spark(), s, db, w, Optional.empty(), Clock.systemUTC());
    assertThat(rows(db))
        .containsExactly(
            "e-draft|draft|null|draft|0.5|false", "e-running|completed|treatment|keep me|0.3|true");
  }

  static List<String> rows(Database db) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT id, status, winner, name, traffic_split, run_id IS NOT NULL "
                + "FROM ab_experiments ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
            + rs.getString(4) + "|" + rs.getBigDecimal(5).stripTrailingZeros().toPlainString() + "|"
            + rs.getBoolean(6));
      }
    }
    return out;
  }
}
