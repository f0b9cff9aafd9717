package io.vigia.generate;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generated rows of the platform's PostgreSQL inputs, as PostgreSQL COPY text files (tab-separated,
 * {@code \N} for null, columns in the order of the lists below), the tenants and time range they cover, and
 * the tenants' countries (tenant_privacy_profile).
 */
public record PlatformTables(
    List<String> tenantIds,
    Instant coveredFrom,
    Instant coveredUntil,
    Path experiments,
    Path observations,
    Path feedback,
    Map<String, String> countries) {

  public static final List<String> EXPERIMENT_COLUMNS = List.of(
      "id",
      "tenant_id",
      "name",
      "experiment_type",
      "control_model_id",
      "treatment_model_id",
      "traffic_split",
      "primary_metric",
      "success_threshold",
      "min_sample_size",
      "confidence_level",
      "status",
      "started_at");
  public static final List<String> OBSERVATION_COLUMNS = List.of(
      "experiment_id",
      "tenant_id",
      "variant",
      "unit_id",
      "prediction_id",
      "predicted_value",
      "actual_value",
      "metric_name",
      "metric_value",
      "latency_ms",
      "cost_usd",
      "observed_at",
      "pre_metric_value");
  public static final List<String> FEEDBACK_COLUMNS = List.of(
      "tenant_id",
      "user_id",
      "target_type",
      "target_id",
      "model_id",
      "rating",
      "comment",
      "correction_data",
      "created_at",
      "processing_status");

  /** tenant_budgets rows (tenant_id, valid_from, monthly_budget_usd) beside the other files. */
  public static final String BUDGETS_FILE = "tenant_budgets.tsv";

  public static final List<String> BUDGET_COLUMNS =
      List.of("tenant_id", "valid_from", "monthly_budget_usd");

  /** The budgets file next to the experiments file (written by the generator; may be absent). */
  public Path budgets() {
    return experiments.resolveSibling(BUDGETS_FILE);
  }

  public PlatformTables {
    tenantIds = List.copyOf(tenantIds);
    countries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(countries));
  }
}
