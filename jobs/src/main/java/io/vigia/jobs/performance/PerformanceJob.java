package io.vigia.jobs.performance;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.vigia.common.events.EventTypes;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.job.Window;
import io.vigia.common.stats.LogBucketSketch;
import io.vigia.jobs.pricing.LlmCosts;
import io.vigia.jobs.pricing.PriceCatalog;
import io.vigia.jobs.rollups.Rollups;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window$;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * system_performance_metrics: hourly, daily, weekly (ISO, Monday 00:00 UTC) and monthly rollups per
 * tenant and for all tenants ('*').
 *
 * <p>One pass over each event type of the window computes an hourly <b>state</b> per tenant: counts
 * and sums (never averages or percentiles) and a {@link LogBucketSketch} of prediction latencies.
 * The states are kept in the Delta table lake/rollups/performance_hourly (the window's hours are
 * replaced). Every row of every granularity is then finished from the states of its period: averages
 * are sum / count, rates count / count, and p95 comes from the merged bucket counts of the period's
 * hours, so a day's or a month's p95 is the quantile of all its events (within 1 % relative error:
 * see LogBucketSketch), never an average of hourly percentiles. A run over a day therefore refreshes
 * that day's hours, the day, its ISO week and its month (the week and month from the states earlier
 * runs left), and a re-run gives the same rows.
 *
 * <p>Definitions. predictions: all prediction events; error rate = status error / all; latency over
 * all. LLM: calls = all llm_call events; exact (semantic) hit rate = exact_hit (semantic_hit) calls /
 * all calls; tokens = input/output/cached tokens of billed calls (cache = miss); cost = sum of the
 * per-call costs of {@link LlmCosts} (catalog-priced + caller-reported; unpriced calls add nothing and
 * are counted in llm_unpriced_calls). Vector: embeddings_created = sum of count of embed ops with
 * status ok; vector_searches = sum of count of search ops; average search latency over search events.
 * Actions: executed / rejected / failed by outcome; auto_approved = approval auto; manual_approved =
 * approval manual and outcome not rejected. CPU and memory: mean of the resource samples.
 */
