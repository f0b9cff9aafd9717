package io.vigia.jobs.costs;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.vigia.common.events.EventTypes;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.job.Scope;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.pricing.LlmCosts;
import io.vigia.jobs.pricing.PriceCatalog;
import io.vigia.jobs.rollups.Rollups;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cost_tracking: the cost per tenant x cost type x service x model x UTC day, with its billing period
 * (first day of the month), from the events of whole days.
 *
 * <ul>
 *   <li><b>llm_api</b> (service = provider, model = the catalog model, or the request model when
 *   unknown): the per-call costs of {@link LlmCosts} summed exactly. total_cost_usd = catalog-priced +
 *   caller-reported cost; caller_reported_cost_usd is the reported part; usage_units = billed input +
 *   output tokens (cache hits are not billed and counted apart); pricing_status = unpriced when any
 *   call of the row could not be priced (its cost is then the part that could, NULL when none could),
 *   caller_reported when every costed call was caller-reported, else priced; price_version = the
 *   catalog versions used, comma-separated. An llm_call with a blank request_model is quarantined
 *   (counted, reason missing_model).</li>
 *   <li><b>compute</b> (service = the resource sample's service; model 'cpu' or 'memory'): per hour with
 *   samples, mean cpu_pct / 100 core-hours and mean memory_mb / 1024 GB-hours, summed per day, times
 *   vigia.cost.compute-usd-per-core-hour / memory-usd-per-gb-hour.</li>
 *   <li><b>storage</b> (service = cache type): mean size_bytes of the day's cache_op samples / 10^9 GB for
 *   one day, times storage-usd-per-gb-day.</li>
 *   <li><b>vector_ops</b> (service embed / search): sum of count, times vector-usd-per-embedding /
 *   vector-usd-per-search.</li>
 * </ul>
 * Measured units (core-hours, GB) are rounded to 9 decimals; money is computed from them exactly.
 * Unknown models raise an unpriced_usage alert per tenant, provider/model and month (cost_alerts).
 */
public final class CostsJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(CostsJob.class);
  public static final String NAME = "costs";
  static final DecimalType UNITS = DataTypes.createDecimalType(24, 9);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "cost_tracking per tenant x cost type x service x model x day (exact decimal, dated LLM price catalog), unpriced alerts";
  }

  /** A week: a daily run over the last 7 days re-prices late events and catalog corrections. */
  @Override
  public int defaultWindowDays() {
    return 7;
  }

  @Override
  public RunRules rules() {
    return Rollups.RULES;
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    Window w = ctx.window();
    PriceCatalog catalog = Rollups.begin(ctx, ChronoUnit.DAYS, NAME);
    Settings s = ctx.settings();
    List<Dataset<Row>> rows = new ArrayList<>();
    long in = 0;
    long quarantined = 0;

    ctx.describe("llm costs");
    Dataset<Row> llm = io.vigia.jobs.ingest.Events.in(ctx, EventTypes.LLM_CALL, w);
    Dataset<Row> alerts = null;
    if (llm != null) {
      Column blank =
          col("request_model").isNull().or(length(trim(col("request_model"))).equalTo(0));
      Dataset<Row> priced = LlmCosts.price(ctx.spark(), llm.filter(blank.unary_$bang()), catalog)
          .withColumn("usage_date", to_date(col("ts")))
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        Row tally = llm.agg(count(lit(1)), sum(when(blank, 1L).otherwise(0L))).first();
        in += tally.getLong(0);
        quarantined += tally.isNullAt(1) ? 0 : tally.getLong(1);
        rows.add(llmRows(priced));
        alerts = unpricedAlerts(priced);
        List<Row> unpriced = priced
            .filter(col("pricing_status").equalTo("unpriced"))
            .groupBy("provider", "model")
            .agg(count(lit(1)))
            .collectAsList();
        if (!unpriced.isEmpty()) {
          LOG.warn(
              "costs: calls of models the price catalog does not know (unpriced, never $0): {}",
              unpriced);
        }
        return finish(ctx, w, s, rows, alerts, in, quarantined);
      } finally {
        priced.unpersist();
      }
    }
    return finish(ctx, w, s, rows, null, in, quarantined);
  }

  private JobResult finish(
      JobContext ctx,
      Window w,
      Settings s,
      List<Dataset<Row>> rows,
      Dataset<Row> alerts,
      long in,
      long quarantined) {
    ctx.describe("resource costs");
    Dataset<Row> resourceSamples =
        io.vigia.jobs.ingest.Events.in(ctx, EventTypes.RESOURCE_SAMPLE, w);
    if (resourceSamples != null) {
      Dataset<Row> hourly = resourceSamples
          .groupBy(
              col("tenant_id"), col("service"), date_trunc("hour", col("ts")).as("hour"))
          .agg(
              avg("cpu_pct").as("cpu"),
              avg("memory_mb").as("mem"),
              count(lit(1)).as("n"));
      Dataset<Row> daily = hourly
          .groupBy(col("tenant_id"), col("service"), to_date(col("hour")).as("usage_date"))
          .agg(
              sum(col("cpu").divide(100)).as("core_hours"),
              sum(col("mem").divide(1024)).as("gb_hours"),
              sum("n").as("n"));
      rows.add(unitRows(
          daily,
          "compute",
          col("service"),
          lit("cpu"),
          col("core_hours"),
          "core_hour",
          s.cost().computeUsdPerCoreHour(),
          col("n")));
      rows.add(unitRows(
          daily,
          "compute",
          col("service"),
          lit("memory"),
          col("gb_hours"),
          "gb_hour",
          s.cost().memoryUsdPerGbHour(),
          lit(0L)));
      in += resourceSamples.count();
    }
    Dataset<Row> cache = io.vigia.jobs.ingest.Events.in(ctx, EventTypes.CACHE_OP, w);
    if (cache != null) {
      Dataset<Row> daily = cache
          .groupBy(col("tenant_id"), col("cache_type"), to_date(col("ts")).as("usage_date"))
          .agg(
              avg(col("size_bytes")).divide(1e9).as("gb"),
              count(col("size_bytes")).as("n"));
      rows.add(unitRows(
          daily.filter(col("n").gt(0)),
          "storage",
          col("cache_type"),
          lit(""),
          col("gb"),
          "gb_day",
          s.cost().storageUsdPerGbDay(),
          col("n")));
      in += cache.count();
    }
    Dataset<Row> vec = io.vigia.jobs.ingest.Events.in(ctx, EventTypes.VECTOR_OP, w);
    if (vec != null) {
      Dataset<Row> daily = vec.groupBy(
              col("tenant_id"), col("op"), to_date(col("ts")).as("usage_date"))
          .agg(sum("count").as("units"), count(lit(1)).as("n"));
      rows.add(unitRows(
          daily.filter(col("op").equalTo("embed")),
          "vector_ops",
          lit("embed"),
          lit(""),
          col("units"),
          "embedding",
          s.cost().vectorUsdPerEmbedding(),
          col("n")));
      rows.add(unitRows(
          daily.filter(col("op").equalTo("search")),
          "vector_ops",
          lit("search"),
          lit(""),
          col("units"),
          "query",
          s.cost().vectorUsdPerSearch(),
          col("n")));
      in += vec.count();
    }

    Dataset<Row> all = rows.isEmpty() ? null : rows.get(0);
    for (int i = 1; i < rows.size(); i++) {
      all = all.unionByName(rows.get(i));
    }
    Scope scope = new Scope(
        "usage_date >= ? AND usage_date < ?",
        List.of(Date.valueOf(w.firstDate()), Date.valueOf(w.endDateExclusive())));
    long written = 0;
    if (all != null) {
      written = ctx.writer().replace("cost_tracking", all.coalesce(4), scope);
    } else {
      ctx.writer()
          .replace(
              "cost_tracking", ctx.spark().sql("SELECT 'x' AS tenant_id").filter("false"), scope);
    }
    LocalDate firstMonth = w.firstDate().withDayOfMonth(1);
    LocalDate lastMonth = w.endDateExclusive().minusDays(1).withDayOfMonth(1);
    Scope alertScope = new Scope(
        "alert_type = 'unpriced_usage' AND source_job = ? AND billing_period >= ? "
            + "AND billing_period <= ?",
        List.of(NAME, Date.valueOf(firstMonth), Date.valueOf(lastMonth)));
    long alertRows = 0;
    if (alerts != null) {
      // fired once per tenant, model and month: a later run refreshes the details, never deletes it
      alertRows = ctx.writer()
          .upsert(
              "cost_alerts",
              alerts.coalesce(1),
              alertScope,
              List.of("tenant_id", "alert_type", "scope_key", "billing_period"),
              List.of("status", "acknowledged_by", "acknowledged_at", "resolved_at", "created_at"),
              Scope.NO_ROW);
    }
    long ok = in - quarantined;
    String msg = String.format(
        Locale.ROOT,
        "%d events (%d quarantined: missing_model) -> %d cost rows, %d unpriced alerts",
        in,
        quarantined,
        written,
        alertRows);
    return JobResult.of(in, ok, quarantined, ctx.writer().stagedCounts(), msg);
  }

  /** llm_api rows from priced calls (see the class comment). Pure: tests call it. */
  static Dataset<Row> llmRows(Dataset<Row> priced) {
    Column billed = col("billed");
    Column caller = col("pricing_status").equalTo("caller_reported");
    Column catalogPriced = col("pricing_status").equalTo("priced");
    Dataset<Row> g = priced
        .groupBy(col("tenant_id"), col("provider"), col("model"), col("usage_date"))
        .agg(
            count(lit(1)).as("event_count"),
            sum(when(col("pricing_status").equalTo("unpriced"), 1L).otherwise(0L))
                .as("unpriced_event_count"),
            sum(when(caller, 1L).otherwise(0L)).as("caller_reported_event_count"),
            sum(when(catalogPriced, 1L).otherwise(0L)).as("priced_event_count"),
            sum(when(billed.unary_$bang(), 1L).otherwise(0L)).as("not_billed_event_count"),
            sum(when(caller, col("cost"))).as("caller_reported_cost_usd"),
            sum(col("cost")).as("total_cost_usd"),
            sum(when(billed, col("input_tokens")).otherwise(0L)).as("input_tokens"),
            sum(when(billed, col("output_tokens")).otherwise(0L)).as("output_tokens"),
            sum(when(billed, coalesce(col("cached_input_tokens"), lit(0L))).otherwise(0L))
                .as("cached_input_tokens"),
            array_join(array_sort(collect_set(col("price_version"))), ",").as("price_version"));
    return g.select(
        col("tenant_id"),
        lit("llm_api").as("cost_type"),
        col("provider").as("service"),
        col("model"),
        col("usage_date"),
        trunc(col("usage_date"), "month").as("billing_period"),
        col("input_tokens").plus(col("output_tokens")).cast(UNITS).as("usage_units"),
        lit("token").as("unit_type"),
        lit(null).cast(LlmCosts.MONEY).as("unit_cost"),
        col("total_cost_usd").cast(LlmCosts.MONEY).as("total_cost_usd"),
        when(col("unpriced_event_count").gt(0), lit("unpriced"))
            .when(
                col("caller_reported_event_count")
                    .gt(0)
                    .and(col("priced_event_count").equalTo(0)),
                lit("caller_reported"))
            .otherwise(lit("priced"))
            .as("pricing_status"),
        when(length(col("price_version")).gt(0), col("price_version")).as("price_version"),
        col("event_count"),
        col("unpriced_event_count"),
        col("input_tokens"),
        col("output_tokens"),
        col("cached_input_tokens"),
        col("caller_reported_event_count"),
        col("caller_reported_cost_usd").cast(LlmCosts.MONEY).as("caller_reported_cost_usd"),
        col("not_billed_event_count"));
  }

  /** Rows of one unit-priced cost type: units (rounded to 9 decimals) x unit price, exact. */
  static Dataset<Row> unitRows(
      Dataset<Row> d,
      String type,
      Column service,
      Column model,
      Column units,
      String unitType,
      BigDecimal price,
      Column events) {
    Column u = units.cast(UNITS);
    Column p = lit(price).cast(LlmCosts.PRICE);
    return d.select(
        col("tenant_id"),
        lit(type).as("cost_type"),
        service.as("service"),
        model.as("model"),
        col("usage_date"),
        trunc(col("usage_date"), "month").as("billing_period"),
        u.as("usage_units"),
        lit(unitType).as("unit_type"),
        p.cast(LlmCosts.MONEY).as("unit_cost"),
        u.multiply(p).cast(LlmCosts.MONEY).as("total_cost_usd"),
        lit("priced").as("pricing_status"),
        lit("settings").as("price_version"),
        events.cast("long").as("event_count"),
        lit(0L).as("unpriced_event_count"),
        lit(null).cast("long").as("input_tokens"),
        lit(null).cast("long").as("output_tokens"),
        lit(null).cast("long").as("cached_input_tokens"),
        lit(0L).as("caller_reported_event_count"),
        lit(null).cast(LlmCosts.MONEY).as("caller_reported_cost_usd"),
        lit(0L).as("not_billed_event_count"));
  }

  /** One unpriced_usage alert per tenant, provider/model and month with unpriced calls in the window. */
  private static Dataset<Row> unpricedAlerts(Dataset<Row> priced) {
    return priced
        .filter(col("pricing_status").equalTo("unpriced"))
        .groupBy(
            col("tenant_id"),
            col("provider"),
            col("model"),
            trunc(col("usage_date"), "month").as("billing_period"))
        .agg(
            count(lit(1)).as("n"),
            sum("input_tokens").as("in"),
            sum("output_tokens").as("out"),
            min("usage_date").as("first"),
            max("usage_date").as("last"))
        .select(
            col("tenant_id"),
            lit("unpriced_usage").as("alert_type"),
            concat(col("provider"), lit("/"), col("model")).as("scope_key"),
            col("billing_period"),
            lit("high").as("severity"),
            lit(null).cast("decimal(10,4)").as("threshold_percent"),
            lit(false).as("throttle"),
            to_json(struct(
                    col("provider"),
                    col("model"),
                    col("n").as("unpriced_calls"),
                    col("in").as("input_tokens"),
                    col("out").as("output_tokens"),
                    col("first").cast("string").as("first_date"),
                    col("last").cast("string").as("last_date"),
                    lit("add the model or an alias to the price catalog "
                            + "(conf/llm-prices.csv) and re-run costs over these dates")
                        .as("fix")))
                .as("details"),
            lit(NAME).as("source_job"));
  }
}
