package io.vigia.jobs.improvements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigia.common.json.Json;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.improvements.Rules.Cache;
import io.vigia.jobs.improvements.Rules.Cost;
import io.vigia.jobs.improvements.Rules.ErrorSlice;
import io.vigia.jobs.improvements.Rules.Evidence;
import io.vigia.jobs.improvements.Rules.Experiment;
import io.vigia.jobs.improvements.Rules.FeatureDrift;
import io.vigia.jobs.improvements.Rules.FeedbackStats;
import io.vigia.jobs.improvements.Rules.ModelPerf;
import io.vigia.jobs.improvements.Rules.RisingTheme;
import io.vigia.jobs.improvements.Rules.Signal;
import io.vigia.jobs.improvements.Rules.Suggestion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each rule fires on its evidence, stays silent without it, and grows more confident with more data. */
class RulesTest {
  static final Settings S = Settings.defaults();

  static FeedbackStats fb(String target, long n, double negShare) {
    return new FeedbackStats("t1", "m1", target, n, n, Math.round(n * negShare), n / 4);
  }

  static ModelPerf perf(long n, double drift) {
    return new ModelPerf("t1", "m1", 7, "v1", n, drift, 0.30, 0.15, null, null);
  }

  @Test
  void confidenceIsANoisyOrOfSignalReliabilities() {
    Signal a = new Signal("a", 0.8, 100, 100, Map.of());
    Signal b = new Signal("b", 0.5, 300, 100, Map.of());
    // a: 0.8 * 100/200 = 0.4; b: 0.5 * 300/400 = 0.375; 1 - 0.6 * 0.625 = 0.625
    assertEquals(0.625, Rules.confidence(List.of(a, b)), 1e-12);
    assertEquals(0.4, Rules.confidence(List.of(a)), 1e-12);
    assertEquals("low", Rules.priority(1, a));
    assertEquals("medium", Rules.priority(3, a)); // 3 x 1
    assertEquals("high", Rules.priority(3, b)); // 300 = 3 n0 -> volume 2: 6
    assertEquals("critical", Rules.priority(3, new Signal("c", 1, 1000, 100, Map.of()))); // 3 x 3
  }

  @Test
  void modelRetrainNeedsDriftAndNegativeFeedback() {
    Signal neg = Rules.negativeFeedback(fb("prediction", 60, 0.7), S);
    assertNotNull(neg);
    Suggestion s = Rules.modelRetrain("t1", "m1", perf(500, 0.6), null, neg, S);
    assertNotNull(s);
    assertEquals("model_retrain", s.type());
    assertEquals(0.5, s.expectedImprovement(), 1e-12); // (0.30 - 0.15) / 0.30
    assertEquals(4, s.steps().size());
    // silent: drift without negative feedback, negative feedback without drift, low drift
    assertNull(Rules.modelRetrain("t1", "m1", perf(500, 0.6), null, null, S));
    assertNull(Rules.modelRetrain("t1", "m1", null, null, neg, S));
    assertNull(Rules.modelRetrain("t1", "m1", perf(500, 0.2), null, neg, S));
    // too little feedback, or a share whose Wilson lower bound is not above 0.30
    assertNull(Rules.negativeFeedback(fb("prediction", 20, 0.9), S));
    assertNull(Rules.negativeFeedback(fb("prediction", 60, 0.38), S));
    // an alert alone (no drift score) with negative feedback fires
    assertNotNull(Rules.modelRetrain(
        "t1",
        "m1",
        null,
        new Rules.Alert("t1", "m1", 3, "performance_degradation", "high", null),
        neg,
        S));
    // more data -> more confidence
    Suggestion big = Rules.modelRetrain(
        "t1",
        "m1",
        perf(5000, 0.6),
        null,
        Rules.negativeFeedback(fb("prediction", 600, 0.7), S),
        S);
    assertTrue(big.confidence() > s.confidence(), big.confidence() + " vs " + s.confidence());
    // an agreeing alert raises it too
    Suggestion both = Rules.modelRetrain(
        "t1",
        "m1",
        perf(500, 0.6),
        new Rules.Alert("t1", "m1", 3, "drift_detected", "high", 0.6),
        neg,
        S);
    assertTrue(both.confidence() > s.confidence());
  }

  @Test
  void featureEngineeringNeedsConcentratedDrift() {
    Suggestion s = Rules.featureEngineering(
        "t1", "m1", new FeatureDrift("t1", "m1", 8, List.of("price"), 0.5, 0.3, 400), null, S);
    assertNotNull(s);
    assertTrue(s.issue().contains("price"));
    assertNull(Rules.featureEngineering(
        "t1",
        "m1",
        new FeatureDrift("t1", "m1", 8, List.of("a", "b", "c"), 0.5, 0.3, 400),
        null,
        S)); // 3 of 8: not concentrated
    assertNull(Rules.featureEngineering(
        "t1", "m1", new FeatureDrift("t1", "m1", 8, List.of(), 0, 0, 0), null, S));
    Suggestion big = Rules.featureEngineering(
        "t1", "m1", new FeatureDrift("t1", "m1", 8, List.of("price"), 0.5, 0.3, 4000), null, S);
    assertTrue(big.confidence() > s.confidence());
  }

