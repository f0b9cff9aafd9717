package io.vigia.jobs.improvements;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.vigia.common.json.Json;
import io.vigia.common.settings.Settings;
import io.vigia.common.stats.WilsonInterval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The improvement rules: pure functions from the evidence of one window to suggestions. Each rule is
 * described where it is written and in docs/jobs/improvements.md.
 *
 * <p>Confidence of a suggestion = 1 - prod_i (1 - s_i r_i) over its agreeing signals (noisy-OR), where
 * s_i in [0, 1] is the signal's strength and r_i = n_i / (n_i + n0_i) its reliability from its sample
 * size n_i against the minimum sample n0_i of that kind of evidence: more data and more agreeing
 * signals both raise it, and no single small sample can reach 1.
 *
 * <p>Priority = severity (low 1, medium 2, high 3, critical 4) x volume (1 below 3 x n0 of the main
 * signal, 2 below 10 x n0, else 3): product >= 9 critical, >= 6 high, >= 3 medium, else low.
 */
public final class Rules {
  private Rules() {}

  /** One piece of evidence: its strength, sample size, the minimum sample of its kind, and the rows it rests on. */
  public record Signal(
      String name, double strength, double n, double n0, Map<String, Object> rows) {
    double contribution() {
      double s = Math.max(0, Math.min(1, strength));
      return n <= 0 ? 0 : s * n / (n + n0);
    }
  }

  /** A record's evidence rows: its id under {@code idColumn}, then its other fields by their column names. */
  private static Map<String, Object> recordRows(String idColumn, long id, Object record) {
    Map<String, Object> fields = Json.MAPPER.convertValue(record, new TypeReference<>() {});
    fields.remove("id");
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put(idColumn, id);
    rows.putAll(fields);
    return rows;
  }

  public record Suggestion(
      String tenantId,
      String modelId,
      String type,
      String rule,
      int severity,
      Signal main,
      List<Signal> signals,
      String issue,
      String rootCause,
      String recommendation,
      Double expectedImprovement,
      List<String> steps,
      String effort) {
    public double confidence() {
      return Rules.confidence(signals);
    }

    public String priority() {
      return Rules.priority(severity, main);
    }
  }

  public static double confidence(List<Signal> signals) {
    double miss = 1;
    for (Signal s : signals) {
      miss *= 1 - s.contribution();
    }
    return Math.max(0, Math.min(1, 1 - miss));
  }

  public static String priority(int severity, Signal main) {
    int volume = main.n() < 3 * main.n0() ? 1 : main.n() < 10 * main.n0() ? 2 : 3;
    int p = severity * volume;
    return p >= 9 ? "critical" : p >= 6 ? "high" : p >= 3 ? "medium" : "low";
  }

  static int severityRank(String s) {
    return switch (s == null ? "" : s) {
      case "critical" -> 4;
      case "high" -> 3;
      case "medium" -> 2;
      case "low" -> 1;
      default -> 0;
    };
  }

  // ------------------------------------------------------------------ evidence records

  /** Feedback of one tenant x model x target type in the window (negative: sentiment, else rating <= 2). */
  public record FeedbackStats(
      String tenantId,
      String modelId,
      String targetType,
      long count,
      long classified,
      long negative,
      long corrections) {
    double share() {
      return classified == 0 ? 0 : (double) negative / classified;
    }

    double wilsonLower() {
      return WilsonInterval.lower(negative, classified, WilsonInterval.Z95);
    }
  }

  /** The model's latest model_performance_metrics row of the window (max drift score over versions). */
  public record ModelPerf(
      String tenantId,
      String modelId,
      long id,
      String version,
      long sampleSize,
      Double driftScore,
      Double mape,
      Double referenceMape,
      Double accuracy,
      Double referenceAccuracy) {}

  /** The most severe drift_detected / performance_degradation alert of a model in the window. */
  public record Alert(
      String tenantId, String modelId, long id, String type, String severity, Double driftScore) {}

  /** Feature drift of a model in the window: tested (sufficient data) and drifted features. */
  public record FeatureDrift(
      String tenantId,
      String modelId,
      int tested,
      List<String> drifted,
      double maxPsi,
      double maxKs,
      long minCount) {}

