package io.vigia.common.job;

import io.vigia.common.events.EventTypes;
import io.vigia.common.io.DateDirs;
import io.vigia.common.io.Landing;
import io.vigia.common.settings.Settings;
import io.vigia.common.settings.Settings.Codegen;
import io.vigia.common.spark.SessionConf;
import io.vigia.common.spark.Sessions;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per run: whether its Spark queries are compiled (Spark's code generation) or interpreted
 * (vigia.spark.codegen). Both give the same rows: the unit tests run every job interpreted, and the
 * cluster test runs the pipeline compiled on the cluster and interpreted on local[2] and requires
 * equal tables. Compiling a query (Janino, then the JIT) costs a fixed part per query that only a
 * large input pays back; on a small window it is most of the run
 * (docs/operations/settings.md#code-generation).
 *
 * <p>With auto, the run's input is estimated from the files of the inputs the job declares
 * ({@link RunRules#reads()}) on the window's dates, without reading them: the landing's files that
 * ingest reads ({@link Landing#list}), or the files under every event table's dt=DATE directories
 * from {@link EventTypes#CLOCK_SKEW_DAYS} before the window to its end (one listing per table,
 * {@link DateDirs}). It leaves out what a job reads beyond that (drift's reference window, late
 * outcomes, ingest's look-back for duplicates) and counts files Delta has removed but not yet
 * vacuumed: an estimate, against which the threshold was measured. Under the threshold the run
 * interprets; over it, or for a job that declares no input, the session's setting stands (compiled,
 * unless the session was built otherwise). The previous values are put back when the run ends, so a
 * session serves one run at a time (as JobRunner's callers use it).
 */
final class CodegenChoice {
  private static final Logger LOG = LoggerFactory.getLogger(CodegenChoice.class);

  private CodegenChoice() {}

  /**
   * Applies the run's mode to the session and logs the choice; the caller restores what it returns
   * when the run ends.
   */
  static SessionConf apply(SparkSession spark, Settings s, Set<Input> reads, Window w, String job) {
    Codegen mode = s.codegen();
    Map<String, String> set;
    if (mode != Codegen.AUTO) {
      set = mode == Codegen.OFF ? Sessions.INTERPRETED : Sessions.COMPILED;
      LOG.info(
          "{}: queries {} (vigia.spark.codegen = {})",
          job,
          mode == Codegen.OFF ? "interpreted" : "compiled",
          mode.name().toLowerCase(Locale.ROOT));
    } else if (reads.isEmpty()) {
      set = Map.of();
      LOG.debug(
          "{}: declares no landing or lake input: the session's code generation setting stands"
              + " (vigia.spark.codegen = auto)",
          job);
    } else {
      long limit = s.interpretBelowBytes();
      long bytes;
      try {
        bytes = inputBytes(spark.sparkContext().hadoopConfiguration(), s, reads, w);
      } catch (IOException | RuntimeException e) {
        bytes = -1;
        LOG.warn(
            "{}: could not size the input ({}): the session's code generation setting stands",
            job,
            JobRunner.oneLine(e));
      }
      set = bytes >= 0 && bytes < limit ? Sessions.INTERPRETED : Map.of();
      if (bytes >= 0) {
        LOG.info(
            "{}: {} MB of input files in the window: {} (vigia.spark.codegen = auto interprets"
                + " under {} MB)",
            job,
            String.format(Locale.ROOT, "%.1f", bytes / 1048576.0),
            set.isEmpty() ? "the session's code generation setting stands" : "queries interpreted",
            limit >> 20);
      }
    }
    return SessionConf.set(spark, set);
  }

  /** The estimate described above, in bytes. */
  static long inputBytes(Configuration conf, Settings s, Set<Input> reads, Window w)
      throws IOException {
    long total = 0;
    for (Input in : reads) {
      if (in == Input.LANDING) {
        for (Landing.LandedFile f : Landing.list(conf, s.landingDir(), w.dates())) {
          total += f.size();
        }
      } else {
        Path events = new Path(JobContext.lakePath(s.lakeDir(), "events"));
        FileSystem fs = events.getFileSystem(conf);
        if (!fs.exists(events)) {
          continue;
        }
        LocalDate from = w.firstDate().minusDays(EventTypes.CLOCK_SKEW_DAYS);
        for (FileStatus table : fs.listStatus(events)) {
          if (table.isDirectory()) {
            for (Path dir : DateDirs.of(fs, table.getPath())
                .subMap(from, w.endDateExclusive())
                .values()) {
              total += fs.getContentSummary(dir).getLength();
            }
          }
        }
      }
    }
    return total;
  }
}
