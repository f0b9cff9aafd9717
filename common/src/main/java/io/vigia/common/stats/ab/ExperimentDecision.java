package io.vigia.common.stats.ab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The verdict of an experiment from its test results (issue 4, "Winner"):
 * <ol>
 *   <li>no verdict (winner {@code none}) until both variants reach {@code min_sample_size};</li>
 *   <li>no verdict under a sample ratio mismatch;</li>
 *   <li>{@code control} wins when the treatment is significantly worse on the primary metric (its interval,
 *       oriented so that positive is better, lies below 0);</li>
 *   <li>{@code treatment} wins when it is significantly better (interval above 0), its point improvement is
 *       at least {@code success_threshold}, and every guardrail is shown non-inferior: the oriented
 *       interval's lower end stays above {@code -margin} (the classic non-inferiority rule); a guardrail whose
 *       whole interval lies below {@code -margin} is reported as breached, otherwise as not yet shown;</li>
 *   <li>otherwise {@code none}.</li>
 * </ol>
 * All effects are relative lifts (0.05 = +5 %) with an interval: the fixed-horizon delta-method interval
 * of {@link RelativeLift}, or the always-valid interval of {@link ConfidenceSequence}. With an always-valid
 * interval the verdict also says whether to stop: once the samples are met and there is no mismatch, the
 * experiment stops when the sequence excludes the success threshold, i.e. lies wholly above it (the
 * improvement is established) or wholly below it (it cannot be reached; below 0 the treatment is worse);
 * a win held back only by a guardrail not yet shown non-inferior keeps the experiment running.
 */
public final class ExperimentDecision {

  private ExperimentDecision() {}

  /** The value written to {@code ab_experiments.winner}. */
  public enum Winner {
    CONTROL,
    TREATMENT,
    NONE;

    /** Lower-case label as stored: {@code control}, {@code treatment}, {@code none}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A relative effect with its interval.
   *
   * @param estimate    relative lift, treatment over control
   * @param ciLower     lower end
   * @param ciUpper     upper end
   * @param alwaysValid whether the interval is a confidence sequence (valid under repeated looks)
   */
  public record Effect(double estimate, double ciLower, double ciUpper, boolean alwaysValid) {

    public static Effect of(RelativeLift.Result r) {
      return new Effect(r.lift(), r.ciLower(), r.ciUpper(), false);
    }

    public static Effect of(ConfidenceSequence.Result r) {
      return new Effect(r.estimate(), r.ciLower(), r.ciUpper(), true);
    }

    double orientedEstimate(MetricDirection d) {
      return d.orient(estimate);
    }

    double orientedLower(MetricDirection d) {
      return d == MetricDirection.HIGHER_IS_BETTER ? ciLower : -ciUpper;
    }

    double orientedUpper(MetricDirection d) {
      return d == MetricDirection.HIGHER_IS_BETTER ? ciUpper : -ciLower;
    }
  }

  /**
   * A guardrail metric and its non-inferiority margin.
   *
   * @param metric    name, for the reason text
   * @param direction which way it improves
   * @param effect    relative lift of the guardrail with its interval
   * @param margin    tolerated relative worsening, e.g. 0.05 = at most 5 % worse; {@code >= 0}
   */
  public record Guardrail(String metric, MetricDirection direction, Effect effect, double margin) {
    public Guardrail {
      if (!(margin >= 0.0)) {
        throw new IllegalArgumentException("guardrail margin must be >= 0, got " + margin);
      }
    }
  }

  /**
   * Everything the verdict depends on.
   *
   * @param primaryMetric    name of the primary metric
   * @param direction        its direction
   * @param primary          its relative lift with an interval
   * @param successThreshold minimum relative improvement that makes a winner, {@code >= 0}
   * @param nControl         units in control
   * @param nTreatment       units in treatment
   * @param minSampleSize    units each variant needs before any verdict
   * @param srm              the sample ratio mismatch check
   * @param guardrails       guardrail metrics
   */
  public record Input(
      String primaryMetric,
      MetricDirection direction,
      Effect primary,
      double successThreshold,
      long nControl,
      long nTreatment,
      long minSampleSize,
      SampleRatioMismatch.Result srm,
      List<Guardrail> guardrails) {
    public Input {
      if (!(successThreshold >= 0.0)) {
        throw new IllegalArgumentException(
            "success_threshold must be >= 0, got " + successThreshold);
      }
      guardrails = List.copyOf(guardrails);
    }
  }