  /** A decided experiment with the mean cost per prediction of each variant. */
  public record Experiment(
      String tenantId,
      String id,
      String winner,
      String controlModel,
      String treatmentModel,
      double controlCost,
      double treatmentCost,
      long nControl,
      long nTreatment,
      Double pValue) {}

  /** A tenant's cost in the window and in the preceding window of the same length. */
  public record Cost(String tenantId, double current, double previous, long events) {}

  /** A tenant's semantic-cache lookups in the window. */
  public record Cache(
      String tenantId, String granularity, long hits, long misses, double costSavingsUsd) {
    long lookups() {
      return hits + misses;
    }

    double hitRate() {
      return lookups() == 0 ? 0 : (double) hits / lookups();
    }
  }

  /**
   * A model's error slice of the window (error_slices, the drift job's): the one whose excess error
   * weighs most, share x (error in slice - error elsewhere). Read from and written as JSON whose names
   * are the fields' in snake case (the columns', share for support_share and slice for slice_text).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ErrorSlice(
      String tenantId,
      String modelId,
      long id,
      String slice,
      String metric,
      double errorInSlice,
      double errorRest,
      double share,
      long support,
      double pAdjusted) {
    /** The metric as the report names it: MAPE, MAE or error rate (the slice's mean error). */
    String metricName() {
      return switch (metric) {
        case "relative_error" -> "MAPE";
        case "absolute_error" -> "MAE";
        default -> "error rate";
      };
    }

    /** "MAPE 0.41 in store_region = norte and price > 120, 0.09 elsewhere: 18 % of traffic". */
    String sentence() {
      return String.format(
          java.util.Locale.ROOT,
          "%s %.2f in %s, %.2f elsewhere: %.0f %% of traffic",
          metricName(),
          errorInSlice,
          slice,
          errorRest,
          100 * share);
    }

    /** The share of the model's total error that would go if the slice erred as the rest does. */
    double removableShare() {
      double total = share * errorInSlice + (1 - share) * errorRest;
      return total <= 0 ? 0 : share * (errorInSlice - errorRest) / total;
    }

