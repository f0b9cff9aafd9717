package io.vigia.jobs.performance;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.job.Window;
import io.vigia.common.stats.LogBucketSketch;
import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.ResultRows;
import io.vigia.jobs.rollups.Rollups;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link PerformanceJob#rollup} on a handful of in-memory hourly states (no generator, no ingest, no
 * database): every figure of every granularity is checked against values worked out by hand from the
 * definitions of docs/jobs/performance.md: sums per period, averages and rates as sum / count of the
 * whole period (never averages of hourly averages), NULL rates and means when the count is 0, exact
 * decimal LLM cost, and p95 as the nearest-rank quantile of all the period's latencies (from merged
 * bucket counts, within 1 % relative error), never an average or maximum of hourly p95s. The '*' rows
 * come from the all-tenant copies of the states, added here exactly as Rollups.readStates adds them.
 *
 * <p>The window is Tuesday 2027-03-02 (one day): its hours, the day, ISO week 2027-03-01 (Monday) and
 * month 2027-03 are rolled up. States on Monday 03-01 count in the week and month only, 03-20 in the
 * month only, and Sunday 02-28 (previous week and month) in nothing.
 */
class PerformanceRollupTest {
  static final StructType STATES;

  static {
    StructType s = new StructType()
        .add("tenant_id", DataTypes.StringType)
        .add("hour", DataTypes.TimestampType);
    for (String c : PerformanceJob.SUMS) {
      s = s.add(
          c,
          c.equals("llm_cost")
              ? DataTypes.createDecimalType(38, 15)
              : c.endsWith("_sum") ? DataTypes.DoubleType : DataTypes.LongType);
    }
    STATES =
        s.add("pred_sketch", DataTypes.createMapType(DataTypes.IntegerType, DataTypes.LongType));
  }

  /** A p95 expected within the sketch's 1 % relative error of the exact nearest-rank value. */
  record P95(double exact) {}

