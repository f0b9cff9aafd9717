package io.vigia.jobs.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.Scope;
import io.vigia.common.job.Window;
import io.vigia.common.json.Json;
import io.vigia.common.settings.DriftSettings;
import io.vigia.jobs.drift.DriftAssessment.DataQualityAssessment;
import io.vigia.jobs.drift.ModelAssessment.PerformanceChange;
import io.vigia.jobs.drift.ModelAssessment.PredictionDrift;
import io.vigia.jobs.drift.ModelAssessment.Scores;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * What a drift run writes: the alerts its assessment calls for (through {@link Alerts}, which applies
 * {@link AlertPolicy} against the recorded ones), one model_performance_metrics row per model and one
 * feature_drift_metrics row per feature, each with its JSON details (jsonb: a non-finite number is
 * null), all replacing the run window's rows.
 */
final class DriftOutputs {

  private DriftOutputs() {}

  /** Raises the alerts, stages the rows of the three tables and returns the run's summary. */
  static String write(
      JobContext ctx,
      DriftInputs inputs,
      DriftAssessment.Result result,
      List<ErrorSlices.Found> slices,
      DriftSettings s) {
    Window window = inputs.window();
    Alerts alerts = inputs.recordedAlerts();
    List<Row> modelRows = new ArrayList<>();
    List<Row> featureRows = new ArrayList<>();
    for (ModelAssessment m : result.models()) {
      ArrayNode actions = Json.MAPPER.createArrayNode();
      for (AlertDecision a : m.alerts()) {
        actions.add(raise(alerts, m.model(), a, alertDetails(a, m, s)));
      }
      modelRows.add(modelRow(
          m,
          window,
          referenceSpan(inputs.references()),
          modelDetails(m, inputs.references(), s, actions)));
      m.features().forEach(f -> featureRows.add(featureRow(m.model(), f, window)));
    }
    long modelsFlagged = 0;
    for (DataQualityAssessment q : result.dataQuality()) {
      String severity = q.verdict().severity();
      if (severity != null) {
        modelsFlagged++;
        alerts.raise(
            q.model().tenant(),
            q.model().model(),
            "",
            AlertDecision.DATA_QUALITY,
            severity,
            null,
            q.verdict().details(),
            false,
            null);
      }
    }
    stage(
        ctx,
        modelRows,
        featureRows,
        alerts.rows(),
        slices.stream().map(f -> sliceRow(f, window)).toList());
    List<DataQualityAssessment> quality = result.dataQuality();
    return String.format(
        Locale.ROOT,
        "%d models (reference %s %s): %d features drifted, alerts %s; "
            + "bad input: %d models flagged, %d missing and %d wrong-type feature values, %d outcomes without "
            + "prediction, %d quarantined prediction lines (+%d without a model_id); %d error slices",
        modelRows.size(),
        s.referenceMode().wire(),
        referenceSpan(inputs.references()),
        result.featuresDrifted(),
        alerts.summary(),
        modelsFlagged,
        quality.stream().mapToLong(q -> q.counts().missingTotal()).sum(),
        quality.stream().mapToLong(q -> q.counts().wrongTypeTotal()).sum(),
        quality.stream().mapToLong(q -> q.counts().orphans).sum(),
        quality.stream().mapToLong(q -> q.counts().quarantinedTotal()).sum(),
        result.quarantinedWithoutModel(),
        slices.size());
  }

  /** Replaces the window's metrics and error-slice rows and upserts the alerts. */
  static void stage(
      JobContext ctx,
      List<Row> modelRows,
      List<Row> featureRows,
      List<Row> alertRows,
      List<Row> sliceRows) {
    Window w = ctx.window();
    ctx.writer()
        .replace(
            "model_performance_metrics",
            ctx.spark().createDataFrame(modelRows, MODEL_SCHEMA).coalesce(1),
            Scope.exactWindow("period_start", "period_end", w));
    ctx.writer()
        .replace(
            "feature_drift_metrics",
            ctx.spark().createDataFrame(featureRows, FEATURE_SCHEMA).coalesce(1),
            Scope.exactWindow("period_start", "period_end", w));
    ctx.writer()
        .replace(
            "error_slices",
            ctx.spark().createDataFrame(sliceRows, SLICE_SCHEMA).coalesce(1),
            Scope.exactWindow("window_start", "window_end", w));
    Alerts.stage(ctx, alertRows);
  }

  /** The span of the reference (first start to last end); for seasonal mode it contains gaps. */
  static Window referenceSpan(List<Window> references) {
    return new Window(
        references.get(0).start(), references.get(references.size() - 1).end());
  }