    /** The evidence: error_slices.id and the record's other fields, by their column names. */
    Signal signal(Settings s) {
      Map<String, Object> rows = recordRows("error_slices.id", id, this);
      double strength = errorInSlice <= 0 ? 0 : (errorInSlice - errorRest) / errorInSlice;
      return new Signal("error_slice", strength, support, s.drift().slices().minSupport(), rows);
    }
  }

  /**
   * A model's rising feedback theme of the window (feedback_themes, the feedback-themes job's): the one
   * whose share of the model's negative comments grew most. Read from and written as JSON whose names are
   * the fields' in snake case (terms for terms_text, share for comment_share, count for comment_count).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RisingTheme(
      String tenantId,
      String modelId,
      long id,
      String terms,
      double share,
      double previousShare,
      long count,
      double pAdjusted) {
    /** "negative feedback about "entrega, tarde, pedido" rose from 3 % to 21 % of negative comments (45 comments)". */
    String sentence() {
      return String.format(
          java.util.Locale.ROOT,
          "negative feedback about \"%s\" rose from %.0f %% to %.0f %% of negative comments (%d comments)",
          terms,
          100 * previousShare,
          100 * share,
          count);
    }

    /** The evidence: feedback_themes.id and the record's other fields, by their column names. */
    Signal signal(Settings s) {
      Map<String, Object> rows = recordRows("feedback_themes.id", id, this);
      return new Signal(
          "rising_feedback_theme",
          share - previousShare,
          count,
          s.feedback().themes().minThemeComments(),
          rows);
    }
  }

  public record Evidence(
      List<FeedbackStats> feedback,
      List<ModelPerf> perf,
      List<Alert> alerts,
      List<FeatureDrift> features,
      List<Experiment> experiments,
      List<Cost> costs,
      List<Cache> caches,
      List<ErrorSlice> slices,
      List<RisingTheme> themes) {}

  // ------------------------------------------------------------------ rules

  public static List<Suggestion> evaluate(Evidence ev, Settings s) {
    List<Suggestion> out = new ArrayList<>();
    Map<String, FeedbackStats> fb = new TreeMap<>();
    for (FeedbackStats f : ev.feedback()) {
      fb.put(key(f.tenantId(), f.modelId(), f.targetType()), f);
    }
    Map<String, ModelPerf> perf = new TreeMap<>();
    ev.perf().forEach(p -> perf.put(key(p.tenantId(), p.modelId()), p));
    Map<String, Alert> alerts = new TreeMap<>();
    ev.alerts().forEach(a -> alerts.put(key(a.tenantId(), a.modelId()), a));
    Map<String, Cost> costs = new TreeMap<>();
    ev.costs().forEach(c -> costs.put(c.tenantId(), c));

    // model_retrain and feature_engineering, per model with drift evidence
    java.util.Set<String> models = new java.util.TreeSet<>();
    models.addAll(perf.keySet());
    models.addAll(alerts.keySet());
    for (FeatureDrift f : ev.features()) {
      models.add(key(f.tenantId(), f.modelId()));
    }
    Map<String, FeatureDrift> features = new TreeMap<>();
    ev.features().forEach(f -> features.put(key(f.tenantId(), f.modelId()), f));
    Map<String, ErrorSlice> slices = new TreeMap<>();
    ev.slices().forEach(x -> slices.put(key(x.tenantId(), x.modelId()), x));
    models.addAll(slices.keySet());
    for (String m : models) {
      String[] tm = m.split("\u0001", -1);
      Signal negative = negativeFeedback(fb.get(key(tm[0], tm[1], "prediction")), s);
      ErrorSlice slice = slices.get(m);
      Suggestion r = modelRetrain(tm[0], tm[1], perf.get(m), alerts.get(m), negative, s);
      if (r != null) {
        out.add(slice == null ? r : cite(r, slice, s));
      }
      Suggestion f = featureEngineering(tm[0], tm[1], features.get(m), negative, s);
      if (f != null) {
        out.add(slice == null ? f : cite(f, slice, s));
      } else if (slice != null) {
        out.add(errorSlice(tm[0], tm[1], slice, negative, s));
      }
    }
    // prompt_optimization, per tenant x model over explanation and action feedback
    java.util.Set<String> tm2 = new java.util.TreeSet<>();
    ev.feedback().forEach(f -> tm2.add(key(f.tenantId(), f.modelId())));
    for (String m : tm2) {
      String[] p = m.split("\u0001", -1);
      Suggestion x = promptOptimization(
          p[0],
          p[1],
          fb.get(key(p[0], p[1], "explanation")),
          fb.get(key(p[0], p[1], "action")),
          fb.get(key(p[0], p[1], "prediction")),
          s);
      if (x != null) {
        out.add(x);
      }
    }
    // cost_optimization: growth per tenant, cheaper winners per experiment
    for (Cost c : ev.costs()) {
      Suggestion x = costGrowth(c, s);
      if (x != null) {
        out.add(x);
      }
    }
    Map<String, Suggestion> cheaper = new TreeMap<>();
    for (Experiment e : ev.experiments()) {
      Suggestion x = cheaperWinner(e, s);
      if (x != null) {
        // one suggestion per tenant x model x type: keep the most confident experiment
        cheaper.merge(
            key(x.tenantId(), x.modelId()), x, (a, b) -> a.confidence() >= b.confidence() ? a : b);
      }
    }
    for (Suggestion x : cheaper.values()) {
      if (out.stream()
          .noneMatch(o -> o.type().equals(x.type())
              && o.tenantId().equals(x.tenantId())
              && o.modelId().equals(x.modelId()))) {
        out.add(x);
      }
    }
    for (Cache c : ev.caches()) {
      Suggestion x = cacheTuning(c, costs.get(c.tenantId()), s);
      if (x != null) {
        out.add(x);
      }
    }
    return withThemes(out, ev.themes(), fb, s);
  }

  /**
   * Rising feedback themes: a model's suggestions cite its theme (its sentence appended to the issue, its
   * signal among the agreeing ones); a model with a rising theme and no suggestion gets R8.
   */
  static List<Suggestion> withThemes(
      List<Suggestion> out, List<RisingTheme> themes, Map<String, FeedbackStats> fb, Settings s) {
    List<Suggestion> cited = new ArrayList<>(out);
    for (RisingTheme t : themes) {
      boolean any = false;
      for (int i = 0; i < cited.size(); i++) {
        Suggestion x = cited.get(i);
        if (x.tenantId().equals(t.tenantId()) && Objects.equals(x.modelId(), t.modelId())) {
          cited.set(i, cite(x, "users complain increasingly: " + t.sentence(), t.signal(s)));
          any = true;
        }
      }
      if (!any) {
        cited.add(risingTheme(
            t, negativeFeedback(fb.get(key(t.tenantId(), t.modelId(), "prediction")), s), s));
      }
    }
    return cited;
  }

  /**
   * prompt_optimization from a rising feedback theme alone (R8, when no other rule fired for the model):
   * a group of the model's negative comments (feedback_themes) grew significantly against the previous
   * period. Strength: the growth of its share; negative prediction feedback, when present, agrees. The
   * type is the design's one for fixing what users are shown from their feedback; expected improvement:
   * the share the theme gained.
   */
  static Suggestion risingTheme(RisingTheme t, Signal negative, Settings s) {
    Signal main = t.signal(s);
    List<Signal> sig = new ArrayList<>(List.of(main));
    if (negative != null) {
      sig.add(negative);
    }
    return new Suggestion(
        t.tenantId(),
        t.modelId(),
        "prompt_optimization",
        "R8",
        2,
        main,
        sig,
        t.modelId() + " of " + t.tenantId() + ": " + t.sentence(),
        "A new complaint is growing among the model's users: \"" + t.terms()
            + "\" is significantly more frequent in their negative comments than in the previous period.",
        "Read the theme's example feedback (feedback_themes.example_ids) and fix what it describes: the "
            + "model's outputs or explanations if it is about them, else pass it to the team it concerns.",
        Math.max(0, t.share() - t.previousShare()),
        List.of(
            "Read the example comments of the theme",
            "Decide whether the complaint is about the model's outputs, its explanations or the service",
            "Fix the outputs or explanations (prompt, features, retraining) or hand it over",
            "Watch the theme's share in the next periods"),
        "medium");
  }

  static String key(String... parts) {
    return String.join("\u0001", parts);
  }

  /**
   * Negative prediction/explanation/action feedback as a signal: at least min-feedback classified
   * rows and a negative share whose 95% Wilson lower bound exceeds vigia.improvements.negative-share;
   * strength = the observed share.
   */
  static Signal negativeFeedback(FeedbackStats f, Settings s) {
    if (f == null
        || f.classified() < s.improvements().minFeedback()
        || !(f.wilsonLower() > s.improvements().negativeShare())) {
      return null;
    }
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put("target_type", f.targetType());
    rows.put("feedback", f.count());
    rows.put("classified", f.classified());
    rows.put("negative", f.negative());
    rows.put("negative_share", f.share());
    rows.put("wilson_lower_95", f.wilsonLower());
    rows.put("corrections", f.corrections());
    return new Signal(
        "negative_" + f.targetType() + "_feedback",
        f.share(),
        f.classified(),
        s.improvements().minFeedback(),
        rows);
  }

  /**
   * model_retrain: (drift score >= vigia.improvements.drift-score, or a drift_detected /
   * performance_degradation alert) AND negative prediction feedback. Severity: the alert's, or high
   * (critical from drift score 0.7, the design's retraining trigger). Expected improvement: the share of
   * the error a return to the reference level removes, (mape - reference_mape) / mape, or the relative
   * accuracy gap; null when neither is known.
   */
  static Suggestion modelRetrain(
      String tenant, String model, ModelPerf p, Alert a, Signal negative, Settings s) {
    if (negative == null) {
      return null;
    }
    List<Signal> sig = new ArrayList<>();
    int severity = 0;
    Signal main = null;
    if (p != null
        && p.driftScore() != null
        && p.driftScore() >= s.improvements().driftScore()) {
      Map<String, Object> rows = perfRows(p);
      main = new Signal(
          "drift_score", p.driftScore(), p.sampleSize(), s.drift().minSampleSize(), rows);
      sig.add(main);
      severity = p.driftScore() >= 0.7 ? 4 : 3;
    }
    if (a != null) {
      Map<String, Object> rows = new LinkedHashMap<>();
      rows.put("drift_alerts.id", a.id());
      rows.put("alert_type", a.type());
      rows.put("severity", a.severity());
      double strength = severityRank(a.severity()) / 4.0;
      Signal as = new Signal(
          a.type(),
          strength,
          p == null ? s.drift().minSampleSize() : p.sampleSize(),
          s.drift().minSampleSize(),
          rows);
      sig.add(as);
      if (main == null) {
        main = as;
      }
      severity = Math.max(severity, severityRank(a.severity()));
    }
    if (main == null) {
      return null;
    }
    sig.add(negative);
    Double expected = null;
    String change = "drift score " + fmt(p == null ? null : p.driftScore());
    if (p != null
        && p.mape() != null
        && p.referenceMape() != null
        && p.mape() > p.referenceMape()
        && p.mape() > 0) {
      expected = (p.mape() - p.referenceMape()) / p.mape();
      change = String.format(
          java.util.Locale.ROOT,
          "MAPE rose from %.3f to %.3f (%+.0f%%)",
          p.referenceMape(),
          p.mape(),
          100 * (p.mape() / Math.max(p.referenceMape(), 1e-12) - 1));
    } else if (p != null
        && p.accuracy() != null
        && p.referenceAccuracy() != null
        && p.accuracy() < p.referenceAccuracy()
        && p.accuracy() > 0) {
      expected = (p.referenceAccuracy() - p.accuracy()) / p.accuracy();
      change = String.format(
          java.util.Locale.ROOT,
          "accuracy fell from %.3f to %.3f",
          p.referenceAccuracy(),
          p.accuracy());
    }
    String issue = String.format(
        java.util.Locale.ROOT,
        "%s of %s: %s, with %.0f%% negative prediction feedback (%d rated)",
        model,
        tenant,
        change,
        100 * negative.strength(),
        (long) negative.n());
    return new Suggestion(
        tenant,
        model,
        "model_retrain",
        "R1",
        Math.max(severity, 2),
        main,
        sig,
        issue,
        "The model's inputs or the relation it learned have shifted since its reference period (drift and/or "
            + "performance degradation), and users notice: negative prediction feedback is significantly above "
            + String.format(
                java.util.Locale.ROOT, "%.0f%%", 100 * s.improvements().negativeShare()) + ".",
        "Retrain " + model
            + " on recent data that covers the shifted period, and roll it out through an A/B test.",
        expected,
        List.of(
            "Collect the last 90 days of data, including the drifted period and the users' corrections",
            "Retrain " + model + " and compare offline against the reference period",
            "A/B test the retrained model against the current one",
            "Deploy if the improvement is confirmed"),
        "medium");
  }

  /**
   * feature_engineering: drift concentrated on a few features: at least one drifted feature and at most
   * a quarter of at least 4 tested features drifted. Strength: the largest PSI against twice the PSI
   * threshold (or KS against twice the KS threshold); negative prediction feedback, when present, is
   * an agreeing signal. A model with an error slice (error_slices) gets it cited ({@link #cite}), or R7
   * ({@link #errorSlice}) when R2 does not fire.
   */
  static Suggestion featureEngineering(
      String tenant, String model, FeatureDrift f, Signal negative, Settings s) {
    if (f == null
        || f.drifted().isEmpty()
        || f.tested() < 4
        || f.drifted().size() * 4 > f.tested()) {
      return null;
    }
    double strength = Math.max(
        f.maxPsi() / (2 * s.drift().psiThreshold()), f.maxKs() / (2 * s.drift().ksThreshold()));
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put("feature_drift_metrics.drifted", f.drifted());
    rows.put("tested_features", f.tested());
    rows.put("max_psi", f.maxPsi());
    rows.put("max_ks", f.maxKs());
    Signal main = new Signal(
        "concentrated_feature_drift", strength, f.minCount(), s.drift().minSampleSize(), rows);
    List<Signal> sig = new ArrayList<>(List.of(main));
    if (negative != null) {
      sig.add(negative);
    }
    String feats = String.join(", ", f.drifted());
    return new Suggestion(
        tenant,
        model,
        "feature_engineering",
        "R2",
        2,
        main,
        sig,
        String.format(
            "%s of %s: %d of %d features drifted (%s)",
            model, tenant, f.drifted().size(), f.tested(), feats),
        "The drift is concentrated on " + feats
            + ": the model depends on features whose distribution changed, "
            + "while the rest of its inputs are stable.",
        "Rework " + feats
            + " (normalise by a stable reference, bucket, or replace with a more stable proxy) "
            + "before retraining the whole model.",
        null,
        List.of(
            "Inspect the drifted features' distributions before and after the change",
            "Engineer a stable version of " + feats,
            "Retrain with the new features and compare offline",
            "A/B test against the current model",
            "Deploy if the improvement is confirmed"),
        "medium");
  }

  /**
   * A suggestion that also cites the model's error slice: its sentence appended to the issue, its
   * signal among the agreeing ones.
   */
  static Suggestion cite(Suggestion x, ErrorSlice slice, Settings s) {
    return cite(x, "error concentrated: " + slice.sentence(), slice.signal(s));
  }

  /** A suggestion with another agreeing signal, its sentence appended to the issue. */
  static Suggestion cite(Suggestion x, String sentence, Signal signal) {
    List<Signal> sig = new ArrayList<>(x.signals());
    sig.add(signal);
    return new Suggestion(
        x.tenantId(),
        x.modelId(),
        x.type(),
        x.rule(),
        x.severity(),
        x.main(),
        sig,
        x.issue() + "; " + sentence,
        x.rootCause(),
        x.recommendation(),
        x.expectedImprovement(),
        x.steps(),
        x.effort());
  }

  /**
   * feature_engineering from an error slice alone (R7, when R2 did not fire): the model's error is
   * significantly higher in one slice of its feature space (error_slices). Strength: the slice's excess
   * error relative to its error; negative prediction feedback, when present, agrees. Expected
   * improvement: the share of the model's total error that goes if the slice errs as the rest does.
   */
  static Suggestion errorSlice(
      String tenant, String model, ErrorSlice slice, Signal negative, Settings s) {
    Signal main = slice.signal(s);
    List<Signal> sig = new ArrayList<>(List.of(main));
    if (negative != null) {
      sig.add(negative);
    }
    return new Suggestion(
        tenant,
        model,
        "feature_engineering",
        "R7",
        2,
        main,
        sig,
        model + " of " + tenant + ": " + slice.sentence(),
        "The model's error is concentrated where " + slice.slice()
            + ": it has learned that region of its inputs poorly (too few training examples there, "
            + "or a relation that differs there).",
        "Give " + model + " what it lacks where " + slice.slice()
            + ": more or re-weighted training examples from that slice, a feature that separates it, "
            + "or a dedicated model for it.",
        slice.removableShare(),
        List.of(
            "Pull the slice's recent predictions and outcomes and inspect the largest errors",
            "Add training data or a separating feature for the slice",
            "Retrain and compare offline on the slice and elsewhere",
            "A/B test against the current model",
            "Deploy if the improvement is confirmed"),
        "medium");
  }

  /**
   * prompt_optimization: negative feedback on explanations or actions (the negative-feedback signal
   * above) that is concentrated there: its share exceeds the same model's prediction share (or there
   * is no significant prediction signal). Corrections on that target are an agreeing signal.
   * Expected improvement: the negative share above the configured acceptable level.
   */
  static Suggestion promptOptimization(
      String tenant,
      String model,
      FeedbackStats expl,
      FeedbackStats action,
      FeedbackStats prediction,
      Settings s) {
    FeedbackStats worst = null;
    for (FeedbackStats f : new FeedbackStats[] {expl, action}) {
      Signal sig = negativeFeedback(f, s);
      if (sig != null && (worst == null || f.share() > worst.share())) {
        worst = f;
      }
    }
    if (worst == null) {
      return null;
    }
    if (prediction != null && prediction.classified() > 0 && prediction.share() >= worst.share()) {
      return null;
    }
    Signal main = negativeFeedback(worst, s);
    List<Signal> sig = new ArrayList<>(List.of(main));
    if (worst.corrections() > 0) {
      Map<String, Object> rows = new LinkedHashMap<>();
      rows.put("corrections", worst.corrections());
      sig.add(new Signal(
          "corrections_on_" + worst.targetType(),
          (double) worst.corrections() / worst.count(),
          worst.count(),
          s.improvements().minFeedback(),
          rows));
    }
    String what = worst.targetType().equals("explanation") ? "explanations" : "actions";
    int severity = worst.share() >= 0.5 ? 3 : 2;
    return new Suggestion(
        tenant,
        model,
        "prompt_optimization",
        "R3",
        severity,
        main,
        sig,
        String.format(
            java.util.Locale.ROOT,
            "%s%s: %.0f%% negative feedback on %s (%d rated)",
            tenant,
            model.isEmpty() ? "" : " / " + model,
            100 * worst.share(),
            what,
            worst.classified()),
        "Users reject the generated " + what + " more than the predictions themselves"
            + (prediction == null
                ? ""
                : String.format(
                    java.util.Locale.ROOT,
                    " (%.0f%% negative on predictions)",
                    100 * prediction.share()))
            + ": the prompt or template that produces them is the likely cause.",
        "Revise the prompt/template of the " + what
            + " using the negative comments and corrections as examples.",
        Math.max(0, worst.share() - s.improvements().negativeShare()),
        List.of(
            "Collect the negative comments and corrections on " + what,
            "Rewrite the prompt/template and review it on those cases",
            "A/B test the new prompt",
            "Deploy if the negative share falls"),
        "low");
  }

  /**
   * cost_optimization (growth): the tenant's cost in the window exceeds the preceding window of the same
   * length by more than vigia.improvements.cost-growth (relative). Strength: growth / (2 x threshold);
   * sample: the cost rows' event count against 1000.
   */
  static Suggestion costGrowth(Cost c, Settings s) {
    if (!(c.previous() > 0)
        || c.current() <= c.previous() * (1 + s.improvements().costGrowth())) {
      return null;
    }
    double growth = c.current() / c.previous() - 1;
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put("cost_tracking.current_usd", c.current());
    rows.put("cost_tracking.previous_usd", c.previous());
    rows.put("growth", growth);
    rows.put("events", c.events());
    Signal main = new Signal(
        "cost_growth", growth / (2 * s.improvements().costGrowth()), c.events(), 1000, rows);
    return new Suggestion(
        c.tenantId(),
        "",
        "cost_optimization",
        "R4a",
        growth >= 2 * s.improvements().costGrowth() ? 3 : 2,
        main,
        List.of(main),
        String.format(
            java.util.Locale.ROOT,
            "%s: cost grew %.0f%% (%.2f -> %.2f USD) against the preceding window",
            c.tenantId(),
            100 * growth,
            c.previous(),
            c.current()),
        "Usage or the price per call grew faster than the configured tolerance.",
        "Review the most expensive models and calls of the tenant: route simple requests to a cheaper model, "
            + "trim prompts, and cache repeated requests.",
        1 - 1 / (1 + growth),
        List.of(
            "Break the cost down by model and service (cost_tracking)",
            "Identify calls a cheaper model can serve",
            "A/B test the cheaper routing",
            "Deploy if quality holds"),
        "medium");
  }

  /**
   * cost_optimization (cheaper winner): an experiment whose treatment won and costs less per
   * prediction than the control (mean guardrail.cost_usd): suggests moving the control model's traffic
   * to it. Strength: the relative saving; sample: the smaller variant against vigia.ab.min-sample-size.
   */
  static Suggestion cheaperWinner(Experiment e, Settings s) {
    if (!"treatment".equals(e.winner())
        || !(e.controlCost() > 0)
        || !(e.treatmentCost() < e.controlCost())) {
      return null;
    }
    double saving = 1 - e.treatmentCost() / e.controlCost();
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put("ab_experiments.id", e.id());
    rows.put("winner", e.winner());
    rows.put("p_value", e.pValue());
    rows.put("control_cost_mean", e.controlCost());
    rows.put("treatment_cost_mean", e.treatmentCost());
    Signal main = new Signal(
        "cheaper_winner",
        saving * 4,
        Math.min(e.nControl(), e.nTreatment()),
        s.experiments().minSampleSize(),
        rows);
    return new Suggestion(
        e.tenantId(),
        e.controlModel(),
        "cost_optimization",
        "R4b",
        2,
        main,
        List.of(main),
        String.format(
            java.util.Locale.ROOT,
            "%s: experiment %s found %s better than %s and %.0f%% cheaper per prediction",
            e.tenantId(),
            e.id(),
            e.treatmentModel(),
            e.controlModel(),
            100 * saving),
        "The treatment model won the experiment on its primary metric while costing less.",
        "Move the traffic of " + e.controlModel() + " to " + e.treatmentModel() + " gradually.",
        saving,
        List.of(
            "Confirm the experiment's verdict and guardrails",
            "Roll " + e.treatmentModel() + " out gradually (10%, 50%, 100%)",
            "Watch cost and quality during the rollout",
            "Retire " + e.controlModel()),
        "low");
  }

  /**
   * cache_tuning: semantic-cache hit rate below vigia.improvements.semantic-cache-hit-rate over at
   * least vigia.improvements.min-cache-lookups lookups. Strength: (threshold - rate) / threshold; cost
   * growth of the tenant, when present, agrees. Expected improvement: the hit-rate points missing to the
   * threshold; the cost it would save (at the observed saving per hit) is in the evidence.
   */
  static Suggestion cacheTuning(Cache c, Cost cost, Settings s) {
    double t = s.improvements().semanticCacheHitRate();
    if (c.lookups() < s.improvements().minCacheLookups() || c.hitRate() >= t) {
      return null;
    }
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put("cache_performance_metrics.cache_type", "llm_semantic");
    rows.put("granularity", c.granularity());
    rows.put("hits", c.hits());
    rows.put("misses", c.misses());
    rows.put("hit_rate", c.hitRate());
    double perHit = c.hits() > 0 ? c.costSavingsUsd() / c.hits() : 0;
    rows.put("estimated_savings_usd_at_target", (t - c.hitRate()) * c.lookups() * perHit);
    Signal main = new Signal(
        "low_semantic_hit_rate",
        (t - c.hitRate()) / t,
        c.lookups(),
        s.improvements().minCacheLookups(),
        rows);
    List<Signal> sig = new ArrayList<>(List.of(main));
    Suggestion growth = cost == null ? null : costGrowth(cost, s);
    if (growth != null) {
      sig.add(growth.main());
    }
    return new Suggestion(
        c.tenantId(),
        "",
        "cache_tuning",
        "R5",
        c.hitRate() < t / 2 ? 3 : 2,
        main,
        sig,
        String.format(
            java.util.Locale.ROOT,
            "%s: semantic cache hit rate %.1f%% over %d lookups (target %.0f%%)",
            c.tenantId(),
            100 * c.hitRate(),
            c.lookups(),
            100 * t),
        "Similar requests are not served from the semantic cache: the similarity threshold may be too strict, "
            + "entries may expire too early, or prompts carry varying text (dates, ids) that defeats matching.",
        "Tune the semantic cache: lower the similarity threshold on a validation sample, lengthen the TTL, and "
            + "normalise prompts before embedding.",
        t - c.hitRate(),
        List.of(
            "Sample misses and find near-duplicates the cache missed",
            "Tune the similarity threshold and TTL",
            "A/B test the new settings on quality and hit rate",
            "Deploy if the hit rate rises without quality loss"),
        "low");
  }

  private static Map<String, Object> perfRows(ModelPerf p) {
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put("model_performance_metrics.id", p.id());
    rows.put("model_version", p.version());
    rows.put("sample_size", p.sampleSize());
    rows.put("drift_score", p.driftScore());
    rows.put("mape", p.mape());
    rows.put("reference_mape", p.referenceMape());
    rows.put("accuracy", p.accuracy());
    rows.put("reference_accuracy", p.referenceAccuracy());
    return rows;
  }

  private static String fmt(Double d) {
    return d == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.3f", d);
  }

  static boolean same(Suggestion a, Suggestion b) {
    return Objects.equals(a.tenantId(), b.tenantId())
        && Objects.equals(a.modelId(), b.modelId())
        && a.type().equals(b.type());
  }
}
