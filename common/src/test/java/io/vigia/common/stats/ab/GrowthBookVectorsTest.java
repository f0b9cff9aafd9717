package io.vigia.common.stats.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigia.common.stats.WelchTTest;
import org.junit.jupiter.api.Test;

/**
 * Published test vectors of GrowthBook (github.com/growthbook/growthbook, snapshot
 * 8f1db4456915a8e7b7faf23d5632ca7219d2f469).
 *
 * <p>GrowthBook rounds its expectations to 5 decimals ({@code DECIMALS = 5} in
 * {@code packages/stats/tests/frequentist/test_tests.py}; {@code toFixed(5)} in
 * {@code packages/shared/test/power.test.ts}), so those are matched to {@code 5e-6}, i.e. the same rounded
 * value. Where the file spells out full-precision values they are matched to {@code 1e-12} relative.
 * GrowthBook's sample statistics are {@code SampleMeanStatistic(sum, sum_squares, n)} (variance with
 * {@code n - 1}) and {@code ProportionStatistic(sum, n)} (variance {@code p (1 - p)}).
 */
class GrowthBookVectorsTest {

  private static final double ROUNDED = 5e-6;

  // packages/stats/tests/frequentist/test_tests.py lines 59-60
  private static final SampleStats A_3407 = SampleStats.fromSums(3407, 1396.87, 52377.9767);
  private static final SampleStats B_3461 = SampleStats.fromSums(3461, 2422.7, 134698.29);
  // lines 199-200, 367-368, 416-417, 465-466, 516-517
  private static final SampleStats A_3000 = SampleStats.fromSums(3000, 1396.87, 52377.9767);

  private static SampleStats proportion(long sum, long n) {
    double p = (double) sum / n;
    return SampleStats.ofMeanVariance(n, p, p * (1 - p));
  }

  /** test_tests.py lines 64-83, TwoSidedTTest, difference_type="relative". */
  @Test
  void twoSidedRelative() {
    RelativeLift.Result r = RelativeLift.test(A_3407, B_3461, 0.95);
    assertThat(r.lift()).isCloseTo(0.70732, within(ROUNDED));
    assertThat(r.standardError()).isCloseTo(0.37879, within(ROUNDED));
    assertThat(r.ciLower()).isCloseTo(-0.03526, within(ROUNDED));
    assertThat(r.ciUpper()).isCloseTo(1.44989, within(ROUNDED));
    assertThat(r.pValue()).isCloseTo(0.06191, within(ROUNDED));
    assertThat(r.significant()).isFalse();
  }

  /** test_tests.py lines 85-101, TwoSidedTTest, difference_type="absolute" (also issue 4's vector). */
  @Test
  void twoSidedAbsolute() {
    WelchTTest.Result r = WelchTTest.test(A_3407, B_3461, 0.95);
    assertThat(r.difference()).isCloseTo(0.7 - 0.41, within(1e-12));
    assertThat(r.standardError()).isCloseTo(0.12478, within(ROUNDED));
    assertThat(r.ciLower()).isCloseTo(0.04538, within(ROUNDED));
    assertThat(r.ciUpper()).isCloseTo(0.53462, within(ROUNDED));
    assertThat(r.pValue()).isCloseTo(0.02016, within(ROUNDED));
    assertThat(r.significant()).isTrue();
  }

  /** test_tests.py lines 103-121, proportions 14/28 vs 16/30, relative. */
  @Test
  void twoSidedRelativeProportions() {
    RelativeLift.Result r = RelativeLift.test(proportion(14, 28), proportion(16, 30), 0.95);
    assertThat(r.lift()).isCloseTo((16.0 / 30 - 0.5) / 0.5, within(1e-12));
    assertThat(r.standardError()).isCloseTo(0.2717, within(ROUNDED));
    assertThat(r.ciLower()).isCloseTo(-0.47767, within(ROUNDED));
    assertThat(r.ciUpper()).isCloseTo(0.61101, within(ROUNDED));
    assertThat(r.pValue()).isCloseTo(0.80707, within(ROUNDED));
  }

