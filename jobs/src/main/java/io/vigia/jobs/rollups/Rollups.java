package io.vigia.jobs.rollups;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.vigia.common.job.JobContext;
import io.vigia.common.job.Scope;
import io.vigia.common.job.Window;
import io.vigia.jobs.pricing.PriceCatalog;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Hourly states kept in Delta (lake/rollups/NAME, partitioned by dt, the window's hours replaced) and
 * the periods they roll up to: hourly, daily, ISO weekly (Monday 00:00 UTC) and monthly, UTC.
 */
public final class Rollups {
  /** The run rules of the rollup jobs (performance, costs, cache): they read the lake, write states and prices. */
  public static final io.vigia.common.job.RunRules RULES = io.vigia.common.job.RunRules.NONE
      .reads(io.vigia.common.job.Input.LAKE)
      .directWrites(
          "Delta lake/rollups/JOB_hourly: the window's hours replaced in one commit before the PostgreSQL"
              + " commit; a failed run leaves its states, which the re-run replaces with identical ones",
          PriceCatalog.DIRECT_WRITE);

  private Rollups() {}

  /**
   * The start every rollup run shares: the window must be whole {@code unit}s (a part-hour or part-day
   * would overwrite a whole period with part of it), and the dated LLM price catalog is loaded.
   */
  public static PriceCatalog begin(JobContext ctx, java.time.temporal.ChronoUnit unit, String job)
      throws java.sql.SQLException, java.io.IOException {
    EventInput.requireWhole(ctx.window(), unit, job);
    return PriceCatalog.prepare(ctx.db(), ctx.settings().cost().priceCatalogFile());
  }

  /**
   * The parts (one per event type, same columns) unioned and summed per key: every column in sums
   * summed, then the extra aggregations.
   */
  public static Dataset<Row> unionSum(
      List<Dataset<Row>> parts, String[] sums, List<Column> extra, String... keys) {
    Dataset<Row> u = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      u = u.unionByName(parts.get(i));
    }
    return sumBy(u, sums, extra, keys);
  }

  /** Sums of the given columns per key, after the leading extra aggregations. */
  public static Dataset<Row> sumBy(
      Dataset<Row> d, String[] sums, List<Column> extra, String... keys) {
    List<Column> aggs = new java.util.ArrayList<>(extra);
    for (String s : sums) {
      aggs.add(org.apache.spark.sql.functions.sum(col(s)).as(s));
    }
    Column[] k = java.util.Arrays.stream(keys)
        .map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new);
    return d.groupBy(k).agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
  }

  /** Replaces the window's hours (and tenant, for --tenant runs) of a state table with these rows. */
  public static void writeStates(JobContext ctx, Dataset<Row> hourly, String path) {
    Window w = ctx.window();
    Column replace = col("hour")
        .geq(lit(Timestamp.from(w.start())))
        .and(col("hour").lt(lit(Timestamp.from(w.end()))));
    if (ctx.tenant().isPresent()) {
      replace = replace.and(col("tenant_id").equalTo(lit(ctx.tenant().get())));
    }
    ctx.delta().replace(path, hourly.repartition(col("dt")), replace, "dt");
  }

  /** The states of every period the window touches; with '*' copies of every row unless the run is for one tenant. */
  public static Dataset<Row> readStates(JobContext ctx, String path, Periods per) {
    Dataset<Row> states = ctx.spark()
        .read()
        .format("delta")
        .load(path)
        .filter(col("dt")
            .geq(lit(java.sql.Date.valueOf(per.readFrom())))
            .and(col("dt").lt(lit(java.sql.Date.valueOf(per.readTo())))));
    if (ctx.tenant().isPresent()) {
      return states.filter(col("tenant_id").equalTo(ctx.tenant().get()));
    }
    return states.unionByName(states.withColumn("tenant_id", lit("*")));
  }

  /**
   * Each state row once per granularity whose period the window touches, with granularity,
   * period_start and period_end. Hourly periods are the window's own hours.
   */
  public static Dataset<Row> explodePeriods(Dataset<Row> states, Periods per) {
    Column periods = array(
        struct(
            lit("hourly").as("g"),
            col("hour").as("ps"),
            expr("hour + INTERVAL 1 HOUR").as("pe")),
        struct(
            lit("daily").as("g"),
            date_trunc("day", col("hour")).as("ps"),
            expr("date_trunc('day', hour) + INTERVAL 1 DAY").as("pe")),
        struct(
            lit("weekly").as("g"),
            date_trunc("week", col("hour")).as("ps"),
            expr("date_trunc('week', hour) + INTERVAL 7 DAYS").as("pe")),
        struct(
            lit("monthly").as("g"),
            date_trunc("month", col("hour")).as("ps"),
            expr("date_trunc('month', hour) + INTERVAL 1 MONTH").as("pe")));
    Column inScope = col("p.g")
        .equalTo("hourly")
        .and(col("p.ps").geq(lit(Timestamp.from(per.window().start()))))
        .and(col("p.ps").lt(lit(Timestamp.from(per.window().end()))))
        .or(col("p.g")
            .equalTo("daily")
            .and(col("p.ps")
                .between(lit(Periods.ts(per.firstDay())), lit(Periods.ts(per.lastDay())))))
        .or(col("p.g")
            .equalTo("weekly")
            .and(col("p.ps")
                .between(lit(Periods.ts(per.firstWeek())), lit(Periods.ts(per.lastWeek())))))
        .or(col("p.g")
            .equalTo("monthly")
            .and(col("p.ps")
                .between(lit(Periods.ts(per.firstMonth())), lit(Periods.ts(per.lastMonth())))));
    return states
        .withColumn("p", explode(periods))
        .filter(inScope)
        .withColumn("granularity", col("p.g"))
        .withColumn("period_start", col("p.ps"))
        .withColumn("period_end", col("p.pe"))
        .drop("p");
  }

  /** The periods a window touches, per granularity, and the state dates to read for them. */
  public record Periods(
      Window window,
      LocalDate firstDay,
      LocalDate lastDay,
      LocalDate firstWeek,
      LocalDate lastWeek,
      LocalDate firstMonth,
      LocalDate lastMonth,
      LocalDate readFrom,
      LocalDate readTo) {
    public static Periods of(Window w) {
      LocalDate first = w.firstDate();
      LocalDate last = LocalDate.ofInstant(w.end().minusNanos(1000), ZoneOffset.UTC);
      LocalDate fw = first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      LocalDate lw = last.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      LocalDate fm = first.withDayOfMonth(1);
      LocalDate lm = last.withDayOfMonth(1);
      LocalDate from = fw.isBefore(fm) ? fw : fm;
      LocalDate to = lw.plusDays(7).isAfter(lm.plusMonths(1)) ? lw.plusDays(7) : lm.plusMonths(1);
      return new Periods(w, first, last, fw, lw, fm, lm, from, to);
    }

    /** The rows of system_performance_metrics a run over the window owns. */
    public Scope scope() {
      return new Scope(
          "(granularity = 'hourly' AND period_start >= ? AND period_start < ?)"
              + " OR (granularity = 'daily' AND period_start >= ? AND period_start <= ?)"
              + " OR (granularity = 'weekly' AND period_start >= ? AND period_start <= ?)"
              + " OR (granularity = 'monthly' AND period_start >= ? AND period_start <= ?)",
          List.of(
              Timestamp.from(window.start()),
              Timestamp.from(window.end()),
              ts(firstDay),
              ts(lastDay),
              ts(firstWeek),
              ts(lastWeek),
              ts(firstMonth),
              ts(lastMonth)));
    }

    static Timestamp ts(LocalDate d) {
      return Timestamp.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    static Instant at(LocalDate d) {
      return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
  }
}