  @Test
  void promptOptimizationNeedsNegativeFeedbackConcentratedOnExplanationsOrActions() {
    Suggestion s = Rules.promptOptimization(
        "t1", "m1", fb("explanation", 50, 0.7), null, fb("prediction", 50, 0.1), S);
    assertNotNull(s);
    assertEquals("prompt_optimization", s.type());
    assertNull(Rules.promptOptimization("t1", "m1", fb("explanation", 50, 0.1), null, null, S));
    // predictions are as bad: not concentrated on explanations
    assertNull(Rules.promptOptimization(
        "t1", "m1", fb("explanation", 50, 0.7), null, fb("prediction", 50, 0.8), S));
    Suggestion big = Rules.promptOptimization(
        "t1", "m1", fb("explanation", 500, 0.7), null, fb("prediction", 50, 0.1), S);
    assertTrue(big.confidence() > s.confidence());
  }

  @Test
  void costOptimizationOnGrowthOrACheaperWinner() {
    Suggestion g = Rules.costGrowth(new Cost("t1", 200, 100, 2000), S);
    assertNotNull(g);
    assertEquals(0.5, g.expectedImprovement(), 1e-12); // going back to 100 of 200
    assertNull(Rules.costGrowth(new Cost("t1", 110, 100, 2000), S));
    assertNull(Rules.costGrowth(new Cost("t1", 200, 0, 2000), S));
    assertTrue(Rules.costGrowth(new Cost("t1", 200, 100, 20000), S).confidence() > g.confidence());

    Suggestion e = Rules.cheaperWinner(
        new Experiment("t1", "e1", "treatment", "m-old", "m-new", 0.002, 0.001, 300, 300, 0.01), S);
    assertNotNull(e);
    assertEquals("m-old", e.modelId());
    assertEquals(0.5, e.expectedImprovement(), 1e-12);
    assertNull(Rules.cheaperWinner(
        new Experiment("t1", "e1", "control", "m-old", "m-new", 0.002, 0.001, 300, 300, 0.01), S));
    assertNull(Rules.cheaperWinner(
        new Experiment("t1", "e1", "treatment", "m-old", "m-new", 0.001, 0.002, 300, 300, 0.01),
        S));
    assertTrue(Rules.cheaperWinner(
                new Experiment(
                    "t1", "e1", "treatment", "m-old", "m-new", 0.002, 0.001, 3000, 3000, 0.01),
                S)
            .confidence()
        > e.confidence());
  }

  @Test
  void cacheTuningOnALowSemanticHitRate() {
    Suggestion c = Rules.cacheTuning(new Cache("t1", "daily", 50, 1950, 5.0), null, S);
    assertNotNull(c);
    assertEquals(0.15 - 0.025, c.expectedImprovement(), 1e-12);
    assertNull(Rules.cacheTuning(new Cache("t1", "daily", 500, 1500, 5.0), null, S)); // 25% >= 15%
    assertNull(Rules.cacheTuning(new Cache("t1", "daily", 5, 95, 5.0), null, S)); // too few lookups
    assertTrue(
        Rules.cacheTuning(new Cache("t1", "daily", 500, 19500, 5.0), null, S).confidence()
            > c.confidence());
    // cost growth agrees
    assertTrue(Rules.cacheTuning(
                new Cache("t1", "daily", 50, 1950, 5.0), new Cost("t1", 200, 100, 2000), S)
            .confidence()
        > c.confidence());
  }

  static Evidence withSlice(List<FeedbackStats> feedback, List<ModelPerf> perf, ErrorSlice slice) {
    return evidence(feedback, perf, List.of(slice), List.of());
  }

  static Evidence withTheme(List<FeedbackStats> feedback, List<ModelPerf> perf, RisingTheme theme) {
    return evidence(feedback, perf, List.of(), List.of(theme));
  }

  static Evidence evidence(
      List<FeedbackStats> feedback,
      List<ModelPerf> perf,
      List<ErrorSlice> slices,
      List<RisingTheme> themes) {
    return new Evidence(
        feedback, perf, List.of(), List.of(), List.of(), List.of(), List.of(), slices, themes);
  }

