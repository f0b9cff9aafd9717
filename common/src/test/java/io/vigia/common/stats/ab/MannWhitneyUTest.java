package io.vigia.common.stats.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MannWhitneyUTest {

  /** scipy.stats.mannwhitneyu docstring (scipy 1.17, _mannwhitneyu.py lines 335-376): U1 = 17, exact p = 1/9. */
  @Test
  void scipyDocstringExample() {
    double[] males = {19, 22, 16, 29, 24};
    double[] females = {20, 11, 17, 12};
    MannWhitneyU.Result r = MannWhitneyU.test(males, females);
    assertThat(r.method()).isEqualTo(MannWhitneyU.Method.EXACT);
    assertThat(r.u1()).isEqualTo(17.0);
    assertThat(r.u2()).isEqualTo(3.0);
    assertThat(r.pValue()).isCloseTo(0.1111111111111111, within(1e-15));
    assertThat(MannWhitneyU.test(males, females, MannWhitneyU.Method.ASYMPTOTIC).pValue())
        .isCloseTo(0.11134688653314041, within(1e-15));
    assertThat(r.probabilityXGreater()).isCloseTo(17.0 / 20, within(1e-15));
  }

  /** The exact null distribution against brute-force enumeration of every assignment of ranks. */
  @Test
  void exactDistributionMatchesEnumeration() {
    int[][] sizes = {{1, 1}, {2, 3}, {3, 3}, {4, 5}, {3, 7}, {6, 6}};
    for (int[] s : sizes) {
      int n1 = s[0];
      int n2 = s[1];
      int n = n1 + n2;
      long[] counts = new long[n1 * n2 + 1];
      long total = 0;
      for (int mask = 0; mask < (1 << n); mask++) {
        if (Integer.bitCount(mask) != n1) {
          continue;
        }
        // ranks 1..n; x takes the ranks in mask: U1 = R1 - n1(n1+1)/2
        int r1 = 0;
        for (int b = 0; b < n; b++) {
          if ((mask & (1 << b)) != 0) {
            r1 += b + 1;
          }
        }
        counts[r1 - n1 * (n1 + 1) / 2]++;
        total++;
      }
      long cumulative = 0;
      for (int k = 0; k <= n1 * n2; k++) {
        cumulative += counts[k];
        assertThat(MannWhitneyU.exactCdf(k, n1, n2))
            .as(n1 + "x" + n2 + " k=" + k)
            .isCloseTo((double) cumulative / total, within(1e-15));
        assertThat(MannWhitneyU.exactCdf(k, n2, n1)).isEqualTo(MannWhitneyU.exactCdf(k, n1, n2));
      }
    }
    assertThat(MannWhitneyU.exactCdf(0, 3, 3)).isCloseTo(0.05, within(1e-16));
    assertThat(MannWhitneyU.exactCdf(-1, 3, 3)).isZero();
    assertThat(MannWhitneyU.exactCdf(9, 3, 3)).isEqualTo(1.0);
  }

  @Test
  void autoRuleIsScipys() {
    assertThat(MannWhitneyU.chooseMethod(8, 1000, false)).isEqualTo(MannWhitneyU.Method.EXACT);
    assertThat(MannWhitneyU.chooseMethod(9, 9, false)).isEqualTo(MannWhitneyU.Method.ASYMPTOTIC);
    assertThat(MannWhitneyU.chooseMethod(3, 4, true)).isEqualTo(MannWhitneyU.Method.ASYMPTOTIC);
  }

  @Test
  void rankSumEntryPointValidatesAndHandlesAllTies() {
    assertThatThrownBy(() -> MannWhitneyU.fromRankSum(10, 0, 3, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MannWhitneyU.fromRankSum(1000, 3, 3, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MannWhitneyU.fromRankSum(10, 3, 3, 6, MannWhitneyU.Method.EXACT))
        .isInstanceOf(IllegalArgumentException.class);
    // 22 equal values: tie term 22^3 - 22, U at its mean, p = 1 as in scipy (fixture
    // all_tied_10x12)
    MannWhitneyU.Result r = MannWhitneyU.fromRankSum(10 * 11.5, 10, 12, 22.0 * 22 * 22 - 22);
    assertThat(r.pValue()).isEqualTo(1.0);
    // 100M observations in two arms with heavy ties stays finite and well-defined
    double n1 = 6e7;
    double n2 = 4e7;
    double rankSum = n1 * (n1 + n2 + 1) / 2 + 1e9;
    MannWhitneyU.Result big = MannWhitneyU.fromRankSum(rankSum, (long) n1, (long) n2, 1e21);
    assertThat(big.pValue()).isBetween(0.0, 1.0);
    assertThat(big.u1() + big.u2()).isCloseTo(n1 * n2, within(1.0));
  }

  @Test
  void rankSumsHandleTiesAcrossSamplesAndSignedZero() {
    MannWhitneyU.RankSums r =
        MannWhitneyU.rankSums(new double[] {1, 2, 2, 0.0}, new double[] {2, -0.0, 5});
    // pooled sorted: 0,0 (ranks 1,2 -> 1.5) ; 1 (3) ; 2,2,2 (4,5,6 -> 5) ; 5 (7)
    assertThat(r.rankSumX()).isEqualTo(1.5 + 3 + 5 + 5);
    assertThat(r.tieTerm()).isEqualTo((8 - 2) + (27 - 3));
  }

  /** Hodges-Lehmann: the k-th difference by selection equals sorting all differences. */
  @Test
  void kthDifferenceMatchesBruteForce() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int rep = 0; rep < 50; rep++) {
      int m = 1 + rnd.nextInt(30);
      int n = 1 + rnd.nextInt(30);
      // rounded values force many ties among the differences; include negatives and zeros
      double[] x = rnd.doubles(m, -3, 3).map(v -> Math.round(v * 2) / 2.0).toArray();
      boolean round = rep % 2 == 0;
      double[] y =
          rnd.doubles(n, -3, 5).map(v -> round ? Math.round(v * 2) / 2.0 : v).toArray();
      double[] all = new double[m * n];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          all[i * n + j] = y[j] - x[i];
        }
      }
      Arrays.sort(all);
      double[] xs = x.clone();
      double[] ys = y.clone();
      Arrays.sort(xs);
      Arrays.sort(ys);
      for (int k = 1; k <= m * n; k++) {
        assertThat(HodgesLehmann.kthDifference(xs, ys, k))
            .as("rep " + rep + " k " + k)
            .isEqualTo(all[k - 1]);
      }
    }
  }

  @Test
  void hodgesLehmannIsShiftEquivariantAndAntisymmetric() {
    SplittableRandom rnd = new SplittableRandom(11);
    double[] x = rnd.doubles(40).map(v -> Math.exp(2 * v)).toArray();
    double[] y = rnd.doubles(55).map(v -> Math.exp(2 * v) + 0.25).toArray();
    HodgesLehmann.Result r = HodgesLehmann.estimate(x, y, 0.95);
    double[] shifted = Arrays.stream(y).map(v -> v + 10).toArray();
    HodgesLehmann.Result s = HodgesLehmann.estimate(x, shifted, 0.95);
    assertThat(s.estimate()).isCloseTo(r.estimate() + 10, within(1e-12));
    assertThat(s.ciLower()).isCloseTo(r.ciLower() + 10, within(1e-12));
    assertThat(s.ciUpper()).isCloseTo(r.ciUpper() + 10, within(1e-12));
    HodgesLehmann.Result back = HodgesLehmann.estimate(y, x, 0.95);
    assertThat(back.estimate()).isEqualTo(-r.estimate());
    assertThat(back.ciLower()).isEqualTo(-r.ciUpper());
    assertThat(r.ciLower()).isLessThan(r.estimate()).isLessThan(0.25 + 1).isGreaterThan(-1);
  }

  @Test
  void hodgesLehmannTinySamplesGiveAnUnboundedInterval() {
    // 2 x 2: the smallest two-sided exact p is 1/3, so no finite interval reaches 95 %
    HodgesLehmann.Result r = HodgesLehmann.estimate(new double[] {1, 2}, new double[] {3, 5}, 0.95);
    assertThat(r.estimate()).isEqualTo(2.5);
    assertThat(r.ciLower()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(r.ciUpper()).isEqualTo(Double.POSITIVE_INFINITY);
  }

  /** Exact intervals cover the true shift at least at the nominal rate (the guarantee of Bauer 1972). */
  @Test
  void hodgesLehmannExactCoverage() {
    SplittableRandom rnd = new SplittableRandom(5);
    int covered = 0;
    int reps = 2000;
    for (int rep = 0; rep < reps; rep++) {
      double[] x = rnd.doubles(7).map(v -> -Math.log(v)).toArray();
      double[] y = rnd.doubles(8).map(v -> -Math.log(v) + 1.5).toArray();
      HodgesLehmann.Result r = HodgesLehmann.estimate(x, y, 0.90);
      if (r.ciLower() <= 1.5 && 1.5 <= r.ciUpper()) {
        covered++;
      }
    }
    // achieved level for 7 x 8 at 90 % is 1 - 2 P(U <= C - 1) >= 0.90; 3 binomial SE below 0.90 is
    // 0.88
    assertThat(covered / (double) reps).isGreaterThan(0.88);
  }

  /** Large samples: 20k x 30k = 6e8 differences are never materialized. */
  @Test
  void hodgesLehmannScalesWithoutMaterializingDifferences() {
    SplittableRandom rnd = new SplittableRandom(9);
    double[] x = rnd.doubles(20_000).map(v -> -Math.log(v)).toArray();
    double[] y = rnd.doubles(30_000).map(v -> -Math.log(v) + 0.1).toArray();
    HodgesLehmann.Result r = HodgesLehmann.estimate(x, y, 0.95);
    assertThat(r.method()).isEqualTo(MannWhitneyU.Method.ASYMPTOTIC);
    assertThat(r.estimate()).isCloseTo(0.1, within(0.03));
    assertThat(r.ciLower()).isLessThan(0.1);
    assertThat(r.ciUpper()).isGreaterThan(0.1);
  }
}