  /** Stages the alert if the policy lets it write; returns its {type, severity, action, reason}. */
  private static JsonNode raise(
      Alerts alerts, ModelKey model, AlertDecision a, ObjectNode details) {
    return alerts.raise(
        model.tenant(),
        model.model(),
        model.version(),
        a.type(),
        a.severity(),
        a.score(),
        details,
        a.retrainingTriggered(),
        a.retrainingDueBy());
  }

  static ObjectNode alertDetails(AlertDecision a, ModelAssessment m, DriftSettings s) {
    ObjectNode d = Json.object();
    if (a.type().equals(AlertDecision.PERFORMANCE)) {
      PerformanceChange p = m.performance();
      number(d, "mape", p.mape());
      number(d, "reference_mape", p.referenceMape());
      number(d, "mape_relative_change", p.mapeRelativeChange());
      number(d, "accuracy", p.current().accuracy());
      number(d, "reference_accuracy", p.reference().accuracy());
      number(d, "accuracy_relative_drop", p.accuracyRelativeDrop());
      number(d, "mape_threshold", s.mapeThreshold());
      number(d, "accuracy_threshold", s.accuracyThreshold());
      d.put("outcomes_joined", p.current().n());
      d.put("reference_outcomes_joined", p.reference().n());
      return d;
    }
    Scores scores = m.scores();
    number(d, "data_drift_score", scores.data());
    number(d, "concept_drift_score", scores.concept());
    number(d, "prediction_drift_score", scores.prediction());
    d.put("features_drifted", m.featuresDrifted());
    d.put("features_monitored", m.features().size());
    if (a.note() != null) {
      d.put("note", a.note());
    }
    return d;
  }

  static ObjectNode modelDetails(
      ModelAssessment m, List<Window> references, DriftSettings s, ArrayNode actions) {
    PerformanceChange p = m.performance();
    PredictionDrift pd = m.predictionDrift();
    ObjectNode d = Json.object();
    d.put("reference_mode", s.referenceMode().wire());
    ArrayNode windows = d.putArray("reference_windows");
    references.forEach(
        w -> windows.addArray().add(w.start().toString()).add(w.end().toString()));
    d.put("features_monitored", m.features().size());
    d.put("features_drifted", m.featuresDrifted());
    d.put("outcomes_joined", p.current().n());
    d.put("reference_outcomes_joined", p.reference().n());
    d.put("zero_actuals", p.current().zeroActuals());
    d.put("classifier", p.classifier());
    number(d, "prediction_mean", m.predictions().current().mean());
    number(d, "reference_prediction_mean", m.predictions().reference().mean());
    number(d, "welch_t", pd.welch().t());
    number(d, "welch_p_value", pd.welch().pValue());
    number(d, "variance_ratio_f", pd.varianceRatio().f());
    number(d, "variance_ratio_p_value", pd.varianceRatio().pValue());
    d.put("prediction_ks_method", pd.ksMethod());
    d.put("sufficient", m.sufficient());
    d.put("min_sample_size", s.minSampleSize());
    d.put("outcome_lateness_days", s.outcomeLateness().getDays());
    d.put("no_reference", m.predictions().reference().n() == 0);
    d.set("alerts", actions);
    return d;
  }

  static Row modelRow(ModelAssessment m, Window window, Window reference, ObjectNode details) {
    ModelKey k = m.model();
    PerformanceChange p = m.performance();
    PredictionDrift pd = m.predictionDrift();
    Scores scores = m.scores();
    return RowFactory.create(
        k.tenant(),
        k.model(),
        k.version(),
        Timestamp.from(window.start()),
        Timestamp.from(window.end()),
        m.predictions().current().n(),
        finite(p.mape()),
        finite(p.smape()),
        finite(p.current().mae()),
        finite(p.current().rmse()),
        finite(p.current().accuracy()),
        finite(pd.ksStatistic()),
        finite(pd.ksPValue()),
        finite(pd.psi()),
        finite(scores.data()),
        finite(scores.concept()),
        finite(scores.prediction()),
        finite(scores.combined()),
        Timestamp.from(reference.start()),
        Timestamp.from(reference.end()),
        m.predictions().reference().n(),
        finite(p.referenceMape()),
        finite(p.reference().accuracy()),
        Json.write(details));
  }

  static ObjectNode featureDetails(FeatureAssessment f) {
    ObjectNode d = Json.object();
    if (f.numeric()) {
      NumericCounts n = f.input().numeric();
      SortedPassResult pass = f.input().sortedPass();
      d.put("nan_reference", n.nanReference());
      d.put("nan_current", n.nanCurrent());
      d.put("n_bins", pass == null ? 0 : pass.binCount());
      d.put("ks_method", pass == null ? null : pass.ksMethod());
      ArrayNode binsReference = d.putArray("bins_reference");
      ArrayNode binsCurrent = d.putArray("bins_current");
      if (pass != null) {
        for (int i = 0; i < pass.binCount(); i++) {
          binsReference.add(pass.binsReference()[i]);
          binsCurrent.add(pass.binsCurrent()[i]);
        }
      }
    } else {
      d.put("categories", f.input().categories().size());
    }
    d.put("missing_reference", f.quality().missingReference());
    d.put("missing_current", f.quality().missingCurrent());
    d.put("wrong_type_reference", f.quality().wrongTypeReference());
    d.put("wrong_type_current", f.quality().wrongTypeCurrent());
    return d;
  }

