package io.vigia.jobs.drift;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
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
import static org.apache.spark.sql.functions.xxhash64;

import io.vigia.common.job.Window;
import io.vigia.jobs.drift.ModelKey.FeatureKey;
import io.vigia.jobs.drift.ModelKey.TenantModel;
import io.vigia.jobs.drift.PerformanceCounts.OutcomeCounts;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift job's Spark computations: each takes Datasets (of {@link DriftInputs}) and settings, runs
 * its aggregation and returns typed records decoded by column name; none writes anything. Only
 * per-group summaries reach the driver.
 *
 * <p>The predictions are read, never cached or collected, by (1) the {@link #profile}: three narrow
 * aggregations per model x side (x feature (x category)) — the prediction's count and moments,
 * numeric feature value and NaN counts, category counts; (2) the {@link #sortedPass}: one shuffle of the
 * numeric values and predictions by key = xxhash64(tenant, model, version, feature) (a collision
 * between two of a run's keys is detected from the profile and stops the run) that brings every key's
 * values into value order: in memory ({@link SortedRuns}: map-side sorted runs, 8 bytes per value
 * shuffled, merged per key) when the profile says the largest key has at most
 * vigia.drift.in-memory-key-values values, else by one Spark sort of every value row, which spills
 * ({@link SortedFeaturePass}); both feed the same {@link SortedFeaturePass.Group}, which streams a key
 * once for KS, the exact reference quantile cuts and the PSI bin counts.
 */
final class DriftTransforms {
  private static final Logger LOG = LoggerFactory.getLogger(DriftTransforms.class);
  /** The pseudo-feature under which the prediction itself goes through the KS/PSI pass. */
  static final String PREDICTION = "\u0000prediction";

  static final String NUMERIC = "n";
  static final String CATEGORICAL = "c";
  private static final String[] MODEL = {"tenant_id", "model_id", "model_version"};
  /** The row layout the three profile aggregations share. */
  static final String[] PROFILE_COLUMNS = {
    "tenant_id",
    "model_id",
    "model_version",
    "is_ref",
    "kind",
    "feature",
    "category",
    "cnt",
    "valid",
    "nan",
    "mean",
    "var",
    "lo",
    "hi"
  };

  private static final String MODEL_ID_IN_RAW_LINE = "\"model_id\"\\s*:\\s*\"([^\"\\\\]{1,200})\"";

  private DriftTransforms() {}

  /** The model's columns followed by more. */
  private static Column[] byModel(String... more) {
    return Stream.concat(Stream.of(MODEL), Stream.of(more)).map(c -> col(c)).toArray(Column[]::new);
  }

  /**
   * Pass 1 over the predictions ({@link DriftInputs#predictions}' columns): three narrow aggregations
   * over the same input, each codegen'd (no lambdas), in one row layout and one collect.
   */
  static DriftProfile profile(Dataset<Row> predictions) {
    Column noDouble = lit(null).cast(DataTypes.DoubleType);
    Column noString = lit(null).cast(DataTypes.StringType);
    Column prediction = col("prediction").cast(DataTypes.DoubleType);
    Dataset<Row> predictionMoments = predictions
        .groupBy(byModel("is_ref"))
        .agg(
            lit(NUMERIC).as("kind"),
            lit(PREDICTION).as("feature"),
            noString.as("category"),
            count(lit(1)).as("cnt"),
            sum(when(prediction.isNotNull().and(not(isnan(prediction))), 1L).otherwise(0L))
                .as("valid"),
            sum(when(isnan(prediction), 1L).otherwise(0L)).as("nan"),
            avg(prediction).as("mean"),
            var_samp(prediction).as("var"),
            min(prediction).as("lo"),
            max(prediction).as("hi"));
    Column value = col("value").cast(DataTypes.DoubleType);
    Dataset<Row> numericCounts = predictions
        .select(
            col("tenant_id"),
            col("model_id"),
            col("model_version"),
            col("is_ref"),
            explode(col("features_num")).as(new String[] {"feature", "value"}))
        .filter(col("value").isNotNull())
        .groupBy(byModel("is_ref", "feature"))
        .agg(
            lit(NUMERIC).as("kind"),
            noString.as("category"),
            count(lit(1)).as("cnt"),
            sum(when(not(isnan(value)), 1L).otherwise(0L)).as("valid"),
            sum(when(isnan(value), 1L).otherwise(0L)).as("nan"),
            noDouble.as("mean"),
            noDouble.as("var"),
            noDouble.as("lo"),
            noDouble.as("hi"));
    Dataset<Row> categoryCounts = predictions
        .select(
            col("tenant_id"),
            col("model_id"),
            col("model_version"),
            col("is_ref"),
            explode(col("features_cat")).as(new String[] {"feature", "category"}))
        .filter(col("category").isNotNull())
        .groupBy(byModel("is_ref", "feature", "category"))
        .agg(
            lit(CATEGORICAL).as("kind"),
            count(lit(1)).as("cnt"),
            lit(0L).as("valid"),
            lit(0L).as("nan"),
            noDouble.as("mean"),
            noDouble.as("var"),
            noDouble.as("lo"),
            noDouble.as("hi"));
    long started = System.nanoTime();
    DriftProfile profile = DriftProfile.of(predictionMoments
        .selectExpr(PROFILE_COLUMNS)
        .unionAll(numericCounts.selectExpr(PROFILE_COLUMNS))
        .unionAll(categoryCounts.selectExpr(PROFILE_COLUMNS))
        .withColumn("key", sortKey())
        .collectAsList());
    LOG.info(
        "drift: profile of {} events, {} models, {} numeric and {} categorical feature keys in {} s",
        profile.predictionEvents(),
        profile.models.size(),
        profile.numeric.size(),
        profile.categories.size(),
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return profile;
  }

  private static Column sortKey() {
    return xxhash64(col("tenant_id"), col("model_id"), col("model_version"), col("feature"));
  }

  /**
   * Pass 2: one shuffle, every numeric feature's (and the prediction's) values in one partition sorted
   * by value, one streaming pass each: KS, quantile cuts and PSI bins per feature.
   */
  static Map<FeatureKey, SortedPassResult> sortedPass(
      Dataset<Row> predictions, DriftProfile profile, int nBins, long inMemoryKeyValues) {
    // a NULL map is no values (coalesce to an empty array), the prediction rides along as one more
    // entry
    Column entries = concat(
        expr("coalesce(map_entries(features_num), array())"),
        array(struct(
            lit(PREDICTION).as("key"),
            col("prediction").cast(DataTypes.DoubleType).as("value"))));
    Dataset<Row> values = predictions
        .select(
            col("tenant_id"),
            col("model_id"),
            col("model_version"),
            col("is_ref"),
            explode(entries).as("e"))
        .select(
            col("tenant_id"),
            col("model_id"),
            col("model_version"),
            col("is_ref"),
            col("e.key").as("feature"),
            col("e.value").as("value"))
        .filter(col("value").isNotNull().and(not(isnan(col("value")))))
        .select(sortKey().as("key"), col("value"), col("is_ref"));
    long largest = profile.largestFeatureValues();
    boolean inMemory = largest <= inMemoryKeyValues;
    LOG.info(
        "drift: largest feature has {} values in the two windows; {}",
        largest,
        inMemory
            ? "sorting per key in memory (map-side sorted runs, vigia.drift.in-memory-key-values = "
                + inMemoryKeyValues + ")"
            : "over vigia.drift.in-memory-key-values = " + inMemoryKeyValues
                + ": one Spark sort of every value (spills to disk)");
    Dataset<Row> perKey = inMemory
        ? values
            .mapPartitions(SortedRuns.mapSide(), Encoders.row(SortedRuns.RUN_SCHEMA))
            .repartition(col("key"))
            .sortWithinPartitions(col("key"))
            .mapPartitions(
                SortedRuns.reduceSide(profile.referenceSizeBySortKey, nBins),
                Encoders.row(SortedFeaturePass.SCHEMA))
        : values
            .repartition(col("key"))
            .sortWithinPartitions(col("key"), col("value"))
            .mapPartitions(
                new SortedFeaturePass(profile.referenceSizeBySortKey, nBins),
                Encoders.row(SortedFeaturePass.SCHEMA));
    Map<FeatureKey, SortedPassResult> results = new HashMap<>();
    for (Row r : perKey.collectAsList()) {
      long key = r.<Long>getAs("key");
      FeatureKey feature = profile.featureBySortKey.get(key);
      if (feature == null) {
        throw new IllegalStateException(
            "drift: sorted pass returned key " + key + " the profile never saw");
      }
      results.put(feature, SortedPassResult.of(r));
    }
    return results;
  }

  /**
   * Error sums per model and side, and the outcome counts for data quality, from the joined rows
   * ({@link #joinedOutcomes}; null when outcomes or predictions were never ingested): an outcome of the window that matches none is an orphan (counted
   * per tenant x outcome model_id, never used); one that matches a prediction of another model_id is
   * counted as mismatched (the prediction_id decides which model it scores). Null inputs (never
   * ingested) give no counts.
   */
  static PerformanceCounts performance(Dataset<Row> joined) {
    if (joined == null) {
      return PerformanceCounts.NONE;
    }
    List<Column> aggregates =
        new ArrayList<>(List.of(ErrorSums.aggregations(expr("side IN (0, 1)"))));
    aggregates.add(sum(when(col("in_cur"), 1L).otherwise(0L)).as("outcomes_in_window"));
    aggregates.add(
        sum(when(col("in_cur").and(col("mismatch")), 1L).otherwise(0L)).as("mismatched_in_window"));
    List<Row> rows = joined
        .groupBy(byModel("side"))
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
        .collectAsList();
    Map<ModelKey, ErrorSums> reference = new HashMap<>();
    Map<ModelKey, ErrorSums> current = new HashMap<>();
    Map<TenantModel, OutcomeCounts> outcomeCounts = new TreeMap<>();
    Map<ModelKey, Long> mismatched = new HashMap<>();
    for (Row r : rows) {
      ModelKey model =
          new ModelKey(r.getAs("tenant_id"), r.getAs("model_id"), r.getAs("model_version"));
      int rowSide = r.<Integer>getAs("side");
      long inWindow = r.<Long>getAs("outcomes_in_window");
      outcomeCounts.merge(
          model.tenantModel(),
          new OutcomeCounts(inWindow, rowSide == 2 ? inWindow : 0),
          OutcomeCounts::plus);
      if (rowSide == 2) {
        continue;
      }
      long mismatchedInWindow = r.<Long>getAs("mismatched_in_window");
      if (mismatchedInWindow > 0) {
        mismatched.merge(model, mismatchedInWindow, Long::sum);
      }
      if (rowSide != 3) {
        (rowSide == 0 ? reference : current).put(model, ErrorSums.of(r));
      }
    }
    return new PerformanceCounts(reference, current, outcomeCounts, mismatched);
  }

  /**
   * The drift job's one reader of predictions joined to their outcomes (the performance counts and the
   * error slices both start here): the latest outcome (by ts) per (tenant, prediction_id) left-joined to
   * the predictions (of any status) landed on the dates the join looks at ({@link DriftInputs}); null
   * when either was never ingested. Columns:
   * tenant_id, model_id (the prediction's, else the outcome's), model_version, side (0 reference, 1
   * window, 2 orphan outcome of the window, 3 not evaluated: other time or status), prediction,
   * predicted_class, y, yc (actual and actual_class), features_num, features_cat, prediction_id,
   * in_cur (the outcome's ts lies in the window) and mismatch (outcome and prediction name different
   * models); rows of side 3 only when in_cur.
   */
  static Dataset<Row> joinedOutcomes(
      Dataset<Row> outcomes,
      Dataset<Row> landedPredictions,
      Window window,
      List<Window> references) {
    if (outcomes == null || landedPredictions == null) {
      return null;
    }
    Dataset<Row> latestOutcome = outcomes
        .groupBy(col("tenant_id").as("o_tenant"), col("prediction_id").as("o_pid"))
        .agg(max(struct(col("ts"), col("actual"), col("actual_class"), col("model_id")))
            .as("o"));
    Dataset<Row> scored = landedPredictions.select(
        col("tenant_id").as("p_tenant"),
        col("prediction_id").as("p_pid"),
        col("model_id").as("p_model"),
        coalesce(col("model_version"), lit("")).as("p_version"),
        col("ts").as("p_ts"),
        col("status").as("p_status"),
        col("prediction"),
        col("predicted_class"),
        col("features_num"),
        col("features_cat"));
    Column outcomeInWindow = within(col("o.ts"), window);
    Column predictionInWindow = within(col("p_ts"), window);
    Column predictionInReference = lit(false);
    for (Window w : references) {
      predictionInReference = predictionInReference.or(within(col("p_ts"), w));
    }
    // side: 0 reference, 1 window, 2 orphan outcome of the window, 3 not evaluated (other time or
    // status)
    Column side = when(col("p_pid").isNull(), when(outcomeInWindow, 2).otherwise(3))
        .when(col("p_status").equalTo("ok").and(predictionInWindow), 1)
        .when(col("p_status").equalTo("ok").and(predictionInReference), 0)
        .otherwise(3);
    return latestOutcome
        .join(
            scored,
            col("o_tenant").equalTo(col("p_tenant")).and(col("o_pid").equalTo(col("p_pid"))),
            "left")
        .select(
            col("o_tenant").as("tenant_id"),
            coalesce(col("p_model"), col("o.model_id"), lit("")).as("model_id"),
            coalesce(col("p_version"), lit("")).as("model_version"),
            side.as("side"),
            col("prediction"),
            col("predicted_class"),
            col("o.actual").as("y"),
            col("o.actual_class").as("yc"),
            col("features_num"),
            col("features_cat"),
            col("p_pid").as("prediction_id"),
            outcomeInWindow.as("in_cur"),
            col("p_pid")
                .isNotNull()
                .and(col("o.model_id").notEqual(col("p_model")))
                .as("mismatch"))
        .filter(col("side").notEqual(3).or(col("in_cur")));
  }

  private static Column within(Column ts, Window w) {
    return ts.geq(lit(Timestamp.from(w.start()))).and(ts.lt(lit(Timestamp.from(w.end()))));
  }

  /**
   * Quarantined prediction lines ({@link DriftInputs#quarantine}; null = none) per tenant, model and
   * reason, the model_id read from the raw JSON line (empty when it cannot be read: unattributed).
   */
  static QuarantineCounts quarantine(Dataset<Row> quarantinedLines) {
    if (quarantinedLines == null) {
      return QuarantineCounts.NONE;
    }
    Map<TenantModel, SortedMap<String, Long>> byModel = new TreeMap<>();
    Map<String, Long> unattributed = new TreeMap<>();
    for (Row r : quarantinedLines
        .groupBy(
            col("tenant_id"),
            regexp_extract(col("raw_line"), MODEL_ID_IN_RAW_LINE, 1).as("model_id"),
            col("reason"))
        .agg(count(lit(1)).as("lines"))
        .collectAsList()) {
      String tenant = r.getAs("tenant_id");
      String model = r.getAs("model_id");
      long lines = r.<Long>getAs("lines");
      if (model.isEmpty()) {
        unattributed.merge(tenant, lines, Long::sum);
      } else {
        byModel
            .computeIfAbsent(new TenantModel(tenant, model), k -> new TreeMap<>())
            .merge(r.getAs("reason"), lines, Long::sum);
      }
    }
    return new QuarantineCounts(byModel, unattributed);
  }

  /** The profile, the sorted pass and the error sums gathered per model, in model order. */
  static List<ModelDriftInput> modelInputs(
      DriftProfile profile,
      Map<FeatureKey, SortedPassResult> sortedPass,
      PerformanceCounts performance) {
    Map<ModelKey, TreeSet<String>> featureNames = profile.featureNamesByModel();
    List<ModelDriftInput> models = new ArrayList<>();
    for (ModelWindowStats stats : profile.models.values()) {
      ModelKey model = stats.model();
      List<FeatureDriftInput> features = new ArrayList<>();
      for (String name : featureNames.getOrDefault(model, new TreeSet<>())) {
        FeatureKey key = model.feature(name);
        features.add(new FeatureDriftInput(
            name,
            profile.numeric.getOrDefault(key, NumericCounts.NONE),
            profile.categories.getOrDefault(key, new TreeMap<>()),
            sortedPass.get(key)));
      }
      models.add(new ModelDriftInput(
          stats,
          features,
          sortedPass.get(model.feature(PREDICTION)),
          performance.reference().get(model),
          performance.current().get(model),
          performance.mismatched().getOrDefault(model, 0L)));
    }
    return models;
  }
}
