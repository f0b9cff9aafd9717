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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ResultWriter.update: only staged columns of existing rows in scope change, in the run's one transaction. */
class ResultWriterUpdateTest {

  /** A test job: its name, and what its run does. */
  record TestJob(String name, java.util.function.Function<JobContext, JobResult> body)
      implements Job {
    @Override
    public String description() {
      return "test";
    }

    @Override
    public JobResult run(JobContext ctx) {
      return body.apply(ctx);
    }
  }

  /** Updates two ab_experiments rows' status and winner, scope: running experiments; then fails if asked. */
  static Job updater(boolean fail) {
    return new TestJob("update-test", ctx -> {
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
    });
  }

  /**
   * Updates a table whose own columns are named s_0 and s_1, the writer's first choice of names for the
   * staged columns: the scope's s_0 must still mean the target row's column.
   */
  static Job aliasUpdater() {
    return new TestJob("update-alias-test", ctx -> {
      StructType schema =
          new StructType().add("id", DataTypes.StringType).add("s_0", DataTypes.StringType);
      List<Row> rows = new ArrayList<>();
      rows.add(RowFactory.create("a", "new"));
      rows.add(RowFactory.create("b", "new")); // its target row is out of the scope: skipped
      rows.add(RowFactory.create("c", "new")); // its target's s_0 is not 'old': skipped
      Dataset<Row> df = ctx.spark().createDataFrame(rows, schema);
      long n = ctx.writer()
          .update(
              "alias_target",
              df,
              new Scope("status = ? AND s_0 = ?", List.of("open", "old")),
              List.of("id"));
      return JobResult.of(n, n, 0, Map.of("alias_target", n), "ok");
    });
  }

  static Database db;
  static Settings s;

  /** One database for the class: the two tests write different tables. */
  @BeforeAll
  static void database() throws Exception {
    db = TestEnv.freshDatabase("rwupdate", true);
    s = TestEnv.settings(db, TestEnv.tempDir("rwupdate"), Map.of());
  }

  @Test
  void stagedColumnsNeverShadowTargetColumnsNamedLikeTheirAliases() throws Exception {
    Jdbc.exec(
        db,
        "CREATE TABLE alias_target (id text PRIMARY KEY, s_0 text, s_1 text, status text, run_id uuid)");
    Jdbc.exec(
        db,
        "INSERT INTO alias_target (id, s_0, s_1, status) VALUES ('a', 'old', 'x', 'open'), "
            + "('b', 'old', 'x', 'closed'), ('c', 'other', 'x', 'open')");
    JobRunner.run(
        aliasUpdater(),
        TestEnv.spark(),
        s,
        db,
        Window.days(LocalDate.parse("2026-11-01"), 1),
        Optional.empty(),
        Clock.systemUTC());
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT id, s_0, s_1, status, run_id IS NOT NULL FROM alias_target ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
            + rs.getString(4) + "|" + rs.getBoolean(5));
      }
    }
    assertThat(out)
        .containsExactly("a|new|x|open|true", "b|old|x|closed|false", "c|other|x|open|false");

    // a statement PostgreSQL refuses (here a scope naming a column the table lacks) is not an
    // outage: the error says so instead of advising to wait for the database
    Jdbc.exec(db, "ALTER TABLE alias_target RENAME COLUMN status TO state");
    assertThatThrownBy(() -> JobRunner.run(
            aliasUpdater(),
            TestEnv.spark(),
            s,
            db,
            Window.days(LocalDate.parse("2026-11-02"), 1),
            Optional.empty(),
            Clock.systemUTC()))
        .hasMessageContaining("could not commit the results to PostgreSQL")
        .hasMessageContaining("column \"status\" does not exist")
        .hasMessageContaining("PostgreSQL refused the statement (SQLState 42703)")
        .hasMessageNotContaining("once the database is reachable");
  }

  @Test
  void updatesOnlyStagedColumnsOfRowsInScopeAndNothingOnFailure() throws Exception {
    Jdbc.exec(
        db,
        "INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, treatment_model_id, "
            + "primary_metric, status, traffic_split) VALUES ('e-running', 't1', 'keep me', 'a', 'b', 'mape', 'running', 0.3), "
            + "('e-draft', 't1', 'draft', 'a', 'b', 'mape', 'draft', 0.5)");
    Window w = Window.days(LocalDate.parse("2026-11-01"), 1);
    assertThatThrownBy(() -> JobRunner.run(
            updater(true), TestEnv.spark(), s, db, w, Optional.empty(), Clock.systemUTC()))
        .hasMessageContaining("boom");
    assertThat(rows(db))
        .containsExactly(
            "e-draft|draft|null|draft|0.5|false", "e-running|running|null|keep me|0.3|false");

    JobRunner.run(updater(false), TestEnv.spark(), s, db, w, Optional.empty(), Clock.systemUTC());
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