  @Test
  void rollsUpHoursDaysWeeksAndMonthsPerTenantAndForAllTenants() {
    List<Row> rows = new ArrayList<>();
    // S1: tenant A, Tue 10:00. latencies 18 x 100 ms, 1 x 400, 1 x 1000 (sum 1800 + 400 + 1000 =
    // 3200)
    rows.add(state(
        "A",
        "2027-03-02T10:00:00Z",
        sketch(100, 18, 400, 1, 1000, 1),
        "pred_n",
        20L,
        "pred_err",
        2L,
        "pred_lat_sum",
        3200.0,
        "llm_n",
        4L,
        "llm_exact",
        1L,
        "llm_semantic",
        1L,
        "llm_in",
        300L,
        "llm_out",
        120L,
        "llm_cached",
        50L,
        "llm_cost",
        new BigDecimal("0.001234567890123"),
        "llm_unpriced",
        1L,
        "vec_n",
        3L,
        "vec_embeds",
        10L,
        "vec_searches",
        7L,
        "vec_search_n",
        2L,
        "vec_search_lat_sum",
        30.0,
        "act_exec",
        2L,
        "act_auto",
        1L,
        "act_manual",
        1L,
        "act_rej",
        1L,
        "act_fail",
        0L,
        "res_n",
        2L,
        "res_cpu_sum",
        70.0,
        "res_mem_sum",
        1536.0));
    // S2: tenant A, Tue 11:00. latencies 20 x 50 ms (sum 1000)
    rows.add(state(
        "A",
        "2027-03-02T11:00:00Z",
        sketch(50, 20),
        "pred_n",
        20L,
        "pred_err",
        0L,
        "pred_lat_sum",
        1000.0,
        "llm_n",
        2L,
        "llm_exact",
        0L,
        "llm_semantic",
        1L,
        "llm_in",
        1000L,
        "llm_out",
        500L,
        "llm_cached",
        0L,
        "llm_cost",
        new BigDecimal("0.000000000000001"),
        "llm_unpriced",
        0L,
        "vec_n",
        1L,
        "vec_embeds",
        0L,
        "vec_searches",
        5L,
        "vec_search_n",
        1L,
        "vec_search_lat_sum",
        12.0,
        "act_exec",
        1L,
        "act_auto",
        0L,
        "act_manual",
        1L,
        "act_rej",
        0L,
        "act_fail",
        1L,
        "res_n",
        1L,
        "res_cpu_sum",
        10.0,
        "res_mem_sum",
        512.0));
    // S3: tenant A, Mon 03-01 15:00 (in the week and the month, not the window): 3 x 5000 ms
    rows.add(state(
        "A",
        "2027-03-01T15:00:00Z",
        sketch(5000, 3),
        "pred_n",
        3L,
        "pred_err",
        3L,
        "pred_lat_sum",
        15000.0,
        "llm_n",
        1L,
        "llm_in",
        10L,
        "llm_out",
        10L,
        "llm_cost",
        new BigDecimal("2.5")));
    // S4: tenant A, Sat 03-20 08:00 (in the month only): 60 x 1 ms
    rows.add(state(
        "A",
        "2027-03-20T08:00:00Z",
        sketch(1, 60),
        "pred_n",
        60L,
        "pred_err",
        6L,
        "pred_lat_sum",
        60.0,
        "llm_n",
        1L,
        "llm_exact",
        1L));
    // S5: tenant A, Sun 02-28 23:00: previous ISO week and month; must count nowhere
    rows.add(state(
        "A",
        "2027-02-28T23:00:00Z",
        sketch(7, 7),
        "pred_n",
        7L,
        "pred_lat_sum",
        49.0,
        "llm_n",
        9L,
        "llm_cost",
        new BigDecimal("100"),
        "res_n",
        1L,
        "res_cpu_sum",
        99.0));
    // S6: tenant B, Tue 10:00. latencies 0 ms (zero bucket) and 3000 ms
    rows.add(state(
        "B",
        "2027-03-02T10:00:00Z",
        sketch(0, 1, 3000, 1),
        "pred_n",
        2L,
        "pred_err",
        1L,
        "pred_lat_sum",
        3000.0,
        "llm_n",
        3L,
        "llm_in",
        10L,
        "llm_out",
        20L,
        "llm_cached",
        5L,
        "llm_cost",
        new BigDecimal("0.1"),
        "llm_unpriced",
        2L,
        "res_n",
        1L,
        "res_cpu_sum",
        50.0,
        "res_mem_sum",
        1000.0));
    // S7: tenant B, Tue 12:00: resource samples only (no predictions, no sketch, no LLM calls)
    rows.add(state(
        "B", "2027-03-02T12:00:00Z", null, "res_n", 1L, "res_cpu_sum", 20.0, "res_mem_sum", 100.0));

    Dataset<Row> states = TestEnv.spark().createDataFrame(rows, STATES);
    // the all-tenant copies, as Rollups.readStates makes them for an all-tenant run
    states = states.unionByName(states.withColumn("tenant_id", lit("*")));
    Rollups.Periods per = Rollups.Periods.of(Window.of("2027-03-02", "2027-03-03"));
    Map<String, Row> got = ResultRows.byKey(
        PerformanceJob.rollup(states, per), "tenant_id", "granularity", "period_start");
    // A and B: 2 hours each + day + week + month; '*': 3 hours + day + week + month. Nothing of
    // February (S5), no hour outside the window (S3, S4).
    assertThat(got.keySet())
        .containsExactlyInAnyOrder(
            "A hourly 2027-03-02T10:00:00Z",
            "A hourly 2027-03-02T11:00:00Z",
            "A daily 2027-03-02T00:00:00Z",
            "A weekly 2027-03-01T00:00:00Z",
            "A monthly 2027-03-01T00:00:00Z",
            "B hourly 2027-03-02T10:00:00Z",
            "B hourly 2027-03-02T12:00:00Z",
            "B daily 2027-03-02T00:00:00Z",
            "B weekly 2027-03-01T00:00:00Z",
            "B monthly 2027-03-01T00:00:00Z",
            "* hourly 2027-03-02T10:00:00Z",
            "* hourly 2027-03-02T11:00:00Z",
            "* hourly 2027-03-02T12:00:00Z",
            "* daily 2027-03-02T00:00:00Z",
            "* weekly 2027-03-01T00:00:00Z",
            "* monthly 2027-03-01T00:00:00Z");

    // ---- tenant A
    expect(
        got.get("A hourly 2027-03-02T10:00:00Z"),
        "period_end",
        "2027-03-02T11:00:00Z",
        "predictions_count",
        20L,
        "prediction_avg_latency_ms",
        160.0, // 3200 / 20
        "prediction_error_rate",
        0.1, // 2 / 20
        // sorted: 100 x 18 (ranks 1-18), 400 (19), 1000 (20); rank ceil(0.95 * 20) = 19 -> 400
        "prediction_p95_latency_ms",
        new P95(400),
        "llm_calls_count",
        4L,
        "llm_exact_cache_hit_rate",
        0.25, // 1 / 4
        "llm_semantic_cache_hit_rate",
        0.25, // 1 / 4
        "llm_input_tokens",
        300L,
        "llm_output_tokens",
        120L,
        "llm_cached_input_tokens",
        50L,
        "llm_cost_usd",
        new BigDecimal("0.001234567890123"),
        "llm_unpriced_calls",
        1L,
        "embeddings_created",
        10L,
        "vector_searches",
        7L,
        "vector_avg_search_latency_ms",
        15.0, // 30 / 2 search events
        "actions_executed",
        2L,
        "actions_auto_approved",
        1L,
        "actions_manual_approved",
        1L,
        "actions_rejected",
        1L,
        "actions_failed",
        0L,
        "avg_cpu_pct",
        35.0, // 70 / 2
        "avg_memory_mb",
        768.0, // 1536 / 2
        "ev_other",
        8L); // vec 3 + exec 2 + rej 1 + fail 0 + res 2
    expect(
        got.get("A hourly 2027-03-02T11:00:00Z"),
        "period_end",
        "2027-03-02T12:00:00Z",
        "predictions_count",
        20L,
        "prediction_avg_latency_ms",
        50.0, // 1000 / 20
        "prediction_error_rate",
        0.0,
        "prediction_p95_latency_ms",
        new P95(50),
        "llm_calls_count",
        2L,
        "llm_exact_cache_hit_rate",
        0.0,
        "llm_semantic_cache_hit_rate",
        0.5, // 1 / 2
        "llm_input_tokens",
        1000L,
        "llm_output_tokens",
        500L,
        "llm_cost_usd",
        new BigDecimal("0.000000000000001"),
        "llm_unpriced_calls",
        0L,
        "vector_searches",
        5L,
        "vector_avg_search_latency_ms",
        12.0,
        "actions_manual_approved",
        1L,
        "actions_failed",
        1L,
        "avg_cpu_pct",
        10.0,
        "avg_memory_mb",
        512.0);
    expect(
        got.get("A daily 2027-03-02T00:00:00Z"),
        "period_end",
        "2027-03-03T00:00:00Z",
        "predictions_count",
        40L, // 20 + 20
        "prediction_avg_latency_ms",
        105.0, // (3200 + 1000) / 40 (not (160 + 50) / 2 = 105 too:
        // see the week and month, where the two differ)
        "prediction_error_rate",
        0.05, // 2 / 40
        // sorted: 50 x 20 (1-20), 100 x 18 (21-38), 400 (39), 1000 (40); rank ceil(38) = 38 -> 100:
        // neither hour's p95 (400, 50), nor their mean (225) or max
        "prediction_p95_latency_ms",
        new P95(100),
        "llm_calls_count",
        6L,
        "llm_exact_cache_hit_rate",
        1.0 / 6, // 1 / 6
        "llm_semantic_cache_hit_rate",
        2.0 / 6, // (1 + 1) / 6
        "llm_input_tokens",
        1300L, // 300 + 1000
        "llm_output_tokens",
        620L, // 120 + 500
        "llm_cached_input_tokens",
        50L,
        // 0.001234567890123 + 0.000000000000001, exact
        "llm_cost_usd",
        new BigDecimal("0.001234567890124"),
        "llm_unpriced_calls",
        1L,
        "embeddings_created",
        10L,
        "vector_searches",
        12L, // 7 + 5
        "vector_avg_search_latency_ms",
        14.0, // (30 + 12) / (2 + 1)
        "actions_executed",
        3L,
        "actions_auto_approved",
        1L,
        "actions_manual_approved",
        2L,
        "actions_rejected",
        1L,
        "actions_failed",
        1L,
        "avg_cpu_pct",
        80.0 / 3, // (70 + 10) / (2 + 1) samples, not (35 + 10) / 2
        "avg_memory_mb",
        2048.0 / 3, // (1536 + 512) / 3
        "ev_other",
        12L); // vec 4 + exec 3 + rej 1 + fail 1 + res 3
    expect(
        got.get("A weekly 2027-03-01T00:00:00Z"),
        "period_end",
        "2027-03-08T00:00:00Z",
        "predictions_count",
        43L, // 40 + 3 (Monday)
        "prediction_avg_latency_ms",
        19200.0 / 43, // (3200 + 1000 + 15000) / 43
        "prediction_error_rate",
        5.0 / 43, // (2 + 0 + 3) / 43
        // the day's 40 values then 5000 x 3 (41-43); rank ceil(40.85) = 41 -> 5000
        "prediction_p95_latency_ms",
        new P95(5000),
        "llm_calls_count",
        7L,
        "llm_exact_cache_hit_rate",
        1.0 / 7,
        "llm_semantic_cache_hit_rate",
        2.0 / 7,
        "llm_input_tokens",
        1310L,
        "llm_output_tokens",
        630L,
        "llm_cost_usd",
        new BigDecimal("2.501234567890124"), // 0.001234567890124 + 2.5
        "llm_unpriced_calls",
        1L,
        "vector_searches",
        12L,
        "vector_avg_search_latency_ms",
        14.0,
        "avg_cpu_pct",
        80.0 / 3,
        "avg_memory_mb",
        2048.0 / 3);
    expect(
        got.get("A monthly 2027-03-01T00:00:00Z"),
        "period_end",
        "2027-04-01T00:00:00Z",
        "predictions_count",
        103L, // 43 + 60
        "prediction_avg_latency_ms",
        19260.0 / 103, // (19200 + 60) / 103
        "prediction_error_rate",
        11.0 / 103, // (5 + 6) / 103
        // 1 x 60 (1-60), 50 x 20 (61-80), 100 x 18 (81-98), ...; rank ceil(97.85) = 98 -> 100
        "prediction_p95_latency_ms",
        new P95(100),
        "llm_calls_count",
        8L,
        "llm_exact_cache_hit_rate",
        0.25, // (1 + 1) / 8
        "llm_semantic_cache_hit_rate",
        0.25, // 2 / 8
        "llm_input_tokens",
        1310L,
        "llm_output_tokens",
        630L,
        "llm_cost_usd",
        new BigDecimal("2.501234567890124"),
        "actions_executed",
        3L,
        "avg_cpu_pct",
        80.0 / 3);

    // ---- tenant B
    expect(
        got.get("B hourly 2027-03-02T10:00:00Z"),
        "predictions_count",
        2L,
        "prediction_avg_latency_ms",
        1500.0, // 3000 / 2
        "prediction_error_rate",
        0.5,
        // 0 (zero bucket), 3000; rank ceil(1.9) = 2 -> 3000
        "prediction_p95_latency_ms",
        new P95(3000),
        "llm_calls_count",
        3L,
        "llm_exact_cache_hit_rate",
        0.0,
        "llm_semantic_cache_hit_rate",
        0.0,
        "llm_cached_input_tokens",
        5L,
        "llm_cost_usd",
        new BigDecimal("0.1"),
        "llm_unpriced_calls",
        2L,
        "vector_searches",
        0L,
        "vector_avg_search_latency_ms",
        null, // no search event: no mean
        "avg_cpu_pct",
        50.0,
        "avg_memory_mb",
        1000.0);
    expect(
        got.get("B hourly 2027-03-02T12:00:00Z"),
        "predictions_count",
        0L,
        "prediction_avg_latency_ms",
        null, // no prediction: no mean, rate or p95
        "prediction_error_rate",
        null,
        "prediction_p95_latency_ms",
        null,
        "llm_calls_count",
        0L,
        "llm_exact_cache_hit_rate",
        null,
        "llm_semantic_cache_hit_rate",
        null,
        "llm_cost_usd",
        new BigDecimal("0"),
        "avg_cpu_pct",
        20.0,
        "avg_memory_mb",
        100.0);
    for (String k : List.of(
        "B daily 2027-03-02T00:00:00Z",
        "B weekly 2027-03-01T00:00:00Z",
        "B monthly 2027-03-01T00:00:00Z")) {
      expect(
          got.get(k),
          "predictions_count",
          2L,
          "prediction_avg_latency_ms",
          1500.0,
          "prediction_error_rate",
          0.5,
          "prediction_p95_latency_ms",
          new P95(3000),
          "llm_calls_count",
          3L,
          "llm_cost_usd",
          new BigDecimal("0.1"),
          "llm_unpriced_calls",
          2L,
          "avg_cpu_pct",
          35.0, // (50 + 20) / 2 samples
          "avg_memory_mb",
          550.0); // (1000 + 100) / 2
    }

    // ---- all tenants
    expect(
        got.get("* hourly 2027-03-02T10:00:00Z"),
        "predictions_count",
        22L, // 20 + 2
        "prediction_avg_latency_ms",
        6200.0 / 22, // (3200 + 3000) / 22
        "prediction_error_rate",
        3.0 / 22, // (2 + 1) / 22
        // 0 (1), 100 x 18 (2-19), 400 (20), 1000 (21), 3000 (22); rank ceil(20.9) = 21 -> 1000
        "prediction_p95_latency_ms",
        new P95(1000),
        "llm_calls_count",
        7L,
        "llm_exact_cache_hit_rate",
        1.0 / 7,
        "llm_semantic_cache_hit_rate",
        1.0 / 7,
        "llm_input_tokens",
        310L,
        "llm_output_tokens",
        140L,
        "llm_cached_input_tokens",
        55L,
        "llm_cost_usd",
        new BigDecimal("0.101234567890123"), // 0.001234567890123 + 0.1
        "llm_unpriced_calls",
        3L,
        "embeddings_created",
        10L,
        "vector_searches",
        7L,
        "vector_avg_search_latency_ms",
        15.0,
        "actions_executed",
        2L,
        "avg_cpu_pct",
        40.0, // (70 + 50) / 3
        "avg_memory_mb",
        2536.0 / 3); // (1536 + 1000) / 3
    expect(
        got.get("* hourly 2027-03-02T11:00:00Z"),
        "predictions_count",
        20L,
        "prediction_p95_latency_ms",
        new P95(50),
        "llm_cost_usd",
        new BigDecimal("0.000000000000001"));
    expect(
        got.get("* hourly 2027-03-02T12:00:00Z"),
        "predictions_count",
        0L,
        "prediction_p95_latency_ms",
        null,
        "avg_cpu_pct",
        20.0);
    expect(
        got.get("* daily 2027-03-02T00:00:00Z"),
        "predictions_count",
        42L,
        "prediction_avg_latency_ms",
        7200.0 / 42, // (3200 + 1000 + 3000) / 42
        "prediction_error_rate",
        3.0 / 42,
        // 0 (1), 50 x 20 (2-21), 100 x 18 (22-39), 400 (40), ...; rank ceil(39.9) = 40 -> 400
        "prediction_p95_latency_ms",
        new P95(400),
        "llm_calls_count",
        9L,
        "llm_exact_cache_hit_rate",
        1.0 / 9,
        "llm_semantic_cache_hit_rate",
        2.0 / 9,
        "llm_input_tokens",
        1310L, // 300 + 1000 + 10
        "llm_output_tokens",
        640L, // 120 + 500 + 20
        "llm_cached_input_tokens",
        55L,
        "llm_cost_usd",
        new BigDecimal("0.101234567890124"),
        "llm_unpriced_calls",
        3L,
        "vector_searches",
        12L,
        "vector_avg_search_latency_ms",
        14.0,
        "actions_executed",
        3L,
        "actions_manual_approved",
        2L,
        "actions_failed",
        1L,
        "avg_cpu_pct",
        30.0, // (70 + 10 + 50 + 20) / 5
        "avg_memory_mb",
        629.6, // (1536 + 512 + 1000 + 100) / 5 = 3148 / 5
        "ev_other",
        14L); // A's 12 + B's res 2
    expect(
        got.get("* weekly 2027-03-01T00:00:00Z"),
        "predictions_count",
        45L,
        "prediction_avg_latency_ms",
        22200.0 / 45, // (7200 + 15000) / 45
        "prediction_error_rate",
        6.0 / 45,
        // the day's 42 values then 5000 x 3 (43-45); rank ceil(42.75) = 43 -> 5000
        "prediction_p95_latency_ms",
        new P95(5000),
        "llm_calls_count",
        10L,
        "llm_cost_usd",
        new BigDecimal("2.601234567890124"),
        "avg_cpu_pct",
        30.0);
    expect(
        got.get("* monthly 2027-03-01T00:00:00Z"),
        "predictions_count",
        105L,
        "prediction_avg_latency_ms",
        212.0, // (22200 + 60) / 105
        "prediction_error_rate",
        12.0 / 105,
        // 0 (1), 1 x 60 (2-61), 50 x 20 (62-81), 100 x 18 (82-99), 400 (100); rank ceil(99.75) =
        // 100
        "prediction_p95_latency_ms",
        new P95(400),
        "llm_calls_count",
        11L,
        "llm_exact_cache_hit_rate",
        2.0 / 11,
        "llm_semantic_cache_hit_rate",
        2.0 / 11,
        "llm_cost_usd",
        new BigDecimal("2.601234567890124"),
        "llm_unpriced_calls",
        3L,
        "avg_memory_mb",
        629.6);
  }

