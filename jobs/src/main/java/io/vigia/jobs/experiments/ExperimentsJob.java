package io.vigia.jobs.experiments;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
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
import static org.apache.spark.sql.functions.when;

import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.job.Scope;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.experiments.ExperimentAnalysis.Definition;
import io.vigia.jobs.experiments.ExperimentAnalysis.MetricStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiments job: analyses every running experiment of ab_experiments (optionally one tenant)
 * from its observations in ab_experiment_observations observed before the window end, and writes the
 * verdict back into the experiment's result columns (winner, p_value, results_summary, analyzed_at,
 * run_id; status 'completed' when a stopping rule is met). No other column of ab_experiments is
 * touched ({@link io.vigia.common.job.ResultWriter#update}).
 *
 * <p>Spark plan (no observation reaches the driver):
 * <ol>
 *   <li>Partitioned JDBC read of the observations (ranges of the bigserial id) into a Parquet copy
 *       under lake/_staging, so every later step sees the same rows.</li>
 *   <li>Each row is classified: quarantined when its variant is not control/treatment or its
 *       metric_value is null, NaN or infinite (counted per experiment and reason).</li>
 *   <li>Valid rows are exploded to a long format {@code (experiment, metric, variant, value)}: the
 *       row's metric_name with metric_value, and for rows of the experiment's primary metric the
 *       guardrails {@code guardrail.latency_ms} and {@code guardrail.cost_usd} (one per prediction;
 *       null or NaN guardrail values are simply absent from that guardrail).</li>
 *   <li>Tie groups: {@code groupBy(experiment, metric, value)} counting treatment and all rows (exact
 *       integers). One window {@code partitionBy(experiment, metric).orderBy(value)} gives the number
 *       of values below each group ({@code before}) and the smallest value {@code K}; the following
 *       {@code groupBy(experiment, metric)} needs no further shuffle, so it folds the groups in value
 *       order. It yields per variant {@code n}, the shifted sums {@code S1 = sum c (x - K)} and
 *       {@code S2 = sum c (x - K)^2}, the treatment rank sum {@code R = sum c_t (before + (t + 1) / 2)}
 *       and the tie term {@code sum(t^3 - t)}. With the CUPED covariate {@code pre} (pre_metric_value) the
 *       groups are {@code (value, pre)} pairs, ordered by value then pre: a tie group is the run of pairs
 *       with one value ({@code t} and the rows below it come from a second window partitioned by value, over
 *       the same sort), and the fold also yields per variant the rows with a covariate and the shifted sums
 *       {@code P1 = sum c (pre - Kp)}, {@code P2 = sum c (pre - Kp)^2}, {@code XP = sum c (x - K)(pre - Kp)}
 *       ({@code Kp} a covariate value of the group), from which the co-moment {@code C = XP - S1 P1 / n}.</li>
 *   <li>Units per variant: {@code count(DISTINCT unit_id)} over the primary metric's valid rows (the
 *       unit of assignment, for the sample ratio check).</li>
 * </ol>
 *
 * <p>Precision and determinism of the moments: {@code mean = K + S1 / n} and
 * {@code M2 = S2 - S1^2 / n}, the "shifted data" algorithm (Chan, Golub and LeVeque 1983, eq. 1.6
 * with shift K): with K the sample minimum the cancellation of the textbook formula is bounded by
 * {@code (mean - K)^2 / variance}, small for the job's metrics, instead of {@code mean^2 / variance}.
 * Because the sums are folded in value order after an exact integer aggregation, a re-run over the
 * same observations gives bit-identical numbers (a Welford/Chan aggregate merged in shuffle order
 * would not). Everything else is computed per experiment on the driver by
 * {@link ExperimentAnalysis} from these few numbers.
 */
public final class ExperimentsJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentsJob.class);
  public static final String NAME = "experiments";
  static final String GUARD_LATENCY = "guardrail.latency_ms";
  static final String GUARD_COST = "guardrail.cost_usd";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "A/B experiments: Welch, delta-method lift, Mann-Whitney U, SRM, power, confidence sequences -> verdict";
  }

  @Override
  public int defaultWindowDays() {
    return 1;
  }

  @Override
  public RunRules rules() {
    return RunRules.NONE.enabledBy("vigia.ab.enabled");
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    Settings s = ctx.settings();
    Map<String, Definition> defs = readRunning(ctx);
    if (defs.isEmpty()) {
      return JobResult.of(0, 0, 0, Map.of("ab_experiments", 0L), "no running experiments");
    }
    SparkSession spark = ctx.spark();
    String staging = ctx.lake("_staging", "experiments-" + ctx.runId());
    org.apache.hadoop.fs.Path sp = new org.apache.hadoop.fs.Path(staging);
    try {
      ctx.describe("read observations");
      long t0 = System.nanoTime();
      readObservations(ctx).write().mode(SaveMode.ErrorIfExists).parquet(staging);
      LOG.info("experiments: copied the observations in {} s", secs(t0));
      Dataset<Row> obs = spark.read().parquet(staging);
      return analyse(ctx, defs, obs);
    } finally {
      sp.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(sp, true);
    }
  }

  private JobResult analyse(JobContext ctx, Map<String, Definition> defs, Dataset<Row> obs) {
    SparkSession spark = ctx.spark();
    Column reason = when(col("variant").isNull().or(col("variant").isin("control", "treatment").unary_$bang()),
        lit("unknown_variant"))
        .when(col("metric_value").isNull(), lit("null_metric_value"))
        .when(isnan(col("metric_value")), lit("nan_metric_value"))
        .when(col("metric_value").equalTo(Double.POSITIVE_INFINITY)
            .or(col("metric_value").equalTo(Double.NEGATIVE_INFINITY)), lit("infinite_metric_value"));
    // the optional CUPED covariate: a non-finite value is not a covariate (counted, the row stays valid)
    Column preBad = col("pre_metric_value").isNotNull().and(isnan(col("pre_metric_value"))
        .or(col("pre_metric_value").equalTo(Double.POSITIVE_INFINITY))
        .or(col("pre_metric_value").equalTo(Double.NEGATIVE_INFINITY)));
    Dataset<Row> classified = obs.withColumn("_reason", reason)
        .withColumn("_pre", when(preBad, lit(null).cast("double")).otherwise(col("pre_metric_value")))
        .withColumn("_pre_bad", when(preBad, lit(1L)).otherwise(lit(0L)));

    // records in / quarantined, per experiment and reason (exact counts, few rows)
    ctx.describe("classify");
    long t0 = System.nanoTime();
    Map<String, Map<String, Long>> quarantine = new TreeMap<>();
    Map<String, Long> observed = new TreeMap<>();
    Map<String, Long> preInvalid = new TreeMap<>();
    long in = 0;
    long bad = 0;
    for (Row r : classified.groupBy(col("experiment_id"), col("_reason"))
        .agg(count(lit(1)).as("n"), sum(col("_pre_bad")).as("pre_bad")).collectAsList()) {
      long n = r.getLong(2);
      in += n;
      observed.merge(r.getString(0), n, Long::sum);
      if (r.isNullAt(1) && r.getLong(3) > 0) {
        preInvalid.merge(r.getString(0), r.getLong(3), Long::sum);
      }
      if (!r.isNullAt(1)) {
        bad += n;
        quarantine.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), n);
      }
    }

    LOG.info("experiments: classified {} observations in {} s", in, secs(t0));
    t0 = System.nanoTime();
    List<Row> primaryRows = new ArrayList<>();
    defs.values().forEach(d -> primaryRows.add(RowFactory.create(d.id(), d.primaryMetric())));
    Dataset<Row> primary = spark.createDataFrame(primaryRows, new StructType()
        .add("_exp", DataTypes.StringType).add("_primary", DataTypes.StringType));
    Dataset<Row> valid = classified.filter(col("_reason").isNull())
        .join(org.apache.spark.sql.functions.broadcast(primary), col("experiment_id").equalTo(col("_exp")))
        .withColumn("_is_primary", col("metric_name").equalTo(col("_primary")));

    // long format (experiment, metric, variant, value): the metric itself and, on primary rows, the guardrails
    Column isPrimary = col("_is_primary");
    Column latencyOk = isPrimary.and(col("latency_ms").isNotNull()).and(isnan(col("latency_ms")).unary_$bang());
    Column costOk = isPrimary.and(col("cost_usd").isNotNull()).and(isnan(col("cost_usd")).unary_$bang());
    Dataset<Row> longRows = valid.select(col("experiment_id"), col("variant"), explode(array(
            struct(col("metric_name").as("metric"), col("metric_value").as("value"), col("_pre").as("pre")),
            struct(when(latencyOk, lit(GUARD_LATENCY)).as("metric"), col("latency_ms").as("value"),
                lit(null).cast("double").as("pre")),
            struct(when(costOk, lit(GUARD_COST)).as("metric"), col("cost_usd").as("value"),
                lit(null).cast("double").as("pre")))).as("m"))
        .filter(col("m.metric").isNotNull())
        .select(col("experiment_id"), col("m.metric").as("metric"), col("variant"), col("m.value").as("value"),
            col("m.pre").as("pre"));

    // tie groups -> ranks and shifted sums in value order (see the class comment)
    Column isT = when(col("variant").equalTo("treatment"), lit(1L)).otherwise(lit(0L));
    // one shuffle: hash-partitioned by (experiment, metric), the tie-group count, the window's sort and
    // the final fold all run inside those partitions (values are mostly distinct, so a map-side
    // partial count would not shrink the data before a second shuffle)
    // groups are (value, covariate) pairs, so the CUPED co-moments fold in the same pass; a tie group of
    // the rank test is the run of groups with one value: before = rows below the group in (value, pre)
    // order minus rows of the same value below it; t = rows of the value (both windows share one sort)
    Dataset<Row> groups = longRows.repartition(col("experiment_id"), col("metric"))
        .groupBy(col("experiment_id"), col("metric"), col("value"), col("pre"))
        .agg(sum(isT).as("c_t"), count(lit(1)).as("c"));
    WindowSpec byValue = org.apache.spark.sql.expressions.Window.partitionBy("experiment_id", "metric")
        .orderBy("value", "pre");
    WindowSpec w = byValue.rowsBetween(org.apache.spark.sql.expressions.Window.unboundedPreceding(),
        org.apache.spark.sql.expressions.Window.currentRow());
    WindowSpec whole = byValue.rowsBetween(org.apache.spark.sql.expressions.Window.unboundedPreceding(),
        org.apache.spark.sql.expressions.Window.unboundedFollowing());
    WindowSpec tie = org.apache.spark.sql.expressions.Window.partitionBy("experiment_id", "metric", "value")
        .orderBy("pre");
    WindowSpec tieBelow = tie.rowsBetween(org.apache.spark.sql.expressions.Window.unboundedPreceding(),
        org.apache.spark.sql.expressions.Window.currentRow());
    WindowSpec tieAll = tie.rowsBetween(org.apache.spark.sql.expressions.Window.unboundedPreceding(),
        org.apache.spark.sql.expressions.Window.unboundedFollowing());
    Dataset<Row> ranked = groups
        .withColumn("cum_v", sum(col("c")).over(tieBelow))
        .withColumn("before", sum(col("c")).over(w).minus(col("cum_v")))
        .withColumn("t", sum(col("c")).over(tieAll))
        .withColumn("k", first(col("value")).over(w))
        .withColumn("kp", first(col("pre"), true).over(whole))
        .withColumn("c_c", col("c").minus(col("c_t")))
        .withColumn("d", col("value").minus(col("k")))
        .withColumn("dp", col("pre").minus(col("kp")))
        .withColumn("cp_c", when(col("pre").isNotNull(), col("c_c")).otherwise(lit(0L)))
        .withColumn("cp_t", when(col("pre").isNotNull(), col("c_t")).otherwise(lit(0L)));
    Dataset<Row> stats = ranked.groupBy(col("experiment_id"), col("metric")).agg(
        first(col("k")).as("k"),
        sum(col("c_c")).as("n_c"), sum(col("c_t")).as("n_t"),
        sum(col("c_c").multiply(col("d"))).as("s1_c"), sum(col("c_t").multiply(col("d"))).as("s1_t"),
        sum(col("c_c").multiply(col("d")).multiply(col("d"))).as("s2_c"),
        sum(col("c_t").multiply(col("d")).multiply(col("d"))).as("s2_t"),
        sum(col("c_t").cast("double").multiply(col("before").plus(col("t").plus(1).cast("double").divide(2.0))))
            .as("rank_sum_t"),
        // sum over the value's groups of c (t^2 - 1) = t^3 - t per tie group
        sum(col("c").cast("double").multiply(col("t").cast("double").multiply(col("t")).minus(1.0))).as("tie_term"),
        min(col("value")).as("min"), max(col("value")).as("max"), 
        sum(when(col("cum_v").equalTo(col("c")), lit(1L)).otherwise(lit(0L))).as("distinct_values"),
        first(col("kp"), true).as("kp"), sum(col("cp_c")).as("np_c"), sum(col("cp_t")).as("np_t"),
        sum(col("c_c").multiply(col("dp"))).as("p1_c"), sum(col("c_t").multiply(col("dp"))).as("p1_t"),
        sum(col("c_c").multiply(col("dp")).multiply(col("dp"))).as("p2_c"),
        sum(col("c_t").multiply(col("dp")).multiply(col("dp"))).as("p2_t"),
        sum(col("c_c").multiply(col("d")).multiply(col("dp"))).as("xp_c"),
        sum(col("c_t").multiply(col("d")).multiply(col("dp"))).as("xp_t"));
    ctx.describe("aggregate");
    Map<String, Map<String, MetricStats>> byExp = new TreeMap<>();
    for (Row r : stats.collectAsList()) {
      MetricStats m = new MetricStats(r.getString(1), r.getDouble(2), r.getLong(3), r.getLong(4), r.getDouble(5),
          r.getDouble(6), r.getDouble(7), r.getDouble(8), r.getDouble(9), r.getDouble(10), r.getDouble(11),
          r.getDouble(12), r.getLong(13), covariate(r));
      byExp.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(m.metric(), m);
    }

    LOG.info("experiments: ranks and moments of {} experiment x metric in {} s", byExp.values().stream()
        .mapToInt(Map::size).sum(), secs(t0));
    t0 = System.nanoTime();
    ctx.describe("units");
    Map<String, long[]> units = new HashMap<>();
    for (Row r : valid.filter(isPrimary).groupBy(col("experiment_id"), col("variant"))
        .agg(count_distinct(col("unit_id")).as("u"), count(when(col("unit_id").isNull(), lit(1))).as("no_unit"),
            count(lit(1)).as("n"))
        .collectAsList()) {
      long[] u = units.computeIfAbsent(r.getString(0), k -> new long[6]);
      int o = "treatment".equals(r.getString(1)) ? 3 : 0;
      u[o] = r.getLong(2);
      u[o + 1] = r.getLong(3);
      u[o + 2] = r.getLong(4);
    }

    LOG.info("experiments: units in {} s", secs(t0));
    t0 = System.nanoTime();
    Map<String, Map<String, Object>> hl = hodgesLehmann(ctx, defs, byExp, valid.filter(isPrimary));
    LOG.info("experiments: Hodges-Lehmann for {} experiments in {} s", hl.size(), secs(t0));

    java.time.Instant now = ctx.clock().instant();
    List<Row> out = new ArrayList<>();
    Map<String, Long> verdicts = new TreeMap<>();
    long completed = 0;
    for (Definition d : defs.values()) {
      ExperimentAnalysis.Outcome o = ExperimentAnalysis.analyse(d, byExp.getOrDefault(d.id(), Map.of()),
          units.get(d.id()), observed.getOrDefault(d.id(), 0L), quarantine.getOrDefault(d.id(), Map.of()),
          preInvalid.getOrDefault(d.id(), 0L), hl.get(d.id()), ctx.settings());
      verdicts.merge(o.winner(), 1L, Long::sum);
      if (o.stop()) {
        completed++;
      }
      out.add(RowFactory.create(d.id(), o.winner(), o.pValue(), o.summaryJson(), Timestamp.from(now),
          o.stop() ? "completed" : "running"));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.StringType, false)
        .add("winner", DataTypes.StringType, false)
        .add("p_value", DataTypes.DoubleType, true)
        .add("results_summary", DataTypes.StringType, false)
        .add("analyzed_at", DataTypes.TimestampType, false)
        .add("status", DataTypes.StringType, false);
    Dataset<Row> rows = spark.createDataFrame(out, schema).coalesce(1);
    long written = ctx.writer().update("ab_experiments", rows, new Scope("status = 'running'", List.of()),
        List.of("id"));
    Map<String, Long> outputs = new LinkedHashMap<>();
    outputs.put("ab_experiments", written);
    String msg = String.format("%d running experiments analysed, %d observations (%d quarantined): winners %s, "
        + "%d completed", defs.size(), in, bad, verdicts, completed);
    return JobResult.of(in, in - bad, bad, outputs, msg);
  }

  /** The CUPED co-moments of a stats row (columns 14..22), or null when no row carries a covariate. */
  private static ExperimentAnalysis.Covariate covariate(Row r) {
    if (r.isNullAt(14) || r.getLong(15) + r.getLong(16) == 0) {
      return null;
    }
    return new ExperimentAnalysis.Covariate(r.getDouble(14), r.getLong(15), r.getLong(16), d(r, 17), d(r, 18),
        d(r, 19), d(r, 20), d(r, 21), d(r, 22));
  }

  private static double d(Row r, int i) {
    return r.isNullAt(i) ? 0.0 : r.getDouble(i);
  }

  /**
   * The Hodges-Lehmann shift of the primary metric (treatment minus control) with its interval, for
   * experiments whose primary metric has at most vigia.ab.hodges-lehmann-max-sample observations: the
   * median of the pairwise differences has no mergeable summary, so each such experiment's two samples
   * are gathered into one row (collect_list) and the estimate is computed on the executors; only the
   * result reaches the driver. Larger experiments get none (stated in results_summary).
   */
  private static Map<String, Map<String, Object>> hodgesLehmann(JobContext ctx, Map<String, Definition> defs,
      Map<String, Map<String, MetricStats>> byExp, Dataset<Row> primaryRows) {
    long max = ctx.settings().experiments().hodgesLehmannMaxSample();
    List<Row> eligible = new ArrayList<>();
    for (Definition d : defs.values()) {
      MetricStats m = byExp.getOrDefault(d.id(), Map.of()).get(d.primaryMetric());
      if (m != null && m.nControl() > 0 && m.nTreatment() > 0 && m.nControl() + m.nTreatment() <= max
          && d.confidenceLevel() > 0 && d.confidenceLevel() < 1) {
        eligible.add(RowFactory.create(d.id(), d.confidenceLevel()));
      }
    }
    Map<String, Map<String, Object>> out = new HashMap<>();
    if (eligible.isEmpty()) {
      return out;
    }
    Dataset<Row> el = ctx.spark().createDataFrame(eligible, new StructType()
        .add("_hl_exp", DataTypes.StringType).add("_cl", DataTypes.DoubleType));
    StructType resultType = new StructType().add("estimate", DataTypes.DoubleType).add("lo", DataTypes.DoubleType)
        .add("hi", DataTypes.DoubleType).add("method", DataTypes.StringType);
    org.apache.spark.sql.expressions.UserDefinedFunction hlUdf = org.apache.spark.sql.functions.udf(
        (org.apache.spark.sql.api.java.UDF3<scala.collection.Seq<Double>, scala.collection.Seq<Double>, Double, Row>)
            (c, t, cl) -> {
              io.vigia.common.stats.ab.HodgesLehmann.Result r = io.vigia.common.stats.ab.HodgesLehmann.estimate(
                  toArray(c), toArray(t), cl);
              return RowFactory.create(r.estimate(), r.ciLower(), r.ciUpper(),
                  r.method().name().toLowerCase(java.util.Locale.ROOT));
            }, resultType);
    ctx.describe("hodges-lehmann");
    Dataset<Row> hodgesLehmannRows = primaryRows.join(org.apache.spark.sql.functions.broadcast(el),
            col("experiment_id").equalTo(col("_hl_exp")))
        .groupBy(col("experiment_id"), col("_cl"))
        .agg(org.apache.spark.sql.functions.collect_list(when(col("variant").equalTo("control"), col("metric_value")))
                .as("c"),
            org.apache.spark.sql.functions.collect_list(when(col("variant").equalTo("treatment"), col("metric_value")))
                .as("t"))
        .select(col("experiment_id"), hlUdf.apply(col("c"), col("t"), col("_cl")).as("hl"));
    for (Row r : hodgesLehmannRows.collectAsList()) {
      Row h = r.getStruct(1);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("shift", ExperimentAnalysis.num(h.getDouble(0)));
      m.put("ci", java.util.Arrays.asList(ExperimentAnalysis.num(h.getDouble(1)), ExperimentAnalysis.num(h.getDouble(2))));
      m.put("method", h.getString(3));
      m.put("note", "median of treatment - control pairwise differences of the primary metric; unbounded ends are null");
      out.put(r.getString(0), m);
    }
    return out;
  }

  private static double[] toArray(scala.collection.Seq<Double> s) {
    double[] a = new double[s.size()];
    int i = 0;
    for (Double x : scala.jdk.javaapi.CollectionConverters.asJava(s)) {
      a[i++] = x;
    }
    return a;
  }

  private static String secs(long t0) {
    return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
  }

  /** The running experiments (small: definitions only), read on the driver. */
  static Map<String, Definition> readRunning(JobContext ctx) throws SQLException {
    Map<String, Definition> m = new LinkedHashMap<>();
    String sql = "SELECT id, tenant_id, traffic_split::float8, primary_metric, success_threshold::float8, "
        + "min_sample_size, confidence_level::float8 FROM ab_experiments WHERE status = 'running'"
        + (ctx.tenant().isPresent() ? " AND tenant_id = ?" : "") + " ORDER BY id";
    try (Connection c = ctx.db().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (ctx.tenant().isPresent()) {
        ps.setString(1, ctx.tenant().get());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double threshold = rs.getDouble(5);
          Double th = rs.wasNull() ? null : threshold;
          int minSample = rs.getInt(6);
          Integer ms = rs.wasNull() ? null : minSample;
          m.put(rs.getString(1), new Definition(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getString(4), th,
              ms, rs.getDouble(7)));
        }
      }
    }
    return m;
  }

  /**
   * The observations of running experiments observed before the window end, read by Spark's JDBC
   * source in id ranges (one query per partition), never through the driver.
   */
  static Dataset<Row> readObservations(JobContext ctx) throws SQLException {
    String from = "ab_experiment_observations o JOIN ab_experiments e ON e.id = o.experiment_id";
    String running = "e.status = 'running'";
    long lo;
    long hi;
    try (Connection c = ctx.db().connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT coalesce(min(o.id), 0), coalesce(max(o.id), 0) FROM " + from + " WHERE " + running
            + " AND o.observed_at < ?" + (ctx.tenant().isPresent() ? " AND e.tenant_id = ?" : ""))) {
      ps.setTimestamp(1, java.sql.Timestamp.from(ctx.window().end()));
      if (ctx.tenant().isPresent()) {
        ps.setString(2, ctx.tenant().get());
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        lo = rs.getLong(1);
        hi = rs.getLong(2);
      }
    }
    // the query is constant; the window end and the tenant are Column filters Spark pushes down
    String sub = "(SELECT o.id, o.experiment_id, o.variant, o.unit_id, o.metric_name, o.metric_value, o.latency_ms, "
        + "o.cost_usd::float8 AS cost_usd, o.pre_metric_value, o.observed_at, e.tenant_id FROM " + from + " WHERE "
        + running + ") obs";
    Column filter = col("observed_at").lt(lit(ctx.window().end()));
    if (ctx.tenant().isPresent()) {
      filter = filter.and(col("tenant_id").equalTo(lit(ctx.tenant().get())));
    }
    LOG.info("experiments: reading observations with ids {}..{} in {} partitions", lo, hi,
        io.vigia.common.db.IdRangeRead.partitions(ctx.spark(), lo, hi));
    return io.vigia.common.db.IdRangeRead.read(ctx.spark(), ctx.db(), sub, lo, hi).filter(filter)
        .drop("observed_at", "tenant_id");
  }
}
