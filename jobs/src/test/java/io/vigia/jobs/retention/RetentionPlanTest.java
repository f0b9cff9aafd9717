package io.vigia.jobs.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.common.json.Json;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.maintenance.ManagedTable;
import io.vigia.jobs.maintenance.Moves;
import io.vigia.jobs.retention.RetentionPlan.HotInventory;
import io.vigia.jobs.retention.RetentionPlan.Limits;
import io.vigia.jobs.retention.RetentionPlan.Slice;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retention plan without Spark or a database: settings + inventory in, slices and months out. */
class RetentionPlanTest {
  static final Settings S =
      Settings.defaults(); // hot 90 days, warm 365 days, cold 7 years, low-risk 30 days
  static final Instant REF = Instant.parse("2026-12-06T00:00:00Z");

  static ManagedTable table(String name, ObjectNode config) {
    return new ManagedTable(
        name, "range", "event_time", 1, 1, config, true, true, "timestamp with time zone");
  }

  static ManagedTable.Leaf month(String rel, String lo) {
    LocalDate d = LocalDate.parse(lo);
    return new ManagedTable.Leaf(rel, d, d.plusMonths(1), false, 10, 100);
  }

  static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  @Test
  void limitsCountBackFromTheWindowEndWithTheTablesOwnOverrides() {
    Limits audit = Limits.of(S, table("privacy_audit_log", Json.object()), REF);
    assertThat(audit)
        .isEqualTo(new Limits(
            d("2026-09-01"),
            Instant.parse("2026-11-06T00:00:00Z"),
            d("2025-12-01"),
            d("2019-12-01")));
    Limits other = Limits.of(
        S,
        table(
            "llm_calls",
            Json.object().put("hot_days", 20).put("warm_days", 40).put("cold_years", 1)),
        REF);
    assertThat(other)
        .isEqualTo(new Limits(d("2026-11-01"), null, d("2026-10-01"), d("2025-12-01")));
    // a low-risk limit not shorter than the hot one is no separate cut
    Limits shortHot =
        Limits.of(S, table("privacy_audit_log", Json.object().put("hot_days", 30)), REF);
    assertThat(shortHot.lowRiskCut()).isNull();
  }

  @Test
  void hotSlicesDropWholeOldPartitionsDeleteOldDefaultMonthsThenEarlyLowRiskRows() {
    ManagedTable t = table("privacy_audit_log", Json.object());
    Limits lim = Limits.of(S, t, REF);
    ManagedTable.Leaf def = new ManagedTable.Leaf("pal_default", null, null, true, 5, 50);
    List<ManagedTable.Leaf> leaves = List.of(
        month("pal_2026_07", "2026-07-01"),
        month("pal_2026_08", "2026-08-01"),
        month("pal_2026_09", "2026-09-01"),
        month("pal_2026_10", "2026-10-01"),
        month("pal_2026_11", "2026-11-01"),
        month("pal_2026_12", "2026-12-01"),
        def);
    HotInventory inv = new HotInventory(
        leaves,
        Map.of("pal_default", List.of(d("2026-06-01"), d("2026-09-01"))),
        Map.of(
            "pal_2026_10",
            List.of(d("2026-10-01")),
            "pal_2026_11",
            List.of(d("2026-11-01")),
            "pal_2026_12",
            List.of(d("2026-12-01")),
            "pal_default",
            List.of(d("2026-06-01"), d("2026-10-01"))));
    String pred =
        "\"event_time\" < TIMESTAMPTZ '2026-11-06T00:00:00Z' AND " + RetentionPlan.LOW_RISK;
    assertThat(RetentionPlan.hotToWarm(t, lim, inv))
        .containsExactly(
            new Slice("pal_2026_07", d("2026-07-01"), null, "all", true, 10),
            new Slice("pal_2026_08", d("2026-08-01"), null, "all", true, 10),
            new Slice("pal_default", d("2026-06-01"), null, "all", false, 5),
            new Slice("pal_2026_10", d("2026-10-01"), pred, "low_risk", false, 10),
            new Slice("pal_2026_11", d("2026-11-01"), pred, "low_risk", false, 10),
            new Slice("pal_default", d("2026-10-01"), pred, "low_risk", false, 5));
    // another table: the same leaves, no low-risk cut
    ManagedTable other = table("llm_calls", Json.object());
    assertThat(RetentionPlan.hotToWarm(other, Limits.of(S, other, REF), inv))
        .extracting(Slice::selection)
        .containsExactly("all", "all", "all");
    assertThat(RetentionPlan.lowRiskCandidate(leaves.get(5), lim)).isFalse();
    assertThat(RetentionPlan.lowRiskCandidate(leaves.get(0), lim)).isFalse();
  }

  @Test
  void
      archiveMonthsAreDueWhenTheyEndByTheLimitAndVanishedMovesAreTheVerifiedOnesWhoseMonthIsGone() {
    assertThat(RetentionPlan.due(List.of("2025-12", "2025-10", "2025-11"), d("2025-12-01")))
        .containsExactly("2025-10", "2025-11");
    assertThat(RetentionPlan.due(List.of("2025-12"), d("2025-12-01"))).isEmpty();
    Moves.Move gone = new Moves.Move(1, "b1", "verified", 7L, null, d("2025-10-01"));
    Moves.Move present = new Moves.Move(2, "b2", "verified", 7L, null, d("2025-11-01"));
    Moves.Move unverified = new Moves.Move(3, "b3", "exported", null, null, d("2025-09-01"));
    assertThat(RetentionPlan.vanished(
            List.of(gone, present, unverified), List.of("2025-11", "2025-12")))
        .containsExactly(gone);
  }

  @Test
  void missingOrUnpartitionedTablesAreSkippedWithAReason() {
    ObjectNode c = Json.object();
    assertThat(RetentionPlan.skipped(
            new ManagedTable("x", "range", "ts", 1, 1, c, false, true, "date")))
        .isEqualTo("table missing, skipped");
    assertThat(RetentionPlan.skipped(
            new ManagedTable("x", "range", "id", 1, 1, c, true, true, "bigint")))
        .startsWith("not range-partitioned by time");
    assertThat(RetentionPlan.skipped(
            new ManagedTable("x", "range", "ts", 1, 1, c, true, false, "date")))
        .startsWith("not range-partitioned by time");
    assertThat(RetentionPlan.skipped(table("x", c))).isNull();
  }
}
