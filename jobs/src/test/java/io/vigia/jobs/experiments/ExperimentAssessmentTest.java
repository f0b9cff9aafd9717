package io.vigia.jobs.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigia.common.json.Json;
import io.vigia.common.settings.ExperimentSettings;
import io.vigia.common.stats.MultipleTesting;
import io.vigia.common.stats.WelchTTest;
import io.vigia.common.stats.ab.ConfidenceSequence;
import io.vigia.common.stats.ab.Cuped;
import io.vigia.common.stats.ab.MannWhitneyU;
import io.vigia.common.stats.ab.RelativeLift;
import io.vigia.common.stats.ab.SampleStats;
import io.vigia.jobs.experiments.ExperimentResult.MetricResult;
import io.vigia.jobs.experiments.ExperimentResult.Role;
import io.vigia.jobs.experiments.ExperimentResult.Status;
import io.vigia.jobs.experiments.MetricSums.ArmCovariateSums;
import io.vigia.jobs.experiments.MetricSums.ArmSums;
import io.vigia.jobs.experiments.MetricSums.CovariateSums;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/** The pure assessment and results_summary on a few in-memory records: no Spark, no database. */
class ExperimentAssessmentTest {
  static final ExperimentSettings SETTINGS =
      new ExperimentSettings(true, 10, 0.95, 0.10, 0.20, 0, 20000);
  static final double[] CONTROL = {
    0.30, 0.28, 0.35, 0.31, 0.29, 0.33, 0.32, 0.30, 0.34, 0.27, 0.31, 0.30, 0.36, 0.29, 0.32, 0.33,
    0.28, 0.31, 0.30, 0.34
  };
  static final double[] TREATMENT = {
    0.22, 0.20, 0.25, 0.23, 0.21, 0.24, 0.22, 0.20, 0.26, 0.21, 0.23, 0.22, 0.25, 0.19, 0.24, 0.23,
    0.21, 0.22, 0.20, 0.24
  };

  /** The sums the Spark fold would give for these samples (shift = the minimum; the rank sum from the library). */
  static MetricSums sums(String metric, double[] control, double[] treatment) {
    return sums(metric, control, treatment, null, null);
  }

  static MetricSums sums(
      String metric,
      double[] control,
      double[] treatment,
      double[] preControl,
      double[] preTreatment) {
    double shift = DoubleStream.concat(Arrays.stream(control), Arrays.stream(treatment))
        .min()
        .orElse(0);
    MannWhitneyU.RankSums ranks = MannWhitneyU.rankSums(treatment, control);
    double[] all =
        DoubleStream.concat(Arrays.stream(control), Arrays.stream(treatment)).toArray();
    CovariateSums covariate = null;
    if (preControl != null) {
      double preShift = preControl[0];
      covariate = new CovariateSums(
          preShift,
          covariateArm(control, preControl, shift, preShift),
          covariateArm(treatment, preTreatment, shift, preShift));
    }
    return new MetricSums(
        metric,
        shift,
        arm(control, shift),
        arm(treatment, shift),
        ranks.rankSumX(),
        ranks.tieTerm(),
        Arrays.stream(all).min().orElse(Double.NaN),
        Arrays.stream(all).max().orElse(Double.NaN),
        Arrays.stream(all).distinct().count(),
        covariate);
  }

  static ArmSums arm(double[] x, double shift) {
    return new ArmSums(
        x.length,
        Arrays.stream(x).map(v -> v - shift).sum(),
        Arrays.stream(x).map(v -> (v - shift) * (v - shift)).sum());
  }

  static ArmCovariateSums covariateArm(double[] x, double[] p, double shift, double preShift) {
    double products = 0;
    for (int i = 0; i < x.length; i++) {
      products += (x[i] - shift) * (p[i] - preShift);
    }
    return new ArmCovariateSums(
        p.length,
        Arrays.stream(p).map(v -> v - preShift).sum(),
        Arrays.stream(p).map(v -> (v - preShift) * (v - preShift)).sum(),
        products);
  }

  static ExperimentDefinition definition(
      String primary, double split, Double threshold, Integer minSample) {
    return new ExperimentDefinition("e1", "t1", split, primary, threshold, minSample, 0.95);
  }

  static ExperimentData data(ExperimentDefinition d, UnitCounts units, MetricSums... metrics) {
    SortedMap<String, MetricSums> byName = new TreeMap<>();
    for (MetricSums m : metrics) {
      byName.put(m.metric(), m);
    }
    return new ExperimentData(d, byName, units, ObservationCounts.NONE, null);
  }

