package io.vigia.jobs.improvements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.Jdbc;
import io.vigia.common.testing.TestEnv;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The improvements job on evidence rows inserted directly (as the drift, experiments, feedback, costs
 * and cache jobs would write them, per the contract schema): each rule fires where its evidence is,
 * nothing where it is not, re-runs add no duplicates and never touch the human-owned columns.
 */
class ImprovementsJobTest {
  static final Window W1 = Window.of("2026-11-01", "2026-11-08");
  static final Window W2 = Window.of("2026-11-08", "2026-11-15");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-16T00:00:00Z"), ZoneOffset.UTC);

  static void feedback(
      Statement st, String tenant, String model, String target, int n, int negative, String day)
      throws Exception {
    st.execute(
        "INSERT INTO user_feedback (tenant_id, user_id, target_type, target_id, model_id, rating, created_at) "
            + "SELECT '" + tenant + "', 'u', '" + target + "', 'x' || g, "
            + (model == null ? "NULL" : "'" + model + "'")
            + ", CASE WHEN g <= " + negative + " THEN 1 ELSE 5 END, TIMESTAMPTZ '" + day
            + "T12:00:00Z' "
            + "FROM generate_series(1, " + n + ") g");
  }

  static void evidence(Statement st) throws Exception {
    // t1/m1: drift 0.6, MAPE doubled, 40 of 60 prediction ratings negative -> model_retrain
    st.execute(
        "INSERT INTO model_performance_metrics (tenant_id, model_id, model_version, period_start, period_end, "
            + "sample_size, mape, reference_mape, drift_score) VALUES "
            + "('t1', 'm1', 'v1', '2026-11-01', '2026-11-08', 500, 0.30, 0.15, 0.6), "
            + "('t2', 'm1', 'v1', '2026-11-01', '2026-11-08', 500, 0.30, 0.15, 0.6)");
    feedback(st, "t1", "m1", "prediction", 60, 40, "2026-11-03");
    // t2/m1: the same drift, but happy users -> no model_retrain
    feedback(st, "t2", "m1", "prediction", 60, 3, "2026-11-03");
    // t1/m1: 1 of 8 features drifted -> feature_engineering
    for (int i = 0; i < 8; i++) {
      st.execute(
          "INSERT INTO feature_drift_metrics (tenant_id, model_id, model_version, period_start, period_end, "
              + "feature, feature_kind, reference_count, current_count, ks_statistic, psi, drifted) VALUES ('t1', 'm1', "
              + "'v1', '2026-11-01', '2026-11-08', 'f" + i + "', 'numeric', 500, 500, "
              + (i == 0 ? "0.4, 0.9, true" : "0.02, 0.01, false")
              + ")");
    }
    // t3/m3: explanations disliked, predictions fine -> prompt_optimization
    feedback(st, "t3", "m3", "explanation", 50, 35, "2026-11-04");
    feedback(st, "t3", "m3", "prediction", 50, 4, "2026-11-04");
    // t4: cost doubled against the preceding week, semantic cache hit rate 2.5% ->
    // cost_optimization, cache_tuning
    st.execute(
        "INSERT INTO cost_tracking (tenant_id, cost_type, service, model, usage_date, billing_period, usage_units, "
            + "unit_type, total_cost_usd, pricing_status, event_count) VALUES "
            + "('t4', 'llm_api', 'openai', 'gpt-4o', '2026-10-28', '2026-10-01', 1, 'tokens', 100, 'priced', 3000), "
            + "('t4', 'llm_api', 'openai', 'gpt-4o', '2026-11-03', '2026-11-01', 1, 'tokens', 200, 'priced', 6000), "
            + "('t5', 'llm_api', 'openai', 'gpt-4o', '2026-10-28', '2026-10-01', 1, 'tokens', 100, 'priced', 3000), "
            + "('t5', 'llm_api', 'openai', 'gpt-4o', '2026-11-03', '2026-11-01', 1, 'tokens', 105, 'priced', 3000)");
    st.execute(
        "INSERT INTO cache_performance_metrics (tenant_id, cache_type, granularity, period_start, hits, misses, "
            + "hit_rate, cost_savings_usd) VALUES "
            + "('t4', 'llm_semantic', 'daily', '2026-11-02', 50, 1950, 0.025, 1.5), "
            + "('t4', 'llm_semantic', 'hourly', '2026-11-02 10:00', 50, 1950, 0.025, 1.5), "
            + "('t5', 'llm_semantic', 'daily', '2026-11-02', 600, 1400, 0.3, 9.0)");
    // t5: the cheaper treatment won -> cost_optimization for the control model
    st.execute(
        "INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, treatment_model_id, primary_metric, "
            + "status, started_at, winner, p_value, results_summary) VALUES ('e1', 't5', 'cheaper', 'm-old', 'm-new', "
            + "'mape', 'completed', '2026-10-20', 'treatment', 0.01, '{\"metrics\": {\"guardrail.cost_usd\": "
            + "{\"control\": {\"n\": 400, \"mean\": 0.002}, \"treatment\": {\"n\": 400, \"mean\": 0.0012}}}}')");
  }