  /** Bucket counts of the given (latency ms, count) pairs: the bucket of x is ceil(log_gamma x), 0 -> zero bucket. */
  static Map<Integer, Long> sketch(double... latencyCount) {
    Map<Integer, Long> m = new HashMap<>();
    for (int i = 0; i < latencyCount.length; i += 2) {
      double x = latencyCount[i];
      int b = x <= 0
          ? LogBucketSketch.ZERO_BUCKET
          : (int) Math.ceil(Math.log(x) / Math.log(LogBucketSketch.GAMMA));
      m.merge(b, (long) latencyCount[i + 1], Long::sum);
    }
    return m;
  }

  /** A state row: every sum 0 unless given. */
  static Row state(String tenant, String hour, Map<Integer, Long> sketch, Object... kv) {
    Map<String, Object> given = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      given.put((String) kv[i], kv[i + 1]);
    }
    List<Object> v = new ArrayList<>();
    v.add(tenant);
    v.add(Timestamp.from(Instant.parse(hour)));
    for (String c : PerformanceJob.SUMS) {
      Object d = c.equals("llm_cost") ? BigDecimal.ZERO : c.endsWith("_sum") ? (Object) 0.0 : 0L;
      v.add(given.getOrDefault(c, d));
      given.remove(c);
    }
    assertThat(given).as("unknown state columns").isEmpty();
    v.add(sketch);
    return RowFactory.create(v.toArray());
  }

  /** A timestamp as Spark returns it (Instant with the Java 8 time API on, else Timestamp). */
  static void expect(Row r, Object... kv) {
    assertThat(r).isNotNull();
    for (int i = 0; i < kv.length; i += 2) {
      String c = (String) kv[i];
      Object want = kv[i + 1];
      Object have = r.get(r.fieldIndex(c));
      String what = c + " of " + r.getString(0) + " " + r.getString(1) + " " + r.get(2);
      if (want == null) {
        assertThat(have).as(what).isNull();
      } else if (want instanceof P95 p) {
        assertThat(have).as(what).isNotNull();
        // within the sketch's 1 % relative error of the exact nearest-rank p95
        assertThat((Double) have)
            .as(what)
            .isCloseTo(
                p.exact(), org.assertj.core.data.Offset.offset(p.exact() * LogBucketSketch.ALPHA));
      } else if (want instanceof Double d) {
        assertThat((Double) have).as(what).isCloseTo(d, org.assertj.core.data.Offset.offset(1e-9));
      } else if (want instanceof BigDecimal d) {
        // exact decimal money
        assertThat((BigDecimal) have).as(what).isEqualByComparingTo(d);
      } else if (c.equals("period_end")) {
        assertThat(ResultRows.instant(have)).as(what).isEqualTo(Instant.parse((String) want));
      } else {
        assertThat(have).as(what).isEqualTo(want);
      }
    }
  }
}
