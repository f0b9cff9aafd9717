package io.vigia.jobs.experiments;

import io.vigia.common.stats.WelchTTest;
import io.vigia.common.stats.ab.ConfidenceSequence;
import io.vigia.common.stats.ab.Cuped;
import io.vigia.common.stats.ab.MannWhitneyU;
import io.vigia.common.stats.ab.RelativeLift;
import io.vigia.common.stats.ab.SampleStats;

/**
 * Every test of one metric, from its {@link MetricSums}: Welch on the difference, the delta-method relative
 * lift, its confidence sequence, CUPED and Mann-Whitney U from the rank sum. Each formula is in
 * {@code io.vigia.common.stats}; this only feeds them.
 */
record MetricTests(
    SampleStats control,
    SampleStats treatment,
    WelchTTest.Result welch,
    RelativeLift.Result relative,
    ConfidenceSequence.Result sequential,
    CupedTests cuped,
    MannWhitneyU.Result mannWhitney) {

  /** The tests, in this order; an IllegalArgumentException (too few values, no variance, ...) says why not. */
  static MetricTests of(MetricSums m, double confidenceLevel, double tuning) {
    SampleStats c = m.controlStats();
    SampleStats t = m.treatmentStats();
    WelchTTest.Result welch = WelchTTest.test(c, t, confidenceLevel);
    RelativeLift.Result relative = RelativeLift.test(c, t, confidenceLevel);
    ConfidenceSequence.Result sequential = ConfidenceSequence.forLift(relative, tuning);
    CupedTests cuped = CupedTests.of(m, confidenceLevel, tuning);
    MannWhitneyU.Result mannWhitney = MannWhitneyU.fromRankSum(
        m.rankSumTreatment(), m.treatment().n(), m.control().n(), m.tieTerm());
    return new MetricTests(c, t, welch, relative, sequential, cuped, mannWhitney);
  }

  /** The lift the verdict reads: CUPED-adjusted when CUPED applies. */
  RelativeLift.Result decisiveLift() {
    return cuped.applied() ? cuped.result().relative() : relative;
  }

  /** The confidence sequence of {@link #decisiveLift}. */
  ConfidenceSequence.Result decisiveSequence() {
    return cuped.applied() ? cuped.sequential() : sequential;
  }

  /**
   * CUPED of one metric ({@link Cuped}): ready when every observation of both variants carries a finite
   * pre_metric_value; applied when {@link Cuped#test} accepts the samples (else {@code failure} says why). The
   * adjusted relative lift's confidence sequence beside it.
   */
  record CupedTests(
      long observationsWithCovariate,
      long observations,
      Cuped.Sample control,
      Cuped.Sample treatment,
      Cuped.Result result,
      String failure,
      ConfidenceSequence.Result sequential) {

    static CupedTests of(MetricSums m, double confidenceLevel, double tuning) {
      long with = m.covariate() == null ? 0 : m.covariate().observations();
      if (!m.cupedReady()) {
        return new CupedTests(with, m.observations(), null, null, null, null, null);
      }
      Cuped.Sample c = m.cupedControl();
      Cuped.Sample t = m.cupedTreatment();
      Cuped.Result r;
      try {
        r = Cuped.test(c, t, confidenceLevel);
      } catch (IllegalArgumentException e) {
        return new CupedTests(with, m.observations(), c, t, null, e.getMessage(), null);
      }
      return new CupedTests(
          with, m.observations(), c, t, r, null, ConfidenceSequence.forLift(r.relative(), tuning));
    }

    /** Whether every observation carries a covariate. */
    boolean ready() {
      return control != null;
    }

    boolean applied() {
      return result != null;
    }
  }
}
