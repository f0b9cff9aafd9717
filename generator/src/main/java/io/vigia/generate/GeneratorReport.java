package io.vigia.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What a generation wrote, exactly: line counts per date and event type, duplicates, malformed lines
 * per kind, the injected effects, the planted personal data and the platform rows. Serialised as the
 * landing's {@code _manifest.json}; its content depends only on the spec (no generation time).
 */
public record GeneratorReport(
    GeneratorSpec spec,
    long totalLines,
    long validEvents,
    long duplicateLines,
    long badLines,
    SortedMap<LocalDate, DateCounts> dates,
    Map<String, Long> eventsByType,
    Map<String, Long> badByKind,
    List<TenantSummary> tenants,
    List<Effect> effects,
    List<ExperimentSummary> experiments,
    PiiSummary pii,
    FeedbackSummary feedback,
    DataAccessSummary dataAccess,
    List<LlmUsage> llmUsage,
    Map<String, Long> platformRows,
    List<FileSummary> files) {

  public static final int FORMAT_VERSION = 1;

  /** Counts of one landing date: valid unique events by type, duplicate lines, bad lines by kind. */
  public record DateCounts(Map<String, Long> events, long duplicates, Map<String, Long> bad) {
    public long validEvents() {
      return events.values().stream().mapToLong(Long::longValue).sum();
    }

    public long badLines() {
      return bad.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public record TenantSummary(
      String tenantId,
      String country,
      List<String> models,
      Map<String, String> servingVersions,
      long rowsPerDay) {}

  /** One injected effect; {@code from} inclusive, {@code until} exclusive; tenant/model null when global. */
  public record Effect(
      String type,
      String tenantId,
      String modelId,
      LocalDate from,
      LocalDate until,
      Map<String, Object> parameters) {}

  public record ExperimentSummary(
      String id,
      String tenantId,
      String kind,
      String controlModelId,
      String treatmentModelId,
      double declaredSplit,
      double realTreatmentShare,
      long controlObservations,
      long treatmentObservations,
      double controlMape,
      double treatmentMape) {}

  public record PiiSummary(
      Map<String, Long> valid,
      Map<String, Long> lookalike,
      Map<String, Map<String, Long>> byField) {
    public long validTotal() {
      return valid.values().stream().mapToLong(Long::longValue).sum();
    }

    public long lookalikeTotal() {
      return lookalike.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public record FeedbackSummary(
      long rows,
      Map<String, Long> byTargetType,
      Map<String, Long> byRating,
      long burstNegative,
      long ratingContradictsComment) {}

  public record DataAccessSummary(
      long exportsWithoutConsentOrBasis, long bulkSpecialCategoryExports) {}

  /** LLM use of one tenant and model; token sums over billed (cache miss) calls; list cost null when unpriced. */
  public record LlmUsage(
      String tenantId,
      String provider,
      String requestModel,
      long calls,
      long billedCalls,
      long inputTokens,
      long cachedInputTokens,
      long outputTokens,
      long errors,
      Double listPriceCostUsd,
      double callerReportedCostUsd) {}

  public record FileSummary(String path, long lines, long bytes) {}

  /** The manifest document. */
  public String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("generator", "vigia-generator");
    root.put("format_version", FORMAT_VERSION);
    root.put("spec", specJson());
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("lines", totalLines);
    totals.put("valid_events", validEvents);
    totals.put("duplicate_lines", duplicateLines);
    totals.put("bad_lines", badLines);
    totals.put("events_by_type", eventsByType);
    totals.put("bad_by_kind", badByKind);
    root.put("totals", totals);
    Map<String, Object> byDate = new LinkedHashMap<>();
    dates.forEach((d, c) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("events", c.events());
      m.put("duplicates", c.duplicates());
      m.put("bad", c.bad());
      byDate.put(d.toString(), m);
    });
    root.put("dates", byDate);
    List<Object> ts = new ArrayList<>();
    for (TenantSummary t : tenants) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tenant_id", t.tenantId());
      m.put("country", t.country());
      m.put("models", t.models());
      m.put("serving_versions", t.servingVersions());
      m.put("rows_per_day", t.rowsPerDay());
      ts.add(m);
    }
    root.put("tenants", ts);
    List<Object> es = new ArrayList<>();
    for (Effect e : effects) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", e.type());
      m.put("tenant_id", e.tenantId());
      m.put("model_id", e.modelId());
      m.put("from", e.from());
      m.put("until", e.until());
      m.put("parameters", e.parameters());
      es.add(m);
    }
    root.put("effects", es);
    List<Object> xs = new ArrayList<>();
    for (ExperimentSummary x : experiments) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", x.id());
      m.put("tenant_id", x.tenantId());
      m.put("kind", x.kind());
      m.put("control_model_id", x.controlModelId());
      m.put("treatment_model_id", x.treatmentModelId());
      m.put("declared_split", x.declaredSplit());
      m.put("real_treatment_share", x.realTreatmentShare());
      m.put("control_observations", x.controlObservations());
      m.put("treatment_observations", x.treatmentObservations());
      m.put("control_mape", x.controlMape());
      m.put("treatment_mape", x.treatmentMape());
      xs.add(m);
    }
    root.put("experiments", xs);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("valid", pii.valid());
    p.put("lookalike", pii.lookalike());
    p.put("by_field", pii.byField());
    root.put("pii", p);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("rows", feedback.rows());
    f.put("by_target_type", feedback.byTargetType());
    f.put("by_rating", feedback.byRating());
    f.put("burst_negative", feedback.burstNegative());
    f.put("rating_contradicts_comment", feedback.ratingContradictsComment());
    root.put("feedback", f);
    Map<String, Object> da = new LinkedHashMap<>();
    da.put("exports_without_consent_or_basis", dataAccess.exportsWithoutConsentOrBasis());
    da.put("bulk_special_category_exports", dataAccess.bulkSpecialCategoryExports());
    root.put("data_access", da);
    List<Object> ls = new ArrayList<>();
    for (LlmUsage u : llmUsage) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tenant_id", u.tenantId());
      m.put("provider", u.provider());
      m.put("request_model", u.requestModel());
      m.put("calls", u.calls());
      m.put("billed_calls", u.billedCalls());
      m.put("input_tokens", u.inputTokens());
      m.put("cached_input_tokens", u.cachedInputTokens());
      m.put("output_tokens", u.outputTokens());
      m.put("errors", u.errors());
      m.put("list_price_cost_usd", u.listPriceCostUsd());
      m.put("caller_reported_cost_usd", u.callerReportedCostUsd());
      ls.add(m);
    }
    root.put("llm_usage", ls);
    Map<String, Object> pl = new LinkedHashMap<>();
    pl.put("rows", platformRows);
    pl.put(
        "files",
        obj(
            "ab_experiments", "_platform/ab_experiments.tsv",
            "ab_experiment_observations", "_platform/ab_experiment_observations.tsv",
            "user_feedback", "_platform/user_feedback.tsv"));
    pl.put("format", "PostgreSQL COPY text (tab-separated, \\N = null), no header");
    pl.put(
        "columns",
        obj(
            "ab_experiments", PlatformTables.EXPERIMENT_COLUMNS,
            "ab_experiment_observations", PlatformTables.OBSERVATION_COLUMNS,
            "user_feedback", PlatformTables.FEEDBACK_COLUMNS));
    root.put("platform", pl);
    List<Object> fs = new ArrayList<>();
    for (FileSummary fe : files) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", fe.path());
      m.put("lines", fe.lines());
      m.put("bytes", fe.bytes());
      fs.add(m);
    }
    root.put("files", fs);
    return ManifestJson.write(root);
  }

  private Map<String, Object> specJson() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("tenants", spec.tenants());
    s.put("days", spec.days());
    s.put("rows_per_day", spec.rowsPerDay());
    s.put("seed", spec.seed());
    s.put("start", spec.start());
    s.put("bad_share", spec.badShare());
    s.put("duplicate_share", spec.duplicateShare());
    s.put("gzip", spec.gzip());
    if (spec.feedbackScale() != 1) {
      // only when set: a default spec's manifest is the same as before the option existed
      s.put("feedback_scale", spec.feedbackScale());
    }
    GeneratorSpec.Injections in = spec.injections();
    Map<String, Object> inj = new LinkedHashMap<>();
    inj.put(
        "feature_drift",
        in.featureDrift().stream()
            .map(d -> obj(
                "tenant_id",
                d.tenantId(),
                "model_id",
                d.modelId(),
                "numeric_shift_sd",
                d.numericShiftSd(),
                "categorical_shift",
                d.categoricalShift()))
            .toList());
    inj.put(
        "performance_drops",
        in.performanceDrops().stream()
            .map(d -> obj(
                "tenant_id",
                d.tenantId(),
                "model_id",
                d.modelId(),
                "error_factor",
                d.errorFactor()))
            .toList());
    inj.put(
        "experiments",
        in.experiments().stream()
            .map(e -> obj(
                "tenant_id",
                e.tenantId(),
                "ab_winner",
                e.abWinner(),
                "aa_null",
                e.aaNull(),
                "srm",
                e.srm(),
                "treatment_error_ratio",
                e.treatmentErrorRatio(),
                "srm_treatment_share",
                e.srmTreatmentShare()))
            .toList());
    inj.put(
        "pii",
        obj("valid_share", in.pii().validShare(), "lookalike_share", in.pii().lookalikeShare()));
    inj.put(
        "over_budget",
        in.overBudget().stream()
            .map(o -> obj(
                "tenant_id",
                o.tenantId(),
                "llm_share",
                o.llmShare(),
                "token_factor",
                o.tokenFactor()))
            .toList());
    inj.put(
        "feedback_bursts",
        in.feedbackBursts().stream()
            .map(b -> obj(
                "tenant_id",
                b.tenantId(),
                "model_id",
                b.modelId(),
                "last_days",
                b.lastDays(),
                "feedback_rate",
                b.feedbackRate(),
                "negative_share",
                b.negativeShare()))
            .toList());
    s.put("injections", inj);
    return s;
  }

  static Map<String, Object> obj(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