  /**
   * test_tests.py lines 370-411 and 419-460 give full-precision relative and absolute estimates and
   * standard errors for n = 3000 vs 3461, and one-sided p-values (half the two-sided p for t > 0).
   */
  @Test
  void fullPrecisionEstimatesAndOneSidedPValues() {
    RelativeLift.Result rel = RelativeLift.test(A_3000, B_3461, 0.95);
    assertThat(rel.lift()).isCloseTo(0.5033610858562358, within(1e-15));
    assertThat(rel.standardError()).isCloseTo(0.3334122146400735, within(1e-13));
    // OneSidedTreatmentGreaterTTest pValue 0.06558262868467746 (line 382) = P(T > t)
    assertThat(rel.pValue() / 2).isCloseTo(0.06558262868467746, within(1e-13));
    // OneSidedTreatmentLesserTTest pValue 0.9344173713153225 (line 431) = 1 - P(T > t)
    assertThat(1 - rel.pValue() / 2).isCloseTo(0.9344173713153225, within(1e-13));

    WelchTTest.Result abs = WelchTTest.test(A_3000, B_3461, 0.95);
    assertThat(abs.difference()).isCloseTo(0.23437666666666668, within(1e-15));
    assertThat(abs.standardError()).isCloseTo(0.12983081254184736, within(1e-13));
    assertThat(abs.pValue() / 2).isCloseTo(0.03554272489873023, within(1e-13)); // line 405
    assertThat(1 - abs.pValue() / 2).isCloseTo(0.9644572751012698, within(1e-13)); // line 454
    // one-sided 95 % bound = estimate -/+ t_{0.95} se, i.e. the two-sided 90 % interval's ends:
    // lines 400 and 449: lower 0.020791480063255735, upper 0.44796185327007765
    WelchTTest.Result abs90 = WelchTTest.test(A_3000, B_3461, 0.90);
    assertThat(abs90.ciLower()).isCloseTo(0.020791480063255735, within(1e-12));
    assertThat(abs90.ciUpper()).isCloseTo(0.44796185327007765, within(1e-12));
    RelativeLift.Result rel90 = RelativeLift.test(A_3000, B_3461, 0.90);
    assertThat(rel90.ciLower()).isCloseTo(-0.045136675850396046, within(1e-12)); // line 377
    assertThat(rel90.ciUpper()).isCloseTo(1.0518588475628676, within(1e-12)); // line 426
  }

  /** test_tests.py lines 198-216, SequentialTwoSidedTTest, relative, sequential_tuning_parameter=1000. */
  @Test
  void sequentialRelative() {
    ConfidenceSequence.Result r = ConfidenceSequence.relative(A_3000, B_3461, 0.95, 1000);
    assertThat(r.estimate()).isCloseTo(0.50336, within(ROUNDED));
    assertThat(r.standardError()).isCloseTo(0.33341, within(ROUNDED));
    assertThat(r.ciLower()).isCloseTo(-0.55844, within(ROUNDED));
    assertThat(r.ciUpper()).isCloseTo(1.56516, within(ROUNDED));
    assertThat(r.pValue()).isEqualTo(1.0);
    assertThat(r.n()).isEqualTo(6461);
  }

  /** test_tests.py lines 218-234, SequentialTwoSidedTTest, proportions, default tuning 5000. */
  @Test
  void sequentialRelativeProportionsDefaultTuning() {
    ConfidenceSequence.Result r = ConfidenceSequence.relative(
        proportion(1396, 3000), proportion(2422, 3461), 0.95, ConfidenceSequence.DEFAULT_TUNING);
    assertThat(r.estimate()).isCloseTo(0.50386, within(ROUNDED));
    assertThat(r.standardError()).isCloseTo(0.03386, within(ROUNDED));
    assertThat(r.ciLower()).isCloseTo(0.40098, within(ROUNDED));
    assertThat(r.ciUpper()).isCloseTo(0.60675, within(ROUNDED));
    assertThat(r.pValue()).isCloseTo(0.0, within(ROUNDED)).isGreaterThan(0.0);
    assertThat(r.significant()).isTrue();
  }

  /** test_tests.py lines 331-362: tuning far below n widens the sequence; tuning near n is tightest. */
  @Test
  void sequentialTuningOrdering() {
    ConfidenceSequence.Result below = ConfidenceSequence.relative(A_3000, B_3461, 0.95, 10);
    ConfidenceSequence.Result near = ConfidenceSequence.relative(A_3000, B_3461, 0.95, 6461);
    ConfidenceSequence.Result above = ConfidenceSequence.relative(A_3000, B_3461, 0.95, 10000);
    assertThat(below.ciLower()).isLessThan(above.ciLower());
    assertThat(below.ciUpper()).isGreaterThan(above.ciUpper());
    assertThat(below.ciLower()).isLessThan(near.ciLower());
    assertThat(above.ciLower()).isLessThan(near.ciLower());
    assertThat(above.ciUpper()).isGreaterThan(near.ciUpper());
    assertThat(ConfidenceSequence.tuningForPlannedSample(6461)).isEqualTo(6461.0);
  }

  /** packages/shared/test/power.test.ts lines 23-33: frequentistVariance(2, 7, 4, 0.5, 5, 15, abs|rel). */
  @Test
  void deltaMethodVariances() {
    // varA=2, meanA=7, nA=4 (control); varB=0.5, meanB=5, nB=15 (treatment)
    WelchTTest.Result abs = WelchTTest.test(
        SampleStats.ofMeanVariance(4, 7, 2), SampleStats.ofMeanVariance(15, 5, 0.5), 0.95);
    assertThat(abs.standardError() * abs.standardError()).isCloseTo(0.53333, within(ROUNDED));
    assertThat(RelativeLift.variance(7, 2.0 / 4, 5, 0.5 / 15)).isCloseTo(0.00589, within(ROUNDED));
  }

  private static final double VAR_CR = 3909.9997749994377; // power.test.ts line 40

