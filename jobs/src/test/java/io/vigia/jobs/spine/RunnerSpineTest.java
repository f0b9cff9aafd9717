package io.vigia.jobs.spine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.Jdbc;
import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.JobRegistry;
import io.vigia.jobs.drift.DriftJob;
import io.vigia.jobs.ingest.IngestJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** What the runner does for every job: enable flags, declared inputs, Spark UI labels. */
class RunnerSpineTest {
  static final LocalDate D1 = LocalDate.parse("2026-11-02");

  static String ledger(Database db, String job) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT status || ' | ' || coalesce(message, '') FROM job_runs WHERE job = '" + job
                + "' ORDER BY id DESC LIMIT 1")) {
      return rs.next() ? rs.getString(1) : "none";
    }
  }

  static long count(Database db, String table) throws Exception {
    return Jdbc.count(db, "SELECT count(*) FROM " + table);
  }

  @Test
  void aSwitchedOffJobIsRecordedAsSkippedAndNeverRuns() throws Exception {
    Database db = TestEnv.freshDatabase("skip", true);
    Path work = TestEnv.tempDir("skip");
    // the design's environment variable, read as the CLI reads it; the lake does not even exist:
    // a skipped job checks nothing and reads nothing
    Settings env =
        Settings.load(Optional.empty(), Map.of("DRIFT_DETECTION_ENABLED", "false"), Map.of());
    Settings s = TestEnv.settings(
        db,
        work,
        Map.of(
            "vigia.drift.enabled",
            env.drift().enabled(),
            "vigia.lake-dir",
            work.resolve("no-lake").toString()));
    JobResult r = JobRunner.run(
        new DriftJob(),
        TestEnv.spark(),
        s,
        db,
        Window.days(D1, 7),
        Optional.empty(),
        Clock.systemUTC());
    assertThat(r.skipped()).isTrue();
    assertThat(r.message()).contains("DRIFT_DETECTION_ENABLED").contains("vigia.drift.enabled");
    assertThat(ledger(db, "drift")).startsWith("skipped | ").contains("DRIFT_DETECTION_ENABLED");
    assertThat(count(db, "drift_alerts") + count(db, "model_performance_metrics"))
        .isZero();

    // switched on, the same run is not skipped (and now fails on the missing lake, naming its
    // setting)
    Settings on = s.with(Map.of("vigia.drift.enabled", true));
    assertThatThrownBy(() -> JobRunner.run(
            new DriftJob(),
            TestEnv.spark(),
            on,
            db,
            Window.days(D1, 7),
            Optional.empty(),
            Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VIGIA_LAKE_DIR")
        .hasMessageContaining("does not exist");
    assertThat(ledger(db, "drift")).startsWith("failed | ").contains("VIGIA_LAKE_DIR");
  }

  @Test
  void everyEnableFlagJobDeclaresItAndNoneChecksItByHand() throws Exception {
    Map<String, String> declared = new java.util.TreeMap<>();
    JobRegistry.all()
        .forEach((n, j) -> j.get().rules().enabledBy().ifPresent(f -> declared.put(n, f)));
    assertThat(declared)
        .containsEntry("drift", "vigia.drift.enabled")
        .containsEntry("experiments", "vigia.ab.enabled")
        .containsEntry("privacy-scan", "vigia.privacy.audit-enabled")
        .containsEntry("compliance-reports", "vigia.privacy.audit-enabled")
        .containsEntry("feedback", "vigia.feedback.processing-enabled")
        .containsEntry("partitions", "vigia.partitioning.enabled")
        .containsEntry("retention", "vigia.retention.enabled");
    Settings d = Settings.defaults();
    for (String flag : declared.values()) {
      assertThat(d.flag(flag)).as(flag).isTrue();
    }
    try (var files = Files.walk(Path.of("src", "main", "java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String src = Files.readString(f);
        assertThat(src)
            .as(f.toString())
            // a job's own flag is the runner's (RunRules.enabledBy); a step's switch inside a job
            // (vigia.drift.slices.enabled, vigia.feedback.sentiment-model.enabled) is the job's to
            // check
            .doesNotContainPattern(
                "(?<!slices\\(\\)|sentimentModel\\(\\))\\.(enabled|auditEnabled|processingEnabled)\\(\\)");
      }
    }
  }

  @Test
  void aMissingLandingFailsNamingTheSettingAndAnEmptyWindowSaysSo() throws Exception {
    Database db = TestEnv.freshDatabase("noland", true);
    Path work = TestEnv.tempDir("noland");
    Settings missing =
        TestEnv.settings(db, work, Map.of("vigia.landing-dir", "/nonexistent/landing"));
    assertThatThrownBy(() -> JobRunner.run(
            new IngestJob(),
            TestEnv.spark(),
            missing,
            db,
            Window.days(D1, 1),
            Optional.empty(),
            Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VIGIA_LANDING_DIR")
        .hasMessageContaining("/nonexistent/landing")
        .hasMessageContaining("does not exist");
    assertThat(ledger(db, "ingest")).startsWith("failed | ").contains("VIGIA_LANDING_DIR");

    Path file = work.resolve("a-file");
    Files.writeString(file, "x");
    Settings notDir = TestEnv.settings(db, work, Map.of("vigia.landing-dir", file.toString()));
    assertThatThrownBy(() -> JobRunner.run(
            new IngestJob(),
            TestEnv.spark(),
            notDir,
            db,
            Window.days(D1, 1),
            Optional.empty(),
            Clock.systemUTC()))
        .hasMessageContaining("is not a directory");

    // an existing landing with nothing for the window is normal: success, and the message says so
    Path landing = Files.createDirectories(work.resolve("landing"));
    Settings empty = TestEnv.settings(db, work, Map.of("vigia.landing-dir", landing.toString()));
    JobResult r = JobRunner.run(
        new IngestJob(),
        TestEnv.spark(),
        empty,
        db,
        Window.days(D1, 1),
        Optional.empty(),
        Clock.systemUTC());
    assertThat(r.recordsIn()).isZero();
    assertThat(r.message()).startsWith("no input in the window");
    assertThat(ledger(db, "ingest")).startsWith("succeeded | no input in the window");
  }

  @Test
  void twoJobsThatRewriteOneDeltaTableNeverRunAtOnce() throws Exception {
    Database db = TestEnv.freshDatabase("shared", true);
    Path work = TestEnv.tempDir("shared");
    Settings s = TestEnv.settings(db, work, Map.of());
    assertThat(new io.vigia.jobs.privacyscan.PrivacyScanJob().rules().exclusiveTables())
        .contains("sanitized/user_feedback");
    assertThat(new io.vigia.jobs.erasure.ErasureJob().rules().exclusiveTables())
        .contains("sanitized/user_feedback");
    // a privacy-scan run in progress holds the table; an erasure started now is refused, names it,
    // writes nothing
    try (io.vigia.common.job.RunLock scan = io.vigia.common.job.RunLock.acquire(
        db,
        "privacy-scan",
        new io.vigia.jobs.privacyscan.PrivacyScanJob().rules().exclusiveTables())) {
      assertThatThrownBy(() -> JobRunner.run(
              new io.vigia.jobs.erasure.ErasureJob(),
              TestEnv.spark(),
              s,
              db,
              Window.days(D1, 1),
              Optional.empty(),
              Clock.systemUTC()))
          .isInstanceOf(io.vigia.common.job.RunLock.ConcurrentRunException.class)
          .hasMessageContaining("sanitized/user_feedback");
      assertThat(ledger(db, "erasure")).isEqualTo("none");
    }
    // once it has finished, erasure runs
    JobRunner.run(
        new io.vigia.jobs.erasure.ErasureJob(),
        TestEnv.spark(),
        s,
        db,
        Window.days(D1, 1),
        Optional.empty(),
        Clock.systemUTC());
    assertThat(ledger(db, "erasure")).startsWith("succeeded");
  }

  @Test
  void stepLabelsReachTheSparkUiAndTheCallersLabelsComeBack() throws Exception {
    Database db = TestEnv.freshDatabase("labels", true);
    Path work = TestEnv.tempDir("labels");
    Path dir = Files.createDirectories(work.resolve("landing").resolve("dt=" + D1));
    Files.writeString(
        dir.resolve("e.jsonl"),
        "{\"event_id\":\"a1\",\"event_type\":\"action\",\"ts\":\"" + D1
            + "T01:00:00Z\",\"tenant_id\":\"t1\",\"action_id\":\"x1\",\"action_type\":\"search\","
            + "\"approval\":\"auto\",\"outcome\":\"executed\"}\n");
    Settings s = TestEnv.settings(db, work, Map.of());
    SparkSession spark = TestEnv.spark();
    List<String[]> seen = Collections.synchronizedList(new ArrayList<>());
    SparkListener l = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart e) {
        seen.add(new String[] {
          e.properties().getProperty("spark.job.description"),
          e.properties().getProperty("spark.jobGroup.id")
        });
      }
    };
    spark.sparkContext().addSparkListener(l);
    spark.sparkContext().setJobGroup("caller-group", "caller label", false);
    try {
      JobRunner.run(
          new IngestJob(), spark, s, db, Window.days(D1, 1), Optional.empty(), Clock.systemUTC());
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertThat(spark.sparkContext().getLocalProperty("spark.job.description"))
          .isEqualTo("caller label");
      assertThat(spark.sparkContext().getLocalProperty("spark.jobGroup.id"))
          .isEqualTo("caller-group");
    } finally {
      spark.sparkContext().removeSparkListener(l);
      spark.sparkContext().clearJobGroup();
    }
    // the ledger names each Delta table the run wrote and its version; the commit names the run
    String delta;
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT details -> 'delta' ->> key, key, run_id::text FROM job_runs, "
                + "jsonb_object_keys(details -> 'delta') AS key WHERE job = 'ingest' AND key LIKE '%events/action'")) {
      assertThat(rs.next()).as("job_runs.details.delta has events/action").isTrue();
      delta = rs.getString(2);
      assertThat(rs.getString(1)).isEqualTo("0");
      String meta = spark
              .read()
              .format("delta")
              .load(delta)
              .sparkSession()
              .sql("SELECT 1")
              .isEmpty()
          ? ""
          : io.delta.tables.DeltaTable.forPath(spark, delta)
              .history(1)
              .select("userMetadata")
              .first()
              .getString(0);
      assertThat(meta).contains("vigia ingest run " + rs.getString(3));
    }
    List<String[]> ours =
        seen.stream().filter(x -> x[1] != null && x[1].startsWith("vigia-")).toList();
    assertThat(ours).isNotEmpty();
    // each step's own label, not the run's group label that setJobGroup would have written over it
    assertThat(ours.stream().map(x -> x[0]).toList())
        .anyMatch(d -> d != null && d.startsWith("ingest parse "));
    assertThat(ours)
        .allMatch(x -> x[0] != null && x[0].startsWith("ingest ") && x[0].contains(" run "));
  }
}
