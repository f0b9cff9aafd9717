package io.vigia.jobs.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The budgets job's unit rules; its end-to-end runs are in {@link io.vigia.jobs.rollups.CostRollupsTest}. */
class BudgetsJobTest {
  @Test
  void robustZFollowsIglewiczHoaglin() {
    // hand-computed: history 10, 12, 11, 13, 9 -> median 11, |dev| 1, 1, 0, 2, 2 -> MAD 1; x = 20:
    // z = 9 / 1.4826
    assertThat(BudgetsJob.robustZ(20, new double[] {10, 12, 11, 13, 9}))
        .isCloseTo(9 / 1.4826, within(1e-12));
    // MAD 0 (history 5, 5, 5, 7): median 5, |dev| 0, 0, 0, 2 -> MeanAD 0.5; x = 8: z = 3 /
    // (1.253314 * 0.5)
    assertThat(BudgetsJob.robustZ(8, new double[] {5, 5, 5, 7}))
        .isCloseTo(3 / (1.253314 * 0.5), within(1e-12));
    assertThat(BudgetsJob.robustZ(5, new double[] {5, 5, 5})).isZero();
  }
}
