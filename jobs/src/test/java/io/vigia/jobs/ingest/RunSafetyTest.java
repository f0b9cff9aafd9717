package io.vigia.jobs.ingest;

import static io.vigia.common.testing.Jdbc.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.db.Database;
import io.vigia.common.job.Faults;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.RunLock;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two runs at once never both write; a run killed mid-write leaves the previous results intact. */
public class RunSafetyTest {

  @Test
  void aSecondConcurrentRunOfTheSameJobIsRefusedAndNeverWrites() throws Exception {
    Path work = TestEnv.tempDir("concurrent");
    IngestJobTest.landing(work);
    Database db = TestEnv.freshDatabase("concurrent", true);
    Settings s = TestEnv.settings(db, work, Map.of("vigia.ingest.quarantine-alert-min-lines", 5));
    Window w = Window.days(IngestJobTest.D1, 1);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Job slow = new Job() {
      @Override
      public String name() {
        return IngestJob.NAME;
      }

      @Override
      public String description() {
        return "ingest that waits to be released";
      }

      @Override
      public JobResult run(JobContext ctx) throws Exception {
        started.countDown();
        assertThat(release.await(120, TimeUnit.SECONDS)).isTrue();
        return new IngestJob().run(ctx);
      }
    };
    CompletableFuture<JobResult> first = CompletableFuture.supplyAsync(() -> {
      try {
        return JobRunner.run(slow, TestEnv.spark(), s, db, w, Optional.empty(), Clock.systemUTC());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(started.await(120, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> JobRunner.run(
            new IngestJob(), TestEnv.spark(), s, db, w, Optional.empty(), Clock.systemUTC()))
        .isInstanceOf(RunLock.ConcurrentRunException.class)
        .hasMessageContaining("another run of job 'ingest' is in progress");
    release.countDown();
    assertThat(first.get(300, TimeUnit.SECONDS).recordsIn()).isEqualTo(15);
    assertThat(scalar(
            db,
            "SELECT count(*) || '/' || count(*) FILTER (WHERE status = 'succeeded') FROM job_runs"))
        .isEqualTo("1/1");
    assertThat(scalar(db, "SELECT count(*) FROM drift_alerts")).isEqualTo("1");
  }

  /** A run killed (JVM halted, as kill -9) in each phase: read, compute done, staging written, swap. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {Faults.READ, Faults.STAGING, Faults.STAGED, Faults.BEFORE_COMMIT})
  void aRunKilledInAnyPhaseLeavesThePreviousResultsIntact(String point) throws Exception {
    Path work = TestEnv.tempDir("killed");
    Path landing = IngestJobTest.landing(work);
    Database db = TestEnv.freshDatabase("killed", true);
    Map<String, Object> conf = Map.of("vigia.ingest.quarantine-alert-min-lines", 5);
    Settings s = TestEnv.settings(db, work, conf);
    Window w = Window.days(IngestJobTest.D1, 1);
    JobRunner.run(new IngestJob(), TestEnv.spark(), s, db, w, Optional.empty(), Clock.systemUTC());
    String before = scalar(
        db,
        "SELECT string_agg(tenant_id || ':' || (details->>'quarantined'), ',') FROM drift_alerts");
    assertThat(before).isEqualTo("t1:3");

    // Two more bad lines for t1, then a run that is killed (JVM halted) inside its write
    // transaction.
    IngestJobTest.twoMoreBadLines(landing);
    haltedAt(s, work, point, "run", "ingest", "--from", "2026-11-02", "--to", "2026-11-03");

    // PostgreSQL rolled the open transaction back: the previous results and ledger stand.
    assertThat(
            scalar(
                db,
                "SELECT string_agg(tenant_id || ':' || (details->>'quarantined'), ',') FROM drift_alerts"))
        .isEqualTo(before);
    assertThat(scalar(db, "SELECT string_agg(status, ',' ORDER BY started_at) FROM job_runs"))
        .isEqualTo("succeeded,running");
    String leftStaging =
        scalar(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'vigia_staging'");
    if (point.equals(Faults.STAGED) || point.equals(Faults.BEFORE_COMMIT)) {
      assertThat(leftStaging).isNotEqualTo("0");
    }
    // Delta commits are atomic: the lake holds the first run's quarantine (6 lines) or, when the
    // kill
    // came after ingest's Delta commit, the killed run's complete one (8); never a part of it
    long lake = TestEnv.spark()
        .read()
        .format("delta")
        .load(work.resolve("lake/quarantine").toString())
        .count();
    assertThat(lake).isIn(6L, 8L);
    if (point.equals(Faults.READ)) {
      assertThat(lake).isEqualTo(6L);
    }

    // The next run finds the dead run, marks it failed, cleans its staging tables and writes.
    JobResult r = JobRunner.run(
        new IngestJob(), TestEnv.spark(), s, db, w, Optional.empty(), Clock.systemUTC());
    assertThat(r.recordsQuarantined()).isEqualTo(8);
    assertThat(
            scalar(
                db,
                "SELECT string_agg(tenant_id || ':' || (details->>'quarantined'), ',') FROM drift_alerts"))
        .isEqualTo("t1:5");
    assertThat(scalar(db, "SELECT string_agg(status, ',' ORDER BY started_at) FROM job_runs"))
        .isEqualTo("succeeded,failed,succeeded");
    assertThat(scalar(db, "SELECT message FROM job_runs WHERE status = 'failed'"))
        .startsWith("abandoned");
    assertThat(scalar(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'vigia_staging'"))
        .isEqualTo("0");
  }

  /**
   * Runs the real CLI (ARGS, after the test's settings) in a child JVM with vigia.testing.halt-at=POINT
   * and checks it was halted there: exit 137 (as kill -9) and the halt logged at that point. The other
   * crash tests (erasure, retention) kill their children through this too.
   */
  public static void haltedAt(Settings s, Path work, String point, String... args)
      throws Exception {
    Process p = cli(s, work, "vigia.testing.halt-at=" + point, args);
    boolean ended = p.waitFor(1200, TimeUnit.SECONDS); // generous: a shared CI box can be slow
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended).as("the child JVM ends (halted at " + point + ")").isTrue();
    String out = Files.readString(work.resolve("cli.log"));
    assertThat(p.exitValue()).as(out).isEqualTo(137);
    assertThat(out).contains("halting the JVM now").contains(point);
  }

  /**
   * JVM flags of the short-lived child JVMs the crash tests kill (each runs one job on a few hundred
   * rows): the client compiler only (C2's compile threads cost more than they win in a run this short),
   * the serial collector, no bytecode verification of classes outside the JDK (the class path's
   * javac and scalac output, Janino's; each child loads some 20,000 classes cold), no Spark UI. Measured in docs/testing.md;
   * -Dvigia.test.child-jvm-flags="..." (space-separated, empty for none) replaces them, to compare.
   */
  static final String CHILD_JVM_FLAGS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
      + " -XX:+UnlockDiagnosticVMOptions -XX:-BytecodeVerificationRemote -Dspark.ui.enabled=false";

  /** Starts the real CLI in a new JVM with the test's settings. */
  public static Process cli(Settings s, Path work, String extraSetting, String... args)
      throws Exception {
    return cli(s, work, List.of(extraSetting), args);
  }

  /** As above, with several extra settings (key=value). */
  public static Process cli(Settings s, Path work, List<String> extraSettings, String... args)
      throws Exception {
    List<String> flags = Arrays.stream(
            System.getProperty("vigia.test.child-jvm-flags", CHILD_JVM_FLAGS).split(" "))
        .filter(f -> !f.isBlank())
        .toList();
    List<String> cmd = new ArrayList<>(io.vigia.cli.Cli.childJvm("1g", flags));
    List<String> settings = new ArrayList<>(List.of(
        "vigia.jdbc.url=" + s.jdbcUrl(),
        "vigia.jdbc.user=" + s.jdbcUser(),
        "vigia.landing-dir=" + s.landingDir(),
        "vigia.lake-dir=" + s.lakeDir(),
        "vigia.spark.master=local[1]",
        "vigia.spark.shuffle-partitions=2",
        "vigia.ingest.quarantine-alert-min-lines=5"));
    settings.addAll(extraSettings);
    for (String kv : settings) {
      cmd.add("-S");
      cmd.add(kv);
    }
    cmd.addAll(List.of(args));
    // output to a file, so a chatty child can never block on a full pipe
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("cli.log").toFile())
        .directory(work.toFile())
        .start();
  }
}
