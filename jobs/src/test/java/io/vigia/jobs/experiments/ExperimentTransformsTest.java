package io.vigia.jobs.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigia.common.stats.ab.MannWhitneyU;
import io.vigia.common.stats.ab.SampleStats;
import io.vigia.common.testing.TestEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The Spark transforms on a few in-memory observations in the tests' local session (no database, no generator). */
class ExperimentTransformsTest {
  /** The columns of {@link ExperimentInputs#observations}. */
  static final StructType OBSERVATIONS =
      StructType.fromDDL("id BIGINT, experiment_id STRING, variant STRING, "
          + "unit_id STRING, metric_name STRING, metric_value DOUBLE, latency_ms DOUBLE, cost_usd DOUBLE, "
          + "pre_metric_value DOUBLE");

  static final Map<String, ExperimentDefinition> DEFINITIONS =
      Map.of("e1", new ExperimentDefinition("e1", "t1", 0.5, "mape", null, null, 0.95));

  static long id = 0;

  static Row row(
      String variant, String unit, String metric, Double value, Double latency, Double pre) {
    return RowFactory.create(++id, "e1", variant, unit, metric, value, latency, 0.01, pre);
  }

  @Test
  void classifyCountsQuarantineReasonsAndTheSumsEqualTheLibraryOnTheRawValues() {
    double[] control = {0.3, 0.1, 0.2, 0.2, 0.5};
    double[] treatment = {0.2, 0.1, 0.1, 0.4};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < control.length; i++) {
      rows.add(row("control", "u" + i, "mape", control[i], 10.0 + i, 1.0 + i));
    }
    for (int i = 0; i < treatment.length; i++) {
      // the last treatment row has a NaN covariate: valid, but CUPED is not ready
      rows.add(row(
          "treatment",
          "v" + i,
          "mape",
          treatment[i],
          i == 0 ? null : 20.0 + i,
          i == treatment.length - 1 ? Double.NaN : 2.0 + i));
    }
    rows.add(
        row("control", null, "rmse", 3.0, 99.0, null)); // secondary: no guardrail values from it
    rows.add(row("control", "q1", "mape", null, 1.0, null));
    rows.add(row("treatment", "q2", "mape", Double.NaN, 1.0, null));
    rows.add(row("treatment", "q3", "mape", Double.POSITIVE_INFINITY, 1.0, null));
    rows.add(row("treatment", "q4", "mape", Double.NEGATIVE_INFINITY, 1.0, null));
    Dataset<Row> observations = TestEnv.spark().createDataFrame(rows, OBSERVATIONS);

    Dataset<Row> classified = ExperimentTransforms.classify(observations);
    ObservationCounts counts =
        ExperimentTransforms.observationCounts(classified).get("e1");
    assertThat(counts.read()).isEqualTo(14);
    assertThat(counts.quarantineReasons())
        .containsExactly(
            Map.entry("infinite_metric_value", 2L),
            Map.entry("nan_metric_value", 1L),
            Map.entry("null_metric_value", 1L));
    assertThat(counts.valid()).isEqualTo(10);
    assertThat(counts.preMetricValueInvalid()).isEqualTo(1);

    Dataset<Row> valid = ExperimentTransforms.valid(classified, DEFINITIONS);
    SortedMap<String, MetricSums> sums = ExperimentTransforms.metricSums(
            ExperimentTransforms.metricValues(valid))
        .get("e1");
    assertThat(sums)
        .containsOnlyKeys(
            "mape",
            "rmse",
            ExperimentAssessment.GUARDRAIL_LATENCY,
            ExperimentAssessment.GUARDRAIL_COST);
    MetricSums mape = sums.get("mape");
    SampleStats c = SampleStats.of(control);
    assertThat(mape.shift()).isEqualTo(0.1);
    assertThat(mape.controlStats().n()).isEqualTo(5);
    assertThat(mape.controlStats().mean()).isCloseTo(c.mean(), within(1e-15));
    assertThat(mape.controlStats().m2()).isCloseTo(c.m2(), within(1e-15));
    assertThat(mape.treatmentStats().mean())
        .isCloseTo(SampleStats.of(treatment).mean(), within(1e-15));
    MannWhitneyU.RankSums ranks = MannWhitneyU.rankSums(treatment, control);
    assertThat(mape.rankSumTreatment()).isEqualTo(ranks.rankSumX());
    assertThat(mape.tieTerm()).isEqualTo(ranks.tieTerm());
    assertThat(mape.distinctValues()).isEqualTo(5);
    assertThat(mape.min()).isEqualTo(0.1);
    assertThat(mape.max()).isEqualTo(0.5);
    assertThat(mape.covariate().observations()).isEqualTo(8);
    assertThat(mape.cupedReady()).isFalse();
    // latency only from the primary metric's rows, nulls absent
    MetricSums latency = sums.get(ExperimentAssessment.GUARDRAIL_LATENCY);
    assertThat(latency.control().n()).isEqualTo(5);
    assertThat(latency.treatment().n()).isEqualTo(3);
    assertThat(latency.covariate()).isNull();

    Map<String, UnitCounts> units =
        ExperimentTransforms.units(ExperimentTransforms.primaryRows(valid));
    assertThat(units).containsExactly(Map.entry("e1", new UnitCounts(5, 0, 4, 0)));
  }
}
