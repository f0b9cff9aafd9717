package io.vigia.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigia.common.stats.KolmogorovSmirnov;
import io.vigia.common.stats.PopulationStabilityIndex;
import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.drift.ModelKey.FeatureKey;
import io.vigia.jobs.drift.ModelKey.TenantModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The Spark transforms on a few in-memory rows in the tests' local session (no generator, no lake). */
class DriftTransformsTest {
  /** The columns of {@link DriftInputs#predictions}. */
  static final StructType PREDICTIONS =
      StructType.fromDDL("tenant_id STRING, model_id STRING, model_version STRING, "
          + "is_ref BOOLEAN, prediction_id STRING, prediction DOUBLE, predicted_class STRING, "
          + "features_num MAP<STRING, DOUBLE>, features_cat MAP<STRING, STRING>");

  static final ModelKey MODEL = new ModelKey("t1", "m", "v1");

  static Row prediction(
      boolean reference,
      String id,
      Double prediction,
      Map<String, Double> numeric,
      Map<String, String> categorical) {
    return RowFactory.create(
        "t1", "m", "v1", reference, id, prediction, null, numeric, categorical);
  }

  static Dataset<Row> frame(List<Row> rows) {
    return TestEnv.spark().createDataFrame(rows, PREDICTIONS);
  }

  @Test
  void profileCountsPredictionsValuesNaNAndCategoriesPerSide() {
    Map<String, Double> withNaN = new HashMap<>();
    withNaN.put("x", Double.NaN);
    List<Row> rows = List.of(
        prediction(true, "r1", 1.0, Map.of("x", 1.0), Map.of("c", "a")),
        prediction(true, "r2", 2.0, withNaN, Map.of("c", "b")),
        prediction(true, "r3", 3.0, Map.of("x", 2.0, "y", 5.0), null),
        prediction(false, "c1", 4.0, Map.of("x", 3.0), Map.of("c", "a")),
        prediction(false, "c2", null, null, Map.of("c", "a")));
    DriftProfile profile = DriftTransforms.profile(frame(rows));

    assertThat(profile.models).containsOnlyKeys(MODEL);
    ModelWindowStats stats = profile.models.get(MODEL);
    assertThat(stats.reference().n()).isEqualTo(3);
    assertThat(stats.reference().mean()).isCloseTo(2.0, within(1e-15));
    assertThat(stats.current().n()).isEqualTo(2); // every event, also the one without a prediction
    assertThat(stats.current().mean()).isCloseTo(4.0, within(1e-15));
    assertThat(profile.predictionEvents()).isEqualTo(5);

    assertThat(profile.numeric.get(MODEL.feature("x"))).isEqualTo(new NumericCounts(2, 1, 1, 0));
    assertThat(profile.numeric.get(MODEL.feature("y"))).isEqualTo(new NumericCounts(1, 0, 0, 0));
    assertThat(profile.numeric.get(MODEL.feature(DriftTransforms.PREDICTION)))
        .isEqualTo(new NumericCounts(3, 1, 0, 0));
    assertThat(profile.categories.get(MODEL.feature("c")))
        .containsExactly(
            Map.entry("a", new CategoryCounts(1, 2)), Map.entry("b", new CategoryCounts(1, 0)));
    assertThat(profile.featureNamesByModel().get(MODEL)).containsExactly("c", "x", "y");
    assertThat(profile.largestFeatureValues()).isEqualTo(4);
    // the sort key of x knows its reference size
    long xKey = profile.featureBySortKey.entrySet().stream()
        .filter(e -> e.getValue().feature().equals("x"))
        .findFirst()
        .orElseThrow()
        .getKey();
    assertThat(profile.referenceSizeBySortKey.get(xKey)).isEqualTo(2);
  }

