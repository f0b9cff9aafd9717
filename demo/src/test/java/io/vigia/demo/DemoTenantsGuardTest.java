package io.vigia.demo;

import static io.vigia.common.testing.Jdbc.column;
import static io.vigia.common.testing.Jdbc.count;
import static io.vigia.common.testing.Jdbc.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.cli.Cli;
import io.vigia.cli.Main;
import io.vigia.common.db.Database;
import io.vigia.common.testing.TestEnv;
import io.vigia.generate.JdbcPlatformSink;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * `vigia generate` and `vigia demo` replace the generated tenants' rows of the platform's input tables. On a
 * database holding a row they did not write they refuse (exit 2, one line naming the option) and change
 * nothing; with the option they proceed; on what they wrote themselves — even after the jobs updated or
 * deleted some of it — they proceed without it.
 */
class DemoTenantsGuardTest {
  static final String HAND_COMMENT = "typed by hand, not generated";

  @Test
  void aDatabaseWithAHandWrittenRowIsRefusedByGenerateAndDemoAndNothingChanges() throws Exception {
    Database db = TestEnv.freshDatabase("guard_refuse", true);
    Path work = TestEnv.tempDir("guard-refuse");
    insertHandFeedback(db, "t001");
    Map<String, List<String>> before = snapshot(db);
    assertThat(before.get("user_feedback")).hasSize(1);

    Cli.Result gen = Cli.run(
        cli(db, work, "generate", "--tenants", "2", "--days", "2", "--rows-per-day", "300"));
    assertRefused(gen, "user_feedback: 1 row (tenant t001)");
    assertThat(work.resolve("landing")).as("nothing generated either").doesNotExist();
    assertThat(snapshot(db)).isEqualTo(before);

    Cli.Result demo =
        Cli.run(cli(db, work, "demo", "--tenants", "2", "--days", "2", "--rows-per-day", "300"));
    assertRefused(demo, "user_feedback: 1 row (tenant t001)");
    assertThat(work.resolve("landing")).doesNotExist();
    assertThat(snapshot(db)).isEqualTo(before);
    assertThat(count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'vigia_demo'"))
        .isZero();
  }

  @Test
  void withTheOptionTheGeneratedTenantsRowsAreReplaced() throws Exception {
    Database db = TestEnv.freshDatabase("guard_replace", true);
    Path work = TestEnv.tempDir("guard-replace");
    insertHandFeedback(db, "t001");
    Cli.Result r = Cli.run(cli(
        db,
        work,
        "generate",
        "--tenants",
        "2",
        "--days",
        "2",
        "--rows-per-day",
        "300",
        JdbcPlatformSink.REPLACE_FLAG));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(
            count(db, "SELECT count(*) FROM user_feedback WHERE comment = '" + HAND_COMMENT + "'"))
        .isZero();
    assertThat(count(db, "SELECT count(*) FROM user_feedback WHERE tenant_id = 't001'"))
        .isPositive();
    assertThat(count(db, "SELECT count(*) FROM ab_experiment_observations")).isPositive();
    // from now on the database holds only what the generator wrote: no option needed
    Cli.Result again = Cli.run(
        cli(db, work, "generate", "--tenants", "2", "--days", "2", "--rows-per-day", "300"));
    assertThat(again.code()).as(again.err()).isZero();
  }

  @Test
  void
      reRunningOnWhatItWroteProceedsEvenAfterTheJobsChangedItButNotAfterARowOfAnotherTenantAppears()
          throws Exception {
    Database db = TestEnv.freshDatabase("guard_rerun", true);
    Path work = TestEnv.tempDir("guard-rerun");
    String[] args =
        cli(db, work, "generate", "--tenants", "3", "--days", "3", "--rows-per-day", "400");
    Cli.Result first = Cli.run(args);
    assertThat(first.code()).as(first.err()).isZero();
    Map<String, List<String>> generated = snapshot(db);
    for (String table : JdbcPlatformSink.TABLES) {
      assertThat(generated.get(table)).as(table).isNotEmpty();
    }
    // what the jobs do to these tables: feedback processing, an experiment verdict, an erasure
    exec(
        db,
        "UPDATE user_feedback SET processing_status = 'failed', processed_at = now(), "
            + "failure_reason = 'x' WHERE id = (SELECT min(id) FROM user_feedback)",
        "UPDATE ab_experiments SET status = 'completed' WHERE id = (SELECT min(id) FROM ab_experiments)",
        "DELETE FROM user_feedback WHERE id = (SELECT max(id) FROM user_feedback)");
    Cli.Result second = Cli.run(args);
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(rowCounts(snapshot(db))).isEqualTo(rowCounts(generated));

    // a row of a tenant it does not generate: the demo's jobs would process it, so it refuses too
    insertHandFeedback(db, "acme");
    Map<String, List<String>> before = snapshot(db);
    assertRefused(Cli.run(args), "user_feedback: 1 row (tenant acme)");
    assertThat(snapshot(db)).isEqualTo(before);

    // and so does a hand-made budget of a generated tenant (another table, another key)
    exec(
        db,
        "DELETE FROM user_feedback WHERE tenant_id = 'acme'",
        "INSERT INTO tenant_budgets (tenant_id, valid_from, monthly_budget_usd) VALUES "
            + "('t002', DATE '2031-01-01', 5)");
    before = snapshot(db);
    assertRefused(Cli.run(args), "tenant_budgets: 1 row (tenant t002)");
    assertThat(snapshot(db)).isEqualTo(before);
  }

  static void assertRefused(Cli.Result r, String names) {
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Main.USAGE);
    String err = r.err().strip();
    assertThat(err)
        .doesNotContain("\n")
        .startsWith("vigia: refusing")
        .contains(names)
        .contains(JdbcPlatformSink.REPLACE_FLAG);
  }

  static String[] cli(Database db, Path work, String... args) {
    List<String> all = new ArrayList<>(List.of(
        "-S",
        "vigia.jdbc.url=" + db.url(),
        "-S",
        "vigia.jdbc.user=" + db.user(),
        "-S",
        "vigia.landing-dir=" + work.resolve("landing"),
        "-S",
        "vigia.lake-dir=" + work.resolve("lake"),
        "-S",
        "vigia.spark.master=local[2]",
        "-S",
        "vigia.spark.shuffle-partitions=2"));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  static void insertHandFeedback(Database db, String tenant) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO user_feedback (tenant_id, user_id, target_type, target_id, rating, comment, created_at) "
                + "VALUES (?, 'u-1', 'prediction', 'p-1', 2, ?, ?)")) {
      ps.setString(1, tenant);
      ps.setString(2, HAND_COMMENT);
      ps.setTimestamp(3, Timestamp.from(Instant.parse("2026-11-02T10:00:00Z")));
      ps.executeUpdate();
    }
  }

  /** Every row of the tables a load writes, as text, sorted. */
  static Map<String, List<String>> snapshot(Database db) throws Exception {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String table : JdbcPlatformSink.TABLES) {
      out.put(table, column(db, "SELECT t::text FROM " + table + " t ORDER BY 1"));
    }
    return out;
  }

  static Map<String, Integer> rowCounts(Map<String, List<String>> snapshot) {
    Map<String, Integer> out = new LinkedHashMap<>();
    snapshot.forEach((k, v) -> out.put(k, v.size()));
    return out;
  }
}
