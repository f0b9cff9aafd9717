package io.vigia.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigia.common.settings.DriftSettings;
import io.vigia.common.settings.Settings;
import io.vigia.common.stats.Moments;
import io.vigia.common.stats.PopulationStabilityIndex;
import io.vigia.jobs.drift.ModelAssessment.PerformanceChange;
import io.vigia.jobs.drift.ModelAssessment.Scores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The pure assessment on hand-built records (no Spark, no generator): alert decisions at their
 * thresholds, Benjamini-Hochberg across a model's features, the feature kind and bad values, and the
 * scores.
 */
class DriftAssessmentTest {
  static final Instant WINDOW_END = Instant.parse("2026-03-08T00:00:00Z");
  /** min-sample-size 100, fdr-alpha 0.05, KS 0.1, PSI 0.2, 10 bins, MAPE +15 %, accuracy -5 %. */
  static final DriftSettings SETTINGS = Settings.load(
          Optional.empty(),
          Map.of(),
          Map.of(
              "vigia.drift.min-sample-size",
              "100",
              "vigia.drift.fdr-alpha",
              "0.05",
              "vigia.drift.ks-threshold",
              "0.1",
              "vigia.drift.psi-threshold",
              "0.2",
              "vigia.drift.n-bins",
              "10",
              "vigia.drift.in-memory-key-values",
              "1000000",
              "vigia.drift.mape-threshold",
              "0.15",
              "vigia.drift.accuracy-threshold",
              "0.05",
              "vigia.drift.quality-alert-share",
              "0.05"))
      .drift();

  static final ModelKey MODEL = new ModelKey("t1", "m", "v1");
  static final ModelWindowStats PREDICTIONS = new ModelWindowStats(
      MODEL, Moments.of(1000, 5, 999 * 4.0, 0, 10), Moments.of(1000, 5, 999 * 4.0, 0, 10));

  static Scores combined(double score) {
    return new Scores(Double.NaN, Double.NaN, Double.NaN, score);
  }

  static PerformanceChange performance(double mapeRise, double accuracyDrop, long outcomes) {
    Performance p = new Performance(outcomes, 1, 1, 0.1, 0.1, 0.9, 0, 0);
    return new PerformanceChange(
        p,
        p,
        false,
        0.1,
        0.1,
        0.1,
        SETTINGS.sufficient(outcomes, outcomes),
        mapeRise,
        accuracyDrop);
  }

  static final PerformanceChange NO_OUTCOMES = performance(Double.NaN, Double.NaN, 0);

  @Test
  void driftAlertsPassTheirScoreThresholdsStrictly() {
    assertThat(DriftAssessment.alerts(true, 0, combined(0.4), NO_OUTCOMES, SETTINGS, WINDOW_END))
        .isEmpty();
    assertThat(DriftAssessment.alerts(
            true, 0, combined(Double.NaN), NO_OUTCOMES, SETTINGS, WINDOW_END))
        .isEmpty();

    AlertDecision high = DriftAssessment.alerts(
            true, 0, combined(0.41), NO_OUTCOMES, SETTINGS, WINDOW_END)
        .get(0);
    assertThat(high)
        .isEqualTo(new AlertDecision(
            "drift_detected", "high", 0.41, false, WINDOW_END.plus(Duration.ofDays(7)), null));
    assertThat(DriftAssessment.alerts(true, 0, combined(0.7), NO_OUTCOMES, SETTINGS, WINDOW_END)
            .get(0)
            .severity())
        .isEqualTo("high");

    AlertDecision critical = DriftAssessment.alerts(
            true, 0, combined(0.71), NO_OUTCOMES, SETTINGS, WINDOW_END)
        .get(0);
    assertThat(critical)
        .isEqualTo(new AlertDecision(
            "drift_detected", "critical", 0.71, true, WINDOW_END.plus(Duration.ofDays(1)), null));

    // drifted features with a low score: medium, no deadline, a note
    AlertDecision medium = DriftAssessment.alerts(
            true, 2, combined(0.3), NO_OUTCOMES, SETTINGS, WINDOW_END)
        .get(0);
    assertThat(medium.severity()).isEqualTo("medium");
    assertThat(medium.score()).isEqualTo(0.3);
    assertThat(medium.retrainingTriggered()).isFalse();
    assertThat(medium.retrainingDueBy()).isNull();
    assertThat(medium.note()).contains("features drifted");

    // a model without enough predictions raises nothing
    assertThat(DriftAssessment.alerts(
            false, 2, combined(0.9), performance(10, 10, 1000), SETTINGS, WINDOW_END))
        .isEmpty();
  }

