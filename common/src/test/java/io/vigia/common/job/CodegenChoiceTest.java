package io.vigia.common.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.io.LocalFiles;
import io.vigia.common.settings.InvalidSettingsException;
import io.vigia.common.settings.Settings;
import io.vigia.common.spark.SessionConf;
import io.vigia.common.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
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
    String wasWholeStage = spark.conf().get(WHOLE_STAGE);
    String wasFactory = spark.conf().getAll().get(FACTORY).getOrElse(() -> null);
    try {
      // auto, 1,550 bytes under 1 MB: interpreted, then put back (factoryMode was unset)
      compiling(spark);
      SessionConf c = CodegenChoice.apply(
          spark,
          with("vigia.spark.interpret-below-mb", 1),
          Set.of(Input.LAKE, Input.LANDING),
          WEEK,
          "t");
      assertInterpreted(spark);
      c.restore();
      assertCompilingAsSet(spark);

      // off: interpreted whatever the input, even none declared
      compiling(spark);
      c = CodegenChoice.apply(spark, with("vigia.spark.codegen", "off"), Set.of(), WEEK, "t");
      assertInterpreted(spark);
      c.restore();
      assertCompilingAsSet(spark);

      // auto at 0 MB (nothing is under it): the session's setting stands
      compiling(spark);
      c = CodegenChoice.apply(
          spark, with("vigia.spark.interpret-below-mb", 0), Set.of(Input.LAKE), WEEK, "t");
      assertCompilingAsSet(spark);
      c.restore();
      assertCompilingAsSet(spark);

      // auto for a job that declares no input: stands
      compiling(spark);
      c = CodegenChoice.apply(spark, base, Set.of(), WEEK, "t");
      assertCompilingAsSet(spark);
      c.restore();
      assertCompilingAsSet(spark);

      // auto when the input cannot be sized (a dt= directory that is no date): stands
      write(root.resolve("bad/events/prediction/dt=someday/p.parquet"), 10);
      compiling(spark);
      c = CodegenChoice.apply(
          spark,
          with("vigia.lake-dir", root.resolve("bad").toString()),
          Set.of(Input.LAKE),
          WEEK,
          "t");
      assertCompilingAsSet(spark);
      c.restore();

      // on: compiled even in a session that interprets (as the tests' own does), then put back
      spark.conf().set(WHOLE_STAGE, "false");
      spark.conf().set(FACTORY, "NO_CODEGEN");
      c = CodegenChoice.apply(spark, with("vigia.spark.codegen", "on"), Set.of(), WEEK, "t");
      assertThat(spark.conf().get(WHOLE_STAGE)).isEqualTo("true");
      assertThat(spark.conf().get(FACTORY)).isEqualTo("FALLBACK");
      c.restore();
      assertThat(spark.conf().get(WHOLE_STAGE)).isEqualTo("false");
      assertThat(spark.conf().get(FACTORY)).isEqualTo("NO_CODEGEN");
    } finally {
      spark.conf().set(WHOLE_STAGE, wasWholeStage);
      if (wasFactory == null) {
        spark.conf().unset(FACTORY);
      } else {
        spark.conf().set(FACTORY, wasFactory);
      }
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
