package io.vigia.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigia.common.db.Database;
import io.vigia.common.job.JobRunner;
import io.vigia.common.json.Json;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.Jdbc;
import io.vigia.common.testing.TestEnv;
import io.vigia.generate.GeneratorSpec;
import io.vigia.generate.GeneratorSpec.ErrorSlice;
import io.vigia.generate.GeneratorSpec.Injections;
import io.vigia.jobs.improvements.ImprovementsJob;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A generated landing with one planted error slice (t001 demand-forecast: prediction noise x4 where
 * store_region = norte and price > 20, on every day) and no other injected effect, ingested, then the
 * drift job over the last 7 days: the slice is found with its conditions, and nothing is found for
 * the demand-forecast of the two control tenants (whose error does not depend on any feature).
 * churn-classifier and ticket-router are not controls: the generator's own formulas make their errors
 * depend on their features (a classifier errs near its decision boundary; a short ticket is routed worse).
 */
class ErrorSlicesJobTest {
  static final ErrorSlice PLANTED = new ErrorSlice("t001", GeneratorSpec.DEMAND, "norte", 20, 4);
  static Database db;
  static Settings settings;

  @BeforeAll
  static void generateIngestAndRun() throws Exception {
    Path work = TestEnv.tempDir("slices");
    db = TestEnv.freshDatabase("slices", true);
    GeneratorSpec spec = GeneratorSpec.of(3, 14, 4500, 11, work.resolve("landing"))
        .withInjections(Injections.none().withErrorSlices(List.of(PLANTED)));
    settings = DriftJobTest.generateAndIngest(spec, work, db);
    DriftJobTest.runDrift(settings, db);
  }

  static List<Map<String, String>> slices(String where) throws Exception {
    return Jdbc.records(
        db,
        "SELECT tenant_id, model_id, slice_text, slice_conditions::text AS conditions, metric, support, "
            + "support_share, error_in_slice, error_rest, p_value, p_adjusted, slices_tested, outcomes "
            + "FROM error_slices WHERE " + where + " ORDER BY tenant_id, model_id, leaf");
  }

  @Test
  void thePlantedSliceIsFoundWithItsConditions() throws Exception {
    System.out.println("all slices: " + slices("true"));
    List<Map<String, String>> found = slices("tenant_id = 't001' AND model_id = 'demand-forecast'");
    assertThat(found).isNotEmpty();
    for (Map<String, String> row : found) {
      JsonNode conditions = Json.read(row.get("conditions"));
      boolean region = false;
      double priceAbove = Double.NEGATIVE_INFINITY;
      for (JsonNode c : conditions) {
        String feature = c.get("feature").asText();
        String op = c.get("op").asText();
        if (feature.equals("store_region") && op.equals("=")) {
          region =
              c.get("values").size() == 1 && c.get("values").get(0).asText().equals("norte");
        }
        if (feature.equals("price") && op.equals(">")) {
          priceAbove = c.get("value").asDouble();
        }
      }
      // every slice found lies inside the planted one, bounded close to its threshold
      assertThat(region).as("store_region = norte in %s", row).isTrue();
      assertThat(priceAbove).as("price > ~20 in %s", row).isBetween(18.0, 23.0);
      assertThat(row.get("metric")).isEqualTo("relative_error");
      assertThat(Double.parseDouble(row.get("error_in_slice")))
          .isGreaterThan(2 * Double.parseDouble(row.get("error_rest")));
      assertThat(Double.parseDouble(row.get("p_adjusted"))).isLessThanOrEqualTo(0.05);
    }
    // the exact planted slice (two conditions) is among them
    assertThat(found)
        .anyMatch(
            r -> (r.get("slice_text"))
                .matches(
                    "(store_region = norte and price > [0-9.]+|price > [0-9.]+ and store_region = norte)"));
  }

  @Test
  void nothingIsFoundInTheControls() throws Exception {
    assertThat(slices("model_id = 'demand-forecast' AND tenant_id <> 't001'")).isEmpty();
    // the controls had enough joined outcomes for a tree (vigia.drift.slices.min-outcomes = 500)
    List<Map<String, String>> outcomes = Jdbc.records(
        db,
        "SELECT tenant_id, sum((details->>'outcomes_joined')::bigint) AS n FROM model_performance_metrics "
            + "WHERE model_id = 'demand-forecast' AND tenant_id <> 't001' GROUP BY tenant_id");
    assertThat(outcomes).hasSize(2);
    assertThat(outcomes).allMatch(r -> Long.parseLong(r.get("n")) >= 500);
  }

  /** The improvements job over the same window reads the slice and cites it (R7: no drift to cite). */
  @Test
  void theImprovementRulesCiteTheSlice() throws Exception {
    JobRunner.run(
        new ImprovementsJob(),
        TestEnv.spark(),
        settings,
        db,
        DriftJobTest.EVAL,
        Optional.empty(),
        Clock.systemUTC());
    List<Map<String, String>> suggestions = Jdbc.records(
        db,
        "SELECT suggestion_type, issue_identified, evidence::text AS evidence FROM improvement_suggestions "
            + "WHERE tenant_id = 't001' AND model_id = 'demand-forecast'");
    System.out.println("suggestions: " + suggestions);
    assertThat(suggestions).hasSize(1);
    assertThat(suggestions.get(0).get("suggestion_type")).isEqualTo("feature_engineering");
    assertThat(suggestions.get(0).get("issue_identified"))
        .matches(
            "demand-forecast of t001: MAPE 0\\.\\d\\d in store_region = norte and price > [0-9.]+, "
                + "0\\.\\d\\d elsewhere: \\d+ % of traffic");
    assertThat(suggestions.get(0).get("evidence")).contains("error_slices.id");
  }
}
