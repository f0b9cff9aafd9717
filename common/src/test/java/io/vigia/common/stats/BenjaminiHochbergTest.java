package io.vigia.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class BenjaminiHochbergTest {

    @TestFactory
    Stream<DynamicTest> agreesWithScipyFalseDiscoveryControl() {
        List<Map<String, Object>> cases = Json.cases(Fixtures.doc(), "bh");
        assertThat(cases).hasSizeGreaterThan(5);
        return cases.stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            double[] adj = BenjaminiHochberg.adjust(Json.doubles(c.get("p")));
            double[] expected = Json.doubles(c.get("adjusted"));
            assertThat(adj).hasSameSizeAs(expected);
            for (int i = 0; i < adj.length; i++) {
                Close.rel(adj[i], expected[i], 1e-14, "bh", c.get("name") + "[" + i + "]");
            }
        }));
    }

    /** By hand: sorted .01, .03, .04 (m = 3) -> .03, .045, .04 -> running minimum from the top: .03, .04, .04. */
    @Test
    void handComputed() {
        assertThat(BenjaminiHochberg.adjust(new double[] {0.01, 0.04, 0.03}))
            .containsExactly(0.03, 0.04, 0.04);
        double[] withNan = BenjaminiHochberg.adjust(new double[] {0.01, Double.NaN, 0.04, 0.03});
        assertThat(withNan[1]).isNaN();
        assertThat(new double[] {withNan[0], withNan[2], withNan[3]}).containsExactly(0.03, 0.04, 0.04);
        assertThat(BenjaminiHochberg.adjust(new double[0])).isEmpty();
        assertThatThrownBy(() -> BenjaminiHochberg.adjust(new double[] {1.5})).isInstanceOf(IllegalArgumentException.class);
    }
}
