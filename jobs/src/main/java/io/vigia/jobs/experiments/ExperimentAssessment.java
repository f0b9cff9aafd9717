package io.vigia.jobs.experiments;

import io.vigia.common.settings.ExperimentSettings;
import io.vigia.common.stats.MultipleTesting;
import io.vigia.common.stats.ab.ChanceToWin;
import io.vigia.common.stats.ab.ConfidenceSequence;
import io.vigia.common.stats.ab.ExperimentDecision;
import io.vigia.common.stats.ab.ExperimentDecision.Effect;
import io.vigia.common.stats.ab.ExperimentDecision.Guardrail;
import io.vigia.common.stats.ab.ExperimentDecision.Verdict;
import io.vigia.common.stats.ab.MetricDirection;
import io.vigia.common.stats.ab.Power;
import io.vigia.common.stats.ab.RelativeLift;
import io.vigia.common.stats.ab.SampleRatioMismatch;
import io.vigia.common.stats.ab.SampleStats;
import io.vigia.jobs.experiments.ExperimentResult.Failure;
import io.vigia.jobs.experiments.ExperimentResult.MetricResult;
import io.vigia.jobs.experiments.ExperimentResult.Plan;
import io.vigia.jobs.experiments.ExperimentResult.PowerAnalysis;
import io.vigia.jobs.experiments.ExperimentResult.PrimaryEffect;
import io.vigia.jobs.experiments.ExperimentResult.Role;
import io.vigia.jobs.experiments.ExperimentResult.SrmCheck;
import io.vigia.jobs.experiments.ExperimentResult.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * The pure assessment of one experiment from its {@link ExperimentData} (no Spark, no database): the tests of
 * every metric ({@link MetricTests}), Holm over the secondary metrics, the guardrails' non-inferiority, the
 * sample ratio check, power, the chance to win and the verdicts ({@link ExperimentDecision}). Every formula
 * lives in {@code io.vigia.common.stats}. A bad definition or bad data never throws: the experiment gets a
 * {@link Status} saying why and winner none. Definitions: docs/jobs/experiments.md.
 */
final class ExperimentAssessment {
  static final String GUARDRAIL_LATENCY = "guardrail.latency_ms";
  static final String GUARDRAIL_COST = "guardrail.cost_usd";

  private ExperimentAssessment() {}

  static ExperimentResult assess(ExperimentData data, ExperimentSettings settings) {
    ExperimentDefinition d = data.definition();
    Plan plan = plan(d, settings);
    MetricDirection direction;
    try {
      direction = MetricDirection.forMetric(d.primaryMetric());
    } catch (IllegalArgumentException e) {
      return early(
          data,
          plan,
          null,
          Status.INVALID_DEFINITION,
          "Unknown primary metric: " + e.getMessage() + ".");
    }
    String invalid = invalidDefinition(d, plan);
    if (invalid != null) {
      return early(data, plan, direction, Status.INVALID_DEFINITION, invalid);
    }
    MetricSums primarySums = data.metrics().get(d.primaryMetric());
    if (primarySums == null) {
      return early(
          data,
          plan,
          direction,
          Status.NO_OBSERVATIONS,
          "No valid observations of " + d.primaryMetric() + " yet.");
    }
    long nControl = primarySums.control().n();
    long nTreatment = primarySums.treatment().n();
    if (nControl == 0 || nTreatment == 0) {
      return early(
          data,
          plan,
          direction,
          Status.ONE_VARIANT,
          String.format(
              Locale.ROOT,
              "Only one variant has observations (%d control, %d treatment).",
              nControl,
              nTreatment));
    }
    if (nControl < 2 || nTreatment < 2) {
      return early(
          data,
          plan,
          direction,
          Status.INSUFFICIENT_DATA,
          "Each variant needs at least 2 observations.");
    }
    double confidenceLevel = d.confidenceLevel();
    double tuning = plan.sequentialTuning();
    MetricTests primaryTests;
    try {
      primaryTests = MetricTests.of(primarySums, confidenceLevel, tuning);
    } catch (IllegalArgumentException e) {
      return new ExperimentResult(
          data,
          plan,
          Status.UNDEFINED_EFFECT,
          "The effect on " + d.primaryMetric() + " is undefined: " + e.getMessage() + ".",
          direction,
          List.of(),
          null,
          null,
          null,
          null,
          null,
          null);
    }
    PrimaryEffect primary = new PrimaryEffect(
        primaryTests.decisiveLift(),
        primaryTests.decisiveSequence(),
        primaryTests.cuped().applied());

    List<MetricResult> metrics = new ArrayList<>();
    metrics.add(new MetricResult(
        d.primaryMetric(), Role.PRIMARY, primarySums, primaryTests, null, null, 0, null));
    metrics.addAll(secondaryMetrics(data, confidenceLevel, tuning));
    List<Guardrail> guardrails = new ArrayList<>();
    for (String name : List.of(GUARDRAIL_LATENCY, GUARDRAIL_COST)) {
      double margin =
          name.equals(GUARDRAIL_LATENCY) ? settings.latencyMargin() : settings.costMargin();
      metrics.add(
          guardrail(name, data.metrics().get(name), margin, confidenceLevel, tuning, guardrails));
    }

    SrmCheck srm = srm(data.units(), primarySums, d.trafficSplit());
    PowerAnalysis power = power(primarySums, plan, 1 - confidenceLevel);
    // flat (improper) prior on the relative lift: the posterior is N(lift, se^2)
    ChanceToWin.Result chanceToWin =
        ChanceToWin.of(primary.lift().lift(), primary.lift().standardError(), direction);
    // the verdict on the always-valid interval and, for comparison, on the fixed-horizon one
    Function<Effect, Verdict> decideOn =
        effect -> ExperimentDecision.decide(new ExperimentDecision.Input(
            d.primaryMetric(),
            direction,
            effect,
            plan.successThreshold(),
            nControl,
            nTreatment,
            plan.minSampleSize(),
            srm.result(),
            guardrails));
    Verdict verdict = decideOn.apply(Effect.of(primary.sequence()));
    Verdict fixedHorizon = decideOn.apply(Effect.of(primary.lift()));
    return new ExperimentResult(
        data,
        plan,
        Status.ANALYSED,
        verdict.reason(),
        direction,
        metrics,
        srm,
        power,
        chanceToWin,
        primary,
        verdict,
        fixedHorizon);
  }

