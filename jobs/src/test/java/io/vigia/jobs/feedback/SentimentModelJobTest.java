package io.vigia.jobs.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * End to end through the feedback job: t1's rated Spanish comments of the weeks before the period
 * (its own words, which the lexicon does not know) train a model that beats the lexicon, registered in
 * feedback_sentiment_models and saved under the lake; t1's unrated comments in its words are labelled
 * by it; t2 (the control: comments the lexicon reads) keeps the lexicon; a second run in the same
 * period re-uses the saved model without fitting and labels the same text the same way.
 */
class SentimentModelJobTest {
  static final Window DAY1 = Window.of("2026-11-10", "2026-11-11");
  static final Window DAY2 = Window.of("2026-11-11", "2026-11-12");

  static void insertAll(Connection c, List<Row> rows, String createdBase) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO user_feedback (id, tenant_id, user_id, target_type, "
            + "target_id, model_id, rating, comment, created_at) VALUES (?, ?, 'u1', 'prediction', ?, 'm1', ?, ?, "
            + "?::timestamptz + (? * interval '1 minute'))")) {
      int i = 0;
      for (Row r : rows) {
        ps.setLong(1, r.getLong(0));
        ps.setString(2, r.getString(2));
        ps.setString(3, "p-" + r.getLong(0));
        ps.setObject(4, r.isNullAt(4) ? null : (short) r.getInt(4));
        ps.setString(5, r.getString(5));
        ps.setString(6, createdBase);
        ps.setInt(7, i++ % (60 * 24 * 20));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Test
  void learnsATenantsWordsUsesItOnlyWhereItBeatsTheLexiconAndReusesIt() throws Exception {
    Database db = TestEnv.freshDatabase("feedback_models", true);
    Path work = TestEnv.tempDir("feedback-models");
    Settings s = TestEnv.settings(db, work, Map.of());
    List<Row> history = new ArrayList<>();
    SentimentModelsTest.tenant(
        history, "t1", 1, 1000, SentimentModelsTest.JARGON_ES, SentimentModelsTest.FILL_ES, 1);
    SentimentModelsTest.tenant(history, "t2", 20_001, 1000, SentimentModelsTest.PLAIN_ES, null, 3);
    try (Connection c = db.connect()) {
      insertAll(c, history, "2026-10-19T00:00:00Z"); // 20 days before the week of 2026-11-09
      insertAll(
          c,
          List.of(
              row(100_001, "t1", "el lunes llegó tarde y faltaron cajas."),
              row(100_002, "t1", "el repartidor vino a las once."),
              row(100_003, "t1", "llegó a tiempo y el pedido vino completo."),
              row(100_004, "t2", "Excelente, funciona muy bien.")),
          "2026-11-10T08:00:00Z");
    }
    Clock clock = Clock.fixed(Instant.parse("2026-11-11T06:00:00Z"), ZoneOffset.UTC);
    long t0 = System.nanoTime();
    JobResult r =
        JobRunner.run(new FeedbackJob(), TestEnv.spark(), s, db, DAY1, Optional.empty(), clock);
    System.out.printf("run 1 in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, r.message());
    assertTrue(r.message().contains("sentiment models 2026-W46: t1 es: model ("), r.message());
    assertTrue(r.message().contains("t2 es: lexicon ("), r.message());
    String[] t1 = model(db, "t1");
    assertEquals("model", t1[0]);
    assertEquals("model_better", t1[1]);
    assertTrue(Files.isDirectory(Path.of(t1[2])), t1[2]);
    assertTrue(t1[2].contains("tenant=t1") && t1[2].endsWith("2026-W46"), t1[2]);
    assertTrue(Double.parseDouble(t1[3]) > Double.parseDouble(t1[4]), t1[3] + " vs " + t1[4]);
    assertEquals("2026-09-14T00:00:00Z 2026-11-09T00:00:00Z", t1[5]);
    assertEquals("lexicon", model(db, "t2")[0]);
    assertEquals("negative", sentiment(db, 100_002)); // no lexicon word: the model's
    assertEquals("negative", sentiment(db, 100_001));
    assertEquals("positive", sentiment(db, 100_003));
    assertEquals("positive", sentiment(db, 100_004));

    // same period, a day later: the saved model labels the same text the same way, nothing refitted
    try (Connection c = db.connect()) {
      insertAll(
          c, List.of(row(100_012, "t1", "el repartidor vino a las once.")), "2026-11-11T08:00:00Z");
    }
    clock = Clock.fixed(Instant.parse("2026-11-12T06:00:00Z"), ZoneOffset.UTC);
    JobResult r2 =
        JobRunner.run(new FeedbackJob(), TestEnv.spark(), s, db, DAY2, Optional.empty(), clock);
    System.out.println("run 2: " + r2.message());
    assertEquals(0L, r2.outputs().get(SentimentModels.TABLE));
    assertEquals(sentiment(db, 100_002), sentiment(db, 100_012));
    assertEquals(score(db, 100_002), score(db, 100_012));
    assertFalse(r2.message().contains("t2"), r2.message());
  }

  static Row row(long id, String tenant, String comment) {
    return org.apache.spark.sql.RowFactory.create(
        id, null, tenant, "prediction", null, comment, null);
  }

  static String[] model(Database db, String tenant) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT analyser, reason, model_path, model_f1, lexicon_f1, train_from, train_to"
                + " FROM feedback_sentiment_models WHERE tenant_id = ? AND language = 'es'")) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), tenant);
        return new String[] {
          rs.getString(1),
          rs.getString(2),
          rs.getString(3),
          rs.getString(4),
          rs.getString(5),
          rs.getTimestamp(6).toInstant() + " " + rs.getTimestamp(7).toInstant()
        };
      }
    }
  }

  static String sentiment(Database db, long id) throws Exception {
    return one(db, "SELECT sentiment FROM user_feedback WHERE id = ?", id);
  }

  static String score(Database db, long id) throws Exception {
    return one(db, "SELECT sentiment_score::text FROM user_feedback WHERE id = ?", id);
  }

  private static String one(Database db, String sql, long id) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), sql + " " + id);
        return rs.getString(1);
      }
    }
  }
}
