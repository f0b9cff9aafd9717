package io.vigia.jobs.feedback;

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

  static void insert(Connection c, long id, String tenant, String target, String model, Integer rating, String comment,
      String correction, String createdAt) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_feedback (id, tenant_id, user_id, target_type, "
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
      insert(c, 1, "t1", "prediction", "m1", 5, "Excelente, muy buena predicción.", null, "2026-11-10T10:00:00Z");
      insert(c, 2, "t1", "prediction", "m1", 1, "No me gustó nada, se equivocó otra vez.",
          "{\"corrected_value\": 120, \"predicted_value\": 100}", "2026-11-10T11:00:00Z");
      insert(c, 3, "t1", "prediction", "m1", 2, null, "{\"corrected_value\": 50, \"predicted_value\": 60}",
          "2026-11-10T12:00:00Z");
      insert(c, 4, "t1", "prediction", "m1", 5, "Terrible estimate, useless and wrong, a disaster.", null,
          "2026-11-09T12:00:00Z");                                   // before the window, still pending: processed
      insert(c, 5, "t1", "explanation", "m1", null, null, null, "2026-11-10T13:00:00Z");     // no signal
      insert(c, 6, "t1", "action", null, 4, "x".repeat(12_000), null, "2026-11-10T14:00:00Z"); // huge comment
      insert(c, 7, "t1", "prediction", "m2", null, "12345 ###", null, "2026-11-10T15:00:00Z"); // no language
      insert(c, 8, "t2", "prediction", "m2", 3, "Not bad at all.",
          "{\"corrected_class\": \"churn\", \"predicted_class\": \"stay\"}", "2026-11-10T16:00:00Z");
      insert(c, 9, "t2", "prediction", "m2", 4, "ok", "{\"corrected_class\": \"stay\", \"predicted_class\": \"stay\"}",
          "2026-11-10T17:00:00Z");
      insert(c, 10, "t2", "prediction", "m2", 4, "bien", "{\"note\": \"no value\"}", "2026-11-10T18:00:00Z");
      insert(c, 11, "t2", "prediction", "m2", 2, "mal", null, "2026-11-11T01:00:00Z");   // after the window: left pending
    }
    JobResult r = JobRunner.run(new FeedbackJob(), TestEnv.spark(), s, db, DAY, Optional.empty(), CLOCK);
    assertEquals(10, r.recordsIn());
    assertEquals(7, r.recordsOk());
    assertEquals(3, r.recordsQuarantined());
    assertTrue(r.message().contains("within 24 h"), r.message());

    Map<Long, String[]> rows = rows(db);
    assertEquals("positive", rows.get(1L)[0]);
    assertEquals("es", rows.get(1L)[3]);
    assertEquals("negative", rows.get(2L)[0]);
    assertEquals("negative", rows.get(3L)[0]);            // rating only
    assertEquals("negative", rows.get(4L)[0]);            // the text outweighs five stars
    assertTrue(Double.parseDouble(rows.get(4L)[4]) < -0.5);
    assertEquals("failed", rows.get(5L)[1]);
    assertEquals("no_rating_no_comment", rows.get(5L)[2]);
    assertEquals("comment_too_long:12000_chars", rows.get(6L)[2]);
    assertEquals("language_not_detected", rows.get(7L)[2]);
    assertEquals("positive", rows.get(8L)[0]);            // "not bad at all" with 3 stars
    assertEquals("en", rows.get(8L)[3]);
    assertEquals("pending", rows.get(11L)[1]);
    assertNull(rows.get(11L)[0]);
    // rated at or below FEEDBACK_MIN_RATING_FOR_REVIEW (2): flagged for review when processed
    assertEquals("[2, 3]", flagged(db));
    assertTrue(r.message().contains("2 flagged for review, 0 review bursts"), r.message());

    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      ResultSet rs = st.executeQuery("SELECT tenant_id, model_id, corrections_count, matched_count, numeric_count, "
          + "mean_abs_error, mean_signed_error, mean_abs_pct_error, class_count, class_changed_count, "
          + "class_changed_share, top_class_changes::text FROM feedback_correction_metrics ORDER BY tenant_id");
      assertTrue(rs.next());
      // t1/m1: (120 - 100) and (50 - 60): |e| = 20, 10 -> 15; signed (20 - 10)/2 = 5; pct (20/120 + 10/50)/2
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
      assertTrue(rs.getString(12).contains("\"from\": \"stay\"") && rs.getString(12).contains("\"to\": \"churn\""),
          rs.getString(12));
      rs = st.executeQuery("SELECT records_in, records_ok, records_quarantined FROM job_runs WHERE job = 'feedback'");
      assertTrue(rs.next());
      assertEquals(10, rs.getLong(1));
    }

    // a re-run over the same window finds nothing pending and leaves the same rows
    JobResult again = JobRunner.run(new FeedbackJob(), TestEnv.spark(), s, db, DAY, Optional.empty(), CLOCK);
    assertEquals(0, again.recordsIn());
    assertEquals(rowsAsText(rows), rowsAsText(rows(db)));
    try (Connection c = db.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*) FROM feedback_correction_metrics")) {
      rs.next();
      assertEquals(2, rs.getLong(1));
    }
    // the insights view sees the processed rows
    try (Connection c = db.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT feedback_count, negative_count, pending_count, failed_count "
             + "FROM feedback_insights WHERE tenant_id = 't2' AND model_id = 'm2' AND target_type = 'prediction'")) {
      assertTrue(rs.next());
      assertEquals(4, rs.getLong(1));
      assertEquals(1, rs.getLong(3));
    }
  }

  @Test
  void badValuesTheDatabaseWouldRefuseAreFailedNotCrashed() {
    StructType schema = new StructType().add("id", DataTypes.LongType).add("created_at", DataTypes.TimestampType)
        .add("target_type", DataTypes.StringType).add("rating", DataTypes.IntegerType)
        .add("comment", DataTypes.StringType).add("correction_data", DataTypes.StringType);
    java.sql.Timestamp ts = java.sql.Timestamp.from(Instant.parse("2026-11-10T10:00:00Z"));
    List<Row> in = new ArrayList<>();
    in.add(RowFactory.create(1L, ts, "prediction", 9, "great", null));
    in.add(RowFactory.create(2L, ts, "dashboard", 4, "great", null));
    in.add(RowFactory.create(3L, ts, "prediction", 4, "great", "\"just a string\""));
    in.add(RowFactory.create(4L, ts, "prediction", 4, "great", null));
    Dataset<Row> out = FeedbackJob.classify(TestEnv.spark().createDataFrame(in, schema),
        new SentimentAnalyzer(1, 0.15, 100), Instant.parse("2026-11-11T00:00:00Z"), 2);
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
    try (Connection c = db.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT id FROM user_feedback WHERE requires_review ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids.toString();
  }

  static Map<Long, String[]> rows(Database db) throws Exception {
    Map<Long, String[]> m = new HashMap<>();
    try (Connection c = db.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT id, sentiment, processing_status, failure_reason, language, "
             + "sentiment_score, processed_at, text_sentiment_score, requires_review FROM user_feedback")) {
      while (rs.next()) {
        m.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)});
      }
    }
    return m;
  }

  static String rowsAsText(Map<Long, String[]> m) {
    StringBuilder sb = new StringBuilder();
    new java.util.TreeMap<>(m).forEach((k, v) -> sb.append(k).append(java.util.Arrays.toString(v)).append('\n'));
    return sb.toString();
  }
}
