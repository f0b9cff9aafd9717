package io.vigia.jobs.experiments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.Scope;
import io.vigia.common.json.Json;
import io.vigia.common.settings.ExperimentSettings;
import io.vigia.common.stats.WelchTTest;
import io.vigia.common.stats.ab.ConfidenceSequence;
import io.vigia.common.stats.ab.Cuped;
import io.vigia.common.stats.ab.MannWhitneyU;
import io.vigia.common.stats.ab.MetricDirection;
import io.vigia.common.stats.ab.Power;
import io.vigia.common.stats.ab.RelativeLift;
import io.vigia.common.stats.ab.SampleStats;
import io.vigia.jobs.experiments.ExperimentResult.Failure;
import io.vigia.jobs.experiments.ExperimentResult.MetricResult;
import io.vigia.jobs.experiments.ExperimentResult.PowerAnalysis;
import io.vigia.jobs.experiments.ExperimentResult.Role;
import io.vigia.jobs.experiments.ExperimentResult.SrmCheck;
import io.vigia.jobs.experiments.ExperimentResult.Status;
import io.vigia.jobs.experiments.MetricTests.CupedTests;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the experiments job writes: per experiment its result columns of ab_experiments (winner, p_value,
 * results_summary, analyzed_at, status 'completed' when a stopping rule is met), through
 * {@link io.vigia.common.job.ResultWriter#update} so no other column is touched.
 *
 * <p>results_summary (jsonb, schema {@code vigia.experiments/1}), built here from an {@link ExperimentResult}:
 * <ul>
 *   <li>{@code status}: analysed | invalid_definition | no_observations | one_variant | insufficient_data |
 *       undefined_effect; {@code reason}: one sentence.</li>
 *   <li>{@code definition}: traffic_split, primary_metric, direction, success_threshold, min_sample_size (and
 *       whether it came from the experiment or vigia.ab.min-sample-size), confidence_level,
 *       sequential_tuning, guardrail_margins.</li>
 *   <li>{@code observations}: read, valid, quarantined, quarantine_reasons, pre_metric_value_invalid.</li>
 *   <li>{@code metrics}: per metric (the primary, other metric_names as secondary, guardrail.latency_ms and
 *       guardrail.cost_usd) {@code control/treatment: n, mean, m2, variance}, min, max, distinct_values,
 *       {@code welch}, {@code relative}, {@code sequential}, {@code cuped}, {@code mann_whitney}; the primary
 *       adds {@code hodges_lehmann}, secondaries {@code holm_p}, guardrails {@code margin}.</li>
 *   <li>{@code srm}, {@code power}, {@code bayesian} (chance to win, expected loss, Thompson-sampling
 *       treatment share), {@code verdict} and {@code fixed_horizon_verdict} (kept beside it, not used to
 *       stop).</li>
 * </ul>
 * Non-finite numbers are written as null. Definitions: docs/jobs/experiments.md.
 */
final class ExperimentOutputs {
  static final StructType ROW_SCHEMA = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("winner", DataTypes.StringType, false)
      .add("p_value", DataTypes.DoubleType, true)
      .add("results_summary", DataTypes.StringType, false)
      .add("analyzed_at", DataTypes.TimestampType, false)
      .add("status", DataTypes.StringType, false);

  private ExperimentOutputs() {}

  /** Stages the experiments' result rows for the run's commit; returns the rows staged. */
  static long write(
      JobContext ctx, List<ExperimentResult> results, ExperimentSettings settings, Instant now) {
    Dataset<Row> rows = rows(ctx.spark(), results, settings, now).coalesce(1);
    return ctx.writer()
        .update("ab_experiments", rows, new Scope("status = 'running'", List.of()), List.of("id"));
  }

  static Dataset<Row> rows(
      SparkSession spark,
      List<ExperimentResult> results,
      ExperimentSettings settings,
      Instant now) {
    List<Row> out = new ArrayList<>();
    for (ExperimentResult r : results) {
      out.add(RowFactory.create(
          r.data().definition().id(),
          r.winner(),
          r.pValue(),
          resultsSummary(r, settings),
          Timestamp.from(now),
          r.stop() ? "completed" : "running"));
    }
    return spark.createDataFrame(out, ROW_SCHEMA);
  }

  /** The results_summary JSON text of one experiment. */
  static String resultsSummary(ExperimentResult r, ExperimentSettings settings) {
    ObjectNode summary = Json.object();
    summary.put("schema", "vigia.experiments/1");
    summary.put("status", r.status().label());
    summary.put("reason", r.reason());
    summary.set("definition", definition(r, settings));
    summary.set("observations", observations(r.data().observations()));
    if (r.metrics() != null) {
      ObjectNode metrics = summary.putObject("metrics");
      for (MetricResult m : r.metrics()) {
        metrics.set(m.name(), metric(m, r.data().hodgesLehmann(), settings));
      }
    }
    if (r.status() == Status.ANALYSED) {
      summary.set("srm", srm(r.srm(), r.data().definition().trafficSplit()));
      summary.set("power", power(r.power()));
      ObjectNode bayes = summary.putObject("bayesian");
      bayes.put("prior", "flat (improper) on the relative lift; posterior N(lift, se^2)");
      number(bayes, "chance_to_win", r.chanceToWin().chanceToWin());
      number(bayes, "expected_loss", r.chanceToWin().expectedLoss());
      // Thompson sampling with two arms sends each unit to the arm drawn best: the treatment share
      // is P(best)
      number(bayes, "thompson_treatment_share", r.chanceToWin().chanceToWin());
      ObjectNode verdict = summary.putObject("verdict");
      verdict.put("winner", r.verdict().winner().label());
      verdict.put("stop", r.verdict().stop());
      verdict.put(
          "basis",
          "always-valid confidence sequence of the relative lift"
              + (r.primary().cupedAdjusted() ? " (CUPED-adjusted)" : ""));
      number(verdict, "p_value", r.primary().sequence().pValue());
      ArrayNode notes = verdict.putArray("guardrail_notes");
      r.verdict().guardrailNotes().forEach(notes::add);
      ObjectNode fixed = summary.putObject("fixed_horizon_verdict");
      fixed.put("winner", r.fixedHorizonVerdict().winner().label());
      number(fixed, "p_value", r.primary().lift().pValue());
      fixed.put("reason", r.fixedHorizonVerdict().reason());
    }
    return Json.write(summary);
  }

  private static ObjectNode definition(ExperimentResult r, ExperimentSettings settings) {
    ExperimentDefinition d = r.data().definition();
    ObjectNode x = Json.object();
    number(x, "traffic_split", d.trafficSplit());
    x.put("primary_metric", d.primaryMetric());
    number(x, "success_threshold", r.plan().successThreshold());
    x.put(
        "success_threshold_source",
        d.successThreshold() == null ? "default 0 (column is null)" : "experiment");
    x.put("min_sample_size", r.plan().minSampleSize());
    x.put(
        "min_sample_size_source",
        d.minSampleSize() != null ? "experiment" : "vigia.ab.min-sample-size");
    number(x, "confidence_level", d.confidenceLevel());
    number(x, "sequential_tuning", r.plan().sequentialTuning());
    x.put(
        "sequential_tuning_source",
        settings.sequentialTuningSet()
            ? "vigia.ab.sequential-tuning"
            : "2 x min_sample_size (planned total sample)");
    ObjectNode margins = x.putObject("guardrail_margins");
    margins.put(ExperimentAssessment.GUARDRAIL_LATENCY, settings.latencyMargin());
    margins.put(ExperimentAssessment.GUARDRAIL_COST, settings.costMargin());
    if (r.direction() != null) {
      x.put(
          "direction",
          r.direction() == MetricDirection.LOWER_IS_BETTER
              ? "lower_is_better"
              : "higher_is_better");
    }
    return x;
  }

  private static ObjectNode observations(ObservationCounts o) {
    ObjectNode x = Json.object();
    x.put("read", o.read());
    x.put("valid", o.valid());
    x.put("quarantined", o.quarantined());
    ObjectNode reasons = x.putObject("quarantine_reasons");
    o.quarantineReasons().forEach(reasons::put);
    x.put("pre_metric_value_invalid", o.preMetricValueInvalid());
    return x;
  }

  private static ObjectNode metric(
      MetricResult m, HodgesLehmannShift hodgesLehmann, ExperimentSettings settings) {
    ObjectNode x;
    if (m.role() == Role.GUARDRAIL && !m.enoughValues()) {
      x = Json.object();
      x.put("note", "not enough values in both variants; this guardrail is not checked");
    } else if (m.tests() != null) {
      x = tests(m.sums(), m.tests());
    } else {
      x = Json.object();
      x.set("control", sample(m.sums().controlStats()));
      x.set("treatment", sample(m.sums().treatmentStats()));
      x.put("note", m.failure().message());
    }
    if (m.liftFailure() != null) {
      x.put(
          "note",
          "lift undefined (" + m.liftFailure().message() + "); this guardrail is not checked");
    }
    x.put("role", m.role().label());
    switch (m.role()) {
      case PRIMARY -> x.set("hodges_lehmann", hodgesLehmann(hodgesLehmann, settings));
      case SECONDARY -> {
        if (m.holmP() != null) {
          x.put("holm_p", m.holmP());
        }
      }
      case GUARDRAIL -> number(x, "margin", m.margin());
    }
    return x;
  }

  /** Every test of one metric: Welch, relative lift, its confidence sequence, CUPED, Mann-Whitney U. */
  private static ObjectNode tests(MetricSums sums, MetricTests t) {
    ObjectNode x = Json.object();
    x.set("control", sample(t.control()));
    x.set("treatment", sample(t.treatment()));
    number(x, "min", sums.min());
    number(x, "max", sums.max());
    x.put("distinct_values", sums.distinctValues());
    x.set("welch", welch(t.welch()));
    x.set("relative", lift(t.relative()));
    x.set("sequential", sequence(t.sequential()));
    x.set("cuped", cuped(t.cuped()));
    MannWhitneyU.Result u = t.mannWhitney();
    ObjectNode mw = x.putObject("mann_whitney");
    number(mw, "rank_sum_treatment", sums.rankSumTreatment());
    number(mw, "u_treatment", u.u1());
    number(mw, "tie_term", sums.tieTerm());
    mw.put("method", u.method().name().toLowerCase(Locale.ROOT));
    number(mw, "z", u.z());
    number(mw, "p_value", u.pValue());
    number(mw, "p_treatment_greater", u.probabilityXGreater());
    return x;
  }

  private static ObjectNode cuped(CupedTests c) {
    ObjectNode x = Json.object();
    x.put("observations_with_covariate", c.observationsWithCovariate());
    if (!c.ready()) {
      x.put("applied", false);
      x.put(
          "note",
          c.observationsWithCovariate() == 0
              ? "no pre_metric_value on the observations"
              : String.format(
                  Locale.ROOT,
                  "only %d of %d observations carry a finite pre_metric_value; CUPED needs all",
                  c.observationsWithCovariate(),
                  c.observations()));
      return x;
    }
    x.set("covariate_control", sample(c.control().pre()));
    x.set("covariate_treatment", sample(c.treatment().pre()));
    number(x, "comoment_control", c.control().coMoment());
    number(x, "comoment_treatment", c.treatment().coMoment());
    if (!c.applied()) {
      x.put("applied", false);
      x.put("note", c.failure());
      return x;
    }
    Cuped.Result r = c.result();
    x.put("applied", true);
    x.put(
        "method",
        "CUPED (Deng et al. 2013), theta pooled across variants, GrowthBook's regression adjustment");
    number(x, "theta", r.theta());
    number(x, "correlation", r.correlation());
    number(x, "variance_reduction", r.varianceReduction());
    number(x, "absolute_variance_reduction", r.absoluteVarianceReduction());
    x.set("control_adjusted", sample(r.control()));
    x.set("treatment_adjusted", sample(r.treatment()));
    x.set("welch", welch(r.absolute()));
    x.set("relative", lift(r.relative()));
    x.set("sequential", sequence(c.sequential()));
    return x;
  }

  private static ObjectNode hodgesLehmann(HodgesLehmannShift h, ExperimentSettings settings) {
    ObjectNode x = Json.object();
    if (h == null) {
      x.put(
          "note",
          "not computed: more than vigia.ab.hodges-lehmann-max-sample = "
              + settings.hodgesLehmannMaxSample() + " observations (it needs the raw samples)");
      return x;
    }
    number(x, "shift", h.shift());
    x.set("ci", interval(h.ciLower(), h.ciUpper()));
    x.put("method", h.method());
    x.put(
        "note",
        "median of treatment - control pairwise differences of the primary metric; unbounded ends are null");
    return x;
  }

  private static ObjectNode srm(SrmCheck s, double trafficSplit) {
    ObjectNode x = Json.object();
    x.put("basis", s.byUnit() ? "distinct unit_id" : "observations (some unit_id are missing)");
    x.put("control_units", s.controlUnits());
    x.put("treatment_units", s.treatmentUnits());
    number(x, "expected_treatment_share", trafficSplit);
    number(
        x,
        "observed_treatment_share",
        (double) s.treatmentUnits() / (s.controlUnits() + s.treatmentUnits()));
    number(x, "chi_squared", s.result().chiSquared());
    x.put("df", s.result().df());
    number(x, "p_value", s.result().pValue());
    number(x, "threshold", s.result().threshold());
    x.put("flagged", s.result().flagged());
    return x;
  }

  private static ObjectNode power(PowerAnalysis p) {
    ObjectNode x = Json.object();
    x.put("target_power", Power.DEFAULT_POWER);
    if (!p.applicable()) {
      x.put("note", "no positive success_threshold (or a zero control mean): nothing to size for");
      return x;
    }
    optionalNumber(x, "pooled_variance", p.pooledVariance());
    if (p.requiredPerVariant() != null) {
      x.put("required_per_variant", p.requiredPerVariant());
    }
    optionalNumber(x, "required_per_variant_relative", p.requiredPerVariantRelative());
    optionalNumber(x, "achieved_power", p.achievedPower());
    optionalNumber(x, "achieved_power_sequential", p.achievedPowerSequential());
    Failure failure = p.failure();
    if (failure != null) {
      x.put("note", failure.message());
    }
    return x;
  }

  private static ObjectNode welch(WelchTTest.Result w) {
    ObjectNode x = Json.object();
    number(x, "difference", w.difference());
    number(x, "se", w.standardError());
    number(x, "t", w.t());
    number(x, "df", w.df());
    number(x, "p_value", w.pValue());
    x.set("ci", interval(w.ciLower(), w.ciUpper()));
    return x;
  }

  private static ObjectNode lift(RelativeLift.Result r) {
    ObjectNode x = Json.object();
    number(x, "lift", r.lift());
    number(x, "se", r.standardError());
    number(x, "df", r.df());
    number(x, "p_value", r.pValue());
    x.set("ci", interval(r.ciLower(), r.ciUpper()));
    return x;
  }

  private static ObjectNode sequence(ConfidenceSequence.Result cs) {
    ObjectNode x = Json.object();
    x.set("ci", interval(cs.ciLower(), cs.ciUpper()));
    number(x, "p_value", cs.pValue());
    number(x, "tuning", cs.tuning());
    x.put("n", cs.n());
    return x;
  }

  private static ObjectNode sample(SampleStats s) {
    ObjectNode x = Json.object();
    x.put("n", s.n());
    number(x, "mean", s.mean());
    number(x, "m2", s.m2());
    number(x, "variance", s.variance());
    return x;
  }

  private static ArrayNode interval(double lower, double upper) {
    ArrayNode x = Json.MAPPER.createArrayNode();
    x.add(Json.finiteOrNull(lower));
    x.add(Json.finiteOrNull(upper));
    return x;
  }

  /** A number, null when not finite (JSON has no NaN or Infinity). */
  private static void number(ObjectNode x, String key, double value) {
    x.put(key, Json.finiteOrNull(value));
  }

  /** A number that was computed (null: not reached, left out), null when not finite. */
  private static void optionalNumber(ObjectNode x, String key, Double value) {
    if (value != null) {
      number(x, key, value);
    }
  }

  /** Winners counted, for the run's summary line. */
  static String summaryLine(
      int experiments,
      long observations,
      long quarantined,
      Map<String, Long> winners,
      long completed) {
    return String.format(
        "%d running experiments analysed, %d observations (%d quarantined): winners %s, "
            + "%d completed",
        experiments, observations, quarantined, winners, completed);
  }
}
