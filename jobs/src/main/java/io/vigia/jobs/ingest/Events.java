package io.vigia.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.vigia.common.events.EventTypes;
import io.vigia.common.job.DeltaSink;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The one reader of ingested events: "the events of type T for window W". Ingest stores an event
 * under the date it landed (dt), which is on or after the date of its ts, up to the type's lateness
 * later (vigia.drift.outcome-lateness-days for outcomes, vigia.cost.lateness-days for every other
 * type), and may be one day before it when a producer's clock runs ahead. So the events of a window
 * are those whose ts lies in it, read from the dates [first date - 1, end date + lateness): the dt
 * bound prunes partitions, the ts bound decides. With --tenant only that tenant's rows are read (a
 * Column comparison: no value is ever SQL text).
 */
public final class Events {
  private Events() {}

  /** Where ingest writes the events of a type. */
  public static String path(JobContext ctx, String type) {
    return IngestJob.eventsPath(ctx, type);
  }

  /** Whether events of the type were ever ingested. */
  public static boolean ingested(JobContext ctx, String type) {
    return DeltaSink.exists(ctx.spark(), path(ctx, type));
  }

  /** How long after the date of its ts an event of the type may land. */
  public static Period lateness(Settings s, String type) {
    return type.equals(EventTypes.OUTCOME)
        ? s.drift().outcomeLateness()
        : s.cost().lateness();
  }

  /** The events of the type whose ts lies in the window; null when the type was never ingested. */
  public static Dataset<Row> in(JobContext ctx, String type, Window w) {
    return in(ctx, type, List.of(w));
  }

  /** The events of the type whose ts lies in any of the windows; null when the type was never ingested. */
  public static Dataset<Row> in(JobContext ctx, String type, List<Window> ws) {
    if (!ingested(ctx, type)) {
      return null;
    }
    Period late = lateness(ctx.settings(), type);
    Column dt = lit(false);
    Column ts = lit(false);
    for (Window w : ws) {
      dt = dt.or(dtIn(
          w.firstDate().minusDays(EventTypes.CLOCK_SKEW_DAYS),
          w.endDateExclusive().plus(late)));
      ts = ts.or(col("ts")
          .geq(lit(Timestamp.from(w.start())))
          .and(col("ts").lt(lit(Timestamp.from(w.end())))));
    }
    return ofTenant(
        ctx, ctx.spark().read().format("delta").load(path(ctx, type)).filter(dt).filter(ts));
  }

  /**
   * Every event of the type that landed on the dates [from, to), whatever its ts (a join that looks
   * back, e.g. outcomes to the predictions they score); null when the type was never ingested.
   */
  public static Dataset<Row> landed(JobContext ctx, String type, LocalDate from, LocalDate to) {
    if (!ingested(ctx, type)) {
      return null;
    }
    return ofTenant(
        ctx, ctx.spark().read().format("delta").load(path(ctx, type)).filter(dtIn(from, to)));
  }

  /**
   * Whether the type's table has a date directory (dt=DATE) for any date in [from, to): one listing
   * of the table's directory, no Delta snapshot. Delta writes a date's files under its directory, so
   * a date without one holds no rows; a directory may outlive its rows (then the read finds none).
   * True when the listing fails, so a caller that skips on false never skips rows.
   */
  public static boolean anyLanded(JobContext ctx, String type, LocalDate from, LocalDate to) {
    org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path(path(ctx, type));
    try {
      return !io.vigia.common.io.DateDirs.of(
              table.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration()), table)
          .subMap(from, to)
          .isEmpty();
    } catch (java.io.IOException | java.time.DateTimeException e) {
      return true;
    }
  }

  private static Column dtIn(LocalDate from, LocalDate to) {
    return col("dt").geq(lit(Date.valueOf(from))).and(col("dt").lt(lit(Date.valueOf(to))));
  }

  private static Dataset<Row> ofTenant(JobContext ctx, Dataset<Row> d) {
    return ctx.tenant().map(t -> d.filter(col("tenant_id").equalTo(lit(t)))).orElse(d);
  }
}