  /** An error slice alone gives R7 citing it; with drift and negative feedback the retrain cites it too. */
  @Test
  void anErrorSliceIsCited() {
    ErrorSlice slice = new ErrorSlice(
        "t1",
        "m1",
        9,
        "store_region = norte and price > 120",
        "relative_error",
        0.41,
        0.09,
        0.18,
        900,
        1e-6);
    List<Suggestion> alone = Rules.evaluate(withSlice(List.of(), List.of(), slice), S);
    // as ImprovementsJob reads it: to_jsonb of the error_slices row, names in snake case
    assertEquals(
        slice,
        Json.MAPPER.convertValue(
            Json.read("{\"tenant_id\": \"t1\", \"model_id\": \"m1\", \"id\": 9, \"slice\": "
                + "\"store_region = norte and price > 120\", \"metric\": \"relative_error\", "
                + "\"error_in_slice\": 0.41, \"error_rest\": 0.09, \"share\": 0.18, \"support\": 900, "
                + "\"p_adjusted\": 1e-6}"),
            ErrorSlice.class));
    assertEquals(1, alone.size());
    Suggestion r7 = alone.get(0);
    assertEquals("feature_engineering", r7.type());
    assertEquals("R7", r7.rule());
    assertEquals(
        "m1 of t1: MAPE 0.41 in store_region = norte and price > 120, 0.09 elsewhere: 18 % of traffic",
        r7.issue());
    // 0.18 x 0.32 / (0.18 x 0.41 + 0.82 x 0.09)
    assertEquals(0.0576 / (0.0738 + 0.0738), r7.expectedImprovement(), 1e-12);
    assertEquals((0.41 - 0.09) / 0.41, r7.main().strength(), 1e-12);

    List<Suggestion> withDrift = Rules.evaluate(
        withSlice(List.of(fb("prediction", 60, 0.7)), List.of(perf(500, 0.6)), slice), S);
    Suggestion retrain = withDrift.stream()
        .filter(x -> x.type().equals("model_retrain"))
        .findFirst()
        .orElseThrow();
    assertTrue(retrain.issue().endsWith("; error concentrated: " + slice.sentence()));
    Signal cited = retrain.signals().stream()
        .filter(x -> x.name().equals("error_slice"))
        .findFirst()
        .orElseThrow();
    assertEquals(9L, cited.rows().get("error_slices.id"));
    assertEquals(0.18, cited.rows().get("share"));
    assertEquals("store_region = norte and price > 120", cited.rows().get("slice"));
  }

  /** A rising feedback theme alone gives R8 citing it; with drift and negative feedback the retrain cites it. */
  @Test
  void aRisingThemeIsCited() {
    RisingTheme theme =
        new RisingTheme("t1", "m1", 7, "entrega, tarde, pedido", 0.21, 0.03, 45, 1e-5);
    // as ImprovementsJob reads it: to_jsonb of the feedback_themes row, names in snake case
    assertEquals(
        theme,
        Json.MAPPER.convertValue(
            Json.read("{\"tenant_id\": \"t1\", \"model_id\": \"m1\", \"id\": 7, \"terms\": "
                + "\"entrega, tarde, pedido\", \"share\": 0.21, \"previous_share\": 0.03, \"count\": 45, "
                + "\"p_adjusted\": 1e-5}"),
            RisingTheme.class));
    List<Suggestion> alone = Rules.evaluate(withTheme(List.of(), List.of(), theme), S);
    assertEquals(1, alone.size());
    Suggestion r8 = alone.get(0);
    assertEquals("prompt_optimization", r8.type());
    assertEquals("R8", r8.rule());
    assertEquals(
        "m1 of t1: negative feedback about \"entrega, tarde, pedido\" rose from 3 % to 21 % of negative "
            + "comments (45 comments)",
        r8.issue());
    assertEquals(0.18, r8.expectedImprovement(), 1e-12);
    assertEquals(7L, r8.main().rows().get("feedback_themes.id"));

    List<Suggestion> withDrift = Rules.evaluate(
        withTheme(List.of(fb("prediction", 60, 0.7)), List.of(perf(500, 0.6)), theme), S);
    assertTrue(withDrift.stream().noneMatch(x -> "R8".equals(x.rule())));
    Suggestion retrain = withDrift.stream()
        .filter(x -> x.type().equals("model_retrain"))
        .findFirst()
        .orElseThrow();
    assertTrue(retrain.issue().endsWith("; users complain increasingly: " + theme.sentence()));
    assertTrue(retrain.signals().stream().anyMatch(x -> x.name().equals("rising_feedback_theme")));
    // a theme of another model is not cited by m1's suggestions: m2 gets its own R8
    RisingTheme other = new RisingTheme("t1", "m2", 8, "app, falla", 0.3, 0.1, 30, 1e-4);
    List<Suggestion> two = Rules.evaluate(
        withTheme(List.of(fb("prediction", 60, 0.7)), List.of(perf(500, 0.6)), other), S);
    assertTrue(two.stream()
        .filter(x -> x.modelId().equals("m1"))
        .noneMatch(x -> x.issue().contains("complain")));
    assertEquals(
        List.of("R8"),
        two.stream().filter(x -> x.modelId().equals("m2")).map(Suggestion::rule).toList());
  }
}
