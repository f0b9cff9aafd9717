package io.vigia.common.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.db.Database;
import io.vigia.common.io.LocalFiles;
import io.vigia.common.settings.InvalidSettingsException;
import io.vigia.common.settings.Settings;
import io.vigia.common.spark.SessionConf;
import io.vigia.common.spark.Sessions;
import io.vigia.common.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** vigia.spark.codegen: what auto sizes, what each mode sets, and that the session is put back. */
class CodegenChoiceTest {
  static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  static final String FACTORY = "spark.sql.codegen.factoryMode";
  static final Window WEEK = Window.days(LocalDate.parse("2026-11-02"), 7);

  static Path root;
  static Settings base;

  @BeforeAll
  static void files() throws Exception {
    root = Files.createTempDirectory("vigia-codegen-");
    // landing: 1,000 bytes on a window date, 10,000 on the day before (not the window's)
    write(root.resolve("landing/dt=2026-11-02/a.jsonl"), 600);
    write(root.resolve("landing/dt=2026-11-08/b.jsonl"), 400);
    write(root.resolve("landing/dt=2026-11-01/c.jsonl"), 10_000);
    // not a JSON Lines file: ingest does not read it
    write(root.resolve("landing/dt=2026-11-02/_manifest.json"), 5_000);
    // lake: the window's dates and the day before count (late clocks), the day after does not
    write(root.resolve("lake/events/prediction/dt=2026-11-01/p.parquet"), 300);
    write(root.resolve("lake/events/prediction/dt=2026-11-05/p.parquet"), 200);
    write(root.resolve("lake/events/outcome/dt=2026-11-08/o.parquet"), 50);
    write(root.resolve("lake/events/outcome/dt=2026-11-09/o.parquet"), 7_000);
    write(root.resolve("lake/events/prediction/_delta_log/00.json"), 9_000);
    base = Settings.defaults()
        .with(Map.of(
            "vigia.landing-dir", root.resolve("landing").toString(),
            "vigia.lake-dir", root.resolve("lake").toString()));
  }

  @AfterAll
  static void clean() throws Exception {
    LocalFiles.deleteTree(root);
  }