  /** power.test.ts lines 34-52: powerEstFrequentist(mean 10, effect 0.05, n 400000, 3 variations). */
  @Test
  void fixedHorizonPower() {
    assertThat(Power.achievedPowerRelative(0.05, 10, VAR_CR, 400000 / 3.0, 0.05))
        .isCloseTo(0.52144, within(ROUNDED));
  }

  /** power.test.ts lines 53-74: findMdeFrequentist, power 0.8. */
  @Test
  void fixedHorizonMde() {
    double mde = Power.minimumDetectableRelativeEffect(10, VAR_CR, 400000 / 3.0, 0.05, 0.8);
    assertThat(mde).isCloseTo(0.07027, within(ROUNDED));
    // the closed-form sample size is the exact inverse of the MDE
    assertThat(Power.requiredSampleSizePerGroupRelative(mde, 10, VAR_CR, 0.05, 0.8))
        .isCloseTo(400000 / 3.0, within(1e-6));
  }

  /** power.test.ts lines 75-93 and 94-115: sequential power and MDE with tuning 5000. */
  @Test
  void sequentialPowerAndMde() {
    assertThat(Power.achievedPowerRelativeSequential(0.05, 10, VAR_CR, 400000 / 3.0, 0.05, 5000))
        .isCloseTo(0.20596, within(ROUNDED));
    assertThat(Power.minimumDetectableRelativeEffectSequential(
            10, VAR_CR, 400000 / 3.0, 0.05, 0.8, 5000))
        .isCloseTo(0.12821, within(ROUNDED));
  }

  // power.test.ts lines 116-144 (metrics), 174-177 (4500 users/week, 3 variations, alpha 0.05, 9
  // weeks)
  private static final double[][] METRICS = {{0.1, 0.1 * 0.9, 0.05}, {0.1, 0.5, 0.3}
  }; // mean, variance, effect

  /** power.test.ts lines 183-229 (fixed) and 307-330 (sequential, tuning 5000): power and MDE by week. */
  @Test
  void weeklyPowerAndMdeGrids() {
    double[] power = {
      0.073, 0.17053, 0.0965, 0.29389, 0.1204, 0.41122, 0.14458, 0.51749, 0.16895, 0.61037, 0.19342,
      0.68938, 0.21791, 0.75513, 0.24235, 0.80886, 0.26666, 0.85213
    };
    double[] mde = {
      0.36767, 1.26769, 0.24505, 0.71941, 0.19525, 0.54299, 0.16673, 0.4506, 0.14774, 0.39208,
      0.13394, 0.35099, 0.12336, 0.32018, 0.11491, 0.29603, 0.10796, 0.27647
    };
    double[] seqPower = {
      0.05936, 0.09832, 0.06912, 0.14992, 0.07849, 0.19972, 0.08761, 0.24784, 0.09657, 0.29426,
      0.10541, 0.33888, 0.11415, 0.38165, 0.12282, 0.42249, 0.13142, 0.46136
    };
    double[] seqMde = {
      0.65545, 4.33868, 0.4112, 1.51846, 0.32394, 1.04943, 0.27607, 0.84084, 0.24484, 0.71862,
      0.22241, 0.63663, 0.20532, 0.577, 0.19172, 0.53123, 0.18058, 0.49473
    };
    for (int week = 1; week <= 9; week++) {
      double nPerArm = 4500.0 * week / 3;
      for (int m = 0; m < 2; m++) {
        int i = 2 * (week - 1) + m;
        double mean = METRICS[m][0];
        double var = METRICS[m][1];
        double effect = METRICS[m][2];
        String id = "week " + week + " metric " + m;
        assertThat(Power.achievedPowerRelative(effect, mean, var, nPerArm, 0.05))
            .as(id)
            .isCloseTo(power[i], within(ROUNDED));
        assertThat(Power.minimumDetectableRelativeEffect(mean, var, nPerArm, 0.05, 0.8))
            .as(id)
            .isCloseTo(mde[i], within(ROUNDED));
        assertThat(Power.achievedPowerRelativeSequential(effect, mean, var, nPerArm, 0.05, 5000))
            .as(id)
            .isCloseTo(seqPower[i], within(ROUNDED));
        assertThat(Power.minimumDetectableRelativeEffectSequential(
                mean, var, nPerArm, 0.05, 0.8, 5000))
            .as(id)
            .isCloseTo(seqMde[i], within(ROUNDED));
      }
    }
  }

  /** gbstats/utils.py check_srm: the same Pearson statistic; 50500/49500 at 50/50 gives chi2 = 10. */
  @Test
  void srmStatistic() {
    SampleRatioMismatch.Result r = SampleRatioMismatch.twoVariants(50500, 49500, 0.5);
    assertThat(r.chiSquared()).isCloseTo(10.0, within(1e-12));
    assertThat(r.flagged()).isFalse(); // p = 0.00157 >= 0.001
    assertThat(SampleRatioMismatch.twoVariants(50600, 49400, 0.5).flagged()).isTrue();
  }
}
