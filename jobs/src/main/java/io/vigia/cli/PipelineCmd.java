package io.vigia.cli;

import io.vigia.common.db.Database;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.JobRegistry;
import io.vigia.jobs.Pipeline;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `vigia pipeline --first-day D --days N [--jobs A,B,...]`: several jobs in one process and one Spark
 * session (one spark-submit, one set of executors), in pipeline order, each over the window
 * {@link JobRegistry#windowsFor} gives for the days [D, D + N), through {@link Pipeline#run} as the
 * demo runs them: a backfill or a catch-up without a JVM and a SparkSession start per job. Each job is
 * its own run (its own job_runs row, lock and commit); the first failure stops the pipeline (exit 1),
 * the jobs before it stay written.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = "run several jobs in one Spark session, in pipeline order, each over its "
        + "window for the days [--first-day, --first-day + --days) (ingest: the days plus 3 for late outcomes; "
        + "every other job: its default window ending at the last day)")
final class PipelineCmd implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main parent;

  @Option(names = "--first-day", required = true, description = "the first day (ISO date, UTC)")
  LocalDate firstDay;

  @Option(names = "--days", required = true, description = "how many days")
  int days;

  @Option(
      names = "--jobs",
      split = ",",
      description = "the jobs (default: every job); run in pipeline order "
          + "(`vigia list`), whatever order they are given in")
  List<String> jobs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (days < 1) {
      throw new IllegalArgumentException("--days must be at least 1");
    }
    jobs.forEach(JobRegistry::get); // unknown names fail before anything starts
    Settings s = parent.settings();
    try (Database db = Database.openCurrent(s)) {
      SparkSession spark = Main.session(s, "vigia pipeline");
      try {
        Pipeline.run(spark, s, db, firstDay, days, jobs, (name, w, r, took) -> {
          String secs = String.format(Locale.ROOT, " (%.1f s)", took.toNanos() / 1e9);
          System.out.println(name + " " + w + ": "
              + (r.skipped()
                  ? r.message()
                  : "in=" + r.recordsIn() + " ok=" + r.recordsOk() + " quarantined="
                      + r.recordsQuarantined() + " " + r.outputs())
              + secs);
        });
      } finally {
        spark.stop();
      }
    }
    return Main.OK;
  }
}
