package io.vigia.jobs.retention;

import io.vigia.common.settings.RetentionSettings;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.maintenance.ManagedTable;
import io.vigia.jobs.maintenance.Moves;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a retention run moves: pure functions of the settings, the run's window end and the inventory
 * of a table (its leaves and the months they hold in PostgreSQL, the months of its archives, its open
 * moves), so the decisions are testable without Spark or a database. {@link RetentionJob} reads the
 * inventory, asks this plan, and carries the moves out.
 */
final class RetentionPlan {
  /** The rows of privacy_audit_log that may leave PostgreSQL earlier (low-risk, nothing left to review). */
  static final String LOW_RISK =
      "risk_level = 'low' AND NOT (requires_review AND reviewed_at IS NULL)";

  private RetentionPlan() {}

  /** A slice of rows leaving PostgreSQL: a whole monthly partition (dropped) or rows of a relation (deleted). */
  record Slice(
      String relation,
      LocalDate month,
      String extraPredicate,
      String selection,
      boolean dropPartition,
      double estimate) {}

  /**
   * The tiers' limits for one table: months ending on or before hot (warm, cold) leave PostgreSQL (warm,
   * cold); lowRiskCut (null: none) is the earlier cut of privacy_audit_log's low-risk rows.
   */
  record Limits(LocalDate hot, Instant lowRiskCut, LocalDate warm, LocalDate cold) {
    static Limits of(Settings s, ManagedTable table, Instant ref) {
      RetentionSettings r = s.retention();
      // a table's partition_management.config overrides the settings, in whole days (years)
      Duration hot = Duration.ofDays(table.configInt("hot_days", (int) r.hot().toDays()));
      Duration warm =
          Duration.ofDays(table.configInt("warm_days", (int) r.warm().toDays()));
      Period cold = Period.ofYears(table.configInt("cold_years", r.cold().getYears()));
      Duration low = r.lowRiskPrivacyHot();
      Instant lowCut =
          table.name().equals("privacy_audit_log") && !low.isZero() && low.compareTo(hot) < 0
              ? ref.minus(low)
              : null;
      return new Limits(
          limitMonth(ref, hot),
          lowCut,
          limitMonth(ref, warm),
          LocalDate.ofInstant(ref, ZoneOffset.UTC).minus(cold).withDayOfMonth(1));
    }
  }

  /**
   * A table's rows in PostgreSQL: its leaves (in catalog order), the UTC months with rows of each
   * default leaf, and (only when the limits have a low-risk cut) the UTC months with low-risk rows older
   * than that cut of each leaf.
   */
  record HotInventory(
      List<ManagedTable.Leaf> leaves,
      Map<String, List<LocalDate>> months,
      Map<String, List<LocalDate>> lowRiskMonths) {}

  /** Why retention leaves a table alone, or null when it manages it. */
  static String skipped(ManagedTable table) {
    if (!table.exists()) {
      return "table missing, skipped";
    }
    if (!table.partitioned() || !table.timeKeyed()) {
      return "not range-partitioned by time, skipped (see the partitions job's migration plan)";
    }
    return null;
  }

  /** First day of the month of (ref - age): months ending on or before it are past the limit. */
  static LocalDate limitMonth(Instant ref, Duration age) {
    return LocalDate.ofInstant(ref.minus(age), ZoneOffset.UTC).withDayOfMonth(1);
  }

  /**
   * The slices leaving PostgreSQL for warm, in the order they move: each monthly partition past the
   * hot limit (dropped whole), each month of a default partition past it (rows deleted), then, for a
   * low-risk cut, each later month's low-risk rows older than the cut (rows deleted).
   */
  static List<Slice> hotToWarm(ManagedTable table, Limits lim, HotInventory inv) {
    List<Slice> slices = new ArrayList<>();
    for (ManagedTable.Leaf leaf : inv.leaves()) {
      if (leaf.monthly() && !leaf.hi().isAfter(lim.hot())) {
        slices.add(new Slice(leaf.relname(), leaf.lo(), null, "all", true, leaf.estimate()));
      } else if (leaf.isDefault()) {
        for (LocalDate m : inv.months().getOrDefault(leaf.relname(), List.of())) {
          if (m.isBefore(lim.hot())) {
            slices.add(new Slice(leaf.relname(), m, null, "all", false, leaf.estimate()));
          }
        }
      }
    }
    if (lim.lowRiskCut() != null) {
      String pred = ManagedTable.q(table.key()) + " < " + table.literal(lim.lowRiskCut()) + " AND "
          + LOW_RISK;
      for (ManagedTable.Leaf leaf : inv.leaves()) {
        if (lowRiskCandidate(leaf, lim)) {
          for (LocalDate m : inv.lowRiskMonths().getOrDefault(leaf.relname(), List.of())) {
            if (!m.isBefore(lim.hot())) {
              slices.add(new Slice(leaf.relname(), m, pred, "low_risk", false, leaf.estimate()));
            }
          }
        }
      }
    }
    return slices;
  }

  /** Whether a leaf may hold low-risk rows older than the cut that stay past the hot limit. */
  static boolean lowRiskCandidate(ManagedTable.Leaf leaf, Limits lim) {
    return leaf.isDefault()
        || (leaf.monthly()
            && leaf.hi().isAfter(lim.hot())
            && leaf.lo().atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(lim.lowRiskCut()));
  }

  /** The months (YYYY-MM) of an archive that end on or before the limit, oldest first. */
  static List<String> due(List<String> present, LocalDate limit) {
    return present.stream()
        .sorted()
        .filter(m -> !YearMonth.parse(m).atDay(1).plusMonths(1).isAfter(limit))
        .toList();
  }

  /**
   * Open moves whose source month is gone from the archive: the run that made them was killed after
   * its last archive step (warm rows deleted, cold month deleted) and before recording it.
   */
  static List<Moves.Move> vanished(List<Moves.Move> open, List<String> present) {
    return open.stream()
        .filter(mv -> mv.status().equals("verified")
            && !present.contains(YearMonth.from(mv.month()).toString()))
        .toList();
  }
}
