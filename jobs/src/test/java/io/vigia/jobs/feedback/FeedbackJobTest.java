package io.vigia.jobs.feedback;

import static io.vigia.common.testing.Jdbc.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The feedback job on real PostgreSQL and Spark: every pending row processed or failed with a reason. */
class FeedbackJobTest {
  static final Window DAY = Window.of("2026-11-10", "2026-11-11");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-11T06:00:00Z"), ZoneOffset.UTC);

  static void insert(
      Connection c,
      long id,
      String tenant,
      String target,
      String model,
      Integer rating,
      String comment,
      String correction,
      String createdAt)
      throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO user_feedback (id, tenant_id, user_id, target_type, "
            + "target_id, model_id, rating, comment, correction_data, created_at) VALUES (?, ?, 'u1', ?, ?, ?, ?, ?, "
            + "?::jsonb, ?::timestamptz)")) {
      ps.setLong(1, id);
      ps.setString(2, tenant);
      ps.setString(3, target);
      ps.setString(4, "p-" + id);
      ps.setString(5, model);
      ps.setObject(6, rating == null ? null : rating.shortValue());
      ps.setString(7, comment);
      ps.setString(8, correction);
      ps.setString(9, createdAt);
      ps.executeUpdate();
    }
  }

  @Test
  void processesEveryPendingRowAndAggregatesCorrections() throws Exception {
    Database db = TestEnv.freshDatabase("feedback", true);
    Path work = TestEnv.tempDir("feedback");
    Settings s = TestEnv.settings(db, work, Map.of());
    try (Connection c = db.connect()) {
      insert(
          c,
          1,
          "t1",
          "prediction",
          "m1",
          5,
          "Excelente, muy buena predicción.",
          null,
          "2026-11-10T10:00:00Z");
      insert(
          c,
          2,
          "t1",
          "prediction",
          "m1",
          1,
          "No me gustó nada, se equivocó otra vez.",
          "{\"corrected_value\": 120, \"predicted_value\": 100}",
          "2026-11-10T11:00:00Z");
      insert(
          c,
          3,
          "t1",
          "prediction",
          "m1",
          2,
          null,
          "{\"corrected_value\": 50, \"predicted_value\": 60}",
          "2026-11-10T12:00:00Z");
      insert(
          c,
          4,
          "t1",
          "prediction",
          "m1",
          5,
          "Terrible estimate, useless and wrong, a disaster.",
          null,
          "2026-11-09T12:00:00Z"); // before the window, still pending: processed
      insert(
          c, 5, "t1", "explanation", "m1", null, null, null, "2026-11-10T13:00:00Z"); // no signal
      insert(
          c,
          6,
          "t1",
          "action",
          null,
          4,
          "x".repeat(12_000),
          null,
          "2026-11-10T14:00:00Z"); // huge comment
      insert(
          c,
          7,
          "t1",
          "prediction",
          "m2",
          null,
          "12345 ###",
          null,
          "2026-11-10T15:00:00Z"); // no language
      insert(
          c,
          8,
          "t2",
          "prediction",
          "m2",
          3,
          "Not bad at all.",
          "{\"corrected_class\": \"churn\", \"predicted_class\": \"stay\"}",
          "2026-11-10T16:00:00Z");
      insert(
          c,
          9,
          "t2",
          "prediction",
          "m2",
          4,
          "ok",
          "{\"corrected_class\": \"stay\", \"predicted_class\": \"stay\"}",
          "2026-11-10T17:00:00Z");
      insert(
          c,
          10,
          "t2",
          "prediction",
          "m2",
          4,
          "bien",
          "{\"note\": \"no value\"}",
          "2026-11-10T18:00:00Z");
      insert(
          c,
          11,
          "t2",
          "prediction",
          "m2",
          2,
          "mal",
          null,
          "2026-11-11T01:00:00Z"); // after the window: left pending
    }
    JobResult r =
        JobRunner.run(new FeedbackJob(), TestEnv.spark(), s, db, DAY, Optional.empty(), CLOCK);
    assertEquals(10, r.recordsIn());
    assertEquals(7, r.recordsOk());
    assertEquals(3, r.recordsQuarantined());
    assertTrue(r.message().contains("within 24 h"), r.message());

    Map<Long, String[]> rows = rows(db);
    assertEquals("positive", rows.get(1L)[0]);
    assertEquals("es", rows.get(1L)[3]);
    assertEquals("negative", rows.get(2L)[0]);
    assertEquals("negative", rows.get(3L)[0]); // rating only
    assertEquals("negative", rows.get(4L)[0]); // the text outweighs five stars
    assertTrue(Double.parseDouble(rows.get(4L)[4]) < -0.5);
    assertEquals("failed", rows.get(5L)[1]);
    assertEquals("no_rating_no_comment", rows.get(5L)[2]);
    assertEquals("comment_too_long:12000_chars", rows.get(6L)[2]);
    assertEquals("language_not_detected", rows.get(7L)[2]);
    assertEquals("positive", rows.get(8L)[0]); // "not bad at all" with 3 stars
    assertEquals("en", rows.get(8L)[3]);
    assertEquals("pending", rows.get(11L)[1]);
    assertNull(rows.get(11L)[0]);
    // rated at or below FEEDBACK_MIN_RATING_FOR_REVIEW (2): flagged for review when processed
    assertEquals("[2, 3]", flagged(db));
    assertTrue(r.message().contains("2 flagged for review, 0 review bursts"), r.message());

    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      ResultSet rs = st.executeQuery(
          "SELECT tenant_id, model_id, corrections_count, matched_count, numeric_count, "
              + "mean_abs_error, mean_signed_error, mean_abs_pct_error, class_count, class_changed_count, "
              + "class_changed_share, top_class_changes::text FROM feedback_correction_metrics ORDER BY tenant_id");
      assertTrue(rs.next());
      // t1/m1: (120 - 100) and (50 - 60): |e| = 20, 10 -> 15; signed (20 - 10)/2 = 5; pct (20/120 +
      // 10/50)/2
      assertEquals("t1", rs.getString(1));
      assertEquals(2, rs.getLong(3));
      assertEquals(2, rs.getLong(4));
      assertEquals(2, rs.getLong(5));
      assertEquals(15.0, rs.getDouble(6), 1e-12);
      assertEquals(5.0, rs.getDouble(7), 1e-12);
      assertEquals((20.0 / 120 + 10.0 / 50) / 2, rs.getDouble(8), 1e-12);
      assertTrue(rs.next());
      // t2/m2: three corrections, two class corrections (one changed), one unmatched
      assertEquals("t2", rs.getString(1));
      assertEquals(3, rs.getLong(3));
      assertEquals(2, rs.getLong(4));
      assertEquals(0, rs.getLong(5));
      assertEquals(2, rs.getLong(9));
      assertEquals(1, rs.getLong(10));
      assertEquals(0.5, rs.getDouble(11), 1e-12);
      assertTrue(
          rs.getString(12).contains("\"from\": \"stay\"")
              && rs.getString(12).contains("\"to\": \"churn\""),
          rs.getString(12));
      rs = st.executeQuery(
          "SELECT records_in, records_ok, records_quarantined FROM job_runs WHERE job = 'feedback'");
      assertTrue(rs.next());
      assertEquals(10, rs.getLong(1));
    }

    // a re-run over the same window finds nothing pending and leaves the same rows
    JobResult again =
        JobRunner.run(new FeedbackJob(), TestEnv.spark(), s, db, DAY, Optional.empty(), CLOCK);
    assertEquals(0, again.recordsIn());
    assertEquals(rowsAsText(rows), rowsAsText(rows(db)));
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM feedback_correction_metrics")) {
      rs.next();
      assertEquals(2, rs.getLong(1));
    }
    // the insights view sees the processed rows
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT feedback_count, negative_count, pending_count, failed_count "
                + "FROM feedback_insights WHERE tenant_id = 't2' AND model_id = 'm2' AND target_type = 'prediction'")) {
      assertTrue(rs.next());
      assertEquals(4, rs.getLong(1));
      assertEquals(1, rs.getLong(3));
    }
  }

  /** n ratings of a tenant x model on a day: the first `low` rated 1, the others 4 (no comment). */
  static long ratings(
      Connection c, long id, String tenant, String model, String day, int n, int low)
      throws Exception {
    for (int i = 0; i < n; i++) {
      insert(
          c,
          id++,
          tenant,
          "prediction",
          model,
          i < low ? 1 : 4,
          null,
          null,
          day + "T" + String.format("%02d", 8 + i % 12) + ":00:00Z");
    }
    return id;
  }

  @Test
  void aBurstOfFeedbackForReviewNotifiesOncePerTenantModelAndDay() throws Exception {
    Database db = TestEnv.freshDatabase("feedback_burst", true);
    Settings s = TestEnv.settings(db, TestEnv.tempDir("feedback-burst"), Map.of());
    try (Connection c = db.connect()) {
      long id = 1;
      for (int d = 1; d <= 9; d++) { // the usual: 10 % rated low (t1), 30 % (t2)
        String day = "2026-11-0" + d;
        id = ratings(c, id, "t1", "m1", day, 20, 2);
        id = ratings(c, id, "t2", "m1", day, 20, 6);
      }
      id = ratings(
          c,
          id,
          "t1",
          "m1",
          "2026-11-10",
          30,
          12); // 40 % (Wilson lower bound 0.25 > 0.10): a burst
      id = ratings(c, id, "t1", "m2", "2026-11-10", 9, 9); // all low, but fewer than 10: none
      id = ratings(
          c,
          id,
          "t2",
          "m1",
          "2026-11-10",
          30,
          12); // 40 %, lower bound 0.25 < t2's usual 0.30: none
      ratings(c, 100_000, "t3", "m1", "2026-11-11", 30, 30); // after the window
    }
    String bursts =
        "SELECT coalesce(string_agg(tenant_id || '/' || model_id || '/' || day || '/' || flagged_count || '/' "
            + "|| rated_count, ','), '') FROM feedback_review_bursts";
    String outbox =
        "SELECT coalesce(string_agg(kind || '/' || severity || '/' || tenant_id || ': ' || title, ',' "
            + "ORDER BY id), '') FROM notification_outbox";
    JobResult r =
        JobRunner.run(new FeedbackJob(), TestEnv.spark(), s, db, DAY, Optional.empty(), CLOCK);
    assertTrue(r.message().contains("1 review bursts"), r.message());
    assertEquals("t1/m1/2026-11-10/12/30", scalar(db, bursts));
    String one =
        "feedback_review/high/t1: Feedback for review: tenant t1, model m1, 2026-11-10: 12 of 30 ratings at or "
            + "below 2 (40.0 %, usually 10.0 %)";
    assertEquals(one, scalar(db, outbox));
    assertEquals(
        "9",
        scalar(
            db,
            "SELECT count(*) FROM user_feedback WHERE requires_review AND tenant_id = 't1' "
                + "AND model_id = 'm2'"));

    // the same window again: nothing new; more low ratings of the same day: the counts grow, no
    // second notification
    JobRunner.run(new FeedbackJob(), TestEnv.spark(), s, db, DAY, Optional.empty(), CLOCK);
    try (Connection c = db.connect()) {
      ratings(c, 200_000, "t1", "m1", "2026-11-10", 5, 5);
    }
    JobRunner.run(new FeedbackJob(), TestEnv.spark(), s, db, DAY, Optional.empty(), CLOCK);
    assertEquals("t1/m1/2026-11-10/17/35", scalar(db, bursts));
    assertEquals(one, scalar(db, outbox));
  }

  @Test
  void burstRuleNeedsTheCountAndAShareAboveTheTenantsUsual() {
    java.time.LocalDate day = java.time.LocalDate.parse("2026-11-10");
    List<ReviewBursts.DayCount> counts = new ArrayList<>();
    for (int d = 1; d <= 9; d++) {
      counts.add(new ReviewBursts.DayCount("t1", "m1", day.minusDays(d), 20, 2));
    }
    counts.add(new ReviewBursts.DayCount("t1", "m1", day, 30, 12));
    counts.add(new ReviewBursts.DayCount("t1", "m2", day, 9, 9));
    counts.add(
        new ReviewBursts.DayCount("t9", "m1", day, 10, 10)); // no history: the count alone decides
    List<ReviewBursts.Burst> b =
        ReviewBursts.find(counts, List.of(day), 10, java.time.Period.ofDays(28));
    assertEquals(
        List.of("t1/m1", "t9/m1"),
        b.stream().map(x -> x.count().tenant() + "/" + x.count().model()).toList());
    assertEquals(
        0.1,
        b.get(0).baselineShare(),
        1e-12); // the t1/m2 day does not count towards its own baseline
    assertEquals(
        io.vigia.common.stats.WilsonInterval.lower(
            12, 30, io.vigia.common.stats.WilsonInterval.Z95),
        b.get(0).lowerBound(),
        1e-15);
    assertNull(b.get(1).baselineShare());
    // a lower minimum count lets t1/m2 (9 of 9) through; the day before the burst was usual: none
    assertEquals(
        3,
        ReviewBursts.find(counts, List.of(day), 9, java.time.Period.ofDays(28)).size());
    assertEquals(
        0,
        ReviewBursts.find(counts, List.of(day.minusDays(1)), 1, java.time.Period.ofDays(28))
            .size());
  }

  @Test
  void badValuesTheDatabaseWouldRefuseAreFailedNotCrashed() {
    StructType schema = new StructType()
        .add("id", DataTypes.LongType)
        .add("created_at", DataTypes.TimestampType)
        .add("target_type", DataTypes.StringType)
        .add("rating", DataTypes.IntegerType)
        .add("comment", DataTypes.StringType)
        .add("correction_data", DataTypes.StringType);
    java.sql.Timestamp ts = java.sql.Timestamp.from(Instant.parse("2026-11-10T10:00:00Z"));
    List<Row> in = new ArrayList<>();
    in.add(RowFactory.create(1L, ts, "prediction", 9, "great", null));
    in.add(RowFactory.create(2L, ts, "dashboard", 4, "great", null));
    in.add(RowFactory.create(3L, ts, "prediction", 4, "great", "\"just a string\""));
    in.add(RowFactory.create(4L, ts, "prediction", 4, "great", null));
    Dataset<Row> out = FeedbackJob.classify(
        TestEnv.spark().createDataFrame(in, schema),
        new SentimentAnalyzer(1, 0.15, 100),
        Instant.parse("2026-11-11T00:00:00Z"),
        2);
    Map<Long, Row> byId = new HashMap<>();
    out.collectAsList().forEach(x -> byId.put(x.getLong(0), x));
    assertEquals("rating_out_of_range:9", byId.get(1L).getAs("failure_reason"));
    assertEquals("unknown_target_type:dashboard", byId.get(2L).getAs("failure_reason"));
    assertEquals("invalid_correction_data", byId.get(3L).getAs("failure_reason"));
    assertEquals("processed", byId.get(4L).getAs("processing_status"));
    assertEquals(false, byId.get(4L).getAs("requires_review"));
  }

  static String flagged(Database db) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT id FROM user_feedback WHERE requires_review ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids.toString();
  }

  static Map<Long, String[]> rows(Database db) throws Exception {
    Map<Long, String[]> m = new HashMap<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT id, sentiment, processing_status, failure_reason, language, "
                + "sentiment_score, processed_at, text_sentiment_score, requires_review FROM user_feedback")) {
      while (rs.next()) {
        m.put(rs.getLong(1), new String[] {
          rs.getString(2),
          rs.getString(3),
          rs.getString(4),
          rs.getString(5),
          rs.getString(6),
          rs.getString(7),
          rs.getString(8),
          rs.getString(9)
        });
      }
    }
    return m;
  }

  static String rowsAsText(Map<Long, String[]> m) {
    StringBuilder sb = new StringBuilder();
    new java.util.TreeMap<>(m)
        .forEach((k, v) -> sb.append(k).append(java.util.Arrays.toString(v)).append('\n'));
    return sb.toString();
  }
}
