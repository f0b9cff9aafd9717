package io.vigia.jobs.drift;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_samp;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import io.vigia.common.events.EventTypes;
import io.vigia.common.job.Input;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.job.Scope;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.stats.BenjaminiHochberg;
import io.vigia.common.stats.ChiSquared;
import io.vigia.common.stats.Moments;
import io.vigia.common.stats.PopulationStabilityIndex;
import io.vigia.common.stats.VarianceRatioTest;
import io.vigia.common.stats.WelchTTest;
import io.vigia.jobs.drift.DataQuality.ModelQuality;
import io.vigia.jobs.ingest.Events;
import io.vigia.jobs.ingest.IngestJob;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift detection per tenant x model x model_version: evaluation window = the run window, reference =
 * the preceding window of the same length (vigia.drift.reference-mode = preceding), a fixed
 * baseline period (baseline) or the same weekdays of the seasonal-weeks weeks before (seasonal; see
 * {@link #referenceWindows}). Everything is computed with Spark aggregations; only per-group
 * summaries (counts, moments, bin and category counts, KS results) reach the driver.
 *
 * <p><b>Inputs.</b> Predictions with status 'ok' whose ts lies in either window ({@link Events#in}:
 * the landing dates each window's events can be on). Outcomes are joined on (tenant_id, prediction_id); they may land up to
 * vigia.drift.outcome-lateness-days (default 3) after the window, so outcome dt is read up to window
 * end + 3 days: a run before then sees fewer joined outcomes and a later re-run completes them. Of
 * several outcomes of one prediction the latest (by ts) counts.
 *
 * <p><b>Performance</b> (definitions of {@link io.vigia.common.stats.ErrorMetrics}, Hyndman and
 * Koehler 2006): MAE = mean|y - yhat|; RMSE = sqrt(mean (y - yhat)^2); MAPE = mean(|y - yhat| / |y|)
 * over rows with y != 0 only (rows with y = 0 are excluded and counted in details.zero_actuals);
 * sMAPE = mean(2|y - yhat| / (|y| + |yhat|)) with 0/0 = 0. Accuracy = share of joined rows with
 * predicted_class = actual_class. A model whose outcomes carry class labels is a classifier: its
 * MAPE/sMAPE are not reported (percentage errors of 0/1 labels mean nothing), accuracy is.
 *
 * <p><b>Data drift</b> per feature (feature_drift_metrics). Numeric: two-sample KS (exact D from one
 * sort within (group, feature) and {@link io.vigia.common.stats.KolmogorovSmirnov.Accumulator}; p-value
 * exact for max(n1, n2) <= 10000 else asymptotic, scipy ks_2samp method='auto'), PSI over bins cut at
 * the exact reference quantiles k/n_bins (numpy 'linear'), right-closed, epsilon 1e-4 for empty bins
 * with renormalisation ({@link PopulationStabilityIndex}). NaN values are not tested, counted in
 * details.nan_*. Categorical: PSI over the union of categories (same epsilon rule) and Pearson's
 * chi-squared homogeneity p-value ({@link ChiSquared}). A feature with fewer than min-sample-size
 * values on either side is insufficient_data: its statistics are reported but it is never drifted
 * and its p-value is not among the BH hypotheses (p_value_adjusted NULL). Across a model's
 * tested features, Benjamini-Hochberg adjusted p-values (KS p for numeric, chi-squared p for
 * categorical). drifted = sufficient and p_adjusted <= fdr-alpha and (KS D > ks-threshold or PSI >
 * psi-threshold).
 *
 * <p><b>Scores</b> ({@link DriftScores}, each in [0, 1], a threshold maps to 0.5 and twice it to 1):
 * feature score = max(ramp(D, ks-threshold), ramp(PSI, psi-threshold)) (categorical: PSI only); data
 * score = max feature score over the features significant after BH (0 if none, NULL if no feature is
 * sufficient); prediction score = ramp(KS D of the predictions, ks-threshold) when the KS p-value <=
 * fdr-alpha, else 0; concept score = calculate_drift_score(); drift_score = combine_drift_scores()
 * (0.40 concept + 0.35 data + 0.25 prediction). Prediction drift also reports Welch's t-test on the
 * mean and the F-test on the variance in details.
 *
 * <p><b>Alerts</b> (drift_alerts; storms prevented by {@link AlertPolicy}: an unresolved alert is
 * updated across windows, a cooldown after resolution unless severity rises; human-owned columns
 * never written), only for models with at least min-sample-size predictions on both sides:
 * drift_detected when drift_score > 0.4 (high, retraining_due_by = window end + 7 days) or > 0.7
 * (critical, retraining_triggered, retraining_due_by = window end + 1 day), medium (no deadline) when
 * features drifted but the score stayed at or below 0.4 (data drift alone weighs at most 0.35); performance_degradation
 * when the joined sample is sufficient on both sides and MAPE rose by more than mape-threshold
 * (relative) or accuracy fell by more than accuracy-threshold (relative): medium, high past twice the
 * threshold, critical past 4x; data_quality per tenant x model for bad input ({@link DataQuality}:
 * missing and wrong-type feature values, NaN, quarantined prediction lines, orphan and mismatched
 * outcomes, models without reference), counted in one pass with the aggregations above.
 */
public final class DriftJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(DriftJob.class);
  public static final String NAME = "drift";
  /** The pseudo-feature under which the prediction itself goes through the KS/PSI pass. */
  static final String PREDICTION = "\u0000prediction";
  private static final String[] G = {"tenant_id", "model_id", "model_version"};

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "performance, feature and prediction drift per tenant x model x version, drift score, alerts";
  }

  @Override
  public int defaultWindowDays() {
    return 7;
  }

  /**
   * The reference of a run window, by vigia.drift.reference-mode, as one or more windows in time order:
   * preceding = the window of the same length just before; baseline = [baseline-start, baseline-end);
   * seasonal = the same weekdays and hours of each of the seasonal-weeks weeks before (the run window
   * shifted back by 7, 14, ... days; so a Monday is compared with earlier Mondays), which needs a run
   * window of at most 7 days (a longer one would overlap its own reference).
   */
  static List<Window> referenceWindows(Settings s, Window w) {
    switch (s.driftReferenceMode) {
      case "baseline" -> {
        Window b = Window.of(s.driftBaselineStart, s.driftBaselineEnd);
        if (b.end().isAfter(w.start())) {
          throw new IllegalArgumentException("drift baseline " + b + " (vigia.drift.baseline-start/baseline-end) must "
              + "end before the run window " + w);
        }
        return List.of(b);
      }
      case "seasonal" -> {
        if (w.length().compareTo(Duration.ofDays(7)) > 0) {
          throw new IllegalArgumentException("vigia.drift.reference-mode = seasonal compares the same weekdays of "
              + "earlier weeks and needs a run window of at most 7 days; got " + w + " (" + w.length().toDays()
              + " days): use a shorter --from/--to or reference-mode preceding");
        }
        List<Window> parts = new ArrayList<>();
        for (int k = s.driftSeasonalWeeks; k >= 1; k--) {
          Duration back = Duration.ofDays(7L * k);
          parts.add(new Window(w.start().minus(back), w.end().minus(back)));
        }
        return parts;
      }
      default -> {
        Duration len = w.length();
        return List.of(new Window(w.start().minus(len), w.start()));
      }
    }
  }

  /** The span of the reference (first start to last end); for seasonal mode it contains gaps. */
  static Window referenceWindow(Settings s, Window w) {
    List<Window> parts = referenceWindows(s, w);
    return new Window(parts.get(0).start(), parts.get(parts.size() - 1).end());
  }

  private static Column[] gcols(String... more) {
    List<Column> c = new ArrayList<>();
    for (String g : G) {
      c.add(col(g));
    }
    for (String m : more) {
      c.add(col(m));
    }
    return c.toArray(new Column[0]);
  }

  private static String gkey(Row r) {
    return r.getString(0) + '\u0001' + r.getString(1) + '\u0001' + r.getString(2);
  }

  @Override
  public RunRules rules() {
    return RunRules.NONE.enabledBy("vigia.drift.enabled")
        .reads(Input.LAKE);
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    Settings s = ctx.settings();
    Window cur = ctx.window();
    List<Window> refs = referenceWindows(s, cur);
    Timestamp cs = Timestamp.from(cur.start());
    List<Window> both = new ArrayList<>(refs);
    both.add(cur);
    Dataset<Row> p = Events.in(ctx, EventTypes.PREDICTION, both);
    if (p == null) {
      LOG.warn("drift: no prediction events were ever ingested under {}; nothing to evaluate", ctx.lake("events"));
      stageAll(ctx, List.of(), List.of(), List.of());
      return JobResult.of(0, 0, 0, ctx.writer().stagedCounts(), "no prediction events ingested");
    }
    p = p.filter(col("status").equalTo("ok"));
    Dataset<Row> base = p.select(col("tenant_id"), col("model_id"), coalesce(col("model_version"), lit("")).as("model_version"),
        col("ts").lt(lit(cs)).as("is_ref"), col("prediction_id"), col("prediction"), col("predicted_class"),
        col("features_num"), col("features_cat"));
    return evaluate(ctx, s, cur, refs, base);
  }

  /**
   * The predictions are read, never cached or collected, by (1) the profile: three narrow
   * aggregations per group x side (x feature (x category)) — the prediction's count and moments,
   * numeric feature value and NaN counts, category counts; (2) one shuffle of the numeric values and
   * predictions by key = xxhash64(tenant, model, version, feature) (a collision between two of a run's
   * keys is detected from the profile and stops the run) that brings every key's values into value
   * order: in memory ({@link SortedRuns}: map-side sorted runs, 8 bytes per value shuffled, merged per
   * key) when the profile says the largest key has at most vigia.drift.in-memory-key-values values,
   * else by one Spark sort of every value row, which spills ({@link SortedFeaturePass}); both feed the
   * same {@link SortedFeaturePass.Group}, which streams a key once for KS, the exact reference quantile
   * cuts and the PSI bin counts. Only per-key summaries reach the driver (one row per feature and model).
   */
  private JobResult evaluate(JobContext ctx, Settings s, Window cur, List<Window> refs, Dataset<Row> base) {
    long t0 = System.nanoTime();
    // ---- pass 1: per group x side x feature (x category)
    ctx.describe("profile");
    // three narrow aggregations over the same input, each codegen'd (no lambdas): the prediction's
    // moments per group, numeric feature counts, category counts; one row layout, one collect
    Column dbl = lit(null).cast(DataTypes.DoubleType);
    Column str = lit(null).cast(DataTypes.StringType);
    Column pred = col("prediction").cast(DataTypes.DoubleType);
    Dataset<Row> predictions = base.groupBy(gcols("is_ref"))
        .agg(lit("n").as("kind"), lit(PREDICTION).as("feature"), str.as("category"), count(lit(1)).as("cnt"),
            sum(when(pred.isNotNull().and(not(isnan(pred))), 1L).otherwise(0L)).as("valid"),
            sum(when(isnan(pred), 1L).otherwise(0L)).as("nan"), avg(pred).as("mean"), var_samp(pred).as("var"),
            min(pred).as("lo"), max(pred).as("hi"));
    Column v = col("value").cast(DataTypes.DoubleType);
    Dataset<Row> numeric = base.select(col("tenant_id"), col("model_id"), col("model_version"), col("is_ref"),
            explode(col("features_num")).as(new String[] {"feature", "value"}))
        .filter(col("value").isNotNull())
        .groupBy(gcols("is_ref", "feature"))
        .agg(lit("n").as("kind"), str.as("category"), count(lit(1)).as("cnt"),
            sum(when(not(isnan(v)), 1L).otherwise(0L)).as("valid"), sum(when(isnan(v), 1L).otherwise(0L)).as("nan"),
            dbl.as("mean"), dbl.as("var"), dbl.as("lo"), dbl.as("hi"));
    Dataset<Row> categorical = base.select(col("tenant_id"), col("model_id"), col("model_version"), col("is_ref"),
            explode(col("features_cat")).as(new String[] {"feature", "category"}))
        .filter(col("category").isNotNull())
        .groupBy(gcols("is_ref", "feature", "category"))
        .agg(lit("c").as("kind"), count(lit(1)).as("cnt"), lit(0L).as("valid"), lit(0L).as("nan"), dbl.as("mean"),
            dbl.as("var"), dbl.as("lo"), dbl.as("hi"));
    String[] layout = {"tenant_id", "model_id", "model_version", "is_ref", "kind", "feature", "category", "cnt",
        "valid", "nan", "mean", "var", "lo", "hi"};
    List<Row> profile = predictions.selectExpr(layout).unionAll(numeric.selectExpr(layout))
        .unionAll(categorical.selectExpr(layout))
        .withColumn("key", xxhash64(col("tenant_id"), col("model_id"), col("model_version"), col("feature")))
        .collectAsList();
    Map<String, Moments[]> moments = new TreeMap<>();
    Map<String, long[]> sizes = new HashMap<>();   // key -> {ref, cur, refNaN, curNaN}
    Map<String, Map<String, long[]>> cats = new TreeMap<>();
    Map<Long, String> keyOf = new HashMap<>();
    Map<Long, Long> refSizes = new HashMap<>();
    for (Row r : profile) {
      int side = r.getBoolean(3) ? 0 : 1;
      String feature = r.getString(5);
      String k = SortedFeaturePass.key(r.getString(0), r.getString(1), r.getString(2), feature);
      if (r.getString(4).equals("c")) {
        cats.computeIfAbsent(k, x -> new TreeMap<>()).computeIfAbsent(r.getString(6), x -> new long[2])[side] = r.getLong(7);
        continue;
      }
      long valid = r.getLong(8);
      long nan = r.getLong(9);
      if (feature.equals(PREDICTION)) {
        long n = r.getLong(7);
        double var = r.isNullAt(11) || Double.isNaN(r.getDouble(11)) ? 0 : r.getDouble(11);
        // n counts every prediction event (also one with a NULL prediction, as before: avg skips NULLs)
        Moments m = r.isNullAt(10) ? Moments.of(n, Double.NaN, 0, Double.NaN, Double.NaN)
            : Moments.of(n, r.getDouble(10), var * (n - 1), r.getDouble(12), r.getDouble(13));
        moments.computeIfAbsent(gkey(r), x -> new Moments[] {new Moments(), new Moments()})[side] = m;
        if (valid + nan == 0) {
          continue;
        }
      }
      long[] sz = sizes.computeIfAbsent(k, x -> new long[4]);
      sz[side] = valid;
      sz[2 + side] = nan;
      long id = r.getLong(14);
      String was = keyOf.putIfAbsent(id, k);
      if (was != null && !was.equals(k)) {
        throw new IllegalStateException("drift: two features share the 64-bit sort key " + id + " (" + was.replace('\u0001', '/')
            + " and " + k.replace('\u0001', '/') + "); rename one of them");
      }
      if (side == 0) {
        refSizes.put(id, valid);
      }
    }
    long eventsIn = moments.values().stream().mapToLong(m -> m[0].n() + m[1].n()).sum();
    LOG.info("drift: profile of {} events, {} groups, {} numeric and {} categorical feature keys in {} s", eventsIn,
        moments.size(), sizes.size(), cats.size(), String.format("%.1f", (System.nanoTime() - t0) / 1e9));

    // ---- pass 2: one shuffle, every key in one partition sorted by value; one streaming pass each
    ctx.describe("ks and psi sorted pass");
    // a NULL map is no values (coalesce to an empty array), the prediction rides along as one more entry
    Column entries2 = concat(expr("coalesce(map_entries(features_num), array())"),
        array(struct(lit(PREDICTION).as("key"), col("prediction").cast(DataTypes.DoubleType).as("value"))));
    Dataset<Row> values = base.select(col("tenant_id"), col("model_id"), col("model_version"), col("is_ref"),
            explode(entries2).as("e"))
        .select(col("tenant_id"), col("model_id"), col("model_version"), col("is_ref"), col("e.key").as("feature"),
            col("e.value").as("value"))
        .filter(col("value").isNotNull().and(not(isnan(col("value")))))
        .select(xxhash64(col("tenant_id"), col("model_id"), col("model_version"), col("feature")).as("key"),
            col("value"), col("is_ref"));
    long largest = 0;
    for (long[] n : sizes.values()) {
      largest = Math.max(largest, n[0] + n[1]);
    }
    boolean inMemory = largest <= s.driftInMemoryKeyValues;
    LOG.info("drift: largest feature has {} values in the two windows; {}", largest, inMemory
        ? "sorting per key in memory (map-side sorted runs, vigia.drift.in-memory-key-values = " + s.driftInMemoryKeyValues + ")"
        : "over vigia.drift.in-memory-key-values = " + s.driftInMemoryKeyValues + ": one Spark sort of every value (spills to disk)");
    Dataset<Row> perKey = inMemory
        ? values.mapPartitions(SortedRuns.mapSide(), Encoders.row(SortedRuns.RUN_SCHEMA))
            .repartition(col("key"))
            .sortWithinPartitions(col("key"))
            .mapPartitions(SortedRuns.reduceSide(refSizes, s.driftNBins), Encoders.row(SortedFeaturePass.SCHEMA))
        : values.repartition(col("key"))
            .sortWithinPartitions(col("key"), col("value"))
            .mapPartitions(new SortedFeaturePass(refSizes, s.driftNBins), Encoders.row(SortedFeaturePass.SCHEMA));
    List<Row> ks = perKey
        .collectAsList();
    Map<String, Row> ksByKey = new HashMap<>();
    Map<String, long[][]> bins = new HashMap<>();
    for (Row r : ks) {
      String k = keyOf.get(r.getLong(0));
      if (k == null) {
        throw new IllegalStateException("drift: sorted pass returned key " + r.getLong(0) + " the profile never saw");
      }
      ksByKey.put(k, r);
      List<Long> br = r.getList(6);
      List<Long> bc = r.getList(7);
      long[][] b = new long[2][br.size()];
      for (int i = 0; i < br.size(); i++) {
        b[0][i] = br.get(i);
        b[1][i] = bc.get(i);
      }
      bins.put(k, b);
    }

    LOG.info("drift: KS, quantile cuts and PSI bins of {} numeric keys by one sorted pass; {} s so far", ks.size(),
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));

    // ---- performance: predictions joined to their (latest) outcome
    Quality quality = new Quality();
    Map<String, double[][]> perf = performance(ctx, s, cur, refs, quality);
    quarantined(ctx, cur, quality);

    LOG.info("drift: performance join and quarantine counts done; aggregations in {} s", String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    return assemble(ctx, s, cur, refs, eventsIn, moments, sizes, ksByKey, bins, cats, perf, quality);
  }

  /** Bad input found on the way, reported per tenant x model (see {@link #quality}). */
  static final class Quality {
    /** tenant\u0001model -> {outcomes with ts in the window, of which with no prediction}. */
    final Map<String, long[]> orphans = new TreeMap<>();
    /** group -> joined outcomes (window) whose model_id differs from their prediction's. */
    final Map<String, Long> mismatched = new HashMap<>();
    /** tenant\u0001model -> quarantine reason -> prediction lines quarantined by ingest on the window's dates. */
    final Map<String, Map<String, Long>> quarantined = new TreeMap<>();
    /** tenant -> quarantined prediction lines whose model_id could not be read. */
    final Map<String, Long> unattributed = new TreeMap<>();
  }

  /**
   * Per group and side (0 ref, 1 cur): {n, sumAbs, sumSq, nApe, sumApe, zeroActuals, sumSape, labeled,
   * correct}. One left join from the outcomes (latest per prediction) to the predictions of
   * [min(reference start, window start - outcome-lateness-days), window end + lateness) of any status:
   * an outcome of the window that matches none is an orphan (counted per tenant x outcome model_id, never
   * used); one that matches a prediction of another model_id is counted as mismatched (the prediction_id
   * decides which model it scores).
   */
  private Map<String, double[][]> performance(JobContext ctx, Settings s, Window cur, List<Window> refs, Quality q) {
    Map<String, double[][]> out = new HashMap<>();
    ctx.describe("performance join");
    LocalDate lookFrom = refs.get(0).firstDate();
    if (cur.firstDate().minusDays(s.driftOutcomeLatenessDays).isBefore(lookFrom)) {
      lookFrom = cur.firstDate().minusDays(s.driftOutcomeLatenessDays);
    }
    LocalDate toDt = cur.endDateExclusive().plusDays(s.driftOutcomeLatenessDays);
    Dataset<Row> o = Events.landed(ctx, EventTypes.OUTCOME, lookFrom, toDt);
    Dataset<Row> pr = Events.landed(ctx, EventTypes.PREDICTION, lookFrom, toDt);
    if (o == null || pr == null) {
      return out;
    }
    o = o.groupBy(col("tenant_id").as("o_tenant"), col("prediction_id").as("o_pid"))
        .agg(max(struct(col("ts"), col("actual"), col("actual_class"), col("model_id"))).as("o"));
    pr = pr.select(col("tenant_id").as("p_tenant"), col("prediction_id").as("p_pid"), col("model_id").as("p_model"),
        coalesce(col("model_version"), lit("")).as("p_version"), col("ts").as("p_ts"), col("status").as("p_status"),
        col("prediction"), col("predicted_class"));
    Column pts = col("p_ts");
    Column inCur = col("o.ts").geq(lit(Timestamp.from(cur.start()))).and(col("o.ts").lt(lit(Timestamp.from(cur.end()))));
    Column pCur = pts.geq(lit(Timestamp.from(cur.start()))).and(pts.lt(lit(Timestamp.from(cur.end()))));
    Column pRef = lit(false);
    for (Window w : refs) {
      pRef = pRef.or(pts.geq(lit(Timestamp.from(w.start()))).and(pts.lt(lit(Timestamp.from(w.end())))));
    }
    // side: 0 reference, 1 window, 2 orphan outcome of the window, 3 not evaluated (other time or status)
    Column side = when(col("p_pid").isNull(), when(inCur, 2).otherwise(3))
        .when(col("p_status").equalTo("ok").and(pCur), 1)
        .when(col("p_status").equalTo("ok").and(pRef), 0)
        .otherwise(3);
    Dataset<Row> j = o.join(pr, col("o_tenant").equalTo(col("p_tenant")).and(col("o_pid").equalTo(col("p_pid"))), "left")
        .select(col("o_tenant").as("tenant_id"), coalesce(col("p_model"), col("o.model_id"), lit("")).as("model_id"),
            coalesce(col("p_version"), lit("")).as("model_version"), side.as("side"), col("prediction"),
            col("predicted_class"), col("o.actual").as("y"), col("o.actual_class").as("yc"), inCur.as("in_cur"),
            col("p_pid").isNotNull().and(col("o.model_id").notEqual(col("p_model"))).as("mismatch"))
        .filter(col("side").notEqual(3).or(col("in_cur")));
    // the same definitions as io.vigia.common.stats.ErrorMetrics.add (finite pairs only)
    Column valid = expr("side IN (0, 1) AND y IS NOT NULL AND prediction IS NOT NULL AND NOT isnan(y) "
        + "AND NOT isnan(prediction) AND abs(y) != double('Infinity') AND abs(prediction) != double('Infinity')");
    Column e = abs(col("y").minus(col("prediction")));
    Column den = abs(col("y")).plus(abs(col("prediction")));
    Column labeled = expr("side IN (0, 1) AND yc IS NOT NULL AND predicted_class IS NOT NULL");
    List<Row> rows = j.groupBy(gcols("side")).agg(
        sum(when(valid, 1L).otherwise(0L)),
        sum(when(valid, e)),
        sum(when(valid, e.multiply(e))),
        sum(when(valid.and(col("y").notEqual(0)), 1L).otherwise(0L)),
        sum(when(valid.and(col("y").notEqual(0)), e.divide(abs(col("y"))))),
        sum(when(valid.and(col("y").equalTo(0)), 1L).otherwise(0L)),
        sum(when(valid, when(den.equalTo(0), 0.0).otherwise(e.multiply(2).divide(den)))),
        sum(when(labeled, 1L).otherwise(0L)),
        sum(when(labeled.and(col("yc").equalTo(col("predicted_class"))), 1L).otherwise(0L)),
        sum(when(col("in_cur"), 1L).otherwise(0L)),
        sum(when(col("in_cur").and(col("mismatch")), 1L).otherwise(0L)))
        .collectAsList();
    for (Row r : rows) {
      int sd = r.getInt(3);
      String tm = r.getString(0) + '\u0001' + r.getString(1);
      long inWindow = r.getLong(13);
      long[] orphan = q.orphans.computeIfAbsent(tm, k -> new long[2]);
      orphan[0] += inWindow;
      if (sd == 2) {
        orphan[1] += inWindow;
        continue;
      }
      if (r.getLong(14) > 0) {
        q.mismatched.merge(gkey(r), r.getLong(14), Long::sum);
      }
      if (sd == 3) {
        continue;
      }
      double[] v = new double[9];
      for (int i = 0; i < 9; i++) {
        v[i] = r.isNullAt(4 + i) ? 0 : ((Number) r.get(4 + i)).doubleValue();
      }
      out.computeIfAbsent(gkey(r), k -> new double[2][])[sd == 0 ? 0 : 1] = v;
    }
    return out;
  }

  /** Lines of prediction events quarantined by ingest on the window's landing dates, by model and reason. */
  private void quarantined(JobContext ctx, Window cur, Quality q) {
    String path = IngestJob.quarantinePath(ctx);
    if (!DeltaTable.isDeltaTable(ctx.spark(), path)) {
      return;
    }
    ctx.describe("quarantine counts");
    Dataset<Row> qr = ctx.spark().read().format("delta").load(path)
        .filter(col("dt").geq(lit(java.sql.Date.valueOf(cur.firstDate())))
            .and(col("dt").lt(lit(java.sql.Date.valueOf(cur.endDateExclusive())))))
        .filter(col("event_type").equalTo("prediction").and(col("tenant_id").isNotNull())
            .and(not(col("reason").startsWith("duplicate_event_id"))));
    if (ctx.tenant().isPresent()) {
      qr = qr.filter(col("tenant_id").equalTo(ctx.tenant().get()));
    }
    for (Row r : qr.groupBy(col("tenant_id"), regexp_extract(col("raw_line"), MODEL_ID_RE, 1).as("model"), col("reason"))
        .agg(count(lit(1))).collectAsList()) {
      if (r.getString(1).isEmpty()) {
        q.unattributed.merge(r.getString(0), r.getLong(3), Long::sum);
      } else {
        q.quarantined.computeIfAbsent(r.getString(0) + '\u0001' + r.getString(1), k -> new TreeMap<>())
            .merge(r.getString(2), r.getLong(3), Long::sum);
      }
    }
  }

  private static final String MODEL_ID_RE = "\"model_id\"\\s*:\\s*\"([^\"\\\\]{1,200})\"";

  private record Perf(long n, double mae, double rmse, double mape, double smape, double accuracy, long zeroActuals,
      long labeled) {
    static Perf of(double[] v) {
      if (v == null) {
        return new Perf(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0);
      }
      long n = (long) v[0];
      long labeled = (long) v[7];
      return new Perf(Math.max(n, labeled), n == 0 ? Double.NaN : v[1] / n, n == 0 ? Double.NaN : Math.sqrt(v[2] / n),
          v[3] == 0 ? Double.NaN : v[4] / v[3], n == 0 ? Double.NaN : v[6] / n,
          labeled == 0 ? Double.NaN : v[8] / labeled, (long) v[5], labeled);
    }
  }

  private JobResult assemble(JobContext ctx, Settings s, Window cur, List<Window> refs, long eventsIn,
      Map<String, Moments[]> moments, Map<String, long[]> sizes, Map<String, Row> ksByKey, Map<String, long[][]> bins,
      Map<String, Map<String, long[]>> cats, Map<String, double[][]> perf, Quality quality) {
    long minN = s.driftMinSampleSize;
    double alpha = s.driftFdrAlpha;
    Window ref = new Window(refs.get(0).start(), refs.get(refs.size() - 1).end());
    Timestamp ws = Timestamp.from(cur.start());
    Timestamp we = Timestamp.from(cur.end());
    Timestamp rs = Timestamp.from(ref.start());
    Timestamp re = Timestamp.from(ref.end());
    List<Row> modelRows = new ArrayList<>();
    List<Row> featureRows = new ArrayList<>();
    Alerts alerts = new Alerts(ctx, cur, s);
    Map<String, ModelQuality> mq = new TreeMap<>();
    int drifted = 0;

    // feature names per group, numeric and categorical (a name may come as both: bad input)
    Map<String, java.util.TreeSet<String>> featureNames = new HashMap<>();
    for (String k : sizes.keySet()) {
      int i = k.lastIndexOf('\u0001');
      if (!k.substring(i + 1).equals(PREDICTION)) {
        featureNames.computeIfAbsent(k.substring(0, i), x -> new java.util.TreeSet<>()).add(k.substring(i + 1));
      }
    }
    for (String k : cats.keySet()) {
      int i = k.lastIndexOf('\u0001');
      featureNames.computeIfAbsent(k.substring(0, i), x -> new java.util.TreeSet<>()).add(k.substring(i + 1));
    }

    for (Map.Entry<String, Moments[]> me : moments.entrySet()) {
      String g = me.getKey();
      String[] parts = g.split("\u0001", -1);
      Moments mRef = me.getValue()[0];
      Moments mCur = me.getValue()[1];
      boolean modelSufficient = mRef.n() >= minN && mCur.n() >= minN;
      ModelQuality q = mq.computeIfAbsent(parts[0] + '\u0001' + parts[1], k -> new ModelQuality());
      q.predictions += mCur.n();
      q.referencePredictions += mRef.n();

      // ---- features of this model: the kind is what most of its values are (numbers or strings);
      // values of the other type are counted as wrong_type and left out of the tests.
      List<Object[]> feats = new ArrayList<>();   // {name, kind, nRef, nCur, D, ksP, psi, chi2P, testP, details}
      for (String f : featureNames.getOrDefault(g, new java.util.TreeSet<>())) {
        String key = g + '\u0001' + f;
        long[] n = sizes.getOrDefault(key, new long[4]);   // numeric {ref, cur, nanRef, nanCur}
        long catRef = 0;
        long catCur = 0;
        for (long[] v : cats.getOrDefault(key, Map.of()).values()) {
          catRef += v[0];
          catCur += v[1];
        }
        long numRef = n[0] + n[2];
        long numCur = n[1] + n[3];
        boolean numeric = numRef + numCur >= catRef + catCur;
        long wrongRef = numeric ? catRef : numRef;
        long wrongCur = numeric ? catCur : numCur;
        long missingRef = Math.max(0, mRef.n() - numRef - catRef);
        long missingCur = Math.max(0, mCur.n() - numCur - catCur);
        q.add(f, missingCur, wrongCur, numeric ? n[3] : 0, numeric);
        String fq = String.format(Locale.ROOT, "\"missing_reference\":%d,\"missing_current\":%d,"
            + "\"wrong_type_reference\":%d,\"wrong_type_current\":%d", missingRef, missingCur, wrongRef, wrongCur);
        if (numeric) {
          Row k = ksByKey.get(key);
          double d = k == null || k.isNullAt(3) ? Double.NaN : k.getDouble(3);
          double pv = k == null || k.isNullAt(4) ? Double.NaN : k.getDouble(4);
          long[][] b = bins.get(key);
          double psi = b == null || n[0] == 0 || n[1] == 0 ? Double.NaN : PopulationStabilityIndex.fromCounts(b[0], b[1]);
          String det = String.format(Locale.ROOT, "{\"nan_reference\":%d,\"nan_current\":%d,\"n_bins\":%d,"
              + "\"ks_method\":%s,\"bins_reference\":%s,\"bins_current\":%s,%s}", n[2], n[3], b == null ? 0 : b[0].length,
              k == null || k.isNullAt(5) ? "null" : "\"" + k.getString(5) + "\"", b == null ? "[]" : arr(b[0]),
              b == null ? "[]" : arr(b[1]), fq);
          feats.add(new Object[] {f, "numeric", n[0], n[1], d, pv, psi, Double.NaN, pv, det});
        } else {
          Map<String, Long> r = new TreeMap<>();
          Map<String, Long> c = new TreeMap<>();
          cats.get(key).forEach((cat, v) -> {
            r.put(cat, v[0]);
            c.put(cat, v[1]);
          });
          double psi = catRef == 0 || catCur == 0 ? Double.NaN : PopulationStabilityIndex.categorical(r, c);
          double chi = catRef == 0 || catCur == 0 ? Double.NaN : ChiSquared.homogeneity(r, c).pValue();
          String det = String.format(Locale.ROOT, "{\"categories\":%d,%s}", r.size(), fq);
          feats.add(new Object[] {f, "categorical", catRef, catCur, Double.NaN, Double.NaN, psi, chi, chi, det});
        }
      }
      double[] testP = new double[feats.size()];
      for (int i = 0; i < feats.size(); i++) {
        Object[] fr = feats.get(i);
        boolean sufficient = (long) fr[2] >= minN && (long) fr[3] >= minN;
        double pv = (double) fr[8];
        testP[i] = sufficient && !Double.isNaN(pv) ? Math.max(0, Math.min(1, pv)) : Double.NaN;
      }
      double[] adj = BenjaminiHochberg.adjust(testP);
      double data = Double.NaN;
      int featuresDrifted = 0;
      for (int i = 0; i < feats.size(); i++) {
        Object[] fr = feats.get(i);
        boolean sufficient = (long) fr[2] >= minN && (long) fr[3] >= minN;
        double d = (double) fr[4];
        double psi = (double) fr[6];
        boolean significant = sufficient && !Double.isNaN(adj[i]) && adj[i] <= alpha;
        boolean exceeds = (!Double.isNaN(d) && d > s.driftKsThreshold) || (!Double.isNaN(psi) && psi > s.driftPsiThreshold);
        boolean isDrifted = significant && exceeds;
        if (sufficient) {
          double score = Math.max(nz(DriftScores.ramp(d, s.driftKsThreshold)), nz(DriftScores.ramp(psi, s.driftPsiThreshold)));
          data = Math.max(nz(data), significant ? score : 0);
        }
        if (isDrifted) {
          featuresDrifted++;
        }
        featureRows.add(RowFactory.create(parts[0], parts[1], parts[2], ws, we, fr[0], fr[1], fr[2], fr[3],
            n2(d), n2((double) fr[5]), n2(psi), n2((double) fr[7]), isDrifted, n2(adj[i]), !sufficient, fr[9]));
      }
      drifted += featuresDrifted;

      // ---- prediction drift
      Row pk = ksByKey.get(g + '\u0001' + PREDICTION);
      long[][] pb = bins.get(g + '\u0001' + PREDICTION);
      double predD = pk == null || pk.isNullAt(3) ? Double.NaN : pk.getDouble(3);
      double predP = pk == null || pk.isNullAt(4) ? Double.NaN : pk.getDouble(4);
      double predPsi = pb == null || mRef.n() == 0 || mCur.n() == 0 ? Double.NaN
          : PopulationStabilityIndex.fromCounts(pb[0], pb[1]);
      WelchTTest.Result welch = WelchTTest.test(mCur, mRef);
      VarianceRatioTest.Result fTest = VarianceRatioTest.test(mCur, mRef);
      double prediction = !modelSufficient || Double.isNaN(predD) ? Double.NaN
          : predP <= alpha ? DriftScores.ramp(predD, s.driftKsThreshold) : 0;
      if (!modelSufficient) {
        data = Double.NaN;
      }

      // ---- performance and concept drift
      double[][] pv = perf.getOrDefault(g, new double[2][]);
      Perf pRef = Perf.of(pv[0]);
      Perf pCur = Perf.of(pv[1]);
      q.outcomesUsed += pCur.n();
      q.mismatched += quality.mismatched.getOrDefault(g, 0L);
      boolean classifier = pCur.labeled() > 0 || pRef.labeled() > 0;
      double mapeCur = classifier ? Double.NaN : pCur.mape();
      double mapeRef = classifier ? Double.NaN : pRef.mape();
      double smapeCur = classifier ? Double.NaN : pCur.smape();
      boolean perfSufficient = pRef.n() >= minN && pCur.n() >= minN;
      double concept = perfSufficient ? DriftScores.concept(mapeCur, mapeRef, pCur.accuracy(), pRef.accuracy(),
          s.driftMapeThreshold, s.driftAccuracyThreshold) : Double.NaN;
      double score = DriftScores.combine(concept, data, prediction);

      // ---- alerts
      List<String> actions = new ArrayList<>();
      if (modelSufficient && !Double.isNaN(score) && score > 0.4) {
        boolean critical = score > 0.7;
        String det = String.format(Locale.ROOT, "{\"data_drift_score\":%s,\"concept_drift_score\":%s,"
                + "\"prediction_drift_score\":%s,\"features_drifted\":%d,\"features_monitored\":%d}",
            js(data), js(concept), js(prediction), featuresDrifted, feats.size());
        actions.add(alerts.raise(parts[0], parts[1], parts[2], "drift_detected", critical ? "critical" : "high", score,
            det, critical, cur.end().plus(Duration.ofDays(critical ? 1 : 7))));
      } else if (modelSufficient && featuresDrifted > 0) {
        // Features drifted but neither the predictions nor the performance moved: the weighted score
        // stays <= 0.35 (data's weight) and would never pass 0.4, so covariate drift alone would go
        // unreported. It is a medium drift_detected alert without a retraining deadline.
        String det = String.format(Locale.ROOT, "{\"data_drift_score\":%s,\"concept_drift_score\":%s,"
                + "\"prediction_drift_score\":%s,\"features_drifted\":%d,\"features_monitored\":%d,"
                + "\"note\":\"features drifted; predictions and performance did not move enough for a drift score above 0.4\"}",
            js(data), js(concept), js(prediction), featuresDrifted, feats.size());
        actions.add(alerts.raise(parts[0], parts[1], parts[2], "drift_detected", "medium", n2(score), det, false, null));
      }
      if (modelSufficient && perfSufficient) {
        double mapeRise = Double.isNaN(mapeCur) || Double.isNaN(mapeRef) || mapeRef <= 0 ? Double.NaN
            : (mapeCur - mapeRef) / mapeRef;
        double accDrop = Double.isNaN(pCur.accuracy()) || Double.isNaN(pRef.accuracy()) || pRef.accuracy() <= 0
            ? Double.NaN : (pRef.accuracy() - pCur.accuracy()) / pRef.accuracy();
        double over = Math.max(nz(mapeRise) / s.driftMapeThreshold, nz(accDrop) / s.driftAccuracyThreshold);
        if (over > 1) {
          String sev = over > 4 ? "critical" : over > 2 ? "high" : "medium";
          String det = String.format(Locale.ROOT, "{\"mape\":%s,\"reference_mape\":%s,\"mape_relative_change\":%s,"
                  + "\"accuracy\":%s,\"reference_accuracy\":%s,\"accuracy_relative_drop\":%s,\"mape_threshold\":%s,"
                  + "\"accuracy_threshold\":%s,\"outcomes_joined\":%d,\"reference_outcomes_joined\":%d}",
              js(mapeCur), js(mapeRef), js(mapeRise), js(pCur.accuracy()), js(pRef.accuracy()), js(accDrop),
              js(s.driftMapeThreshold), js(s.driftAccuracyThreshold), pCur.n(), pRef.n());
          actions.add(alerts.raise(parts[0], parts[1], parts[2], "performance_degradation", sev,
              Double.isNaN(score) ? null : score, det, false, null));
        }
      }

      String details = String.format(Locale.ROOT, "{\"reference_mode\":\"%s\",\"reference_windows\":%s,"
              + "\"features_monitored\":%d,"
              + "\"features_drifted\":%d,\"outcomes_joined\":%d,\"reference_outcomes_joined\":%d,\"zero_actuals\":%d,"
              + "\"classifier\":%s,\"prediction_mean\":%s,\"reference_prediction_mean\":%s,\"welch_t\":%s,"
              + "\"welch_p_value\":%s,\"variance_ratio_f\":%s,\"variance_ratio_p_value\":%s,\"prediction_ks_method\":%s,"
              + "\"sufficient\":%s,\"min_sample_size\":%d,\"outcome_lateness_days\":%d,\"no_reference\":%s,"
              + "\"alerts\":[%s]}",
          s.driftReferenceMode, windowsJson(refs), feats.size(), featuresDrifted, pCur.n(), pRef.n(), pCur.zeroActuals(),
          classifier, js(mCur.mean()), js(mRef.mean()), js(welch.t()), js(welch.pValue()), js(fTest.f()),
          js(fTest.pValue()), pk == null || pk.isNullAt(5) ? "null" : "\"" + pk.getString(5) + "\"", modelSufficient,
          minN, s.driftOutcomeLatenessDays, mRef.n() == 0, String.join(",", actions));
      modelRows.add(RowFactory.create(parts[0], parts[1], parts[2], ws, we, mCur.n(), n2(mapeCur), n2(smapeCur),
          n2(pCur.mae()), n2(pCur.rmse()), n2(pCur.accuracy()), n2(predD), n2(predP), n2(predPsi), n2(data),
          n2(concept), n2(prediction), n2(score), rs, re, mRef.n(), n2(mapeRef), n2(pRef.accuracy()), details));
    }

    // ---- data quality per tenant x model (all versions), including models seen only in bad input
    quality.orphans.forEach((tm, v) -> {
      ModelQuality q = mq.computeIfAbsent(tm, k -> new ModelQuality());
      q.outcomes += v[0];
      q.orphans += v[1];
    });
    quality.quarantined.forEach((tm, reasons) -> mq.computeIfAbsent(tm, k -> new ModelQuality()).quarantined = reasons);
    long[] dq = new long[5];   // models with issues, missing, wrong type, orphans, quarantined
    for (Map.Entry<String, ModelQuality> e : mq.entrySet()) {
      String[] tm = e.getKey().split("\u0001", -1);
      ModelQuality q = e.getValue();
      DataQuality.Verdict v = DataQuality.assess(q, minN, s.driftQualityAlertShare);
      dq[1] += q.missingTotal();
      dq[2] += q.wrongTypeTotal();
      dq[3] += q.orphans;
      dq[4] += q.quarantinedTotal();
      if (v.severity() != null) {
        dq[0]++;
        alerts.raise(tm[0], tm[1], "", "data_quality", v.severity(), null, v.detailsJson(), false, null);
      }
    }
    stageAll(ctx, modelRows, featureRows, alerts.rows());
    String msg = String.format(Locale.ROOT, "%d models (reference %s %s): %d features drifted, alerts %s; "
            + "bad input: %d models flagged, %d missing and %d wrong-type feature values, %d outcomes without "
            + "prediction, %d quarantined prediction lines (+%d without a model_id)", modelRows.size(),
        s.driftReferenceMode, ref, drifted, alerts.summary(), dq[0], dq[1], dq[2], dq[3], dq[4],
        quality.unattributed.values().stream().mapToLong(Long::longValue).sum());
    return JobResult.of(eventsIn, eventsIn, 0, ctx.writer().stagedCounts(), msg);
  }

  private static String windowsJson(List<Window> ws) {
    StringBuilder b = new StringBuilder("[");
    for (Window w : ws) {
      b.append(b.length() == 1 ? "" : ",").append("[\"").append(w.start()).append("\",\"").append(w.end()).append("\"]");
    }
    return b.append(']').toString();
  }

  private void stageAll(JobContext ctx, List<Row> modelRows, List<Row> featureRows, List<Row> alertRows) {
    Window w = ctx.window();
    ctx.writer().replace("model_performance_metrics",
        ctx.spark().createDataFrame(modelRows, MODEL_SCHEMA).coalesce(1),
        Scope.exactWindow("period_start", "period_end", w));
    ctx.writer().replace("feature_drift_metrics",
        ctx.spark().createDataFrame(featureRows, FEATURE_SCHEMA).coalesce(1),
        Scope.exactWindow("period_start", "period_end", w));
    Alerts.stage(ctx, alertRows);
  }

  private static double nz(double x) {
    return Double.isNaN(x) ? 0 : x;
  }

  /** NaN and infinities as NULL (the tables' CHECKs reject NaN). */
  private static Double n2(double x) {
    return Double.isFinite(x) ? x : null;
  }

  private static String js(double x) {
    return Double.isFinite(x) ? Double.toString(x) : "null";
  }

  private static String arr(long[] a) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < a.length; i++) {
      b.append(i == 0 ? "" : ",").append(a[i]);
    }
    return b.append(']').toString();
  }

  private static StructField f(String name, org.apache.spark.sql.types.DataType t, boolean nullable) {
    return DataTypes.createStructField(name, t, nullable);
  }

  static final StructType MODEL_SCHEMA = DataTypes.createStructType(List.of(
      f("tenant_id", DataTypes.StringType, false), f("model_id", DataTypes.StringType, false),
      f("model_version", DataTypes.StringType, false), f("period_start", DataTypes.TimestampType, false),
      f("period_end", DataTypes.TimestampType, false), f("sample_size", DataTypes.LongType, false),
      f("mape", DataTypes.DoubleType, true), f("smape", DataTypes.DoubleType, true), f("mae", DataTypes.DoubleType, true),
      f("rmse", DataTypes.DoubleType, true), f("accuracy", DataTypes.DoubleType, true),
      f("ks_statistic", DataTypes.DoubleType, true), f("ks_p_value", DataTypes.DoubleType, true),
      f("psi", DataTypes.DoubleType, true), f("data_drift_score", DataTypes.DoubleType, true),
      f("concept_drift_score", DataTypes.DoubleType, true), f("prediction_drift_score", DataTypes.DoubleType, true),
      f("drift_score", DataTypes.DoubleType, true), f("reference_start", DataTypes.TimestampType, false),
      f("reference_end", DataTypes.TimestampType, false), f("reference_sample_size", DataTypes.LongType, false),
      f("reference_mape", DataTypes.DoubleType, true), f("reference_accuracy", DataTypes.DoubleType, true),
      f("details", DataTypes.StringType, false)));

  static final StructType FEATURE_SCHEMA = DataTypes.createStructType(List.of(
      f("tenant_id", DataTypes.StringType, false), f("model_id", DataTypes.StringType, false),
      f("model_version", DataTypes.StringType, false), f("period_start", DataTypes.TimestampType, false),
      f("period_end", DataTypes.TimestampType, false), f("feature", DataTypes.StringType, false),
      f("feature_kind", DataTypes.StringType, false), f("reference_count", DataTypes.LongType, false),
      f("current_count", DataTypes.LongType, false), f("ks_statistic", DataTypes.DoubleType, true),
      f("ks_p_value", DataTypes.DoubleType, true), f("psi", DataTypes.DoubleType, true),
      f("chi2_p_value", DataTypes.DoubleType, true), f("drifted", DataTypes.BooleanType, false),
      f("p_value_adjusted", DataTypes.DoubleType, true), f("insufficient_data", DataTypes.BooleanType, false),
      f("details", DataTypes.StringType, false)));
}
