package io.vigia.jobs.cache;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
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
import io.vigia.jobs.pricing.LlmCosts;
import io.vigia.jobs.pricing.PriceCatalog;
import io.vigia.jobs.rollups.Rollups;
import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * cache_performance_metrics per tenant (and '*'), cache type, granularity (hourly, daily, ISO weekly,
 * monthly) and period, from hourly states (lake/rollups/cache_hourly) like {@link io.vigia.jobs.performance.PerformanceJob}.
 *
 * <p>From cache_op events: hits, misses, evictions; hit_rate = hits / (hits + misses); mean latency of
 * hits and of misses; latency_saved_ms = sum of saved_latency_ms of hits; cache_size_bytes = the last
 * size_bytes reported in the period. <b>cost_savings_usd</b> = what the hits avoided minus what the
 * lookups cost: for llm_exact / llm_semantic the avoided provider calls are the llm_call events with
 * cache = exact_hit / semantic_hit, each priced at the catalog price valid at its ts
 * ({@link LlmCosts} catalog_cost; hits of unknown models add nothing and are counted in the run
 * message); for vector_search / api_response the saved_cost_usd the cache reported on its hits; minus
 * (hits + misses) x vigia.cost.cache-lookup-usd. It may be negative.
 */
public final class CacheJob implements Job {
  public static final String NAME = "cache";
  static final String[] SUMS = {
    "hits",
    "misses",
    "evictions",
    "hit_lat_sum",
    "miss_lat_sum",
    "saved_lat",
    "reported_saved",
    "avoided_llm",
    "unpriced_hits",
    "events"
  };

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "cache_performance_metrics: hits, misses, evictions, latency and cost saved per tenant x cache type x period";
  }

  @Override
  public RunRules rules() {
    return Rollups.RULES;
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    Window w = ctx.window();
    PriceCatalog catalog = Rollups.begin(ctx, ChronoUnit.HOURS, NAME);
    ctx.describe("cache states");
    List<Dataset<Row>> parts = new ArrayList<>();
    Dataset<Row> ops = io.vigia.jobs.ingest.Events.in(ctx, EventTypes.CACHE_OP, w);
    if (ops != null) {
      parts.add(opStates(ops));
    }
    Dataset<Row> llm = io.vigia.jobs.ingest.Events.in(ctx, EventTypes.LLM_CALL, w);
    if (llm != null) {
      parts.add(llmHitStates(
          LlmCosts.price(ctx.spark(), llm.filter(col("cache").notEqual("miss")), catalog)));
    }
    Dataset<Row> hourly =
        parts.isEmpty() ? ctx.spark().createDataFrame(List.of(), stateSchema()) : hourly(parts);
    String path = ctx.lake("rollups", "cache_hourly");
    Rollups.writeStates(ctx, hourly.select(stateCols()), path);

    ctx.describe("cache rollups");
    Rollups.Periods per = Rollups.Periods.of(w);
    Dataset<Row> x = Rollups.explodePeriods(Rollups.readStates(ctx, path, per), per);
    Dataset<Row> rows = metrics(x, ctx.settings().cost().cacheLookupUsd());
    ctx.writer().replace("cache_performance_metrics", rows.coalesce(2), per.scope());
    Row tally = hourly.agg(sum("events"), sum("unpriced_hits")).first();
    long events = tally.isNullAt(0) ? 0 : tally.getLong(0);
    long unpriced = tally.isNullAt(1) ? 0 : tally.getLong(1);
    Map<String, Long> out = new LinkedHashMap<>(ctx.writer().stagedCounts());
    String msg = String.format(
        "%d cache_op events in %s; %d LLM cache hits of unknown models could not be valued",
        events, w, unpriced);
    return JobResult.of(events, events, 0, out, msg);
  }

  /**
   * One row per cache_op event, keyed by tenant_id, cache_type and hour, with the SUMS columns
   * (hits, misses, evictions, latency sums, saved latency, reported saved cost, events) and size.
   */
  static Dataset<Row> opStates(Dataset<Row> ops) {
    Column hit = col("result").equalTo("hit");
    Column miss = col("result").equalTo("miss");
    return part(
        ops.withColumn("hour", date_trunc("hour", col("ts"))),
        col("cache_type"),
        Map.of(
            "hits",
            when(hit, 1L).otherwise(0L),
            "misses",
            when(miss, 1L).otherwise(0L),
            "evictions",
            when(col("result").equalTo("eviction"), 1L).otherwise(0L),
            "hit_lat_sum",
            when(hit, col("latency_ms")).otherwise(0.0),
            "miss_lat_sum",
            when(miss, col("latency_ms")).otherwise(0.0),
            "saved_lat",
            when(hit, coalesce(col("saved_latency_ms"), lit(0.0))).otherwise(0.0),
            "reported_saved",
            when(hit, coalesce(col("saved_cost_usd"), lit(BigDecimal.ZERO)))
                .otherwise(lit(BigDecimal.ZERO)),
            "events",
            lit(1L)),
        col("size_bytes"));
  }

  /**
   * One row per llm_call served from a cache (already priced: catalog_cost, NULL for unknown models):
   * cache_type llm_exact / llm_semantic, avoided_llm = catalog_cost, unpriced_hits.
   */
  static Dataset<Row> llmHitStates(Dataset<Row> pricedHits) {
    return part(
        pricedHits.withColumn("hour", date_trunc("hour", col("ts"))),
        when(col("cache").equalTo("exact_hit"), lit("llm_exact")).otherwise(lit("llm_semantic")),
        Map.of(
            "avoided_llm",
            coalesce(col("catalog_cost"), lit(BigDecimal.ZERO)),
            "unpriced_hits",
            when(col("catalog_cost").isNull(), 1L).otherwise(0L)),
        lit(null).cast("long"));
  }

  /** The hourly states: the parts summed per tenant_id, cache_type and hour, with dt. */
  static Dataset<Row> hourly(List<Dataset<Row>> parts) {
    return Rollups.unionSum(
            parts, SUMS, List.of(max(col("size")).as("size")), "tenant_id", "cache_type", "hour")
        .withColumn("dt", to_date(col("hour")));
  }

  /**
   * The cache_performance_metrics rows from the states exploded into periods (granularity,
   * period_start, period_end): sums per period, then hit rate, mean latencies and cost savings
   * (lookup = vigia.cost.cache-lookup-usd per hit or miss).
   */
  static Dataset<Row> metrics(Dataset<Row> x, BigDecimal lookup) {
    Dataset<Row> t = Rollups.sumBy(
        x,
        SUMS,
        List.of(max("period_end").as("period_end"), max(col("size")).as("size")),
        "tenant_id",
        "cache_type",
        "granularity",
        "period_start");
    Column lookups = col("hits").plus(col("misses")).cast(LlmCosts.TOKENS);
    Column avoided = when(col("cache_type").isin("llm_exact", "llm_semantic"), col("avoided_llm"))
        .otherwise(col("reported_saved"));
    return t.filter(col("events")
            .gt(0)
            .or(col("avoided_llm").gt(0))
            .or(col("unpriced_hits").gt(0)))
        .select(
            col("tenant_id"),
            col("cache_type"),
            col("granularity"),
            col("period_start"),
            col("period_end"),
            col("hits"),
            col("misses"),
            when(
                    col("hits").plus(col("misses")).gt(0),
                    col("hits").divide(col("hits").plus(col("misses"))))
                .as("hit_rate"),
            col("evictions"),
            when(col("hits").gt(0), col("hit_lat_sum").divide(col("hits")))
                .as("avg_hit_latency_ms"),
            when(col("misses").gt(0), col("miss_lat_sum").divide(col("misses")))
                .as("avg_miss_latency_ms"),
            col("saved_lat").as("latency_saved_ms"),
            avoided
                .minus(lookups.multiply(lit(lookup).cast(LlmCosts.PRICE)))
                .cast(LlmCosts.MONEY)
                .as("cost_savings_usd"),
            when(col("tenant_id").notEqual("*"), col("size.size_bytes")).as("cache_size_bytes"));
  }

  private static Dataset<Row> part(
      Dataset<Row> d, Column cacheType, Map<String, Column> given, Column size) {
    List<Column> cols =
        new ArrayList<>(List.of(col("tenant_id"), cacheType.as("cache_type"), col("hour")));
    for (String s : SUMS) {
      Column c = given.get(s);
      if (s.equals("reported_saved") || s.equals("avoided_llm")) {
        cols.add((c == null ? lit(BigDecimal.ZERO) : c).cast(LlmCosts.MONEY).as(s));
      } else if (s.endsWith("_sum") || s.equals("saved_lat")) {
        cols.add((c == null ? lit(0.0) : c).cast("double").as(s));
      } else {
        cols.add((c == null ? lit(0L) : c).cast("long").as(s));
      }
    }
    // the last size in the hour: max of (ts, size) over the rows that report one
    cols.add(
        when(size.isNotNull(), struct(col("ts").as("size_ts"), size.cast("long").as("size_bytes")))
            .as("size"));
    return d.select(cols.toArray(new Column[0]));
  }

  private static Column[] stateCols() {
    List<Column> c =
        new ArrayList<>(List.of(col("tenant_id"), col("cache_type"), col("hour"), col("dt")));
    for (String s : SUMS) {
      c.add(col(s));
    }
    c.add(col("size"));
    return c.toArray(new Column[0]);
  }

  private static StructType stateSchema() {
    StringBuilder ddl = new StringBuilder("tenant_id STRING, cache_type STRING, hour TIMESTAMP");
    for (String s : SUMS) {
      ddl.append(", ")
          .append(s)
          .append(
              s.equals("reported_saved") || s.equals("avoided_llm")
                  ? " DECIMAL(38,15)"
                  : s.endsWith("_sum") || s.equals("saved_lat") ? " DOUBLE" : " BIGINT");
    }
    ddl.append(", size STRUCT<size_ts: TIMESTAMP, size_bytes: BIGINT>, dt DATE");
    return StructType.fromDDL(ddl.toString());
  }
}