  @Test
  void performanceAlertsScaleWithHowFarPastTheThresholdTheChangeIs() {
    assertThat(DriftAssessment.alerts(
            true, 0, combined(0.1), performance(0.15, Double.NaN, 1000), SETTINGS, WINDOW_END))
        .isEmpty();
    assertThat(severities(performance(0.16, Double.NaN, 1000))).containsExactly("medium");
    assertThat(severities(performance(0.31, Double.NaN, 1000))).containsExactly("high");
    assertThat(severities(performance(0.61, Double.NaN, 1000))).containsExactly("critical");
    // accuracy drop against its own threshold; the larger excess decides
    assertThat(severities(performance(0.16, 0.11, 1000))).containsExactly("high");
    assertThat(severities(performance(Double.NaN, 0.051, 1000))).containsExactly("medium");
    // too few joined outcomes on a side: no performance alert
    assertThat(severities(performance(0.61, 0.5, 99))).isEmpty();

    AlertDecision a = DriftAssessment.alerts(
            true, 0, combined(0.1), performance(0.16, Double.NaN, 1000), SETTINGS, WINDOW_END)
        .get(0);
    assertThat(a.type()).isEqualTo("performance_degradation");
    assertThat(a.score()).isEqualTo(0.1);
    assertThat(DriftAssessment.alerts(
                true,
                0,
                combined(Double.NaN),
                performance(0.16, Double.NaN, 1000),
                SETTINGS,
                WINDOW_END)
            .get(0)
            .score())
        .isNull();
  }

  static List<String> severities(PerformanceChange p) {
    return DriftAssessment.alerts(true, 0, combined(0.1), p, SETTINGS, WINDOW_END).stream()
        .map(AlertDecision::severity)
        .toList();
  }

  static FeatureDriftInput numeric(String name, long n, double ksStatistic, double ksPValue) {
    long[] bins = {n / 2, n - n / 2};
    return new FeatureDriftInput(
        name,
        new NumericCounts(n, n, 0, 0),
        new TreeMap<>(),
        new SortedPassResult(ksStatistic, ksPValue, "asymp", bins, bins));
  }

  @Test
  void benjaminiHochbergAdjustsAcrossTheSufficientFeaturesOnly() {
    List<FeatureAssessment> f = DriftAssessment.assessFeatures(
        PREDICTIONS,
        List.of(
            numeric("a", 1000, 0.30, 0.01),
            numeric("b", 1000, 0.30, 0.04),
            numeric("c", 1000, 0.05, 0.30),
            numeric("tiny", 50, 0.90, 0.0001)),
        SETTINGS);
    // m = 3 (tiny is insufficient): q = 0.01 * 3/1, min(0.04 * 3/2, 0.30), 0.30
    assertThat(f.get(0).pValueAdjusted()).isCloseTo(0.03, within(1e-15));
    assertThat(f.get(1).pValueAdjusted()).isCloseTo(0.06, within(1e-15));
    assertThat(f.get(2).pValueAdjusted()).isCloseTo(0.30, within(1e-15));
    assertThat(f.get(3).pValueAdjusted()).isNaN();
    assertThat(f)
        .extracting(FeatureAssessment::significant)
        .containsExactly(true, false, false, false);
    // b's D is large, but its adjusted p is not significant; tiny is never drifted
    assertThat(f).extracting(FeatureAssessment::drifted).containsExactly(true, false, false, false);
    assertThat(f)
        .extracting(FeatureAssessment::sufficient)
        .containsExactly(true, true, true, false);

    // significant but neither D nor PSI over its threshold: not drifted
    List<FeatureAssessment> small = DriftAssessment.assessFeatures(
        PREDICTIONS, List.of(numeric("a", 100_000, 0.05, 1e-9)), SETTINGS);
    assertThat(small.get(0).significant()).isTrue();
    assertThat(small.get(0).drifted()).isFalse();
  }