  static double[] scaled(double[] x, double factor, double plus) {
    return Arrays.stream(x).map(v -> v * factor + plus).toArray();
  }

  @Test
  void theShiftedSumsGiveTheMomentsAndTheCupedSampleOfTheRawValues() {
    double[] pre = scaled(CONTROL, 0.9, 0.01);
    double[] preT = scaled(TREATMENT, 1.1, 0.02);
    MetricSums m = sums("mape", CONTROL, TREATMENT, pre, preT);
    SampleStats raw = SampleStats.of(CONTROL);
    assertThat(m.controlStats().n()).isEqualTo(raw.n());
    assertThat(m.controlStats().mean()).isCloseTo(raw.mean(), within(1e-15));
    assertThat(m.controlStats().m2()).isCloseTo(raw.m2(), within(1e-15));
    assertThat(m.cupedReady()).isTrue();
    Cuped.Sample expected = Cuped.Sample.of(TREATMENT, preT);
    assertThat(m.cupedTreatment().coMoment()).isCloseTo(expected.coMoment(), within(1e-15));
    assertThat(m.cupedTreatment().pre().mean()).isCloseTo(expected.pre().mean(), within(1e-15));
  }

  @Test
  void aClearImprovementOfALowerIsBetterMetricMakesTheTreatmentWinAndStop() {
    MetricSums mape = sums("mape", CONTROL, TREATMENT);
    UnitCounts units = new UnitCounts(20, 0, 20, 0);
    ExperimentResult r = ExperimentAssessment.assess(
        data(definition("mape", 0.5, 0.05, null), units, mape), SETTINGS);

    assertThat(r.status()).isEqualTo(Status.ANALYSED);
    assertThat(r.winner()).isEqualTo("treatment");
    assertThat(r.stop()).isTrue();
    assertThat(r.plan().minSampleSize())
        .isEqualTo(10); // vigia.ab.min-sample-size: the column is null
    assertThat(r.plan().sequentialTuning())
        .isEqualTo(ConfidenceSequence.tuningForPlannedSample(20));
    // the numbers are the library's on the raw samples
    SampleStats c = SampleStats.of(CONTROL);
    SampleStats t = SampleStats.of(TREATMENT);
    MetricTests tests = r.metrics().get(0).tests();
    assertThat(tests.welch().t()).isCloseTo(WelchTTest.test(c, t, 0.95).t(), within(1e-9));
    RelativeLift.Result lift = RelativeLift.test(c, t, 0.95);
    assertThat(r.primary().lift().lift()).isCloseTo(lift.lift(), within(1e-12));
    assertThat(r.pValue())
        .isCloseTo(
            ConfidenceSequence.forLift(lift, r.plan().sequentialTuning()).pValue(), within(1e-12));
    assertThat(tests.mannWhitney().u1())
        .isEqualTo(MannWhitneyU.test(TREATMENT, CONTROL).u1());
    assertThat(r.chanceToWin().chanceToWin()).isGreaterThan(0.99);
    assertThat(r.srm().byUnit()).isTrue();
    assertThat(r.srm().result().flagged()).isFalse();
    assertThat(r.power().applicable()).isTrue();
    assertThat(r.power().requiredPerVariant()).isPositive();
    // no guardrail values: both unchecked, the verdict does not wait for them
    assertThat(r.metrics())
        .extracting(MetricResult::name)
        .containsExactly(
            "mape", ExperimentAssessment.GUARDRAIL_LATENCY, ExperimentAssessment.GUARDRAIL_COST);
    assertThat(r.metrics().get(1).enoughValues()).isFalse();
  }