  /**
   * min_sample_size (else vigia.ab.min-sample-size), success_threshold (else 0) and the sequential tuning
   * (vigia.ab.sequential-tuning, else from the planned total sample, 2 x min_sample_size).
   */
  static Plan plan(ExperimentDefinition d, ExperimentSettings s) {
    long minSampleSize = d.minSampleSize() != null ? d.minSampleSize() : s.minSampleSize();
    double threshold = d.successThreshold() == null ? 0.0 : d.successThreshold();
    double tuning = s.sequentialTuningSet()
        ? s.sequentialTuning()
        : ConfidenceSequence.tuningForPlannedSample(2L * minSampleSize);
    return new Plan(minSampleSize, threshold, tuning);
  }

  private static String invalidDefinition(ExperimentDefinition d, Plan plan) {
    if (!(d.trafficSplit() > 0 && d.trafficSplit() < 1)) {
      return "traffic_split " + d.trafficSplit() + " is not strictly between 0 and 1.";
    }
    if (!(d.confidenceLevel() > 0 && d.confidenceLevel() < 1)) {
      return "confidence_level " + d.confidenceLevel() + " is not in (0, 1).";
    }
    if (plan.successThreshold() < 0) {
      return "success_threshold " + plan.successThreshold() + " is negative.";
    }
    return null;
  }

  private static ExperimentResult early(
      ExperimentData data, Plan plan, MetricDirection direction, Status status, String reason) {
    return new ExperimentResult(
        data, plan, status, reason, direction, null, null, null, null, null, null, null);
  }

  /** The other metric_names in name order, with Holm's step-down adjustment of their Welch p-values. */
  static List<MetricResult> secondaryMetrics(
      ExperimentData data, double confidenceLevel, double tuning) {
    List<MetricSums> secondary = data.metrics().values().stream()
        .filter(m -> !m.metric().equals(data.definition().primaryMetric())
            && !m.metric().startsWith("guardrail."))
        .toList();
    List<MetricTests> tests = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    double[] welchP = new double[secondary.size()];
    for (int i = 0; i < welchP.length; i++) {
      MetricTests t = null;
      Failure failure = null;
      try {
        t = MetricTests.of(secondary.get(i), confidenceLevel, tuning);
      } catch (IllegalArgumentException e) {
        failure = new Failure(e.getMessage());
      }
      tests.add(t);
      failures.add(failure);
      welchP[i] =
          t != null && Double.isFinite(t.welch().pValue()) ? t.welch().pValue() : Double.NaN;
    }
    double[] holm = MultipleTesting.holm(welchP);
    List<MetricResult> out = new ArrayList<>();
    for (int i = 0; i < welchP.length; i++) {
      out.add(new MetricResult(
          secondary.get(i).metric(),
          Role.SECONDARY,
          secondary.get(i),
          tests.get(i),
          failures.get(i),
          Double.isNaN(holm[i]) ? null : holm[i],
          0,
          null));
    }
    return out;
  }

