package io.vigia.jobs.drift;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_samp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.vigia.common.job.JobContext;
import io.vigia.common.job.SideBySide;
import io.vigia.common.settings.DriftSettings.SliceError;
import io.vigia.common.settings.DriftSettings.Slices;
import io.vigia.common.spark.ModelRows;
import io.vigia.common.stats.Moments;
import io.vigia.common.stats.MultipleTesting;
import io.vigia.common.stats.WelchTTest;
import io.vigia.jobs.drift.ModelKey.TenantModel;
import io.vigia.jobs.drift.SliceTree.Feature;
import io.vigia.jobs.drift.SliceTree.Slice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error slices (docs/jobs/drift.md#error-slices): per tenant x model with at least
 * vigia.drift.slices.min-outcomes joined outcomes in the window, an MLlib decision tree (regression,
 * variance impurity) over the model's features is fitted to its per-row error, and its leaves are read
 * as slices ({@link SliceTree}), after honest pruning ({@link SliceTree#pruned}: sibling leaves whose
 * held-out errors do not differ are merged back); a split must explain at least min-gain-share of the error variance
 * (MLlib minInfoGain), or noise would cut one slice into pieces. Each leaf with at least min-support rows is tested against the rest of
 * the model's rows (one-sided Welch t-test, {@link WelchTTest#test(Moments, Moments)}), the p-values
 * adjusted across the model's tested leaves ({@link MultipleTesting#benjaminiHochberg}); a slice is kept
 * when its adjusted p is at most vigia.drift.slices.alpha.
 *
 * <p>Honest estimation (Athey and Imbens 2016): a tree chosen on some rows finds its own noise, so the
 * tree is fitted on half the rows (pmod(xxhash64(prediction_id), 2) = 0, the same half every run) and the
 * p-values come from the other half only. Support, share and the errors reported are over all the rows.
 *
 * <p>Error per row: 0/1 misclassification for a classifier (its outcomes carry class labels, as in
 * {@link Performance}), else |y - yhat| / |y| over y != 0 (MAPE's term, error = relative) or |y - yhat|
 * (error = absolute). Numeric features enter as they are (a row without one of the model's numeric
 * features, or with NaN, is left out), categorical ones through StringIndexer (an absent value is the
 * category {@link SliceTree#MISSING}; handleInvalid = keep, though the indexer is fitted on the very rows
 * it indexes, so its extra bucket stays empty and is never shown); a categorical feature
 * with more than {@link #MAX_CATEGORIES} values is left out of the tree.
 *
 * <p>One fit per tenant x model, in a loop on the driver over filtered Datasets: MLlib has no grouped
 * fit (a tree is a sequence of distributed aggregations, not a function to map over groups), and each
 * model has its own features, indexer and vector. The window's joined rows are persisted once, so each
 * fit reads memory rather than Delta, and only the fitted tree and per-leaf moments reach the driver.
 * The number of fits is the number of tenant x model pairs with enough outcomes (tens to hundreds).
 */
public final class ErrorSlices {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorSlices.class);
  static final int MAX_CATEGORIES = 64;
  static final long SEED = 20L;
  /** Trees fitted at once (driver threads; each fit's tasks share the executors). */
  static final int FITS_SIDE_BY_SIDE = 4;
  /** A model's rows get one partition per this many scored rows ({@link ModelRows}). */
  static final long ROWS_PER_PARTITION = 100_000;

  private ErrorSlices() {}

  /** What a slice's error is. */
  enum Metric {
    ABSOLUTE_ERROR,
    RELATIVE_ERROR,
    MISCLASSIFICATION;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The per-row error column over {@link DriftTransforms#joinedOutcomes}' columns (NULL: not scored). */
    Column error() {
      return switch (this) {
        case ABSOLUTE_ERROR -> when(ErrorSums.finitePair(), ErrorSums.absoluteError());
        case RELATIVE_ERROR -> ErrorSums.relativeError();
        case MISCLASSIFICATION ->
          when(
              ErrorSums.labeledPair(),
              when(col("yc").equalTo(col("predicted_class")), 0.0).otherwise(1.0));
      };
    }

    /** The regression metric of the setting. */
    static Metric of(SliceError e) {
      return e == SliceError.ABSOLUTE ? ABSOLUTE_ERROR : RELATIVE_ERROR;
    }
  }

  /** A tenant x model to fit: its metric, joined outcomes with an error, their variance, feature names. */
  record Candidate(
      TenantModel model,
      Metric metric,
      long outcomes,
      double errorVariance,
      List<String> numeric,
      List<String> categorical) {}

  /** One leaf's error moments on the fitting half and on the held-out half. */
  record LeafErrors(int leaf, Moments fit, Moments heldOut) {
    static LeafErrors empty(int leaf) {
      return new LeafErrors(leaf, new Moments(), new Moments());
    }

    Moments all() {
      return copy(fit).merge(heldOut);
    }

    /** Both leaves' rows, under this leaf's index. */
    LeafErrors plus(LeafErrors o) {
      return new LeafErrors(leaf, copy(fit).merge(o.fit), copy(heldOut).merge(o.heldOut));
    }
  }

  /** The tree of one model (its features in vector order) and the moments of its leaves. */
  record Fitted(List<Feature> features, DecisionTreeRegressionModel tree, List<LeafErrors> leaves) {
    /** Every leaf, as MLlib fitted it. */
    List<Slice> slices() {
      return SliceTree.slices(tree.rootNode(), features);
    }

    /** The leaves after honest pruning ({@link SliceTree#pruned}) at the given level. */
    List<SliceTree.Pruned> pruned(double alpha) {
      Map<Integer, LeafErrors> byLeaf = new TreeMap<>();
      leaves.forEach(l -> byLeaf.put(l.leaf(), l));
      return SliceTree.pruned(tree.rootNode(), features, byLeaf, alpha);
    }
  }

  /** A significant slice of a model. */
  public record Found(
      TenantModel model,
      Metric metric,
      Slice slice,
      long support,
      long outcomes,
      double errorInSlice,
      double errorRest,
      double t,
      double pValue,
      double pAdjusted,
      int tested) {
    double share() {
      return (double) support / outcomes;
    }

    /** One line: "t001/demand-forecast: relative_error 0.30 in store_region = norte and price > 120, 0.05 elsewhere: 8 % of rows". */
    public String text() {
      return String.format(
          Locale.ROOT,
          "%s/%s: %s %.3f in %s, %.3f elsewhere: %.1f %% of %,d rows (p adjusted %.2g)",
          model.tenant(),
          model.model(),
          metric.wire(),
          errorInSlice,
          slice.text(),
          errorRest,
          100 * share(),
          outcomes,
          pAdjusted);
    }
  }

  /**
   * Every significant slice of every tenant x model with enough joined outcomes in the window, from the
   * drift job's joined rows ({@link DriftTransforms#joinedOutcomes}; null: nothing ingested).
   */
  static List<Found> find(
      JobContext ctx, Dataset<Row> joined, PerformanceCounts performance, Slices s) {
    // anyCanFit asks Slices.fits, which is false when vigia.drift.slices.enabled is off
    if (joined == null || !anyCanFit(performance, s)) {
      return List.of();
    }
    return search(windowRows(joined), s, ctx::describe);
  }

  /**
   * Every significant slice of every tenant x model with enough scored rows among the window's rows
   * (the columns of {@link #windowRows}); {@code describe} names each Spark step (the job's
   * description). The drift job's step; public for the benchmark, which feeds it generated rows.
   */
  public static List<Found> search(Dataset<Row> windowRows, Slices s, Consumer<String> describe) {
    long started = System.nanoTime();
    Dataset<Row> window = windowRows.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      describe.accept("error slices: candidates");
      List<Candidate> candidates = candidates(window, s);
      // one tree per model, independent: fitted side by side (a small fit is mostly driver-side
      // work)
      List<Found> found = new ArrayList<>();
      SideBySide.map(candidates, FITS_SIDE_BY_SIDE, "error slices", c -> {
            describe.accept(
                "error slices: tree of " + c.model().tenant() + "/" + c.model().model());
            Fitted fitted = fit(window, c, s);
            return fitted == null ? List.<Found>of() : assess(c, fitted.pruned(s.alpha()), s);
          })
          .forEach(found::addAll);
      LOG.info(
          "drift: error slices: {} models fitted, {} significant slices in {} s",
          candidates.size(),
          found.size(),
          String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
      return found;
    } finally {
      window.unpersist();
    }
  }

  /**
   * Whether any tenant x model can reach min-outcomes, from the window's error sums the drift job has
   * already counted: a model's scored rows are at most its finite pairs, its labelled ones at most its
   * labelled pairs (all versions together), so when no model's bound reaches min-outcomes the slices
   * step costs no Spark job (most hourly windows).
   */
  static boolean anyCanFit(PerformanceCounts performance, Slices s) {
    Map<TenantModel, long[]> bounds = new HashMap<>();
    performance.current().forEach((key, sums) -> {
      long[] b = bounds.computeIfAbsent(key.tenantModel(), k -> new long[2]);
      b[0] += sums.pairs();
      b[1] += sums.labeled();
    });
    return bounds.values().stream().anyMatch(b -> s.fits(Math.max(b[0], b[1])));
  }

  /** The window's joined rows (side 1) with what a slice needs. */
  static Dataset<Row> windowRows(Dataset<Row> joined) {
    return joined
        .filter(col("side").equalTo(1))
        .select(
            col("tenant_id"),
            col("model_id"),
            col("prediction_id"),
            col("y"),
            col("prediction"),
            col("yc"),
            col("predicted_class"),
            col("features_num"),
            col("features_cat"));
  }

  /** The tenant x model pairs with at least min-outcomes scored rows, in order (one aggregation). */
  static List<Candidate> candidates(Dataset<Row> window, Slices s) {
    Metric regression = Metric.of(s.error());
    List<Candidate> out = new ArrayList<>();
    for (Row r : window
        .groupBy(col("tenant_id"), col("model_id"))
        .agg(
            sum(when(Metric.MISCLASSIFICATION.error().isNotNull(), 1L).otherwise(0L))
                .as("labeled"),
            sum(when(regression.error().isNotNull(), 1L).otherwise(0L)).as("scored"),
            var_samp(Metric.MISCLASSIFICATION.error()).as("labeled_variance"),
            var_samp(regression.error()).as("scored_variance"),
            array_sort(array_distinct(flatten(collect_set(map_keys(col("features_num"))))))
                .as("numeric"),
            array_sort(array_distinct(flatten(collect_set(map_keys(col("features_cat"))))))
                .as("categorical"))
        .orderBy(col("tenant_id"), col("model_id"))
        .collectAsList()) {
      long labeled = r.<Long>getAs("labeled");
      Metric metric = labeled > 0 ? Metric.MISCLASSIFICATION : regression;
      long outcomes = labeled > 0 ? labeled : r.<Long>getAs("scored");
      Double variance = r.getAs(labeled > 0 ? "labeled_variance" : "scored_variance");
      List<String> numeric = r.getList(r.fieldIndex("numeric"));
      List<String> categorical = r.getList(r.fieldIndex("categorical"));
      if (s.fits(outcomes) && numeric.size() + categorical.size() > 0) {
        out.add(new Candidate(
            new TenantModel(r.getAs("tenant_id"), r.getAs("model_id")),
            metric,
            outcomes,
            variance == null ? 0 : variance,
            List.copyOf(numeric),
            List.copyOf(categorical)));
      }
    }
    return out;
  }

  /**
   * Fits the model's tree on its fitting half and returns it with its leaves' error moments on both
   * halves (one aggregation); null when no row has every numeric feature.
   */
  static Fitted fit(Dataset<Row> window, Candidate c, Slices s) {
    List<Column> columns = new ArrayList<>();
    columns.add(c.metric().error().as("error"));
    columns.add(pmod(xxhash64(col("prediction_id")), lit(2L)).equalTo(0).as("fit"));
    columns.add(col("prediction_id").as("_id"));
    Column complete = col("error").isNotNull();
    for (int i = 0; i < c.numeric().size(); i++) {
      columns.add(col("features_num")
          .getItem(c.numeric().get(i))
          .cast(DataTypes.DoubleType)
          .as("n" + i));
      complete = complete.and(col("n" + i).isNotNull()).and(not(isnan(col("n" + i))));
    }
    for (int i = 0; i < c.categorical().size(); i++) {
      columns.add(
          coalesce(col("features_cat").getItem(c.categorical().get(i)), lit(SliceTree.MISSING))
              .as("c" + i));
    }
    // the model's rows laid out by ModelRows (one partition per 100,000, by prediction_id) and
    // kept for the indexer, the tree's passes and the leaf counts: each pass is then that many
    // tasks instead of one per partition of the whole window, whose scheduling was most of a
    // small model's fit (a demo profile)
    return ModelRows.fit(
        window
            .filter(col("tenant_id")
                .equalTo(c.model().tenant())
                .and(col("model_id").equalTo(c.model().model())))
            .select(columns.toArray(Column[]::new))
            .filter(complete),
        col("_id"),
        c.outcomes(),
        ROWS_PER_PARTITION,
        rows -> fitRows(rows, c, s));
  }

  private static Fitted fitRows(Dataset<Row> rows, Candidate c, Slices s) {
    List<Feature> features = new ArrayList<>();
    List<String> vector = new ArrayList<>();
    for (int i = 0; i < c.numeric().size(); i++) {
      features.add(Feature.numeric(c.numeric().get(i)));
      vector.add("n" + i);
    }
    int maxBins = 32;
    if (!c.categorical().isEmpty()) {
      String[] in = new String[c.categorical().size()];
      String[] out = new String[in.length];
      for (int i = 0; i < in.length; i++) {
        in[i] = "c" + i;
        out[i] = "ci" + i;
      }
      StringIndexerModel indexer = new StringIndexer()
          .setInputCols(in)
          .setOutputCols(out)
          .setHandleInvalid("keep")
          .setStringOrderType("alphabetAsc")
          .fit(rows);
      String[][] labels = indexer.labelsArray();
      for (int i = 0; i < in.length; i++) {
        if (labels[i].length <= MAX_CATEGORIES) {
          features.add(Feature.categorical(c.categorical().get(i), Arrays.asList(labels[i])));
          vector.add(out[i]);
          maxBins = Math.max(maxBins, labels[i].length + 1);
        }
      }
      rows = indexer.transform(rows);
    }
    if (vector.isEmpty()) {
      return null;
    }
    Dataset<Row> assembled = new VectorAssembler()
        .setInputCols(vector.toArray(String[]::new))
        .setOutputCol("features")
        .transform(rows);
    DecisionTreeRegressor learner = new DecisionTreeRegressor();
    learner.setFeaturesCol("features");
    learner.setLabelCol("error");
    learner.setLeafCol("leaf");
    learner.setMaxDepth(s.maxDepth());
    learner.setMinInstancesPerNode(s.minInstancesPerNode());
    learner.setMaxBins(maxBins);
    learner.setMinInfoGain(s.minGainShare() * c.errorVariance());
    learner.setSeed(SEED);
    DecisionTreeRegressionModel tree = learner.fit(assembled.filter(col("fit")));
    Map<Integer, Moments[]> byLeaf = new TreeMap<>();
    for (Row r : tree.transform(assembled)
        .groupBy(col("leaf"), col("fit"))
        .agg(
            count(lit(1)).as("n"),
            avg(col("error")).as("mean"),
            coalesce(var_samp(col("error")), lit(0.0)).as("var"),
            min(col("error")).as("lo"),
            max(col("error")).as("hi"))
        .collectAsList()) {
      long n = r.<Long>getAs("n");
      Moments m = Moments.of(
          n,
          r.<Double>getAs("mean"),
          n < 2 ? 0 : r.<Double>getAs("var") * (n - 1),
          r.<Double>getAs("lo"),
          r.<Double>getAs("hi"));
      Moments[] sides = byLeaf.computeIfAbsent((int) r.<Double>getAs("leaf").doubleValue(), k ->
          new Moments[] {new Moments(), new Moments()});
      sides[r.<Boolean>getAs("fit") ? 0 : 1] = m;
    }
    List<LeafErrors> leaves = new ArrayList<>();
    byLeaf.forEach((leaf, m) -> leaves.add(new LeafErrors(leaf, m[0], m[1])));
    return new Fitted(features, tree, leaves);
  }

  /**
   * The significant slices of one model, without Spark, from its pruned leaves: each with at least min-support rows, its
   * held-out errors against every other leaf's (one-sided Welch), Benjamini-Hochberg across the tested
   * leaves, kept at p_adjusted <= alpha.
   */
  static List<Found> assess(Candidate c, List<SliceTree.Pruned> pruned, Slices s) {
    List<LeafErrors> leaves = pruned.stream().map(SliceTree.Pruned::errors).toList();
    Map<Integer, Slice> slices = new TreeMap<>();
    pruned.forEach(x -> slices.put(x.slice().leaf(), x.slice()));
    Moments total = new Moments();
    leaves.forEach(l -> total.merge(l.all()));
    List<LeafErrors> tested = new ArrayList<>();
    List<WelchTTest.Result> results = new ArrayList<>();
    for (LeafErrors leaf : leaves) {
      if (leaf.all().n() < s.minSupport() || leaves.size() < 2) {
        continue;
      }
      Moments restHeldOut = new Moments();
      leaves.stream()
          .filter(o -> o.leaf() != leaf.leaf())
          .forEach(o -> restHeldOut.merge(copy(o.heldOut())));
      tested.add(leaf);
      results.add(WelchTTest.test(leaf.heldOut(), restHeldOut));
    }
    double[] p = results.stream().mapToDouble(WelchTTest.Result::pValueGreater).toArray();
    double[] adjusted = MultipleTesting.benjaminiHochberg(p);
    List<Found> found = new ArrayList<>();
    for (int i = 0; i < tested.size(); i++) {
      if (Double.isNaN(adjusted[i]) || adjusted[i] > s.alpha()) {
        continue;
      }
      LeafErrors leaf = tested.get(i);
      Moments in = leaf.all();
      Moments rest = new Moments();
      leaves.stream().filter(o -> o.leaf() != leaf.leaf()).forEach(o -> rest.merge(o.all()));
      found.add(new Found(
          c.model(),
          c.metric(),
          slices.get(leaf.leaf()),
          in.n(),
          total.n(),
          in.mean(),
          rest.mean(),
          results.get(i).t(),
          p[i],
          adjusted[i],
          tested.size()));
    }
    return found;
  }

  /** A copy of a state (merge changes its receiver). */
  private static Moments copy(Moments m) {
    return m.n() == 0 ? new Moments() : Moments.of(m.n(), m.mean(), m.m2(), m.min(), m.max());
  }
}