  @Test
  void badDefinitionsAndTooFewObservationsGetAStatusAndNoWinner() {
    MetricSums mape = sums("mape", CONTROL, TREATMENT);
    record Case(ExperimentData data, Status status, String reason) {}
    List<Case> cases = List.of(
        new Case(
            data(definition("mape", 1.0, null, null), null, mape),
            Status.INVALID_DEFINITION,
            "traffic_split 1.0 is not strictly between 0 and 1."),
        new Case(
            data(definition("happiness", 0.5, null, null), null, mape),
            Status.INVALID_DEFINITION,
            null),
        new Case(
            data(definition("mape", 0.5, -0.1, null), null, mape),
            Status.INVALID_DEFINITION,
            "success_threshold -0.1 is negative."),
        new Case(
            data(definition("accuracy", 0.5, null, null), null, mape),
            Status.NO_OBSERVATIONS,
            "No valid observations of accuracy yet."),
        new Case(
            data(definition("mape", 0.5, null, null), null, sums("mape", CONTROL, new double[0])),
            Status.ONE_VARIANT,
            "Only one variant has observations (20 control, 0 treatment)."),
        new Case(
            data(definition("mape", 0.5, null, null), null, sums("mape", CONTROL, new double[] {0.2
            })),
            Status.INSUFFICIENT_DATA,
            "Each variant needs at least 2 observations."),
        new Case(
            data(
                definition("mape", 0.5, null, null),
                null,
                sums("mape", new double[] {0, 0, 0}, TREATMENT)),
            Status.UNDEFINED_EFFECT,
            "The effect on mape is undefined: relative lift is undefined: the control "
                + "mean is 0."));
    for (Case c : cases) {
      ExperimentResult r = ExperimentAssessment.assess(c.data(), SETTINGS);
      assertThat(r.status()).as(c.reason()).isEqualTo(c.status());
      assertThat(r.winner()).isEqualTo("none");
      assertThat(r.pValue()).isNull();
      assertThat(r.stop()).isFalse();
      if (c.reason() != null) {
        assertThat(r.reason()).isEqualTo(c.reason());
      }
    }
    ExperimentResult unknown = ExperimentAssessment.assess(cases.get(1).data(), SETTINGS);
    assertThat(unknown.direction()).isNull();
    assertThat(unknown.reason()).startsWith("Unknown primary metric: unknown metric 'happiness'");
  }

  @Test
  void secondaryMetricsGetHolmAdjustedWelchPValuesAndAConstantOneANote() {
    MetricSums rmse = sums("rmse", scaled(CONTROL, 10, 0), scaled(CONTROL, 10, -0.09));
    MetricSums coverage = sums("coverage", CONTROL, scaled(CONTROL, 1, 0.01));
    MetricSums constant = sums("constant", new double[] {1, 1, 1}, new double[] {1, 1, 1});
    ExperimentResult r = ExperimentAssessment.assess(
        data(
            definition("mape", 0.5, null, null),
            null,
            sums("mape", CONTROL, TREATMENT),
            rmse,
            coverage,
            constant),
        SETTINGS);

    List<MetricResult> secondary =
        r.metrics().stream().filter(m -> m.role() == Role.SECONDARY).toList();
    assertThat(secondary)
        .extracting(MetricResult::name)
        .containsExactly("constant", "coverage", "rmse");
    assertThat(secondary.get(0).tests()).isNull();
    assertThat(secondary.get(0).failure()).isNotNull();
    assertThat(secondary.get(0).holmP()).isNull();
    double pCoverage = secondary.get(1).tests().welch().pValue();
    double pRmse = secondary.get(2).tests().welch().pValue();
    double[] holm = MultipleTesting.holm(new double[] {Double.NaN, pCoverage, pRmse});
    assertThat(secondary.get(1).holmP()).isEqualTo(holm[1]);
    assertThat(secondary.get(2).holmP()).isEqualTo(holm[2]);
    // Holm over two hypotheses (the constant metric has none): the smaller p doubled, the larger at
    // least that;
    // these data make it differ from Benjamini-Hochberg (twice the smaller p exceeds the larger)
    double smaller = Math.min(pCoverage, pRmse);
    double larger = Math.max(pCoverage, pRmse);
    assertThat(2 * smaller).isGreaterThan(larger).isLessThan(1.0);
    assertThat(secondary.get(1).holmP())
        .isEqualTo(pCoverage == smaller ? 2 * smaller : Math.max(2 * smaller, larger));
    assertThat(secondary.get(2).holmP())
        .isEqualTo(pRmse == smaller ? 2 * smaller : Math.max(2 * smaller, larger));
  }

  @Test
  void aGuardrailWorseThanItsMarginBlocksTheWinAndAnUndefinedOneIsNotChecked() {
    double[] latencyC = scaled(CONTROL, 100, 50);
    double[] latencyT = scaled(CONTROL, 150, 50); // about 40% slower, margin 10%
    double[] costC = {0, 0, 0, 0};
    double[] costT = {0.01, 0.02, 0.01, 0.03};
    ExperimentResult r = ExperimentAssessment.assess(
        data(
            definition("mape", 0.5, null, null),
            null,
            sums("mape", CONTROL, TREATMENT),
            sums(ExperimentAssessment.GUARDRAIL_LATENCY, latencyC, latencyT),
            sums(ExperimentAssessment.GUARDRAIL_COST, costC, costT)),
        SETTINGS);

    assertThat(r.winner()).isEqualTo("none");
    assertThat(r.reason()).contains(ExperimentAssessment.GUARDRAIL_LATENCY);
    MetricResult cost = r.metrics().get(2);
    assertThat(cost.role()).isEqualTo(Role.GUARDRAIL);
    assertThat(cost.margin()).isEqualTo(0.20);
    assertThat(cost.liftFailure().message()).contains("control mean is 0");
    // SRM without unit counts: on observations
    assertThat(r.srm().byUnit()).isFalse();
    assertThat(r.srm().controlUnits()).isEqualTo(CONTROL.length);
  }

