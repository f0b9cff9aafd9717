package io.vigia.jobs.experiments;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.vigia.common.stats.ab.HodgesLehmann;
import io.vigia.jobs.experiments.MetricSums.ArmCovariateSums;
import io.vigia.jobs.experiments.MetricSums.ArmSums;
import io.vigia.jobs.experiments.MetricSums.CovariateSums;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The experiments job's Spark computations over the observations ({@link ExperimentInputs#observations}):
 * each takes Datasets and returns either a Dataset for the next step or typed records decoded by column name;
 * none writes anything. No observation reaches the driver, only a few numbers per experiment x metric x variant.
 *
 * <ol>
 *   <li>{@link #classify}: each row is quarantined when its variant is not control/treatment or its
 *       metric_value is null, NaN or infinite; {@link #observationCounts} counts per experiment and reason.</li>
 *   <li>{@link #valid} keeps the valid rows and marks those of the experiment's primary metric;
 *       {@link #metricValues} explodes them to {@code (experiment, metric, variant, value, pre)}: the row's
 *       metric_name with metric_value, and on primary rows the guardrails {@code guardrail.latency_ms} and
 *       {@code guardrail.cost_usd} (null or NaN guardrail values are simply absent).</li>
 *   <li>{@link #metricSums}: tie groups {@code groupBy(experiment, metric, value, pre)} counting treatment and all
 *       rows (exact integers); one window {@code partitionBy(experiment, metric).orderBy(value, pre)} gives the
 *       rows below each group and the smallest value {@code K}, a second one partitioned by value over the same
 *       sort the value's tie group; the following {@code groupBy(experiment, metric)} needs no further shuffle,
 *       so it folds the groups in value order into per variant {@code n}, {@code S1 = sum c (x - K)},
 *       {@code S2 = sum c (x - K)^2}, the treatment rank sum {@code R = sum c_t (before + (t + 1) / 2)}, the tie
 *       term {@code sum(t^3 - t)} and the covariate's {@code P1 = sum c (pre - Kp)}, {@code P2 = sum c (pre -
 *       Kp)^2}, {@code XP = sum c (x - K)(pre - Kp)}.</li>
 *   <li>{@link #units}: {@code count(DISTINCT unit_id)} per variant over the primary metric's valid rows.</li>
 *   <li>{@link #hodgesLehmann}: for small experiments, the primary metric's two samples gathered into one row
 *       and the shift computed on the executors.</li>
 * </ol>
 *
 * <p>Precision and determinism: {@code mean = K + S1 / n} and {@code M2 = S2 - S1^2 / n}, the "shifted data"
 * algorithm ({@link io.vigia.common.stats.ab.SampleStats#fromShiftedSums}): with K the sample minimum the
 * cancellation is bounded by {@code (mean - K)^2 / variance}, small for the job's metrics. Because the sums are
 * folded in value order after an exact integer aggregation, a re-run over the same observations gives
 * bit-identical numbers (a Welford/Chan aggregate merged in shuffle order would not).
 */
final class ExperimentTransforms {
  private static final String REASON = "_reason";
  private static final String PRE = "_pre";
  private static final String PRE_INVALID = "_pre_invalid";
  private static final String IS_PRIMARY = "_is_primary";

  private ExperimentTransforms() {}

  private static Column infinite(Column c) {
    return c.equalTo(Double.POSITIVE_INFINITY).or(c.equalTo(Double.NEGATIVE_INFINITY));
  }

  /**
   * The observations with {@code _reason} (null for a valid row, else why it is quarantined), {@code _pre} (the
   * CUPED covariate, null when not finite: the row stays valid) and {@code _pre_invalid} (1 for such a row).
   */
  static Dataset<Row> classify(Dataset<Row> observations) {
    Column reason = when(
            col("variant")
                .isNull()
                .or(col("variant").isin("control", "treatment").unary_$bang()),
            lit("unknown_variant"))
        .when(col("metric_value").isNull(), lit("null_metric_value"))
        .when(isnan(col("metric_value")), lit("nan_metric_value"))
        .when(infinite(col("metric_value")), lit("infinite_metric_value"));
    Column preInvalid = col("pre_metric_value")
        .isNotNull()
        .and(isnan(col("pre_metric_value"))
            .or(col("pre_metric_value").equalTo(Double.POSITIVE_INFINITY))
            .or(col("pre_metric_value").equalTo(Double.NEGATIVE_INFINITY)));
    return observations
        .withColumn(REASON, reason)
        .withColumn(
            PRE, when(preInvalid, lit(null).cast("double")).otherwise(col("pre_metric_value")))
        .withColumn(PRE_INVALID, when(preInvalid, lit(1L)).otherwise(lit(0L)));
  }

  /** Per experiment: rows read, quarantined per reason and valid rows with an invalid covariate (exact counts). */
  static Map<String, ObservationCounts> observationCounts(Dataset<Row> classified) {
    Map<String, Long> read = new TreeMap<>();
    Map<String, SortedMap<String, Long>> quarantined = new TreeMap<>();
    Map<String, Long> preInvalid = new TreeMap<>();
    for (Row r : classified
        .groupBy(col("experiment_id"), col(REASON))
        .agg(count(lit(1)).as("n"), sum(col(PRE_INVALID)).as("pre_invalid"))
        .collectAsList()) {
      String experiment = r.getAs("experiment_id");
      long n = r.<Long>getAs("n");
      read.merge(experiment, n, Long::sum);
      String reason = r.getAs(REASON);
      if (reason == null) {
        long invalid = r.<Long>getAs("pre_invalid");
        if (invalid > 0) {
          preInvalid.merge(experiment, invalid, Long::sum);
        }
      } else {
        quarantined.computeIfAbsent(experiment, k -> new TreeMap<>()).put(reason, n);
      }
    }
    Map<String, ObservationCounts> out = new TreeMap<>();
    read.forEach((experiment, n) -> out.put(
        experiment,
        new ObservationCounts(
            n,
            quarantined.getOrDefault(experiment, new TreeMap<>()),
            preInvalid.getOrDefault(experiment, 0L))));
    return out;
  }

  /** The valid rows of the running experiments, with {@code _is_primary}: the row is of the primary metric. */
  static Dataset<Row> valid(
      Dataset<Row> classified, Map<String, ExperimentDefinition> definitions) {
    List<Row> primaryMetrics = new ArrayList<>();
    definitions
        .values()
        .forEach(d -> primaryMetrics.add(RowFactory.create(d.id(), d.primaryMetric())));
    Dataset<Row> primary = classified
        .sparkSession()
        .createDataFrame(
            primaryMetrics,
            new StructType()
                .add("_exp", DataTypes.StringType)
                .add("_primary", DataTypes.StringType));
    return classified
        .filter(col(REASON).isNull())
        .join(broadcast(primary), col("experiment_id").equalTo(col("_exp")))
        .withColumn(IS_PRIMARY, col("metric_name").equalTo(col("_primary")));
  }

  /** The valid rows of each experiment's primary metric. */
  static Dataset<Row> primaryRows(Dataset<Row> valid) {
    return valid.filter(col(IS_PRIMARY));
  }

  /**
   * Long format {@code (experiment_id, metric, variant, value, pre)}: the metric itself and, on primary rows,
   * the guardrails.
   */
  static Dataset<Row> metricValues(Dataset<Row> valid) {
    Column isPrimary = col(IS_PRIMARY);
    Column latencyOk = isPrimary
        .and(col("latency_ms").isNotNull())
        .and(isnan(col("latency_ms")).unary_$bang());
    Column costOk =
        isPrimary.and(col("cost_usd").isNotNull()).and(isnan(col("cost_usd")).unary_$bang());
    return valid
        .select(
            col("experiment_id"),
            col("variant"),
            explode(array(
                    struct(
                        col("metric_name").as("metric"),
                        col("metric_value").as("value"),
                        col(PRE).as("pre")),
                    struct(
                        when(latencyOk, lit(ExperimentAssessment.GUARDRAIL_LATENCY))
                            .as("metric"),
                        col("latency_ms").as("value"),
                        lit(null).cast("double").as("pre")),
                    struct(
                        when(costOk, lit(ExperimentAssessment.GUARDRAIL_COST)).as("metric"),
                        col("cost_usd").as("value"),
                        lit(null).cast("double").as("pre"))))
                .as("m"))
        .filter(col("m.metric").isNotNull())
        .select(
            col("experiment_id"),
            col("m.metric").as("metric"),
            col("variant"),
            col("m.value").as("value"),
            col("m.pre").as("pre"));
  }

  /** The sums of every experiment x metric (see the class comment), by experiment and metric name. */
  static Map<String, SortedMap<String, MetricSums>> metricSums(Dataset<Row> metricValues) {
    Column isTreatment = when(col("variant").equalTo("treatment"), lit(1L)).otherwise(lit(0L));
    // one shuffle: hash-partitioned by (experiment, metric), the tie-group count, the window's sort
    // and the final
    // fold all run inside those partitions (values are mostly distinct, so a map-side partial count
    // would not
    // shrink the data before a second shuffle). Groups are (value, covariate) pairs, so the CUPED
    // co-moments fold
    // in the same pass; a tie group of the rank test is the run of groups with one value: before =
    // rows below the
    // group in (value, pre) order minus rows of the same value below it; t = rows of the value.
    Dataset<Row> groups = metricValues
        .repartition(col("experiment_id"), col("metric"))
        .groupBy(col("experiment_id"), col("metric"), col("value"), col("pre"))
        .agg(sum(isTreatment).as("c_t"), count(lit(1)).as("c"));
    WindowSpec byValue = Window.partitionBy("experiment_id", "metric").orderBy("value", "pre");
    WindowSpec upToHere = byValue.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec whole =
        byValue.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    WindowSpec tie = Window.partitionBy("experiment_id", "metric", "value").orderBy("pre");
    WindowSpec tieUpToHere = tie.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec tieWhole = tie.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    Dataset<Row> ranked = groups
        .withColumn("cum_v", sum(col("c")).over(tieUpToHere))
        .withColumn("before", sum(col("c")).over(upToHere).minus(col("cum_v")))
        .withColumn("t", sum(col("c")).over(tieWhole))
        .withColumn("k", first(col("value")).over(upToHere))
        .withColumn("kp", first(col("pre"), true).over(whole))
        .withColumn("c_c", col("c").minus(col("c_t")))
        .withColumn("d", col("value").minus(col("k")))
        .withColumn("dp", col("pre").minus(col("kp")))
        .withColumn("cp_c", when(col("pre").isNotNull(), col("c_c")).otherwise(lit(0L)))
        .withColumn("cp_t", when(col("pre").isNotNull(), col("c_t")).otherwise(lit(0L)));
    Dataset<Row> sums = ranked
        .groupBy(col("experiment_id"), col("metric"))
        .agg(
            first(col("k")).as("k"),
            sum(col("c_c")).as("n_c"),
            sum(col("c_t")).as("n_t"),
            sum(col("c_c").multiply(col("d"))).as("s1_c"),
            sum(col("c_t").multiply(col("d"))).as("s1_t"),
            sum(col("c_c").multiply(col("d")).multiply(col("d"))).as("s2_c"),
            sum(col("c_t").multiply(col("d")).multiply(col("d"))).as("s2_t"),
            sum(col("c_t")
                    .cast("double")
                    .multiply(col("before").plus(col("t").plus(1).cast("double").divide(2.0))))
                .as("rank_sum_t"),
            // sum over the value's groups of c (t^2 - 1) = t^3 - t per tie group
            sum(col("c")
                    .cast("double")
                    .multiply(col("t").cast("double").multiply(col("t")).minus(1.0)))
                .as("tie_term"),
            min(col("value")).as("min"),
            max(col("value")).as("max"),
            sum(when(col("cum_v").equalTo(col("c")), lit(1L)).otherwise(lit(0L)))
                .as("distinct_values"),
            first(col("kp"), true).as("kp"),
            sum(col("cp_c")).as("np_c"),
            sum(col("cp_t")).as("np_t"),
            sum(col("c_c").multiply(col("dp"))).as("p1_c"),
            sum(col("c_t").multiply(col("dp"))).as("p1_t"),
            sum(col("c_c").multiply(col("dp")).multiply(col("dp"))).as("p2_c"),
            sum(col("c_t").multiply(col("dp")).multiply(col("dp"))).as("p2_t"),
            sum(col("c_c").multiply(col("d")).multiply(col("dp"))).as("xp_c"),
            sum(col("c_t").multiply(col("d")).multiply(col("dp"))).as("xp_t"));
    Map<String, SortedMap<String, MetricSums>> out = new TreeMap<>();
    for (Row r : sums.collectAsList()) {
      MetricSums m = new MetricSums(
          r.getAs("metric"),
          r.<Double>getAs("k"),
          new ArmSums(r.<Long>getAs("n_c"), r.<Double>getAs("s1_c"), r.<Double>getAs("s2_c")),
          new ArmSums(r.<Long>getAs("n_t"), r.<Double>getAs("s1_t"), r.<Double>getAs("s2_t")),
          r.<Double>getAs("rank_sum_t"),
          r.<Double>getAs("tie_term"),
          r.<Double>getAs("min"),
          r.<Double>getAs("max"),
          r.<Long>getAs("distinct_values"),
          covariate(r));
      out.computeIfAbsent(r.getAs("experiment_id"), k -> new TreeMap<>()).put(m.metric(), m);
    }
    return out;
  }

  /** The covariate sums of a row of {@link #metricSums}, or null when no observation carries a covariate. */
  private static CovariateSums covariate(Row r) {
    Double shift = r.getAs("kp");
    if (shift == null || r.<Long>getAs("np_c") + r.<Long>getAs("np_t") == 0) {
      return null;
    }
    return new CovariateSums(
        shift,
        new ArmCovariateSums(
            r.<Long>getAs("np_c"), orZero(r, "p1_c"), orZero(r, "p2_c"), orZero(r, "xp_c")),
        new ArmCovariateSums(
            r.<Long>getAs("np_t"), orZero(r, "p1_t"), orZero(r, "p2_t"), orZero(r, "xp_t")));
  }

  private static double orZero(Row r, String column) {
    Double x = r.getAs(column);
    return x == null ? 0.0 : x;
  }

  /** Per experiment the distinct unit_id and the rows without one, per variant, of its primary metric's rows. */
  static Map<String, UnitCounts> units(Dataset<Row> primaryRows) {
    Map<String, UnitCounts> out = new HashMap<>();
    for (Row r : primaryRows
        .groupBy(col("experiment_id"), col("variant"))
        .agg(
            count_distinct(col("unit_id")).as("units"),
            count(when(col("unit_id").isNull(), lit(1))).as("without_unit"))
        .collectAsList()) {
      long units = r.<Long>getAs("units");
      long withoutUnit = r.<Long>getAs("without_unit");
      UnitCounts u = out.getOrDefault(r.<String>getAs("experiment_id"), UnitCounts.NONE);
      out.put(
          r.getAs("experiment_id"),
          "treatment".equals(r.getAs("variant"))
              ? u.withTreatment(units, withoutUnit)
              : u.withControl(units, withoutUnit));
    }
    return out;
  }

  /**
   * The Hodges-Lehmann shift of the primary metric (treatment minus control) with its interval, for the given
   * experiments (id to confidence level; {@link ExperimentAssessment#hodgesLehmannEligible}): the median of the
   * pairwise differences has no mergeable summary, so each experiment's two samples are gathered into one row
   * (collect_list) and the estimate is computed on the executors; only the result reaches the driver.
   */
  static Map<String, HodgesLehmannShift> hodgesLehmann(
      Dataset<Row> primaryRows, Map<String, Double> eligible) {
    Map<String, HodgesLehmannShift> out = new HashMap<>();
    if (eligible.isEmpty()) {
      return out;
    }
    List<Row> eligibleRows = new ArrayList<>();
    eligible.forEach(
        (id, confidenceLevel) -> eligibleRows.add(RowFactory.create(id, confidenceLevel)));
    Dataset<Row> experiments = primaryRows
        .sparkSession()
        .createDataFrame(
            eligibleRows,
            new StructType().add("_hl_exp", DataTypes.StringType).add("_cl", DataTypes.DoubleType));
    StructType resultType = new StructType()
        .add("estimate", DataTypes.DoubleType)
        .add("lo", DataTypes.DoubleType)
        .add("hi", DataTypes.DoubleType)
        .add("method", DataTypes.StringType);
    UserDefinedFunction estimate = udf(
        (UDF3<Seq<Double>, Seq<Double>, Double, Row>) (c, t, cl) -> {
          HodgesLehmann.Result r = HodgesLehmann.estimate(toArray(c), toArray(t), cl);
          return RowFactory.create(
              r.estimate(), r.ciLower(), r.ciUpper(), r.method().name().toLowerCase(Locale.ROOT));
        },
        resultType);
    Dataset<Row> shifts = primaryRows
        .join(broadcast(experiments), col("experiment_id").equalTo(col("_hl_exp")))
        .groupBy(col("experiment_id"), col("_cl"))
        .agg(
            collect_list(when(col("variant").equalTo("control"), col("metric_value")))
                .as("c"),
            collect_list(when(col("variant").equalTo("treatment"), col("metric_value")))
                .as("t"))
        .select(
            col("experiment_id"), estimate.apply(col("c"), col("t"), col("_cl")).as("hl"));
    for (Row r : shifts.collectAsList()) {
      Row h = r.getAs("hl");
      out.put(
          r.getAs("experiment_id"),
          new HodgesLehmannShift(
              h.<Double>getAs("estimate"),
              h.<Double>getAs("lo"),
              h.<Double>getAs("hi"),
              h.getAs("method")));
    }
    return out;
  }

  private static double[] toArray(Seq<Double> s) {
    double[] a = new double[s.size()];
    int i = 0;
    for (Double x : CollectionConverters.asJava(s)) {
      a[i++] = x;
    }
    return a;
  }
}