  static Row featureRow(ModelKey k, FeatureAssessment f, Window window) {
    return RowFactory.create(
        k.tenant(),
        k.model(),
        k.version(),
        Timestamp.from(window.start()),
        Timestamp.from(window.end()),
        f.feature(),
        f.kind(),
        f.referenceCount(),
        f.currentCount(),
        finite(f.ksStatistic()),
        finite(f.ksPValue()),
        finite(f.psi()),
        finite(f.chi2PValue()),
        f.drifted(),
        finite(f.pValueAdjusted()),
        !f.sufficient(),
        Json.write(featureDetails(f)));
  }

  static Row sliceRow(ErrorSlices.Found f, Window window) {
    ObjectNode details = Json.object();
    details.put(
        "honest_split", "tree fitted on pmod(xxhash64(prediction_id), 2) = 0, tested on the rest");
    return RowFactory.create(
        f.model().tenant(),
        f.model().model(),
        Timestamp.from(window.start()),
        Timestamp.from(window.end()),
        f.slice().leaf(),
        f.slice().text(),
        Json.write(f.slice().json()),
        f.metric().wire(),
        f.support(),
        f.share(),
        f.errorInSlice(),
        finite(f.t()),
        f.errorRest(),
        f.pValue(),
        f.pAdjusted(),
        Json.write(details),
        f.tested(),
        f.outcomes());
  }

  /** A number, or null when NaN or infinite (jsonb has no NaN). */
  private static void number(ObjectNode node, String key, double x) {
    if (Double.isFinite(x)) {
      node.put(key, x);
    } else {
      node.putNull(key);
    }
  }

  /** NaN and infinities as NULL (the tables' CHECKs reject NaN). */
  private static Double finite(double x) {
    return Json.finiteOrNull(x);
  }

  /** The model and the window: the leading columns of both tables. */
  private static final String MODEL_AND_WINDOW =
      "tenant_id STRING NOT NULL, model_id STRING NOT NULL, "
          + "model_version STRING NOT NULL, period_start TIMESTAMP NOT NULL, period_end TIMESTAMP NOT NULL, ";

  static final StructType MODEL_SCHEMA =
      StructType.fromDDL(MODEL_AND_WINDOW + "sample_size BIGINT NOT NULL, "
          + "mape DOUBLE, smape DOUBLE, mae DOUBLE, rmse DOUBLE, accuracy DOUBLE, ks_statistic DOUBLE, ks_p_value DOUBLE, "
          + "psi DOUBLE, data_drift_score DOUBLE, concept_drift_score DOUBLE, prediction_drift_score DOUBLE, "
          + "drift_score DOUBLE, reference_start TIMESTAMP NOT NULL, reference_end TIMESTAMP NOT NULL, "
          + "reference_sample_size BIGINT NOT NULL, reference_mape DOUBLE, reference_accuracy DOUBLE, "
          + "details STRING NOT NULL");

  static final StructType SLICE_SCHEMA = StructType.fromDDL(
      "tenant_id STRING NOT NULL, model_id STRING NOT NULL, window_start TIMESTAMP NOT NULL, "
          + "window_end TIMESTAMP NOT NULL, leaf INT NOT NULL, slice_text STRING NOT NULL, "
          + "slice_conditions STRING NOT NULL, metric STRING NOT NULL, support BIGINT NOT NULL, "
          + "support_share DOUBLE NOT NULL, error_in_slice DOUBLE NOT NULL, t_statistic DOUBLE, "
          + "error_rest DOUBLE NOT NULL, p_value DOUBLE NOT NULL, p_adjusted DOUBLE NOT NULL, "
          + "details STRING NOT NULL, slices_tested INT NOT NULL, outcomes BIGINT NOT NULL");

  static final StructType FEATURE_SCHEMA =
      StructType.fromDDL(MODEL_AND_WINDOW + "feature STRING NOT NULL, "
          + "feature_kind STRING NOT NULL, reference_count BIGINT NOT NULL, current_count BIGINT NOT NULL, "
          + "ks_statistic DOUBLE, ks_p_value DOUBLE, psi DOUBLE, chi2_p_value DOUBLE, drifted BOOLEAN NOT NULL, "
          + "p_value_adjusted DOUBLE, insufficient_data BOOLEAN NOT NULL, details STRING NOT NULL");
}