  @Test
  void aFeatureIsOfTheKindMostOfItsValuesAreAndTheOthersAreWrongType() {
    TreeMap<String, CategoryCounts> categories =
        new TreeMap<>(Map.of("x", new CategoryCounts(10, 20), "y", new CategoryCounts(5, 0)));
    FeatureDriftInput mixed = new FeatureDriftInput(
        "f",
        new NumericCounts(600, 700, 3, 4),
        categories,
        new SortedPassResult(0.2, 0.001, "exact", new long[] {300, 300}, new long[] {200, 500}));
    FeatureAssessment a = DriftAssessment.testFeature(mixed, PREDICTIONS, SETTINGS);
    assertThat(a.numeric()).isTrue();
    assertThat(a.referenceCount()).isEqualTo(600);
    assertThat(a.currentCount()).isEqualTo(700);
    // missing = predictions - numeric (with NaN) - categorical values
    assertThat(a.quality())
        .isEqualTo(
            new FeatureAssessment.FeatureQuality(1000 - 603 - 15, 1000 - 704 - 20, 15, 20, 4));
    assertThat(a.psi())
        .isEqualTo(
            PopulationStabilityIndex.fromCounts(new long[] {300, 300}, new long[] {200, 500}));
    assertThat(a.testPValue()).isEqualTo(0.001);
    assertThat(a.chi2PValue()).isNaN();

    FeatureDriftInput categorical =
        new FeatureDriftInput("g", new NumericCounts(1, 0, 0, 0), categories, null);
    FeatureAssessment c = DriftAssessment.testFeature(categorical, PREDICTIONS, SETTINGS);
    assertThat(c.numeric()).isFalse();
    assertThat(c.kind()).isEqualTo("categorical");
    assertThat(c.referenceCount()).isEqualTo(15);
    assertThat(c.currentCount()).isEqualTo(20);
    assertThat(c.quality().wrongTypeReference()).isEqualTo(1);
    assertThat(c.quality().nanCurrent()).isZero();
    assertThat(c.ksStatistic()).isNaN();
    assertThat(c.testPValue()).isEqualTo(c.chi2PValue()).isBetween(0.0, 1.0);
  }

  @Test
  void scoresFollowTheRampsAndTheWeights() {
    // a: D 0.15 -> ramp 0.75 (PSI of equal bins is 0), significant; b: D 0.3 -> 1.0 but not
    // significant
    ModelDriftInput input = new ModelDriftInput(
        PREDICTIONS,
        List.of(numeric("a", 1000, 0.15, 0.001), numeric("b", 1000, 0.3, 0.5)),
        new SortedPassResult(0.05, 0.01, "asymp", new long[] {500, 500}, new long[] {500, 500}),
        new ErrorSums(1000, 100, 20, 1000, 100, 0, 150, 0, 0),
        new ErrorSums(1000, 150, 40, 1000, 140, 0, 200, 0, 0),
        0);
    ModelAssessment m = DriftAssessment.assessModel(input, SETTINGS, WINDOW_END);
    assertThat(m.scores().data()).isCloseTo(0.75, within(1e-15));
    // prediction: KS p 0.01 <= alpha, D 0.05 -> 0.25
    assertThat(m.scores().prediction()).isCloseTo(0.25, within(1e-15));
    // concept: MAPE 0.10 -> 0.14 (+40 %, past twice the threshold) -> 1.0
    assertThat(m.performance().mape()).isCloseTo(0.14, within(1e-15));
    assertThat(m.performance().mapeRelativeChange()).isCloseTo(0.4, within(1e-12));
    assertThat(m.scores().concept()).isCloseTo(1.0, within(1e-12));
    assertThat(m.scores().combined())
        .isCloseTo(0.40 * 1.0 + 0.35 * 0.75 + 0.25 * 0.25, within(1e-12));
    assertThat(m.featuresDrifted()).isEqualTo(1);
    assertThat(m.alerts())
        .extracting(AlertDecision::type, AlertDecision::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("drift_detected", "critical"),
            org.assertj.core.groups.Tuple.tuple("performance_degradation", "high"));

    // no feature significant: data score 0; no feature sufficient: NaN and the other weights
    // renormalise
    assertThat(DriftAssessment.dataScore(DriftAssessment.assessFeatures(
            PREDICTIONS, List.of(numeric("b", 1000, 0.3, 0.5)), SETTINGS)))
        .isZero();
    assertThat(DriftAssessment.dataScore(DriftAssessment.assessFeatures(
            PREDICTIONS, List.of(numeric("tiny", 10, 0.3, 0.001)), SETTINGS)))
        .isNaN();
  }

  @Test
  void aModelWithoutEnoughPredictionsHasNoDataOrPredictionScore() {
    ModelWindowStats few = new ModelWindowStats(
        MODEL, Moments.of(50, 5, 49.0, 0, 10), Moments.of(1000, 5, 999.0, 0, 10));
    ModelAssessment m = DriftAssessment.assessModel(
        new ModelDriftInput(
            few,
            List.of(numeric("a", 1000, 0.5, 1e-9)),
            new SortedPassResult(0.5, 1e-9, "asymp", new long[] {25, 25}, new long[] {0, 1000}),
            null,
            null,
            0),
        SETTINGS,
        WINDOW_END);
    assertThat(m.sufficient()).isFalse();
    assertThat(m.scores().data()).isNaN();
    assertThat(m.scores().prediction()).isNaN();
    assertThat(m.scores().combined()).isNaN();
    assertThat(m.alerts()).isEmpty();
    assertThat(m.performance().current()).isEqualTo(Performance.NONE);
  }
}
