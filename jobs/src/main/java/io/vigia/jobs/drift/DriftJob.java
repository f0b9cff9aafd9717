package io.vigia.jobs.drift;

import io.vigia.common.job.Input;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.job.Window;
import io.vigia.common.settings.DriftSettings;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.drift.ModelKey.FeatureKey;
import io.vigia.jobs.ingest.Events;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift detection per tenant x model x model_version: evaluation window = the run window, reference =
 * the preceding window of the same length (vigia.drift.reference-mode = preceding), a fixed
 * baseline period (baseline) or the same weekdays of the seasonal-weeks weeks before (seasonal; see
 * {@link #referenceWindows}). Everything is computed with Spark aggregations; only per-group
 * summaries (counts, moments, bin and category counts, KS results) reach the driver.
 *
 * <p><b>Inputs.</b> Predictions with status 'ok' whose ts lies in either window ({@link Events#in}:
 * the landing dates each window's events can be on). Outcomes are joined on (tenant_id, prediction_id); they may land up to
 * vigia.drift.outcome-lateness-days (default 3) after the window, so outcome dt is read up to window
 * end + 3 days: a run before then sees fewer joined outcomes and a later re-run completes them. Of
 * several outcomes of one prediction the latest (by ts) counts.
 *
 * <p><b>Performance</b> ({@link ErrorSums#aggregations} and {@link Performance}, Hyndman and
 * Koehler 2006): MAE = mean|y - yhat|; RMSE = sqrt(mean (y - yhat)^2); MAPE = mean(|y - yhat| / |y|)
 * over rows with y != 0 only (rows with y = 0 are excluded and counted in details.zero_actuals);
 * sMAPE = mean(2|y - yhat| / (|y| + |yhat|)) with 0/0 = 0. Accuracy = share of joined rows with
 * predicted_class = actual_class. A model whose outcomes carry class labels is a classifier: its
 * MAPE/sMAPE are not reported (percentage errors of 0/1 labels mean nothing), accuracy is.
 *
 * <p><b>Data drift</b> per feature (feature_drift_metrics). Numeric: two-sample KS (exact D from one
 * sort within (group, feature) and {@link io.vigia.common.stats.KolmogorovSmirnov.Accumulator}; p-value
 * exact for max(n1, n2) <= 10000 else asymptotic, scipy ks_2samp method='auto'), PSI over bins cut at
 * the exact reference quantiles k/n_bins (numpy 'linear'), right-closed, epsilon 1e-4 for empty bins
 * with renormalisation ({@link PopulationStabilityIndex}). NaN values are not tested, counted in
 * details.nan_*. Categorical: PSI over the union of categories (same epsilon rule) and Pearson's
 * chi-squared homogeneity p-value ({@link ChiSquared}). A feature with fewer than min-sample-size
 * values on either side is insufficient_data: its statistics are reported but it is never drifted
 * and its p-value is not among the BH hypotheses (p_value_adjusted NULL). Across a model's
 * tested features, Benjamini-Hochberg adjusted p-values (KS p for numeric, chi-squared p for
 * categorical). drifted = sufficient and p_adjusted <= fdr-alpha and (KS D > ks-threshold or PSI >
 * psi-threshold).
 *
 * <p><b>Scores</b> ({@link DriftScores}, each in [0, 1], a threshold maps to 0.5 and twice it to 1):
 * feature score = max(ramp(D, ks-threshold), ramp(PSI, psi-threshold)) (categorical: PSI only); data
 * score = max feature score over the features significant after BH (0 if none, NULL if no feature is
 * sufficient); prediction score = ramp(KS D of the predictions, ks-threshold) when the KS p-value <=
 * fdr-alpha, else 0; concept score = calculate_drift_score(); drift_score = combine_drift_scores()
 * (0.40 concept + 0.35 data + 0.25 prediction). Prediction drift also reports Welch's t-test on the
 * mean and the F-test on the variance in details.
 *
 * <p><b>Alerts</b> (drift_alerts; storms prevented by {@link AlertPolicy}: an unresolved alert is
 * updated across windows, a cooldown after resolution unless severity rises; human-owned columns
 * never written), only for models with at least min-sample-size predictions on both sides:
 * drift_detected when drift_score > 0.4 (high, retraining_due_by = window end + 7 days) or > 0.7
 * (critical, retraining_triggered, retraining_due_by = window end + 1 day), medium (no deadline) when
 * features drifted but the score stayed at or below 0.4 (data drift alone weighs at most 0.35); performance_degradation
 * when the joined sample is sufficient on both sides and MAPE rose by more than mape-threshold
 * (relative) or accuracy fell by more than accuracy-threshold (relative): medium, high past twice the
 * threshold, critical past 4x; data_quality per tenant x model for bad input ({@link InputQualityCheck}:
 * missing and wrong-type feature values, NaN, quarantined prediction lines, orphan and mismatched
 * outcomes, models without reference), counted in one pass with the aggregations above.
 *
 * <p><b>Error slices</b> ({@link ErrorSlices}, error_slices): per tenant x model with enough joined
 * outcomes in the window, the leaves of an MLlib decision tree fitted to the per-row error over the
 * model's features, kept where their error is significantly above the rest (docs/jobs/drift.md#error-slices).
 */
public final class DriftJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(DriftJob.class);
  public static final String NAME = "drift";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "performance, feature and prediction drift per tenant x model x version, drift score, alerts";
  }

  @Override
  public int defaultWindowDays() {
    return 7;
  }

  @Override
  public RunRules rules() {
    return RunRules.NONE.enabledBy("vigia.drift.enabled").reads(Input.LAKE);
  }

  /**
   * The reference of a run window, by vigia.drift.reference-mode, as one or more windows in time order:
   * preceding = the window of the same length just before; baseline = [baseline-start, baseline-end);
   * seasonal = the same weekdays and hours of each of the seasonal-weeks weeks before (the run window
   * shifted back by 7, 14, ... days; so a Monday is compared with earlier Mondays), which needs a run
   * window of at most 7 days (a longer one would overlap its own reference).
   */
  static List<Window> referenceWindows(Settings settings, Window w) {
    DriftSettings s = settings.drift();
    return switch (s.referenceMode()) {
      case BASELINE -> {
        Window b = Window.between(s.baselineStart(), s.baselineEnd());
        if (b.end().isAfter(w.start())) {
          throw new IllegalArgumentException(
              "drift baseline " + b + " (vigia.drift.baseline-start/baseline-end) must "
                  + "end before the run window " + w);
        }
        yield List.of(b);
      }
      case SEASONAL -> {
        if (w.length().compareTo(Duration.ofDays(7)) > 0) {
          throw new IllegalArgumentException(
              "vigia.drift.reference-mode = seasonal compares the same weekdays of "
                  + "earlier weeks and needs a run window of at most 7 days; got " + w + " ("
                  + w.length().toDays()
                  + " days): use a shorter --from/--to or reference-mode preceding");
        }
        List<Window> parts = new ArrayList<>();
        for (int k = s.seasonalWeeks(); k >= 1; k--) {
          Duration back = Duration.ofDays(7L * k);
          parts.add(new Window(w.start().minus(back), w.end().minus(back)));
        }
        yield parts;
      }
      case PRECEDING -> {
        Duration len = w.length();
        yield List.of(new Window(w.start().minus(len), w.start()));
      }
    };
  }

  /** The span of the reference (first start to last end); for seasonal mode it contains gaps. */
  static Window referenceWindow(Settings s, Window w) {
    return DriftOutputs.referenceSpan(referenceWindows(s, w));
  }

  /**
   * Read ({@link DriftInputs}) -> Spark transforms (and the error slices' trees, {@link ErrorSlices}) to typed records ({@link DriftTransforms}) -> the
   * pure assessment ({@link DriftAssessment}) -> alerts and rows written ({@link DriftOutputs}).
   */
  @Override
  public JobResult run(JobContext ctx) throws Exception {
    DriftSettings s = ctx.settings().drift();
    DriftInputs in =
        DriftInputs.read(ctx, ctx.window(), referenceWindows(ctx.settings(), ctx.window()));
    if (!in.hasPredictions()) {
      LOG.warn(
          "drift: no prediction events were ever ingested under {}; nothing to evaluate",
          ctx.lake("events"));
      DriftOutputs.stage(ctx, List.of(), List.of(), List.of(), List.of());
      return JobResult.of(0, 0, 0, ctx.writer().stagedCounts(), "no prediction events ingested");
    }
    ctx.describe("profile");
    DriftProfile profile = DriftTransforms.profile(in.predictions());
    ctx.describe("ks and psi sorted pass");
    Map<FeatureKey, SortedPassResult> sorted =
        DriftTransforms.sortedPass(in.predictions(), profile, s.nBins(), s.inMemoryKeyValues());
    Dataset<Row> joined = DriftTransforms.joinedOutcomes(
        in.outcomes(), in.landedPredictions(), in.window(), in.references());
    ctx.describe("performance join");
    PerformanceCounts performance = DriftTransforms.performance(joined);
    List<ErrorSlices.Found> slices = ErrorSlices.find(ctx, joined, performance, s.slices());
    ctx.describe("quarantine counts");
    QuarantineCounts quarantine = DriftTransforms.quarantine(in.quarantine());

    DriftAssessment.Result result = DriftAssessment.assess(
        DriftTransforms.modelInputs(profile, sorted, performance),
        performance,
        quarantine,
        s,
        in.window().end());

    String summary = DriftOutputs.write(ctx, in, result, slices, s);
    long events = profile.predictionEvents();
    return JobResult.of(events, events, 0, ctx.writer().stagedCounts(), summary);
  }
}