  static Map<String, String[]> suggestions(Database db) throws Exception {
    Map<String, String[]> m = new TreeMap<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT tenant_id, model_id, suggestion_type, status, approved_by, priority, "
                + "confidence_score, window_start, evidence->>'rule', issue_identified FROM improvement_suggestions")) {
      while (rs.next()) {
        String k = rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3);
        if (m.put(k, new String[] {
              rs.getString(4),
              rs.getString(5),
              rs.getString(6),
              rs.getString(7),
              rs.getString(8),
              rs.getString(9),
              rs.getString(10)
            })
            != null) {
          throw new AssertionError("duplicate suggestion " + k);
        }
      }
    }
    return m;
  }

  @Test
  void rulesFireOnTheirEvidenceOnlyAndReRunsNeitherDuplicateNorOverwriteHumans() throws Exception {
    Database db = TestEnv.freshDatabase("improvements", true);
    Settings s = TestEnv.settings(db, TestEnv.tempDir("improvements"), Map.of());
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      evidence(st);
    }
    JobResult r =
        JobRunner.run(new ImprovementsJob(), TestEnv.spark(), s, db, W1, Optional.empty(), CLOCK);
    Map<String, String[]> got = suggestions(db);
    assertEquals(
        java.util.Set.of(
            "t1/m1/model_retrain",
            "t1/m1/feature_engineering",
            "t3/m3/prompt_optimization",
            "t4//cost_optimization",
            "t4//cache_tuning",
            "t5/m-old/cost_optimization"),
        got.keySet(),
        r.message());
    assertEquals("R1", got.get("t1/m1/model_retrain")[5]);
    assertTrue(got.get("t1/m1/model_retrain")[6].contains("MAPE rose from 0.150 to 0.300"));
    for (String[] v : got.values()) {
      double conf = Double.parseDouble(v[3]);
      assertTrue(conf > 0 && conf < 1, "confidence " + conf);
      assertEquals("pending", v[0]);
    }

    // a human approves one suggestion; the re-run keeps the approval and adds nothing
    Jdbc.exec(
        db,
        "UPDATE improvement_suggestions SET status = 'approved', approved_by = 'ana', approved_at = now() "
            + "WHERE tenant_id = 't1' AND suggestion_type = 'model_retrain'");
    JobRunner.run(new ImprovementsJob(), TestEnv.spark(), s, db, W1, Optional.empty(), CLOCK);
    Map<String, String[]> again = suggestions(db);
    assertEquals(got.keySet(), again.keySet());
    assertEquals("approved", again.get("t1/m1/model_retrain")[0]);
    assertEquals("ana", again.get("t1/m1/model_retrain")[1]);

    // next week, explanations still disliked: the open suggestion is updated, not duplicated
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      feedback(st, "t3", "m3", "explanation", 80, 60, "2026-11-10");
    }
    JobRunner.run(new ImprovementsJob(), TestEnv.spark(), s, db, W2, Optional.empty(), CLOCK);
    Map<String, String[]> w2 = suggestions(db);
    assertTrue(
        w2.get("t3/m3/prompt_optimization")[6].contains("(80 rated)"),
        w2.get("t3/m3/prompt_optimization")[6]);
    assertTrue(w2.get("t3/m3/prompt_optimization")[4].startsWith(
        "2026-11-01")); // keeps its first window key
    assertEquals(got.keySet(), w2.keySet());
    assertEquals(6, Jdbc.count(db, "SELECT count(*) FROM improvement_suggestions"));

    // the evidence of a pending and of an approved suggestion goes away and the first week runs
    // again: the pending one is deleted (the upsert's stale condition: pending, of this window,
    // bound as parameters), the approved one stays
    Jdbc.exec(db, "DELETE FROM cache_performance_metrics WHERE tenant_id = 't4'");
    Jdbc.exec(db, "DELETE FROM model_performance_metrics WHERE tenant_id = 't1'");
    JobRunner.run(new ImprovementsJob(), TestEnv.spark(), s, db, W1, Optional.empty(), CLOCK);
    Map<String, String[]> after = suggestions(db);
    java.util.Set<String> expected = new java.util.TreeSet<>(got.keySet());
    expected.remove("t4//cache_tuning");
    assertEquals(expected, after.keySet());
    assertEquals("approved", after.get("t1/m1/model_retrain")[0]);
  }
}