  /**
   * A guardrail (lower is better): checked when it has 2 values in each variant, by the non-inferiority of its
   * relative lift's always-valid interval against the margin; a checked guardrail is added to {@code checked}.
   */
  static MetricResult guardrail(
      String name,
      MetricSums sums,
      double margin,
      double confidenceLevel,
      double tuning,
      List<Guardrail> checked) {
    MetricResult unchecked =
        new MetricResult(name, Role.GUARDRAIL, sums, null, null, null, margin, null);
    if (!unchecked.enoughValues()) {
      return unchecked;
    }
    MetricTests tests = null;
    Failure failure = null;
    try {
      tests = MetricTests.of(sums, confidenceLevel, tuning);
    } catch (IllegalArgumentException e) {
      failure = new Failure(e.getMessage());
    }
    Failure liftFailure = null;
    try {
      RelativeLift.Result lift =
          RelativeLift.test(sums.controlStats(), sums.treatmentStats(), confidenceLevel);
      checked.add(new Guardrail(
          name,
          MetricDirection.LOWER_IS_BETTER,
          Effect.of(ConfidenceSequence.forLift(lift, tuning)),
          margin));
    } catch (IllegalArgumentException e) {
      liftFailure = new Failure(e.getMessage());
    }
    return new MetricResult(name, Role.GUARDRAIL, sums, tests, failure, null, margin, liftFailure);
  }

  /** The sample ratio check on distinct units when every observation names one, else on observations. */
  static SrmCheck srm(UnitCounts units, MetricSums primary, double trafficSplit) {
    boolean byUnit = units != null && units.everyObservationHasAUnit();
    long control = byUnit ? units.control() : primary.control().n();
    long treatment = byUnit ? units.treatment() : primary.treatment().n();
    return new SrmCheck(
        byUnit,
        control,
        treatment,
        SampleRatioMismatch.twoVariants(control, treatment, trafficSplit));
  }

  /** Power for the success threshold at the observed pooled variance ({@link Power}). */
  static PowerAnalysis power(MetricSums primary, Plan plan, double alpha) {
    SampleStats control = primary.controlStats();
    SampleStats treatment = primary.treatmentStats();
    double threshold = plan.successThreshold();
    if (!(threshold > 0 && control.mean() != 0)) {
      return new PowerAnalysis(false, null, null, null, null, null, null);
    }
    Double pooled = null;
    Long required = null;
    Double requiredRelative = null;
    Double achieved = null;
    Double achievedSequential = null;
    Failure failure = null;
    try {
      double mean = control.mean();
      pooled = Power.pooledVariance(control, treatment);
      required =
          Power.requiredSampleSizePerGroup(threshold, mean, pooled, alpha, Power.DEFAULT_POWER);
      requiredRelative = Math.ceil(Power.requiredSampleSizePerGroupRelative(
          threshold, mean, pooled, alpha, Power.DEFAULT_POWER));
      achieved = Power.achievedPower(threshold, mean, pooled, control.n(), treatment.n(), alpha);
      double perArm = Math.min(control.n(), treatment.n());
      achievedSequential = Power.achievedPowerRelativeSequential(
          threshold, mean, pooled, perArm, alpha, plan.sequentialTuning());
    } catch (IllegalArgumentException e) {
      failure = new Failure(e.getMessage());
    }
    return new PowerAnalysis(
        true, pooled, required, requiredRelative, achieved, achievedSequential, failure);
  }

  /**
   * The experiments whose primary metric is small enough for the Hodges-Lehmann shift (at most
   * vigia.ab.hodges-lehmann-max-sample observations, both variants observed, a valid confidence level), with
   * their confidence levels.
   */
  static Map<String, Double> hodgesLehmannEligible(
      Map<String, ExperimentDefinition> definitions,
      Map<String, SortedMap<String, MetricSums>> sums,
      long maxSample) {
    Map<String, Double> eligible = new LinkedHashMap<>();
    for (ExperimentDefinition d : definitions.values()) {
      SortedMap<String, MetricSums> metrics = sums.get(d.id());
      MetricSums m = metrics == null ? null : metrics.get(d.primaryMetric());
      if (m != null
          && m.control().n() > 0
          && m.treatment().n() > 0
          && m.observations() <= maxSample
          && d.confidenceLevel() > 0
          && d.confidenceLevel() < 1) {
        eligible.put(d.id(), d.confidenceLevel());
      }
    }
    return eligible;
  }
}