public final class PerformanceJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(PerformanceJob.class);
  public static final String NAME = "performance";
  static final String[] SUMS = {
    "pred_n",
    "pred_err",
    "pred_lat_sum",
    "llm_n",
    "llm_exact",
    "llm_semantic",
    "llm_in",
    "llm_out",
    "llm_cached",
    "llm_cost",
    "llm_unpriced",
    "vec_n",
    "vec_embeds",
    "vec_searches",
    "vec_search_n",
    "vec_search_lat_sum",
    "act_exec",
    "act_auto",
    "act_manual",
    "act_rej",
    "act_fail",
    "res_n",
    "res_cpu_sum",
    "res_mem_sum"
  };
  static final double P95 = 0.95;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "system_performance_metrics: hourly/daily/ISO-weekly/monthly rollups per tenant and '*' (p95 from mergeable sketches)";
  }

  public static String statePath(JobContext ctx) {
    return ctx.lake("rollups", "performance_hourly");
  }

  @Override
  public RunRules rules() {
    return Rollups.RULES;
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    Window w = ctx.window();
    PriceCatalog catalog = Rollups.begin(ctx, ChronoUnit.HOURS, NAME);

    // ---- 1. hourly states of the window, from the events
    ctx.describe("hourly states");
    long t0 = System.nanoTime();
    List<Dataset<Row>> parts = new ArrayList<>();
    Dataset<Row> sketch = null;
    Dataset<Row> p = io.vigia.jobs.ingest.Events.in(ctx, EventTypes.PREDICTION, w);
    if (p != null) {
      p = p.withColumn("hour", date_trunc("hour", col("ts")));
      parts.add(sums(
          p,
          Map.of(
              "pred_n",
              lit(1L),
              "pred_err",
              when(col("status").equalTo("error"), 1L).otherwise(0L),
              "pred_lat_sum",
              col("latency_ms"))));
      sketch = p.select(
              col("tenant_id"),
              col("hour"),
              LogBucketSketch.bucket(col("latency_ms")).as("bucket"))
          .filter(col("bucket").isNotNull())
          .groupBy("tenant_id", "hour", "bucket")
          .agg(count(lit(1)).as("n"))
          .groupBy("tenant_id", "hour")
          .agg(map_from_entries(collect_list(struct(col("bucket"), col("n")))).as("pred_sketch"));
    }
    Dataset<Row> l = io.vigia.jobs.ingest.Events.in(ctx, EventTypes.LLM_CALL, w);
    if (l != null) {
      Dataset<Row> priced =
          LlmCosts.price(ctx.spark(), l, catalog).withColumn("hour", date_trunc("hour", col("ts")));
      Column billed = col("billed");
      parts.add(sums(
          priced,
          Map.ofEntries(
              Map.entry("llm_n", lit(1L)),
              Map.entry("llm_exact", when(col("cache").equalTo("exact_hit"), 1L).otherwise(0L)),
              Map.entry(
                  "llm_semantic", when(col("cache").equalTo("semantic_hit"), 1L).otherwise(0L)),
              Map.entry("llm_in", when(billed, col("input_tokens")).otherwise(0L)),
              Map.entry("llm_out", when(billed, col("output_tokens")).otherwise(0L)),
              Map.entry(
                  "llm_cached",
                  when(billed, coalesce(col("cached_input_tokens"), lit(0L))).otherwise(0L)),
              Map.entry(
                  "llm_cost",
                  coalesce(col("cost"), lit(java.math.BigDecimal.ZERO).cast(LlmCosts.MONEY))),
              Map.entry(
                  "llm_unpriced",
                  when(col("pricing_status").equalTo("unpriced"), 1L).otherwise(0L)))));
    }
    Dataset<Row> v = io.vigia.jobs.ingest.Events.in(ctx, EventTypes.VECTOR_OP, w);
    if (v != null) {
      Column search = col("op").equalTo("search");
      parts.add(sums(
          v.withColumn("hour", date_trunc("hour", col("ts"))),
          Map.of(
              "vec_n",
              lit(1L),
              "vec_embeds",
              when(col("op").equalTo("embed").and(col("status").equalTo("ok")), col("count"))
                  .otherwise(0L),
              "vec_searches",
              when(search, col("count")).otherwise(0L),
              "vec_search_n",
              when(search, 1L).otherwise(0L),
              "vec_search_lat_sum",
              when(search, col("latency_ms")).otherwise(0.0))));
    }
    Dataset<Row> a = io.vigia.jobs.ingest.Events.in(ctx, EventTypes.ACTION, w);
    if (a != null) {
      parts.add(sums(
          a.withColumn("hour", date_trunc("hour", col("ts"))),
          Map.of(
              "act_exec", when(col("outcome").equalTo("executed"), 1L).otherwise(0L),
              "act_auto", when(col("approval").equalTo("auto"), 1L).otherwise(0L),
              "act_manual",
                  when(
                          col("approval")
                              .equalTo("manual")
                              .and(col("outcome").notEqual("rejected")),
                          1L)
                      .otherwise(0L),
              "act_rej", when(col("outcome").equalTo("rejected"), 1L).otherwise(0L),
              "act_fail", when(col("outcome").equalTo("failed"), 1L).otherwise(0L))));
    }
    Dataset<Row> r = io.vigia.jobs.ingest.Events.in(ctx, EventTypes.RESOURCE_SAMPLE, w);
    if (r != null) {
      parts.add(sums(
          r.withColumn("hour", date_trunc("hour", col("ts"))),
          Map.of(
              "res_n", lit(1L), "res_cpu_sum", col("cpu_pct"), "res_mem_sum", col("memory_mb"))));
    }

    Dataset<Row> hourly;
    if (parts.isEmpty()) {
      hourly = emptyStates(ctx);
    } else {
      hourly = Rollups.unionSum(parts, SUMS, List.of(), "tenant_id", "hour");
      hourly = sketch == null
          ? hourly.withColumn("pred_sketch", expr("CAST(NULL AS map<int,bigint>)"))
          : hourly
              .join(sketch, new String[] {"tenant_id", "hour"}, "left")
              .select(stateColumns(false));
      hourly = hourly.withColumn("dt", to_date(col("hour"))).select(stateColumns(true));
    }
    String path = statePath(ctx);
    Rollups.writeStates(ctx, hourly, path);
    LOG.info("performance: hourly states of {} written in {} s", w, secs(t0));

    // ---- 2. every period the window touches, finished from the states
    Rollups.Periods per = Rollups.Periods.of(w);
    ctx.describe("rollups");
    Dataset<Row> states = Rollups.readStates(ctx, path, per);
    Dataset<Row> rows = rollup(states, per).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // in the order of the granularities (Spark returns the groups in any order; the message must
      // not vary)
      Map<String, Long> byGran = new java.util.TreeMap<>(java.util.Comparator.comparingInt(
              (String g) -> List.of("hourly", "daily", "weekly", "monthly").indexOf(g))
          .thenComparing(g -> g));
      long events = 0;
      for (Row g : rows.groupBy("granularity")
          .agg(
              count(lit(1)),
              sum(when(
                      col("granularity").equalTo("hourly").and(col("tenant_id").notEqual("*")),
                      col("predictions_count").plus(col("llm_calls_count")).plus(col("ev_other")))
                  .otherwise(0L)))
          .collectAsList()) {
        byGran.put(g.getString(0), g.getLong(1));
        events += g.isNullAt(2) ? 0 : g.getLong(2);
      }
      ctx.writer().replace("system_performance_metrics", rows.drop("ev_other"), per.scope());
      String msg = String.format(
          "%d events in %s; rows per granularity %s (p95 relative error <= %.0f%%)",
          events, w, byGran, LogBucketSketch.ALPHA * 100);
      return JobResult.of(events, events, 0, ctx.writer().stagedCounts(), msg);
    } finally {
      rows.unpersist();
    }
  }

  /** Per (tenant, hour) sums of the given columns; every other state column 0. */
  private static Dataset<Row> sums(Dataset<Row> d, Map<String, Column> given) {
    List<Column> cols = new ArrayList<>(List.of(col("tenant_id"), col("hour")));
    for (String s : SUMS) {
      Column c = given.get(s);
      if (s.equals("llm_cost")) {
        cols.add((c == null ? lit(java.math.BigDecimal.ZERO) : c)
            .cast(LlmCosts.MONEY)
            .as(s));
      } else if (s.endsWith("_sum")) {
        cols.add((c == null ? lit(0.0) : c).cast("double").as(s));
      } else {
        cols.add((c == null ? lit(0L) : c).cast("long").as(s));
      }
    }
    return d.select(cols.toArray(new Column[0]));
  }

  private static Column[] stateColumns(boolean withDt) {
    List<Column> c = new ArrayList<>(List.of(col("tenant_id"), col("hour")));
    if (withDt) {
      c.add(col("dt"));
    }
    for (String s : SUMS) {
      c.add(col(s));
    }
    c.add(col("pred_sketch"));
    return c.toArray(new Column[0]);
  }

  private static Dataset<Row> emptyStates(JobContext ctx) {
    StringBuilder ddl = new StringBuilder("tenant_id STRING, hour TIMESTAMP, dt DATE");
    for (String s : SUMS) {
      ddl.append(", ")
          .append(s)
          .append(
              s.equals("llm_cost")
                  ? " DECIMAL(38,15)"
                  : s.endsWith("_sum") ? " DOUBLE" : " BIGINT");
    }
    ddl.append(", pred_sketch MAP<INT,BIGINT>");
    return ctx.spark()
        .createDataFrame(List.of(), org.apache.spark.sql.types.StructType.fromDDL(ddl.toString()));
  }

  /**
   * The rows of every granularity from hourly states (tenant_id, hour, sums, pred_sketch): sums added
   * per period, averages and rates from the sums, p95 from the merged sketch. Pure: tests call it.
   */
  static Dataset<Row> rollup(Dataset<Row> states, Rollups.Periods per) {
    Dataset<Row> x = Rollups.explodePeriods(states, per);
    String[] key = {"tenant_id", "granularity", "period_start"};
    Dataset<Row> totals = Rollups.sumBy(x, SUMS, List.of(max("period_end").as("period_end")), key);

    // p95: bucket counts per period, cumulative count in bucket order, first bucket reaching rank
    // ceil(0.95 n)
    Dataset<Row> buckets = x.select(
            col("tenant_id"),
            col("granularity"),
            col("period_start"),
            explode(col("pred_sketch")).as(new String[] {"bucket", "n"}))
        .groupBy(key[0], key[1], key[2], "bucket")
        .agg(sum("n").as("n"));
    WindowSpec byPeriod = Window$.MODULE$.partitionBy(key[0], key[1], key[2]);
    WindowSpec cumulative = byPeriod.orderBy("bucket").rowsBetween(Long.MIN_VALUE, 0);
    Dataset<Row> p95 = buckets
        .withColumn("cum", sum("n").over(cumulative))
        .withColumn("total", sum("n").over(byPeriod))
        .filter(col("cum").geq(LogBucketSketch.nearestRank(col("total"), P95)))
        .groupBy(key[0], key[1], key[2])
        .agg(min("bucket").as("p95_bucket"));

    Column n = col("pred_n");
    Column llm = col("llm_n");
    return totals
        .join(p95, key, "left")
        .select(
            col("tenant_id"),
            col("granularity"),
            col("period_start"),
            col("period_end"),
            n.as("predictions_count"),
            when(n.gt(0), col("pred_lat_sum").divide(n)).as("prediction_avg_latency_ms"),
            LogBucketSketch.value(col("p95_bucket")).as("prediction_p95_latency_ms"),
            when(n.gt(0), col("pred_err").divide(n)).as("prediction_error_rate"),
            llm.as("llm_calls_count"),
            when(llm.gt(0), col("llm_exact").divide(llm)).as("llm_exact_cache_hit_rate"),
            when(llm.gt(0), col("llm_semantic").divide(llm)).as("llm_semantic_cache_hit_rate"),
            col("llm_in").as("llm_input_tokens"),
            col("llm_out").as("llm_output_tokens"),
            col("llm_cost").as("llm_cost_usd"),
            col("vec_embeds").as("embeddings_created"),
            col("vec_searches").as("vector_searches"),
            when(col("vec_search_n").gt(0), col("vec_search_lat_sum").divide(col("vec_search_n")))
                .as("vector_avg_search_latency_ms"),
            col("act_exec").as("actions_executed"),
            col("act_auto").as("actions_auto_approved"),
            col("act_manual").as("actions_manual_approved"),
            col("act_rej").as("actions_rejected"),
            col("act_fail").as("actions_failed"),
            when(col("res_n").gt(0), col("res_cpu_sum").divide(col("res_n"))).as("avg_cpu_pct"),
            when(col("res_n").gt(0), col("res_mem_sum").divide(col("res_n"))).as("avg_memory_mb"),
            col("llm_cached").as("llm_cached_input_tokens"),
            col("llm_unpriced").as("llm_unpriced_calls"),
            col("vec_n")
                .plus(col("act_exec"))
                .plus(col("act_rej"))
                .plus(col("act_fail"))
                .plus(col("res_n"))
                .plus(expr("0"))
                .as("ev_other"));
  }

  private static String secs(long t0) {
    return String.format("%.1f", (System.nanoTime() - t0) / 1e9);
  }
}
