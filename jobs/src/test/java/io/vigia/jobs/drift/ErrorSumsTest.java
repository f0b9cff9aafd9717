package io.vigia.jobs.drift;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vigia.common.testing.TestEnv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The error metrics the drift job computes ({@link ErrorSums#aggregations} in Spark, decoded by
 * {@link Performance#of}) against the independent references of common's drift_fixtures.json
 * ("errors": MAE, RMSE, MAPE, sMAPE and accuracy computed with numpy by make_drift_fixtures.py).
 */
class ErrorSumsTest {
  static final StructType PAIRS =
      StructType.fromDDL("y DOUBLE, prediction DOUBLE, yc STRING, predicted_class STRING");

  @Test
  void theJobsErrorMetricsEqualTheNumpyReference() throws Exception {
    JsonNode doc = JsonMapper.builder()
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .build()
        .readTree(
            Path.of("..", "common", "src", "test", "resources", "fixtures", "drift_fixtures.json")
                .toFile());
    int cases = 0;
    for (JsonNode c : doc.get("errors")) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < c.get("actual").size(); i++) {
        double y = c.get("actual").get(i).asDouble();
        double yhat = c.get("predicted").get(i).asDouble();
        // labels as numbers: accuracy is the share of exact matches, as the reference defines it
        rows.add(RowFactory.create(y, yhat, Double.toString(y), Double.toString(yhat)));
      }
      Column[] aggregations = ErrorSums.aggregations(lit(true));
      Row r = TestEnv.spark()
          .createDataFrame(rows, PAIRS)
          .agg(aggregations[0], java.util.Arrays.copyOfRange(aggregations, 1, aggregations.length))
          .first();
      Performance p = Performance.of(ErrorSums.of(r));
      String name = c.get("name").asText();
      assertThat(p.mae()).as(name + " mae").isCloseTo(c.get("mae").asDouble(), within(1e-12));
      assertThat(p.rmse()).as(name + " rmse").isCloseTo(c.get("rmse").asDouble(), within(1e-12));
      if (Double.isNaN(c.get("mape").asDouble())) {
        assertThat(p.mape()).as(name + " mape").isNaN();
      } else {
        assertThat(p.mape()).as(name + " mape").isCloseTo(c.get("mape").asDouble(), within(1e-12));
      }
      assertThat(p.smape()).as(name + " smape").isCloseTo(c.get("smape").asDouble(), within(1e-12));
      assertThat(p.accuracy())
          .as(name + " accuracy")
          .isCloseTo(c.get("accuracy").asDouble(), within(1e-12));
      assertThat(p.zeroActuals())
          .as(name + " zero actuals")
          .isEqualTo(c.get("zeroActuals").asLong());
      cases++;
    }
    assertThat(cases).isEqualTo(4);
  }
}