  /**
   * The verdict.
   *
   * @param winner        who wins
   * @param reason        one sentence saying why
   * @param stop          whether a stopping rule is met (only ever true for an always-valid interval)
   * @param guardrailNotes one note per guardrail that is breached or not yet shown non-inferior
   */
  public record Verdict(Winner winner, String reason, boolean stop, List<String> guardrailNotes) {}

  /** Decides the winner; never throws for well-formed input. */
  public static Verdict decide(Input in) {
    if (in.nControl() < in.minSampleSize() || in.nTreatment() < in.minSampleSize()) {
      return new Verdict(
          Winner.NONE,
          String.format(
              Locale.ROOT,
              "Not enough data yet: %d control and %d treatment units, %d needed in each.",
              in.nControl(),
              in.nTreatment(),
              in.minSampleSize()),
          false,
          List.of());
    }
    if (in.srm().flagged()) {
      return new Verdict(
          Winner.NONE,
          String.format(
              Locale.ROOT,
              "Sample ratio mismatch (chi-squared p = %.3g < %.3g): the allocation does not match the "
                  + "traffic split, so no verdict is given.",
              in.srm().pValue(),
              in.srm().threshold()),
          false,
          List.of());
    }
    MetricDirection d = in.direction();
    Effect e = in.primary();
    if (Double.isNaN(e.estimate()) || Double.isNaN(e.ciLower()) || Double.isNaN(e.ciUpper())) {
      return new Verdict(
          Winner.NONE,
          "The effect on " + in.primaryMetric() + " is undefined (no variance?).",
          false,
          List.of());
    }
    double improvement = e.orientedEstimate(d);
    double lo = e.orientedLower(d);
    double hi = e.orientedUpper(d);
    double threshold = in.successThreshold();
    // a confidence sequence that excludes the threshold settles the primary question for good
    boolean settled = e.alwaysValid() && (lo > threshold || hi < threshold);
    boolean stop = settled;
    String effectText = String.format(
        Locale.ROOT,
        "%s changed by %+.2f%% (interval %+.2f%% to %+.2f%%%s)",
        in.primaryMetric(),
        100 * e.estimate(),
        100 * e.ciLower(),
        100 * e.ciUpper(),
        e.alwaysValid() ? ", always-valid" : "");

    if (hi < 0.0) {
      return new Verdict(
          Winner.CONTROL, "Treatment is significantly worse: " + effectText + ".", stop, List.of());
    }
    String outOfReach =
        stop ? " The success threshold is out of reach, so the experiment stops." : "";
    if (lo <= 0.0) {
      return new Verdict(
          Winner.NONE,
          "No significant difference: " + effectText + "." + outOfReach,
          stop,
          List.of());
    }
    if (improvement < threshold) {
      return new Verdict(
          Winner.NONE,
          String.format(
              Locale.ROOT,
              "Significant but below the success threshold of %.2f%%: %s.%s",
              100 * threshold,
              effectText,
              outOfReach),
          stop,
          List.of());
    }
    List<String> notes = new ArrayList<>();
    boolean undecidedGuardrail = false;
    for (Guardrail g : in.guardrails()) {
      double gLo = g.effect().orientedLower(g.direction());
      double gHi = g.effect().orientedUpper(g.direction());
      if (gHi < -g.margin()) {
        notes.add(String.format(
            Locale.ROOT,
            "%s breached: worse by more than %.2f%% (change %+.2f%%)",
            g.metric(),
            100 * g.margin(),
            100 * g.effect().estimate()));
      } else if (gLo <= -g.margin()) {
        undecidedGuardrail = true;
        notes.add(String.format(
            Locale.ROOT,
            "%s not shown within %.2f%% (interval %+.2f%% to %+.2f%%)",
            g.metric(),
            100 * g.margin(),
            100 * g.effect().ciLower(),
            100 * g.effect().ciUpper()));
      }
    }
    if (!notes.isEmpty()) {
      // keep running while a guardrail may still be shown non-inferior
      return new Verdict(
          Winner.NONE,
          "Primary metric improved but a guardrail blocks the win: " + String.join("; ", notes)
              + ".",
          stop && !undecidedGuardrail,
          List.copyOf(notes));
    }
    return new Verdict(
        Winner.TREATMENT,
        String.format(
            Locale.ROOT,
            "Treatment wins: %s, at least the %.2f%% success threshold, guardrails hold.",
            effectText,
            100 * threshold),
        stop,
        List.of());
  }
}
