package io.vigia.common.job;

import io.vigia.common.db.Database;
import io.vigia.common.db.Relations;
import io.vigia.common.events.EventTypes;
import io.vigia.common.io.DateDirs;
import io.vigia.common.io.Landing;
import io.vigia.common.settings.Settings;
import io.vigia.common.settings.Settings.Codegen;
import io.vigia.common.spark.SessionConf;
import io.vigia.common.spark.Sessions;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
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
 * <p>With auto, the run's input is estimated from what the job declares ({@link RunRules}) without
 * reading it: for the roots of {@code reads} and {@code readsIfPresent}, the files on the window's
 * dates (the landing's files that ingest reads, {@link Landing#list}; or the files under every event
 * table's dt=DATE directories from {@link EventTypes#CLOCK_SKEW_DAYS} before the window to its end, one
 * listing per table, {@link DateDirs}); for {@code tables}, each PostgreSQL table's whole size
 * (pg_table_size of its partitions or of itself: not only the window's rows, so a large table
 * compiles).
 * It leaves out what a job reads beyond that (drift's reference window, late outcomes, ingest's
 * look-back for duplicates, feedback's look-back for predictions) and counts files Delta has removed
 * but not yet vacuumed: an estimate, against which the threshold was measured. Under the threshold
 * the run interprets; over it, or for a job that declares no input, the session's setting stands
 * (compiled, unless the session was built otherwise). The previous values are put back when the run ends, so a
 * session serves one run at a time (as JobRunner's callers use it).
 */
final class CodegenChoice {
  private static final Logger LOG = LoggerFactory.getLogger(CodegenChoice.class);

  private CodegenChoice() {}

  /**
   * Applies the run's mode to the session and logs the choice; the caller restores what it returns
   * when the run ends.
   */
  static SessionConf apply(
      SparkSession spark, Settings s, RunRules rules, Database db, Window w, String job) {
    Codegen mode = s.codegen();
    Map<String, String> set;
    if (mode != Codegen.AUTO) {
      set = mode == Codegen.OFF ? Sessions.INTERPRETED : Sessions.COMPILED;
      LOG.info(
          "{}: queries {} (vigia.spark.codegen = {})",
          job,
          mode == Codegen.OFF ? "interpreted" : "compiled",
          mode.name().toLowerCase(Locale.ROOT));
    } else if (!rules.declaresInput()) {
      set = Map.of();
      LOG.debug(
          "{}: declares no input: the session's code generation setting stands"
              + " (vigia.spark.codegen = auto)",
          job);
    } else {
      long limit = s.interpretBelowBytes();
      long bytes;
      try {
        bytes = estimate(spark.sparkContext().hadoopConfiguration(), s, rules, db, w);
      } catch (IOException | SQLException | RuntimeException e) {
        bytes = -1;
        LOG.warn(
            "{}: could not size the input ({}): the session's code generation setting stands",
            job,
            JobRunner.oneLine(e));
      }
      set = bytes >= 0 && bytes < limit ? Sessions.INTERPRETED : Map.of();
      if (bytes >= 0) {
        LOG.info(
            "{}: {} MB of input in the window: {} (vigia.spark.codegen = auto interprets"
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
  static long estimate(Configuration conf, Settings s, RunRules rules, Database db, Window w)
      throws IOException, SQLException {
    Set<Input> roots = Set.copyOf(
        Stream.concat(rules.reads().stream(), rules.readsIfPresent().stream()).toList());
    return inputBytes(conf, s, roots, w) + tableBytes(db, rules.tables());
  }

  /** The files of the roots on the window's dates, in bytes. */
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

  /**
   * The public PostgreSQL tables' size: pg_table_size (heap, TOAST, free-space and visibility maps; no
   * index) of the relations that hold their rows ({@link Relations#LEAVES_OF_TABLE}); a table that
   * does not exist counts 0.
   */
  static long tableBytes(Database db, Set<String> tables) throws SQLException {
    if (tables.isEmpty()) {
      return 0;
    }
    long total = 0;
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT coalesce(sum(pg_table_size(relid)), 0) FROM ("
                + Relations.LEAVES_OF_TABLE + ") AS leaves")) {
      for (String table : tables) {
        ps.setString(1, table);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total += rs.getLong(1);
        }
      }
    }
    return total;
  }
}
