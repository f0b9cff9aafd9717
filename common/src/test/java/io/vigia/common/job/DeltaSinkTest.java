package io.vigia.common.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class DeltaSinkTest {
  static final String HOSTILE = "a\\' OR 1=1 --";

  static JobContext ctx(String job) {
    Settings s = Settings.defaults();
    return new JobContext(
        TestEnv.spark(),
        s,
        null,
        Window.days(LocalDate.parse("2026-11-01"), 1),
        Optional.empty(),
        Clock.systemUTC(),
        UUID.randomUUID(),
        job);
  }

  static Dataset<Row> rows(SparkSession spark, long from, long to, String tenant) {
    return spark
        .range(from, to)
        .select(col("id"), lit(tenant).as("tenant_id"), lit("x").as("v"));
  }

  @Test
  void replaceSwapsExactlyTheRowsItsConditionSelectsAndSaysWhichRunWroteThem() throws Exception {
    SparkSession spark = TestEnv.spark();
    String path = TestEnv.tempDir("sink").resolve("t").toString();
    JobContext first = ctx("one");
    long v0 = first
        .delta()
        .replace(
            path,
            rows(spark, 0, 5, HOSTILE).unionByName(rows(spark, 5, 10, "b")),
            lit(true),
            "tenant_id");
    assertThat(v0).isZero();
    JobContext second = ctx("two");
    long v1 = second
        .delta()
        .replace(path, rows(spark, 100, 103, HOSTILE), col("tenant_id").equalTo(lit(HOSTILE)));
    assertThat(v1).isEqualTo(1);
    List<Long> ids = spark
        .read()
        .format("delta")
        .load(path)
        .orderBy("id")
        .select("id")
        .as(org.apache.spark.sql.Encoders.LONG())
        .collectAsList();
    assertThat(ids).containsExactly(5L, 6L, 7L, 8L, 9L, 100L, 101L, 102L);
    assertThat(second.delta().versions()).containsExactly(Map.entry(path, 1L));
    Row h = DeltaTable.forPath(spark, path).history(1).select("userMetadata").first();
    assertThat(h.getString(0))
        .isEqualTo(second.delta().commitInfo())
        .contains(second.runId().toString());
    // the same replace again is a no-op on the rows (idempotent window replacement)
    second
        .delta()
        .replace(path, rows(spark, 100, 103, HOSTILE), col("tenant_id").equalTo(lit(HOSTILE)));
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(8);
    // update and delete by Column, with the run's commit info
    second.delta().update(path, col("tenant_id").equalTo(lit("b")), Map.of("v", lit("y")));
    second
        .delta()
        .delete(path, col("tenant_id").equalTo(lit(HOSTILE)).and(col("id").equalTo(100)));
    assertThat(spark
            .read()
            .format("delta")
            .load(path)
            .filter(col("v").equalTo("y"))
            .count())
        .isEqualTo(5);
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(7);
    assertThat(DeltaTable.forPath(spark, path)
            .history(2)
            .select("userMetadata")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList())
        .containsOnly(second.delta().commitInfo());
    // the version a run reports is read from the commit files: after a later writer's commit it is
    // still the run's own newest one, as DESCRIBE HISTORY says
    long secondsLast = second.delta().versions().get(path);
    first.delta().update(path, col("tenant_id").equalTo(lit("b")), Map.of("v", lit("z")));
    assertThat(second.delta().lastVersionOfThisRun(path))
        .isEqualTo(secondsLast)
        .isEqualTo(DeltaTable.forPath(spark, path)
            .history()
            .filter(col("userMetadata").equalTo(second.delta().commitInfo()))
            .agg(org.apache.spark.sql.functions.max("version"))
            .first()
            .getLong(0));
    assertThat(first.delta().lastVersionOfThisRun(path)).isEqualTo(secondsLast + 1);
    assertThat(ctx("three").delta().lastVersionOfThisRun(path)).isEqualTo(-1);
  }

  @Test
  void theCompressionOptionSetsTheCodecOfThatCommitOnly() throws Exception {
    SparkSession spark = TestEnv.spark();
    java.nio.file.Path dir = TestEnv.tempDir("sink-codec").resolve("t");
    String path = dir.toString();
    String key = "spark.sql.parquet.compression.codec";
    String before = spark.conf().get(key, "snappy");
    JobContext c = ctx("codec");
    c.delta()
        .replace(
            path,
            rows(spark, 0, 5, "a"),
            lit(true),
            Map.of(DeltaSink.COMPRESSION, "zstd"),
            "tenant_id");
    c.delta()
        .replace(
            path,
            rows(spark, 5, 10, "b"),
            col("tenant_id").equalTo("b"),
            Map.of(DeltaSink.COMPRESSION, "zstd", "mergeSchema", "true"));
    assertThat(spark.conf().get(key, "snappy")).isEqualTo(before);
    c.delta().replace(path, rows(spark, 10, 12, "c"), col("tenant_id").equalTo("c"));
    List<String> files;
    try (var w = java.nio.file.Files.walk(dir)) {
      files = w.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".parquet"))
          .toList();
    }
    assertThat(files.stream().filter(n -> n.endsWith(".zstd.parquet")).count())
        .isGreaterThanOrEqualTo(2);
    assertThat(files.stream().filter(n -> !n.endsWith(".zstd.parquet")).count())
        .isGreaterThanOrEqualTo(1);
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(12);
  }

  @Test
  void concurrentWritersOfOneTableAreRetriedAndBothApplyCompletely() throws Exception {
    SparkSession spark = TestEnv.spark();
    String path = TestEnv.tempDir("sinkc").resolve("t").toString();
    ctx("seed")
        .delta()
        .replace(
            path,
            rows(spark, 0, 200, "a").unionByName(rows(spark, 200, 400, "b")).coalesce(1),
            lit(true));
    JobContext a = ctx("privacy-scan");
    JobContext b = ctx("erasure");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // both rewrite the same single file, round after round: Delta refuses one commit of each
      // conflicting pair, and the sink retries it on the new snapshot
      Future<?> fa = pool.submit(() -> {
        for (int i = 0; i < 6; i++) {
          a.delta()
              .update(path, col("tenant_id").equalTo("a"), Map.of("v", concat(col("v"), lit("a"))));
        }
        return null;
      });
      Future<?> fb = pool.submit(() -> {
        for (int i = 0; i < 6; i++) {
          b.delta().delete(path, col("tenant_id").equalTo("b").and(col("id").equalTo(200 + i)));
        }
        return null;
      });
      fa.get();
      fb.get();
    } finally {
      pool.shutdownNow();
    }
    Dataset<Row> t = spark.read().format("delta").load(path);
    assertThat(t.filter(col("tenant_id").equalTo("a"))
            .filter(col("v").equalTo("xaaaaaa"))
            .count())
        .isEqualTo(200);
    assertThat(t.filter(col("tenant_id").equalTo("b")).count()).isEqualTo(194);
    assertThat(
            t.filter(col("tenant_id").equalTo("b").and(col("v").notEqual("x"))).count())
        .isZero();
  }

  @Test
  void aConflictIsRecognisedThroughItsCauses() {
    assertThat(DeltaSink.isConflict(new IllegalStateException(
            "x", new io.delta.exceptions.ConcurrentAppendException("other writer"))))
        .isTrue();
    assertThat(DeltaSink.isConflict(new IllegalStateException("x"))).isFalse();
  }
}