  @Test
  void hodgesLehmannIsOnlyForSmallExperimentsWithBothVariants() {
    Map<String, ExperimentDefinition> definitions = new java.util.LinkedHashMap<>();
    definitions.put("small", new ExperimentDefinition("small", "t", 0.5, "mape", null, null, 0.9));
    definitions.put("large", new ExperimentDefinition("large", "t", 0.5, "mape", null, null, 0.95));
    definitions.put(
        "one-sided", new ExperimentDefinition("one-sided", "t", 0.5, "mape", null, null, 0.95));
    definitions.put("none", new ExperimentDefinition("none", "t", 0.5, "mape", null, null, 0.95));
    Map<String, SortedMap<String, MetricSums>> sums = new TreeMap<>();
    sums.put("small", new TreeMap<>(Map.of("mape", sums("mape", CONTROL, TREATMENT))));
    sums.put(
        "large",
        new TreeMap<>(Map.of("mape", sums("mape", scaled(CONTROL, 1, 0), new double[30]))));
    sums.put("one-sided", new TreeMap<>(Map.of("mape", sums("mape", CONTROL, new double[0]))));
    assertThat(ExperimentAssessment.hodgesLehmannEligible(definitions, sums, 45))
        .containsExactly(Map.entry("small", 0.9));
  }

  @Test
  void
      theSummaryHasNoMetricsBeforeTheyAreTestedAnEmptyObjectWhenTheEffectIsUndefinedAndNullForNonFinite() {
    JsonNode early = Json.read(ExperimentOutputs.resultsSummary(
        ExperimentAssessment.assess(data(definition("mape", 1.0, null, null), null), SETTINGS),
        SETTINGS));
    assertThat(early.has("metrics")).isFalse();
    assertThat(early.get("status").asText()).isEqualTo("invalid_definition");
    assertThat(early.at("/definition/direction").asText()).isEqualTo("lower_is_better");

    JsonNode undefined = Json.read(ExperimentOutputs.resultsSummary(
        ExperimentAssessment.assess(
            data(
                definition("mape", 0.5, null, null),
                null,
                sums("mape", new double[] {0, 0}, TREATMENT)),
            SETTINGS),
        SETTINGS));
    assertThat(undefined.get("metrics").isObject()).isTrue();
    assertThat(undefined.get("metrics").size()).isZero();
    assertThat(undefined.has("verdict")).isFalse();

    ExperimentData withShift = new ExperimentData(
        definition("mape", 0.5, null, null),
        new TreeMap<>(Map.of("mape", sums("mape", CONTROL, TREATMENT))),
        null,
        ObservationCounts.NONE,
        new HodgesLehmannShift(-0.08, Double.NEGATIVE_INFINITY, -0.06, "exact"));
    JsonNode analysed = Json.read(ExperimentOutputs.resultsSummary(
        ExperimentAssessment.assess(withShift, SETTINGS), SETTINGS));
    assertThat(analysed.fieldNames())
        .toIterable()
        .containsExactly(
            "schema",
            "status",
            "reason",
            "definition",
            "observations",
            "metrics",
            "srm",
            "power",
            "bayesian",
            "verdict",
            "fixed_horizon_verdict");
    assertThat(analysed.at("/metrics/mape/role").asText()).isEqualTo("primary");
    assertThat(analysed.at("/metrics/mape/hodges_lehmann/shift").asDouble()).isEqualTo(-0.08);
    assertThat(analysed.at("/metrics/mape/hodges_lehmann/ci/0").isNull())
        .isTrue(); // infinite: null
    assertThat(analysed.at("/metrics/mape/hodges_lehmann/ci/1").asDouble()).isEqualTo(-0.06);
    assertThat(analysed.at("/metrics/guardrail.cost_usd/note").asText()).contains("not checked");
    assertThat(analysed.at("/power/note").asText()).contains("no positive success_threshold");
    assertThat(analysed.at("/metrics/mape/cuped/note").asText())
        .isEqualTo("no pre_metric_value on the observations");
    assertThat(analysed.at("/verdict/winner").asText()).isEqualTo("treatment");
  }
}
