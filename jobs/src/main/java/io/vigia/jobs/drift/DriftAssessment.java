package io.vigia.jobs.drift;

import io.vigia.common.json.Json;
import io.vigia.common.settings.DriftSettings;
import io.vigia.common.stats.ChiSquared;
import io.vigia.common.stats.Moments;
import io.vigia.common.stats.MultipleTesting;
import io.vigia.common.stats.PopulationStabilityIndex;
import io.vigia.common.stats.VarianceRatioTest;
import io.vigia.common.stats.WelchTTest;
import io.vigia.jobs.drift.FeatureAssessment.FeatureQuality;
import io.vigia.jobs.drift.InputQualityCheck.ModelInputCounts;
import io.vigia.jobs.drift.ModelAssessment.PerformanceChange;
import io.vigia.jobs.drift.ModelAssessment.PredictionDrift;
import io.vigia.jobs.drift.ModelAssessment.Scores;
import io.vigia.jobs.drift.ModelKey.TenantModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The drift verdicts from the transforms' records, without Spark: statistical tests, Benjamini-Hochberg
 * across a model's features, scores and alert decisions (see {@link DriftJob} for the definitions).
 */
final class DriftAssessment {
  /** A drift score above this raises drift_detected (high); above {@link #CRITICAL_SCORE}, critical. */
  static final double ALERT_SCORE = 0.4;

  static final double CRITICAL_SCORE = 0.7;

  private DriftAssessment() {}

  /**
   * Every model's verdict, the data quality per tenant x model, and the quarantined prediction lines
   * no model could be read from.
   */
  record Result(
      List<ModelAssessment> models,
      List<DataQualityAssessment> dataQuality,
      long quarantinedWithoutModel) {
    long featuresDrifted() {
      return models.stream().mapToLong(ModelAssessment::featuresDrifted).sum();
    }
  }

  /** The bad input of one tenant x model (all versions) and whether it deserves an alert. */
  record DataQualityAssessment(
      TenantModel model, ModelInputCounts counts, InputQualityCheck.Verdict verdict) {}

  static Result assess(
      List<ModelDriftInput> models,
      PerformanceCounts performance,
      QuarantineCounts quarantine,
      DriftSettings s,
      Instant windowEnd) {
    List<ModelAssessment> assessed =
        models.stream().map(m -> assessModel(m, s, windowEnd)).toList();
    return new Result(
        assessed, dataQuality(assessed, performance, quarantine, s), quarantine.unattributed());
  }

  static ModelAssessment assessModel(ModelDriftInput input, DriftSettings s, Instant windowEnd) {
    ModelWindowStats predictions = input.predictions();
    boolean sufficient = predictions.sufficient(s);
    List<FeatureAssessment> features = assessFeatures(predictions, input.features(), s);
    PredictionDrift predictionDrift = predictionDrift(predictions, input.predictionPass());
    PerformanceChange performance = performanceChange(
        Performance.of(input.referenceErrors()), Performance.of(input.currentErrors()), s);
    double data = sufficient ? dataScore(features) : Double.NaN;
    double prediction = !sufficient || Double.isNaN(predictionDrift.ksStatistic())
        ? Double.NaN
        : predictionDrift.ksPValue() <= s.fdrAlpha()
            ? DriftScores.ramp(predictionDrift.ksStatistic(), s.ksThreshold())
            : 0;
    double concept = performance.sufficient()
        ? DriftScores.concept(
            performance.mape(),
            performance.referenceMape(),
            performance.current().accuracy(),
            performance.reference().accuracy(),
            s.mapeThreshold(),
            s.accuracyThreshold())
        : Double.NaN;
    Scores scores =
        new Scores(data, concept, prediction, DriftScores.combine(concept, data, prediction));
    int featuresDrifted =
        (int) features.stream().filter(FeatureAssessment::drifted).count();
    return new ModelAssessment(
        predictions,
        sufficient,
        features,
        predictionDrift,
        performance,
        scores,
        alerts(sufficient, featuresDrifted, scores, performance, s, windowEnd),
        input.mismatchedOutcomes());
  }

  /**
   * Each feature tested, then Benjamini-Hochberg over the p-values of the sufficient ones: drifted =
   * sufficient and p_adjusted <= fdr-alpha and (KS D > ks-threshold or PSI > psi-threshold).
   */
  static List<FeatureAssessment> assessFeatures(
      ModelWindowStats predictions, List<FeatureDriftInput> inputs, DriftSettings s) {
    List<FeatureAssessment> tested =
        inputs.stream().map(f -> testFeature(f, predictions, s)).toList();
    double[] hypotheses = tested.stream()
        .mapToDouble(f -> f.sufficient() && !Double.isNaN(f.testPValue())
            ? DriftScores.clamp01(f.testPValue())
            : Double.NaN)
        .toArray();
    double[] adjusted = MultipleTesting.benjaminiHochberg(hypotheses);
    List<FeatureAssessment> out = new ArrayList<>();
    for (int i = 0; i < tested.size(); i++) {
      FeatureAssessment f = tested.get(i);
      boolean significant =
          f.sufficient() && !Double.isNaN(adjusted[i]) && adjusted[i] <= s.fdrAlpha();
      boolean exceeds = (!Double.isNaN(f.ksStatistic()) && f.ksStatistic() > s.ksThreshold())
          || (!Double.isNaN(f.psi()) && f.psi() > s.psiThreshold());
      out.add(f.adjusted(adjusted[i], significant, significant && exceeds));
    }
    return out;
  }

