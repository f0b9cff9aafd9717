package io.vigia.jobs.drift;

import io.vigia.common.db.Database;
import io.vigia.common.job.Window;
import io.vigia.generate.DriftTruth;
import io.vigia.generate.GeneratorSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Detection quality of one drift run on generated data whose injections are known: true-positive
 * rate over the injected features and false-alert rate over the control features (and the same per
 * model: a drift_detected alert or not). Ground truth ({@link DriftTruth}): a feature an injection
 * shifts directly is a positive, except a categorical shift whose population PSI is at most the PSI
 * threshold, which by the design's own definition is not drift: it is reported apart as
 * sub-threshold. Features moved only indirectly are left out; every other feature of every model is a
 * control. Models with an injected performance drop are real (concept) drift, so they are no model
 * controls. Results with insufficient data count in neither rate. The design's targets: TPR above 90%,
 * false alerts below 5%.
 */
public final class DetectionQualityHarness {
  private DetectionQualityHarness() {}

  public record Report(
      int tp,
      int fn,
      int fp,
      int tn,
      int subThresholdFlagged,
      int subThreshold,
      int insufficient,
      int modelTp,
      int modelFn,
      int modelFp,
      int modelTn,
      List<String> misses,
      List<String> falseAlerts) {
    public double tpr() {
      return tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
    }

    public double falseAlertRate() {
      return fp + tn == 0 ? Double.NaN : (double) fp / (fp + tn);
    }

    public double modelTpr() {
      return modelTp + modelFn == 0 ? Double.NaN : (double) modelTp / (modelTp + modelFn);
    }

    public double modelFalseAlertRate() {
      return modelFp + modelTn == 0 ? Double.NaN : (double) modelFp / (modelFp + modelTn);
    }

    public String text() {
      return String.format(
          Locale.ROOT,
          "features: TPR %d/%d = %.3f, false alerts %d/%d = %.3f, sub-threshold "
              + "injections flagged %d/%d, insufficient %d; models: TPR %d/%d = %.3f, false alerts %d/%d = %.3f; "
              + "misses %s; false alerts %s",
          tp,
          tp + fn,
          tpr(),
          fp,
          fp + tn,
          falseAlertRate(),
          subThresholdFlagged,
          subThreshold,
          insufficient,
          modelTp,
          modelTp + modelFn,
          modelTpr(),
          modelFp,
          modelFp + modelTn,
          modelFalseAlertRate(),
          misses,
          falseAlerts);
    }
  }

  public static Report evaluate(
      Database db, Window w, GeneratorSpec.Injections inj, double psiThreshold)
      throws SQLException {
    int tp = 0, fn = 0, fp = 0, tn = 0, subFlagged = 0, sub = 0, insufficient = 0;
    int mtp = 0, mfn = 0, mfp = 0, mtn = 0;
    List<String> misses = new ArrayList<>();
    List<String> falseAlerts = new ArrayList<>();
    Set<String> dropped = new HashSet<>();
    inj.performanceDrops().forEach(d -> dropped.add(d.tenantId() + "/" + d.modelId()));
    try (Connection c = db.connect()) {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT tenant_id, model_id, model_version, feature, drifted, "
              + "insufficient_data FROM feature_drift_metrics WHERE period_start = ? AND period_end = ? ORDER BY 1, 2, 3, 4")) {
        ps.setTimestamp(1, Timestamp.from(w.start()));
        ps.setTimestamp(2, Timestamp.from(w.end()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String tenant = rs.getString(1);
            String model = rs.getString(2);
            String feature = rs.getString(4);
            String name = tenant + "/" + model + "/" + rs.getString(3) + "/" + feature;
            boolean drifted = rs.getBoolean(5);
            if (rs.getBoolean(6)) {
              insufficient++;
              continue;
            }
            GeneratorSpec.FeatureDrift d = injection(inj, tenant, model);
            String truth = "control";
            if (d != null) {
              if (DriftTruth.indirect(model).contains(feature)) {
                continue;
              }
              if (d.numericShiftSd() > 0 && DriftTruth.shiftedNumeric(model).contains(feature)) {
                truth = "positive";
              } else if (d.categoricalShift() > 0
                  && DriftTruth.shiftedCategorical(model).equals(feature)) {
                truth = DriftTruth.categoricalPsi(model, d.categoricalShift()) > psiThreshold
                    ? "positive"
                    : "sub";
              }
            }
            switch (truth) {
              case "positive" -> {
                if (drifted) {
                  tp++;
                } else {
                  fn++;
                  misses.add(name);
                }
              }
              case "sub" -> {
                sub++;
                subFlagged += drifted ? 1 : 0;
              }
              default -> {
                if (drifted) {
                  fp++;
                  falseAlerts.add(name);
                } else {
                  tn++;
                }
              }
            }
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT m.tenant_id, m.model_id, m.model_version, EXISTS (SELECT 1 "
              + "FROM drift_alerts a WHERE a.tenant_id = m.tenant_id AND a.model_id = m.model_id AND a.model_version = "
              + "m.model_version AND a.alert_type = 'drift_detected' AND a.source_job = 'drift' AND "
              + "coalesce(a.last_window_end, a.window_end) = m.period_end) FROM model_performance_metrics m WHERE "
              + "m.period_start = ? AND m.period_end = ? AND (m.details->>'sufficient')::boolean ORDER BY 1, 2, 3")) {
        ps.setTimestamp(1, Timestamp.from(w.start()));
        ps.setTimestamp(2, Timestamp.from(w.end()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String name = rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3);
            boolean alert = rs.getBoolean(4);
            if (injection(inj, rs.getString(1), rs.getString(2)) != null) {
              if (alert) {
                mtp++;
              } else {
                mfn++;
                misses.add(name);
              }
            } else if (!dropped.contains(rs.getString(1) + "/" + rs.getString(2))) {
              if (alert) {
                mfp++;
                falseAlerts.add(name);
              } else {
                mtn++;
              }
            }
          }
        }
      }
    }
    return new Report(
        tp, fn, fp, tn, subFlagged, sub, insufficient, mtp, mfn, mfp, mtn, misses, falseAlerts);
  }

  private static GeneratorSpec.FeatureDrift injection(
      GeneratorSpec.Injections inj, String tenant, String model) {
    return inj.featureDrift().stream()
        .filter(d -> d.tenantId().equals(tenant) && d.modelId().equals(model))
        .findFirst()
        .orElse(null);
  }
}
