package io.vigia.jobs.costs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.ResultRows;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The compute steps of {@link CostsJob} on in-memory rows (no generator, no ingest, no database),
 * checked against values worked out by hand from docs/jobs/costs.md: {@link CostsJob#llmRows} groups
 * priced llm_call rows per tenant x provider x model x UTC day and sums their costs exactly; a row is
 * unpriced if any call is (total = the part that could be costed, NULL when none could, never $0),
 * caller_reported if every costed call was, else priced; usage_units = billed input + output tokens;
 * price_version lists the versions used. {@link CostsJob#unitRows} rounds measured units to 9
 * decimals and multiplies them by the unit price exactly.
 */
class CostsLlmRowsTest {
  /** The columns llmRows reads, as LlmCosts.price and CostsJob.run leave them. */
  static final StructType PRICED = new StructType()
      .add("tenant_id", DataTypes.StringType)
      .add("provider", DataTypes.StringType)
      .add("model", DataTypes.StringType)
      .add("usage_date", DataTypes.DateType)
      .add("billed", DataTypes.BooleanType)
      .add("pricing_status", DataTypes.StringType)
      .add("cost", DataTypes.createDecimalType(38, 15))
      .add("input_tokens", DataTypes.LongType)
      .add("output_tokens", DataTypes.LongType)
      .add("cached_input_tokens", DataTypes.LongType)
      .add("price_version", DataTypes.StringType);

  static Row call(
      String tenant,
      String provider,
      String model,
      String day,
      String status,
      String cost,
      long in,
      long out,
      Long cached,
      String version) {
    boolean billed = !status.equals("not_billed");
    return RowFactory.create(
        tenant,
        provider,
        model,
        Date.valueOf(day),
        billed,
        status,
        cost == null ? null : new BigDecimal(cost),
        in,
        out,
        cached,
        version);
  }

  @Test
  void llmRowsSumCallCostsExactlyPerTenantModelAndDay() {
    List<Row> calls = new ArrayList<>();
    // t1 / openai / gpt-4o / 2027-01-10: two catalog-priced calls (a price change during the day:
    // versions v1 and v2), one cache hit (not billed, cost 0) and one caller-reported call
    calls.add(
        call("t1", "openai", "gpt-4o", "2027-01-10", "priced", "0.000125", 100, 50, 20L, "v1"));
    calls.add(call(
        "t1", "openai", "gpt-4o", "2027-01-10", "priced", "0.000000000000001", 1, 0, null, "v2"));
    calls.add(
        call("t1", "openai", "gpt-4o", "2027-01-10", "not_billed", "0", 500, 300, 100L, "v1"));
    calls.add(
        call("t1", "openai", "gpt-4o", "2027-01-10", "caller_reported", "0.5", 10, 5, 0L, "v1"));
    // the same tenant and model the next day: its own row
    calls.add(
        call("t1", "openai", "gpt-4o", "2027-01-11", "priced", "0.0125", 1000, 1000, 0L, "v2"));
    // an unknown model: no call can be priced
    calls.add(call("t1", "acme", "mystery-1", "2027-01-10", "unpriced", null, 40, 60, null, null));
    calls.add(call("t1", "acme", "mystery-1", "2027-01-10", "unpriced", null, 5, 5, null, null));
    // another tenant, same model and day: one priced call, one without a price valid at its ts
    calls.add(call("t2", "openai", "gpt-4o", "2027-01-10", "priced", "0.01", 10, 10, 0L, "v1"));
    calls.add(call("t2", "openai", "gpt-4o", "2027-01-10", "unpriced", null, 7, 3, null, null));
    // a caller-reported call and a cache hit on the last day of January
    calls.add(call(
        "t2", "anthropic", "claude-x", "2027-01-31", "caller_reported", "0.25", 3, 4, null, null));
    calls.add(
        call("t2", "anthropic", "claude-x", "2027-01-31", "not_billed", "0", 9, 9, null, null));
    // February: the next billing period
    calls.add(call(
        "t2",
        "anthropic",
        "claude-y",
        "2027-02-01",
        "priced",
        "0.000000000000007",
        7,
        0,
        0L,
        "v3"));

    Map<String, Row> got = ResultRows.byKey(
        CostsJob.llmRows(TestEnv.spark().createDataFrame(calls, PRICED)),
        "tenant_id",
        "service",
        "model",
        "usage_date");
    assertThat(got.keySet())
        .containsExactlyInAnyOrder(
            "t1 openai gpt-4o 2027-01-10",
            "t1 openai gpt-4o 2027-01-11",
            "t1 acme mystery-1 2027-01-10",
            "t2 openai gpt-4o 2027-01-10",
            "t2 anthropic claude-x 2027-01-31",
            "t2 anthropic claude-y 2027-02-01");

    expect(
        got.get("t1 openai gpt-4o 2027-01-10"),
        "billing_period",
        "2027-01-01",
        "event_count",
        4L,
        "unpriced_event_count",
        0L,
        "caller_reported_event_count",
        1L,
        "not_billed_event_count",
        1L,
        // 0.000125 + 0.000000000000001 + 0 (hit) + 0.5 (reported), exact to the last digit
        "total_cost_usd",
        new BigDecimal("0.500125000000001"),
        "caller_reported_cost_usd",
        new BigDecimal("0.5"),
        // billed calls only (the hit's 500 / 300 / 100 are not billed)
        "input_tokens",
        111L, // 100 + 1 + 10
        "output_tokens",
        55L, // 50 + 0 + 5
        "cached_input_tokens",
        20L, // 20 + NULL as 0 + 0
        "usage_units",
        new BigDecimal("166"), // 111 + 55
        "pricing_status",
        "priced", // catalog-priced and caller-reported calls
        "price_version",
        "v1,v2");
    expect(
        got.get("t1 openai gpt-4o 2027-01-11"),
        "billing_period",
        "2027-01-01",
        "event_count",
        1L,
        "total_cost_usd",
        new BigDecimal("0.0125"),
        "caller_reported_event_count",
        0L,
        "caller_reported_cost_usd",
        null, // no reported call (the code's NULL, not 0)
        "usage_units",
        new BigDecimal("2000"),
        "pricing_status",
        "priced",
        "price_version",
        "v2");
    expect(
        got.get("t1 acme mystery-1 2027-01-10"),
        "event_count",
        2L,
        "unpriced_event_count",
        2L,
        "total_cost_usd",
        null, // no call could be priced: NULL, never $0
        "input_tokens",
        45L, // 40 + 5
        "output_tokens",
        65L, // 60 + 5
        "usage_units",
        new BigDecimal("110"),
        "pricing_status",
        "unpriced",
        "price_version",
        null);
    expect(
        got.get("t2 openai gpt-4o 2027-01-10"),
        "event_count",
        2L,
        "unpriced_event_count",
        1L,
        "total_cost_usd",
        new BigDecimal("0.01"), // the part that could be costed
        "input_tokens",
        17L, // 10 + 7
        "output_tokens",
        13L, // 10 + 3
        "usage_units",
        new BigDecimal("30"),
        "pricing_status",
        "unpriced", // any unpriced call makes the row unpriced
        "price_version",
        "v1");
    expect(
        got.get("t2 anthropic claude-x 2027-01-31"),
        "billing_period",
        "2027-01-01",
        "event_count",
        2L,
        "caller_reported_event_count",
        1L,
        "not_billed_event_count",
        1L,
        "total_cost_usd",
        new BigDecimal("0.25"), // 0.25 + 0 (hit)
        "caller_reported_cost_usd",
        new BigDecimal("0.25"),
        "usage_units",
        new BigDecimal("7"), // 3 + 4; the hit's 9 + 9 not billed
        "pricing_status",
        "caller_reported", // every costed call was reported
        "price_version",
        null);
    expect(
        got.get("t2 anthropic claude-y 2027-02-01"),
        "billing_period",
        "2027-02-01",
        "event_count",
        1L,
        "total_cost_usd",
        new BigDecimal("0.000000000000007"),
        "usage_units",
        new BigDecimal("7"),
        "pricing_status",
        "priced",
        "price_version",
        "v3");
    for (Row r : got.values()) {
      expect(r, "cost_type", "llm_api", "unit_type", "token", "unit_cost", null);
    }
  }

  @Test
  void unitRowsRoundUnitsToNineDecimalsAndMultiplyExactly() {
    StructType daily = new StructType()
        .add("tenant_id", DataTypes.StringType)
        .add("service", DataTypes.StringType)
        .add("usage_date", DataTypes.DateType)
        .add("core_hours", DataTypes.DoubleType)
        .add("n", DataTypes.LongType);
    List<Row> d = List.of(
        RowFactory.create("t1", "api", Date.valueOf("2027-01-10"), 2.5 / 3, 5L),
        RowFactory.create("t2", "worker", Date.valueOf("2027-02-28"), 12.3456789012, 2L));
    Dataset<Row> rows = CostsJob.unitRows(
        TestEnv.spark().createDataFrame(d, daily),
        "compute",
        col("service"),
        lit("cpu"),
        col("core_hours"),
        "core_hour",
        new BigDecimal("0.04"),
        col("n"));
    Map<String, Row> got = new TreeMap<>();
    for (Row r : rows.collectAsList()) {
      got.put(r.getString(r.fieldIndex("tenant_id")), r);
    }
    assertThat(got.keySet()).containsExactly("t1", "t2");
    expect(
        got.get("t1"),
        "cost_type",
        "compute",
        "service",
        "api",
        "model",
        "cpu",
        "billing_period",
        "2027-01-01",
        "usage_units",
        new BigDecimal("0.833333333"), // 2.5 / 3 = 0.8333333333... to 9 decimals
        "unit_type",
        "core_hour",
        "unit_cost",
        new BigDecimal("0.04"),
        "total_cost_usd",
        new BigDecimal("0.03333333332"), // 0.833333333 x 0.04, exact
        "pricing_status",
        "priced",
        "price_version",
        "settings",
        "event_count",
        5L,
        "unpriced_event_count",
        0L,
        "caller_reported_cost_usd",
        null);
    expect(
        got.get("t2"),
        "service",
        "worker",
        "billing_period",
        "2027-02-01",
        "usage_units",
        new BigDecimal("12.345678901"), // 12.3456789012 to 9 decimals
        "total_cost_usd",
        new BigDecimal("0.49382715604"), // 12.345678901 x 0.04
        "event_count",
        2L);
  }

  static void expect(Row r, Object... kv) {
    assertThat(r).isNotNull();
    for (int i = 0; i < kv.length; i += 2) {
      String c = (String) kv[i];
      Object want = kv[i + 1];
      Object have = r.get(r.fieldIndex(c));
      String what = c + " of " + r;
      if (want == null) {
        assertThat(have).as(what).isNull();
      } else if (want instanceof BigDecimal d) {
        // exact decimal: equal value whatever the scale
        assertThat((BigDecimal) have).as(what).isNotNull().isEqualByComparingTo(d);
      } else if (c.equals("billing_period")) {
        // java.sql.Date or LocalDate, both print as yyyy-MM-dd
        assertThat(String.valueOf(have)).as(what).isEqualTo(want);
      } else {
        assertThat(have).as(what).isEqualTo(want);
      }
    }
  }
}
