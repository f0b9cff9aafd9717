package io.vigia.jobs.cache;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigia.common.job.Window;
import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.ResultRows;
import io.vigia.jobs.pricing.LlmCosts;
import io.vigia.jobs.rollups.Rollups;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compute step of the cache job (CacheJob.opStates / llmHitStates / hourly / metrics) on a few
 * in-memory events: no generator, no ingest, no database. Expected values are worked out by hand from
 * docs/jobs/cache.md: hit_rate = hits / (hits + misses) (NULL without lookups), mean hit and miss
 * latency, latency_saved_ms = sum of saved_latency_ms of hits, cache_size_bytes = the last size of the
 * period (NULL for '*'), cost_savings_usd = avoided - (hits + misses) x lookup, where avoided is the
 * catalog cost of the llm_call hits for llm_exact / llm_semantic and the reported saved_cost_usd of hits
 * for vector_search / api_response.
 */
class CacheComputeTest {
  static final StructType OPS = new StructType()
      .add("tenant_id", DataTypes.StringType)
      .add("ts", DataTypes.TimestampType)
      .add("cache_type", DataTypes.StringType)
      .add("result", DataTypes.StringType)
      .add("latency_ms", DataTypes.DoubleType)
      .add("saved_latency_ms", DataTypes.DoubleType)
      .add("saved_cost_usd", DataTypes.DoubleType)
      .add("size_bytes", DataTypes.LongType);

  static final StructType HITS = new StructType()
      .add("tenant_id", DataTypes.StringType)
      .add("ts", DataTypes.TimestampType)
      .add("cache", DataTypes.StringType)
      .add("catalog_cost", LlmCosts.MONEY);

  // a Monday, 10:00-12:00 UTC: two hourly periods, one day, one ISO week, one month
  static final Window W =
      new Window(Instant.parse("2026-03-02T10:00:00Z"), Instant.parse("2026-03-02T12:00:00Z"));
  static final BigDecimal LOOKUP = new BigDecimal("0.01");

  static SparkSession spark;
  /** key: tenant|cache_type|granularity|period_start (ISO instant) */
  static Map<String, Row> out;

  static Timestamp at(String hhmm) {
    return Timestamp.from(Instant.parse("2026-03-02T" + hhmm + ":00Z"));
  }

  static Row op(
      String tenant,
      String hhmm,
      String type,
      String result,
      double lat,
      Double savedLat,
      Double savedCost,
      Long size) {
    return RowFactory.create(tenant, at(hhmm), type, result, lat, savedLat, savedCost, size);
  }

  static Row hit(String tenant, String hhmm, String cache, String cost) {
    return RowFactory.create(
        tenant, at(hhmm), cache, cost == null ? null : new BigDecimal(cost).setScale(15));
  }

  /** The job's path from events to metrics rows, with readStates' '*' copies done by hand. */
  static Dataset<Row> compute(List<Row> ops, List<Row> hits) {
    List<Dataset<Row>> parts = new ArrayList<>();
    parts.add(CacheJob.opStates(spark.createDataFrame(ops, OPS)));
    if (hits != null) {
      parts.add(CacheJob.llmHitStates(spark.createDataFrame(hits, HITS)));
    }
    Dataset<Row> states = CacheJob.hourly(parts);
    states = states.unionByName(states.withColumn("tenant_id", lit("*")));
    Rollups.Periods per = Rollups.Periods.of(W);
    return CacheJob.metrics(Rollups.explodePeriods(states, per), LOOKUP);
  }

