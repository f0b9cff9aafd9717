package io.vigia.common.stats.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleStatsTest {

  private static double twoPassVariance(double[] v) {
    double mean = Arrays.stream(v).sum() / v.length;
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return ss / (v.length - 1);
  }

  @Test
  void welfordMatchesTwoPass() {
    double[] v = new SplittableRandom(1).doubles(1000, -5, 20).toArray();
    SampleStats s = SampleStats.of(v);
    assertThat(s.n()).isEqualTo(1000);
    assertThat(s.mean()).isCloseTo(Arrays.stream(v).average().orElseThrow(), within(1e-12));
    assertThat(s.variance()).isCloseTo(twoPassVariance(v), within(1e-10));
    assertThat(s.sum()).isCloseTo(Arrays.stream(v).sum(), within(1e-9));
  }

  /** The classic cancellation example (Knuth; Chan, Golub, LeVeque): 1e9 + {4, 7, 13, 16} has variance 30. */
  @Test
  void welfordSurvivesALargeOffsetWhereRawSumsDoNot() {
    double[] v = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
    assertThat(SampleStats.of(v).variance()).isCloseTo(30.0, within(1e-6));
    double sum = Arrays.stream(v).sum();
    double sumSq = Arrays.stream(v).map(x -> x * x).sum();
    // the power-sum route (GrowthBook/Spotify inputs) loses every digit here
    assertThat(Math.abs(SampleStats.fromSums(4, sum, sumSq).variance() - 30.0)).isGreaterThan(1.0);
  }

  @Test
  void chanMergeEqualsOneStateOverAllValues() {
    SplittableRandom rnd = new SplittableRandom(7);
    double[] v = rnd.doubles(5000).map(x -> 1e6 + 100 * x).toArray();
    SampleStats whole = SampleStats.of(v);
    // hourly states rolled up in an arbitrary grouping
    SampleStats merged = SampleStats.EMPTY;
    int i = 0;
    while (i < v.length) {
      int len = 1 + rnd.nextInt(300);
      SampleStats part = SampleStats.of(Arrays.copyOfRange(v, i, Math.min(v.length, i + len)));
      merged = rnd.nextBoolean() ? merged.merge(part) : part.merge(merged);
      i += len;
    }
    assertThat(merged.n()).isEqualTo(whole.n());
    assertThat(merged.mean()).isCloseTo(whole.mean(), within(1e-14 * whole.mean()));
    assertThat(merged.variance()).isCloseTo(twoPassVariance(v), within(1e-9 * twoPassVariance(v)));
    assertThat(whole.merge(SampleStats.EMPTY)).isEqualTo(whole);
    assertThat(SampleStats.EMPTY.merge(whole)).isEqualTo(whole);
  }

  @Test
  void addIsWelford() {
    SampleStats s = SampleStats.EMPTY.add(2).add(4).add(9);
    assertThat(s).isEqualTo(SampleStats.of(2, 4, 9));
    assertThat(s.mean()).isEqualTo(5.0);
    assertThat(s.variance()).isCloseTo(13.0, within(1e-14));
  }

  @Test
  void constructorsAndEdges() {
    assertThat(SampleStats.ofMeanVariance(10, 3.0, 2.5).variance()).isCloseTo(2.5, within(1e-15));
    assertThat(SampleStats.fromSums(3, 6, 14).variance()).isCloseTo(1.0, within(1e-15));
    assertThat(SampleStats.of(5).variance()).isNaN();
    assertThat(SampleStats.EMPTY.variance()).isNaN();
    assertThatThrownBy(() -> SampleStats.of(1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SampleStats(-1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SampleStats(3, 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void relativeLiftEdges() {
    assertThatThrownBy(() -> RelativeLift.test(SampleStats.of(-1, 1), SampleStats.of(1, 2), 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control mean is 0");
  }
}
