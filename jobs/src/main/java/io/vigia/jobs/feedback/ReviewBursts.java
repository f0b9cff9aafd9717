package io.vigia.jobs.feedback;

import io.vigia.common.job.JobContext;
import io.vigia.common.job.Scope;
import io.vigia.common.job.Window;
import io.vigia.common.json.Json;
import io.vigia.common.settings.FeedbackSettings;
import io.vigia.common.stats.WilsonInterval;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Bursts of feedback flagged for review (issue 18). Feedback rated at or below
 * vigia.feedback.min-rating-for-review (FEEDBACK_MIN_RATING_FOR_REVIEW) is flagged
 * (user_feedback.requires_review); a burst is a tenant x model x UTC day of the window with
 *
 * <ul>
 *   <li>at least vigia.feedback.review-burst-min-count flagged ratings, and</li>
 *   <li>a flagged share (flagged / rated) whose 95% Wilson lower bound is above the tenant's usual share:
 *       flagged / rated over all its models in the vigia.feedback.review-baseline-days days before the
 *       day (0 when the tenant had no rated feedback then, so the count alone decides).</li>
 * </ul>
 *
 * Counts are of the feedback created from the day's start up to the window end, whether processed by
 * this run or an earlier one (the flag is a function of the rating alone). Bursts are upserted into
 * feedback_review_bursts on (tenant, model, day) and never deleted by a re-run: each one notifies once
 * (a trigger enqueues kind feedback_review, severity high), and a later run that sees more flagged
 * feedback of the same day refreshes the counts without a second notification.
 */
final class ReviewBursts {
  static final String SEVERITY = "high";

  private ReviewBursts() {}

  /** Ratings of one tenant x model x day: how many rated, how many flagged. */
  record DayCount(String tenant, String model, LocalDate day, long rated, long flagged) {}

  /** A burst with its evidence. */
  record Burst(
      DayCount count, double share, double lowerBound, Double baselineShare, long baselineRated) {}

  /** The bursts among the counts of the given days, against each tenant's preceding baseline. Pure. */
  static List<Burst> find(
      List<DayCount> counts, List<LocalDate> days, int minCount, Period baseline) {
    Map<String, TreeMap<LocalDate, long[]>> byTenant = new TreeMap<>();
    for (DayCount c : counts) {
      long[] t = byTenant
          .computeIfAbsent(c.tenant(), k -> new TreeMap<>())
          .computeIfAbsent(c.day(), k -> new long[2]);
      t[0] += c.rated();
      t[1] += c.flagged();
    }
    List<Burst> out = new ArrayList<>();
    for (DayCount c : counts) {
      if (!days.contains(c.day()) || c.flagged() < minCount || c.rated() == 0) {
        continue;
      }
      long rated = 0;
      long flagged = 0;
      for (long[] t : byTenant
          .get(c.tenant())
          .subMap(c.day().minus(baseline), true, c.day(), false)
          .values()) {
        rated += t[0];
        flagged += t[1];
      }
      Double usual = rated == 0 ? null : (double) flagged / rated;
      double lower = WilsonInterval.lower(c.flagged(), c.rated(), WilsonInterval.Z95);
      if (lower > (usual == null ? 0 : usual)) {
        out.add(new Burst(c, (double) c.flagged() / c.rated(), lower, usual, rated));
      }
    }
    return out;
  }

  /** Reads the counts, finds the bursts of the window's days and stages them; returns how many. */
  static long stage(JobContext ctx) throws SQLException {
    FeedbackSettings s = ctx.settings().feedback();
    Period baseline = s.reviewBaseline();
    Window w = ctx.window();
    LocalDate from = w.firstDate().minus(baseline);
    String tenant = ctx.tenant().isPresent() ? " AND tenant_id = ?" : "";
    List<DayCount> counts = new ArrayList<>();
    try (Connection c = ctx.db().connect();
        PreparedStatement ps = c.prepareStatement("SELECT tenant_id, "
            + "coalesce(model_id, ''), (created_at AT TIME ZONE 'UTC')::date, count(rating), "
            + "count(*) FILTER (WHERE rating <= ?) FROM user_feedback WHERE created_at >= ? AND created_at < ?"
            + tenant
            + " GROUP BY 1, 2, 3")) {
      ps.setInt(1, s.minRatingForReview());
      ps.setTimestamp(2, Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()));
      ps.setTimestamp(3, Timestamp.from(w.end()));
      if (ctx.tenant().isPresent()) {
        ps.setString(4, ctx.tenant().get());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.add(new DayCount(
              rs.getString(1),
              rs.getString(2),
              rs.getDate(3).toLocalDate(),
              rs.getLong(4),
              rs.getLong(5)));
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Burst b : find(counts, w.dates(), s.reviewBurstMinCount(), baseline)) {
      DayCount c = b.count();
      String details = Json.write(Json.object()
          .put("min_count", s.reviewBurstMinCount())
          .put("baseline", baseline.toString())
          .put("counted_until", w.end().toString())
          .put(
              "rule",
              "flagged >= min_count and the 95% Wilson lower bound of the flagged share > the tenant's "
                  + "share over the baseline before the day"));
      rows.add(RowFactory.create(
          c.tenant(),
          c.model(),
          Date.valueOf(c.day()),
          c.flagged(),
          c.rated(),
          b.share(),
          b.lowerBound(),
          b.baselineShare(),
          b.baselineRated(),
          (short) s.minRatingForReview(),
          SEVERITY,
          details,
          FeedbackJob.NAME));
    }
    if (rows.isEmpty()) {
      return 0;
    }
    Scope days = new Scope(
        "day >= ? AND day < ?",
        List.of(Date.valueOf(w.firstDate()), Date.valueOf(w.endDateExclusive())));
    return ctx.writer()
        .upsert(
            "feedback_review_bursts",
            ctx.spark().createDataFrame(rows, SCHEMA).coalesce(1),
            days,
            List.of("tenant_id", "model_id", "day"),
            List.of("created_at"),
            Scope.NO_ROW);
  }

  static final StructType SCHEMA = new StructType()
      .add("tenant_id", DataTypes.StringType)
      .add("model_id", DataTypes.StringType)
      .add("day", DataTypes.DateType)
      .add("flagged_count", DataTypes.LongType)
      .add("rated_count", DataTypes.LongType)
      .add("flagged_share", DataTypes.DoubleType)
      .add("share_lower_bound", DataTypes.DoubleType)
      .add("baseline_share", DataTypes.DoubleType)
      .add("baseline_rated", DataTypes.LongType)
      .add("min_rating", DataTypes.ShortType)
      .add("severity", DataTypes.StringType)
      .add("details", DataTypes.StringType)
      .add("source_job", DataTypes.StringType);
}
