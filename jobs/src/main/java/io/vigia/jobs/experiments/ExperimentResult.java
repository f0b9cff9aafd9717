package io.vigia.jobs.experiments;

import io.vigia.common.stats.ab.ChanceToWin;
import io.vigia.common.stats.ab.ConfidenceSequence;
import io.vigia.common.stats.ab.ExperimentDecision.Verdict;
import io.vigia.common.stats.ab.MetricDirection;
import io.vigia.common.stats.ab.RelativeLift;
import io.vigia.common.stats.ab.SampleRatioMismatch;
import java.util.List;
import java.util.Locale;

/**
 * The assessment of one experiment ({@link ExperimentAssessment}): its status and reason, the resolved plan and,
 * as far as the analysis got, the metrics' tests, the sample ratio check, power, the Bayesian view and the
 * verdicts. {@link ExperimentOutputs} writes it as results_summary.
 *
 * @param direction null when the primary metric is unknown
 * @param metrics   null before the metrics are tested; empty when the primary effect is undefined
 * @param srm       this and the following: null unless {@link Status#ANALYSED}
 */
record ExperimentResult(
    ExperimentData data,
    Plan plan,
    Status status,
    String reason,
    MetricDirection direction,
    List<MetricResult> metrics,
    SrmCheck srm,
    PowerAnalysis power,
    ChanceToWin.Result chanceToWin,
    PrimaryEffect primary,
    Verdict verdict,
    Verdict fixedHorizonVerdict) {

  enum Status {
    ANALYSED,
    INVALID_DEFINITION,
    NO_OBSERVATIONS,
    ONE_VARIANT,
    INSUFFICIENT_DATA,
    UNDEFINED_EFFECT;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The experiment's numbers with their defaults applied. */
  record Plan(long minSampleSize, double successThreshold, double sequentialTuning) {}

  enum Role {
    PRIMARY,
    SECONDARY,
    GUARDRAIL;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One metric: its sums (null for a guardrail without values), its tests or why they failed, and by role the
   * Holm-adjusted p (secondary; null when it has no Welch p), or the margin and why its lift is undefined
   * (guardrail).
   */
  record MetricResult(
      String name,
      Role role,
      MetricSums sums,
      MetricTests tests,
      Failure failure,
      Double holmP,
      double margin,
      Failure liftFailure) {

    /** Whether a guardrail has at least 2 values in each variant (else it is not checked). */
    boolean enoughValues() {
      return sums != null && sums.control().n() >= 2 && sums.treatment().n() >= 2;
    }
  }

  /** Why a test could not be computed: the message of the statistics library. */
  record Failure(String message) {}

  /** The sample ratio check, on distinct units or, when some unit_id are missing, on observations. */
  record SrmCheck(
      boolean byUnit, long controlUnits, long treatmentUnits, SampleRatioMismatch.Result result) {}

  /**
   * Power for the success threshold at the observed variance; a null number was not reached (an
   * IllegalArgumentException before it, given as {@code failure}).
   *
   * @param applicable a positive success threshold and a non-zero control mean (else nothing to size for)
   */
  record PowerAnalysis(
      boolean applicable,
      Double pooledVariance,
      Long requiredPerVariant,
      Double requiredPerVariantRelative,
      Double achievedPower,
      Double achievedPowerSequential,
      Failure failure) {}

  /** The primary metric's lift the verdicts read, its confidence sequence, and whether CUPED adjusted them. */
  record PrimaryEffect(
      RelativeLift.Result lift, ConfidenceSequence.Result sequence, boolean cupedAdjusted) {}

  /** The winner written: the verdict's, or none when the experiment was not analysed. */
  String winner() {
    return status == Status.ANALYSED ? verdict.winner().label() : "none";
  }

  /** The p_value written: the always-valid p of the primary lift, clamped to [0, 1]; null when not analysed. */
  Double pValue() {
    return status == Status.ANALYSED
        ? Math.min(1.0, Math.max(0.0, primary.sequence().pValue()))
        : null;
  }

  /** Whether a stopping rule is met (status completed). */
  boolean stop() {
    return status == Status.ANALYSED && verdict.stop();
  }
}
