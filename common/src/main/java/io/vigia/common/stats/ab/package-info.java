/**
 * Statistics of the experiments (A/B) job, in plain Java and fed from Spark aggregations of sufficient
 * statistics: nothing here touches Spark or rows. The tests and distributions shared with the drift job live in
 * {@code io.vigia.common.stats}: {@link io.vigia.common.stats.WelchTTest}, {@link io.vigia.common.stats.Distributions},
 * {@link io.vigia.common.stats.MultipleTesting}.
 *
 * <ul>
 *   <li>{@link io.vigia.common.stats.ab.SampleStats}: n, mean, M2 per experiment x variant x metric (Welford
 *       add, Chan merge); the only per-row aggregation the parametric tests need.</li>
 *   <li>{@link io.vigia.common.stats.ab.RelativeLift}: the fixed-horizon relative (delta-method) effect
 *       beside Welch's absolute one.</li>
 *   <li>{@link io.vigia.common.stats.ab.ConfidenceSequence}: always-valid intervals for daily looks.</li>
 *   <li>{@link io.vigia.common.stats.ab.MannWhitneyU}, {@link io.vigia.common.stats.ab.HodgesLehmann}: rank
 *       test and shift for skewed metrics (latency, cost, absolute percentage error).</li>
 *   <li>{@link io.vigia.common.stats.ab.SampleRatioMismatch}, {@link io.vigia.common.stats.ab.Power},
 *       {@link io.vigia.common.stats.ab.ExperimentDecision},
 *       {@link io.vigia.common.stats.ab.ChanceToWin} (the Bayesian view).</li>
 * </ul>
 *
 * <h2>Computing U at scale: one sort per experiment and metric</h2>
 * The rank test needs the rank sum of one variant and the tie groups, never the rows on the driver.
 * With observations {@code (experiment_id, metric, variant, value)}:
 * <ol>
 *   <li>Aggregate to tie groups: {@code groupBy(experiment_id, metric, value)} with
 *       {@code c_control = count(variant = 'control')} and {@code c_total = count(*)}. Equal values collapse,
 *       so skewed metrics with many repeated values (rounded latencies, zero costs) shrink a lot.</li>
 *   <li>Rank the groups: a window {@code partitionBy(experiment_id, metric).orderBy(value)} with
 *       {@code before = sum(c_total) over (rows between unbounded preceding and 1 preceding)} (0 for the
 *       first). The tie group occupies ranks {@code before+1 .. before+t}, {@code t = c_total}, average rank
 *       {@code before + (t + 1) / 2}. This window is the one shuffle (a sort per experiment and metric);
 *       {@code repartition(experiment_id, metric).sortWithinPartitions(value)} plus a {@code mapPartitions}
 *       running sum is the equivalent RDD-free plan when a single experiment is too large for one window
 *       partition's memory.</li>
 *   <li>Sum per experiment and metric: {@code R1 = sum(c_control * (before + (t + 1) / 2))},
 *       {@code tieTerm = sum(t^3 - t)}, {@code n1 = sum(c_control)}, {@code n2 = sum(c_total) - n1}.</li>
 *   <li>On the driver, {@link io.vigia.common.stats.ab.MannWhitneyU#fromRankSum(double, long, long, double)}
 *       finishes the test (exact when a variant has at most 8 units and there are no ties).</li>
 * </ol>
 * Use doubles for {@code R1} and {@code t^3 - t} (they exceed {@code long} range near 2 million tied
 * values). The Hodges-Lehmann shift needs the two samples themselves; the job computes it only for
 * experiments small enough to collect (or on a bounded random sample per variant, stated in
 * results_summary), since the pairwise-difference order statistics have no mergeable summary.
 */
package io.vigia.common.stats.ab;
