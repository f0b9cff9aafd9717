package io.vigia.jobs.costs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.Window;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Reads ingested events for the rollup jobs: by ts in the window, from the dates they may have landed on. */
final class EventInput {
  private EventInput() {}

  /**
   * Events of one type whose ts lies in w (and of the run's tenant, if any), read from the Delta
   * partitions dt in [first date - 1, end date + vigia.cost.lateness-days): an event lands on or after
   * its ts date, up to the lateness later (one day earlier is read for clock skew). NULL when the
   * type has never been ingested.
   */
  static Dataset<Row> read(JobContext ctx, String type, Window w) {
    String path = ctx.lake("events", type);
    if (!DeltaTable.isDeltaTable(ctx.spark(), path)) {
      return null;
    }
    Date from = Date.valueOf(w.firstDate().minusDays(1));
    Date to = Date.valueOf(w.endDateExclusive().plusDays(ctx.settings().costLatenessDays));
    Dataset<Row> d = ctx.spark().read().format("delta").load(path)
        .filter(col("dt").geq(lit(from)).and(col("dt").lt(lit(to))))
        .filter(col("ts").geq(lit(Timestamp.from(w.start()))).and(col("ts").lt(lit(Timestamp.from(w.end())))));
    if (ctx.tenant().isPresent()) {
      d = d.filter(col("tenant_id").equalTo(ctx.tenant().get()));
    }
    return d;
  }

  static void requireWhole(Window w, ChronoUnit unit, String job) {
    for (Instant t : new Instant[] {w.start(), w.end()}) {
      if (!t.truncatedTo(unit).equals(t)) {
        throw new IllegalArgumentException(job + " rolls up whole " + (unit == ChronoUnit.HOURS ? "hours" : "UTC days")
            + ": --from/--to " + t + " is not at the start of one (e.g. " + t.truncatedTo(unit) + ")");
      }
    }
    if (unit == ChronoUnit.DAYS && w.length().compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException(job + " needs at least one whole day");
    }
  }
}