  @BeforeAll
  static void run() {
    spark = TestEnv.spark();
    List<Row> ops = List.of(
        // t1 vector_search, hour 10: two hits, one miss
        op("t1", "10:05", "vector_search", "hit", 2.0, 100.0, 0.25, 1000L),
        op("t1", "10:20", "vector_search", "hit", 4.0, 50.0, null, null),
        // a miss: its saved latency / cost must not count (only hits save)
        op("t1", "10:40", "vector_search", "miss", 30.0, 999.0, 0.5, 3000L),
        // hour 11: an eviction (the last size of the day: 2000, though 3000 is larger) and a miss
        op("t1", "11:10", "vector_search", "eviction", 1.0, null, null, 2000L),
        op("t1", "11:30", "vector_search", "miss", 10.0, null, null, null),
        // t1 api_response: only an eviction, no lookups at all
        op("t1", "11:05", "api_response", "eviction", 1.0, null, null, null),
        // t1 llm_exact cache_op: its reported saved_cost_usd (9.0) is NOT what llm caches save
        op("t1", "10:15", "llm_exact", "hit", 1.0, 40.0, 9.0, 500L),
        op("t1", "10:30", "llm_exact", "miss", 20.0, null, null, null));
    List<Row> hits = List.of(
        hit("t1", "10:15", "exact_hit", "0.125"),
        hit("t1", "10:50", "exact_hit", null), // unknown model: adds nothing
        hit("t1", "11:00", "semantic_hit", "0.5"),
        hit("t2", "10:10", "exact_hit", null)); // t2: only an unpriced hit
    out = ResultRows.byKey(
        compute(ops, hits), "tenant_id", "cache_type", "granularity", "period_start");
  }

  static Row get(String tenant, String type, String g, String start) {
    Row r = out.get(tenant + " " + type + " " + g + " " + Instant.parse(start));
    assertNotNull(
        r, "no row " + tenant + " " + type + " " + g + " " + start + " in " + out.keySet());
    return r;
  }

  /** Timestamps come back as Instant or Timestamp depending on spark.sql.datetime.java8API.enabled. */
  static Object v(Row r, String c) {
    return r.get(r.fieldIndex(c));
  }

  static void assertMoney(String expected, Row r) {
    BigDecimal got = r.getDecimal(r.fieldIndex("cost_savings_usd"));
    assertNotNull(got);
    assertEquals(0, new BigDecimal(expected).compareTo(got), "cost_savings_usd " + got);
  }

  static void assertD(double expected, Row r, String c) {
    assertEquals(expected, ((Number) v(r, c)).doubleValue(), 1e-12, c);
  }

  @Test
  void hourlyVectorSearch() {
    Row h10 = get("t1", "vector_search", "hourly", "2026-03-02T10:00:00Z");
    assertEquals(2L, v(h10, "hits"));
    assertEquals(1L, v(h10, "misses"));
    assertEquals(0L, v(h10, "evictions"));
    assertD(2.0 / 3.0, h10, "hit_rate"); // 2 / (2 + 1)
    assertD(3.0, h10, "avg_hit_latency_ms"); // (2 + 4) / 2
    assertD(30.0, h10, "avg_miss_latency_ms"); // 30 / 1
    assertD(150.0, h10, "latency_saved_ms"); // 100 + 50 (the miss's 999 not counted)
    assertMoney("0.22", h10); // 0.25 (+ 0 for the null, the miss's 0.5 not counted) - 3 x 0.01
    assertEquals(3000L, v(h10, "cache_size_bytes")); // last size of the hour: 10:40 -> 3000

    Row h11 = get("t1", "vector_search", "hourly", "2026-03-02T11:00:00Z");
    assertEquals(0L, v(h11, "hits"));
    assertEquals(1L, v(h11, "misses"));
    assertEquals(1L, v(h11, "evictions"));
    assertD(0.0, h11, "hit_rate"); // 0 / (0 + 1)
    assertNull(v(h11, "avg_hit_latency_ms")); // no hits
    assertD(10.0, h11, "avg_miss_latency_ms");
    assertD(0.0, h11, "latency_saved_ms");
    assertMoney("-0.01", h11); // 0 - 1 x 0.01: may be negative
    assertEquals(2000L, v(h11, "cache_size_bytes")); // 11:10 -> 2000
  }

