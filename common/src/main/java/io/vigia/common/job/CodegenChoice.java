package io.vigia.common.job;

import io.vigia.common.settings.Settings;
import io.vigia.common.settings.Settings.Codegen;
import io.vigia.common.spark.Sessions;
import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Per run: whether its Spark queries are compiled (Spark's code generation, the session's default)
 * or interpreted (vigia.spark.codegen). Both give the same rows: the unit tests run every job
 * interpreted, and the cluster test runs the pipeline compiled on the cluster and interpreted on
 * local[2] and requires equal tables. Compiling a
 * query (Janino, then the JIT) costs a fixed part per query that only a large input pays back; on a
 * small window it is most of the run (docs/operations/settings.md#code-generation). With auto, the
 * input is sized by the files of the run's declared inputs on the window's dates (one listing, no
 * read): the landing's dt=DATE directories, or every event table's dt=DATE directories from the day
 * before the window (late clocks) to its end; over the limit, or for a job that reads only
 * PostgreSQL, the session's mode stands. The previous values are put back when the run ends.
 */
final class CodegenChoice {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(CodegenChoice.class);

  private final Map<String, String> previous;

  private CodegenChoice(Map<String, String> previous) {
    this.previous = previous;
  }

  /**
   * Applies the run's mode to the session and returns what to restore; the decision is logged as
   * {@code JOB: N MB of input ...}.
   */
  static CodegenChoice apply(
      SparkSession spark, Settings s, Set<Input> reads, Window w, String job) {
    Codegen mode = s.codegen();
    boolean interpret;
    if (mode != Codegen.AUTO) {
      interpret = mode == Codegen.OFF;
      LOG.info(
          "{}: queries {} (vigia.spark.codegen = {})",
          job,
          interpret ? "interpreted" : "compiled",
          mode.name().toLowerCase(java.util.Locale.ROOT));
    } else if (reads.isEmpty()) {
      interpret = false;
      LOG.debug(
          "{}: reads no landing or lake files: the session's code generation is kept"
              + " (vigia.spark.codegen = auto)",
          job);
    } else {
      long bytes = inputBytes(spark.sparkContext().hadoopConfiguration(), s, reads, w);
      interpret = bytes >= 0 && bytes < s.interpretBelowBytes();
      LOG.info(
          "{}: {} of input files in the window: queries {} (vigia.spark.codegen = auto interprets"
              + " under {} MB)",
          job,
          bytes < 0 ? "unknown size" : String.format("%.1f MB", bytes / 1048576.0),
          interpret ? "interpreted" : "compiled",
          s.interpretBelowBytes() >> 20);
    }
    Map<String, String> previous = new LinkedHashMap<>();
    Map<String, String> set =
        interpret ? Sessions.INTERPRETED : mode == Codegen.ON ? Sessions.COMPILED : Map.of();
    for (Map.Entry<String, String> e : set.entrySet()) {
      // as set on the session (null: not set, Spark's default applies)
      previous.put(e.getKey(), spark.conf().getAll().get(e.getKey()).getOrElse(() -> null));
      spark.conf().set(e.getKey(), e.getValue());
    }
    return new CodegenChoice(previous);
  }

  /** Puts back the session's settings as they were before {@link #apply}. */
  void restore(SparkSession spark) {
    previous.forEach((k, v) -> {
      if (v == null) {
        spark.conf().unset(k);
      } else {
        spark.conf().set(k, v);
      }
    });
  }

  /**
   * Bytes of the files of the declared inputs on the window's dates; -1 when a listing fails (the
   * session's mode is then kept).
   */
  static long inputBytes(Configuration conf, Settings s, Set<Input> reads, Window w) {
    try {
      long total = 0;
      for (Input in : reads) {
        if (in == Input.LANDING) {
          total += datesBytes(conf, new Path(s.landingDir()), w.firstDate(), w.endDateExclusive());
        } else {
          Path events = new Path(new Path(s.lakeDir()), "events");
          FileSystem fs = events.getFileSystem(conf);
          if (!fs.exists(events)) {
            continue;
          }
          for (FileStatus table : fs.listStatus(events)) {
            if (table.isDirectory()) {
              total += datesBytes(
                  conf, table.getPath(), w.firstDate().minusDays(1), w.endDateExclusive());
            }
          }
        }
      }
      return total;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Bytes under the dt=DATE directories of {@code root} for the dates [from, to). */
  private static long datesBytes(Configuration conf, Path root, LocalDate from, LocalDate to)
      throws IOException {
    FileSystem fs = root.getFileSystem(conf);
    long total = 0;
    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
      Path dir = new Path(root, "dt=" + d);
      if (fs.exists(dir)) {
        total += fs.getContentSummary(dir).getLength();
      }
    }
    return total;
  }
}
