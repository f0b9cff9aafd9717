package io.vigia.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ErrorMetricsTest {

    @TestFactory
    Stream<DynamicTest> agreesWithNumpyReference() {
        List<Map<String, Object>> cases = Json.cases(Fixtures.doc(), "errors");
        return cases.stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            String name = (String) c.get("name");
            double[] y = Json.doubles(c.get("actual"));
            double[] yhat = Json.doubles(c.get("predicted"));
            ErrorMetrics a = new ErrorMetrics();
            ErrorMetrics b = new ErrorMetrics();
            for (int i = 0; i < y.length; i++) {
                (i % 2 == 0 ? a : b).add(y[i], yhat[i]);
            }
            ErrorMetrics m = a.merge(b);
            Close.rel(m.mae(), Json.d(c.get("mae")), 1e-12, "mae", name);
            Close.rel(m.rmse(), Json.d(c.get("rmse")), 1e-12, "rmse", name);
            Close.rel(m.mape(), Json.d(c.get("mape")), 1e-12, "mape", name);
            Close.rel(m.smape(), Json.d(c.get("smape")), 1e-12, "smape", name);
            Close.rel(m.accuracy(), Json.d(c.get("accuracy")), 1e-15, "accuracy", name);
            assertThat(m.zeroActuals()).isEqualTo(Json.l(c.get("zeroActuals")));
        }));
    }

    /**
     * By hand, y = (0, 1, 2, 0, -3, 4), yhat = (.5, 1, 1.5, 0, -2, 5): |e| = (.5, 0, .5, 0, 1, 1).
     * MAE = 3/6; RMSE = sqrt(2.5/6); MAPE over y != 0: (0 + .25 + 1/3 + .25)/4 = 5/6 / 4 with 2 zero actuals;
     * sMAPE = (2 + 0 + 2/7 + 0 [0/0] + 2/5 + 2/9) / 6; accuracy = 2/6.
     */
    @Test
    void handComputed() {
        ErrorMetrics m = new ErrorMetrics();
        double[] y = {0, 1, 2, 0, -3, 4};
        double[] yhat = {0.5, 1, 1.5, 0, -2, 5};
        for (int i = 0; i < y.length; i++) {
            m.add(y[i], yhat[i]);
        }
        m.add(Double.NaN, 1);
        assertThat(m.mae()).isCloseTo(0.5, offset(1e-15));
        assertThat(m.rmse()).isCloseTo(Math.sqrt(2.5 / 6), offset(1e-15));
        assertThat(m.mape()).isCloseTo((0.25 + 1.0 / 3 + 0.25) / 4, offset(1e-15));
        assertThat(m.mapeCount()).isEqualTo(4);
        assertThat(m.zeroActuals()).isEqualTo(2);
        assertThat(m.smape()).isCloseTo((2 + 2.0 / 7 + 2.0 / 5 + 2.0 / 9) / 6, offset(1e-15));
        assertThat(m.accuracy()).isCloseTo(2.0 / 6, offset(1e-15));
        assertThat(m.invalid()).isEqualTo(1);
    }

    @Test
    void labelsCountTowardsAccuracyOnly() {
        ErrorMetrics m = new ErrorMetrics().addLabels("cat", "cat").addLabels("dog", "cat").addLabels(null, "x");
        assertThat(m.accuracy()).isEqualTo(0.5);
        assertThat(m.n()).isZero();
        assertThat(m.mae()).isNaN();
        assertThat(m.invalid()).isEqualTo(1);
        assertThat(new ErrorMetrics().add(0, 0).mape()).isNaN();
    }
}
