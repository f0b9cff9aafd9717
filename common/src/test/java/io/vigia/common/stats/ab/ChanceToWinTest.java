package io.vigia.common.stats.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChanceToWinTest {

  @Test
  void normalPosteriorValues() {
    ChanceToWin.Result even = ChanceToWin.of(0.0, 1.0);
    assertThat(even.chanceToWin()).isEqualTo(0.5);
    assertThat(even.expectedLoss())
        .isCloseTo(0.3989422804014327, within(1e-16)); // scipy norm.pdf(0)
    // scipy norm.cdf(1.96) = 0.9750021048517795
    assertThat(ChanceToWin.of(0.0196, 0.01).chanceToWin())
        .isCloseTo(0.9750021048517795, within(1e-15));
    // a metric where lower is better: a negative change wins
    assertThat(ChanceToWin.of(-0.0196, 0.01, MetricDirection.LOWER_IS_BETTER).chanceToWin())
        .isCloseTo(0.9750021048517795, within(1e-15));
  }

  /** E[max(0, -d)] - E[max(0, d)] = -E[d]: loss(mu) - loss(-mu) = -mu; and the loss is never negative. */
  @Test
  void expectedLossIdentity() {
    for (double mu : new double[] {-0.3, -0.01, 0.02, 0.5}) {
      for (double se : new double[] {0.01, 0.1, 1}) {
        double a = ChanceToWin.of(mu, se).expectedLoss();
        double b = ChanceToWin.of(-mu, se).expectedLoss();
        assertThat(a - b).isCloseTo(-mu, within(1e-15));
        assertThat(a).isGreaterThanOrEqualTo(0.0);
      }
    }
  }
}
