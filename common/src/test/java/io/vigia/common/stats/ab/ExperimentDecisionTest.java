package io.vigia.common.stats.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.stats.ab.ExperimentDecision.Effect;
import io.vigia.common.stats.ab.ExperimentDecision.Guardrail;
import io.vigia.common.stats.ab.ExperimentDecision.Input;
import io.vigia.common.stats.ab.ExperimentDecision.Verdict;
import io.vigia.common.stats.ab.ExperimentDecision.Winner;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentDecisionTest {

  private static final SampleRatioMismatch.Result NO_SRM =
      SampleRatioMismatch.twoVariants(5000, 5000, 0.5);

  private static Effect fixed(double est, double lo, double hi) {
    return new Effect(est, lo, hi, false);
  }

  private static Input input(
      String metric, Effect primary, double threshold, List<Guardrail> guardrails) {
    return new Input(
        metric,
        MetricDirection.forMetric(metric),
        primary,
        threshold,
        5000,
        5000,
        1000,
        NO_SRM,
        guardrails);
  }

  @Test
  void treatmentWinsWhenSignificantAboveThresholdInTheRightDirection() {
    Verdict v =
        ExperimentDecision.decide(input("accuracy", fixed(0.08, 0.03, 0.13), 0.05, List.of()));
    assertThat(v.winner()).isEqualTo(Winner.TREATMENT);
    assertThat(v.winner().label()).isEqualTo("treatment");
    assertThat(v.reason()).contains("accuracy").contains("+8.00%").contains("5.00%");
    assertThat(v.stop()).isFalse(); // fixed-horizon intervals never trigger a stop
  }

  @Test
  void lowerIsBetterFlipsTheDirection() {
    Effect drop = fixed(-0.10, -0.15, -0.05);
    assertThat(ExperimentDecision.decide(input("MAPE", drop, 0.05, List.of())).winner())
        .isEqualTo(Winner.TREATMENT);
    assertThat(ExperimentDecision.decide(input("latency_ms", drop, 0.05, List.of()))
            .winner())
        .isEqualTo(Winner.TREATMENT);
    assertThat(
            ExperimentDecision.decide(input("accuracy", drop, 0.05, List.of())).winner())
        .isEqualTo(Winner.CONTROL);
    assertThat(
            ExperimentDecision.decide(input("cost_usd", fixed(0.10, 0.05, 0.15), 0.05, List.of()))
                .winner())
        .isEqualTo(Winner.CONTROL);
  }

  @Test
  void noWinnerWhenNotSignificantOrBelowThreshold() {
    Verdict ns =
        ExperimentDecision.decide(input("accuracy", fixed(0.08, -0.01, 0.17), 0.05, List.of()));
    assertThat(ns.winner()).isEqualTo(Winner.NONE);
    assertThat(ns.reason()).startsWith("No significant difference");
    Verdict small =
        ExperimentDecision.decide(input("accuracy", fixed(0.02, 0.01, 0.03), 0.05, List.of()));
    assertThat(small.winner()).isEqualTo(Winner.NONE);
    assertThat(small.reason()).contains("below the success threshold");
  }

  @Test
  void sampleSizeAndSrmBlockAnyVerdict() {
    Effect worse = fixed(-0.2, -0.3, -0.1);
    Input tooSmall = new Input(
        "accuracy",
        MetricDirection.HIGHER_IS_BETTER,
        worse,
        0.05,
        900,
        5000,
        1000,
        NO_SRM,
        List.of());
    Verdict v = ExperimentDecision.decide(tooSmall);
    assertThat(v.winner()).isEqualTo(Winner.NONE);
    assertThat(v.reason()).contains("900 control").contains("1000 needed");

    SampleRatioMismatch.Result srm = SampleRatioMismatch.twoVariants(5400, 4600, 0.5);
    assertThat(srm.flagged()).isTrue();
    Input mismatched = new Input(
        "accuracy",
        MetricDirection.HIGHER_IS_BETTER,
        fixed(0.2, 0.1, 0.3),
        0.05,
        5400,
        4600,
        1000,
        srm,
        List.of());
    Verdict s = ExperimentDecision.decide(mismatched);
    assertThat(s.winner()).isEqualTo(Winner.NONE);
    assertThat(s.reason()).startsWith("Sample ratio mismatch");
  }

  @Test
  void guardrailsUseNonInferiorityMargins() {
    Effect win = fixed(0.08, 0.03, 0.13);
    // latency +2 % (interval -1 % .. +4 %) with a 5 % margin: non-inferior
    Guardrail fine = new Guardrail(
        "latency_ms", MetricDirection.LOWER_IS_BETTER, fixed(0.02, -0.01, 0.04), 0.05);
    assertThat(ExperimentDecision.decide(input("accuracy", win, 0.05, List.of(fine)))
            .winner())
        .isEqualTo(Winner.TREATMENT);
    // cost +20 % (15 % .. 25 %), margin 10 %: breached
    Guardrail breached =
        new Guardrail("cost_usd", MetricDirection.LOWER_IS_BETTER, fixed(0.2, 0.15, 0.25), 0.10);
    Verdict b = ExperimentDecision.decide(input("accuracy", win, 0.05, List.of(fine, breached)));
    assertThat(b.winner()).isEqualTo(Winner.NONE);
    assertThat(b.guardrailNotes()).singleElement().asString().contains("cost_usd breached");
    // cost +3 % (-2 % .. +8 %), margin 5 %: not shown within the margin yet
    Guardrail unsure =
        new Guardrail("cost_usd", MetricDirection.LOWER_IS_BETTER, fixed(0.03, -0.02, 0.08), 0.05);
    Verdict u = ExperimentDecision.decide(input("accuracy", win, 0.05, List.of(unsure)));
    assertThat(u.winner()).isEqualTo(Winner.NONE);
    assertThat(u.reason()).contains("not shown within 5.00%");
  }

  @Test
  void confidenceSequencesStopWhenTheyExcludeTheThreshold() {
    Effect above = new Effect(0.12, 0.06, 0.18, true);
    Verdict win = ExperimentDecision.decide(input("accuracy", above, 0.05, List.of()));
    assertThat(win.winner()).isEqualTo(Winner.TREATMENT);
    assertThat(win.stop()).isTrue();
    assertThat(win.reason()).contains("always-valid");

    Effect straddles =
        new Effect(0.08, 0.02, 0.14, true); // significant, above threshold, not settled
    Verdict keepGoing = ExperimentDecision.decide(input("accuracy", straddles, 0.05, List.of()));
    assertThat(keepGoing.winner()).isEqualTo(Winner.TREATMENT);
    assertThat(keepGoing.stop()).isFalse();

    Effect futile = new Effect(0.01, -0.01, 0.03, true); // cannot reach +5 %
    Verdict stopNone = ExperimentDecision.decide(input("accuracy", futile, 0.05, List.of()));
    assertThat(stopNone.winner()).isEqualTo(Winner.NONE);
    assertThat(stopNone.stop()).isTrue();
    assertThat(stopNone.reason()).contains("out of reach");

    // a settled win held back by an undecided guardrail keeps running
    Guardrail unsure = new Guardrail(
        "cost_usd", MetricDirection.LOWER_IS_BETTER, new Effect(0.03, -0.02, 0.08, true), 0.05);
    assertThat(ExperimentDecision.decide(input("accuracy", above, 0.05, List.of(unsure)))
            .stop())
        .isFalse();
  }

  /** From sufficient statistics to a verdict, the path the job takes. */
  @Test
  void endToEndFromSampleStates() {
    SampleStats control = SampleStats.ofMeanVariance(20_000, 0.200, 0.01); // MAPE 20 %
    SampleStats treatment = SampleStats.ofMeanVariance(20_000, 0.184, 0.01); // MAPE 18.4 %: -8 %
    RelativeLift.Result lift = RelativeLift.test(control, treatment, 0.95);
    ConfidenceSequence.Result cs =
        ConfidenceSequence.forLift(lift, ConfidenceSequence.tuningForPlannedSample(40_000));
    Input in = new Input(
        "mape",
        MetricDirection.forMetric("mape"),
        Effect.of(cs),
        0.05,
        control.n(),
        treatment.n(),
        1000,
        SampleRatioMismatch.twoVariants(control.n(), treatment.n(), 0.5),
        List.of());
    Verdict v = ExperimentDecision.decide(in);
    assertThat(v.winner()).isEqualTo(Winner.TREATMENT);
    assertThat(v.stop()).isTrue();
    assertThat(ExperimentDecision.decide(new Input(
                "mape",
                MetricDirection.LOWER_IS_BETTER,
                Effect.of(lift),
                0.05,
                control.n(),
                treatment.n(),
                1000,
                in.srm(),
                List.of()))
            .winner())
        .isEqualTo(Winner.TREATMENT);
  }

  @Test
  void undefinedEffectsNeverWin() {
    Verdict v = ExperimentDecision.decide(
        input("accuracy", fixed(Double.NaN, Double.NaN, Double.NaN), 0.0, List.of()));
    assertThat(v.winner()).isEqualTo(Winner.NONE);
    assertThat(v.reason()).contains("undefined");
  }

  @Test
  void inputValidation() {
    assertThatThrownBy(() -> MetricDirection.forMetric("revenue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown metric 'revenue': expected one of [absolute_percentage_error, ape, cost, "
                + "cost_usd, latency, latency_ms, mae, mape, rmse, smape] or [accuracy]");
    assertThat(MetricDirection.forMetric(" MAPE ")).isEqualTo(MetricDirection.LOWER_IS_BETTER);
    assertThatThrownBy(
            () -> new Guardrail("cost", MetricDirection.LOWER_IS_BETTER, fixed(0, -1, 1), -0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> input("accuracy", fixed(0, -1, 1), -0.05, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
