package io.vigia.jobs.feedback;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.vigia.common.job.SideBySide;
import io.vigia.common.settings.FeedbackSettings.ThemeAlgorithm;
import io.vigia.common.settings.FeedbackSettings.Themes;
import io.vigia.common.spark.ModelRows;
import io.vigia.common.stats.ChiSquared;
import io.vigia.common.stats.MultipleTesting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.clustering.BisectingKMeans;
import org.apache.spark.ml.clustering.BisectingKMeansModel;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feedback themes (docs/jobs/feedback-themes.md): the negative sanitized comments of each tenant x model
 * over the run's period (side 1) and the period of the same length before it (side 0) are grouped into
 * themes by one MLlib fit over both periods, so a theme is the same group of comments in both, and its
 * share of each period's negative comments can be compared.
 *
 * <p>Text to vectors: {@link RegexTokenizer} (lower case, runs of at least three letters: digits, masks
 * and punctuation left by the privacy scan are not terms), {@link StopWordsRemover} with MLlib's Spanish
 * and English lists together (a tenant's comments mix both), {@link CountVectorizer} fitted per tenant x
 * model (vocabulary-size, min-doc-frequency), {@link IDF}. Themes: {@link KMeans} with the cosine
 * distance on the TF-IDF vectors (spherical k-means: one theme per comment; top terms = the heaviest
 * weights of its centre), or {@link LDA} (online) on the term counts (a comment's theme = its most likely
 * topic; top terms = the topic's). k = {@link #themeCount}.
 *
 * <p>Trend: for each theme with at least min-theme-comments comments in the period, the 2 x 2 table
 * (theme vs the model's other negative comments) x (previous period vs this one) is tested with
 * {@link ChiSquared#homogeneity} (Yates-corrected, two-sided), the p-values adjusted across the model's
 * tested themes ({@link MultipleTesting#benjaminiHochberg}); adjusted p at most alpha: rising when the
 * share grew, falling when it shrank; otherwise stable.
 *
 * <p>One fit per tenant x model, from {@link #FITS_SIDE_BY_SIDE} driver threads ({@link SideBySide}, as
 * the error slices: MLlib has no grouped fit, and a small fit is mostly driver-side work). The negative rows with terms are persisted once; each model's rows are
 * laid out by {@link ModelRows} (hash-partitioned by id, one partition per {@link #ROWS_PER_PARTITION}
 * comments, sorted by id), so the same rows give the same themes for a seed whatever the cluster, and a
 * small model's fit is not spread over many near-empty tasks (MLlib runs a Spark job per iteration);
 * each model's vectors are persisted for its iterations. Only the vocabulary, the centres or topics and per-theme counts and example ids reach
 * the driver, never a comment.
 */
public final class FeedbackThemes {
  private static final Logger LOG = LoggerFactory.getLogger(FeedbackThemes.class);
  /** Models fitted at once (driver threads; each fit's tasks share the executors). */
  static final int FITS_SIDE_BY_SIDE = 4;
  /** A model's rows get one partition per this many comments. */
  static final long ROWS_PER_PARTITION = 10_000;
  /** Terms: runs of three or more letters. */
  static final String TERM = "\\p{L}{3,}";

  private FeedbackThemes() {}

  /** A theme of a tenant x model: its terms, its comments per period, its trend. */
  public record Theme(
      String tenant,
      String model,
      int theme,
      ThemeAlgorithm algorithm,
      List<String> terms,
      List<Double> weights,
      long count,
      long negatives,
      long previousCount,
      long previousNegatives,
      Double chiSquared,
      Double pValue,
      Double pAdjusted,
      String trend,
      List<Long> examples,
      Map<String, Long> languages) {
    public double share() {
      return negatives == 0 ? 0 : (double) count / negatives;
    }

    public double previousShare() {
      return previousNegatives == 0 ? 0 : (double) previousCount / previousNegatives;
    }

    /** this period's share over the previous one's; null when the theme had no comment before. */
    public Double shareRatio() {
      return previousCount == 0 ? null : share() / previousShare();
    }

    public boolean rising() {
      return "rising".equals(trend);
    }

    public String termsText() {
      return String.join(", ", terms);
    }
  }

  /** MLlib's Spanish and English stop words, lower case, together. */
  static String[] stopWords() {
    Set<String> words = new LinkedHashSet<>();
    for (String lang : List.of("spanish", "english")) {
      for (String w : StopWordsRemover.loadDefaultStopWords(lang)) {
        words.add(w.toLowerCase(Locale.ROOT));
      }
    }
    return words.toArray(String[]::new);
  }

  /**
   * The comments as terms: tenant_id, model_id, id, side, language, terms (array). Stateless transforms,
   * on the executors.
   */
  static Dataset<Row> terms(Dataset<Row> negatives) {
    RegexTokenizer tokenizer = new RegexTokenizer()
        .setInputCol("comment")
        .setOutputCol("tokens")
        .setGaps(false)
        .setPattern(TERM)
        .setToLowercase(true);
    StopWordsRemover stop = new StopWordsRemover()
        .setInputCol("tokens")
        .setOutputCol("terms")
        .setStopWords(stopWords())
        .setCaseSensitive(false)
        .setLocale("en");
    return stop.transform(tokenizer.transform(negatives.filter(col("comment").isNotNull())))
        .select(
            col("tenant_id"),
            col("model_id"),
            col("id"),
            col("side"),
            col("language"),
            col("terms"));
  }

  /**
   * The themes of every tenant x model with at least min-comments negative comments with terms over
   * both periods. {@code negatives}: tenant_id, model_id, id (bigint), comment (sanitized), language
   * (nullable), side (0 previous period, 1 this period).
   */
  public static List<Theme> find(Dataset<Row> negatives, Themes s) {
    long started = System.nanoTime();
    Dataset<Row> rows =
        terms(negatives).filter(size(col("terms")).gt(0)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Row> models = rows.groupBy(col("tenant_id"), col("model_id"))
          .agg(
              count(lit(1)).as("n"),
              sum(when(col("side").equalTo(1), 1L).otherwise(0L)).as("current"))
          .filter(col("n").geq(s.minComments()).and(col("current").gt(0)))
          .orderBy(col("tenant_id"), col("model_id"))
          .collectAsList();
      // one fit per model, independent: side by side (a small fit is mostly driver-side work), the
      // themes in model order either way
      List<Theme> out = new ArrayList<>();
      SideBySide.map(
              models,
              FITS_SIDE_BY_SIDE,
              "feedback themes",
              m -> fit(rows, m.getString(0), m.getString(1), m.getLong(2), s))
          .forEach(out::addAll);
      LOG.info(
          "feedback themes: {} models fitted ({}), {} themes, {} rising, in {} s",
          models.size(),
          s.algorithm().wire(),
          out.size(),
          out.stream().filter(Theme::rising).count(),
          String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
      return out;
    } finally {
      rows.unpersist();
    }
  }

  /** One tenant x model: vectors, the fit, each comment's theme, counts per theme and period, the tests. */
  static List<Theme> fit(Dataset<Row> rows, String tenant, String model, long n, Themes s) {
    return ModelRows.fit(
        rows.filter(col("tenant_id").equalTo(lit(tenant)).and(col("model_id").equalTo(lit(model)))),
        col("id"),
        n,
        ROWS_PER_PARTITION,
        mine -> fitModel(mine, tenant, model, n, s));
  }

  /** {@link #fit} on the model's partitioned rows. */
  private static List<Theme> fitModel(
      Dataset<Row> mine, String tenant, String model, long n, Themes s) {
    CountVectorizerModel cv = new CountVectorizer()
        .setInputCol("terms")
        .setOutputCol("tf")
        .setVocabSize(s.vocabularySize())
        .setMinDF(Math.min(s.minDocFrequency(), Math.max(1, n / 10)))
        .fit(mine);
    String[] vocabulary = cv.vocabulary();
    if (vocabulary.length < 2) {
      return List.of();
    }
    Dataset<Row> tf = cv.transform(mine);
    Dataset<Row> vectors = new IDF()
        .setInputCol("tf")
        .setOutputCol("tfidf")
        .fit(tf)
        .transform(tf)
        .filter(exists(
            org.apache.spark.ml.functions.vector_to_array(col("tfidf"), "float64"),
            x -> x.notEqual(0)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      int k = themeCount(n, s);
      Dataset<Row> assigned;
      List<List<Integer>> topIndices = new ArrayList<>();
      List<List<Double>> topWeights = new ArrayList<>();
      if (s.algorithm() != ThemeAlgorithm.LDA) {
        // KMeans and BisectingKMeans share their parameters' names
        Estimator<?> estimator =
            s.algorithm() == ThemeAlgorithm.KMEANS ? new KMeans() : new BisectingKMeans();
        ParamMap params = new ParamMap()
            .put(estimator.getParam("k"), k)
            .put(estimator.getParam("seed"), s.seed())
            .put(estimator.getParam("maxIter"), s.maxIterations())
            .put(estimator.getParam("distanceMeasure"), "cosine")
            .put(estimator.getParam("featuresCol"), "tfidf")
            .put(estimator.getParam("predictionCol"), "cluster");
        Model<?> fitted = estimator.fit(vectors, params);
        Vector[] centres = fitted instanceof KMeansModel km
            ? km.clusterCenters()
            : ((BisectingKMeansModel) fitted).clusterCenters();
        for (Vector c : centres) {
          top(c.toArray(), s.topTerms(), topIndices, topWeights);
        }
        k = centres.length;
        assigned = fitted.transform(vectors);
      } else {
        LDAModel lda = new LDA()
            .setK(k)
            .setSeed(s.seed())
            .setMaxIter(s.maxIterations())
            .setOptimizer("online")
            .setFeaturesCol("tf")
            .setTopicDistributionCol("topics")
            .fit(vectors);
        double[] m = lda.topicsMatrix().toArray(); // vocabulary x k, column-major
        int v = lda.vocabSize();
        for (int t = 0; t < k; t++) {
          top(Arrays.copyOfRange(m, t * v, (t + 1) * v), s.topTerms(), topIndices, topWeights);
        }
        Column dist = org.apache.spark.ml.functions.vector_to_array(col("topics"), "float64");
        assigned = lda.transform(vectors)
            .withColumn(
                "cluster", array_position(dist, array_max(dist)).minus(1).cast("int"));
      }
      return themes(tenant, model, k, vocabulary, topIndices, topWeights, assigned, s);
    } finally {
      vectors.unpersist();
    }
  }

  /**
   * k for a model with n comments: at most themes, at most n / min-theme-comments (a theme should be
   * testable), at most sqrt(n / 2) (the usual rule of thumb: fewer comments, coarser themes, so that a
   * theme of a small model is not cut into pieces too small to test), at least 2.
   */
  static int themeCount(long n, Themes s) {
    long byTest = n / Math.max(1, s.minThemeComments());
    long bySize = Math.round(Math.sqrt(n / 2.0));
    return (int) Math.max(2, Math.min(s.themes(), Math.min(byTest, bySize)));
  }

  /** The heaviest n weights of a centre or topic, heaviest first (ties: lower term index first). */
  private static void top(
      double[] w, int n, List<List<Integer>> indices, List<List<Double>> weights) {
    Integer[] order = new Integer[w.length];
    for (int i = 0; i < w.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -w[i]).thenComparing(i -> i));
    List<Integer> idx = new ArrayList<>();
    List<Double> wt = new ArrayList<>();
    for (int i = 0; i < Math.min(n, w.length) && w[order[i]] > 0; i++) {
      idx.add(order[i]);
      wt.add(w[order[i]]);
    }
    indices.add(idx);
    weights.add(wt);
  }

  /** Counts per theme and period (one aggregation), example ids (one more), then the tests on the driver. */
  private static List<Theme> themes(
      String tenant,
      String model,
      int k,
      String[] vocabulary,
      List<List<Integer>> topIndices,
      List<List<Double>> topWeights,
      Dataset<Row> assigned,
      Themes s) {
    long[][] counts = new long[2][k];
    List<Map<String, Long>> languages = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      languages.add(new TreeMap<>());
    }
    for (Row r : assigned
        .groupBy(
            col("cluster"),
            col("side"),
            coalesce(col("language"), lit("unknown")).as("lang"))
        .agg(count(lit(1)).as("n"))
        .collectAsList()) {
      int t = r.getInt(0);
      int side = ((Number) r.get(1)).intValue();
      counts[side][t] += r.getLong(3);
      if (side == 1) {
        languages.get(t).merge(r.getString(2), r.getLong(3), Long::sum);
      }
    }
    List<List<Long>> examples = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      examples.add(new ArrayList<>());
    }
    if (s.examples() > 0) {
      WindowSpec w = org.apache.spark.sql.expressions.Window.partitionBy(col("cluster"))
          .orderBy(xxhash64(col("id")), col("id"));
      for (Row r : assigned
          .filter(col("side").equalTo(1))
          .select(col("cluster"), col("id"), row_number().over(w).as("rk"))
          .filter(col("rk").leq(s.examples()))
          .groupBy(col("cluster"))
          .agg(sort_array(collect_list(struct(col("rk"), col("id")))).as("ids"))
          .collectAsList()) {
        for (Row e : r.<Row>getList(1)) {
          examples.get(r.getInt(0)).add(e.getLong(1));
        }
      }
    }
    long negatives = Arrays.stream(counts[1]).sum();
    long previousNegatives = Arrays.stream(counts[0]).sum();
    // the tests: themes with enough comments in the period, against a previous period with comments
    List<Integer> tested = new ArrayList<>();
    List<ChiSquared.Result> results = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      if (counts[1][t] >= s.minThemeComments() && previousNegatives > 0) {
        tested.add(t);
        results.add(ChiSquared.homogeneity(
            new long[] {counts[0][t], previousNegatives - counts[0][t]},
            new long[] {counts[1][t], negatives - counts[1][t]}));
      }
    }
    double[] adjusted = MultipleTesting.benjaminiHochberg(
        results.stream().mapToDouble(ChiSquared.Result::pValue).toArray());
    // themes numbered by their comments in the period, largest first (ties: the fit's order)
    Integer[] order = new Integer[k];
    for (int t = 0; t < k; t++) {
      order[t] = t;
    }
    Arrays.sort(order, Comparator.<Integer>comparingLong(t -> -counts[1][t]).thenComparing(t -> t));
    List<Theme> out = new ArrayList<>();
    int number = 0;
    for (int t : order) {
      if (counts[1][t] == 0 && counts[0][t] == 0) {
        continue;
      }
      int i = tested.indexOf(t);
      Double chi = null;
      Double p = null;
      Double padj = null;
      String trend = "stable";
      if (i >= 0 && !Double.isNaN(adjusted[i])) {
        chi = results.get(i).statistic();
        p = results.get(i).pValue();
        padj = adjusted[i];
        double share = (double) counts[1][t] / negatives;
        double before = (double) counts[0][t] / previousNegatives;
        if (padj <= s.alpha()) {
          trend = share > before ? "rising" : share < before ? "falling" : "stable";
        }
      }
      List<String> terms = new ArrayList<>();
      topIndices.get(t).forEach(x -> terms.add(vocabulary[x]));
      out.add(new Theme(
          tenant,
          model,
          number++,
          s.algorithm(),
          List.copyOf(terms),
          List.copyOf(topWeights.get(t)),
          counts[1][t],
          negatives,
          counts[0][t],
          previousNegatives,
          chi,
          p,
          padj,
          trend,
          List.copyOf(examples.get(t)),
          java.util.Collections.unmodifiableMap(languages.get(t))));
    }
    return out;
  }
}
