package io.vigia.common.stats.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PowerAndSrmTest {

  /** Hand check: 5 % of a mean of 10 with variance 4, alpha 0.05, power 0.8: 2*4*(1.95996+0.84162)^2/0.25 = 251.1. */
  @Test
  void sampleSizeByHand() {
    double z = 1.959963984540054 + 0.8416212335729143;
    double expected = 2 * 4 * z * z / (0.5 * 0.5);
    assertThat(Power.requiredSampleSizePerGroupAbsolute(0.5, 4, 0.05, 0.8))
        .isCloseTo(expected, within(1e-10));
    assertThat(Power.requiredSampleSizePerGroup(0.05, 10, 4, 0.05, 0.8)).isEqualTo(252L);
    // the power reached at the rounded-up n meets the target; one unit fewer does not
    assertThat(Power.achievedPower(0.05, 10, 4, 252, 252, 0.05)).isGreaterThanOrEqualTo(0.8);
    assertThat(Power.achievedPower(0.05, 10, 4, 251, 251, 0.05)).isLessThan(0.8);
    assertThat(Power.achievedPower(0.05, 10, 4, 0, 10, 0.05)).isZero();
    // a negative threshold (lower-is-better metrics) needs the same sample
    assertThat(Power.requiredSampleSizePerGroup(-0.05, 10, 4, 0.05, 0.8)).isEqualTo(252L);
  }

  @Test
  void pooledVarianceFromStates() {
    SampleStats a = SampleStats.of(1, 2, 3, 4);
    SampleStats b = SampleStats.of(10, 20);
    assertThat(Power.pooledVariance(a, b)).isCloseTo((5.0 + 50.0) / 4, within(1e-12));
    assertThatThrownBy(() -> Power.requiredSampleSizePerGroupAbsolute(1, 1, 0.05, 1.2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Power.minimumDetectableRelativeEffect(10, 1e6, 10, 0.05, 0.8)).isNaN();
  }

  @Test
  void srmUsesTheTrafficSplitAsTreatmentShare() {
    // 10 % to treatment: 9000 / 1000 is exactly on plan, 1000 / 9000 is a gross mismatch
    assertThat(SampleRatioMismatch.twoVariants(9000, 1000, 0.1).chiSquared()).isZero();
    assertThat(SampleRatioMismatch.twoVariants(1000, 9000, 0.1).flagged()).isTrue();
    assertThat(SampleRatioMismatch.twoVariants(0, 0, 0.5).pValue()).isEqualTo(1.0);
    for (double bad : new double[] {0.0, 1.0, -0.2, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> SampleRatioMismatch.twoVariants(10, 10, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("traffic_split");
    }
    // Spotify's sample_ratio_test and GrowthBook's check_srm are this statistic with k - 1 df: 3
    // variants
    SampleRatioMismatch.Result three = SampleRatioMismatch.test(
        new long[] {5000, 3000, 2000}, new double[] {0.45, 0.35, 0.2}, 0.001);
    assertThat(three.df()).isEqualTo(2);
    assertThat(three.chiSquared()).isCloseTo(250.0 / 4.5 + 250000.0 / 3500 + 0.0, within(1e-9));
  }
}