  /**
   * One feature's kind (what most of its values are: values of the other type are wrong_type, left out
   * of the tests), its missing values, its tests and score; not yet adjusted across features.
   */
  static FeatureAssessment testFeature(
      FeatureDriftInput f, ModelWindowStats predictions, DriftSettings s) {
    NumericCounts n = f.numeric();
    long categoricalReference = f.categoricalReference();
    long categoricalCurrent = f.categoricalCurrent();
    boolean numeric =
        n.referenceWithNaN() + n.currentWithNaN() >= categoricalReference + categoricalCurrent;
    FeatureQuality quality = new FeatureQuality(
        Math.max(0, predictions.reference().n() - n.referenceWithNaN() - categoricalReference),
        Math.max(0, predictions.current().n() - n.currentWithNaN() - categoricalCurrent),
        numeric ? categoricalReference : n.referenceWithNaN(),
        numeric ? categoricalCurrent : n.currentWithNaN(),
        numeric ? n.nanCurrent() : 0);
    long referenceCount;
    long currentCount;
    double ks = Double.NaN;
    double ksP = Double.NaN;
    double psi;
    double chi2P = Double.NaN;
    if (numeric) {
      referenceCount = n.reference();
      currentCount = n.current();
      SortedPassResult pass = f.sortedPass();
      if (pass != null) {
        ks = pass.ksStatistic();
        ksP = pass.ksPValue();
      }
      psi = pass == null || referenceCount == 0 || currentCount == 0
          ? Double.NaN
          : PopulationStabilityIndex.fromCounts(pass.binsReference(), pass.binsCurrent());
    } else {
      referenceCount = categoricalReference;
      currentCount = categoricalCurrent;
      Map<String, Long> reference = new TreeMap<>();
      Map<String, Long> current = new TreeMap<>();
      f.categories().forEach((category, counts) -> {
        reference.put(category, counts.reference());
        current.put(category, counts.current());
      });
      boolean bothSides = referenceCount != 0 && currentCount != 0;
      psi = bothSides ? PopulationStabilityIndex.categorical(reference, current) : Double.NaN;
      chi2P = bothSides ? ChiSquared.homogeneity(reference, current).pValue() : Double.NaN;
    }
    boolean sufficient = s.sufficient(referenceCount, currentCount);
    double score = Math.max(
        zeroIfNaN(DriftScores.ramp(ks, s.ksThreshold())),
        zeroIfNaN(DriftScores.ramp(psi, s.psiThreshold())));
    return new FeatureAssessment(
        f.feature(),
        numeric,
        referenceCount,
        currentCount,
        ks,
        ksP,
        psi,
        chi2P,
        Double.NaN,
        sufficient,
        false,
        false,
        score,
        quality,
        f);
  }

  /** The largest score of the significant features, 0 if none is significant, NaN if none is sufficient. */
  static double dataScore(List<FeatureAssessment> features) {
    double data = Double.NaN;
    for (FeatureAssessment f : features) {
      if (f.sufficient()) {
        data = Math.max(zeroIfNaN(data), f.significant() ? f.score() : 0);
      }
    }
    return data;
  }

  static PredictionDrift predictionDrift(ModelWindowStats predictions, SortedPassResult pass) {
    Moments reference = predictions.reference();
    Moments current = predictions.current();
    double psi = pass == null || reference.n() == 0 || current.n() == 0
        ? Double.NaN
        : PopulationStabilityIndex.fromCounts(pass.binsReference(), pass.binsCurrent());
    return new PredictionDrift(
        pass == null ? Double.NaN : pass.ksStatistic(),
        pass == null ? Double.NaN : pass.ksPValue(),
        pass == null ? null : pass.ksMethod(),
        psi,
        WelchTTest.test(current, reference),
        VarianceRatioTest.test(current, reference));
  }

