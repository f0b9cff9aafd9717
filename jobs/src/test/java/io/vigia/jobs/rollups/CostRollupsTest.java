package io.vigia.jobs.rollups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.Jdbc;
import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.budgets.BudgetsJob;
import io.vigia.jobs.cache.CacheJob;
import io.vigia.jobs.costs.CostsJob;
import io.vigia.jobs.ingest.IngestJob;
import io.vigia.jobs.performance.PerformanceJob;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The performance and costs jobs against expectations computed independently by
 * src/test/resources/fixtures/costs/make_cost_fixtures.py (Python Decimal for money, numpy's exact
 * nearest-rank p95) over a small landing with every pricing edge case: cached tokens, a model without a
 * cached price, a price change at midnight, an unknown model, caller-reported costs, cache hits, a
 * dated snapshot name, an ISO week across two years, a 28-day month, and bad lines.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class CostRollupsTest {
  static final Path FIX = Path.of("src/test/resources/fixtures/costs");
  static JsonNode expected;
  static Database db;
  static Settings settings;
  static SparkSession spark;
  static final List<JobResult> costRuns = new ArrayList<>();
  static JobResult ingest1;
  static final Window[] RANGES = {Window.of("2026-12-30", "2027-01-02")};

  @BeforeAll
  static void ingestAndRun() throws Exception {
    expected = new ObjectMapper().readTree(FIX.resolve("expected.json").toFile());
    Path work = TestEnv.tempDir("costs");
    copy(FIX.resolve("landing"), work.resolve("landing"));
    db = TestEnv.freshDatabase("costs", true);
    settings = TestEnv.settings(
        db,
        work,
        Map.of(
            "vigia.cost.price-catalog-file",
            FIX.resolve("catalog.csv").toAbsolutePath().toString()));
    spark = TestEnv.spark();
    for (Window r : RANGES) {
      JobResult ir = run(new IngestJob(), r);
      if (ingest1 == null) {
        ingest1 = ir;
      }
    }
    // performance in two runs: the ISO week 2026-W53 is merged from the states both left
    run(new PerformanceJob(), Window.of("2026-12-30", "2027-01-01"));
    run(new PerformanceJob(), Window.of("2027-01-01", "2027-01-02"));
    for (Window r : RANGES) {
      costRuns.add(run(new CostsJob(), r));
    }
    run(new CacheJob(), RANGES[0]);
  }

  static JobResult run(io.vigia.common.job.Job job, Window w) throws Exception {
    return run(job, w, settings);
  }

  static JobResult run(io.vigia.common.job.Job job, Window w, Settings s) throws Exception {
    long t0 = System.nanoTime();
    JobResult r = JobRunner.run(job, spark, s, db, w, Optional.empty(), Clock.systemUTC());
    System.out.printf(
        "%s %s: %s (%.1f s)%n", job.name(), w, r.message(), (System.nanoTime() - t0) / 1e9);
    return r;
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static List<Map<String, String>> query(String sql) throws Exception {
    return Jdbc.records(db, sql);
  }

  static void exec(String sql) throws Exception {
    Jdbc.exec(db, sql);
  }

  /** Each named column of the row r (key k) holds the expected value's text. */
  static void assertText(Map<String, String> r, JsonNode w, String k, String... columns) {
    for (String c : columns) {
      assertThat(r.get(c)).as(k + " " + c).isEqualTo(w.get(c).asText());
    }
  }

  static void assertMoney(String got, JsonNode want, String what) {
    if (want == null || want.isNull()) {
      assertThat(got).as(what).isNull();
    } else {
      assertThat(got).as(what).isNotNull();
      assertThat(new BigDecimal(got).compareTo(new BigDecimal(want.asText())))
          .as(what + ": " + got + " vs " + want)
          .isZero();
    }
  }

  @Test
  void badLinesAreQuarantinedByIngestAndCounted() throws Exception {
    long bad = 0;
    for (JsonNode n : expected.get("bad_lines")) {
      bad += n.asLong();
    }
    long q = 0;
    long in = 0;
    List<Map<String, String>> ledger =
        query("SELECT records_in, records_ok, records_quarantined FROM job_runs "
            + "WHERE job = 'ingest' AND status = 'succeeded'");
    for (Map<String, String> r : ledger) {
      in += Long.parseLong(r.get("records_in"));
      q += Long.parseLong(r.get("records_quarantined"));
      assertThat(Long.parseLong(r.get("records_in")))
          .isEqualTo(
              Long.parseLong(r.get("records_ok")) + Long.parseLong(r.get("records_quarantined")));
    }
    assertThat(q).isEqualTo(bad);
    assertThat(in).isEqualTo(bad + expected.get("valid_events").asLong());
    Map<String, Long> reasons = new HashMap<>();
    spark
        .read()
        .format("delta")
        .load(settings.lakeDir() + "/quarantine")
        .groupBy("reason")
        .count()
        .collectAsList()
        .forEach(r -> reasons.put(r.getString(0), r.getLong(1)));
    expected
        .get("bad_lines")
        .fields()
        .forEachRemaining(e -> assertThat(reasons.get(e.getKey()))
            .as(e.getKey())
            .isEqualTo(e.getValue().asLong()));
    // every ledger row of the cost jobs holds in = ok + quarantined (the database refuses
    // otherwise)
    List<Map<String, String>> runs =
        query("SELECT records_in, records_ok, records_quarantined FROM job_runs "
            + "WHERE job IN ('performance', 'costs') AND status = 'succeeded'");
    assertThat(runs)
        .hasSizeGreaterThanOrEqualTo(3)
        .allMatch(r -> Long.parseLong(r.get("records_in"))
            == Long.parseLong(r.get("records_ok")) + Long.parseLong(r.get("records_quarantined")));
  }

  @Test
  void llmCostRowsMatchTheIndependentComputation() throws Exception {
    List<Map<String, String>> got =
        query("SELECT tenant_id, service, model, usage_date::text AS usage_date, "
            + "billing_period::text AS billing_period, event_count, unpriced_event_count, caller_reported_event_count, "
            + "not_billed_event_count, total_cost_usd, caller_reported_cost_usd, input_tokens, output_tokens, "
            + "cached_input_tokens, pricing_status, price_version, usage_units, unit_type FROM cost_tracking "
            + "WHERE cost_type = 'llm_api' ORDER BY 1, 2, 3, 4");
    JsonNode want = expected.get("llm_rows");
    assertThat(got).hasSize(want.size());
    Map<String, Map<String, String>> byKey = new HashMap<>();
    got.forEach(r -> byKey.put(
        r.get("tenant_id") + "|" + r.get("service") + "|" + r.get("model") + "|"
            + r.get("usage_date"),
        r));
    int unpriced = 0;
    int caller = 0;
    for (JsonNode w : want) {
      String k = w.get("tenant_id").asText() + "|" + w.get("service").asText() + "|"
          + w.get("model").asText() + "|" + w.get("usage_date").asText();
      Map<String, String> r = byKey.get(k);
      assertThat(r).as(k).isNotNull();
      assertText(
          r,
          w,
          k,
          "event_count",
          "unpriced_event_count",
          "caller_reported_event_count",
          "not_billed_event_count",
          "input_tokens",
          "output_tokens",
          "cached_input_tokens",
          "pricing_status");
      assertThat(r.get("price_version"))
          .as(k + " price_version")
          .isEqualTo(
              w.get("price_version").isNull() ? null : w.get("price_version").asText());
      assertMoney(r.get("total_cost_usd"), w.get("total_cost_usd"), k + " total");
      assertMoney(
          r.get("caller_reported_cost_usd"),
          w.get("caller_reported_cost_usd"),
          k + " caller-reported");
      assertThat(r.get("billing_period"))
          .isEqualTo(w.get("usage_date").asText().substring(0, 8) + "01");
      assertThat(new BigDecimal(r.get("usage_units")).longValueExact())
          .isEqualTo(w.get("input_tokens").asLong() + w.get("output_tokens").asLong());
      unpriced += r.get("pricing_status").equals("unpriced") ? 1 : 0;
      caller += Integer.parseInt(r.get("caller_reported_event_count")) > 0 ? 1 : 0;
    }
    // the edge cases are really in the data
    assertThat(unpriced).isGreaterThan(0);
    assertThat(caller).isGreaterThan(0);
    assertThat(got)
        .anyMatch(r -> r.get("model").equals("gpt-4o")
            && r.get("usage_date").equals("2026-12-31")
            && "v1".equals(r.get("price_version")));
    assertThat(got)
        .anyMatch(r -> r.get("model").equals("gpt-4o")
            && r.get("usage_date").equals("2027-01-01")
            && "v2".equals(r.get("price_version")));
    // an unknown model is never a silent $0: the rows say unpriced and count the calls, and an
    // alert is raised
    assertThat(got.stream().filter(r -> r.get("model").equals("acme-llm-7b")))
        .allMatch(r -> r.get("pricing_status").equals("unpriced")
            && Long.parseLong(r.get("unpriced_event_count")) > 0);
    List<Map<String, String>> alerts = query(
        "SELECT tenant_id, scope_key, billing_period::text AS bp, details->>'unpriced_calls' AS n "
            + "FROM cost_alerts WHERE alert_type = 'unpriced_usage' ORDER BY 1, 3");
    assertThat(alerts).isNotEmpty().allMatch(a -> a.get("scope_key").equals("acme/acme-llm-7b"));
    assertThat(alerts.stream()
            .map(a -> a.get("tenant_id") + a.get("bp"))
            .distinct()
            .count())
        .isEqualTo(alerts.size());
  }

  @Test
  void computeCostIsCoreHoursTimesTheUnitPrice() throws Exception {
    BigDecimal price = settings.cost().computeUsdPerCoreHour();
    List<Map<String, String>> got =
        query("SELECT tenant_id, service, usage_date::text AS d, usage_units, unit_cost, "
            + "total_cost_usd FROM cost_tracking WHERE cost_type = 'compute' AND model = 'cpu'");
    assertThat(got).hasSize(expected.get("compute_rows").size());
    Map<String, Map<String, String>> byKey = new HashMap<>();
    got.forEach(r -> byKey.put(r.get("tenant_id") + "|" + r.get("service") + "|" + r.get("d"), r));
    for (JsonNode w : expected.get("compute_rows")) {
      Map<String, String> r = byKey.get(w.get("tenant_id").asText() + "|"
          + w.get("service").asText() + "|" + w.get("usage_date").asText());
      assertThat(Double.parseDouble(r.get("usage_units")))
          .isCloseTo(w.get("core_hours").asDouble(), within(1e-8));
      // money is exactly units x price
      assertThat(new BigDecimal(r.get("total_cost_usd"))
              .compareTo(new BigDecimal(r.get("usage_units")).multiply(price)))
          .isZero();
    }
  }

  @Test
  void performanceRowsMatchTheIndependentComputation() throws Exception {
    List<Map<String, String>> got = query(
        "SELECT tenant_id, granularity, "
            + "to_char(period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') AS ps, "
            + "to_char(period_end AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') AS pe, * FROM system_performance_metrics");
    JsonNode want = expected.get("performance");
    assertThat(got).hasSize(want.size());
    Map<String, Map<String, String>> byKey = new HashMap<>();
    got.forEach(
        r -> byKey.put(r.get("tenant_id") + "|" + r.get("granularity") + "|" + r.get("ps"), r));
    double worstP95 = 0;
    for (JsonNode w : want) {
      String k = w.get("tenant_id").asText() + "|" + w.get("granularity").asText() + "|"
          + w.get("period_start").asText().substring(0, 19);
      Map<String, String> r = byKey.get(k);
      assertThat(r).as(k).isNotNull();
      assertText(
          r,
          w,
          k,
          "predictions_count",
          "llm_calls_count",
          "llm_input_tokens",
          "llm_output_tokens",
          "llm_unpriced_calls",
          "embeddings_created",
          "vector_searches",
          "actions_executed",
          "actions_auto_approved",
          "actions_manual_approved",
          "actions_rejected",
          "actions_failed");
      for (String c : List.of(
          "prediction_avg_latency_ms",
          "prediction_error_rate",
          "llm_exact_cache_hit_rate",
          "llm_semantic_cache_hit_rate",
          "vector_avg_search_latency_ms",
          "avg_cpu_pct",
          "avg_memory_mb")) {
        if (w.get(c).isNull()) {
          assertThat(r.get(c)).as(k + " " + c).isNull();
        } else {
          assertThat(Double.parseDouble(r.get(c)))
              .as(k + " " + c)
              .isCloseTo(
                  w.get(c).asDouble(),
                  within(1e-9 * Math.max(1, Math.abs(w.get(c).asDouble()))));
        }
      }
      assertMoney(r.get("llm_cost_usd"), w.get("llm_cost_usd"), k + " llm_cost_usd");
      JsonNode p95 = w.get("prediction_p95_latency_ms");
      if (p95.isNull()) {
        assertThat(r.get("prediction_p95_latency_ms")).isNull();
      } else {
        // the sketch's guarantee: within 1 % of the exact nearest-rank p95 (0 exactly for 0)
        double exact = p95.asDouble();
        double est = Double.parseDouble(r.get("prediction_p95_latency_ms"));
        assertThat(Math.abs(est - exact))
            .as(k + " p95 " + est + " vs " + exact)
            .isLessThanOrEqualTo(0.01 * exact + 1e-12);
        worstP95 = Math.max(worstP95, exact == 0 ? 0 : Math.abs(est - exact) / exact);
      }
    }
    System.out.printf("p95: worst relative error %.5f over %d rows%n", worstP95, want.size());
    // calendar edges: the ISO week 2026-W53 spans two years
    assertThat(byKey.get("*|weekly|2026-12-28T00:00:00").get("pe"))
        .isEqualTo("2027-01-04T00:00:00");
    assertThat(byKey.get("*|monthly|2026-12-01T00:00:00").get("pe"))
        .isEqualTo("2027-01-01T00:00:00");
  }

  @Test
  void reconciliationEventCostsEqualEveryRollup() throws Exception {
    // per tenant and day: cost_tracking llm_api = sum of hourly llm_cost_usd = the daily row; per
    // month too
    List<Map<String, String>> diff = query(
        "WITH ct AS (SELECT tenant_id, usage_date, sum(coalesce(total_cost_usd, 0)) c "
            + "FROM cost_tracking WHERE cost_type = 'llm_api' GROUP BY 1, 2), "
            + "h AS (SELECT tenant_id, (period_start AT TIME ZONE 'UTC')::date d, sum(llm_cost_usd) c FROM system_performance_metrics "
            + "WHERE granularity = 'hourly' GROUP BY 1, 2), "
            + "dd AS (SELECT tenant_id, (period_start AT TIME ZONE 'UTC')::date d, llm_cost_usd c FROM system_performance_metrics "
            + "WHERE granularity = 'daily') "
            + "SELECT ct.tenant_id, ct.usage_date, ct.c, h.c hc, dd.c dc FROM ct FULL JOIN h ON h.tenant_id = ct.tenant_id AND "
            + "h.d = ct.usage_date FULL JOIN dd ON dd.tenant_id = coalesce(ct.tenant_id, h.tenant_id) AND dd.d = coalesce(ct.usage_date, h.d) "
            + "WHERE coalesce(dd.tenant_id, ct.tenant_id) <> '*' AND (ct.c IS DISTINCT FROM h.c OR ct.c IS DISTINCT FROM dd.c)");
    assertThat(diff).isEmpty();
    List<Map<String, String>> months =
        query("SELECT m.tenant_id, m.llm_cost_usd, s.total FROM system_performance_metrics m "
            + "JOIN (SELECT tenant_id, billing_period, sum(coalesce(total_cost_usd, 0)) total FROM cost_tracking WHERE cost_type = "
            + "'llm_api' GROUP BY 1, 2) s ON s.tenant_id = m.tenant_id AND s.billing_period = (m.period_start AT TIME ZONE 'UTC')::date "
            + "WHERE m.granularity = 'monthly'");
    assertThat(months)
        .hasSize(2 * 2)
        .allMatch(r ->
            new BigDecimal(r.get("llm_cost_usd")).compareTo(new BigDecimal(r.get("total"))) == 0);
    // the view sums the same rows
    List<Map<String, String>> view = query(
        "SELECT v.total_cost_usd, v.caller_reported_cost_usd, v.unpriced_events, v.fully_priced, "
            + "(SELECT sum(total_cost_usd) FROM cost_tracking c WHERE c.tenant_id = 'ta' AND c.billing_period = '2026-12-01' "
            + "AND c.cost_type = 'llm_api') AS direct FROM cost_summary_by_tenant v WHERE v.tenant_id = 'ta' "
            + "AND v.billing_period = '2026-12-01' AND v.cost_type = 'llm_api'");
    assertThat(view).hasSize(1);
    assertThat(new BigDecimal(view.get(0).get("total_cost_usd")))
        .isEqualByComparingTo(view.get(0).get("direct"));
    assertThat(view.get(0).get("fully_priced")).isEqualTo("false");
    // aggregate_hourly_metrics returns the hourly rows of the tenant
    List<Map<String, String>> f = query("SELECT count(*) AS n, sum(predictions_count) AS p FROM "
        + "aggregate_hourly_metrics('2026-12-31', '2027-01-01', 'ta')");
    List<Map<String, String>> d = query(
        "SELECT predictions_count AS p FROM system_performance_metrics WHERE tenant_id = 'ta' "
            + "AND granularity = 'daily' AND period_start = '2026-12-31'");
    assertThat(f.get(0).get("p")).isEqualTo(d.get(0).get("p"));
  }

  @Test
  void cacheRowsMatchTheIndependentComputation() throws Exception {
    List<Map<String, String>> got =
        query("SELECT tenant_id, cache_type, (period_start AT TIME ZONE 'UTC')::date::text AS d, "
            + "hits, misses, evictions, latency_saved_ms, cost_savings_usd, avg_hit_latency_ms, cache_size_bytes, hit_rate "
            + "FROM cache_performance_metrics WHERE granularity = 'daily' AND tenant_id <> '*'");
    JsonNode want = expected.get("cache_daily");
    assertThat(got).hasSize(want.size());
    Map<String, Map<String, String>> byKey = new HashMap<>();
    got.forEach(
        r -> byKey.put(r.get("tenant_id") + "|" + r.get("cache_type") + "|" + r.get("d"), r));
    for (JsonNode w : want) {
      String k = w.get("tenant_id").asText() + "|" + w.get("cache_type").asText() + "|"
          + w.get("day").asText();
      Map<String, String> r = byKey.get(k);
      assertThat(r).as(k).isNotNull();
      assertText(r, w, k, "hits", "misses", "evictions");
      assertThat(Double.parseDouble(r.get("latency_saved_ms")))
          .as(k)
          .isCloseTo(w.get("latency_saved_ms").asDouble(), within(1e-6));
      assertMoney(r.get("cost_savings_usd"), w.get("cost_savings_usd"), k + " cost_savings_usd");
      assertThat(r.get("cache_size_bytes"))
          .as(k + " size")
          .isEqualTo(
              w.get("cache_size_bytes").isNull()
                  ? null
                  : w.get("cache_size_bytes").asText());
      if (!w.get("avg_hit_latency_ms").isNull()) {
        assertThat(Double.parseDouble(r.get("avg_hit_latency_ms")))
            .isCloseTo(w.get("avg_hit_latency_ms").asDouble(), within(1e-9));
      }
    }
    // the week and month add the days up
    List<Map<String, String>> sums = query(
        "SELECT w.hits AS wh, (SELECT sum(hits) FROM cache_performance_metrics d WHERE "
            + "d.granularity = 'daily' AND d.tenant_id = 'ta' AND d.cache_type = 'llm_exact') AS dh FROM cache_performance_metrics w "
            + "WHERE w.granularity = 'weekly' AND w.tenant_id = 'ta' AND w.cache_type = 'llm_exact'");
    assertThat(sums).hasSize(1);
    assertThat(sums.get(0).get("wh")).isEqualTo(sums.get(0).get("dh"));
  }

  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE - 1)
  void budgetsAlertOncePerThresholdAndForecastTheMonth() throws Exception {
    // ta's December budget is below its spend; tb's is far above
    BigDecimal spendTa = new BigDecimal(
        query("SELECT sum(total_cost_usd) AS s FROM cost_tracking WHERE tenant_id = 'ta' "
                + "AND billing_period = '2026-12-01'")
            .get(0)
            .get("s"));
    exec("DELETE FROM tenant_budgets");
    exec(
        "INSERT INTO tenant_budgets (tenant_id, valid_from, monthly_budget_usd) VALUES ('ta', '2026-12-01', "
            + spendTa.multiply(new BigDecimal("0.9")).toPlainString()
            + "), ('tb', '2026-12-01', 1000)");
    Window w = Window.of("2026-12-30", "2027-01-02");
    // an invoice export: openai December = what was tracked + 1 %, anthropic claude-sonnet-4 =
    // exactly tracked
    BigDecimal openai = new BigDecimal(
        query("SELECT sum(total_cost_usd) AS s FROM cost_tracking WHERE service = 'openai' "
                + "AND billing_period = '2026-12-01'")
            .get(0)
            .get("s"));
    BigDecimal sonnet = new BigDecimal(
        query("SELECT sum(total_cost_usd) AS s FROM cost_tracking WHERE model = 'claude-sonnet-4' "
                + "AND billing_period = '2026-12-01'")
            .get(0)
            .get("s"));
    BigDecimal invoice =
        openai.multiply(new BigDecimal("1.01")).setScale(6, java.math.RoundingMode.HALF_UP);
    Path inv = TestEnv.tempDir("invoice").resolve("invoice.csv");
    Files.writeString(
        inv,
        "provider,model,month,amount_usd\nopenai,,2026-12," + invoice.toPlainString()
            + "\nanthropic,claude-sonnet-4,2026-12," + sonnet.toPlainString()
            + "\nopenai,,2026-10,5\n");
    Settings withInvoice = settings.with(Map.of("vigia.cost.invoice-file", inv.toString()));
    run(new BudgetsJob(), w, withInvoice);
    List<Map<String, String>> rec =
        query("SELECT provider, model, invoiced_usd, tracked_usd, difference_usd, captured_share "
            + "FROM cost_reconciliation ORDER BY 1, 2");
    assertThat(rec).hasSize(2);
    assertThat(new BigDecimal(rec.get(0).get("difference_usd")))
        .isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(new BigDecimal(rec.get(1).get("tracked_usd"))).isEqualByComparingTo(openai);
    assertThat(new BigDecimal(rec.get(1).get("difference_usd")))
        .isEqualByComparingTo(openai.subtract(invoice));
    assertThat(Double.parseDouble(rec.get(1).get("captured_share")))
        .isCloseTo(1 / 1.01, within(1e-6));
    List<Map<String, String>> st = query(
        "SELECT tenant_id, billing_period::text bp, spend_to_date_usd, forecast_month_end_usd, "
            + "as_of_date::text asof, days_elapsed, days_in_month, percent_used, projected_exceed_date::text pe, throttle "
            + "FROM budget_status ORDER BY 1, 2");
    assertThat(st).hasSize(4);
    Map<String, String> taDec = st.stream()
        .filter(r -> r.get("tenant_id").equals("ta") && r.get("bp").equals("2026-12-01"))
        .findFirst()
        .orElseThrow();
    assertThat(new BigDecimal(taDec.get("spend_to_date_usd"))).isEqualByComparingTo(spendTa);
    assertThat(taDec.get("asof")).isEqualTo("2026-12-31");
    assertThat(taDec.get("days_elapsed")).isEqualTo("31");
    assertThat(Double.parseDouble(taDec.get("percent_used"))).isCloseTo(100 / 0.9, within(1e-9));
    assertThat(taDec.get("throttle")).isEqualTo("true");
    // January as of its first day: the run rate of one day times 31
    Map<String, String> taJan = st.stream()
        .filter(r -> r.get("tenant_id").equals("ta") && r.get("bp").equals("2027-01-01"))
        .findFirst()
        .orElseThrow();
    BigDecimal jan1 = new BigDecimal(
        query("SELECT sum(total_cost_usd) AS s FROM cost_tracking WHERE tenant_id = 'ta' "
                + "AND usage_date = '2027-01-01'")
            .get(0)
            .get("s"));
    assertThat(new BigDecimal(taJan.get("forecast_month_end_usd")))
        .isEqualByComparingTo(jan1.multiply(BigDecimal.valueOf(31)));
    assertThat(taJan.get("days_in_month")).isEqualTo("31");
    List<Map<String, String>> alerts =
        query("SELECT tenant_id, scope_key, severity, throttle FROM cost_alerts "
            + "WHERE alert_type = 'budget_threshold' ORDER BY 1, 2");
    assertThat(alerts.stream()
            .map(a -> a.get("tenant_id") + ":" + a.get("scope_key") + ":" + a.get("severity") + ":"
                + a.get("throttle")))
        .containsExactly("ta:100:critical:true", "ta:80:high:false", "ta:95:critical:false");
    // a human acknowledges one; a re-run (late events) neither duplicates nor overwrites it
    exec(
        "UPDATE cost_alerts SET status = 'acknowledged', acknowledged_by = 'ana' WHERE scope_key = '80'");
    run(new BudgetsJob(), w);
    assertThat(
            query(
                "SELECT status, acknowledged_by FROM cost_alerts WHERE alert_type = 'budget_threshold' AND scope_key = '80'"))
        .containsExactly(Map.of("status", "acknowledged", "acknowledged_by", "ana"));
    assertThat(query("SELECT count(*) AS n FROM cost_alerts WHERE alert_type = 'budget_threshold'")
            .get(0)
            .get("n"))
        .isEqualTo("3");
  }

  @Test
  void periodsOfMonthsOf28To31DaysAndLeapYears() {
    Rollups.Periods per = Rollups.Periods.of(Window.of("2027-02-28", "2027-03-01"));
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> states =
        spark.sql("SELECT 'x' AS tenant_id, " + "TIMESTAMP'2027-02-28 23:00:00' AS hour");
    List<org.apache.spark.sql.Row> rows = Rollups.explodePeriods(states, per)
        .selectExpr("granularity", "CAST(period_start AS STRING)", "CAST(period_end AS STRING)")
        .orderBy("granularity")
        .collectAsList();
    assertThat(rows.stream()
            .map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getString(2))
            .toList())
        .containsExactly(
            "daily 2027-02-28 00:00:00 2027-03-01 00:00:00",
            "hourly 2027-02-28 23:00:00 2027-03-01 00:00:00",
            "monthly 2027-02-01 00:00:00 2027-03-01 00:00:00",
            "weekly 2027-02-22 00:00:00 2027-03-01 00:00:00");
    for (String[] c : new String[][] {
      {"2028-02-29", "2028-02-01 00:00:00", "2028-03-01 00:00:00"},
      {"2026-04-30", "2026-04-01 00:00:00", "2026-05-01 00:00:00"},
      {"2026-01-31", "2026-01-01 00:00:00", "2026-02-01 00:00:00"}
    }) {
      Rollups.Periods p = Rollups.Periods.of(Window.days(LocalDate.parse(c[0]), 1));
      org.apache.spark.sql.Row m = Rollups.explodePeriods(
              spark.sql("SELECT 'x' AS tenant_id, TIMESTAMP'" + c[0] + " 12:00:00' AS hour"), p)
          .filter("granularity = 'monthly'")
          .selectExpr("CAST(period_start AS STRING)", "CAST(period_end AS STRING)")
          .first();
      assertThat(m.getString(0) + "/" + m.getString(1)).isEqualTo(c[1] + "/" + c[2]);
    }
    // the scope a run owns covers exactly the periods it stages
    assertThat(per.firstWeek()).isEqualTo(LocalDate.parse("2027-02-22"));
    assertThat(per.readFrom()).isEqualTo(LocalDate.parse("2027-02-01"));
    assertThat(per.readTo()).isEqualTo(LocalDate.parse("2027-03-01"));
  }

  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
  void reRunsAreIdempotentAndAPriceChangeRePricesThePast() throws Exception {
    String snapshot =
        "SELECT tenant_id, cost_type, service, model, usage_date, total_cost_usd, event_count, pricing_status "
            + "FROM cost_tracking ORDER BY 1, 2, 3, 4, 5";
    String perf =
        "SELECT tenant_id, granularity, period_start, predictions_count, prediction_p95_latency_ms, llm_cost_usd "
            + "FROM system_performance_metrics ORDER BY 1, 2, 3";
    List<Map<String, String>> before = query(snapshot);
    List<Map<String, String>> perfBefore = query(perf);
    run(new CostsJob(), RANGES[0]);
    run(new PerformanceJob(), Window.of("2027-01-01", "2027-01-02"));
    assertThat(query(snapshot)).isEqualTo(before);
    assertThat(query(perf)).isEqualTo(perfBefore);

    // an operator changes the gpt-4o price from 2027-01-01 (no seed file: the catalog as stored)
    // and re-runs
    exec(
        "UPDATE llm_price_catalog SET input_price_per_token = 0.000004, cached_input_price_per_token = 0.000002, "
            + "output_price_per_token = 0.000016 WHERE model = 'gpt-4o' AND price_version = 'v2'");
    Settings noSeed = settings.with(Map.of("vigia.cost.price-catalog-file", ""));
    run(new CostsJob(), RANGES[0], noSeed);
    // rows priced only from the catalog recompute exactly from their token columns and the new
    // prices
    List<Map<String, String>> rows = query("SELECT usage_date::text d, total_cost_usd, "
        + "(input_tokens - cached_input_tokens) * 0.000004 + cached_input_tokens * 0.000002 + output_tokens * 0.000016 AS recomputed "
        + "FROM cost_tracking WHERE model = 'gpt-4o' AND caller_reported_event_count = 0 AND unpriced_event_count = 0 "
        + "AND usage_date = '2027-01-01'");
    assertThat(rows)
        .isNotEmpty()
        .allMatch(r ->
            new BigDecimal(r.get("total_cost_usd")).compareTo(new BigDecimal(r.get("recomputed")))
                == 0);
    // the day before the change keeps its price
    List<Map<String, String>> old =
        query("SELECT total_cost_usd FROM cost_tracking WHERE model = 'gpt-4o' "
            + "AND usage_date = '2026-12-31' ORDER BY tenant_id");
    List<Map<String, String>> oldBefore = before.stream()
        .filter(r -> "gpt-4o".equals(r.get("model")) && r.get("usage_date").equals("2026-12-31"))
        .map(r -> Map.of("total_cost_usd", r.get("total_cost_usd")))
        .toList();
    assertThat(old.stream().map(r -> new BigDecimal(r.get("total_cost_usd"))).toList())
        .usingElementComparator(BigDecimal::compareTo)
        .isEqualTo(
            oldBefore.stream().map(r -> new BigDecimal(r.get("total_cost_usd"))).toList());
  }
}
