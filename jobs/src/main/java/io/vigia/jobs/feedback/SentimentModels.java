package io.vigia.jobs.feedback;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.vigia.common.job.JobContext;
import io.vigia.common.job.Scope;
import io.vigia.common.job.SideBySide;
import io.vigia.common.settings.FeedbackSettings;
import io.vigia.common.settings.FeedbackSettings.SentimentModel;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sentiment learned from ratings (docs/jobs/feedback.md#sentiment-learned-from-ratings). Per tenant x
 * language x period, an MLlib pipeline (TF-IDF of word 1-grams, word 2-grams and character 3-grams,
 * plus the lexicon's text score as one more feature: stacking, so the model starts from the lexicon's
 * knowledge and learns the tenant's own words) and a logistic regression, fitted on the tenant's
 * comments rated 1-2 (negative, label 0) or 4-5 (positive, label 1) created in the lookback before the
 * period start; rating 3 is left out (it says neither). A fixed fifth of the rows (pmod(xxhash64(id), 5)
 * = 0, the same every run) is held out: the model's labels and the lexicon's text-only labels of those
 * rows are compared with the rating's by macro-F1 over negative and positive (a neutral prediction
 * counts as a miss for both), and the model is used for the tenant only when its macro-F1 is strictly
 * higher. The model analyser's text score is the model's 2 p(positive) - 1 and the lexicon's score,
 * each by its weight (4 |2 p - 1| and min(hits, 4): back-off to the lexicon where the model is unsure),
 * labelled with the same neutral band.
 *
 * <p>One fit per tenant x language with enough rows, in a loop on the driver over a persisted Dataset
 * (as {@link io.vigia.jobs.drift.ErrorSlices}: MLlib has no grouped fit); the tokens, vectors and
 * comments stay on the executors, only per-class counts and the fitted model reach the driver.
 */
public final class SentimentModels {
  private static final Logger LOG = LoggerFactory.getLogger(SentimentModels.class);
  public static final String TABLE = "feedback_sentiment_models";
  /** The lexicon's text score, the model's stacked feature (text_sentiment_score, 0 without hits). */
  static final String LEX = "sm_lex";

  /** The lexicon's hits in the comment (its weight in the back-off). */
  static final String HITS = "sm_hits";

  static final long HELD_OUT_BUCKETS = 5;
  static final int WORD_FEATURES = 1 << 12;
  static final int CHAR_FEATURES = 1 << 12;
  static final double REG_PARAM = 0.01;
  static final int MAX_ITER = 50;
  static final List<String> CLASSES = List.of("negative", "positive");

  private SentimentModels() {}

  /** A tenant x language. */
  public record Key(String tenant, String language) {}

  /** One row of feedback_sentiment_models: what was fitted and which analyser labels the period. */
  public record Choice(
      Key key,
      long rowsTrain,
      long rowsHeldOut,
      long negative,
      long positive,
      Double modelF1,
      Double lexiconF1,
      String analyser,
      String reason,
      String modelPath) {
    public boolean usesModel() {
      return "model".equals(analyser);
    }
  }

  /** A fitted model with its choice (model null when none was fitted). */
  public record Fitted(Choice choice, PipelineModel model) {}

  /**
   * The rows a model learns from and is evaluated on: processed rows with a comment in es or en and
   * a rating other than 3; label 1 for 4-5, 0 for 1-2; held_out for the fixed fifth.
   */
  public static Dataset<Row> labelled(Dataset<Row> classified) {
    return classified
        .filter(col("processing_status")
            .equalTo("processed")
            .and(col("comment").isNotNull())
            .and(col("language").isin("es", "en"))
            .and(col("rating").isNotNull())
            .and(col("rating").notEqual(3)))
        .select(
            col("id"),
            col("tenant_id"),
            col("language"),
            col("comment"),
            coalesce(col("text_sentiment_score"), lit(0.0)).as(LEX),
            coalesce(col("hits"), lit(0)).as(HITS),
            when(col("rating").geq(4), 1.0).otherwise(0.0).as("label"),
            pmod(xxhash64(col("id")), lit(HELD_OUT_BUCKETS)).equalTo(0).as("held_out"));
  }

  /**
   * The pipeline: word tokens (letters and digits, lower case) and their 2-grams, character 3-grams,
   * each hashed to term frequencies and weighted by IDF (fitted on the training rows), the lexicon's
   * score when stacked, and a binomial logistic regression (L2, regParam 0.01, standardised).
   */
  static Pipeline pipeline(boolean stacked) {
    List<PipelineStage> st = new ArrayList<>();
    st.add(new RegexTokenizer()
        .setInputCol("comment")
        .setOutputCol("sm_words")
        .setPattern("[^\\p{L}\\p{N}]+")
        .setGaps(true)
        .setToLowercase(true));
    st.add(new NGram().setN(2).setInputCol("sm_words").setOutputCol("sm_bigrams"));
    st.add(new RegexTokenizer()
        .setInputCol("comment")
        .setOutputCol("sm_chars")
        .setPattern("")
        .setGaps(true)
        .setMinTokenLength(1)
        .setToLowercase(true));
    st.add(new NGram().setN(3).setInputCol("sm_chars").setOutputCol("sm_trigrams"));
    List<String> vectors = new ArrayList<>();
    for (String[] f : new String[][] {
      {"sm_words", "" + WORD_FEATURES},
      {"sm_bigrams", "" + WORD_FEATURES},
      {"sm_trigrams", "" + CHAR_FEATURES}
    }) {
      st.add(new HashingTF()
          .setInputCol(f[0])
          .setOutputCol(f[0] + "_tf")
          .setNumFeatures(Integer.parseInt(f[1])));
      st.add(new IDF().setInputCol(f[0] + "_tf").setOutputCol(f[0] + "_tfidf"));
      vectors.add(f[0] + "_tfidf");
    }
    if (stacked) {
      vectors.add(LEX);
    }
    st.add(new VectorAssembler()
        .setInputCols(vectors.toArray(new String[0]))
        .setOutputCol("sm_features"));
    st.add(new LogisticRegression()
        .setFeaturesCol("sm_features")
        .setLabelCol("label")
        .setPredictionCol("sm_prediction")
        .setProbabilityCol("sm_probability")
        .setRawPredictionCol("sm_raw")
        .setRegParam(REG_PARAM)
        .setMaxIter(MAX_ITER));
    return new Pipeline().setStages(st.toArray(new PipelineStage[0]));
  }

  /** The model's text score: 2 p(positive) - 1 in [-1, 1]. */
  static Column modelScore() {
    return org.apache
        .spark
        .ml
        .functions
        .vector_to_array(col("sm_probability"), "float64")
        .getItem(1)
        .multiply(2)
        .minus(1);
  }

  /** The model's weight in the text score: 4 |2 p - 1| (a sure model counts as four lexicon hits). */
  static Column modelWeight() {
    return abs(modelScore()).multiply(4);
  }

  /** The lexicon's weight in the text score: min(hits, 4), as against the rating prior. */
  static Column lexiconWeight() {
    return least(col(HITS), lit(4)).cast("double");
  }

  /**
   * The model analyser's text score: the model's score and the lexicon's, each by its weight (back-off:
   * on text unlike the tenant's, where the model is unsure, the lexicon's words decide; on the tenant's
   * own words, which the lexicon does not know, the model does). 0 when neither has a say.
   */
  static Column textScore() {
    Column w = modelWeight().plus(lexiconWeight());
    return when(w.equalTo(0), lit(0.0))
        .otherwise(modelWeight()
            .multiply(modelScore())
            .plus(lexiconWeight().multiply(col(LEX)))
            .divide(w));
  }

  /** negative / neutral / positive of a score, as SentimentAnalyzer labels. */
  static Column label(Column score, double neutralBand) {
    return when(score.gt(neutralBand), "positive")
        .when(score.lt(-neutralBand), "negative")
        .otherwise("neutral");
  }

  /**
   * Macro-F1: the mean over {@code labels} of each label's F1 = 2 tp / (2 tp + fp + fn), from counts
   * per (gold, predicted) pair; a label with no gold and no prediction is left out. The one
   * implementation (the lexicon's evaluation test uses it too).
   */
  public static double macroF1(Map<List<String>, Long> goldPredCounts, List<String> labels) {
    double sum = 0;
    int n = 0;
    for (String l : labels) {
      long tp = 0;
      long fp = 0;
      long fn = 0;
      for (Map.Entry<List<String>, Long> e : goldPredCounts.entrySet()) {
        boolean gold = e.getKey().get(0).equals(l);
        boolean pred = e.getKey().get(1).equals(l);
        if (gold && pred) {
          tp += e.getValue();
        } else if (pred) {
          fp += e.getValue();
        } else if (gold) {
          fn += e.getValue();
        }
      }
      if (tp + fp + fn == 0) {
        continue;
      }
      n++;
      sum += 2.0 * tp / (2.0 * tp + fp + fn);
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * Fits and evaluates the model of every tenant x language of {@code labelled} with enough rows (the
   * others get a lexicon choice with reason too_few_rows); {@code keys} limits the fits to these
   * tenant x languages (null: all). Saves each fitted model to {@code pathOf} when non-null.
   */
  public static List<Fitted> fitAll(
      Dataset<Row> labelled,
      List<Key> keys,
      SentimentModel s,
      double neutralBand,
      boolean stacked,
      java.util.function.Function<Key, String> pathOf)
      throws IOException {
    Dataset<Row> rows = labelled.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<Key, long[]> counts =
          new TreeMap<>(java.util.Comparator.comparing(Key::tenant).thenComparing(Key::language));
      if (keys != null) {
        for (Key k : keys) {
          counts.put(k, new long[4]);
        }
      }
      for (Row r : rows.groupBy(col("tenant_id"), col("language"), col("label"), col("held_out"))
          .agg(count(lit(1)).as("n"))
          .collectAsList()) {
        Key k = new Key(r.getString(0), r.getString(1));
        if (keys != null && !counts.containsKey(k)) {
          continue;
        }
        long[] c = counts.computeIfAbsent(k, x -> new long[4]);
        long n = r.getLong(4);
        c[r.getDouble(2) > 0.5 ? 1 : 0] += n; // negative, positive
        c[r.getBoolean(3) ? 3 : 2] += n; // train, held out
      }
      // one model per tenant x language, independent: fitted side by side (in key order either way)
      return SideBySide.map(List.copyOf(counts.entrySet()), 4, "sentiment models", e -> {
        Key k = e.getKey();
        long[] c = e.getValue();
        if (c[0] + c[1] < s.minRows() || c[0] < s.minClassRows() || c[1] < s.minClassRows()) {
          return new Fitted(
              new Choice(k, c[2], c[3], c[0], c[1], null, null, "lexicon", "too_few_rows", null),
              null);
        }
        return fitOne(rows, k, c, neutralBand, stacked, pathOf);
      });
    } finally {
      rows.unpersist();
    }
  }

  private static Fitted fitOne(
      Dataset<Row> rows,
      Key k,
      long[] c,
      double neutralBand,
      boolean stacked,
      java.util.function.Function<Key, String> pathOf)
      throws IOException {
    long t0 = System.nanoTime();
    Dataset<Row> mine = rows.filter(
        col("tenant_id").equalTo(k.tenant()).and(col("language").equalTo(k.language())));
    PipelineModel model = pipeline(stacked).fit(mine.filter(col("held_out").unary_$bang()));
    double[] f1 = evaluate(model, mine.filter(col("held_out")), neutralBand);
    if (Double.isNaN(f1[0]) || Double.isNaN(f1[1])) {
      // no held-out row to judge by (a very low min-rows): the lexicon stays
      return new Fitted(
          new Choice(k, c[2], c[3], c[0], c[1], null, null, "lexicon", "too_few_rows", null), null);
    }
    boolean better = f1[0] > f1[1];
    String path = pathOf == null ? null : pathOf.apply(k);
    if (path != null) {
      model.write().overwrite().save(path);
    }
    LOG.info(
        "feedback: sentiment model {} {}: held-out macro-F1 {} vs lexicon {} ({} rows) in {} s",
        k.tenant(),
        k.language(),
        f1[0],
        f1[1],
        c[3],
        (System.nanoTime() - t0) / 1e9);
    return new Fitted(
        new Choice(
            k,
            c[2],
            c[3],
            c[0],
            c[1],
            f1[0],
            f1[1],
            better ? "model" : "lexicon",
            better ? "model_better" : "lexicon_not_worse",
            path),
        model);
  }

  /**
   * Macro-F1 over negative and positive of the model analyser (model backed off to the lexicon), of
   * the lexicon, and of the model's score alone (for the record) on {@code heldOut} (labelled rows):
   * {model, lexicon, model alone}. Only counts per (gold, model, lexicon) reach the driver.
   */
  static double[] evaluate(PipelineModel model, Dataset<Row> heldOut, double neutralBand) {
    Map<List<String>, Long> m = new HashMap<>();
    Map<List<String>, Long> l = new HashMap<>();
    Map<List<String>, Long> a = new HashMap<>();
    for (Row r : model
        .transform(heldOut)
        .select(
            when(col("label").gt(0.5), "positive").otherwise("negative").as("gold"),
            label(textScore(), neutralBand).as("model"),
            label(col(LEX), neutralBand).as("lexicon"),
            label(modelScore(), neutralBand).as("alone"))
        .groupBy("gold", "model", "lexicon", "alone")
        .agg(count(lit(1)).as("n"))
        .collectAsList()) {
      m.merge(List.of(r.getString(0), r.getString(1)), r.getLong(4), Long::sum);
      l.merge(List.of(r.getString(0), r.getString(2)), r.getLong(4), Long::sum);
      a.merge(List.of(r.getString(0), r.getString(3)), r.getLong(4), Long::sum);
    }
    return new double[] {macroF1(m, CLASSES), macroF1(l, CLASSES), macroF1(a, CLASSES)};
  }

  /**
   * The classified rows (FeedbackJob.classify's columns plus tenant_id, comment and rating) with the
   * processed comments of each tenant x language in {@code models} labelled by its model: the text
   * score becomes {@link #textScore()} (the model's 2 p - 1 backed off to the lexicon's), whose weight
   * against the rating prior is min(4, 4 |2 p - 1| + min(hits, 4)), and the label follows from the
   * combined score as for the lexicon. Other rows are unchanged. Columns keep their order.
   */
  public static Dataset<Row> relabel(
      Dataset<Row> classified,
      Map<Key, PipelineModel> models,
      double priorWeight,
      double neutralBand) {
    if (models.isEmpty()) {
      return classified;
    }
    String[] cols = classified.columns();
    Column anyModel = lit(false);
    Dataset<Row> out = null;
    for (Map.Entry<Key, PipelineModel> e : models.entrySet()) {
      Column mine = col("tenant_id")
          .equalTo(e.getKey().tenant())
          .and(col("language").equalTo(e.getKey().language()))
          .and(col("processing_status").equalTo("processed"))
          .and(col("comment").isNotNull());
      anyModel = anyModel.or(mine);
      Dataset<Row> scored = e.getValue()
          .transform(classified
              .filter(mine)
              .withColumn(LEX, coalesce(col("text_sentiment_score"), lit(0.0)))
              .withColumn(HITS, coalesce(col("hits"), lit(0))))
          .withColumn("sm_t", textScore())
          .withColumn("sm_h", least(lit(4.0), modelWeight().plus(lexiconWeight())));
      Column t = col("sm_t");
      Column h = col("sm_h");
      Column prior = col("rating").minus(3).divide(2.0);
      Column combined = when(col("rating").isNull(), t)
          .when(h.plus(priorWeight).equalTo(0), t)
          .otherwise(prior.multiply(priorWeight).plus(h.multiply(t)).divide(h.plus(priorWeight)));
      Column score = greatest(lit(-1.0), least(lit(1.0), combined));
      List<Column> sel = new ArrayList<>();
      for (String c : cols) {
        sel.add(
            switch (c) {
              case "text_sentiment_score" -> t.as(c);
              case "sentiment_score" -> score.as(c);
              case "sentiment" -> label(score, neutralBand).as(c);
              default -> col(c);
            });
      }
      Dataset<Row> part = scored.select(sel.toArray(new Column[0]));
      out = out == null ? part : out.unionByName(part);
    }
    return out.unionByName(classified.filter(coalesce(anyModel, lit(false)).unary_$bang()));
  }

  /** What a run found or fitted: the choices of its tenant x languages and the models it uses. */
  public record ForRun(
      LocalDate periodStart,
      String version,
      List<Choice> choices,
      Map<Key, PipelineModel> models,
      long staged) {
    /** "t001 es: model (0.93 vs lexicon 0.90); t002 en: lexicon (too_few_rows)". */
    public String message() {
      StringBuilder b = new StringBuilder();
      for (Choice c : choices) {
        b.append(b.length() == 0 ? "" : "; ")
            .append(c.key().tenant())
            .append(' ')
            .append(c.key().language())
            .append(": ")
            .append(c.analyser());
        if (c.modelF1() != null) {
          b.append(String.format(
              java.util.Locale.ROOT, " (%.3f vs lexicon %.3f)", c.modelF1(), c.lexiconF1()));
        } else {
          b.append(" (").append(c.reason()).append(')');
        }
      }
      return "sentiment models " + version + ": " + (b.length() == 0 ? "none" : b.toString());
    }
  }

  /**
   * The models of the run's period for the tenant x languages of {@code classified} (the run's
   * processed rows with a comment): those registered in feedback_sentiment_models for the period are
   * re-used (their saved model loaded), the others are fitted once on the rated comments created in
   * [period start - lookback, period start) and registered (staged with the run's results).
   */
  static ForRun forRun(JobContext ctx, SentimentAnalyzer analyzer, Dataset<Row> classified)
      throws SQLException, IOException {
    FeedbackSettings f = ctx.settings().feedback();
    SentimentModel s = f.sentimentModel();
    LocalDate p = s.period().ofRun(ctx.window().end());
    String version = s.period().version(p);
    Instant start = p.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = s.period().end(p).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant from = p.minus(s.lookback()).atStartOfDay(ZoneOffset.UTC).toInstant();
    List<Key> needed = new ArrayList<>();
    for (Row r : classified
        .filter(col("processing_status")
            .equalTo("processed")
            .and(col("comment").isNotNull())
            .and(col("language").isin("es", "en")))
        .select(col("tenant_id"), col("language"))
        .distinct()
        .orderBy("tenant_id", "language")
        .collectAsList()) {
      needed.add(new Key(r.getString(0), r.getString(1)));
    }
    Map<Key, Choice> registered = registered(ctx, start);
    List<Choice> choices = new ArrayList<>();
    Map<Key, PipelineModel> models = new LinkedHashMap<>();
    List<Key> toFit = new ArrayList<>();
    for (Key k : needed) {
      Choice c = registered.get(k);
      if (c == null) {
        toFit.add(k);
      } else {
        choices.add(c);
        if (c.usesModel()) {
          models.put(k, PipelineModel.load(c.modelPath()));
        }
      }
    }
    long staged = 0;
    if (!toFit.isEmpty()) {
      ctx.describe("fit sentiment models " + version);
      Dataset<Row> rated =
          FeedbackJob.classify(FeedbackJob.readRated(ctx, from, start), analyzer, Instant.EPOCH, 0);
      List<Fitted> fitted = fitAll(
          labelled(rated),
          toFit,
          s,
          f.neutralBand(),
          true,
          k -> ctx.lake(
              "models", "sentiment", "tenant=" + k.tenant(), "language=" + k.language(), version));
      List<Row> rows = new ArrayList<>();
      for (Fitted x : fitted) {
        Choice c = x.choice();
        choices.add(c);
        if (c.usesModel()) {
          models.put(c.key(), x.model());
        }
        rows.add(RowFactory.create(
            c.key().tenant(),
            c.key().language(),
            Timestamp.from(start),
            Timestamp.from(end),
            version,
            Timestamp.from(from),
            Timestamp.from(start),
            c.rowsTrain(),
            c.rowsHeldOut(),
            c.negative(),
            c.positive(),
            c.modelF1(),
            c.lexiconF1(),
            c.analyser(),
            c.reason(),
            c.modelPath(),
            Timestamp.from(ctx.clock().instant())));
      }
      StructType schema = new StructType()
          .add("tenant_id", DataTypes.StringType)
          .add("language", DataTypes.StringType)
          .add("period_start", DataTypes.TimestampType)
          .add("period_end", DataTypes.TimestampType)
          .add("version", DataTypes.StringType)
          .add("train_from", DataTypes.TimestampType)
          .add("train_to", DataTypes.TimestampType)
          .add("rows_train", DataTypes.LongType)
          .add("rows_heldout", DataTypes.LongType)
          .add("negative_rows", DataTypes.LongType)
          .add("positive_rows", DataTypes.LongType)
          .add("model_f1", DataTypes.DoubleType)
          .add("lexicon_f1", DataTypes.DoubleType)
          .add("analyser", DataTypes.StringType)
          .add("reason", DataTypes.StringType)
          .add("model_path", DataTypes.StringType)
          .add("computed_at", DataTypes.TimestampType);
      staged = ctx.writer()
          .upsert(
              TABLE,
              ctx.spark().createDataFrame(rows, schema).coalesce(1),
              new Scope("period_start = ?", List.of(Timestamp.from(start))),
              List.of("tenant_id", "language", "period_start"),
              List.of(),
              Scope.NO_ROW);
    }
    return new ForRun(p, version, choices, models, staged);
  }

  /** The period's registered choices (driver query, bound parameters). */
  private static Map<Key, Choice> registered(JobContext ctx, Instant periodStart)
      throws SQLException {
    Map<Key, Choice> out = new HashMap<>();
    String sql =
        "SELECT tenant_id, language, rows_train, rows_heldout, negative_rows, positive_rows,"
            + " model_f1, lexicon_f1, analyser, reason, model_path FROM " + TABLE
            + " WHERE period_start = ?" + (ctx.tenant().isPresent() ? " AND tenant_id = ?" : "");
    try (Connection c = ctx.db().connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(periodStart));
      if (ctx.tenant().isPresent()) {
        ps.setString(2, ctx.tenant().get());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Key k = new Key(rs.getString(1), rs.getString(2));
          out.put(
              k,
              new Choice(
                  k,
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getLong(6),
                  (Double) rs.getObject(7),
                  (Double) rs.getObject(8),
                  rs.getString(9),
                  rs.getString(10),
                  rs.getString(11)));
        }
      }
    }
    return out;
  }
}