  @Test
  void bothSortPathsGiveTheLibrarysKsAndPsi() {
    Random random = new Random(7);
    List<Row> rows = new ArrayList<>();
    List<Double> reference = new ArrayList<>();
    List<Double> current = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      boolean isReference = i < 35;
      double x = Math.round((random.nextGaussian() + (isReference ? 0 : 0.8)) * 4) / 4.0; // ties
      (isReference ? reference : current).add(x);
      rows.add(prediction(isReference, "p" + i, x * 2, Map.of("x", x), null));
    }
    Dataset<Row> predictions = frame(rows);
    DriftProfile profile = DriftTransforms.profile(predictions);
    Map<FeatureKey, SortedPassResult> inMemory =
        DriftTransforms.sortedPass(predictions, profile, 5, Long.MAX_VALUE);
    Map<FeatureKey, SortedPassResult> sparkSort =
        DriftTransforms.sortedPass(predictions, profile, 5, 0);

    double[] r = reference.stream().mapToDouble(Double::doubleValue).toArray();
    double[] c = current.stream().mapToDouble(Double::doubleValue).toArray();
    KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(r, c);
    PopulationStabilityIndex.Result psi = PopulationStabilityIndex.fromArrays(r, c, 5);
    for (Map<FeatureKey, SortedPassResult> results : List.of(inMemory, sparkSort)) {
      assertThat(results)
          .containsOnlyKeys(MODEL.feature("x"), MODEL.feature(DriftTransforms.PREDICTION));
      SortedPassResult x = results.get(MODEL.feature("x"));
      assertThat(x.ksStatistic()).isCloseTo(ks.statistic(), within(1e-12));
      assertThat(x.ksPValue()).isCloseTo(ks.pValue(), within(1e-12));
      assertThat(x.binsReference()).containsExactly(psi.referenceCounts());
      assertThat(x.binsCurrent()).containsExactly(psi.currentCounts());
      assertThat(PopulationStabilityIndex.fromCounts(x.binsReference(), x.binsCurrent()))
          .isCloseTo(psi.psi(), within(1e-12));
    }
    SortedPassResult a = inMemory.get(MODEL.feature("x"));
    SortedPassResult b = sparkSort.get(MODEL.feature("x"));
    assertThat(a.ksMethod()).isEqualTo(b.ksMethod());
    assertThat(inMemory.get(MODEL.feature(DriftTransforms.PREDICTION)).ksStatistic())
        .isEqualTo(a.ksStatistic()); // the prediction is 2x: the same ranks
  }

  @Test
  void quarantinedLinesCountPerModelReadFromTheRawLineAndReason() {
    StructType schema = StructType.fromDDL("tenant_id STRING, raw_line STRING, reason STRING");
    SparkSession spark = TestEnv.spark();
    Dataset<Row> lines = spark.createDataFrame(
        List.of(
            RowFactory.create(
                "t1", "{\"model_id\": \"m\", \"prediction\": \"x\"}", "bad_prediction"),
            RowFactory.create("t1", "{\"model_id\":\"m\"}", "bad_prediction"),
            RowFactory.create("t1", "{\"model_id\":\"m\",\"ts\":1}", "bad_ts"),
            RowFactory.create("t1", "not json", "unparseable"),
            RowFactory.create("t2", "{\"model_id\":12}", "bad_model_id")),
        schema);
    QuarantineCounts q = DriftTransforms.quarantine(lines);
    assertThat(q.byModelAndReason()).containsOnlyKeys(new TenantModel("t1", "m"));
    assertThat(q.byModelAndReason().get(new TenantModel("t1", "m")))
        .containsExactly(Map.entry("bad_prediction", 2L), Map.entry("bad_ts", 1L));
    assertThat(q.unattributedByTenant()).containsExactly(Map.entry("t1", 1L), Map.entry("t2", 1L));
    assertThat(q.unattributed()).isEqualTo(2);
    assertThat(DriftTransforms.quarantine(null)).isEqualTo(QuarantineCounts.NONE);
  }
}