  /** A model whose outcomes carry class labels is a classifier: its MAPE and sMAPE mean nothing. */
  static PerformanceChange performanceChange(
      Performance reference, Performance current, DriftSettings s) {
    boolean classifier = current.labeled() > 0 || reference.labeled() > 0;
    double mape = classifier ? Double.NaN : current.mape();
    double referenceMape = classifier ? Double.NaN : reference.mape();
    double mapeRise = Double.isNaN(mape) || Double.isNaN(referenceMape) || referenceMape <= 0
        ? Double.NaN
        : (mape - referenceMape) / referenceMape;
    double accuracyDrop = Double.isNaN(current.accuracy())
            || Double.isNaN(reference.accuracy())
            || reference.accuracy() <= 0
        ? Double.NaN
        : (reference.accuracy() - current.accuracy()) / reference.accuracy();
    return new PerformanceChange(
        reference,
        current,
        classifier,
        referenceMape,
        mape,
        classifier ? Double.NaN : current.smape(),
        s.sufficient(reference.n(), current.n()),
        mapeRise,
        accuracyDrop);
  }

  /**
   * drift_detected when the score passes {@link #ALERT_SCORE} (high, retraining due in 7 days) or
   * {@link #CRITICAL_SCORE} (critical, retraining triggered, due in 1 day), medium without a deadline
   * when features drifted but the score stayed below; performance_degradation when MAPE rose or accuracy
   * fell by more than its threshold (relative): medium, high past twice, critical past four times.
   * Only for a model with sufficient predictions; performance only with sufficient outcomes.
   */
  static List<AlertDecision> alerts(
      boolean sufficient,
      int featuresDrifted,
      Scores scores,
      PerformanceChange performance,
      DriftSettings s,
      Instant windowEnd) {
    List<AlertDecision> alerts = new ArrayList<>();
    if (!sufficient) {
      return alerts;
    }
    double score = scores.combined();
    if (!Double.isNaN(score) && score > ALERT_SCORE) {
      boolean critical = score > CRITICAL_SCORE;
      alerts.add(new AlertDecision(
          AlertDecision.DRIFT,
          critical ? "critical" : "high",
          score,
          critical,
          windowEnd.plus(Duration.ofDays(critical ? 1 : 7)),
          null));
    } else if (featuresDrifted > 0) {
      // Features drifted but neither the predictions nor the performance moved: the weighted score
      // stays <= 0.35 (data's weight) and would never pass 0.4, so covariate drift alone would go
      // unreported. It is a medium drift_detected alert without a retraining deadline.
      alerts.add(
          new AlertDecision(
              AlertDecision.DRIFT,
              "medium",
              Json.finiteOrNull(score),
              false,
              null,
              "features drifted; predictions and performance did not move enough for a drift score above 0.4"));
    }
    if (performance.sufficient()) {
      double over = Math.max(
          zeroIfNaN(performance.mapeRelativeChange()) / s.mapeThreshold(),
          zeroIfNaN(performance.accuracyRelativeDrop()) / s.accuracyThreshold());
      if (over > 1) {
        String severity = over > 4 ? "critical" : over > 2 ? "high" : "medium";
        alerts.add(new AlertDecision(
            AlertDecision.PERFORMANCE, severity, Json.finiteOrNull(score), false, null, null));
      }
    }
    return alerts;
  }

  /**
   * Bad input per tenant x model (all versions), including models seen only in bad input (orphan
   * outcomes, quarantined lines), in tenant x model order.
   */
  static List<DataQualityAssessment> dataQuality(
      List<ModelAssessment> models,
      PerformanceCounts performance,
      QuarantineCounts quarantine,
      DriftSettings s) {
    Map<TenantModel, ModelInputCounts> byModel = new TreeMap<>();
    for (ModelAssessment m : models) {
      ModelInputCounts q =
          byModel.computeIfAbsent(m.model().tenantModel(), k -> new ModelInputCounts());
      q.predictions += m.predictions().current().n();
      q.referencePredictions += m.predictions().reference().n();
      for (FeatureAssessment f : m.features()) {
        q.add(
            f.feature(),
            f.quality().missingCurrent(),
            f.quality().wrongTypeCurrent(),
            f.quality().nanCurrent(),
            f.numeric());
      }
      q.outcomesUsed += m.performance().current().n();
      q.mismatched += m.mismatchedOutcomes();
    }
    performance.outcomes().forEach((model, counts) -> {
      ModelInputCounts q = byModel.computeIfAbsent(model, k -> new ModelInputCounts());
      q.outcomes += counts.inWindow();
      q.orphans += counts.orphans();
    });
    quarantine
        .byModelAndReason()
        .forEach((model, reasons) ->
            byModel.computeIfAbsent(model, k -> new ModelInputCounts()).quarantined = reasons);
    List<DataQualityAssessment> out = new ArrayList<>();
    byModel.forEach((model, q) -> out.add(new DataQualityAssessment(
        model, q, InputQualityCheck.assess(q, s.minSampleSize(), s.qualityAlertShare()))));
    return out;
  }

  private static double zeroIfNaN(double x) {
    return Double.isNaN(x) ? 0 : x;
  }

  /** NaN and infinities as null. */
}