  static void write(Path p, int bytes) throws Exception {
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[bytes]);
  }

  @Test
  void autoSizesTheWindowsFilesOfTheDeclaredInputs() throws Exception {
    var conf = new org.apache.hadoop.conf.Configuration();
    assertThat(CodegenChoice.inputBytes(conf, base, Set.of(Input.LANDING), WEEK))
        .isEqualTo(1_000);
    assertThat(CodegenChoice.inputBytes(conf, base, Set.of(Input.LAKE), WEEK)).isEqualTo(550);
    assertThat(CodegenChoice.inputBytes(conf, base, Set.of(Input.LAKE, Input.LANDING), WEEK))
        .isEqualTo(1_550);
    Settings noLake = base.with(Map.of("vigia.lake-dir", root.resolve("none").toString()));
    assertThat(CodegenChoice.inputBytes(conf, noLake, Set.of(Input.LAKE), WEEK)).isZero();
    // the same through a file: URI, as a cluster's shared storage is given
    Settings uris = base.with(Map.of(
        "vigia.landing-dir", root.resolve("landing").toUri().toString(),
        "vigia.lake-dir", root.resolve("lake").toUri().toString()));
    assertThat(CodegenChoice.inputBytes(conf, uris, Set.of(Input.LAKE, Input.LANDING), WEEK))
        .isEqualTo(1_550);
  }

  /** Each case alone on a session that compiles: apply, check, restore, check it is as before. */
  @Test
  void eachModeSetsTheSessionAndTheRunPutsItBack() throws Exception {
    SparkSession spark = TestEnv.spark();
    // the test session's own values of both settings, put back at the end
    SessionConf session = SessionConf.set(spark, Sessions.COMPILED);
    try {
      // auto, 1,550 bytes under 1 MB: interpreted, then put back (factoryMode was unset)
      chooses(
          spark,
          with("vigia.spark.interpret-below-mb", 1),
          RunRules.NONE.reads(Input.LAKE, Input.LANDING),
          null,
          true);

      // off: interpreted whatever the input, even none declared
      chooses(spark, with("vigia.spark.codegen", "off"), RunRules.NONE, null, true);

      // auto at 0 MB (nothing is under it): the session's setting stands
      chooses(
          spark,
          with("vigia.spark.interpret-below-mb", 0),
          RunRules.NONE.reads(Input.LAKE),
          null,
          false);

      // auto for a job that declares no input: stands
      chooses(spark, base, RunRules.NONE, null, false);

      // auto when the input cannot be sized (a dt= directory that is no date): stands
      write(root.resolve("bad/events/prediction/dt=someday/p.parquet"), 10);
      chooses(
          spark,
          with("vigia.lake-dir", root.resolve("bad").toString()),
          RunRules.NONE.reads(Input.LAKE),
          null,
          false);

      // on: compiled even in a session that interprets (as the tests' own does), then put back
      spark.conf().set(WHOLE_STAGE, "false");
      spark.conf().set(FACTORY, "NO_CODEGEN");
      SessionConf c = CodegenChoice.apply(
          spark, with("vigia.spark.codegen", "on"), RunRules.NONE, null, WEEK, "t");
      assertThat(spark.conf().get(WHOLE_STAGE)).isEqualTo("true");
      assertThat(spark.conf().get(FACTORY)).isEqualTo("FALLBACK");
      c.restore();
      assertThat(spark.conf().get(WHOLE_STAGE)).isEqualTo("false");
      assertThat(spark.conf().get(FACTORY)).isEqualTo("NO_CODEGEN");
    } finally {
      session.restore();
    }
  }

  @Test
  void autoAddsTheDeclaredTablesSizeAndTheRootsReadWhenPresent() throws Exception {
    Database db = TestEnv.freshDatabase("codegen_tables", false);
    long plain;
    long partitions;
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE plain_t (id int, note text) WITH (autovacuum_enabled = off)");
      st.execute("INSERT INTO plain_t SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g");
      st.execute("CREATE TABLE parted_t (day date, v text) PARTITION BY RANGE (day)");
      st.execute("CREATE TABLE parted_t_1 PARTITION OF parted_t"
          + " FOR VALUES FROM ('2026-11-01') TO ('2026-11-02') WITH (autovacuum_enabled = off)");
      st.execute("CREATE TABLE parted_t_2 PARTITION OF parted_t"
          + " FOR VALUES FROM ('2026-11-02') TO ('2026-11-03') WITH (autovacuum_enabled = off)");
      st.execute("INSERT INTO parted_t SELECT DATE '2026-11-01' + (g % 2), repeat('y', 100)"
          + " FROM generate_series(1, 30000) g");
      // autovacuum off: no free-space or visibility map appears between this and the estimate
      plain = one(st, "SELECT pg_table_size('plain_t')");
      partitions = one(st, "SELECT pg_table_size('parted_t_1') + pg_table_size('parted_t_2')");
    }
    assertThat(plain).isGreaterThan(1 << 20);
    assertThat(partitions).isGreaterThan(1 << 20);
    Configuration conf = new Configuration();
    // a partitioned table counts its partitions; a table that does not exist counts nothing
    assertThat(CodegenChoice.estimate(
            conf, base, RunRules.NONE.readsTables("plain_t", "parted_t", "no_such_t"), db, WEEK))
        .isEqualTo(plain + partitions);
    // the lake's window files count whether the lake is required or read when present
    assertThat(CodegenChoice.estimate(
            conf, base, RunRules.NONE.readsIfPresent(Input.LAKE).readsTables("plain_t"), db, WEEK))
        .isEqualTo(550 + plain);
    assertThat(CodegenChoice.estimate(conf, base, RunRules.NONE.reads(Input.LAKE), db, WEEK))
        .isEqualTo(550);

    // auto: the table alone decides (both its sizes are under 64 MB and over 1 MB)
    SparkSession spark = TestEnv.spark();
    // the test session's own values of both settings, put back at the end
    SessionConf session = SessionConf.set(spark, Sessions.COMPILED);
    try {
      chooses(spark, base, RunRules.NONE.readsTables("plain_t"), db, true);
      chooses(
          spark,
          with("vigia.spark.interpret-below-mb", 1),
          RunRules.NONE.readsTables("plain_t"),
          db,
          false);
    } finally {
      session.restore();
    }
  }

  /**
   * In a session that compiles, applies the choice for these settings and rules over WEEK, checks
   * that the run interprets or leaves the session compiling, and that the run's end puts it back.
   */
  static void chooses(
      SparkSession spark, Settings s, RunRules rules, Database db, boolean interprets) {
    compiling(spark);
    SessionConf c = CodegenChoice.apply(spark, s, rules, db, WEEK, "t");
    if (interprets) {
      assertInterpreted(spark);
    } else {
      assertCompilingAsSet(spark);
    }
    c.restore();
    assertCompilingAsSet(spark);
  }

  static long one(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Settings with(String key, Object value) {
    return base.with(Map.of(key, value));
  }

  /** A session that compiles, as the CLI's does: whole-stage on, factoryMode not set. */
  static void compiling(SparkSession spark) {
    spark.conf().set(WHOLE_STAGE, "true");
    spark.conf().unset(FACTORY);
  }

  static void assertCompilingAsSet(SparkSession spark) {
    assertThat(spark.conf().get(WHOLE_STAGE)).isEqualTo("true");
    assertThat(spark.conf().getAll().contains(FACTORY)).isFalse();
  }

  static void assertInterpreted(SparkSession spark) {
    assertThat(spark.conf().get(WHOLE_STAGE)).isEqualTo("false");
    assertThat(spark.conf().get(FACTORY)).isEqualTo("NO_CODEGEN");
  }

  @Test
  void anUnknownModeNamesTheSettingAndTheChoices() {
    assertThatThrownBy(() -> base.with(Map.of("vigia.spark.codegen", "fast")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("vigia.spark.codegen = fast: must be auto, on or off");
  }
}
