package io.vigia.jobs.experiments;

import io.vigia.common.json.Json;
import io.vigia.common.settings.Settings;
import io.vigia.common.stats.MultipleTesting;
import io.vigia.common.stats.WelchTTest;
import io.vigia.common.stats.ab.ChanceToWin;
import io.vigia.common.stats.ab.ConfidenceSequence;
import io.vigia.common.stats.ab.Cuped;
import io.vigia.common.stats.ab.ExperimentDecision;
import io.vigia.common.stats.ab.ExperimentDecision.Effect;
import io.vigia.common.stats.ab.ExperimentDecision.Guardrail;
import io.vigia.common.stats.ab.ExperimentDecision.Verdict;
import io.vigia.common.stats.ab.MannWhitneyU;
import io.vigia.common.stats.ab.MetricDirection;
import io.vigia.common.stats.ab.Power;
import io.vigia.common.stats.ab.RelativeLift;
import io.vigia.common.stats.ab.SampleRatioMismatch;
import io.vigia.common.stats.ab.SampleStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-experiment statistics of the experiments job, on the driver, from the sufficient statistics
 * Spark aggregated ({@link MetricStats}); every formula lives in {@code io.vigia.common.stats.ab}, with its
 * source. This class only chooses the inputs, records every number in results_summary and never throws
 * for a bad definition or bad data: such an experiment gets winner 'none' and a status saying why.
 *
 * <p>results_summary (jsonb), schema {@code vigia.experiments/1}:
 * <ul>
 *   <li>{@code status}: analysed | invalid_definition | no_observations | one_variant | insufficient_data |
 *       undefined_effect; {@code reason}: one sentence.</li>
 *   <li>{@code definition}: traffic_split, primary_metric, direction, success_threshold, min_sample_size (and
 *       whether it came from the experiment or vigia.ab.min-sample-size), confidence_level,
 *       sequential_tuning.</li>
 *   <li>{@code observations}: read, valid, quarantined, quarantine_reasons (null/NaN/infinite metric_value,
 *       unknown variant).</li>
 *   <li>{@code metrics}: per metric (the primary, other metric_names as secondary, guardrail.latency_ms and
 *       guardrail.cost_usd) the inputs {@code control/treatment: n, mean, m2, variance} and
 *       {@code welch} (difference, se, t, df, p, CI), {@code relative} (delta-method lift, se, df, p, CI),
 *       {@code sequential} (confidence sequence of the lift: CI, always-valid p, tuning),
 *       {@code hodges_lehmann} (primary only, small experiments: shift and interval),
 *       {@code mann_whitney} (rank sum of treatment, U of treatment, tie term, method, z, p,
 *       P(treatment &gt; control)); secondary metrics add {@code holm_p}.</li>
 *   <li>{@code metrics.<name>.cuped}: when every observation carries a finite pre_metric_value, CUPED
 *       ({@link Cuped}): theta, correlation, variance_reduction (of the lift's variance), the adjusted samples,
 *       Welch on the adjusted values, the adjusted relative lift and its confidence sequence; the verdict, the
 *       p_value column and the Bayesian view of the primary metric then use the adjusted lift. Otherwise
 *       {@code applied: false} and why.</li>
 *   <li>{@code srm}: units per variant (distinct unit_id, or observations when unit ids are missing),
 *       chi-squared, p, threshold, flagged.</li>
 *   <li>{@code power}: target 0.8, required units per variant (pooled-variance z formula and delta-method
 *       relative formula), power reached, sequential power.</li>
 *   <li>{@code bayesian}: flat prior, normal posterior of the lift; chance to win, expected loss, and the
 *       Thompson-sampling treatment share.</li>
 *   <li>{@code verdict}: winner, stop, reason, guardrail notes; {@code fixed_horizon_verdict}: the verdict
 *       the fixed-horizon interval would give (kept beside it, not used to stop).</li>
 * </ul>
 * Non-finite numbers are written as null.
 */
final class ExperimentAnalysis {

  private ExperimentAnalysis() {}

  /** The platform's definition of one experiment (nullable columns as null). */
  record Definition(String id, String tenantId, double trafficSplit, String primaryMetric, Double successThreshold,
      Integer minSampleSize, double confidenceLevel) {}

  /**
   * The Spark aggregate of one metric of one experiment: per variant the count and the sums shifted by
   * {@code k} (the minimum), the treatment's rank sum in the pooled ranking and the tie term.
   */
  record MetricStats(String metric, double k, long nControl, long nTreatment, double s1Control, double s1Treatment,
      double s2Control, double s2Treatment, double rankSumTreatment, double tieTerm, double min, double max,
      long distinctValues, Covariate covariate) {

    SampleStats control() {
      return stats(nControl, s1Control, s2Control);
    }

    SampleStats treatment() {
      return stats(nTreatment, s1Treatment, s2Treatment);
    }

    /** mean = K + S1/n, M2 = S2 - S1^2/n (shifted data; Chan, Golub, LeVeque 1983). */
    private SampleStats stats(long n, double s1, double s2) {
      return shifted(n, k, s1, s2);
    }

    /** Whether every observation of both variants carries the covariate (CUPED needs the pairs). */
    boolean cupedReady() {
      return covariate != null && covariate.npControl() == nControl && covariate.npTreatment() == nTreatment;
    }

    Cuped.Sample cupedControl() {
      return covariate.sample(control(), nControl, s1Control, covariate.p1Control(), covariate.p2Control(),
          covariate.xpControl());
    }

    Cuped.Sample cupedTreatment() {
      return covariate.sample(treatment(), nTreatment, s1Treatment, covariate.p1Treatment(), covariate.p2Treatment(),
          covariate.xpTreatment());
    }
  }

  static SampleStats shifted(long n, double k, double s1, double s2) {
    if (n == 0) {
      return SampleStats.EMPTY;
    }
    return new SampleStats(n, k + s1 / n, Math.max(0.0, s2 - s1 * s1 / n));
  }

  /**
   * The CUPED covariate sums of one metric, shifted by {@code kp} (a covariate value): per variant the rows
   * carrying a covariate, {@code P1 = sum (p - Kp)}, {@code P2 = sum (p - Kp)^2} and
   * {@code XP = sum (x - K)(p - Kp)}; the co-moment is {@code C = XP - S1 P1 / n} (shifted data, as the
   * metric's own moments).
   */
  record Covariate(double kp, long npControl, long npTreatment, double p1Control, double p1Treatment,
      double p2Control, double p2Treatment, double xpControl, double xpTreatment) {

    Cuped.Sample sample(SampleStats post, long n, double s1, double p1, double p2, double xp) {
      if (n == 0) {
        return Cuped.Sample.EMPTY;
      }
      return new Cuped.Sample(post, shifted(n, kp, p1, p2), xp - s1 * p1 / n);
    }
  }

  /** What the job writes for the experiment. */
  record Outcome(String winner, Double pValue, boolean stop, String summaryJson) {}

  static Outcome analyse(Definition d, Map<String, MetricStats> metrics, long[] units, long observed,
      Map<String, Long> quarantine, long preInvalid, Map<String, Object> hodgesLehmann, Settings s) {
    Map<String, Object> sum = new LinkedHashMap<>();
    sum.put("schema", "vigia.experiments/1");
    sum.put("status", "analysed");
    sum.put("reason", "");
    long minSample = d.minSampleSize() != null ? d.minSampleSize() : s.experiments().minSampleSize();
    double threshold = d.successThreshold() == null ? 0.0 : d.successThreshold();
    double tuning = s.experiments().sequentialTuning() > 0 ? s.experiments().sequentialTuning()
        : ConfidenceSequence.tuningForPlannedSample(2L * minSample);
    Map<String, Object> def = new LinkedHashMap<>();
    def.put("traffic_split", num(d.trafficSplit()));
    def.put("primary_metric", d.primaryMetric());
    def.put("success_threshold", num(threshold));
    def.put("success_threshold_source", d.successThreshold() == null ? "default 0 (column is null)" : "experiment");
    def.put("min_sample_size", minSample);
    def.put("min_sample_size_source", d.minSampleSize() != null ? "experiment" : "vigia.ab.min-sample-size");
    def.put("confidence_level", num(d.confidenceLevel()));
    def.put("sequential_tuning", num(tuning));
    def.put("sequential_tuning_source", s.experiments().sequentialTuning() > 0 ? "vigia.ab.sequential-tuning"
        : "2 x min_sample_size (planned total sample)");
    Map<String, Object> margins = new LinkedHashMap<>();
    margins.put(ExperimentsJob.GUARD_LATENCY, s.experiments().latencyMargin());
    margins.put(ExperimentsJob.GUARD_COST, s.experiments().costMargin());
    def.put("guardrail_margins", margins);
    sum.put("definition", def);
    long q = quarantine.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Object> obs = new LinkedHashMap<>();
    obs.put("read", observed);
    obs.put("valid", observed - q);
    obs.put("quarantined", q);
    obs.put("quarantine_reasons", quarantine);
    obs.put("pre_metric_value_invalid", preInvalid);
    sum.put("observations", obs);

    // bad definitions and bad data: a clear status, never an exception
    MetricDirection direction;
    try {
      direction = MetricDirection.forMetric(d.primaryMetric());
    } catch (IllegalArgumentException e) {
      return none(sum, "invalid_definition", "Unknown primary metric: " + e.getMessage() + ".");
    }
    def.put("direction", direction == MetricDirection.LOWER_IS_BETTER ? "lower_is_better" : "higher_is_better");
    if (!(d.trafficSplit() > 0 && d.trafficSplit() < 1)) {
      return none(sum, "invalid_definition", "traffic_split " + d.trafficSplit() + " is not strictly between 0 and 1.");
    }
    if (!(d.confidenceLevel() > 0 && d.confidenceLevel() < 1)) {
      return none(sum, "invalid_definition", "confidence_level " + d.confidenceLevel() + " is not in (0, 1).");
    }
    if (threshold < 0) {
      return none(sum, "invalid_definition", "success_threshold " + threshold + " is negative.");
    }
    MetricStats p = metrics.get(d.primaryMetric());
    if (p == null) {
      return none(sum, "no_observations", "No valid observations of " + d.primaryMetric() + " yet.");
    }
    if (p.nControl() == 0 || p.nTreatment() == 0) {
      return none(sum, "one_variant", String.format(Locale.ROOT,
          "Only one variant has observations (%d control, %d treatment).", p.nControl(), p.nTreatment()));
    }
    if (p.nControl() < 2 || p.nTreatment() < 2) {
      return none(sum, "insufficient_data", "Each variant needs at least 2 observations.");
    }
    double cl = d.confidenceLevel();
    double alpha = 1 - cl;

    Map<String, Object> ms = new LinkedHashMap<>();
    sum.put("metrics", ms);
    Map<String, Object> primary;
    RelativeLift.Result lift;
    ConfidenceSequence.Result cs;
    try {
      primary = metricSummary(p, cl, tuning);
      lift = cupedLift(p, cl);
      if (lift == null) {
        lift = RelativeLift.test(p.control(), p.treatment(), cl);
      }
      cs = ConfidenceSequence.forLift(lift, tuning);
    } catch (IllegalArgumentException e) {
      return none(sum, "undefined_effect", "The effect on " + d.primaryMetric() + " is undefined: " + e.getMessage()
          + ".");
    }
    primary.put("role", "primary");
    if (hodgesLehmann != null) {
      primary.put("hodges_lehmann", hodgesLehmann);
    } else {
      primary.put("hodges_lehmann", Map.of("note", "not computed: more than vigia.ab.hodges-lehmann-max-sample = "
          + s.experiments().hodgesLehmannMaxSample() + " observations (it needs the raw samples)"));
    }
    ms.put(d.primaryMetric(), primary);

    // secondary metrics (other metric_names) with Holm's step-down adjustment of their Welch p-values
    List<String> secondary = new ArrayList<>();
    for (MetricStats m : metrics.values()) {
      if (!m.metric().equals(d.primaryMetric()) && !m.metric().startsWith("guardrail.")) {
        secondary.add(m.metric());
        Map<String, Object> x = safeSummary(m, cl, tuning);
        x.put("role", "secondary");
        ms.put(m.metric(), x);
      }
    }
    holm(ms, secondary);

    // guardrails: non-inferiority of the relative lift's always-valid interval against the margin
    List<Guardrail> guards = new ArrayList<>();
    for (String g : List.of(ExperimentsJob.GUARD_LATENCY, ExperimentsJob.GUARD_COST)) {
      double margin = g.equals(ExperimentsJob.GUARD_LATENCY) ? s.experiments().latencyMargin()
          : s.experiments().costMargin();
      MetricStats m = metrics.get(g);
      Map<String, Object> x;
      if (m == null || m.nControl() < 2 || m.nTreatment() < 2) {
        x = new LinkedHashMap<>();
        x.put("note", "not enough values in both variants; this guardrail is not checked");
      } else {
        x = safeSummary(m, cl, tuning);
        try {
          RelativeLift.Result gl = RelativeLift.test(m.control(), m.treatment(), cl);
          guards.add(new Guardrail(g, MetricDirection.LOWER_IS_BETTER,
              Effect.of(ConfidenceSequence.forLift(gl, tuning)), margin));
        } catch (IllegalArgumentException e) {
          x.put("note", "lift undefined (" + e.getMessage() + "); this guardrail is not checked");
        }
      }
      x.put("role", "guardrail");
      x.put("margin", num(margin));
      ms.put(g, x);
    }

    // sample ratio mismatch on the unit of assignment
    long uc;
    long ut;
    String basis;
    if (units != null && units[1] == 0 && units[4] == 0) {
      uc = units[0];
      ut = units[3];
      basis = "distinct unit_id";
    } else {
      uc = p.nControl();
      ut = p.nTreatment();
      basis = "observations (some unit_id are missing)";
    }
    SampleRatioMismatch.Result srm = SampleRatioMismatch.twoVariants(uc, ut, d.trafficSplit());
    Map<String, Object> srmMap = new LinkedHashMap<>();
    srmMap.put("basis", basis);
    srmMap.put("control_units", uc);
    srmMap.put("treatment_units", ut);
    srmMap.put("expected_treatment_share", num(d.trafficSplit()));
    srmMap.put("observed_treatment_share", num((double) ut / (uc + ut)));
    srmMap.put("chi_squared", num(srm.chiSquared()));
    srmMap.put("df", srm.df());
    srmMap.put("p_value", num(srm.pValue()));
    srmMap.put("threshold", num(srm.threshold()));
    srmMap.put("flagged", srm.flagged());
    sum.put("srm", srmMap);

    // power for the success threshold at the observed variance
    Map<String, Object> pw = new LinkedHashMap<>();
    pw.put("target_power", Power.DEFAULT_POWER);
    if (threshold > 0 && p.control().mean() != 0) {
      try {
        double pooled = Power.pooledVariance(p.control(), p.treatment());
        double mean = p.control().mean();
        pw.put("pooled_variance", num(pooled));
        pw.put("required_per_variant", Power.requiredSampleSizePerGroup(threshold, mean, pooled, alpha,
            Power.DEFAULT_POWER));
        pw.put("required_per_variant_relative", num(Math.ceil(Power.requiredSampleSizePerGroupRelative(threshold,
            mean, pooled, alpha, Power.DEFAULT_POWER))));
        pw.put("achieved_power", num(Power.achievedPower(threshold, mean, pooled, p.nControl(), p.nTreatment(),
            alpha)));
        double perArm = Math.min(p.nControl(), p.nTreatment());
        pw.put("achieved_power_sequential", num(Power.achievedPowerRelativeSequential(threshold, mean, pooled,
            perArm, alpha, tuning)));
      } catch (IllegalArgumentException e) {
        pw.put("note", e.getMessage());
      }
    } else {
      pw.put("note", "no positive success_threshold (or a zero control mean): nothing to size for");
    }
    sum.put("power", pw);

    // Bayesian view beside the frequentist verdict: flat (improper) prior on the relative lift, so the
    // posterior is N(lift, se^2) (normal approximation, as GrowthBook's default uninformative prior gives).
    ChanceToWin.Result win = ChanceToWin.of(lift.lift(), lift.standardError(), direction);
    Map<String, Object> bayes = new LinkedHashMap<>();
    bayes.put("prior", "flat (improper) on the relative lift; posterior N(lift, se^2)");
    bayes.put("chance_to_win", num(win.chanceToWin()));
    bayes.put("expected_loss", num(win.expectedLoss()));
    // Thompson sampling with two arms sends each unit to the arm drawn best: the treatment share is P(best)
    bayes.put("thompson_treatment_share", num(win.chanceToWin()));
    sum.put("bayesian", bayes);

    long nc = p.nControl();
    long nt = p.nTreatment();
    Verdict v = ExperimentDecision.decide(new ExperimentDecision.Input(d.primaryMetric(), direction, Effect.of(cs),
        threshold, nc, nt, minSample, srm, guards));
    Verdict fixed = ExperimentDecision.decide(new ExperimentDecision.Input(d.primaryMetric(), direction,
        Effect.of(lift), threshold, nc, nt, minSample, srm, guards));
    Map<String, Object> verdict = new LinkedHashMap<>();
    verdict.put("winner", v.winner().label());
    verdict.put("stop", v.stop());
    verdict.put("basis", "always-valid confidence sequence of the relative lift"
        + (Boolean.TRUE.equals(((Map<?, ?>) primary.get("cuped")).get("applied")) ? " (CUPED-adjusted)" : ""));
    verdict.put("p_value", num(cs.pValue()));
    verdict.put("guardrail_notes", v.guardrailNotes());
    sum.put("verdict", verdict);
    Map<String, Object> fx = new LinkedHashMap<>();
    fx.put("winner", fixed.winner().label());
    fx.put("p_value", num(lift.pValue()));
    fx.put("reason", fixed.reason());
    sum.put("fixed_horizon_verdict", fx);
    sum.put("reason", v.reason());
    return new Outcome(v.winner().label(), Math.min(1.0, Math.max(0.0, cs.pValue())), v.stop(), json(sum));
  }

  private static Outcome none(Map<String, Object> sum, String status, String reason) {
    sum.put("status", status);
    sum.put("reason", reason);
    return new Outcome("none", null, false, json(sum));
  }

  private static Map<String, Object> safeSummary(MetricStats m, double cl, double tuning) {
    try {
      return metricSummary(m, cl, tuning);
    } catch (IllegalArgumentException e) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("control", sampleMap(m.control()));
      x.put("treatment", sampleMap(m.treatment()));
      x.put("note", e.getMessage());
      return x;
    }
  }

  /** Every test of one metric: Welch, relative lift, its confidence sequence, Mann-Whitney U. */
  static Map<String, Object> metricSummary(MetricStats m, double cl, double tuning) {
    SampleStats c = m.control();
    SampleStats t = m.treatment();
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("control", sampleMap(c));
    x.put("treatment", sampleMap(t));
    x.put("min", num(m.min()));
    x.put("max", num(m.max()));
    x.put("distinct_values", m.distinctValues());
    x.put("welch", welchMap(WelchTTest.test(c, t, cl)));
    RelativeLift.Result r = RelativeLift.test(c, t, cl);
    x.put("relative", liftMap(r));
    x.put("sequential", sequentialMap(ConfidenceSequence.forLift(r, tuning)));
    x.put("cuped", cupedSummary(m, cl, tuning));
    MannWhitneyU.Result u = MannWhitneyU.fromRankSum(m.rankSumTreatment(), m.nTreatment(), m.nControl(), m.tieTerm());
    Map<String, Object> um = new LinkedHashMap<>();
    um.put("rank_sum_treatment", num(m.rankSumTreatment()));
    um.put("u_treatment", num(u.u1()));
    um.put("tie_term", num(m.tieTerm()));
    um.put("method", u.method().name().toLowerCase(Locale.ROOT));
    um.put("z", num(u.z()));
    um.put("p_value", num(u.pValue()));
    um.put("p_treatment_greater", num(u.probabilityXGreater()));
    x.put("mann_whitney", um);
    return x;
  }

  /** The CUPED-adjusted relative lift of a metric, or null when CUPED does not apply (see {@link #cupedSummary}). */
  static RelativeLift.Result cupedLift(MetricStats m, double cl) {
    if (!m.cupedReady()) {
      return null;
    }
    try {
      return Cuped.test(m.cupedControl(), m.cupedTreatment(), cl).relative();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * CUPED of one metric ({@link Cuped}): applied when every observation of both variants carries a finite
   * pre_metric_value and the covariate varies; the adjusted Welch test, the adjusted relative lift with its
   * confidence sequence, theta, the pooled correlation and the variance reduction achieved.
   */
  static Map<String, Object> cupedSummary(MetricStats m, double cl, double tuning) {
    Map<String, Object> x = new LinkedHashMap<>();
    long with = m.covariate() == null ? 0 : m.covariate().npControl() + m.covariate().npTreatment();
    x.put("observations_with_covariate", with);
    if (!m.cupedReady()) {
      x.put("applied", false);
      x.put("note", with == 0 ? "no pre_metric_value on the observations"
          : String.format(Locale.ROOT, "only %d of %d observations carry a finite pre_metric_value; CUPED needs all",
              with, m.nControl() + m.nTreatment()));
      return x;
    }
    Cuped.Sample c = m.cupedControl();
    Cuped.Sample t = m.cupedTreatment();
    x.put("covariate_control", sampleMap(c.pre()));
    x.put("covariate_treatment", sampleMap(t.pre()));
    x.put("comoment_control", num(c.coMoment()));
    x.put("comoment_treatment", num(t.coMoment()));
    Cuped.Result r;
    try {
      r = Cuped.test(c, t, cl);
    } catch (IllegalArgumentException e) {
      x.put("applied", false);
      x.put("note", e.getMessage());
      return x;
    }
    x.put("applied", true);
    x.put("method", "CUPED (Deng et al. 2013), theta pooled across variants, GrowthBook's regression adjustment");
    x.put("theta", num(r.theta()));
    x.put("correlation", num(r.correlation()));
    x.put("variance_reduction", num(r.varianceReduction()));
    x.put("absolute_variance_reduction", num(r.absoluteVarianceReduction()));
    x.put("control_adjusted", sampleMap(r.control()));
    x.put("treatment_adjusted", sampleMap(r.treatment()));
    x.put("welch", welchMap(r.absolute()));
    x.put("relative", liftMap(r.relative()));
    x.put("sequential", sequentialMap(ConfidenceSequence.forLift(r.relative(), tuning)));
    return x;
  }

  private static Map<String, Object> welchMap(WelchTTest.Result w) {
    Map<String, Object> wm = new LinkedHashMap<>();
    wm.put("difference", num(w.difference()));
    wm.put("se", num(w.standardError()));
    wm.put("t", num(w.t()));
    wm.put("df", num(w.df()));
    wm.put("p_value", num(w.pValue()));
    wm.put("ci", pair(w.ciLower(), w.ciUpper()));
    return wm;
  }

  private static Map<String, Object> liftMap(RelativeLift.Result r) {
    Map<String, Object> rm = new LinkedHashMap<>();
    rm.put("lift", num(r.lift()));
    rm.put("se", num(r.standardError()));
    rm.put("df", num(r.df()));
    rm.put("p_value", num(r.pValue()));
    rm.put("ci", pair(r.ciLower(), r.ciUpper()));
    return rm;
  }

  private static Map<String, Object> sequentialMap(ConfidenceSequence.Result cs) {
    Map<String, Object> cm = new LinkedHashMap<>();
    cm.put("ci", pair(cs.ciLower(), cs.ciUpper()));
    cm.put("p_value", num(cs.pValue()));
    cm.put("tuning", num(cs.tuning()));
    cm.put("n", cs.n());
    return cm;
  }

  /** Holm's step-down adjustment ({@link MultipleTesting#holm}) of the metrics' Welch p-values, as holm_p. */
  @SuppressWarnings("unchecked")
  private static void holm(Map<String, Object> ms, List<String> names) {
    double[] ps = new double[names.size()];
    for (int i = 0; i < ps.length; i++) {
      Object w = ((Map<String, Object>) ms.get(names.get(i))).get("welch");
      ps[i] = w != null && ((Map<String, Object>) w).get("p_value") instanceof Double pv ? pv : Double.NaN;
    }
    double[] adjusted = MultipleTesting.holm(ps);
    for (int i = 0; i < ps.length; i++) {
      if (!Double.isNaN(adjusted[i])) {
        ((Map<String, Object>) ms.get(names.get(i))).put("holm_p", adjusted[i]);
      }
    }
  }

  private static Map<String, Object> sampleMap(SampleStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", s.n());
    m.put("mean", num(s.mean()));
    m.put("m2", num(s.m2()));
    m.put("variance", num(s.variance()));
    return m;
  }

  private static List<Double> pair(double a, double b) {
    List<Double> l = new ArrayList<>();
    l.add(num(a));
    l.add(num(b));
    return l;
  }

  /** A finite number, or null (JSON has no NaN or Infinity). */
  static Double num(double x) {
    return Double.isFinite(x) ? x : null;
  }

  private static String json(Map<String, Object> m) {
    return Json.write(m);
  }
}