  @Test
  void dailyWeeklyMonthlyVectorSearch() {
    for (String[] p : new String[][] {
      {"daily", "2026-03-02T00:00:00Z"},
      {"weekly", "2026-03-02T00:00:00Z"},
      {"monthly", "2026-03-01T00:00:00Z"}
    }) {
      Row d = get("t1", "vector_search", p[0], p[1]);
      assertEquals(2L, v(d, "hits"));
      assertEquals(2L, v(d, "misses"));
      assertEquals(1L, v(d, "evictions"));
      assertD(0.5, d, "hit_rate"); // 2 / (2 + 2)
      assertD(3.0, d, "avg_hit_latency_ms"); // (2 + 4) / 2
      assertD(20.0, d, "avg_miss_latency_ms"); // (30 + 10) / 2
      assertD(150.0, d, "latency_saved_ms");
      assertMoney("0.21", d); // 0.25 - 4 x 0.01
      // the LAST size reported (11:10 -> 2000), not the largest (3000)
      assertEquals(2000L, v(d, "cache_size_bytes"));
    }
    Row d = get("t1", "vector_search", "daily", "2026-03-02T00:00:00Z");
    assertEquals(Instant.parse("2026-03-03T00:00:00Z"), ResultRows.instant(v(d, "period_end")));
  }

  @Test
  void noLookupsGivesNullHitRate() {
    Row d = get("t1", "api_response", "daily", "2026-03-02T00:00:00Z");
    assertEquals(0L, v(d, "hits"));
    assertEquals(0L, v(d, "misses"));
    assertEquals(1L, v(d, "evictions"));
    assertNull(v(d, "hit_rate")); // 0 / 0: NULL, not 0 and not NaN
    assertNull(v(d, "avg_hit_latency_ms"));
    assertNull(v(d, "avg_miss_latency_ms"));
    assertMoney("0", d); // 0 - 0 x 0.01
    assertNull(v(d, "cache_size_bytes")); // no size reported
  }

  @Test
  void llmCachesSaveTheCatalogCostOfTheirHits() {
    Row e = get("t1", "llm_exact", "daily", "2026-03-02T00:00:00Z");
    assertEquals(1L, v(e, "hits"));
    assertEquals(1L, v(e, "misses"));
    assertD(0.5, e, "hit_rate"); // 1 / (1 + 1)
    assertD(40.0, e, "latency_saved_ms");
    // avoided = 0.125 (priced hit) + 0 (unknown model); the cache's own 9.0 is ignored;
    // 0.125 - 2 x 0.01 = 0.105
    assertMoney("0.105", e);
    assertEquals(500L, v(e, "cache_size_bytes"));

    // llm_semantic: no cache_op events at all, kept because it avoided something: 0.5 - 0 x 0.01
    Row s = get("t1", "llm_semantic", "daily", "2026-03-02T00:00:00Z");
    assertEquals(0L, v(s, "hits"));
    assertNull(v(s, "hit_rate"));
    assertMoney("0.5", s);
    assertNull(v(s, "cache_size_bytes"));

    // t2: only a hit of an unknown model: the row is kept (unpriced_hits > 0), saving 0
    Row u = get("t2", "llm_exact", "daily", "2026-03-02T00:00:00Z");
    assertEquals(0L, v(u, "hits"));
    assertMoney("0", u);
  }

  @Test
  void allTenantsRowSumsTenantsWithoutSize() {
    // '*' llm_exact daily: t1 (1 hit, 1 miss, 0.125 avoided) + t2 (nothing but an unpriced hit)
    Row e = get("*", "llm_exact", "daily", "2026-03-02T00:00:00Z");
    assertEquals(1L, v(e, "hits"));
    assertEquals(1L, v(e, "misses"));
    assertMoney("0.105", e); // 0.125 - 2 x 0.01
    assertNull(v(e, "cache_size_bytes")); // NULL for '*'
    Row vs = get("*", "vector_search", "daily", "2026-03-02T00:00:00Z");
    assertEquals(2L, v(vs, "hits"));
    assertMoney("0.21", vs);
    assertNull(v(vs, "cache_size_bytes"));
  }

  @Test
  void rowCounts() {
    // t1: vector_search 2 hourly + daily + weekly + monthly = 5; api_response 1 + 3 = 4;
    // llm_exact 1 (hour 10) + 3 = 4; llm_semantic 1 (hour 11) + 3 = 4 -> 17
    // t2: llm_exact 1 + 3 = 4; '*': the same keys as t1 (t2's key is among them) -> 17
    // 17 + 4 + 17 = 38
    assertEquals(38, out.size(), out.keySet().toString());
  }

  @Test
  void zeroEventsGiveNoRows() {
    assertEquals(0, compute(List.of(), null).count());
  }
}
